package dev.anaplan.grpc.client;

import dev.anaplan.grpc.v1.AlmServiceGrpc.AlmServiceStub;
import dev.anaplan.grpc.v1.AlmTask;
import dev.anaplan.grpc.v1.GetModelsForRevisionResponse;
import dev.anaplan.grpc.v1.GetSyncTasksResponse;
import dev.anaplan.grpc.v1.ModelRevision;
import dev.anaplan.grpc.v1.Revision;
import dev.anaplan.grpc.v1.RevisionList;
import dev.anaplan.grpc.v1.SummaryReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The unary calls of {@link AlmClient} as {@link CompletableFuture}s; obtained from {@link
 * AnaplanAsyncClient#alm()}, bound to the same channel, target model, credentials and deadline.
 * Failures and cancellation behave as in {@link AnaplanAsyncClient}.
 *
 * <p>The server streams ({@code watchSyncTask}, {@code getComparisonReport}) are blocking only:
 * use {@link AnaplanClient#alm()}.
 */
public final class AlmAsyncClient {
  private final AlmClient requests;

  AlmAsyncClient(AlmClient requests) {
    this.requests = requests;
  }

  /** Takes the model online or offline. */
  public CompletableFuture<Void> changeModelStatus(boolean online) {
    return unary(
        AlmServiceStub::changeModelStatus,
        requests.changeModelStatusRequest(online),
        AsyncCalls.noResult());
  }

  /** The model's revisions. */
  public CompletableFuture<List<Revision>> getRevisions() {
    return unary(
        AlmServiceStub::getRevisions,
        requests.revisionsRequest(),
        RevisionList::getRevisionsList);
  }

  /** The newest revision, empty when the model has none. */
  public CompletableFuture<Optional<Revision>> getLatestRevision() {
    return unary(
        AlmServiceStub::getLatestRevision, requests.latestRevisionRequest(), AlmClient::latest);
  }

  /** Revisions of a source model that can be synced into this model, newest first. */
  public CompletableFuture<List<Revision>> getSyncableRevisions(String sourceModelId) {
    return unary(
        AlmServiceStub::getSyncableRevisions,
        requests.syncableRevisionsRequest(sourceModelId),
        RevisionList::getRevisionsList);
  }

  /** Adds a revision tag. */
  public CompletableFuture<Revision> createRevision(String name, String description) {
    return unary(
        AlmServiceStub::createRevision,
        requests.createRevisionRequest(name, description),
        Function.identity());
  }

  /** The models a revision of this model was applied to. */
  public CompletableFuture<List<ModelRevision>> getModelsForRevision(String revisionId) {
    return unary(
        AlmServiceStub::getModelsForRevision,
        requests.modelsForRevisionRequest(revisionId),
        GetModelsForRevisionResponse::getModelsList);
  }

  /** The model's sync tasks, newest first. */
  public CompletableFuture<List<AlmTask>> getSyncTasks() {
    return unary(
        AlmServiceStub::getSyncTasks,
        requests.syncTasksRequest(),
        GetSyncTasksResponse::getTasksList);
  }

  /** One sync task. */
  public CompletableFuture<AlmTask> getSyncTask(String taskId) {
    return unary(AlmServiceStub::getSyncTask, requests.taskRef(taskId), Function.identity());
  }

  /** Syncs a source revision into this model; completes when done unless {@code wait} is false. */
  public CompletableFuture<AlmTask> syncModels(
      String sourceRevisionId, String sourceModelId, String targetRevisionId, boolean wait) {
    return unary(
        AlmServiceStub::syncModels,
        requests.taskRequest(sourceRevisionId, sourceModelId, targetRevisionId, wait),
        Function.identity());
  }

  /** Runs a comparison report task and completes when it is done. */
  public CompletableFuture<AlmTask> createComparisonReport(
      String sourceRevisionId, String sourceModelId, String targetRevisionId) {
    return unary(
        AlmServiceStub::createComparisonReport,
        requests.taskRequest(sourceRevisionId, sourceModelId, targetRevisionId, true),
        Function.identity());
  }

  /** One comparison report task. */
  public CompletableFuture<AlmTask> getComparisonReportTask(String taskId) {
    return unary(
        AlmServiceStub::getComparisonReportTask, requests.taskRef(taskId), Function.identity());
  }

  /** Runs a summary report task, then fetches the summary; cancelling cancels either call. */
  public CompletableFuture<SummaryReport> createComparisonSummary(
      String sourceRevisionId, String sourceModelId, String targetRevisionId) {
    CompletableFuture<AlmTask> task =
        unary(
            AlmServiceStub::createComparisonSummary,
            requests.taskRequest(sourceRevisionId, sourceModelId, targetRevisionId, true),
            Function.identity());
    return AsyncCalls.then(task, this::getComparisonSummary);
  }

  /** One summary report task. */
  public CompletableFuture<AlmTask> getComparisonSummaryTask(String taskId) {
    return unary(
        AlmServiceStub::getComparisonSummaryTask, requests.taskRef(taskId), Function.identity());
  }

  /** The summary of a completed summary report task. */
  public CompletableFuture<SummaryReport> getComparisonSummary(AlmTask task) {
    return unary(
        AlmServiceStub::getComparisonSummary, requests.reportRequest(task), Function.identity());
  }

  private <Req, Resp, T> CompletableFuture<T> unary(
      AsyncCalls.UnaryMethod<AlmServiceStub, Req, Resp> method,
      Req request,
      Function<Resp, T> result) {
    return AsyncCalls.unary(requests.asyncStub(), method, request, result);
  }
}
