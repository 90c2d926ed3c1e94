"""Creates the backup's S3 user on moto_server (started with INITIAL_NO_AUTH_ACTION_COUNT, so after these
calls it checks every request's signature against the users it knows) and prints its access key id and
secret key. Run with the s3-venv's python (boto3 comes with moto).
Usage: s3_user.py ENDPOINT CA_FILE"""

import json
import sys

import boto3

endpoint, ca = sys.argv[1], sys.argv[2]
iam = boto3.client(
    "iam",
    endpoint_url=endpoint,
    verify=ca,
    region_name="us-east-1",
    aws_access_key_id="bootstrap",
    aws_secret_access_key="bootstrap",
)
iam.create_user(UserName="vereint-backup")
policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
iam.put_user_policy(UserName="vereint-backup", PolicyName="s3", PolicyDocument=json.dumps(policy))
key = iam.create_access_key(UserName="vereint-backup")["AccessKey"]
print(key["AccessKeyId"], key["SecretAccessKey"])
