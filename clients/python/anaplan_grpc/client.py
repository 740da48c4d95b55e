"""The Client: anaplan-sdk's ``Client`` surface over the BulkService stub."""

from __future__ import annotations

import functools
import os
from typing import (IO, TYPE_CHECKING, Any, BinaryIO, Callable, Iterable, Iterator, List,
                    Optional, TypeVar, Union, cast)

import grpc

from anaplan.v1 import bulk_pb2, bulk_pb2_grpc

from ._base import (DEFAULT_CHUNK_SIZE, DEFAULT_TARGET, ChannelOptions, Metadata, Ref,
                    _ClientBase, channel_options, object_ref)
from ._base import duration as _duration  # noqa: F401  (name used before _base existed)
from ._io import (MESSAGE_SIZE, Content, Meter, ProgressCallback, content_pieces,
                  content_size, is_content, rebuffer, writer_for)
from ._transfer import DownloadCheck, TaskProgressCallback, check_upload, task_outcome_error
from .credentials import Credentials, Pem, Token, channel_credentials
from .errors import from_rpc_error
from .types import TaskStatus, TaskSummary

__all__ = ["Client", "object_ref", "Ref", "Metadata", "Destination", "DEFAULT_TARGET",
           "DEFAULT_CHUNK_SIZE"]

if TYPE_CHECKING:  # the sub-clients import lazily
    from .alm import AlmClient  # noqa: F401
    from .audit import AuditClient  # noqa: F401
    from .cloud_works import CloudWorks  # noqa: F401
    from .scim import ScimClient  # noqa: F401
    from .transactional import TransactionalClient  # noqa: F401

_F = TypeVar("_F", bound=Callable[..., Any])
_Req = TypeVar("_Req")
_Resp = TypeVar("_Resp")
Destination = Union[str, "os.PathLike[str]", BinaryIO, IO[bytes]]


def _translate_errors(fn: _F) -> _F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
    return cast(_F, wrapper)


class _RequestPump:
    """Wraps a request iterator so that an exception raised while producing
    requests (a failing file read, a bad item type) reaches the caller instead
    of grpc's generic 'Exception iterating requests!' cancellation."""

    def __init__(self, requests: Iterator[Any]):
        self._requests = requests
        self.error: Optional[BaseException] = None

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self._requests
        except Exception as exc:  # re-raised by the caller after the RPC ends
            self.error = exc
            raise


