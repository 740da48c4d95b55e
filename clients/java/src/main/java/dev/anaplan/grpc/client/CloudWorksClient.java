package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.CloudWorksServiceGrpc;
import dev.anaplan.grpc.v1.Connection;
import dev.anaplan.grpc.v1.ConnectionPayload;
import dev.anaplan.grpc.v1.CreateConnectionRequest;
import dev.anaplan.grpc.v1.CreateIntegrationRequest;
import dev.anaplan.grpc.v1.DeleteConnectionRequest;
import dev.anaplan.grpc.v1.DeleteIntegrationRequest;
import dev.anaplan.grpc.v1.GetConnectionsRequest;
import dev.anaplan.grpc.v1.GetImportErrorDumpRequest;
import dev.anaplan.grpc.v1.GetIntegrationRequest;
import dev.anaplan.grpc.v1.GetIntegrationsRequest;
import dev.anaplan.grpc.v1.GetRunErrorRequest;
import dev.anaplan.grpc.v1.GetRunHistoryRequest;
import dev.anaplan.grpc.v1.GetRunStatusRequest;
import dev.anaplan.grpc.v1.Integration;
import dev.anaplan.grpc.v1.IntegrationInput;
import dev.anaplan.grpc.v1.IntegrationRun;
import dev.anaplan.grpc.v1.RunError;
import dev.anaplan.grpc.v1.RunIntegrationRequest;
import java.util.List;

/**
 * CloudWorksService (anaplan-sdk's {@code client.cw}): connections, integrations and their runs.
 * Calls carry the client's credentials and deadline and throw {@link AnaplanException} (an Anaplan
 * 409, e.g. deleting a connection in use, is an ABORTED AnaplanException).
 *
 * <p>Hand-written: the connection and integration basics and run inspection. Schedules,
 * notifications, flows and connection updates are on {@link #raw()} (convert its failures with
 * {@link AnaplanException#from}).
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

  /** The connections (secrets are never returned). */
  public List<Connection> getConnections() {
    GetConnectionsRequest r = connectionsRequest();
    return AnaplanClient.call(() -> raw().getConnections(r).getConnectionsList());
  }

  /** Creates a connection; returns its id. */
  public String createConnection(ConnectionPayload connection) {
    CreateConnectionRequest r = createConnectionRequest(connection);
    return AnaplanClient.call(() -> raw().createConnection(r).getConnectionId());
  }

  /** Deletes a connection. */
  public void deleteConnection(String connectionId) {
    DeleteConnectionRequest r = deleteConnectionRequest(connectionId);
    AnaplanClient.call(() -> raw().deleteConnection(r));
  }

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
    GetIntegrationRequest r = integrationRequest(integrationId);
    return AnaplanClient.call(() -> raw().getIntegration(r));
  }

  /** Creates an integration; returns its id. */
  public String createIntegration(IntegrationInput integration) {
    CreateIntegrationRequest r = createIntegrationRequest(integration);
    return AnaplanClient.call(() -> raw().createIntegration(r).getIntegrationId());
  }

  /** Deletes an integration. */
  public void deleteIntegration(String integrationId) {
    DeleteIntegrationRequest r = deleteIntegrationRequest(integrationId);
    AnaplanClient.call(() -> raw().deleteIntegration(r));
  }

  /** Starts an integration; returns the run id. */
  public String runIntegration(String integrationId) {
    RunIntegrationRequest r = runIntegrationRequest(integrationId);
    return AnaplanClient.call(() -> raw().runIntegration(r).getRunId());
  }

  /** An integration's runs. */
  public List<IntegrationRun> getRunHistory(String integrationId) {
    GetRunHistoryRequest r = runHistoryRequest(integrationId);
    return AnaplanClient.call(() -> raw().getRunHistory(r).getRunsList());
  }

  /** The status of one run. */
  public IntegrationRun getRunStatus(String runId) {
    GetRunStatusRequest r = runStatusRequest(runId);
    return AnaplanClient.call(() -> raw().getRunStatus(r));
  }

  /** A run's errors, empty when it had none. */
  public List<RunError> getRunError(String runId) {
    GetRunErrorRequest r = runErrorRequest(runId);
    return AnaplanClient.call(() -> raw().getRunError(r).getErrorsList());
  }

  /** The failure dump of a run's import. */
  public byte[] getImportErrorDump(String runId) {
    GetImportErrorDumpRequest r = importErrorDumpRequest(runId);
    return AnaplanClient.call(() -> raw().getImportErrorDump(r).getContent().toByteArray());
  }

  /** The generated async stub with the client's credentials and deadline (one per call). */
  CloudWorksServiceGrpc.CloudWorksServiceStub asyncStub() {
    return client.configure(CloudWorksServiceGrpc.newStub(client.channel()));
  }

  // Requests shared with CloudWorksAsyncClient.

  static GetConnectionsRequest connectionsRequest() {
    return GetConnectionsRequest.getDefaultInstance();
  }

  static CreateConnectionRequest createConnectionRequest(ConnectionPayload connection) {
    return CreateConnectionRequest.newBuilder().setConnection(connection).build();
  }

  static DeleteConnectionRequest deleteConnectionRequest(String connectionId) {
    return DeleteConnectionRequest.newBuilder().setConnectionId(connectionId).build();
  }

  static GetIntegrationRequest integrationRequest(String integrationId) {
    return GetIntegrationRequest.newBuilder().setIntegrationId(integrationId).build();
  }

  static CreateIntegrationRequest createIntegrationRequest(IntegrationInput integration) {
    return CreateIntegrationRequest.newBuilder().setIntegration(integration).build();
  }

  static DeleteIntegrationRequest deleteIntegrationRequest(String integrationId) {
    return DeleteIntegrationRequest.newBuilder().setIntegrationId(integrationId).build();
  }

  static RunIntegrationRequest runIntegrationRequest(String integrationId) {
    return RunIntegrationRequest.newBuilder().setIntegrationId(integrationId).build();
  }

  static GetRunHistoryRequest runHistoryRequest(String integrationId) {
    return GetRunHistoryRequest.newBuilder().setIntegrationId(integrationId).build();
  }

  static GetRunStatusRequest runStatusRequest(String runId) {
    return GetRunStatusRequest.newBuilder().setRunId(runId).build();
  }

  static GetRunErrorRequest runErrorRequest(String runId) {
    return GetRunErrorRequest.newBuilder().setRunId(runId).build();
  }

  static GetImportErrorDumpRequest importErrorDumpRequest(String runId) {
    return GetImportErrorDumpRequest.newBuilder().setRunId(runId).build();
  }
}
