package dev.anaplan.grpc.client;

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
import dev.anaplan.grpc.v1.GetModelsForRevisionRequest;
import dev.anaplan.grpc.v1.GetRevisionsRequest;
import dev.anaplan.grpc.v1.GetSyncTasksRequest;
import dev.anaplan.grpc.v1.GetSyncableRevisionsRequest;
import dev.anaplan.grpc.v1.ModelRevision;
import dev.anaplan.grpc.v1.Revision;
import dev.anaplan.grpc.v1.SummaryReport;
import dev.anaplan.grpc.v1.WatchAlmTaskRequest;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * AlmService (anaplan-sdk's {@code client.alm}) for the {@link AnaplanClient}'s model, the target
 * model of syncs and reports. Calls carry the client's credentials and deadline and throw {@link
 * AnaplanException}; an unsuccessful sync throws {@link AnaplanException.TaskFailed}.
 *
 * <p>Every RPC has a method here: revisions, syncs ({@link #watchSyncTask} as an iterator) and
 * comparison reports (the report as bytes written to an {@link OutputStream}). {@link #raw()} is
 * the stub.
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

  /** The models a revision of this model was applied to. */
  public List<ModelRevision> getModelsForRevision(String revisionId) {
    GetModelsForRevisionRequest r = modelsForRevisionRequest(revisionId);
    return AnaplanClient.call(() -> raw().getModelsForRevision(r).getModelsList());
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

  /** One comparison report task. */
  public AlmTask getComparisonReportTask(String taskId) {
    return AnaplanClient.call(() -> raw().getComparisonReportTask(taskRef(taskId)));
  }

  /** Writes the tab-separated report of a completed comparison task; returns the bytes written. */
  public long getComparisonReport(AlmTask task, OutputStream out) {
    GetAlmReportRequest r = reportRequest(task);
    return Streams.copy(
        Streams.open(() -> raw().getComparisonReport(r)), DataChunk::getData, out, "report");
  }

  /** Runs a summary report task, waits for it and returns the summary. */
  public SummaryReport createComparisonSummary(
      String sourceRevisionId, String sourceModelId, String targetRevisionId) {
    AlmTaskRequest r = taskRequest(sourceRevisionId, sourceModelId, targetRevisionId, true);
    return getComparisonSummary(AnaplanClient.call(() -> raw().createComparisonSummary(r)));
  }

  /** One summary report task. */
  public AlmTask getComparisonSummaryTask(String taskId) {
    return AnaplanClient.call(() -> raw().getComparisonSummaryTask(taskRef(taskId)));
  }

  /** The summary of a completed summary report task. */
  public SummaryReport getComparisonSummary(AlmTask task) {
    GetAlmReportRequest r = reportRequest(task);
    return AnaplanClient.call(() -> raw().getComparisonSummary(r));
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

  GetModelsForRevisionRequest modelsForRevisionRequest(String revisionId) {
    return GetModelsForRevisionRequest.newBuilder()
        .setModelId(modelId)
        .setRevisionId(revisionId)
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
