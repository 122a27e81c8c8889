#!/usr/bin/env python3
"""Makes an Auto Scaling group in moto's server (tests/support/moto_server.py): moto launches its
instances with the tag aws:autoscaling:groupName, as Auto Scaling does.

    AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... <venv>/bin/python moto_auto_scaling_group.py ENDPOINT REGION NAME SIZE

Prints the group's instance ids as a JSON list.
"""
import json
import sys

import boto3


def main():
    endpoint, region, name, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    autoscaling = boto3.client("autoscaling", region_name=region, endpoint_url=endpoint)
    autoscaling.create_launch_configuration(LaunchConfigurationName=name, ImageId="ami-12c6146b", InstanceType="t2.micro")
    autoscaling.create_auto_scaling_group(AutoScalingGroupName=name, LaunchConfigurationName=name, MinSize=size,
                                          MaxSize=size, DesiredCapacity=size, AvailabilityZones=[region + "a"])
    group = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]
    print(json.dumps(sorted(i["InstanceId"] for i in group["Instances"])))


if __name__ == "__main__":
    main()
