package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.CancelIntegrationRequest;
import dev.anaplan.grpc.v1.CloudWorksServiceGrpc;
import dev.anaplan.grpc.v1.Connection;
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
import dev.anaplan.grpc.v1.Flow;
import dev.anaplan.grpc.v1.FlowInput;
import dev.anaplan.grpc.v1.GetConnectionsRequest;
import dev.anaplan.grpc.v1.GetFlowRequest;
import dev.anaplan.grpc.v1.GetFlowsRequest;
import dev.anaplan.grpc.v1.GetImportErrorDumpRequest;
import dev.anaplan.grpc.v1.GetIntegrationRequest;
import dev.anaplan.grpc.v1.GetIntegrationsRequest;
import dev.anaplan.grpc.v1.GetNotificationConfigRequest;
import dev.anaplan.grpc.v1.GetProcessErrorDumpRequest;
import dev.anaplan.grpc.v1.GetRunErrorRequest;
import dev.anaplan.grpc.v1.GetRunHistoryRequest;
import dev.anaplan.grpc.v1.GetRunStatusRequest;
import dev.anaplan.grpc.v1.Integration;
import dev.anaplan.grpc.v1.IntegrationInput;
import dev.anaplan.grpc.v1.IntegrationRun;
import dev.anaplan.grpc.v1.NotificationConfig;
import dev.anaplan.grpc.v1.NotificationInput;
import dev.anaplan.grpc.v1.PatchConnectionRequest;
import dev.anaplan.grpc.v1.RunError;
import dev.anaplan.grpc.v1.RunFlowRequest;
import dev.anaplan.grpc.v1.RunIntegrationRequest;
import dev.anaplan.grpc.v1.Schedule;
import dev.anaplan.grpc.v1.ScheduleRequest;
import dev.anaplan.grpc.v1.SetScheduleStatusRequest;
import dev.anaplan.grpc.v1.UpdateConnectionRequest;
import dev.anaplan.grpc.v1.UpdateFlowRequest;
import dev.anaplan.grpc.v1.UpdateIntegrationRequest;
import dev.anaplan.grpc.v1.UpdateNotificationConfigRequest;
import java.util.List;

/**
 * CloudWorksService (anaplan-sdk's {@code client.cw}): connections, integrations, their schedules,
 * runs and notifications, and integration flows. Calls carry the client's credentials and deadline
 * and throw {@link AnaplanException} (an Anaplan 409, e.g. deleting a connection in use or
 * cancelling an integration that is not running, is an ABORTED AnaplanException).
 *
 * <p>Every RPC has a method here; {@link #raw()} is the stub.
 */
public final class CloudWorksClient {
  private final AnaplanClient client;

  CloudWorksClient(AnaplanClient client) {
    this.client = client;
  }

  /** The generated blocking stub with the client's credentials and deadline. */
  public CloudWorksServiceGrpc.CloudWorksServiceBlockingStub raw() {
    return client.configure(CloudWorksServiceGrpc.newBlockingStub(client.channel()));
  }

  // ------------------------------------------------------------ connections

  /** The connections (secrets are never returned). */
  public List<Connection> getConnections() {
    GetConnectionsRequest r = CloudWorksRequests.connections();
    return AnaplanClient.call(() -> raw().getConnections(r).getConnectionsList());
  }

  /** Creates a connection; returns its id. */
  public String createConnection(ConnectionPayload connection) {
    CreateConnectionRequest r = CloudWorksRequests.createConnection(connection);
    return AnaplanClient.call(() -> raw().createConnection(r).getConnectionId());
  }

  /** Replaces a connection's definition (secrets included). */
  public void updateConnection(String connectionId, ConnectionPayload connection) {
    UpdateConnectionRequest r = CloudWorksRequests.updateConnection(connectionId, connection);
    AnaplanClient.call(() -> raw().updateConnection(r));
  }

  /** Changes the non-empty fields of {@code connection} only. */
  public void patchConnection(String connectionId, ConnectionPayload connection) {
    PatchConnectionRequest r = CloudWorksRequests.patchConnection(connectionId, connection);
    AnaplanClient.call(() -> raw().patchConnection(r));
  }

  /** Deletes a connection. */
  public void deleteConnection(String connectionId) {
    DeleteConnectionRequest r = CloudWorksRequests.deleteConnection(connectionId);
    AnaplanClient.call(() -> raw().deleteConnection(r));
  }

