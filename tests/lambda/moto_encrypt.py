#!/usr/bin/env python3
"""Encrypts a webhook URL with moto's KMS as a Lambda deployment stores it (kmsEncryptedHookUrl).

    <venv>/bin/python moto_encrypt.py --setup DIR/moto-setup.json --function NAME --url URL

Uses the key and the IAM user of tests/support/moto_server.py's setup; the plaintext is the URL
without "https://" (the blueprint's form) when it starts with it, the encryption context
{"LambdaFunctionName": NAME}. Prints the base64 CiphertextBlob.
"""
import argparse
import base64
import json

import boto3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--setup", required=True)
    p.add_argument("--function", required=True)
    p.add_argument("--url", required=True)
    a = p.parse_args()
    with open(a.setup) as f:
        s = json.load(f)
    kms = boto3.client("kms", region_name=s["region"], endpoint_url="http://127.0.0.1:%d" % s["port"],
                       aws_access_key_id=s["access_key_id"], aws_secret_access_key=s["secret_access_key"])
    plaintext = a.url[len("https://"):] if a.url.startswith("https://") else a.url
    blob = kms.encrypt(KeyId=s["key_arn"], Plaintext=plaintext.encode(),
                       EncryptionContext={"LambdaFunctionName": a.function})["CiphertextBlob"]
    print(base64.b64encode(blob).decode())


if __name__ == "__main__":
    main()
