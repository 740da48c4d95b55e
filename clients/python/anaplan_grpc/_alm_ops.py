"""The ALM operations (anaplan-sdk's ``client.alm``), shared by the sync
AlmClient and the asyncio one; see ``_ops``."""

from __future__ import annotations

from typing import List, Optional

from anaplan.v1 import alm_pb2, alm_pb2_grpc

from ._base import duration
from ._ops import FamilyBase, Gather, Stream, Unary, join_bytes, none, op, same, stream_op


def _latest(reply: alm_pb2.GetLatestRevisionResponse) -> Optional[alm_pb2.Revision]:
    return reply.revision if reply.HasField("revision") else None


class AlmOps(FamilyBase):
    """ALM calls for the client's model (the target model of syncs and
    reports). Results are anaplan.v1 protobuf messages."""

    _stub_type = alm_pb2_grpc.AlmServiceStub

    @property
    def _model(self) -> str:
        model_id = self._client.model_id
        if not model_id:
            raise ValueError("model_id is required: pass it to Client(...)")
        return model_id

    def _task_id(self, task_id: str) -> alm_pb2.GetAlmTaskRequest:
        return alm_pb2.GetAlmTaskRequest(model_id=self._model, task_id=task_id)

    def _task_request(self, source_revision_id: str, source_model_id: str,
                      target_revision_id: str, wait_for_completion: bool,
                      poll_interval: Optional[float]) -> alm_pb2.AlmTaskRequest:
        return alm_pb2.AlmTaskRequest(
            model_id=self._model, source_revision_id=source_revision_id,
            source_model_id=source_model_id, target_revision_id=target_revision_id,
            no_wait=not wait_for_completion, poll_interval=duration(poll_interval))

    def _report_request(self, task: alm_pb2.AlmTask) -> alm_pb2.GetAlmReportRequest:
        if not task.HasField("result"):
            raise ValueError("the task has not completed: no result yet")
        return alm_pb2.GetAlmReportRequest(
            model_id=self._model, target_revision_id=task.result.target_revision_id,
            source_revision_id=task.result.source_revision_id)

    @op
    def change_model_status(self, status: str) -> Unary[None]:
        """Takes the model "online" or "offline"."""
        return Unary("ChangeModelStatus",
                     alm_pb2.ChangeModelStatusRequest(model_id=self._model, status=status), none)

    @op
    def get_revisions(self, sort_by: Optional[str] = None,
                      descending: bool = False) -> Unary[List[alm_pb2.Revision]]:
        return Unary("GetRevisions", alm_pb2.GetRevisionsRequest(
            model_id=self._model, sort_by=sort_by or "", descending=descending),
            lambda r: list(r.revisions))

    @op
    def get_latest_revision(self) -> Unary[Optional[alm_pb2.Revision]]:
        return Unary("GetLatestRevision",
                     alm_pb2.GetLatestRevisionRequest(model_id=self._model), _latest)

    @op
    def get_syncable_revisions(self, source_model_id: str) -> Unary[List[alm_pb2.Revision]]:
        return Unary("GetSyncableRevisions", alm_pb2.GetSyncableRevisionsRequest(
            model_id=self._model, source_model_id=source_model_id), lambda r: list(r.revisions))

    @op
    def create_revision(self, name: str, description: str = "") -> Unary[alm_pb2.Revision]:
        return Unary("CreateRevision", alm_pb2.CreateRevisionRequest(
            model_id=self._model, name=name, description=description), same)

    @op
    def get_models_for_revision(self, revision_id: str
                                ) -> Unary[List[alm_pb2.ModelRevision]]:
        return Unary("GetModelsForRevision", alm_pb2.GetModelsForRevisionRequest(
            model_id=self._model, revision_id=revision_id), lambda r: list(r.models))

    @op
    def get_sync_tasks(self) -> Unary[List[alm_pb2.AlmTask]]:
        return Unary("GetSyncTasks", alm_pb2.GetSyncTasksRequest(model_id=self._model),
                     lambda r: list(r.tasks))

    @op
    def get_sync_task(self, task_id: str) -> Unary[alm_pb2.AlmTask]:
        return Unary("GetSyncTask", self._task_id(task_id), same)

    @op
    def sync_models(self, source_revision_id: str, source_model_id: str,
                    target_revision_id: str, wait_for_completion: bool = True,
                    poll_interval: Optional[float] = None) -> Unary[alm_pb2.AlmTask]:
        """Syncs a source revision into this model; an unsuccessful sync
        raises AnaplanActionError."""
        return Unary("SyncModels", self._task_request(
            source_revision_id, source_model_id, target_revision_id,
            wait_for_completion, poll_interval), same)

    @stream_op
    def watch_sync_task(self, task_id: str,
                        poll_interval: Optional[float] = None) -> Stream[alm_pb2.AlmTask]:
        """Yields the task's status when it changes, until it completes."""
        return Stream("WatchSyncTask", alm_pb2.WatchAlmTaskRequest(
            model_id=self._model, task_id=task_id, poll_interval=duration(poll_interval)),
            lambda task: (task,))

    @op
    def create_comparison_report(self, source_revision_id: str, source_model_id: str,
                                 target_revision_id: str, wait_for_completion: bool = True,
                                 poll_interval: Optional[float] = None
                                 ) -> Unary[alm_pb2.AlmTask]:
        return Unary("CreateComparisonReport", self._task_request(
            source_revision_id, source_model_id, target_revision_id,
            wait_for_completion, poll_interval), same)

    @op
    def get_comparison_report_task(self, task_id: str) -> Unary[alm_pb2.AlmTask]:
        return Unary("GetComparisonReportTask", self._task_id(task_id), same)

    @op
    def get_comparison_report(self, task: alm_pb2.AlmTask) -> Gather[bytes]:
        """The tab-separated report of a completed comparison task."""
        return Gather(Stream("GetComparisonReport", self._report_request(task),
                             lambda chunk: (chunk.data,)), join_bytes)

    def _summary_task(self, source_revision_id: str, source_model_id: str,
                      target_revision_id: str, wait_for_completion: bool,
                      poll_interval: Optional[float]) -> Unary[alm_pb2.AlmTask]:
        return Unary("CreateComparisonSummary", self._task_request(
            source_revision_id, source_model_id, target_revision_id,
            wait_for_completion, poll_interval), same)

    @op
    def get_comparison_summary_task(self, task_id: str) -> Unary[alm_pb2.AlmTask]:
        return Unary("GetComparisonSummaryTask", self._task_id(task_id), same)

    @op
    def get_comparison_summary(self, task: alm_pb2.AlmTask) -> Unary[alm_pb2.SummaryReport]:
        return Unary("GetComparisonSummary", self._report_request(task), same)