  // ----------------------------------------------------------- integrations

  /** The integrations. */
  public List<Integration> getIntegrations() {
    return getIntegrations(GetIntegrationsRequest.getDefaultInstance());
  }

  /** The integrations, sorted or filtered as the request says. */
  public List<Integration> getIntegrations(GetIntegrationsRequest request) {
    return AnaplanClient.call(() -> raw().getIntegrations(request).getIntegrationsList());
  }

  /** One integration with its jobs. */
  public Integration getIntegration(String integrationId) {
    GetIntegrationRequest r = CloudWorksRequests.integration(integrationId);
    return AnaplanClient.call(() -> raw().getIntegration(r));
  }

  /** Creates an integration; returns its id. */
  public String createIntegration(IntegrationInput integration) {
    CreateIntegrationRequest r = CloudWorksRequests.createIntegration(integration);
    return AnaplanClient.call(() -> raw().createIntegration(r).getIntegrationId());
  }

  /** Replaces an integration's definition. */
  public void updateIntegration(String integrationId, IntegrationInput integration) {
    UpdateIntegrationRequest r = CloudWorksRequests.updateIntegration(integrationId, integration);
    AnaplanClient.call(() -> raw().updateIntegration(r));
  }

  /** Deletes an integration. */
  public void deleteIntegration(String integrationId) {
    DeleteIntegrationRequest r = CloudWorksRequests.deleteIntegration(integrationId);
    AnaplanClient.call(() -> raw().deleteIntegration(r));
  }

  /** Starts an integration; returns the run id. */
  public String runIntegration(String integrationId) {
    RunIntegrationRequest r = CloudWorksRequests.runIntegration(integrationId);
    return AnaplanClient.call(() -> raw().runIntegration(r).getRunId());
  }

  /** Cancels an integration's running run (ABORTED when none is running). */
  public void cancelIntegration(String integrationId) {
    CancelIntegrationRequest r = CloudWorksRequests.cancelIntegration(integrationId);
    AnaplanClient.call(() -> raw().cancelIntegration(r));
  }

  // -------------------------------------------------------------- schedules

  /** Gives an integration a schedule. */
  public void createSchedule(String integrationId, Schedule schedule) {
    ScheduleRequest r = CloudWorksRequests.schedule(integrationId, schedule);
    AnaplanClient.call(() -> raw().createSchedule(r));
  }

  /** Replaces an integration's schedule. */
  public void updateSchedule(String integrationId, Schedule schedule) {
    ScheduleRequest r = CloudWorksRequests.schedule(integrationId, schedule);
    AnaplanClient.call(() -> raw().updateSchedule(r));
  }

  /** Enables or disables an integration's schedule. */
  public void setScheduleStatus(String integrationId, boolean enabled) {
    SetScheduleStatusRequest r = CloudWorksRequests.scheduleStatus(integrationId, enabled);
    AnaplanClient.call(() -> raw().setScheduleStatus(r));
  }

  /** Removes an integration's schedule. */
  public void deleteSchedule(String integrationId) {
    DeleteScheduleRequest r = CloudWorksRequests.deleteSchedule(integrationId);
    AnaplanClient.call(() -> raw().deleteSchedule(r));
  }

  // ------------------------------------------------------------------- runs

  /** An integration's runs. */
  public List<IntegrationRun> getRunHistory(String integrationId) {
    GetRunHistoryRequest r = CloudWorksRequests.runHistory(integrationId);
    return AnaplanClient.call(() -> raw().getRunHistory(r).getRunsList());
  }

  /** The status of one run. */
  public IntegrationRun getRunStatus(String runId) {
    GetRunStatusRequest r = CloudWorksRequests.runStatus(runId);
    return AnaplanClient.call(() -> raw().getRunStatus(r));
  }

  /** A run's errors, empty when it had none. */
  public List<RunError> getRunError(String runId) {
    GetRunErrorRequest r = CloudWorksRequests.runError(runId);
    return AnaplanClient.call(() -> raw().getRunError(r).getErrorsList());
  }

  /** The failure dump of a run's import. */
  public byte[] getImportErrorDump(String runId) {
    GetImportErrorDumpRequest r = CloudWorksRequests.importErrorDump(runId);
    return AnaplanClient.call(() -> raw().getImportErrorDump(r).getContent().toByteArray());
  }

