package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.CancelIntegrationRequest;
import dev.anaplan.grpc.v1.ConnectionPayload;
import dev.anaplan.grpc.v1.CreateConnectionRequest;
import dev.anaplan.grpc.v1.CreateFlowRequest;
import dev.anaplan.grpc.v1.CreateIntegrationRequest;
import dev.anaplan.grpc.v1.CreateNotificationConfigRequest;
import dev.anaplan.grpc.v1.DeleteConnectionRequest;
import dev.anaplan.grpc.v1.DeleteFlowRequest;
import dev.anaplan.grpc.v1.DeleteIntegrationRequest;
import dev.anaplan.grpc.v1.DeleteNotificationConfigRequest;
import dev.anaplan.grpc.v1.DeleteScheduleRequest;
import dev.anaplan.grpc.v1.FlowInput;
import dev.anaplan.grpc.v1.GetConnectionsRequest;
import dev.anaplan.grpc.v1.GetFlowRequest;
import dev.anaplan.grpc.v1.GetFlowsRequest;
import dev.anaplan.grpc.v1.GetImportErrorDumpRequest;
import dev.anaplan.grpc.v1.GetIntegrationRequest;
import dev.anaplan.grpc.v1.GetNotificationConfigRequest;
import dev.anaplan.grpc.v1.GetProcessErrorDumpRequest;
import dev.anaplan.grpc.v1.GetRunErrorRequest;
import dev.anaplan.grpc.v1.GetRunHistoryRequest;
import dev.anaplan.grpc.v1.GetRunStatusRequest;
import dev.anaplan.grpc.v1.IntegrationInput;
import dev.anaplan.grpc.v1.NotificationInput;
import dev.anaplan.grpc.v1.PatchConnectionRequest;
import dev.anaplan.grpc.v1.RunFlowRequest;
import dev.anaplan.grpc.v1.RunIntegrationRequest;
import dev.anaplan.grpc.v1.Schedule;
import dev.anaplan.grpc.v1.ScheduleRequest;
import dev.anaplan.grpc.v1.SetScheduleStatusRequest;
import dev.anaplan.grpc.v1.UpdateConnectionRequest;
import dev.anaplan.grpc.v1.UpdateFlowRequest;
import dev.anaplan.grpc.v1.UpdateIntegrationRequest;
import dev.anaplan.grpc.v1.UpdateNotificationConfigRequest;
import java.util.Arrays;

/**
 * The CloudWorksService requests, shared by {@link CloudWorksClient} and {@link
 * CloudWorksAsyncClient} so that both send exactly the same messages.
 */
final class CloudWorksRequests {
  private CloudWorksRequests() {}

  // ------------------------------------------------------------ connections

  static GetConnectionsRequest connections() {
    return GetConnectionsRequest.getDefaultInstance();
  }

  static CreateConnectionRequest createConnection(ConnectionPayload connection) {
    return CreateConnectionRequest.newBuilder().setConnection(connection).build();
  }

  static UpdateConnectionRequest updateConnection(
      String connectionId, ConnectionPayload connection) {
    return UpdateConnectionRequest.newBuilder()
        .setConnectionId(connectionId)
        .setConnection(connection)
        .build();
  }

  static PatchConnectionRequest patchConnection(String connectionId, ConnectionPayload connection) {
    return PatchConnectionRequest.newBuilder()
        .setConnectionId(connectionId)
        .setConnection(connection)
        .build();
  }

  static DeleteConnectionRequest deleteConnection(String connectionId) {
    return DeleteConnectionRequest.newBuilder().setConnectionId(connectionId).build();
  }

  // ----------------------------------------------------------- integrations

  static GetIntegrationRequest integration(String integrationId) {
    return GetIntegrationRequest.newBuilder().setIntegrationId(integrationId).build();
  }

  static CreateIntegrationRequest createIntegration(IntegrationInput integration) {
    return CreateIntegrationRequest.newBuilder().setIntegration(integration).build();
  }

  static UpdateIntegrationRequest updateIntegration(
      String integrationId, IntegrationInput integration) {
    return UpdateIntegrationRequest.newBuilder()
        .setIntegrationId(integrationId)
        .setIntegration(integration)
        .build();
  }

