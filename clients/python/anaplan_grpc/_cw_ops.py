"""The CloudWorks operations (anaplan-sdk's ``client.cw`` and
``client.cw.flows``), shared by the sync sub-clients and the asyncio ones;
see ``_ops``. Inputs are proto messages or dicts as in ``_cw_payloads``."""

from __future__ import annotations

from typing import List, Optional, Sequence, Union

from anaplan.v1 import cloud_works_pb2 as cw_pb2
from anaplan.v1 import cloud_works_pb2_grpc as cw_grpc

from ._cw_payloads import JsonObject, connection_payload, notification_input, parse
from ._ops import FamilyBase, Unary, none, op, same

Connection = Union[JsonObject, cw_pb2.ConnectionPayload]


def _first_error(reply: cw_pb2.GetRunErrorResponse) -> Optional[cw_pb2.RunError]:
    return reply.errors[0] if reply.errors else None


def _one_of(notification_id: Optional[str], integration_id: Optional[str]) -> None:
    if bool(notification_id) == bool(integration_id):
        raise ValueError("give exactly one of notification_id and integration_id")


class FlowsOps(FamilyBase):
    """``client.cw.flows``: integration flows."""

    _stub_type = cw_grpc.CloudWorksServiceStub

    @op
    def get_flows(self, current_user_only: bool = False) -> Unary[List[cw_pb2.Flow]]:
        return Unary("GetFlows", cw_pb2.GetFlowsRequest(current_user_only=current_user_only),
                     lambda r: list(r.flows))

    @op
    def get_flow(self, flow_id: str) -> Unary[cw_pb2.Flow]:
        return Unary("GetFlow", cw_pb2.GetFlowRequest(flow_id=flow_id), same)

    @op
    def run_flow(self, flow_id: str, only_steps: Optional[Sequence[str]] = None) -> Unary[str]:
        return Unary("RunFlow", cw_pb2.RunFlowRequest(
            flow_id=flow_id, only_steps=list(only_steps or [])), lambda r: r.run_id)

    @op
    def create_flow(self, flow: Union[JsonObject, cw_pb2.FlowInput]) -> Unary[str]:
        return Unary("CreateFlow", cw_pb2.CreateFlowRequest(flow=parse(flow, cw_pb2.FlowInput)),
                     lambda r: r.flow_id)

    @op
    def update_flow(self, flow_id: str, flow: Union[JsonObject, cw_pb2.FlowInput]) -> Unary[None]:
        return Unary("UpdateFlow", cw_pb2.UpdateFlowRequest(
            flow_id=flow_id, flow=parse(flow, cw_pb2.FlowInput)), none)

    @op
    def delete_flow(self, flow_id: str) -> Unary[None]:
        return Unary("DeleteFlow", cw_pb2.DeleteFlowRequest(flow_id=flow_id), none)


