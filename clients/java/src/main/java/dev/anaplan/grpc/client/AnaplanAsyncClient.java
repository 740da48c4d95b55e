package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.Action;
import dev.anaplan.grpc.v1.BulkServiceGrpc;
import dev.anaplan.grpc.v1.DeleteModelsResponse;
import dev.anaplan.grpc.v1.Export;
import dev.anaplan.grpc.v1.ExportMetadata;
import dev.anaplan.grpc.v1.File;
import dev.anaplan.grpc.v1.GetActionsResponse;
import dev.anaplan.grpc.v1.GetExportsResponse;
import dev.anaplan.grpc.v1.GetFilesResponse;
import dev.anaplan.grpc.v1.GetImportsResponse;
import dev.anaplan.grpc.v1.GetModelsRequest;
import dev.anaplan.grpc.v1.GetModelsResponse;
import dev.anaplan.grpc.v1.GetProcessesResponse;
import dev.anaplan.grpc.v1.GetTaskSummariesResponse;
import dev.anaplan.grpc.v1.GetWorkspacesRequest;
import dev.anaplan.grpc.v1.GetWorkspacesResponse;
import dev.anaplan.grpc.v1.Import;
import dev.anaplan.grpc.v1.ImportMetadata;
import dev.anaplan.grpc.v1.Model;
import dev.anaplan.grpc.v1.ObjectRef;
import dev.anaplan.grpc.v1.Process;
import dev.anaplan.grpc.v1.ProcessMetadata;
import dev.anaplan.grpc.v1.RunActionResponse;
import dev.anaplan.grpc.v1.TaskStatus;
import dev.anaplan.grpc.v1.TaskSummary;
import dev.anaplan.grpc.v1.Workspace;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The unary calls of {@link AnaplanClient} as {@link CompletableFuture}s; obtained from {@link
 * AnaplanClient#async()} and bound to the same channel, model, credentials and deadline.
 *
 * <p>A failed call completes its future exceptionally with an {@link AnaplanException}
 * (join() wraps it in a CompletionException, get() in an ExecutionException). Cancelling a
 * returned future cancels the gRPC call. Completion runs on the channel's executor: keep
 * dependent stages short, or use the {@code *Async} stage methods with an executor of your own.
 *
 * <p>The API families have async facades too: {@link #transactional()}, {@link #alm()}, {@link
 * #audit()}, {@link #cloudWorks()} and {@link #scim()}.
 */
public final class AnaplanAsyncClient {
  private final AnaplanClient client;

  AnaplanAsyncClient(AnaplanClient client) {
    this.client = client;
  }

  /** TransactionalService for the default workspace and model, as futures. */
  public TransactionalAsyncClient transactional() {
    return new TransactionalAsyncClient(client.transactional());
  }

  /** AlmService with the default model as the target model, as futures. */
  public AlmAsyncClient alm() {
    return new AlmAsyncClient(client.alm());
  }

  /** AuditService: audit events and tenant users, as futures. */
  public AuditAsyncClient audit() {
    return new AuditAsyncClient(client.audit());
  }

  /** CloudWorksService: connections, integrations and runs, as futures. */
  public CloudWorksAsyncClient cloudWorks() {
    return new CloudWorksAsyncClient(client.cloudWorks());
  }

  /** ScimService: tenant users over SCIM 2.0, as futures. */
  public ScimAsyncClient scim() {
    return new ScimAsyncClient(client.scim());
  }

  public CompletableFuture<List<Workspace>> getWorkspaces() {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getWorkspaces,
        GetWorkspacesRequest.getDefaultInstance(),
        GetWorkspacesResponse::getWorkspacesList);
  }

  public CompletableFuture<Workspace> getWorkspace(String workspaceId) {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getWorkspace,
        client.workspaceRequest(workspaceId),
        Function.identity());
  }

  public CompletableFuture<List<Model>> getModels() {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getModels,
        GetModelsRequest.getDefaultInstance(),
        GetModelsResponse::getModelsList);
  }

  public CompletableFuture<List<Model>> getModels(String onlyInWorkspace) {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getModels,
        GetModelsRequest.newBuilder().setWorkspaceId(onlyInWorkspace).build(),
        GetModelsResponse::getModelsList);
  }

  public CompletableFuture<Model> getModel(String modelId) {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getModel,
        client.modelRequest(modelId),
        Function.identity());
  }

  public CompletableFuture<DeleteModelsResponse> deleteModels(List<String> modelIds) {
    return unary(
        BulkServiceGrpc.BulkServiceStub::deleteModels,
        client.deleteModelsRequest(modelIds),
        Function.identity());
  }

  public CompletableFuture<List<File>> getFiles() {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getFiles,
        client.filesRequest(),
        GetFilesResponse::getFilesList);
  }

  public CompletableFuture<List<Action>> getActions() {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getActions,
        client.actionsRequest(),
        GetActionsResponse::getActionsList);
  }

  public CompletableFuture<List<Process>> getProcesses() {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getProcesses,
        client.processesRequest(),
        GetProcessesResponse::getProcessesList);
  }

  public CompletableFuture<List<Import>> getImports() {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getImports,
        client.importsRequest(),
        GetImportsResponse::getImportsList);
  }

  public CompletableFuture<List<Export>> getExports() {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getExports,
        client.exportsRequest(),
        GetExportsResponse::getExportsList);
  }

  public CompletableFuture<ImportMetadata> getImportMetadata(ObjectRef importRef) {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getImportMetadata,
        client.importMetadataRequest(importRef),
        Function.identity());
  }

  public CompletableFuture<ExportMetadata> getExportMetadata(ObjectRef export) {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getExportMetadata,
        client.exportMetadataRequest(export),
        Function.identity());
  }

  public CompletableFuture<ProcessMetadata> getProcessMetadata(
      ObjectRef process, boolean showImportDataSource) {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getProcessMetadata,
        client.processMetadataRequest(process, showImportDataSource),
        Function.identity());
  }

  public CompletableFuture<TaskStatus> runAction(long actionId) {
    return runAction(ObjectRefs.id(actionId), RunOptions.defaults());
  }

  public CompletableFuture<TaskStatus> runAction(String actionName) {
    return runAction(ObjectRefs.name(actionName), RunOptions.defaults());
  }

  public CompletableFuture<TaskStatus> runAction(ObjectRef action) {
    return runAction(action, RunOptions.defaults());
  }

  /** Completes with the task status; exceptionally with TaskFailed for an unsuccessful task. */
  public CompletableFuture<TaskStatus> runAction(ObjectRef action, RunOptions options) {
    return unary(
        BulkServiceGrpc.BulkServiceStub::runAction,
        client.runActionRequest(action, options),
        RunActionResponse::getTask);
  }

  public CompletableFuture<TaskStatus> startAction(ObjectRef action) {
    return runAction(action, RunOptions.defaults().withWaitForCompletion(false));
  }

  public CompletableFuture<List<TaskSummary>> getTaskSummaries(ObjectRef action) {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getTaskSummaries,
        client.taskSummariesRequest(action),
        GetTaskSummariesResponse::getTasksList);
  }

  public CompletableFuture<TaskStatus> getTaskStatus(ObjectRef action, String taskId) {
    return unary(
        BulkServiceGrpc.BulkServiceStub::getTaskStatus,
        client.taskStatusRequest(action, taskId),
        Function.identity());
  }

  public CompletableFuture<TaskStatus> cancelTask(ObjectRef action, String taskId) {
    return unary(
        BulkServiceGrpc.BulkServiceStub::cancelTask,
        client.cancelTaskRequest(action, taskId),
        Function.identity());
  }

  public CompletableFuture<Void> deleteFile(ObjectRef file) {
    return unary(
        BulkServiceGrpc.BulkServiceStub::deleteFile,
        client.deleteFileRequest(file),
        AsyncCalls.noResult());
  }

  private <Req, Resp, T> CompletableFuture<T> unary(
      AsyncCalls.UnaryMethod<BulkServiceGrpc.BulkServiceStub, Req, Resp> method,
      Req request,
      Function<Resp, T> result) {
    return AsyncCalls.unary(client.asyncStub(), method, request, result);
  }
}
