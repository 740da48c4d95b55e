"""CloudWorks inputs as anaplan-sdk (and the CloudWorks API) write them,
e.g. ``{"type": "AmazonS3", "body": {"name": ..., "bucketName": ...}}`` for a
connection, turned into CloudWorksService messages (pure, no I/O)."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, Mapping, Optional, Tuple, Type, TypeVar, Union, cast

import grpc
from google.protobuf import json_format
from google.protobuf.message import Message

from anaplan.v1 import cloud_works_pb2 as cw_pb2

_M = TypeVar("_M", bound=Message)

#: A JSON object as anaplan-sdk (and the CloudWorks API) writes it.
JsonObject = Mapping[str, Any]

#: connection type -> (ConnectionPayload oneof field, its message class)
_CONNECTION_FIELDS: Dict[str, Tuple[str, Type[Message]]] = {
    "AmazonS3": ("amazon_s3", cw_pb2.AmazonS3Connection),
    "AzureBlob": ("azure_blob", cw_pb2.AzureBlobConnection),
    "GoogleBigQuery": ("google_big_query", cw_pb2.GoogleBigQueryConnection),
}


def parse(data: Union[JsonObject, _M], message_type: Type[_M]) -> _M:
    if isinstance(data, message_type):
        return data
    # mypy does not narrow a Union by isinstance against a Type[TypeVar]: what
    # is left is the mapping (anything else fails in dict(), as always).
    return json_format.ParseDict(dict(cast(JsonObject, data)), message_type(),
                                 ignore_unknown_fields=True)


def connection_payload(con: Union[JsonObject, cw_pb2.ConnectionPayload],
                       connection_type: Optional[str] = None) -> cw_pb2.ConnectionPayload:
    """A ConnectionPayload from ``{"type": T, "body": {...}}`` or, with
    ``connection_type``, from a bare body (the SDK's update/patch input)."""
    if isinstance(con, cw_pb2.ConnectionPayload):
        return con
    con = dict(con)
    kind = con.get("type", connection_type)
    body = dict(con.get("body", con if connection_type else {}))
    if kind not in _CONNECTION_FIELDS:
        raise ValueError("connection type must be one of %s, got %r"
                         % (", ".join(_CONNECTION_FIELDS), kind))
    field, message_type = _CONNECTION_FIELDS[kind]
    key = body.pop("serviceAccountKey", None)
    body.pop("type", None)
    if "auth_method" in body:
        body["authMethod"] = body.pop("auth_method")
    message = json_format.ParseDict(body, message_type(), ignore_unknown_fields=True)
    if key is not None:
        # Only GoogleBigQueryConnection has the field: on the other messages
        # protobuf raises AttributeError, as a plain assignment would.
        setattr(message, "service_account_key_json",
                key if isinstance(key, str) else json.dumps(key))
    # The oneof member is chosen at run time, so its keyword is not static.
    member: Dict[str, Any] = {field: message}
    return cw_pb2.ConnectionPayload(**member)


def notification_input(
        config: Union[JsonObject, cw_pb2.NotificationInput]) -> cw_pb2.NotificationInput:
    if isinstance(config, cw_pb2.NotificationInput):
        return config
    data = dict(config)
    # The API nests the rules under notifications.config.
    if "notifications" in data:
        data["config"] = data.pop("notifications").get("config", [])
    return parse(data, cw_pb2.NotificationInput)


def needs_type_lookup(con_info: Union[JsonObject, cw_pb2.ConnectionPayload],
                      connection_type: Optional[str]) -> bool:
    """The SDK passes update/patch bodies without a type: then the type is
    looked up among the connections."""
    return not (connection_type or isinstance(con_info, cw_pb2.ConnectionPayload)
                or "type" in dict(con_info))


def connection_type_of(connections: Iterable[cw_pb2.Connection], con_id: str) -> str:
    for con in connections:
        if con.connection_id == con_id:
            return con.connection_type
    from .errors import InvalidIdentifierError
    raise InvalidIdentifierError("connection %s not found" % con_id,
                                 code=grpc.StatusCode.NOT_FOUND)
