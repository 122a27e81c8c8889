#!/usr/bin/env python3
"""Stores a webhook URL in moto the three ways deployments keep it, as a deployer would with boto3.

    <venv>/bin/python store_webhook_url.py --endpoint URL --region R --key-id ARN \
        --function-name NAME --name NAME  < url

Reads the URL from standard input (never from the command line: it is the secret under test) and,
with the credentials of the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY):
- encrypts it without its scheme under the KMS key with the encryption context
  {"LambdaFunctionName": NAME}, as the Lambda blueprint's console steps do;
- creates a Secrets Manager secret and a SecureString parameter named after --name holding it.
Prints {"ciphertext": base64, "secret_arn": ARN, "parameter": name} on one line.
"""
import argparse
import base64
import json
import sys

import boto3


def main():
    parser = argparse.ArgumentParser()
    for option in ("--endpoint", "--region", "--key-id", "--function-name", "--name"):
        parser.add_argument(option, required=True)
    args = parser.parse_args()
    url = sys.stdin.readline().strip()

    def client(service):
        return boto3.client(service, region_name=args.region, endpoint_url=args.endpoint)

    plaintext = url.split("://", 1)[1] if "://" in url else url
    blob = client("kms").encrypt(KeyId=args.key_id, Plaintext=plaintext.encode(),
                                 EncryptionContext={"LambdaFunctionName": args.function_name})["CiphertextBlob"]
    secret = client("secretsmanager").create_secret(Name="alarmbridge/" + args.name, SecretString=url)
    parameter = "/alarmbridge/" + args.name
    client("ssm").put_parameter(Name=parameter, Value=url, Type="SecureString")
    print(json.dumps({"ciphertext": base64.b64encode(blob).decode(), "secret_arn": secret["ARN"],
                      "parameter": parameter}), flush=True)


if __name__ == "__main__":
    main()
