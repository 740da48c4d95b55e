"""``client.cw`` and ``client.cw.flows``: anaplan-sdk's CloudWorks surface over
the CloudWorksService stub.

Inputs are proto messages or dicts shaped as anaplan-sdk (and the CloudWorks
API) write them, e.g. ``{"type": "AmazonS3", "body": {"name": ..., "bucketName":
...}}`` for a connection; results are the proto messages.
"""

from __future__ import annotations

import json
from typing import (TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Type,
                    TypeVar, Union, cast)

import grpc
from google.protobuf import json_format
from google.protobuf.message import Message

from anaplan.v1 import cloud_works_pb2 as cw_pb2
from anaplan.v1 import cloud_works_pb2_grpc as cw_grpc

if TYPE_CHECKING:
    from .client import Client

_M = TypeVar("_M", bound=Message)
_Req = TypeVar("_Req")
_Resp = TypeVar("_Resp")

#: A JSON object as anaplan-sdk (and the CloudWorks API) writes it.
JsonObject = Mapping[str, Any]

#: connection type -> (ConnectionPayload oneof field, its message class)
_CONNECTION_FIELDS: Dict[str, Tuple[str, Type[Message]]] = {
    "AmazonS3": ("amazon_s3", cw_pb2.AmazonS3Connection),
    "AzureBlob": ("azure_blob", cw_pb2.AzureBlobConnection),
    "GoogleBigQuery": ("google_big_query", cw_pb2.GoogleBigQueryConnection),
}


def _parse(data: Union[JsonObject, _M], message_type: Type[_M]) -> _M:
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


def _notification_input(
        config: Union[JsonObject, cw_pb2.NotificationInput]) -> cw_pb2.NotificationInput:
    if isinstance(config, cw_pb2.NotificationInput):
        return config
    data = dict(config)
    # The API nests the rules under notifications.config.
    if "notifications" in data:
        data["config"] = data.pop("notifications").get("config", [])
    return _parse(data, cw_pb2.NotificationInput)


class Flows:
    """``client.cw.flows``: integration flows."""

    def __init__(self, cw: "CloudWorks") -> None:
        self._cw = cw

    def get_flows(self, current_user_only: bool = False) -> List[cw_pb2.Flow]:
        return list(self._cw._call(self._cw._stub.GetFlows, cw_pb2.GetFlowsRequest(
            current_user_only=current_user_only)).flows)

    def get_flow(self, flow_id: str) -> cw_pb2.Flow:
        return self._cw._call(self._cw._stub.GetFlow, cw_pb2.GetFlowRequest(flow_id=flow_id))

    def run_flow(self, flow_id: str, only_steps: Optional[Sequence[str]] = None) -> str:
        return self._cw._call(self._cw._stub.RunFlow, cw_pb2.RunFlowRequest(
            flow_id=flow_id, only_steps=list(only_steps or []))).run_id

    def create_flow(self, flow: Union[JsonObject, cw_pb2.FlowInput]) -> str:
        return self._cw._call(self._cw._stub.CreateFlow, cw_pb2.CreateFlowRequest(
            flow=_parse(flow, cw_pb2.FlowInput))).flow_id

    def update_flow(self, flow_id: str, flow: Union[JsonObject, cw_pb2.FlowInput]) -> None:
        self._cw._call(self._cw._stub.UpdateFlow, cw_pb2.UpdateFlowRequest(
            flow_id=flow_id, flow=_parse(flow, cw_pb2.FlowInput)))

    def delete_flow(self, flow_id: str) -> None:
        self._cw._call(self._cw._stub.DeleteFlow, cw_pb2.DeleteFlowRequest(flow_id=flow_id))


