#!/usr/bin/env python3
"""moto's server on 127.0.0.1 checking signatures, with the AWS resources the tests decrypt and read.

    <venv>/bin/python moto_server.py --dir DIR

Run with the Python of a venv that has moto[server] and boto3 (tests/support/moto_venv.cmake makes
it). Sets INITIAL_NO_AUTH_ACTION_COUNT=3 before moto loads, so the first three actions (create an
IAM user, give it a policy, create its access key) are not authenticated and every request after
them is: SigV4 checked against that user's key. With the user's key it then creates a KMS key,
encrypts the webhook URL (without https://, as the Lambda blueprint stores it) under the
encryption context {"LambdaFunctionName": "alarm-to-slack"}, a Secrets Manager secret holding the
URL, one holding {"url": URL}, and a SecureString parameter. Writes all of that (keys included:
they exist only in this server) to DIR/moto-setup.json, prints {"port": N, "ca": null} and serves
until its standard input closes (the slack_server.py convention).
"""
import argparse
import base64
import json
import logging
import os
import sys

os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import boto3  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

REGION = "us-east-1"
URL = "https://hooks.slack.com/services/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d"
CONTEXT = {"LambdaFunctionName": "alarm-to-slack"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request on stderr
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server.get_host_and_port()[1]
    endpoint = "http://127.0.0.1:%d" % port

    def client(service, **keys):
        return boto3.client(service, region_name=REGION, endpoint_url=endpoint, **keys)

    bootstrap = {"aws_access_key_id": "AKIABOOTSTRAP0000000", "aws_secret_access_key": "bootstrap"}
    iam = client("iam", **bootstrap)
    iam.create_user(UserName="alarmbridge-test")                                          # 1
    iam.put_user_policy(UserName="alarmbridge-test", PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))  # 2
    key = iam.create_access_key(UserName="alarmbridge-test")["AccessKey"]                 # 3
    user = {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}

    kms = client("kms", **user)
    kms_key = kms.create_key(Description="alarmbridge test")["KeyMetadata"]
    blob = kms.encrypt(KeyId=kms_key["KeyId"], Plaintext=URL[len("https://"):].encode(), EncryptionContext=CONTEXT)["CiphertextBlob"]
    sm = client("secretsmanager", **user)
    plain_secret = sm.create_secret(Name="alarmbridge/webhook", SecretString=URL)
    json_secret = sm.create_secret(Name="alarmbridge/webhook-json", SecretString=json.dumps({"url": URL}))
    ssm = client("ssm", **user)
    ssm.put_parameter(Name="/alarmbridge/webhook", Value=URL, Type="SecureString")

    setup = {
        "port": port,
        "region": REGION,
        "access_key_id": key["AccessKeyId"],
        "secret_access_key": key["SecretAccessKey"],
        "key_arn": kms_key["Arn"],
        "ciphertext": base64.b64encode(blob).decode(),
        "plaintext": URL[len("https://"):],
        "url": URL,
        "secret_arn": plain_secret["ARN"],
        "json_secret_arn": json_secret["ARN"],
        "parameter": "/alarmbridge/webhook",
    }
    path = os.path.join(args.dir, "moto-setup.json")
    with open(path, "w") as f:
        json.dump(setup, f)
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