class Client(_ClientBase):
    """A client of the anaplan-grpc BulkService with anaplan-sdk's names.

    ``Client(target, workspace_id, model_id)`` binds a default model; every
    model-scoped method raises ValueError when no ids are bound, as the SDK
    does. Use as a context manager or call ``close()``.

    Files, imports, exports, actions and processes are referred to by int id
    or by str name (or an ``anaplan.v1.ObjectRef``).

    TLS to the service: ``tls=True`` (system trust store), ``root_certificates``,
    and ``client_certificate`` with ``client_key`` for mutual TLS (PEM bytes or
    paths). Anaplan credentials, sent with every call and winning over the
    server's profile: ``token``, ``user_email`` with ``password``, or
    ``certificate`` with ``private_key`` (and ``private_key_password``), as in
    anaplan-sdk; see ``anaplan_grpc.credentials``.
    """

    def __init__(self, target: str = DEFAULT_TARGET, workspace_id: Optional[str] = None,
                 model_id: Optional[str] = None, *, timeout: Optional[float] = None,
                 token: Optional[Token] = None, user_email: Optional[str] = None,
                 password: Optional[str] = None, certificate: Optional[Pem] = None,
                 private_key: Optional[Pem] = None,
                 private_key_password: Optional[Union[str, bytes]] = None,
                 tls: bool = False, root_certificates: Optional[Pem] = None,
                 client_certificate: Optional[Pem] = None, client_key: Optional[Pem] = None,
                 metadata: Optional[Metadata] = None,
                 channel: Optional[grpc.Channel] = None,
                 options: Optional[ChannelOptions] = None,
                 upload_chunk_size: int = DEFAULT_CHUNK_SIZE,
                 allow_file_creation: bool = False,
                 status_poll_delay: Optional[float] = None):
        credentials = Credentials.create(
            token=token, user_email=user_email, password=password, certificate=certificate,
            private_key=private_key, private_key_password=private_key_password)
        self._init_base(workspace_id, model_id, timeout, metadata, credentials,
                        upload_chunk_size, allow_file_creation, status_poll_delay)
        self._target = target
        if channel is not None:
            self._channel = channel
            self._owns_channel = False
        else:
            creds = channel_credentials(tls, root_certificates, client_certificate, client_key)
            opts = channel_options(options)
            self._channel = (grpc.secure_channel(target, creds, options=opts) if creds
                             else grpc.insecure_channel(target, options=opts))
            self._owns_channel = True
        self._stub = bulk_pb2_grpc.BulkServiceStub(self._channel)
        self._closed = False

    # ------------------------------------------------------------ lifecycle

    @property
    def channel(self) -> grpc.Channel:
        return self._channel

    @property
    def stub(self) -> bulk_pb2_grpc.BulkServiceStub:
        """The generated stub, for what the helper does not cover."""
        return self._stub

    @property
    def tr(self) -> "TransactionalClient":
        """The transactional sub-client (anaplan-sdk's ``client.tr``)."""
        from .transactional import TransactionalClient
        return TransactionalClient(self)

    @property
    def cw(self) -> "CloudWorks":
        """CloudWorks and integration flows (``client.cw``, ``client.cw.flows``).
        Not cached: a clone (with_model/with_credentials) must not reuse the
        original's sub-client."""
        from .cloud_works import CloudWorks
        return CloudWorks(self)

    def close(self) -> None:
        if not self._closed and self._owns_channel:
            self._channel.close()
        self._closed = True

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------- API families

    @property
    def alm(self) -> "AlmClient":
        """ALM calls for this client's model (anaplan-sdk's ``client.alm``)."""
        from .alm import AlmClient
        return AlmClient(self)

    @property
    def audit(self) -> "AuditClient":
        """Audit events (anaplan-sdk's ``client.audit``)."""
        from .audit import AuditClient
        return AuditClient(self)

    @property
    def scim(self) -> "ScimClient":
        """SCIM users and discovery (anaplan-sdk's ``client.scim``)."""
        from .scim import ScimClient
        return ScimClient(self)

    # -------------------------------------------------------------- helpers

    def _stream(self, method: "grpc.UnaryStreamMultiCallable[_Req, _Resp]", request: _Req,
                timeout: Optional[float] = None) -> Iterator[_Resp]:
        """Iterates a server stream, translating errors and cancelling the
        call when the consumer stops early."""
        call = method(request, **self._kw(timeout))
        try:
            for msg in call:
                yield msg
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
        finally:
            call.cancel()  # no-op when the stream already ended

    def _client_stream(self, method: "grpc.StreamUnaryMultiCallable[_Req, _Resp]",
                       requests: Iterator[_Req], timeout: Optional[float] = None) -> _Resp:
        pump = _RequestPump(requests)
        try:
            return method(iter(pump), **self._kw(timeout))
        except grpc.RpcError as err:
            if pump.error is not None:
                raise pump.error
            raise from_rpc_error(err) from None

    # ------------------------------------------------- workspaces and models

    @_translate_errors
    def get_workspaces(self, search_pattern: Optional[str] = None,
                       sort_by: Optional[str] = None,
                       descending: bool = False) -> List[bulk_pb2.Workspace]:
        req = bulk_pb2.GetWorkspacesRequest(search_pattern=search_pattern or "",
                                            sort_by=sort_by or "", descending=descending)
        return list(self._stub.GetWorkspaces(req, **self._kw()).workspaces)

    @_translate_errors
    def get_workspace(self, workspace_id: Optional[str] = None) -> bulk_pb2.Workspace:
        ws = workspace_id or self._workspace_id
        if not ws:
            raise ValueError("workspace_id is required: pass it here or to Client(...)")
        return self._stub.GetWorkspace(bulk_pb2.GetWorkspaceRequest(workspace_id=ws),
                                       **self._kw())

    def _workspace_people(self, method: Any, workspace_id: Optional[str]
                          ) -> List[bulk_pb2.WorkspacePerson]:
        ws = workspace_id or self._workspace_id
        if not ws:
            raise ValueError("workspace_id is required: pass it here or to Client(...)")
        return list(method(bulk_pb2.GetWorkspacePeopleRequest(workspace_id=ws),
                           **self._kw()).people)

    @_translate_errors
    def get_workspace_admins(self, workspace_id: Optional[str] = None
                             ) -> List[bulk_pb2.WorkspacePerson]:
        """The workspace's administrators (GET /workspaces/{id}/admins)."""
        return self._workspace_people(self._stub.GetWorkspaceAdmins, workspace_id)

    @_translate_errors
    def get_workspace_visitors(self, workspace_id: Optional[str] = None
                               ) -> List[bulk_pb2.WorkspacePerson]:
        """The workspace's visitors (GET /workspaces/{id}/visitors)."""
        return self._workspace_people(self._stub.GetWorkspaceVisitors, workspace_id)

    @_translate_errors
    def get_models(self, only_in_workspace: Union[bool, str] = False,
                   search_pattern: Optional[str] = None, sort_by: Optional[str] = None,
                   descending: bool = False) -> List[bulk_pb2.Model]:
        if only_in_workspace is True:
            if not self._workspace_id:
                raise ValueError("only_in_workspace=True needs a workspace_id on the client")
            ws = self._workspace_id
        elif isinstance(only_in_workspace, str):
            ws = only_in_workspace
        else:
            ws = ""
        req = bulk_pb2.GetModelsRequest(workspace_id=ws, search_pattern=search_pattern or "",
                                        sort_by=sort_by or "", descending=descending)
        return list(self._stub.GetModels(req, **self._kw()).models)

    @_translate_errors
    def get_model(self, model_id: Optional[str] = None) -> bulk_pb2.Model:
        model = model_id or self._model_id
        if not model:
            raise ValueError("model_id is required: pass it here or to Client(...)")
        return self._stub.GetModel(bulk_pb2.GetModelRequest(model_id=model), **self._kw())

    @_translate_errors
    def delete_models(self, model_ids: Union[str, Iterable[str]]) -> bulk_pb2.DeleteModelsResponse:
        if not self._workspace_id:
            raise ValueError("delete_models needs a workspace_id on the client")
        ids = [model_ids] if isinstance(model_ids, str) else list(model_ids)
        req = bulk_pb2.DeleteModelsRequest(workspace_id=self._workspace_id, model_ids=ids)
        return self._stub.DeleteModels(req, **self._kw())

    # -------------------------------------------------------- model objects

    @_translate_errors
    def get_files(self, sort_by: Optional[str] = "id",
                  descending: bool = False) -> List[bulk_pb2.File]:
        req = bulk_pb2.GetFilesRequest(sort_by=sort_by or "", descending=descending,
                                       **self._scope())
        return list(self._stub.GetFiles(req, **self._kw()).files)

    @_translate_errors
    def get_actions(self, sort_by: Optional[str] = "id",
                    descending: bool = False) -> List[bulk_pb2.Action]:
        req = bulk_pb2.GetActionsRequest(sort_by=sort_by or "", descending=descending,
                                         **self._scope())
        return list(self._stub.GetActions(req, **self._kw()).actions)

    @_translate_errors
    def get_processes(self, sort_by: Optional[str] = "id",
                      descending: bool = False) -> List[bulk_pb2.Process]:
        req = bulk_pb2.GetProcessesRequest(sort_by=sort_by or "", descending=descending,
                                           **self._scope())
        return list(self._stub.GetProcesses(req, **self._kw()).processes)

    @_translate_errors
    def get_imports(self, sort_by: Optional[str] = "id",
                    descending: bool = False) -> List[bulk_pb2.Import]:
        req = bulk_pb2.GetImportsRequest(sort_by=sort_by or "", descending=descending,
                                         **self._scope())
        return list(self._stub.GetImports(req, **self._kw()).imports)

    @_translate_errors
    def get_exports(self, sort_by: Optional[str] = "id",
                    descending: bool = False) -> List[bulk_pb2.Export]:
        req = bulk_pb2.GetExportsRequest(sort_by=sort_by or "", descending=descending,
                                         **self._scope())
        return list(self._stub.GetExports(req, **self._kw()).exports)

    @_translate_errors
    def get_import_metadata(self, import_id: Ref) -> bulk_pb2.ImportMetadata:
        req = bulk_pb2.GetImportMetadataRequest(
            **self._scope(**{"import": object_ref(import_id)}))
        return self._stub.GetImportMetadata(req, **self._kw())

    @_translate_errors
    def get_export_metadata(self, export_id: Ref) -> bulk_pb2.ExportMetadata:
        req = bulk_pb2.GetExportMetadataRequest(export=object_ref(export_id), **self._scope())
        return self._stub.GetExportMetadata(req, **self._kw())

    @_translate_errors
    def get_process_metadata(self, process_id: Ref,
                             show_import_data_source: bool = False) -> bulk_pb2.ProcessMetadata:
        req = bulk_pb2.GetProcessMetadataRequest(
            process=object_ref(process_id), show_import_data_source=show_import_data_source,
            **self._scope())
        return self._stub.GetProcessMetadata(req, **self._kw())

    # ---------------------------------------------------------------- tasks

    @_translate_errors
    def run_action(self, action_id: Ref, wait_for_completion: bool = True, *,
                   status_only: bool = False,
                   poll_interval: Optional[float] = None,
                   on_progress: Optional[TaskProgressCallback] = None) -> TaskStatus:
        """Runs an import, export, action or process.

        Raises AnaplanActionError (with ``task_status``) when the task ends
        unsuccessfully, unless status_only is set. ``on_progress(status)`` is
        called with each new status while waiting (the wait then watches the
        task with WatchTask).
        """
        if on_progress is not None and wait_for_completion:
            return self._run_and_watch(action_id, status_only, poll_interval, on_progress)
        req = bulk_pb2.RunActionRequest(action=object_ref(action_id),
                                        wait_for_completion=wait_for_completion,
                                        status_only=status_only,
                                        poll_interval=self._poll(poll_interval),
                                        **self._scope())
        return TaskStatus.from_proto(self._stub.RunAction(req, **self._kw()).task)

    def _run_and_watch(self, action_id: Ref, status_only: bool,
                       poll_interval: Optional[float],
                       on_progress: TaskProgressCallback) -> TaskStatus:
        last = self.run_action(action_id, False, status_only=True)
        on_progress(last)
        ref: Ref = last.action_id or action_id
        for status in self.watch_task(ref, last.task_id, poll_interval):
            last = status
            on_progress(status)
        error = None if status_only else task_outcome_error(last)
        if error is not None:
            raise error
        return last

    @_translate_errors
    def get_task_summaries(self, action_id: Ref) -> List[TaskSummary]:
        req = bulk_pb2.GetTaskSummariesRequest(action=object_ref(action_id), **self._scope())
        return [TaskSummary.from_proto(t)
                for t in self._stub.GetTaskSummaries(req, **self._kw()).tasks]

    @_translate_errors
    def get_task_status(self, action_id: Ref, task_id: str) -> TaskStatus:
        req = bulk_pb2.GetTaskStatusRequest(action=object_ref(action_id), task_id=task_id,
                                            **self._scope())
        return TaskStatus.from_proto(self._stub.GetTaskStatus(req, **self._kw()))

    def watch_task(self, action_id: Ref, task_id: str,
                   poll_interval: Optional[float] = None) -> Iterator[TaskStatus]:
        """Yields the task's status each time it changes, until it ends."""
        req = bulk_pb2.WatchTaskRequest(action=object_ref(action_id), task_id=task_id,
                                        poll_interval=self._poll(poll_interval),
                                        **self._scope())
        for msg in self._stream(self._stub.WatchTask, req):
            yield TaskStatus.from_proto(msg)

    @_translate_errors
    def cancel_task(self, action_id: Ref, task_id: str) -> TaskStatus:
        req = bulk_pb2.CancelTaskRequest(action=object_ref(action_id), task_id=task_id,
                                         **self._scope())
        return TaskStatus.from_proto(self._stub.CancelTask(req, **self._kw()))

    def _join(self, method: Any, req: Any) -> bytes:
        return b"".join(m.data for m in self._stream(method, req))

    def get_optimizer_log(self, action_id: Ref, task_id: str) -> bytes:
        req = bulk_pb2.GetOptimizerLogRequest(action=object_ref(action_id), task_id=task_id,
                                              **self._scope())
        return self._join(self._stub.GetOptimizerLog, req)

    def get_import_dump(self, import_id: Ref, task_id: str) -> bytes:
        req = bulk_pb2.GetImportDumpRequest(task_id=task_id,
                                            **self._scope(**{"import": object_ref(import_id)}))
        return self._join(self._stub.GetImportDump, req)

    def get_process_dump(self, process_id: Ref, task_id: str,
                         object_id: Union[int, str]) -> bytes:
        req = bulk_pb2.GetProcessDumpRequest(process=object_ref(process_id), task_id=task_id,
                                             object_id=int(object_id), **self._scope())
        return self._join(self._stub.GetProcessDump, req)

    # ---------------------------------------------------------------- files

    def _file_chunks(self, file_id: Ref, batch_size: Optional[int],
                     on_progress: Optional[ProgressCallback]) -> Iterator[bulk_pb2.FileChunk]:
        """FileChunks of a download, checked for order and size (DATA_LOSS)."""
        check = DownloadCheck(on_progress)
        for msg in self._stream(self._stub.GetFile, self._file_request(file_id, batch_size)):
            check.add(msg)
            yield msg
        check.finish()

    def get_file(self, file_id: Ref, batch_size: Optional[int] = None, *,
                 on_progress: Optional[ProgressCallback] = None) -> bytes:
        """The whole content of a file."""
        out = bytearray()
        for msg in self._file_chunks(file_id, batch_size, on_progress):
            out += msg.data
        return bytes(out)

    def get_file_stream(self, file_id: Ref, batch_size: int = 1, *,
                        on_progress: Optional[ProgressCallback] = None) -> Iterator[bytes]:
        """Yields the file one Anaplan chunk at a time, as anaplan-sdk does."""
        current, buf = None, bytearray()
        for msg in self._file_chunks(file_id, batch_size, on_progress):
            if current is not None and msg.chunk_index != current and buf:
                yield bytes(buf)
                buf = bytearray()
            current = msg.chunk_index
            buf += msg.data
        if buf:
            yield bytes(buf)

    def download_file(self, file_id: Ref, destination: Destination, *,
                      batch_size: Optional[int] = None,
                      on_progress: Optional[ProgressCallback] = None) -> int:
        """Writes a file to a path or a binary file object, one message at a
        time (bounded memory). Returns the number of bytes written."""
        return self._write_all(
            (m.data for m in self._file_chunks(file_id, batch_size, on_progress)), destination)

    @staticmethod
    def _write_all(pieces: Iterable[bytes], destination: Destination) -> int:
        out, owned = writer_for(destination)
        written = 0
        try:
            for data in pieces:
                if data:
                    out.write(data)
                    written += len(data)
        finally:
            if owned:
                out.close()
        return written

    def _upload(self, file_id: Ref, pieces: Iterator[bytes], total: Optional[int],
                on_progress: Optional[ProgressCallback], verify: bool,
                **opts: Any) -> bulk_pb2.UploadFileResponse:
        header = self._upload_header(file_id, **opts)
        if total is None and header.HasField("expected_size"):
            total = header.expected_size
        meter = Meter(total, on_progress, hash_bytes=verify)

        def requests() -> Iterator[bulk_pb2.UploadFileRequest]:
            yield bulk_pb2.UploadFileRequest(header=header)
            for piece in pieces:
                yield bulk_pb2.UploadFileRequest(data=piece)
                meter.add(piece)
        resp: bulk_pb2.UploadFileResponse = self._client_stream(self._stub.UploadFile,
                                                                requests())
        if verify:
            check_upload(resp, meter)
        meter.finish()
        return resp

    def upload_file(self, file_id: Ref, content: Content, *, chunk_size: Optional[int] = None,
                    allow_file_creation: Optional[bool] = None,
                    parallelism: Optional[int] = None,
                    compression_level: Optional[int] = None,
                    expected_size: Optional[int] = None,
                    expected_sha256: Optional[str] = None,
                    on_progress: Optional[ProgressCallback] = None,
                    verify: bool = True) -> bulk_pb2.UploadFileResponse:
        """Uploads bytes, str (UTF-8), a binary file object or a file path,
        streamed in 256 KiB messages. Returns the service's UploadFileResponse.

        ``on_progress(done, total)`` follows the bytes sent. With ``verify``
        the size and SHA-256 the service received are compared with what was
        sent (DataLossError when they differ).
        """
        return self._upload(file_id, content_pieces(content, MESSAGE_SIZE),
                            content_size(content), on_progress, verify,
                            chunk_size=chunk_size, allow_file_creation=allow_file_creation,
                            parallelism=parallelism, compression_level=compression_level,
                            expected_size=expected_size, expected_sha256=expected_sha256)

    def upload_file_stream(self, file_id: Ref, content: Iterable[Union[bytes, str]], *,
                           chunk_size: Optional[int] = None,
                           allow_file_creation: Optional[bool] = None,
                           parallelism: Optional[int] = None,
                           compression_level: Optional[int] = None,
                           expected_size: Optional[int] = None,
                           expected_sha256: Optional[str] = None,
                           on_progress: Optional[ProgressCallback] = None,
                           verify: bool = True) -> bulk_pb2.UploadFileResponse:
        """Uploads the concatenation of an iterable of bytes or str items."""
        return self._upload(file_id, rebuffer(content, MESSAGE_SIZE), None, on_progress, verify,
                            chunk_size=chunk_size, allow_file_creation=allow_file_creation,
                            parallelism=parallelism, compression_level=compression_level,
                            expected_size=expected_size, expected_sha256=expected_sha256)

    def upload_and_import(self, file_id: Ref, content: Union[Content, Iterable[Union[bytes, str]]],
                          action_id: Ref, wait_for_completion: bool = True, *,
                          status_only: bool = False,
                          chunk_size: Optional[int] = None,
                          allow_file_creation: Optional[bool] = None,
                          poll_interval: Optional[float] = None,
                          on_progress: Optional[ProgressCallback] = None) -> TaskStatus:
        """Uploads content (bytes, str, file object, path or iterable of
        bytes/str) and runs the import. Raises AnaplanActionError when the
        import fails. ``on_progress(done, total)`` follows the upload."""
        if is_content(content):
            pieces = content_pieces(cast(Content, content), MESSAGE_SIZE)
            meter = Meter(content_size(content), on_progress)
        else:
            pieces = rebuffer(cast(Iterable[Any], content), MESSAGE_SIZE)
            meter = Meter(None, on_progress)
        header = bulk_pb2.UploadAndImportHeader(
            upload=self._upload_header(file_id, chunk_size, allow_file_creation),
            action=object_ref(action_id), wait_for_completion=wait_for_completion,
            status_only=status_only, poll_interval=self._poll(poll_interval))

        def requests() -> Iterator[bulk_pb2.UploadAndImportRequest]:
            yield bulk_pb2.UploadAndImportRequest(header=header)
            for piece in pieces:
                yield bulk_pb2.UploadAndImportRequest(data=piece)
                meter.add(piece)
        resp = self._client_stream(self._stub.UploadAndImport, requests())
        meter.finish()
        return TaskStatus.from_proto(resp.task)

    def _export_chunks(self, action_id: Ref, batch_size: Optional[int],
                       poll_interval: Optional[float],
                       on_progress: Optional[ProgressCallback]) -> Iterator[bytes]:
        req = bulk_pb2.ExportAndDownloadRequest(action=object_ref(action_id),
                                                batch_size=batch_size or 0,
                                                poll_interval=self._poll(poll_interval),
                                                **self._scope())
        check = DownloadCheck(on_progress)
        for msg in self._stream(self._stub.ExportAndDownload, req):
            if msg.WhichOneof("message") == "chunk":
                data = check.add(msg.chunk)
                if data:
                    yield data
        check.finish()

    def export_and_download_stream(self, action_id: Ref,
                                   batch_size: Optional[int] = None,
                                   poll_interval: Optional[float] = None, *,
                                   on_progress: Optional[ProgressCallback] = None
                                   ) -> Iterator[bytes]:
        """Runs an export and yields its output file's bytes in order."""
        return self._export_chunks(action_id, batch_size, poll_interval, on_progress)

    def export_and_download(self, action_id: Ref, batch_size: Optional[int] = None, *,
                            on_progress: Optional[ProgressCallback] = None) -> bytes:
        return b"".join(self._export_chunks(action_id, batch_size, None, on_progress))

    def export_and_download_file(self, action_id: Ref, destination: Destination, *,
                                 batch_size: Optional[int] = None,
                                 poll_interval: Optional[float] = None,
                                 on_progress: Optional[ProgressCallback] = None) -> int:
        """Runs an export and writes its output to a path or binary file
        object with bounded memory. Returns the number of bytes written."""
        return self._write_all(
            self._export_chunks(action_id, batch_size, poll_interval, on_progress), destination)

    @_translate_errors
    def delete_file(self, file_id: Ref) -> None:
        self._stub.DeleteFile(bulk_pb2.DeleteFileRequest(file=object_ref(file_id),
                                                         **self._scope()), **self._kw())