class CloudWorksOps(FamilyBase):
    """``client.cw``: connections, integrations, runs, schedules and
    notifications, named after anaplan-sdk's ``client.cw`` methods."""

    _stub_type = cw_grpc.CloudWorksServiceStub

    # ------------------------------------------------------------ connections
    @op
    def get_connections(self) -> Unary[List[cw_pb2.Connection]]:
        return Unary("GetConnections", cw_pb2.GetConnectionsRequest(),
                     lambda r: list(r.connections))

    @op
    def create_connection(self, con_info: Connection) -> Unary[str]:
        return Unary("CreateConnection", cw_pb2.CreateConnectionRequest(
            connection=connection_payload(con_info)), lambda r: r.connection_id)

    def _update_connection(self, con_id: str, con_info: Connection,
                           kind: Optional[str]) -> Unary[None]:
        return Unary("UpdateConnection", cw_pb2.UpdateConnectionRequest(
            connection_id=con_id, connection=connection_payload(con_info, kind)), none)

    def _patch_connection(self, con_id: str, body: Connection,
                          kind: Optional[str]) -> Unary[None]:
        return Unary("PatchConnection", cw_pb2.PatchConnectionRequest(
            connection_id=con_id, connection=connection_payload(body, kind)), none)

    @op
    def delete_connection(self, con_id: str) -> Unary[None]:
        return Unary("DeleteConnection", cw_pb2.DeleteConnectionRequest(connection_id=con_id),
                     none)

    # ----------------------------------------------------------- integrations
    @op
    def get_integrations(self, sort_by: Optional[str] = None, descending: bool = False,
                         current_user_only: bool = False) -> Unary[List[cw_pb2.Integration]]:
        return Unary("GetIntegrations", cw_pb2.GetIntegrationsRequest(
            sort_by=sort_by or "", descending=descending,
            current_user_only=current_user_only), lambda r: list(r.integrations))

    @op
    def get_integration(self, integration_id: str) -> Unary[cw_pb2.Integration]:
        return Unary("GetIntegration",
                     cw_pb2.GetIntegrationRequest(integration_id=integration_id), same)

    @op
    def create_integration(self, body: Union[JsonObject, cw_pb2.IntegrationInput]) -> Unary[str]:
        return Unary("CreateIntegration", cw_pb2.CreateIntegrationRequest(
            integration=parse(body, cw_pb2.IntegrationInput)), lambda r: r.integration_id)

    @op
    def update_integration(self, integration_id: str,
                           body: Union[JsonObject, cw_pb2.IntegrationInput]) -> Unary[None]:
        return Unary("UpdateIntegration", cw_pb2.UpdateIntegrationRequest(
            integration_id=integration_id, integration=parse(body, cw_pb2.IntegrationInput)),
            none)

    @op
    def delete_integration(self, integration_id: str) -> Unary[None]:
        return Unary("DeleteIntegration",
                     cw_pb2.DeleteIntegrationRequest(integration_id=integration_id), none)

    @op
    def run_integration(self, integration_id: str) -> Unary[str]:
        return Unary("RunIntegration", cw_pb2.RunIntegrationRequest(
            integration_id=integration_id), lambda r: r.run_id)

    @op
    def cancel_integration(self, integration_id: str) -> Unary[None]:
        return Unary("CancelIntegration",
                     cw_pb2.CancelIntegrationRequest(integration_id=integration_id), none)

    # -------------------------------------------------------------- schedules
    @op
    def create_schedule(self, integration_id: str,
                        schedule: Union[JsonObject, cw_pb2.Schedule]) -> Unary[None]:
        return Unary("CreateSchedule", cw_pb2.ScheduleRequest(
            integration_id=integration_id, schedule=parse(schedule, cw_pb2.Schedule)), none)

    @op
    def update_schedule(self, integration_id: str,
                        schedule: Union[JsonObject, cw_pb2.Schedule]) -> Unary[None]:
        return Unary("UpdateSchedule", cw_pb2.ScheduleRequest(
            integration_id=integration_id, schedule=parse(schedule, cw_pb2.Schedule)), none)

    @op
    def set_schedule_status(self, integration_id: str, status: str) -> Unary[None]:
        return Unary("SetScheduleStatus", cw_pb2.SetScheduleStatusRequest(
            integration_id=integration_id, status=status), none)

    @op
    def delete_schedule(self, integration_id: str) -> Unary[None]:
        return Unary("DeleteSchedule",
                     cw_pb2.DeleteScheduleRequest(integration_id=integration_id), none)

    # ------------------------------------------------------------------- runs
    @op
    def get_run_history(self, integration_id: str) -> Unary[List[cw_pb2.IntegrationRun]]:
        return Unary("GetRunHistory", cw_pb2.GetRunHistoryRequest(
            integration_id=integration_id), lambda r: list(r.runs))

    @op
    def get_run_status(self, run_id: str) -> Unary[cw_pb2.IntegrationRun]:
        return Unary("GetRunStatus", cw_pb2.GetRunStatusRequest(run_id=run_id), same)

    @op
    def get_run_error(self, run_id: str) -> Unary[Optional[cw_pb2.RunError]]:
        """The run's error record, or None for a clean run (as the SDK)."""
        return Unary("GetRunError", cw_pb2.GetRunErrorRequest(run_id=run_id), _first_error)

    @op
    def get_import_error_dump(self, run_id: str) -> Unary[bytes]:
        return Unary("GetImportErrorDump", cw_pb2.GetImportErrorDumpRequest(run_id=run_id),
                     lambda r: r.content)

    @op
    def get_process_error_dump(self, run_id: str, action_id: Union[int, str]) -> Unary[bytes]:
        return Unary("GetProcessErrorDump", cw_pb2.GetProcessErrorDumpRequest(
            run_id=run_id, action_id=str(action_id)), lambda r: r.content)

    # ---------------------------------------------------------- notifications
    @op
    def get_notification_config(self, notification_id: Optional[str] = None,
                                integration_id: Optional[str] = None
                                ) -> Unary[cw_pb2.NotificationConfig]:
        _one_of(notification_id, integration_id)
        req = (cw_pb2.GetNotificationConfigRequest(notification_id=notification_id)
               if notification_id else
               cw_pb2.GetNotificationConfigRequest(integration_id=integration_id))
        return Unary("GetNotificationConfig", req, same)

    @op
    def create_notification_config(
            self, config: Union[JsonObject, cw_pb2.NotificationInput]) -> Unary[str]:
        return Unary("CreateNotificationConfig", cw_pb2.CreateNotificationConfigRequest(
            config=notification_input(config)), lambda r: r.notification_id)

    @op
    def update_notification_config(
            self, notification_id: str,
            config: Union[JsonObject, cw_pb2.NotificationInput]) -> Unary[None]:
        return Unary("UpdateNotificationConfig", cw_pb2.UpdateNotificationConfigRequest(
            notification_id=notification_id, config=notification_input(config)), none)

    @op
    def delete_notification_config(self, notification_id: Optional[str] = None,
                                   integration_id: Optional[str] = None) -> Unary[None]:
        _one_of(notification_id, integration_id)
        req = (cw_pb2.DeleteNotificationConfigRequest(notification_id=notification_id)
               if notification_id else
               cw_pb2.DeleteNotificationConfigRequest(integration_id=integration_id))
        return Unary("DeleteNotificationConfig", req, none)