  static DeleteIntegrationRequest deleteIntegration(String integrationId) {
    return DeleteIntegrationRequest.newBuilder().setIntegrationId(integrationId).build();
  }

  static RunIntegrationRequest runIntegration(String integrationId) {
    return RunIntegrationRequest.newBuilder().setIntegrationId(integrationId).build();
  }

  static CancelIntegrationRequest cancelIntegration(String integrationId) {
    return CancelIntegrationRequest.newBuilder().setIntegrationId(integrationId).build();
  }

  // -------------------------------------------------------------- schedules

  static ScheduleRequest schedule(String integrationId, Schedule schedule) {
    return ScheduleRequest.newBuilder()
        .setIntegrationId(integrationId)
        .setSchedule(schedule)
        .build();
  }

  static SetScheduleStatusRequest scheduleStatus(String integrationId, boolean enabled) {
    return SetScheduleStatusRequest.newBuilder()
        .setIntegrationId(integrationId)
        .setStatus(enabled ? "enabled" : "disabled")
        .build();
  }

  static DeleteScheduleRequest deleteSchedule(String integrationId) {
    return DeleteScheduleRequest.newBuilder().setIntegrationId(integrationId).build();
  }

  // ------------------------------------------------------------------- runs

  static GetRunHistoryRequest runHistory(String integrationId) {
    return GetRunHistoryRequest.newBuilder().setIntegrationId(integrationId).build();
  }

  static GetRunStatusRequest runStatus(String runId) {
    return GetRunStatusRequest.newBuilder().setRunId(runId).build();
  }

  static GetRunErrorRequest runError(String runId) {
    return GetRunErrorRequest.newBuilder().setRunId(runId).build();
  }

  static GetImportErrorDumpRequest importErrorDump(String runId) {
    return GetImportErrorDumpRequest.newBuilder().setRunId(runId).build();
  }

  static GetProcessErrorDumpRequest processErrorDump(String runId, String actionId) {
    return GetProcessErrorDumpRequest.newBuilder().setRunId(runId).setActionId(actionId).build();
  }

  // ---------------------------------------------------------- notifications

  static GetNotificationConfigRequest notificationConfig(String notificationId) {
    return GetNotificationConfigRequest.newBuilder().setNotificationId(notificationId).build();
  }

  static GetNotificationConfigRequest integrationNotificationConfig(String integrationId) {
    return GetNotificationConfigRequest.newBuilder().setIntegrationId(integrationId).build();
  }

  static CreateNotificationConfigRequest createNotificationConfig(NotificationInput config) {
    return CreateNotificationConfigRequest.newBuilder().setConfig(config).build();
  }

  static UpdateNotificationConfigRequest updateNotificationConfig(
      String notificationId, NotificationInput config) {
    return UpdateNotificationConfigRequest.newBuilder()
        .setNotificationId(notificationId)
        .setConfig(config)
        .build();
  }

  static DeleteNotificationConfigRequest deleteNotificationConfig(String notificationId) {
    return DeleteNotificationConfigRequest.newBuilder().setNotificationId(notificationId).build();
  }

  static DeleteNotificationConfigRequest deleteIntegrationNotificationConfig(String integrationId) {
    return DeleteNotificationConfigRequest.newBuilder().setIntegrationId(integrationId).build();
  }

  // ------------------------------------------------------------------ flows

  static GetFlowsRequest flows(boolean currentUserOnly) {
    return GetFlowsRequest.newBuilder().setCurrentUserOnly(currentUserOnly).build();
  }

  static GetFlowRequest flow(String flowId) {
    return GetFlowRequest.newBuilder().setFlowId(flowId).build();
  }

  static CreateFlowRequest createFlow(FlowInput flow) {
    return CreateFlowRequest.newBuilder().setFlow(flow).build();
  }

  static UpdateFlowRequest updateFlow(String flowId, FlowInput flow) {
    return UpdateFlowRequest.newBuilder().setFlowId(flowId).setFlow(flow).build();
  }

  static DeleteFlowRequest deleteFlow(String flowId) {
    return DeleteFlowRequest.newBuilder().setFlowId(flowId).build();
  }

  static RunFlowRequest runFlow(String flowId, String... onlySteps) {
    return RunFlowRequest.newBuilder()
        .setFlowId(flowId)
        .addAllOnlySteps(Arrays.asList(onlySteps))
        .build();
  }
}
