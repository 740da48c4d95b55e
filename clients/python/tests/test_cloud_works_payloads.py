"""client.cw turns anaplan-sdk-shaped dicts into CloudWorksService messages."""

import json

import pytest

from anaplan.v1 import cloud_works_pb2
from anaplan_grpc.cloud_works import _notification_input, connection_payload


def test_connection_payload_per_type():
    s3 = connection_payload({"type": "AmazonS3", "body": {
        "name": "n", "accessKeyId": "a", "secretAccessKey": "s", "bucketName": "b"}})
    assert s3.WhichOneof("body") == "amazon_s3"
    assert (s3.amazon_s3.access_key_id, s3.amazon_s3.bucket_name) == ("a", "b")
    az = connection_payload({"type": "AzureBlob", "body": {
        "name": "n", "storageAccountName": "acct", "containerName": "c", "sasToken": "t",
        "auth_method": "SAS-based"}})
    assert az.azure_blob.auth_method == "SAS-based"
    bq = connection_payload({"type": "GoogleBigQuery", "body": {
        "name": "n", "dataset": "d", "serviceAccountKey": {"type": "service_account"}}})
    assert json.loads(bq.google_big_query.service_account_key_json) == {
        "type": "service_account"}


def test_bare_body_needs_a_type():
    assert connection_payload({"name": "x"}, "AzureBlob").azure_blob.name == "x"
    with pytest.raises(ValueError, match="connection type"):
        connection_payload({"type": "Snowflake", "body": {}})


def test_notification_rules_are_unnested():
    msg = _notification_input({"integrationIds": ["i"], "channels": ["email"],
                               "notifications": {"config": [
                                   {"type": "success", "users": ["u"]}]}})
    assert isinstance(msg, cloud_works_pb2.NotificationInput)
    assert (msg.config[0].type, list(msg.config[0].users)) == ("success", ["u"])
