package dev.anaplan.grpc.client;

import com.google.protobuf.ByteString;
import dev.anaplan.grpc.v1.AlmServiceGrpc;
import dev.anaplan.grpc.v1.AlmTask;
import dev.anaplan.grpc.v1.AlmTaskRequest;
import dev.anaplan.grpc.v1.ChangeModelStatusRequest;
import dev.anaplan.grpc.v1.CreateRevisionRequest;
import dev.anaplan.grpc.v1.DataChunk;
import dev.anaplan.grpc.v1.GetAlmReportRequest;
import dev.anaplan.grpc.v1.GetAlmTaskRequest;
import dev.anaplan.grpc.v1.GetLatestRevisionRequest;
import dev.anaplan.grpc.v1.GetLatestRevisionResponse;
import dev.anaplan.grpc.v1.GetRevisionsRequest;
import dev.anaplan.grpc.v1.GetSyncTasksRequest;
import dev.anaplan.grpc.v1.GetSyncableRevisionsRequest;
import dev.anaplan.grpc.v1.Revision;
import dev.anaplan.grpc.v1.SummaryReport;
import dev.anaplan.grpc.v1.WatchAlmTaskRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * AlmService (anaplan-sdk's {@code client.alm}) for the {@link AnaplanClient}'s model, the target
 * model of syncs and reports. Calls carry the client's credentials and deadline and throw {@link
 * AnaplanException}; an unsuccessful sync throws {@link AnaplanException.TaskFailed}.
 *
 * <p>Hand-written: revisions, syncs ({@link #watchSyncTask} as an iterator) and comparison reports.
 * The other RPCs (GetModelsForRevision, the report-task getters, ...) are on {@link #raw()}.
 */
public final class AlmClient {
  private final AnaplanClient client;
  private final String modelId;

  AlmClient(AnaplanClient client) {
    this.client = client;
    this.modelId = client.modelId();
  }

  /** The generated blocking stub with the client's credentials and deadline. */
  public AlmServiceGrpc.AlmServiceBlockingStub raw() {
    return client.configure(AlmServiceGrpc.newBlockingStub(client.channel()));
  }

  /** Takes the model online or offline. */
  public void changeModelStatus(boolean online) {
    ChangeModelStatusRequest r = changeModelStatusRequest(online);
    AnaplanClient.call(() -> raw().changeModelStatus(r));
  }

  /** The model's revisions. */
  public List<Revision> getRevisions() {
    GetRevisionsRequest r = revisionsRequest();
    return AnaplanClient.call(() -> raw().getRevisions(r).getRevisionsList());
  }

  /** The newest revision, empty when the model has none. */
  public Optional<Revision> getLatestRevision() {
    GetLatestRevisionRequest r = latestRevisionRequest();
    return latest(AnaplanClient.call(() -> raw().getLatestRevision(r)));
  }

  /** Revisions of a source model that can be synced into this model, newest first. */
  public List<Revision> getSyncableRevisions(String sourceModelId) {
    GetSyncableRevisionsRequest r = syncableRevisionsRequest(sourceModelId);
    return AnaplanClient.call(() -> raw().getSyncableRevisions(r).getRevisionsList());
  }

  /** Adds a revision tag. */
  public Revision createRevision(String name, String description) {
    CreateRevisionRequest r = createRevisionRequest(name, description);
    return AnaplanClient.call(() -> raw().createRevision(r));
  }

  /** The model's sync tasks, newest first. */
  public List<AlmTask> getSyncTasks() {
    GetSyncTasksRequest r = syncTasksRequest();
    return AnaplanClient.call(() -> raw().getSyncTasks(r).getTasksList());
  }

  /** One sync task. */
  public AlmTask getSyncTask(String taskId) {
    return AnaplanClient.call(() -> raw().getSyncTask(taskRef(taskId)));
  }

  /** Syncs a source revision into this model; waits for it unless {@code wait} is false. */
  public AlmTask syncModels(
      String sourceRevisionId, String sourceModelId, String targetRevisionId, boolean wait) {
    AlmTaskRequest r = taskRequest(sourceRevisionId, sourceModelId, targetRevisionId, wait);
    return AnaplanClient.call(() -> raw().syncModels(r));
  }

  /**
   * A sync task's status first and on each change, until it completes (null pollInterval: the
   * server's). Close the iterator to stop watching early.
   */
  public CloseableIterator<AlmTask> watchSyncTask(String taskId, Duration pollInterval) {
    WatchAlmTaskRequest.Builder r =
        WatchAlmTaskRequest.newBuilder().setModelId(modelId).setTaskId(taskId);
    if (pollInterval != null) {
      r.setPollInterval(RunOptions.toProto(pollInterval));
    }
    WatchAlmTaskRequest request = r.build();
    return Streams.open(() -> raw().watchSyncTask(request));
  }

  /** Runs a comparison report task and waits for it. */
  public AlmTask createComparisonReport(
      String sourceRevisionId, String sourceModelId, String targetRevisionId) {
    AlmTaskRequest r = taskRequest(sourceRevisionId, sourceModelId, targetRevisionId, true);
    return AnaplanClient.call(() -> raw().createComparisonReport(r));
  }

  /** Writes the tab-separated report of a completed comparison task; returns the bytes written. */
  public long getComparisonReport(AlmTask task, OutputStream out) {
    GetAlmReportRequest r = reportRequest(task);
    long written = 0;
    try (CloseableIterator<DataChunk> chunks = Streams.open(() -> raw().getComparisonReport(r))) {
      while (chunks.hasNext()) {
        ByteString data = chunks.next().getData();
        data.writeTo(out);
        written += data.size();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the report failed", e);
    }
    return written;
  }

  /** Runs a summary report task, waits for it and returns the summary. */
  public SummaryReport createComparisonSummary(
      String sourceRevisionId, String sourceModelId, String targetRevisionId) {
    AlmTaskRequest r = taskRequest(sourceRevisionId, sourceModelId, targetRevisionId, true);
    AlmTask task = AnaplanClient.call(() -> raw().createComparisonSummary(r));
    return AnaplanClient.call(() -> raw().getComparisonSummary(reportRequest(task)));
  }

  /** The generated async stub with the client's credentials and deadline (one per call). */
  AlmServiceGrpc.AlmServiceStub asyncStub() {
    return client.configure(AlmServiceGrpc.newStub(client.channel()));
  }

  // Requests shared with AlmAsyncClient.

  ChangeModelStatusRequest changeModelStatusRequest(boolean online) {
    return ChangeModelStatusRequest.newBuilder()
        .setModelId(modelId)
        .setStatus(online ? "online" : "offline")
        .build();
  }

  GetRevisionsRequest revisionsRequest() {
    return GetRevisionsRequest.newBuilder().setModelId(modelId).build();
  }

  GetLatestRevisionRequest latestRevisionRequest() {
    return GetLatestRevisionRequest.newBuilder().setModelId(modelId).build();
  }

  static Optional<Revision> latest(GetLatestRevisionResponse response) {
    return response.hasRevision() ? Optional.of(response.getRevision()) : Optional.empty();
  }

  GetSyncableRevisionsRequest syncableRevisionsRequest(String sourceModelId) {
    return GetSyncableRevisionsRequest.newBuilder()
        .setModelId(modelId)
        .setSourceModelId(sourceModelId)
        .build();
  }

  CreateRevisionRequest createRevisionRequest(String name, String description) {
    return CreateRevisionRequest.newBuilder()
        .setModelId(modelId)
        .setName(name)
        .setDescription(description)
        .build();
  }

  GetSyncTasksRequest syncTasksRequest() {
    return GetSyncTasksRequest.newBuilder().setModelId(modelId).build();
  }

  GetAlmTaskRequest taskRef(String taskId) {
    return GetAlmTaskRequest.newBuilder().setModelId(modelId).setTaskId(taskId).build();
  }

  AlmTaskRequest taskRequest(
      String sourceRevisionId, String sourceModelId, String targetRevisionId, boolean wait) {
    return AlmTaskRequest.newBuilder()
        .setModelId(modelId)
        .setSourceRevisionId(sourceRevisionId)
        .setSourceModelId(sourceModelId)
        .setTargetRevisionId(targetRevisionId)
        .setNoWait(!wait)
        .build();
  }

  GetAlmReportRequest reportRequest(AlmTask task) {
    return GetAlmReportRequest.newBuilder()
        .setModelId(modelId)
        .setTargetRevisionId(task.getResult().getTargetRevisionId())
        .setSourceRevisionId(task.getResult().getSourceRevisionId())
        .build();
  }
}
