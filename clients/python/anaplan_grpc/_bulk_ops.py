"""The BulkService operations of Client and AsyncClient, written once (see
``_ops``): blocking methods on Client, coroutines and async iterators on
AsyncClient. The transfer specs (file uploads and downloads, export
streams) are built here too; the clients' hand-written methods only feed
them content and destinations."""

from __future__ import annotations

from typing import Any, ClassVar, Iterable, List, Optional, Type, TypeVar, Union

from anaplan.v1 import bulk_pb2

from ._base import Ref, _ClientBase, object_ref
from ._io import Meter, ProgressCallback
from ._ops import Gather, Stream, Unary, Upload, join_bytes, lazy_stream_op, none, op, same
from ._transfer import ChunkJoiner, DownloadCheck, check_upload
from .types import TaskStatus, TaskSummary

_T = TypeVar("_T")


def _send_pieces(method: str, request_type: Type[Any], header: Any, meter: Meter,
                 convert: Any) -> Upload[bytes, _T]:
    # One byte piece per message, counted once the RPC has taken it.
    return Upload(method, request_type(header=header), same,
                  lambda pieces: request_type(data=pieces[0]), convert, size=1,
                  sent=lambda pieces: meter.add(pieces[0]))


def _task(reply: Any) -> TaskStatus:
    return TaskStatus.from_proto(reply.task)