  /** The failure dump of one import ({@code actionId}) of a process integration's run. */
  public byte[] getProcessErrorDump(String runId, String actionId) {
    GetProcessErrorDumpRequest r = CloudWorksRequests.processErrorDump(runId, actionId);
    return AnaplanClient.call(() -> raw().getProcessErrorDump(r).getContent().toByteArray());
  }

  // ---------------------------------------------------------- notifications

  /** A notification configuration by its id. */
  public NotificationConfig getNotificationConfig(String notificationId) {
    GetNotificationConfigRequest r = CloudWorksRequests.notificationConfig(notificationId);
    return AnaplanClient.call(() -> raw().getNotificationConfig(r));
  }

  /** The notification configuration of an integration. */
  public NotificationConfig getIntegrationNotificationConfig(String integrationId) {
    GetNotificationConfigRequest r =
        CloudWorksRequests.integrationNotificationConfig(integrationId);
    return AnaplanClient.call(() -> raw().getNotificationConfig(r));
  }

  /** Creates a notification configuration; returns its id. */
  public String createNotificationConfig(NotificationInput config) {
    CreateNotificationConfigRequest r = CloudWorksRequests.createNotificationConfig(config);
    return AnaplanClient.call(() -> raw().createNotificationConfig(r).getNotificationId());
  }

  /** Replaces a notification configuration. */
  public void updateNotificationConfig(String notificationId, NotificationInput config) {
    UpdateNotificationConfigRequest r =
        CloudWorksRequests.updateNotificationConfig(notificationId, config);
    AnaplanClient.call(() -> raw().updateNotificationConfig(r));
  }

  /** Deletes a notification configuration by its id. */
  public void deleteNotificationConfig(String notificationId) {
    DeleteNotificationConfigRequest r = CloudWorksRequests.deleteNotificationConfig(notificationId);
    AnaplanClient.call(() -> raw().deleteNotificationConfig(r));
  }

  /** Deletes the notification configuration of an integration. */
  public void deleteIntegrationNotificationConfig(String integrationId) {
    DeleteNotificationConfigRequest r =
        CloudWorksRequests.deleteIntegrationNotificationConfig(integrationId);
    AnaplanClient.call(() -> raw().deleteNotificationConfig(r));
  }

  // ------------------------------------------------------------------ flows

  /** The integration flows. */
  public List<Flow> getFlows() {
    return getFlows(false);
  }

  /** The integration flows, or only the caller's. */
  public List<Flow> getFlows(boolean currentUserOnly) {
    GetFlowsRequest r = CloudWorksRequests.flows(currentUserOnly);
    return AnaplanClient.call(() -> raw().getFlows(r).getFlowsList());
  }

  /** One flow with its steps. */
  public Flow getFlow(String flowId) {
    GetFlowRequest r = CloudWorksRequests.flow(flowId);
    return AnaplanClient.call(() -> raw().getFlow(r));
  }

  /** Creates a flow (2 to 100 steps); returns its id. */
  public String createFlow(FlowInput flow) {
    CreateFlowRequest r = CloudWorksRequests.createFlow(flow);
    return AnaplanClient.call(() -> raw().createFlow(r).getFlowId());
  }

  /** Replaces a flow's definition. */
  public void updateFlow(String flowId, FlowInput flow) {
    UpdateFlowRequest r = CloudWorksRequests.updateFlow(flowId, flow);
    AnaplanClient.call(() -> raw().updateFlow(r));
  }

  /** Deletes a flow. */
  public void deleteFlow(String flowId) {
    DeleteFlowRequest r = CloudWorksRequests.deleteFlow(flowId);
    AnaplanClient.call(() -> raw().deleteFlow(r));
  }

  /** Starts a flow, only the given steps (by referrer) when any; returns the run id. */
  public String runFlow(String flowId, String... onlySteps) {
    RunFlowRequest r = CloudWorksRequests.runFlow(flowId, onlySteps);
    return AnaplanClient.call(() -> raw().runFlow(r).getRunId());
  }

  /** The generated async stub with the client's credentials and deadline (one per call). */
  CloudWorksServiceGrpc.CloudWorksServiceStub asyncStub() {
    return client.configure(CloudWorksServiceGrpc.newStub(client.channel()));
  }
}
