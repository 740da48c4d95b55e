package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.Action;
import dev.anaplan.grpc.v1.BulkServiceGrpc;
import dev.anaplan.grpc.v1.CancelTaskRequest;
import dev.anaplan.grpc.v1.DataChunk;
import dev.anaplan.grpc.v1.DeleteFileRequest;
import dev.anaplan.grpc.v1.DeleteModelsRequest;
import dev.anaplan.grpc.v1.DeleteModelsResponse;
import dev.anaplan.grpc.v1.Export;
import dev.anaplan.grpc.v1.ExportAndDownloadRequest;
import dev.anaplan.grpc.v1.ExportMetadata;
import dev.anaplan.grpc.v1.File;
import dev.anaplan.grpc.v1.FileChunk;
import dev.anaplan.grpc.v1.GetActionsRequest;
import dev.anaplan.grpc.v1.GetExportMetadataRequest;
import dev.anaplan.grpc.v1.GetExportsRequest;
import dev.anaplan.grpc.v1.GetFileRequest;
import dev.anaplan.grpc.v1.GetFilesRequest;
import dev.anaplan.grpc.v1.GetImportDumpRequest;
import dev.anaplan.grpc.v1.GetImportMetadataRequest;
import dev.anaplan.grpc.v1.GetImportsRequest;
import dev.anaplan.grpc.v1.GetModelRequest;
import dev.anaplan.grpc.v1.GetModelsRequest;
import dev.anaplan.grpc.v1.GetOptimizerLogRequest;
import dev.anaplan.grpc.v1.GetProcessDumpRequest;
import dev.anaplan.grpc.v1.GetProcessMetadataRequest;
import dev.anaplan.grpc.v1.GetProcessesRequest;
import dev.anaplan.grpc.v1.GetTaskStatusRequest;
import dev.anaplan.grpc.v1.GetTaskSummariesRequest;
import dev.anaplan.grpc.v1.GetWorkspaceRequest;
import dev.anaplan.grpc.v1.GetWorkspacesRequest;
import dev.anaplan.grpc.v1.Import;
import dev.anaplan.grpc.v1.ImportMetadata;
import dev.anaplan.grpc.v1.Model;
import dev.anaplan.grpc.v1.ObjectRef;
import dev.anaplan.grpc.v1.Process;
import dev.anaplan.grpc.v1.ProcessMetadata;
import dev.anaplan.grpc.v1.RunActionRequest;
import dev.anaplan.grpc.v1.TaskStatus;
import dev.anaplan.grpc.v1.TaskSummary;
import dev.anaplan.grpc.v1.UploadAndImportHeader;
import dev.anaplan.grpc.v1.UploadAndImportRequest;
import dev.anaplan.grpc.v1.UploadAndImportResponse;
import dev.anaplan.grpc.v1.UploadFileRequest;
import dev.anaplan.grpc.v1.UploadFileResponse;
import dev.anaplan.grpc.v1.WatchTaskRequest;
import dev.anaplan.grpc.v1.Workspace;
import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.AbstractStub;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Blocking client of anaplan-grpc's BulkService, mirroring anaplan-sdk's {@code Client}. The other
 * API families are facades over the same channel: {@link #transactional()}, {@link #alm()}, {@link
 * #audit()}, {@link #cloudWorks()} and {@link #scim()}.
 *
 * <pre>{@code
 * try (AnaplanClient client = AnaplanClient.builder()
 *     .target("localhost:50051").plaintext()
 *     .workspaceId("8a868cd985f53e7701860542f59e276e")
 *     .modelId("75A40874E6B64FA3AE0743278996850F")
 *     .build()) {
 *   client.uploadFile(113000000000L, Files.newInputStream(csv));
 *   TaskStatus task = client.runAction(112000000000L);
 * }
 * }</pre>
 *
 * <p>Model-scoped calls use the client's default workspace and model ({@link Builder#workspaceId},
 * {@link Builder#modelId}); {@link #withModel} returns a client bound to another pair that shares
 * the same channel. Every call throws {@link AnaplanException} (a RuntimeException) on failure,
 * never a raw gRPC exception. Calls honour the caller's {@link Context}: cancelling it cancels the
 * call. {@link #async()} offers the unary calls as CompletableFutures.
 *
 * <p>Instances are thread-safe. Close the client that built the channel to release it; derived
 * clients ({@link #withModel}, {@link #withCredentials}, {@link #withDeadline}) share it and
 * closing them does nothing.
 */
public final class AnaplanClient implements AutoCloseable {
  private final Channel channel;
  private final ManagedChannel ownedChannel;
  private final String workspaceId;
  private final String modelId;
  private final CallCredentials credentials;
  private final Duration deadline;

  private AnaplanClient(
      Channel channel,
      ManagedChannel ownedChannel,
      String workspaceId,
      String modelId,
      CallCredentials credentials,
      Duration deadline) {
    this.channel = channel;
    this.ownedChannel = ownedChannel;
    this.workspaceId = workspaceId;
    this.modelId = modelId;
    this.credentials = credentials;
    this.deadline = deadline;
  }

  /** Starts building a client. */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ derived clients

  /** A client bound to another workspace and model, sharing this client's channel. */
  public AnaplanClient withModel(String workspaceId, String modelId) {
    return new AnaplanClient(
        channel,
        null,
        Objects.requireNonNull(workspaceId, "workspaceId"),
        Objects.requireNonNull(modelId, "modelId"),
        credentials,
        deadline);
  }

  /** A client that sends other per-call credentials (null: none), sharing the channel. */
  public AnaplanClient withCredentials(AnaplanCredentials credentials) {
    return new AnaplanClient(channel, null, workspaceId, modelId, credentials, deadline);
  }

  /** A client whose calls each get this deadline (null: none), sharing the channel. */
  public AnaplanClient withDeadline(Duration deadline) {
    return new AnaplanClient(channel, null, workspaceId, modelId, credentials, deadline);
  }

  /** The CompletableFuture-based facade over the same channel, model and credentials. */
  public AnaplanAsyncClient async() {
    return new AnaplanAsyncClient(this);
  }

  // ------------------------------------------------------------------ other API families
  // Each facade binds this client's channel, credentials, deadline and (where scoped) model.

  /** TransactionalService for the default workspace and model. */
  public TransactionalClient transactional() {
    return new TransactionalClient(this);
  }

  /** AlmService with the default model as the target model. */
  public AlmClient alm() {
    return new AlmClient(this);
  }

  /** AuditService: audit events and tenant users. */
  public AuditClient audit() {
    return new AuditClient(this);
  }

  /** CloudWorksService: connections, integrations and runs. */
  public CloudWorksClient cloudWorks() {
    return new CloudWorksClient(this);
  }

  /** ScimService: tenant users over SCIM 2.0. */
  public ScimClient scim() {
    return new ScimClient(this);
  }

  /** The default workspace id ("" when unset). */
  public String workspaceId() {
    return workspaceId;
  }

  /** The default model id ("" when unset). */
  public String modelId() {
    return modelId;
  }

  /** The underlying channel, for other services or raw stubs. */
  public Channel channel() {
    return channel;
  }

  /** Applies this client's credentials and deadline to a raw stub. */
  public <S extends AbstractStub<S>> S configure(S stub) {
    S s = stub;
    if (credentials != null) {
      s = s.withCallCredentials(credentials);
    }
    if (deadline != null) {
      s = s.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }
    return s;
  }

  BulkServiceGrpc.BulkServiceBlockingStub blocking() {
    return configure(BulkServiceGrpc.newBlockingStub(channel));
  }

  BulkServiceGrpc.BulkServiceStub asyncStub() {
    return configure(BulkServiceGrpc.newStub(channel));
  }

  // ------------------------------------------------------------------ workspaces and models

  /** Workspaces the user can see. */
  public List<Workspace> getWorkspaces() {
    return getWorkspaces(GetWorkspacesRequest.getDefaultInstance());
  }

  /** Workspaces, sorted or filtered as the request says. */
  public List<Workspace> getWorkspaces(GetWorkspacesRequest request) {
    return call(() -> blocking().getWorkspaces(request).getWorkspacesList());
  }

  /** One workspace. */
  public Workspace getWorkspace(String workspaceId) {
    return call(() -> blocking().getWorkspace(workspaceRequest(workspaceId)));
  }

  /** Models of every workspace. */
  public List<Model> getModels() {
    return getModels(GetModelsRequest.getDefaultInstance());
  }

  /** Models of one workspace only. */
  public List<Model> getModels(String onlyInWorkspace) {
    return getModels(GetModelsRequest.newBuilder().setWorkspaceId(onlyInWorkspace).build());
  }

  /** Models, filtered or sorted as the request says. */
  public List<Model> getModels(GetModelsRequest request) {
    return call(() -> blocking().getModels(request).getModelsList());
  }

  /** The default model with details. */
  public Model getModel() {
    return getModel(modelId);
  }

  /** One model with details. */
  public Model getModel(String modelId) {
    return call(() -> blocking().getModel(modelRequest(modelId)));
  }

  /** Deletes closed models of the default workspace. */
  public DeleteModelsResponse deleteModels(List<String> modelIds) {
    return call(() -> blocking().deleteModels(deleteModelsRequest(modelIds)));
  }

  // ------------------------------------------------------------------ model objects

  /** Files of the default model. */
  public List<File> getFiles() {
    return call(() -> blocking().getFiles(filesRequest()).getFilesList());
  }

  /** Actions of the default model. */
  public List<Action> getActions() {
    return call(() -> blocking().getActions(actionsRequest()).getActionsList());
  }

  /** Processes of the default model. */
  public List<Process> getProcesses() {
    return call(() -> blocking().getProcesses(processesRequest()).getProcessesList());
  }

  /** Imports of the default model. */
  public List<Import> getImports() {
    return call(() -> blocking().getImports(importsRequest()).getImportsList());
  }

  /** Exports of the default model. */
  public List<Export> getExports() {
    return call(() -> blocking().getExports(exportsRequest()).getExportsList());
  }

  /** Definition metadata of an import. */
  public ImportMetadata getImportMetadata(ObjectRef importRef) {
    return call(() -> blocking().getImportMetadata(importMetadataRequest(importRef)));
  }

  /** Definition metadata of an export. */
  public ExportMetadata getExportMetadata(ObjectRef export) {
    return call(() -> blocking().getExportMetadata(exportMetadataRequest(export)));
  }

  /** Definition metadata of a process and its actions. */
  public ProcessMetadata getProcessMetadata(ObjectRef process, boolean showImportDataSource) {
    return call(
        () ->
            blocking()
                .getProcessMetadata(processMetadataRequest(process, showImportDataSource)));
  }

  // ------------------------------------------------------------------ tasks

  /** Runs an import, export, action or process by id and waits for it. */
  public TaskStatus runAction(long actionId) {
    return runAction(ObjectRefs.id(actionId));
  }

  /** Runs an import, export, action or process by exact name and waits for it. */
  public TaskStatus runAction(String actionName) {
    return runAction(ObjectRefs.name(actionName));
  }

  /**
   * Runs an action and waits for it.
   *
   * @throws AnaplanException.TaskFailed when the task completed unsuccessfully
   */
  public TaskStatus runAction(ObjectRef action) {
    return runAction(action, RunOptions.defaults());
  }

  /** Runs an action as the options say; returns its (final or first) status. */
  public TaskStatus runAction(ObjectRef action, RunOptions options) {
    return call(() -> blocking().runAction(runActionRequest(action, options)).getTask());
  }

  /** Starts an action without waiting; the status carries the task id. */
  public TaskStatus startAction(ObjectRef action) {
    return runAction(action, RunOptions.defaults().withWaitForCompletion(false));
  }

  /** Tasks of an action. */
  public List<TaskSummary> getTaskSummaries(ObjectRef action) {
    return call(() -> blocking().getTaskSummaries(taskSummariesRequest(action)).getTasksList());
  }

  /** The current status of a task. */
  public TaskStatus getTaskStatus(ObjectRef action, String taskId) {
    return call(() -> blocking().getTaskStatus(taskStatusRequest(action, taskId)));
  }

  /**
   * Streams a task's status each time it changes, until the task ends. Close the iterator to stop
   * watching early.
   */
  public CloseableIterator<TaskStatus> watchTask(ObjectRef action, String taskId) {
    return watchTask(action, taskId, null);
  }

  /** Like {@link #watchTask(ObjectRef, String)} with the service polling at this interval. */
  public CloseableIterator<TaskStatus> watchTask(
      ObjectRef action, String taskId, Duration pollInterval) {
    WatchTaskRequest request = watchTaskRequest(action, taskId, pollInterval);
    return serverStream(stub -> stub.watchTask(request));
  }

  /** Cancels a task; returns its status. */
  public TaskStatus cancelTask(ObjectRef action, String taskId) {
    return call(() -> blocking().cancelTask(cancelTaskRequest(action, taskId)));
  }

  /** Writes the failure dump of an import task to {@code out}; returns the bytes written. */
  public long getImportDump(ObjectRef importRef, String taskId, OutputStream out) {
    GetImportDumpRequest request =
        GetImportDumpRequest.newBuilder()
            .setWorkspaceId(workspaceId)
            .setModelId(modelId)
            .setImport(importRef)
            .setTaskId(taskId)
            .build();
    return copyData(serverStream(stub -> stub.getImportDump(request)), out);
  }

  /** Writes the dump of one failed import inside a process task; returns the bytes written. */
  public long getProcessDump(ObjectRef process, String taskId, long objectId, OutputStream out) {
    GetProcessDumpRequest request =
        GetProcessDumpRequest.newBuilder()
            .setWorkspaceId(workspaceId)
            .setModelId(modelId)
            .setProcess(process)
            .setTaskId(taskId)
            .setObjectId(objectId)
            .build();
    return copyData(serverStream(stub -> stub.getProcessDump(request)), out);
  }

  /** Writes the solution log of an optimizer run; returns the bytes written. */
  public long getOptimizerLog(ObjectRef action, String taskId, OutputStream out) {
    GetOptimizerLogRequest request =
        GetOptimizerLogRequest.newBuilder()
            .setWorkspaceId(workspaceId)
            .setModelId(modelId)
            .setAction(action)
            .setTaskId(taskId)
            .build();
    return copyData(serverStream(stub -> stub.getOptimizerLog(request)), out);
  }

  // ------------------------------------------------------------------ files

  /** Downloads a file by id into {@code out} (not closed). */
  public FileDownload getFile(long fileId, OutputStream out) {
    return getFile(ObjectRefs.id(fileId), out);
  }

  /** Downloads a file into {@code out} (not closed), checking that the pieces are contiguous. */
  public FileDownload getFile(ObjectRef file, OutputStream out) {
    try (CloseableIterator<FileChunk> chunks = getFileStream(file)) {
      return writeChunks(chunks, out);
    }
  }

  /** The raw download stream; close it to stop early. */
  public CloseableIterator<FileChunk> getFileStream(ObjectRef file) {
    GetFileRequest request =
        GetFileRequest.newBuilder()
            .setWorkspaceId(workspaceId)
            .setModelId(modelId)
            .setFile(file)
            .build();
    return serverStream(stub -> stub.getFile(request));
  }

  /** Uploads {@code in} (read to its end, not closed) as the content of a file. */
  public UploadFileResponse uploadFile(long fileId, InputStream in) {
    return uploadFile(ObjectRefs.id(fileId), in, UploadOptions.defaults());
  }

  /**
   * Uploads {@code in} (read to its end, not closed) as the content of a file, in messages of
   * {@link UploadOptions#messageSize()} bytes with flow control: memory stays bounded whatever the
   * size. Cancelling the caller's Context cancels the upload and the file is never completed.
   *
   * @throws AnaplanException.DataLoss when the service's size or checksum differs from what was
   *     sent (and {@link UploadOptions#verifyChecksum()} is on)
   * @throws UncheckedIOException when reading {@code in} fails (the call is then cancelled)
   */
  public UploadFileResponse uploadFile(ObjectRef file, InputStream in, UploadOptions options) {
    UploadFileRequest header =
        UploadFileRequest.newBuilder()
            .setHeader(options.toHeader(workspaceId, modelId, file))
            .build();
    FlowControlledUpload.Result<UploadFileResponse> result =
        FlowControlledUpload.run(
            observer -> asyncStub().uploadFile(observer),
            header,
            bytes -> UploadFileRequest.newBuilder().setData(bytes).build(),
            in,
            options.messageSize());
    if (options.verifyChecksum()) {
      FlowControlledUpload.verify(result.response(), result.sent());
    }
    return result.response();
  }

  /** Uploads a byte array as the content of a file. */
  public UploadFileResponse uploadFile(long fileId, byte[] content) {
    return uploadFile(fileId, new ByteArrayInputStream(content));
  }

  /** Deletes the uploaded content of a file (the file object remains). */
  public void deleteFile(ObjectRef file) {
    call(() -> blocking().deleteFile(deleteFileRequest(file)));
  }

  /** Uploads {@code in} to a file, then runs an import and waits for it. */
  public UploadAndImportResponse uploadAndImport(long fileId, long importId, InputStream in) {
    return uploadAndImport(
        ObjectRefs.id(fileId),
        ObjectRefs.id(importId),
        in,
        UploadOptions.defaults(),
        RunOptions.defaults());
  }

  /**
   * Uploads {@code in} to a file, then runs an import as the options say.
   *
   * @throws AnaplanException.TaskFailed when the import completed unsuccessfully (unless {@link
   *     RunOptions#statusOnly()})
   */
  public UploadAndImportResponse uploadAndImport(
      ObjectRef file,
      ObjectRef importRef,
      InputStream in,
      UploadOptions upload,
      RunOptions run) {
    UploadAndImportHeader.Builder h =
        UploadAndImportHeader.newBuilder()
            .setUpload(upload.toHeader(workspaceId, modelId, file))
            .setAction(importRef)
            .setWaitForCompletion(run.waitForCompletion())
            .setStatusOnly(run.statusOnly());
    run.pollInterval().ifPresent(d -> h.setPollInterval(RunOptions.toProto(d)));
    UploadAndImportRequest header = UploadAndImportRequest.newBuilder().setHeader(h).build();
    FlowControlledUpload.Result<UploadAndImportResponse> result =
        FlowControlledUpload.run(
            observer -> asyncStub().uploadAndImport(observer),
            header,
            bytes -> UploadAndImportRequest.newBuilder().setData(bytes).build(),
            in,
            upload.messageSize());
    if (upload.verifyChecksum()) {
      FlowControlledUpload.verify(result.response().getUpload(), result.sent());
    }
    return result.response();
  }

  /** Runs an export by id and writes its output file to {@code out} (not closed). */
  public ExportDownload exportAndDownload(long exportId, OutputStream out) {
    return exportAndDownload(ObjectRefs.id(exportId), out);
  }

  /** Runs an export and writes its output file to {@code out} (not closed). */
  public ExportDownload exportAndDownload(ObjectRef export, OutputStream out) {
    ExportAndDownloadRequest request =
        ExportAndDownloadRequest.newBuilder()
            .setWorkspaceId(workspaceId)
            .setModelId(modelId)
            .setAction(export)
            .build();
    ExportChunks chunks =
        new ExportChunks(serverStream(stub -> stub.exportAndDownload(request)));
    FileDownload download = writeChunks(chunks, out);
    return new ExportDownload(chunks.task(), download);
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Shuts the channel down if this client built it, waiting up to 5 s for calls in flight; derived
   * clients and clients over a caller's channel do nothing.
   */
  @Override
  public void close() {
    if (ownedChannel == null) {
      return;
    }
    ownedChannel.shutdown();
    try {
      if (!ownedChannel.awaitTermination(5, TimeUnit.SECONDS)) {
        ownedChannel.shutdownNow();
      }
    } catch (InterruptedException e) {
      ownedChannel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "AnaplanClient{workspaceId=" + workspaceId + ", modelId=" + modelId + "}";
  }

  // ------------------------------------------------------------------ helpers

  static <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw AnaplanErrors.translate(e);
    }
  }

  /**
   * Starts a server-streaming call in its own cancellable child of the caller's Context, so that
   * closing the iterator (or the caller cancelling its Context) cancels the call.
   */
  private <T> CloseableIterator<T> serverStream(
      Function<BulkServiceGrpc.BulkServiceBlockingStub, Iterator<T>> start) {
    Context.CancellableContext context = Context.current().withCancellation();
    Context previous = context.attach();
    try {
      return new StreamIterator<>(start.apply(blocking()), context);
    } catch (RuntimeException e) {
      context.cancel(null);
      throw AnaplanErrors.translate(e);
    } finally {
      context.detach(previous);
    }
  }

  private static long copyData(CloseableIterator<DataChunk> chunks, OutputStream out) {
    return Streams.copy(chunks, DataChunk::getData, out, "download");
  }

  private static FileDownload writeChunks(CloseableIterator<FileChunk> chunks, OutputStream out) {
    File file = File.getDefaultInstance();
    long total = -1;
    long written = 0;
    boolean first = true;
    try (chunks) {
      while (chunks.hasNext()) {
        FileChunk chunk = chunks.next();
        if (first) {
          if (chunk.hasFile()) {
            file = chunk.getFile();
          }
          total = chunk.getTotalSize();
          first = false;
        }
        if (!chunk.getData().isEmpty() && chunk.getOffset() != written) {
          throw AnaplanErrors.create(
              ErrorDetails.clientSide(
                  io.grpc.Status.Code.DATA_LOSS,
                  "download piece at offset " + chunk.getOffset() + " expected at " + written,
                  null));
        }
        chunk.getData().writeTo(out);
        written += chunk.getData().size();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the download failed", e);
    }
    if (total >= 0 && total != written) {
      throw AnaplanErrors.create(
          ErrorDetails.clientSide(
              io.grpc.Status.Code.DATA_LOSS,
              "download announced " + total + " bytes but delivered " + written,
              null));
    }
    return new FileDownload(file, total, written);
  }

  // ------------------------------------------------------------------ request builders
  // Shared with AnaplanAsyncClient so both facades build identical requests.

  GetWorkspaceRequest workspaceRequest(String id) {
    return GetWorkspaceRequest.newBuilder().setWorkspaceId(id).build();
  }

  GetModelRequest modelRequest(String id) {
    return GetModelRequest.newBuilder().setModelId(id).build();
  }

  DeleteModelsRequest deleteModelsRequest(List<String> modelIds) {
    return DeleteModelsRequest.newBuilder()
        .setWorkspaceId(workspaceId)
        .addAllModelIds(modelIds)
        .build();
  }

  GetFilesRequest filesRequest() {
    return GetFilesRequest.newBuilder().setWorkspaceId(workspaceId).setModelId(modelId).build();
  }

  GetActionsRequest actionsRequest() {
    return GetActionsRequest.newBuilder().setWorkspaceId(workspaceId).setModelId(modelId).build();
  }

  GetProcessesRequest processesRequest() {
    return GetProcessesRequest.newBuilder()
        .setWorkspaceId(workspaceId)
        .setModelId(modelId)
        .build();
  }

  GetImportsRequest importsRequest() {
    return GetImportsRequest.newBuilder().setWorkspaceId(workspaceId).setModelId(modelId).build();
  }

  GetExportsRequest exportsRequest() {
    return GetExportsRequest.newBuilder().setWorkspaceId(workspaceId).setModelId(modelId).build();
  }

  GetImportMetadataRequest importMetadataRequest(ObjectRef importRef) {
    return GetImportMetadataRequest.newBuilder()
        .setWorkspaceId(workspaceId)
        .setModelId(modelId)
        .setImport(importRef)
        .build();
  }

  GetExportMetadataRequest exportMetadataRequest(ObjectRef export) {
    return GetExportMetadataRequest.newBuilder()
        .setWorkspaceId(workspaceId)
        .setModelId(modelId)
        .setExport(export)
        .build();
  }

  GetProcessMetadataRequest processMetadataRequest(ObjectRef process, boolean showSource) {
    return GetProcessMetadataRequest.newBuilder()
        .setWorkspaceId(workspaceId)
        .setModelId(modelId)
        .setProcess(process)
        .setShowImportDataSource(showSource)
        .build();
  }

  RunActionRequest runActionRequest(ObjectRef action, RunOptions options) {
    RunActionRequest.Builder r =
        RunActionRequest.newBuilder()
            .setWorkspaceId(workspaceId)
            .setModelId(modelId)
            .setAction(action)
            .setWaitForCompletion(options.waitForCompletion())
            .setStatusOnly(options.statusOnly());
    options.pollInterval().ifPresent(d -> r.setPollInterval(RunOptions.toProto(d)));
    return r.build();
  }

  GetTaskSummariesRequest taskSummariesRequest(ObjectRef action) {
    return GetTaskSummariesRequest.newBuilder()
        .setWorkspaceId(workspaceId)
        .setModelId(modelId)
        .setAction(action)
        .build();
  }

  GetTaskStatusRequest taskStatusRequest(ObjectRef action, String taskId) {
    return GetTaskStatusRequest.newBuilder()
        .setWorkspaceId(workspaceId)
        .setModelId(modelId)
        .setAction(action)
        .setTaskId(taskId)
        .build();
  }

  WatchTaskRequest watchTaskRequest(ObjectRef action, String taskId, Duration pollInterval) {
    WatchTaskRequest.Builder r =
        WatchTaskRequest.newBuilder()
            .setWorkspaceId(workspaceId)
            .setModelId(modelId)
            .setAction(action)
            .setTaskId(taskId);
    if (pollInterval != null) {
      r.setPollInterval(RunOptions.toProto(pollInterval));
    }
    return r.build();
  }

  CancelTaskRequest cancelTaskRequest(ObjectRef action, String taskId) {
    return CancelTaskRequest.newBuilder()
        .setWorkspaceId(workspaceId)
        .setModelId(modelId)
        .setAction(action)
        .setTaskId(taskId)
        .build();
  }

  DeleteFileRequest deleteFileRequest(ObjectRef file) {
    return DeleteFileRequest.newBuilder()
        .setWorkspaceId(workspaceId)
        .setModelId(modelId)
        .setFile(file)
        .build();
  }

  // ------------------------------------------------------------------ builder

  /** Builds an {@link AnaplanClient}. */
  public static final class Builder {
    private String target;
    private Channel channel;
    private boolean plaintext;
    private Path trustCertificates;
    private Path clientCertificateChain;
    private Path clientPrivateKey;
    private String authority;
    private String workspaceId = "";
    private String modelId = "";
    private AnaplanCredentials credentials;
    private Duration deadline;
    private int maxInboundMessageSize = 16 * 1024 * 1024;

    private Builder() {}

    /** The service address, e.g. {@code "localhost:50051"} or {@code "dns:///anaplan-grpc:443"}. */
    public Builder target(String target) {
      this.target = target;
      return this;
    }

    /**
     * Uses a channel the caller built and owns (e.g. in-process, or with custom interceptors);
     * {@link #close()} then leaves it open. Overrides target and the TLS settings.
     */
    public Builder channel(Channel channel) {
      this.channel = channel;
      return this;
    }

    /** No TLS (loopback or a trusted network only). TLS is the default. */
    public Builder plaintext() {
      this.plaintext = true;
      return this;
    }

    /** TLS with the system trust store (the default). */
    public Builder useTls() {
      this.plaintext = false;
      return this;
    }

    /** TLS trusting the PEM certificates in this file instead of the system store. */
    public Builder trustCertificates(Path pemFile) {
      this.trustCertificates = pemFile;
      this.plaintext = false;
      return this;
    }

    /** mTLS: present this PEM certificate chain and PKCS#8 private key to the service. */
    public Builder clientCertificate(Path certificateChain, Path privateKey) {
      this.clientCertificateChain = certificateChain;
      this.clientPrivateKey = privateKey;
      this.plaintext = false;
      return this;
    }

    /** Overrides the authority (TLS host name) checked against the server certificate. */
    public Builder overrideAuthority(String authority) {
      this.authority = authority;
      return this;
    }

    /** Default workspace of model-scoped calls. */
    public Builder workspaceId(String workspaceId) {
      this.workspaceId = Objects.requireNonNull(workspaceId);
      return this;
    }

    /** Default model of model-scoped calls. */
    public Builder modelId(String modelId) {
      this.modelId = Objects.requireNonNull(modelId);
      return this;
    }

    /** Sends {@code authorization: AnaplanAuthToken <token>} with every call. */
    public Builder anaplanToken(String token) {
      return credentials(AnaplanCredentials.token(token));
    }

    /** Sends basic credentials with every call; the service exchanges and caches them. */
    public Builder basicCredentials(String email, String password) {
      return credentials(AnaplanCredentials.basic(email, password));
    }

    /** Per-call credentials (null: rely on the service's own credential profile). */
    public Builder credentials(AnaplanCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /** A deadline for every call, counted from its start (default none). */
    public Builder deadline(Duration deadline) {
      this.deadline = deadline;
      return this;
    }

    /** Largest message accepted from the service (default 16 MiB). */
    public Builder maxInboundMessageSize(int bytes) {
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalStateException when neither a target nor a channel was given
     * @throws UncheckedIOException when a TLS file cannot be read
     */
    public AnaplanClient build() {
      if (channel != null) {
        return new AnaplanClient(channel, null, workspaceId, modelId, credentials, deadline);
      }
      if (target == null || target.isEmpty()) {
        throw new IllegalStateException("set a target (host:port) or a channel");
      }
      ManagedChannelBuilder<?> b = Grpc.newChannelBuilder(target, channelCredentials());
      if (authority != null) {
        b.overrideAuthority(authority);
      }
      ManagedChannel managed = b.maxInboundMessageSize(maxInboundMessageSize).build();
      return new AnaplanClient(managed, managed, workspaceId, modelId, credentials, deadline);
    }

    private ChannelCredentials channelCredentials() {
      if (plaintext) {
        return InsecureChannelCredentials.create();
      }
      try {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        if (trustCertificates != null) {
          tls.trustManager(trustCertificates.toFile());
        }
        if (clientCertificateChain != null) {
          tls.keyManager(clientCertificateChain.toFile(), clientPrivateKey.toFile());
        }
        return tls.build();
      } catch (IOException e) {
        throw new UncheckedIOException("reading TLS files failed", e);
      }
    }
  }
}