class BulkOps(_ClientBase):
    """Workspaces, models, model objects, tasks and transfers of the bound
    model (see ``Client``)."""

    #: The class named in "pass it here or to ...(...)" errors.
    _constructor: ClassVar[str] = "Client"

    def _workspace(self, workspace_id: Optional[str]) -> str:
        ws = workspace_id or self._workspace_id
        if not ws:
            raise ValueError("workspace_id is required: pass it here or to %s(...)"
                             % self._constructor)
        return ws

    # ------------------------------------------------- workspaces and models

    @op
    def get_workspaces(self, search_pattern: Optional[str] = None,
                       sort_by: Optional[str] = None,
                       descending: bool = False) -> Unary[List[bulk_pb2.Workspace]]:
        req = bulk_pb2.GetWorkspacesRequest(search_pattern=search_pattern or "",
                                            sort_by=sort_by or "", descending=descending)
        return Unary("GetWorkspaces", req, lambda r: list(r.workspaces))

    @op
    def get_workspace(self, workspace_id: Optional[str] = None) -> Unary[bulk_pb2.Workspace]:
        req = bulk_pb2.GetWorkspaceRequest(workspace_id=self._workspace(workspace_id))
        return Unary("GetWorkspace", req, same)

    def _people(self, method: str, workspace_id: Optional[str]
                ) -> Unary[List[bulk_pb2.WorkspacePerson]]:
        req = bulk_pb2.GetWorkspacePeopleRequest(workspace_id=self._workspace(workspace_id))
        return Unary(method, req, lambda r: list(r.people))

    @op
    def get_workspace_admins(self, workspace_id: Optional[str] = None
                             ) -> Unary[List[bulk_pb2.WorkspacePerson]]:
        """The workspace's administrators (GET /workspaces/{id}/admins)."""
        return self._people("GetWorkspaceAdmins", workspace_id)

    @op
    def get_workspace_visitors(self, workspace_id: Optional[str] = None
                               ) -> Unary[List[bulk_pb2.WorkspacePerson]]:
        """The workspace's visitors (GET /workspaces/{id}/visitors)."""
        return self._people("GetWorkspaceVisitors", workspace_id)

    @op
    def get_models(self, only_in_workspace: Union[bool, str] = False,
                   search_pattern: Optional[str] = None, sort_by: Optional[str] = None,
                   descending: bool = False) -> Unary[List[bulk_pb2.Model]]:
        if only_in_workspace is True:
            if not self._workspace_id:
                raise ValueError("only_in_workspace=True needs a workspace_id on the client")
            ws = self._workspace_id
        else:
            ws = only_in_workspace if isinstance(only_in_workspace, str) else ""
        req = bulk_pb2.GetModelsRequest(workspace_id=ws, search_pattern=search_pattern or "",
                                        sort_by=sort_by or "", descending=descending)
        return Unary("GetModels", req, lambda r: list(r.models))

    @op
    def get_model(self, model_id: Optional[str] = None) -> Unary[bulk_pb2.Model]:
        model = model_id or self._model_id
        if not model:
            raise ValueError("model_id is required: pass it here or to %s(...)"
                             % self._constructor)
        return Unary("GetModel", bulk_pb2.GetModelRequest(model_id=model), same)

    @op
    def delete_models(self, model_ids: Union[str, Iterable[str]]
                      ) -> Unary[bulk_pb2.DeleteModelsResponse]:
        if not self._workspace_id:
            raise ValueError("delete_models needs a workspace_id on the client")
        ids = [model_ids] if isinstance(model_ids, str) else list(model_ids)
        req = bulk_pb2.DeleteModelsRequest(workspace_id=self._workspace_id, model_ids=ids)
        return Unary("DeleteModels", req, same)

    # -------------------------------------------------------- model objects

    def _listing(self, request_type: Any, sort_by: Optional[str], descending: bool) -> Any:
        return request_type(sort_by=sort_by or "", descending=descending, **self._scope())

    @op
    def get_files(self, sort_by: Optional[str] = "id",
                  descending: bool = False) -> Unary[List[bulk_pb2.File]]:
        req = self._listing(bulk_pb2.GetFilesRequest, sort_by, descending)
        return Unary("GetFiles", req, lambda r: list(r.files))

    @op
    def get_actions(self, sort_by: Optional[str] = "id",
                    descending: bool = False) -> Unary[List[bulk_pb2.Action]]:
        req = self._listing(bulk_pb2.GetActionsRequest, sort_by, descending)
        return Unary("GetActions", req, lambda r: list(r.actions))

    @op
    def get_processes(self, sort_by: Optional[str] = "id",
                      descending: bool = False) -> Unary[List[bulk_pb2.Process]]:
        req = self._listing(bulk_pb2.GetProcessesRequest, sort_by, descending)
        return Unary("GetProcesses", req, lambda r: list(r.processes))

    @op
    def get_imports(self, sort_by: Optional[str] = "id",
                    descending: bool = False) -> Unary[List[bulk_pb2.Import]]:
        req = self._listing(bulk_pb2.GetImportsRequest, sort_by, descending)
        return Unary("GetImports", req, lambda r: list(r.imports))

    @op
    def get_exports(self, sort_by: Optional[str] = "id",
                    descending: bool = False) -> Unary[List[bulk_pb2.Export]]:
        req = self._listing(bulk_pb2.GetExportsRequest, sort_by, descending)
        return Unary("GetExports", req, lambda r: list(r.exports))

    @op
    def get_import_metadata(self, import_id: Ref) -> Unary[bulk_pb2.ImportMetadata]:
        req = bulk_pb2.GetImportMetadataRequest(
            **self._scope(**{"import": object_ref(import_id)}))
        return Unary("GetImportMetadata", req, same)

    @op
    def get_export_metadata(self, export_id: Ref) -> Unary[bulk_pb2.ExportMetadata]:
        req = bulk_pb2.GetExportMetadataRequest(export=object_ref(export_id), **self._scope())
        return Unary("GetExportMetadata", req, same)

    @op
    def get_process_metadata(self, process_id: Ref, show_import_data_source: bool = False
                             ) -> Unary[bulk_pb2.ProcessMetadata]:
        req = bulk_pb2.GetProcessMetadataRequest(
            process=object_ref(process_id), show_import_data_source=show_import_data_source,
            **self._scope())
        return Unary("GetProcessMetadata", req, same)

    # ---------------------------------------------------------------- tasks

    def _run_action(self, action_id: Ref, wait_for_completion: bool, status_only: bool,
                    poll_interval: Optional[float]) -> Unary[TaskStatus]:
        """RunAction; the clients' run_action adds the watched wait."""
        req = bulk_pb2.RunActionRequest(action=object_ref(action_id),
                                        wait_for_completion=wait_for_completion,
                                        status_only=status_only,
                                        poll_interval=self._poll(poll_interval),
                                        **self._scope())
        return Unary("RunAction", req, _task)

    @op
    def get_task_summaries(self, action_id: Ref) -> Unary[List[TaskSummary]]:
        req = bulk_pb2.GetTaskSummariesRequest(action=object_ref(action_id), **self._scope())
        return Unary("GetTaskSummaries", req,
                     lambda r: [TaskSummary.from_proto(t) for t in r.tasks])

    @op
    def get_task_status(self, action_id: Ref, task_id: str) -> Unary[TaskStatus]:
        req = bulk_pb2.GetTaskStatusRequest(action=object_ref(action_id), task_id=task_id,
                                            **self._scope())
        return Unary("GetTaskStatus", req, TaskStatus.from_proto)

    @lazy_stream_op
    def watch_task(self, action_id: Ref, task_id: str,
                   poll_interval: Optional[float] = None) -> Stream[TaskStatus]:
        """Yields the task's status each time it changes, until it ends."""
        req = bulk_pb2.WatchTaskRequest(action=object_ref(action_id), task_id=task_id,
                                        poll_interval=self._poll(poll_interval),
                                        **self._scope())
        return Stream("WatchTask", req, lambda status: [TaskStatus.from_proto(status)])

    @op
    def cancel_task(self, action_id: Ref, task_id: str) -> Unary[TaskStatus]:
        req = bulk_pb2.CancelTaskRequest(action=object_ref(action_id), task_id=task_id,
                                         **self._scope())
        return Unary("CancelTask", req, TaskStatus.from_proto)

    @op
    def get_optimizer_log(self, action_id: Ref, task_id: str) -> Gather[bytes]:
        req = bulk_pb2.GetOptimizerLogRequest(action=object_ref(action_id), task_id=task_id,
                                              **self._scope())
        return Gather(Stream("GetOptimizerLog", req, lambda m: [m.data]), join_bytes)

    @op
    def get_import_dump(self, import_id: Ref, task_id: str) -> Gather[bytes]:
        req = bulk_pb2.GetImportDumpRequest(task_id=task_id,
                                            **self._scope(**{"import": object_ref(import_id)}))
        return Gather(Stream("GetImportDump", req, lambda m: [m.data]), join_bytes)

    @op
    def get_process_dump(self, process_id: Ref, task_id: str,
                         object_id: Union[int, str]) -> Gather[bytes]:
        req = bulk_pb2.GetProcessDumpRequest(process=object_ref(process_id), task_id=task_id,
                                             object_id=int(object_id), **self._scope())
        return Gather(Stream("GetProcessDump", req, lambda m: [m.data]), join_bytes)

    # ---------------------------------------------------------------- files

    def _file_pieces(self, file_id: Ref, batch_size: Optional[int],
                     on_progress: Optional[ProgressCallback]) -> Stream[bytes]:
        """A download's bytes, checked for order and size (DATA_LOSS)."""
        check = DownloadCheck(on_progress)
        return Stream("GetFile", self._file_request(file_id, batch_size), check.piece,
                      check.end)

    def _file_chunks(self, file_id: Ref, batch_size: Optional[int],
                     on_progress: Optional[ProgressCallback]) -> Stream[bytes]:
        """A download's bytes one Anaplan chunk at a time, checked."""
        check, joiner = DownloadCheck(on_progress), ChunkJoiner()

        def expand(chunk: bulk_pb2.FileChunk) -> List[bytes]:
            check.add(chunk)
            return joiner.add(chunk)

        def end() -> List[bytes]:
            check.finish()
            return joiner.rest()
        return Stream("GetFile", self._file_request(file_id, batch_size), expand, end)

    @op
    def get_file(self, file_id: Ref, batch_size: Optional[int] = None, *,
                 on_progress: Optional[ProgressCallback] = None) -> Gather[bytes]:
        """The whole content of a file."""
        return Gather(self._file_pieces(file_id, batch_size, on_progress), join_bytes)

    def _file_upload(self, file_id: Ref, total: Optional[int],
                     on_progress: Optional[ProgressCallback], verify: bool,
                     **opts: Any) -> Upload[bytes, bulk_pb2.UploadFileResponse]:
        """UploadFile of byte pieces; with ``verify`` the reply must show the
        size and SHA-256 of what was sent (DataLossError)."""
        header = self._upload_header(file_id, **opts)
        if total is None and header.HasField("expected_size"):
            total = header.expected_size
        meter = Meter(total, on_progress, hash_bytes=verify)

        def done(resp: bulk_pb2.UploadFileResponse) -> bulk_pb2.UploadFileResponse:
            if verify:
                check_upload(resp, meter)
            meter.finish()
            return resp
        return _send_pieces("UploadFile", bulk_pb2.UploadFileRequest, header, meter, done)

    def _import_upload(self, file_id: Ref, action_id: Ref, total: Optional[int],
                       on_progress: Optional[ProgressCallback], wait_for_completion: bool,
                       status_only: bool, chunk_size: Optional[int],
                       allow_file_creation: Optional[bool],
                       poll_interval: Optional[float]) -> Upload[bytes, TaskStatus]:
        """UploadAndImport of byte pieces."""
        meter = Meter(total, on_progress)
        header = bulk_pb2.UploadAndImportHeader(
            upload=self._upload_header(file_id, chunk_size, allow_file_creation),
            action=object_ref(action_id), wait_for_completion=wait_for_completion,
            status_only=status_only, poll_interval=self._poll(poll_interval))

        def done(resp: bulk_pb2.UploadAndImportResponse) -> TaskStatus:
            meter.finish()
            return _task(resp)
        return _send_pieces("UploadAndImport", bulk_pb2.UploadAndImportRequest, header, meter,
                            done)

    def _export_pieces(self, action_id: Ref, batch_size: Optional[int],
                       poll_interval: Optional[float],
                       on_progress: Optional[ProgressCallback]) -> Stream[bytes]:
        """ExportAndDownload: the output file's bytes, checked."""
        req = bulk_pb2.ExportAndDownloadRequest(action=object_ref(action_id),
                                                batch_size=batch_size or 0,
                                                poll_interval=self._poll(poll_interval),
                                                **self._scope())
        check = DownloadCheck(on_progress)

        def expand(msg: bulk_pb2.ExportAndDownloadResponse) -> List[bytes]:
            return check.piece(msg.chunk) if msg.WhichOneof("message") == "chunk" else []
        return Stream("ExportAndDownload", req, expand, check.end)

    @op
    def export_and_download(self, action_id: Ref, batch_size: Optional[int] = None, *,
                            on_progress: Optional[ProgressCallback] = None) -> Gather[bytes]:
        return Gather(self._export_pieces(action_id, batch_size, None, on_progress), join_bytes)

    @op
    def delete_file(self, file_id: Ref) -> Unary[None]:
        req = bulk_pb2.DeleteFileRequest(file=object_ref(file_id), **self._scope())
        return Unary("DeleteFile", req, none)
