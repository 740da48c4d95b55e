package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.CloudWorksEmpty;
import dev.anaplan.grpc.v1.CloudWorksServiceGrpc.CloudWorksServiceStub;
import dev.anaplan.grpc.v1.Connection;
import dev.anaplan.grpc.v1.ConnectionPayload;
import dev.anaplan.grpc.v1.CreateConnectionResponse;
import dev.anaplan.grpc.v1.CreateIntegrationResponse;
import dev.anaplan.grpc.v1.ErrorDump;
import dev.anaplan.grpc.v1.GetConnectionsResponse;
import dev.anaplan.grpc.v1.GetIntegrationsRequest;
import dev.anaplan.grpc.v1.GetIntegrationsResponse;
import dev.anaplan.grpc.v1.GetRunErrorResponse;
import dev.anaplan.grpc.v1.GetRunHistoryResponse;
import dev.anaplan.grpc.v1.Integration;
import dev.anaplan.grpc.v1.IntegrationInput;
import dev.anaplan.grpc.v1.IntegrationRun;
import dev.anaplan.grpc.v1.RunError;
import dev.anaplan.grpc.v1.RunIntegrationResponse;
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
  private final CloudWorksClient requests;

  CloudWorksAsyncClient(CloudWorksClient requests) {
    this.requests = requests;
  }

  /** The connections (secrets are never returned). */
  public CompletableFuture<List<Connection>> getConnections() {
    return unary(
        CloudWorksServiceStub::getConnections,
        CloudWorksClient.connectionsRequest(),
        GetConnectionsResponse::getConnectionsList);
  }

  /** Creates a connection; completes with its id. */
  public CompletableFuture<String> createConnection(ConnectionPayload connection) {
    return unary(
        CloudWorksServiceStub::createConnection,
        CloudWorksClient.createConnectionRequest(connection),
        CreateConnectionResponse::getConnectionId);
  }

  /** Deletes a connection. */
  public CompletableFuture<Void> deleteConnection(String connectionId) {
    return unary(
        CloudWorksServiceStub::deleteConnection,
        CloudWorksClient.deleteConnectionRequest(connectionId),
        (CloudWorksEmpty r) -> null);
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
        CloudWorksClient.integrationRequest(integrationId),
        Function.identity());
  }

  /** Creates an integration; completes with its id. */
  public CompletableFuture<String> createIntegration(IntegrationInput integration) {
    return unary(
        CloudWorksServiceStub::createIntegration,
        CloudWorksClient.createIntegrationRequest(integration),
        CreateIntegrationResponse::getIntegrationId);
  }

  /** Deletes an integration. */
  public CompletableFuture<Void> deleteIntegration(String integrationId) {
    return unary(
        CloudWorksServiceStub::deleteIntegration,
        CloudWorksClient.deleteIntegrationRequest(integrationId),
        (CloudWorksEmpty r) -> null);
  }

  /** Starts an integration; completes with the run id. */
  public CompletableFuture<String> runIntegration(String integrationId) {
    return unary(
        CloudWorksServiceStub::runIntegration,
        CloudWorksClient.runIntegrationRequest(integrationId),
        RunIntegrationResponse::getRunId);
  }

  /** An integration's runs. */
  public CompletableFuture<List<IntegrationRun>> getRunHistory(String integrationId) {
    return unary(
        CloudWorksServiceStub::getRunHistory,
        CloudWorksClient.runHistoryRequest(integrationId),
        GetRunHistoryResponse::getRunsList);
  }

  /** The status of one run. */
  public CompletableFuture<IntegrationRun> getRunStatus(String runId) {
    return unary(
        CloudWorksServiceStub::getRunStatus,
        CloudWorksClient.runStatusRequest(runId),
        Function.identity());
  }

  /** A run's errors, empty when it had none. */
  public CompletableFuture<List<RunError>> getRunError(String runId) {
    return unary(
        CloudWorksServiceStub::getRunError,
        CloudWorksClient.runErrorRequest(runId),
        GetRunErrorResponse::getErrorsList);
  }

  /** The failure dump of a run's import. */
  public CompletableFuture<byte[]> getImportErrorDump(String runId) {
    return unary(
        CloudWorksServiceStub::getImportErrorDump,
        CloudWorksClient.importErrorDumpRequest(runId),
        (ErrorDump d) -> d.getContent().toByteArray());
  }

  private <Req, Resp, T> CompletableFuture<T> unary(
      AsyncCalls.UnaryMethod<CloudWorksServiceStub, Req, Resp> method,
      Req request,
      Function<Resp, T> result) {
    return AsyncCalls.unary(requests.asyncStub(), method, request, result);
  }
}