class CloudWorks:
    """``client.cw``: connections, integrations, runs, schedules and
    notifications, named after anaplan-sdk's ``client.cw`` methods."""

    def __init__(self, client: "Client") -> None:
        self._client = client
        self._stub = cw_grpc.CloudWorksServiceStub(client.channel)
        self.flows = Flows(self)

    def _call(self, method: "grpc.UnaryUnaryMultiCallable[_Req, _Resp]", request: _Req) -> _Resp:
        from .client import _translate_errors  # avoids an import cycle
        return _translate_errors(method)(request, **self._client._kw())

    # ------------------------------------------------------------ connections
    def get_connections(self) -> List[cw_pb2.Connection]:
        return list(self._call(self._stub.GetConnections,
                               cw_pb2.GetConnectionsRequest()).connections)

    def create_connection(self, con_info: Union[JsonObject, cw_pb2.ConnectionPayload]) -> str:
        return self._call(self._stub.CreateConnection, cw_pb2.CreateConnectionRequest(
            connection=connection_payload(con_info))).connection_id

    def _type_of(self, con_id: str, con_info: Union[JsonObject, cw_pb2.ConnectionPayload],
                 connection_type: Optional[str]) -> Optional[str]:
        # The SDK passes update/patch bodies without a type: look it up.
        if connection_type or isinstance(con_info, cw_pb2.ConnectionPayload) \
                or "type" in dict(con_info):
            return connection_type
        for con in self.get_connections():
            if con.connection_id == con_id:
                return con.connection_type
        from .errors import InvalidIdentifierError
        raise InvalidIdentifierError("connection %s not found" % con_id,
                                     code=grpc.StatusCode.NOT_FOUND)

    def update_connection(self, con_id: str,
                          con_info: Union[JsonObject, cw_pb2.ConnectionPayload],
                          connection_type: Optional[str] = None) -> None:
        kind = self._type_of(con_id, con_info, connection_type)
        self._call(self._stub.UpdateConnection, cw_pb2.UpdateConnectionRequest(
            connection_id=con_id, connection=connection_payload(con_info, kind)))

    def patch_connection(self, con_id: str, body: Union[JsonObject, cw_pb2.ConnectionPayload],
                         connection_type: Optional[str] = None) -> None:
        kind = self._type_of(con_id, body, connection_type)
        self._call(self._stub.PatchConnection, cw_pb2.PatchConnectionRequest(
            connection_id=con_id, connection=connection_payload(body, kind)))

    def delete_connection(self, con_id: str) -> None:
        self._call(self._stub.DeleteConnection,
                   cw_pb2.DeleteConnectionRequest(connection_id=con_id))

    # ----------------------------------------------------------- integrations
    def get_integrations(self, sort_by: Optional[str] = None, descending: bool = False,
                         current_user_only: bool = False) -> List[cw_pb2.Integration]:
        return list(self._call(self._stub.GetIntegrations, cw_pb2.GetIntegrationsRequest(
            sort_by=sort_by or "", descending=descending,
            current_user_only=current_user_only)).integrations)

    def get_integration(self, integration_id: str) -> cw_pb2.Integration:
        return self._call(self._stub.GetIntegration, cw_pb2.GetIntegrationRequest(
            integration_id=integration_id))

    def create_integration(self, body: Union[JsonObject, cw_pb2.IntegrationInput]) -> str:
        return self._call(self._stub.CreateIntegration, cw_pb2.CreateIntegrationRequest(
            integration=_parse(body, cw_pb2.IntegrationInput))).integration_id

    def update_integration(self, integration_id: str,
                           body: Union[JsonObject, cw_pb2.IntegrationInput]) -> None:
        self._call(self._stub.UpdateIntegration, cw_pb2.UpdateIntegrationRequest(
            integration_id=integration_id, integration=_parse(body, cw_pb2.IntegrationInput)))

    def delete_integration(self, integration_id: str) -> None:
        self._call(self._stub.DeleteIntegration, cw_pb2.DeleteIntegrationRequest(
            integration_id=integration_id))

    def run_integration(self, integration_id: str) -> str:
        return self._call(self._stub.RunIntegration, cw_pb2.RunIntegrationRequest(
            integration_id=integration_id)).run_id

    def cancel_integration(self, integration_id: str) -> None:
        self._call(self._stub.CancelIntegration, cw_pb2.CancelIntegrationRequest(
            integration_id=integration_id))

    # -------------------------------------------------------------- schedules
    def create_schedule(self, integration_id: str,
                        schedule: Union[JsonObject, cw_pb2.Schedule]) -> None:
        self._call(self._stub.CreateSchedule, cw_pb2.ScheduleRequest(
            integration_id=integration_id, schedule=_parse(schedule, cw_pb2.Schedule)))

    def update_schedule(self, integration_id: str,
                        schedule: Union[JsonObject, cw_pb2.Schedule]) -> None:
        self._call(self._stub.UpdateSchedule, cw_pb2.ScheduleRequest(
            integration_id=integration_id, schedule=_parse(schedule, cw_pb2.Schedule)))

    def set_schedule_status(self, integration_id: str, status: str) -> None:
        self._call(self._stub.SetScheduleStatus, cw_pb2.SetScheduleStatusRequest(
            integration_id=integration_id, status=status))

    def delete_schedule(self, integration_id: str) -> None:
        self._call(self._stub.DeleteSchedule,
                   cw_pb2.DeleteScheduleRequest(integration_id=integration_id))

    # ------------------------------------------------------------------- runs
    def get_run_history(self, integration_id: str) -> List[cw_pb2.IntegrationRun]:
        return list(self._call(self._stub.GetRunHistory, cw_pb2.GetRunHistoryRequest(
            integration_id=integration_id)).runs)

    def get_run_status(self, run_id: str) -> cw_pb2.IntegrationRun:
        return self._call(self._stub.GetRunStatus, cw_pb2.GetRunStatusRequest(run_id=run_id))

    def get_run_error(self, run_id: str) -> Optional[cw_pb2.RunError]:
        """The run's error record, or None for a clean run (as the SDK)."""
        errors = self._call(self._stub.GetRunError, cw_pb2.GetRunErrorRequest(run_id=run_id)).errors
        return errors[0] if errors else None

    def get_import_error_dump(self, run_id: str) -> bytes:
        return self._call(self._stub.GetImportErrorDump, cw_pb2.GetImportErrorDumpRequest(
            run_id=run_id)).content

    def get_process_error_dump(self, run_id: str, action_id: Union[int, str]) -> bytes:
        return self._call(self._stub.GetProcessErrorDump, cw_pb2.GetProcessErrorDumpRequest(
            run_id=run_id, action_id=str(action_id))).content

    # ---------------------------------------------------------- notifications
    def get_notification_config(self, notification_id: Optional[str] = None,
                                integration_id: Optional[str] = None) -> cw_pb2.NotificationConfig:
        if bool(notification_id) == bool(integration_id):
            raise ValueError("give exactly one of notification_id and integration_id")
        req = (cw_pb2.GetNotificationConfigRequest(notification_id=notification_id)
               if notification_id else
               cw_pb2.GetNotificationConfigRequest(integration_id=integration_id))
        return self._call(self._stub.GetNotificationConfig, req)

    def create_notification_config(
            self, config: Union[JsonObject, cw_pb2.NotificationInput]) -> str:
        return self._call(self._stub.CreateNotificationConfig,
                          cw_pb2.CreateNotificationConfigRequest(
                              config=_notification_input(config))).notification_id

    def update_notification_config(
            self, notification_id: str,
            config: Union[JsonObject, cw_pb2.NotificationInput]) -> None:
        self._call(self._stub.UpdateNotificationConfig, cw_pb2.UpdateNotificationConfigRequest(
            notification_id=notification_id, config=_notification_input(config)))

    def delete_notification_config(self, notification_id: Optional[str] = None,
                                   integration_id: Optional[str] = None) -> None:
        if bool(notification_id) == bool(integration_id):
            raise ValueError("give exactly one of notification_id and integration_id")
        req = (cw_pb2.DeleteNotificationConfigRequest(notification_id=notification_id)
               if notification_id else
               cw_pb2.DeleteNotificationConfigRequest(integration_id=integration_id))
        self._call(self._stub.DeleteNotificationConfig, req)
