#!/usr/bin/env python3
"""moto's server on 127.0.0.1 with what the remediation tests need: the project's SSM document
(deploy/ssm/alarmbridge-RestartService.json) created in ap-northeast-2 (the seed alarm's region)
and a DynamoDB table for the guardrails (key "pk", TTL on "expires_at") in us-east-1.

    <venv>/bin/python moto_remediate_server.py --dir DIR

Run with the Python of the moto venv (tests/support/moto_venv.cmake). Writes {"port", "table",
"document"} to DIR/moto-setup.json (tests/support/moto_process.hpp reads it), prints
{"port": N, "ca": null} and serves until its standard input closes.
"""
import argparse
import json
import logging
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import boto3  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DOCUMENT = os.path.join(HERE, "..", "..", "deploy", "ssm", "alarmbridge-RestartService.json")
TABLE = "alarmbridge-remediation"
KEYS = {"aws_access_key_id": "AKIAREMEDIATETEST000", "aws_secret_access_key": "remediate-test-secret"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server.get_host_and_port()[1]
    endpoint = "http://127.0.0.1:%d" % port

    with open(DOCUMENT) as f:
        content = f.read()
    for region in ("ap-northeast-2", "us-east-1"):
        ssm = boto3.client("ssm", region_name=region, endpoint_url=endpoint, **KEYS)
        ssm.create_document(Content=content, Name="alarmbridge-RestartService", DocumentType="Command",
                            DocumentFormat="JSON")
    ddb = boto3.client("dynamodb", region_name="us-east-1", endpoint_url=endpoint, **KEYS)
    ddb.create_table(TableName=TABLE, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    ddb.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"})

    path = os.path.join(args.dir, "moto-setup.json")
    with open(path, "w") as f:
        json.dump({"port": port, "table": TABLE, "document": "alarmbridge-RestartService"}, f)
    print(json.dumps({"port": port, "ca": None}), flush=True)
    try:
        while sys.stdin.buffer.read(1):
            pass
    except (KeyboardInterrupt, OSError):
        pass
    server.stop()
    os.remove(path)


if __name__ == "__main__":
    main()
