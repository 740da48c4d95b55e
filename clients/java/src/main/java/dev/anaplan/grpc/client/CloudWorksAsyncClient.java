package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.CloudWorksServiceGrpc.CloudWorksServiceStub;
import dev.anaplan.grpc.v1.Connection;
import dev.anaplan.grpc.v1.ConnectionPayload;
import dev.anaplan.grpc.v1.CreateConnectionResponse;
import dev.anaplan.grpc.v1.CreateFlowResponse;
import dev.anaplan.grpc.v1.CreateIntegrationResponse;
import dev.anaplan.grpc.v1.CreateNotificationConfigResponse;
import dev.anaplan.grpc.v1.ErrorDump;
import dev.anaplan.grpc.v1.Flow;
import dev.anaplan.grpc.v1.FlowInput;
import dev.anaplan.grpc.v1.GetConnectionsResponse;
import dev.anaplan.grpc.v1.GetFlowsResponse;
import dev.anaplan.grpc.v1.GetIntegrationsRequest;
import dev.anaplan.grpc.v1.GetIntegrationsResponse;
import dev.anaplan.grpc.v1.GetRunErrorResponse;
import dev.anaplan.grpc.v1.GetRunHistoryResponse;
import dev.anaplan.grpc.v1.Integration;
import dev.anaplan.grpc.v1.IntegrationInput;
import dev.anaplan.grpc.v1.IntegrationRun;
import dev.anaplan.grpc.v1.NotificationConfig;
import dev.anaplan.grpc.v1.NotificationInput;
import dev.anaplan.grpc.v1.RunError;
import dev.anaplan.grpc.v1.RunFlowResponse;
import dev.anaplan.grpc.v1.RunIntegrationResponse;
import dev.anaplan.grpc.v1.Schedule;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The calls of {@link CloudWorksClient} as {@link CompletableFuture}s; obtained from {@link
 * AnaplanAsyncClient#cloudWorks()}, bound to the same channel, credentials and deadline. Failures
 * and cancellation behave as in {@link AnaplanAsyncClient}.
 *
 * <p>CloudWorksService has no streaming RPCs, so every method of the blocking facade is here.
 */
public final class CloudWorksAsyncClient {
  private final CloudWorksClient client;

  CloudWorksAsyncClient(CloudWorksClient client) {
    this.client = client;
  }

  /** The connections (secrets are never returned). */
  public CompletableFuture<List<Connection>> getConnections() {
    return unary(
        CloudWorksServiceStub::getConnections,
        CloudWorksRequests.connections(),
        GetConnectionsResponse::getConnectionsList);
  }

  /** Creates a connection; completes with its id. */
  public CompletableFuture<String> createConnection(ConnectionPayload connection) {
    return unary(
        CloudWorksServiceStub::createConnection,
        CloudWorksRequests.createConnection(connection),
        CreateConnectionResponse::getConnectionId);
  }

  /** Replaces a connection's definition (secrets included). */
  public CompletableFuture<Void> updateConnection(
      String connectionId, ConnectionPayload connection) {
    return unary(
        CloudWorksServiceStub::updateConnection,
        CloudWorksRequests.updateConnection(connectionId, connection),
        AsyncCalls.noResult());
  }

  /** Changes the non-empty fields of {@code connection} only. */
  public CompletableFuture<Void> patchConnection(
      String connectionId, ConnectionPayload connection) {
    return unary(
        CloudWorksServiceStub::patchConnection,
        CloudWorksRequests.patchConnection(connectionId, connection),
        AsyncCalls.noResult());
  }

  /** Deletes a connection. */
  public CompletableFuture<Void> deleteConnection(String connectionId) {
    return unary(
        CloudWorksServiceStub::deleteConnection,
        CloudWorksRequests.deleteConnection(connectionId),
        AsyncCalls.noResult());
  }

  /** The integrations. */
  public CompletableFuture<List<Integration>> getIntegrations() {
    return getIntegrations(GetIntegrationsRequest.getDefaultInstance());
  }

  /** The integrations, sorted or filtered as the request says. */
  public CompletableFuture<List<Integration>> getIntegrations(GetIntegrationsRequest request) {
    return unary(
        CloudWorksServiceStub::getIntegrations,
        request,
        GetIntegrationsResponse::getIntegrationsList);
  }

  /** One integration with its jobs. */
  public CompletableFuture<Integration> getIntegration(String integrationId) {
    return unary(
        CloudWorksServiceStub::getIntegration,
        CloudWorksRequests.integration(integrationId),
        Function.identity());
  }

  /** Creates an integration; completes with its id. */
  public CompletableFuture<String> createIntegration(IntegrationInput integration) {
    return unary(
        CloudWorksServiceStub::createIntegration,
        CloudWorksRequests.createIntegration(integration),
        CreateIntegrationResponse::getIntegrationId);
  }

  /** Replaces an integration's definition. */
  public CompletableFuture<Void> updateIntegration(
      String integrationId, IntegrationInput integration) {
    return unary(
        CloudWorksServiceStub::updateIntegration,
        CloudWorksRequests.updateIntegration(integrationId, integration),
        AsyncCalls.noResult());
  }

  /** Deletes an integration. */
  public CompletableFuture<Void> deleteIntegration(String integrationId) {
    return unary(
        CloudWorksServiceStub::deleteIntegration,
        CloudWorksRequests.deleteIntegration(integrationId),
        AsyncCalls.noResult());
  }

  /** Starts an integration; completes with the run id. */
  public CompletableFuture<String> runIntegration(String integrationId) {
    return unary(
        CloudWorksServiceStub::runIntegration,
        CloudWorksRequests.runIntegration(integrationId),
        RunIntegrationResponse::getRunId);
  }

  /** Cancels an integration's running run (ABORTED when none is running). */
  public CompletableFuture<Void> cancelIntegration(String integrationId) {
    return unary(
        CloudWorksServiceStub::cancelIntegration,
        CloudWorksRequests.cancelIntegration(integrationId),
        AsyncCalls.noResult());
  }

  /** Gives an integration a schedule. */
  public CompletableFuture<Void> createSchedule(String integrationId, Schedule schedule) {
    return unary(
        CloudWorksServiceStub::createSchedule,
        CloudWorksRequests.schedule(integrationId, schedule),
        AsyncCalls.noResult());
  }

  /** Replaces an integration's schedule. */
  public CompletableFuture<Void> updateSchedule(String integrationId, Schedule schedule) {
    return unary(
        CloudWorksServiceStub::updateSchedule,
        CloudWorksRequests.schedule(integrationId, schedule),
        AsyncCalls.noResult());
  }

  /** Enables or disables an integration's schedule. */
  public CompletableFuture<Void> setScheduleStatus(String integrationId, boolean enabled) {
    return unary(
        CloudWorksServiceStub::setScheduleStatus,
        CloudWorksRequests.scheduleStatus(integrationId, enabled),
        AsyncCalls.noResult());
  }

  /** Removes an integration's schedule. */
  public CompletableFuture<Void> deleteSchedule(String integrationId) {
    return unary(
        CloudWorksServiceStub::deleteSchedule,
        CloudWorksRequests.deleteSchedule(integrationId),
        AsyncCalls.noResult());
  }

  /** An integration's runs. */
  public CompletableFuture<List<IntegrationRun>> getRunHistory(String integrationId) {
    return unary(
        CloudWorksServiceStub::getRunHistory,
        CloudWorksRequests.runHistory(integrationId),
        GetRunHistoryResponse::getRunsList);
  }

  /** The status of one run. */
  public CompletableFuture<IntegrationRun> getRunStatus(String runId) {
    return unary(
        CloudWorksServiceStub::getRunStatus,
        CloudWorksRequests.runStatus(runId),
        Function.identity());
  }

  /** A run's errors, empty when it had none. */
  public CompletableFuture<List<RunError>> getRunError(String runId) {
    return unary(
        CloudWorksServiceStub::getRunError,
        CloudWorksRequests.runError(runId),
        GetRunErrorResponse::getErrorsList);
  }

  /** The failure dump of a run's import. */
  public CompletableFuture<byte[]> getImportErrorDump(String runId) {
    return unary(
        CloudWorksServiceStub::getImportErrorDump,
        CloudWorksRequests.importErrorDump(runId),
        CloudWorksAsyncClient::content);
  }

  /** The failure dump of one import ({@code actionId}) of a process integration's run. */
  public CompletableFuture<byte[]> getProcessErrorDump(String runId, String actionId) {
    return unary(
        CloudWorksServiceStub::getProcessErrorDump,
        CloudWorksRequests.processErrorDump(runId, actionId),
        CloudWorksAsyncClient::content);
  }

  /** A notification configuration by its id. */
  public CompletableFuture<NotificationConfig> getNotificationConfig(String notificationId) {
    return unary(
        CloudWorksServiceStub::getNotificationConfig,
        CloudWorksRequests.notificationConfig(notificationId),
        Function.identity());
  }

  /** The notification configuration of an integration. */
  public CompletableFuture<NotificationConfig> getIntegrationNotificationConfig(
      String integrationId) {
    return unary(
        CloudWorksServiceStub::getNotificationConfig,
        CloudWorksRequests.integrationNotificationConfig(integrationId),
        Function.identity());
  }

  /** Creates a notification configuration; completes with its id. */
  public CompletableFuture<String> createNotificationConfig(NotificationInput config) {
    return unary(
        CloudWorksServiceStub::createNotificationConfig,
        CloudWorksRequests.createNotificationConfig(config),
        CreateNotificationConfigResponse::getNotificationId);
  }

  /** Replaces a notification configuration. */
  public CompletableFuture<Void> updateNotificationConfig(
      String notificationId, NotificationInput config) {
    return unary(
        CloudWorksServiceStub::updateNotificationConfig,
        CloudWorksRequests.updateNotificationConfig(notificationId, config),
        AsyncCalls.noResult());
  }

  /** Deletes a notification configuration by its id. */
  public CompletableFuture<Void> deleteNotificationConfig(String notificationId) {
    return unary(
        CloudWorksServiceStub::deleteNotificationConfig,
        CloudWorksRequests.deleteNotificationConfig(notificationId),
        AsyncCalls.noResult());
  }

  /** Deletes the notification configuration of an integration. */
  public CompletableFuture<Void> deleteIntegrationNotificationConfig(String integrationId) {
    return unary(
        CloudWorksServiceStub::deleteNotificationConfig,
        CloudWorksRequests.deleteIntegrationNotificationConfig(integrationId),
        AsyncCalls.noResult());
  }

  /** The integration flows. */
  public CompletableFuture<List<Flow>> getFlows() {
    return getFlows(false);
  }

  /** The integration flows, or only the caller's. */
  public CompletableFuture<List<Flow>> getFlows(boolean currentUserOnly) {
    return unary(
        CloudWorksServiceStub::getFlows,
        CloudWorksRequests.flows(currentUserOnly),
        GetFlowsResponse::getFlowsList);
  }

  /** One flow with its steps. */
  public CompletableFuture<Flow> getFlow(String flowId) {
    return unary(
        CloudWorksServiceStub::getFlow, CloudWorksRequests.flow(flowId), Function.identity());
  }

  /** Creates a flow (2 to 100 steps); completes with its id. */
  public CompletableFuture<String> createFlow(FlowInput flow) {
    return unary(
        CloudWorksServiceStub::createFlow,
        CloudWorksRequests.createFlow(flow),
        CreateFlowResponse::getFlowId);
  }

  /** Replaces a flow's definition. */
  public CompletableFuture<Void> updateFlow(String flowId, FlowInput flow) {
    return unary(
        CloudWorksServiceStub::updateFlow, CloudWorksRequests.updateFlow(flowId, flow), AsyncCalls.noResult());
  }

  /** Deletes a flow. */
  public CompletableFuture<Void> deleteFlow(String flowId) {
    return unary(CloudWorksServiceStub::deleteFlow, CloudWorksRequests.deleteFlow(flowId), AsyncCalls.noResult());
  }

  /** Starts a flow, only the given steps (by referrer) when any; completes with the run id. */
  public CompletableFuture<String> runFlow(String flowId, String... onlySteps) {
    return unary(
        CloudWorksServiceStub::runFlow,
        CloudWorksRequests.runFlow(flowId, onlySteps),
        RunFlowResponse::getRunId);
  }

  private static byte[] content(ErrorDump dump) {
    return dump.getContent().toByteArray();
  }

  private <Req, Resp, T> CompletableFuture<T> unary(
      AsyncCalls.UnaryMethod<CloudWorksServiceStub, Req, Resp> method,
      Req request,
      Function<Resp, T> result) {
    return AsyncCalls.unary(client.asyncStub(), method, request, result);
  }
}
