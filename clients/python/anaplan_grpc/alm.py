"""``client.alm``: anaplan-sdk's ALM sub-client over anaplan.v1.AlmService."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Union

from anaplan.v1 import alm_pb2, alm_pb2_grpc

from ._families import duration, translate_errors

if TYPE_CHECKING:
    from .client import Client


class AlmClient:
    """ALM calls for the client's model (the target model of syncs and
    reports). Results are anaplan.v1 protobuf messages."""

    def __init__(self, client: "Client") -> None:
        self._client = client
        self._stub = alm_pb2_grpc.AlmServiceStub(client.channel)

    @property
    def _model(self) -> str:
        model_id = self._client.model_id
        if not model_id:
            raise ValueError("model_id is required: pass it to Client(...)")
        return model_id

    def _kw(self, timeout: Optional[float] = None) -> Dict[str, Any]:
        return self._client._kw(timeout)

    @translate_errors
    def change_model_status(self, status: str) -> None:
        """Takes the model "online" or "offline"."""
        self._stub.ChangeModelStatus(
            alm_pb2.ChangeModelStatusRequest(model_id=self._model, status=status), **self._kw())

    @translate_errors
    def get_revisions(self, sort_by: Optional[str] = None,
                      descending: bool = False) -> List[alm_pb2.Revision]:
        return list(self._stub.GetRevisions(alm_pb2.GetRevisionsRequest(
            model_id=self._model, sort_by=sort_by or "", descending=descending),
            **self._kw()).revisions)

    @translate_errors
    def get_latest_revision(self) -> Optional[alm_pb2.Revision]:
        resp = self._stub.GetLatestRevision(
            alm_pb2.GetLatestRevisionRequest(model_id=self._model), **self._kw())
        return resp.revision if resp.HasField("revision") else None

    @translate_errors
    def get_syncable_revisions(self, source_model_id: str) -> List[alm_pb2.Revision]:
        return list(self._stub.GetSyncableRevisions(alm_pb2.GetSyncableRevisionsRequest(
            model_id=self._model, source_model_id=source_model_id), **self._kw()).revisions)

    @translate_errors
    def create_revision(self, name: str, description: str = "") -> alm_pb2.Revision:
        return self._stub.CreateRevision(alm_pb2.CreateRevisionRequest(
            model_id=self._model, name=name, description=description), **self._kw())

    @translate_errors
    def get_models_for_revision(self, revision_id: str) -> List[alm_pb2.ModelRevision]:
        return list(self._stub.GetModelsForRevision(alm_pb2.GetModelsForRevisionRequest(
            model_id=self._model, revision_id=revision_id), **self._kw()).models)

    @translate_errors
    def get_sync_tasks(self) -> List[alm_pb2.AlmTask]:
        return list(self._stub.GetSyncTasks(
            alm_pb2.GetSyncTasksRequest(model_id=self._model), **self._kw()).tasks)

    @translate_errors
    def get_sync_task(self, task_id: str) -> alm_pb2.AlmTask:
        return self._stub.GetSyncTask(
            alm_pb2.GetAlmTaskRequest(model_id=self._model, task_id=task_id), **self._kw())

    def _task_request(self, source_revision_id: str, source_model_id: str,
                      target_revision_id: str, wait_for_completion: bool,
                      poll_interval: Optional[float]) -> alm_pb2.AlmTaskRequest:
        return alm_pb2.AlmTaskRequest(
            model_id=self._model, source_revision_id=source_revision_id,
            source_model_id=source_model_id, target_revision_id=target_revision_id,
            no_wait=not wait_for_completion, poll_interval=duration(poll_interval))

    @translate_errors
    def sync_models(self, source_revision_id: str, source_model_id: str,
                    target_revision_id: str, wait_for_completion: bool = True,
                    poll_interval: Optional[float] = None) -> alm_pb2.AlmTask:
        """Syncs a source revision into this model; an unsuccessful sync
        raises AnaplanActionError."""
        return self._stub.SyncModels(self._task_request(
            source_revision_id, source_model_id, target_revision_id,
            wait_for_completion, poll_interval), **self._kw())

    def watch_sync_task(self, task_id: str,
                        poll_interval: Optional[float] = None) -> Iterator[alm_pb2.AlmTask]:
        """Yields the task's status when it changes, until it completes."""
        return self._client._stream(self._stub.WatchSyncTask, alm_pb2.WatchAlmTaskRequest(
            model_id=self._model, task_id=task_id, poll_interval=duration(poll_interval)))

    @translate_errors
    def create_comparison_report(self, source_revision_id: str, source_model_id: str,
                                 target_revision_id: str, wait_for_completion: bool = True,
                                 poll_interval: Optional[float] = None) -> alm_pb2.AlmTask:
        return self._stub.CreateComparisonReport(self._task_request(
            source_revision_id, source_model_id, target_revision_id,
            wait_for_completion, poll_interval), **self._kw())

    @translate_errors
    def get_comparison_report_task(self, task_id: str) -> alm_pb2.AlmTask:
        return self._stub.GetComparisonReportTask(
            alm_pb2.GetAlmTaskRequest(model_id=self._model, task_id=task_id), **self._kw())

    @translate_errors
    def get_comparison_report(self, task: alm_pb2.AlmTask) -> bytes:
        """The tab-separated report of a completed comparison task."""
        return b"".join(c.data for c in self._stub.GetComparisonReport(
            self._report_request(task), **self._kw()))

    @translate_errors
    def create_comparison_summary(
            self, source_revision_id: str, source_model_id: str, target_revision_id: str,
            wait_for_completion: bool = True,
            poll_interval: Optional[float] = None) -> Union[alm_pb2.SummaryReport, alm_pb2.AlmTask]:
        """Like the SDK: the SummaryReport when waiting, else the task."""
        task = self._stub.CreateComparisonSummary(self._task_request(
            source_revision_id, source_model_id, target_revision_id,
            wait_for_completion, poll_interval), **self._kw())
        if not wait_for_completion:
            return task
        return self._stub.GetComparisonSummary(self._report_request(task), **self._kw())

    @translate_errors
    def get_comparison_summary_task(self, task_id: str) -> alm_pb2.AlmTask:
        return self._stub.GetComparisonSummaryTask(
            alm_pb2.GetAlmTaskRequest(model_id=self._model, task_id=task_id), **self._kw())

    @translate_errors
    def get_comparison_summary(self, task: alm_pb2.AlmTask) -> alm_pb2.SummaryReport:
        return self._stub.GetComparisonSummary(self._report_request(task), **self._kw())

    def _report_request(self, task: alm_pb2.AlmTask) -> alm_pb2.GetAlmReportRequest:
        if not task.HasField("result"):
            raise ValueError("the task has not completed: no result yet")
        return alm_pb2.GetAlmReportRequest(
            model_id=self._model, target_revision_id=task.result.target_revision_id,
            source_revision_id=task.result.source_revision_id)
