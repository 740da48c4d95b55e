"""The Client: anaplan-sdk's ``Client`` surface over the BulkService stub."""

from __future__ import annotations

import datetime
import functools
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import grpc
from google.protobuf import duration_pb2

from anaplan.v1 import bulk_pb2, bulk_pb2_grpc, common_pb2

from ._io import MESSAGE_SIZE, content_pieces, rebuffer
from .errors import from_rpc_error
from .types import TaskStatus, TaskSummary

DEFAULT_TARGET = "127.0.0.1:50051"
DEFAULT_CHUNK_SIZE = 25_000_000

Ref = Union[int, str, common_pb2.ObjectRef]
Metadata = Sequence[Tuple[str, Union[str, bytes]]]


def object_ref(ref: Ref) -> common_pb2.ObjectRef:
    """int -> ObjectRef(id=...), str -> ObjectRef(name=...)."""
    if isinstance(ref, common_pb2.ObjectRef):
        return ref
    if isinstance(ref, bool) or ref is None:
        raise TypeError("expected an int id or a str name, got %r" % (ref,))
    if isinstance(ref, int):
        return common_pb2.ObjectRef(id=ref)
    if isinstance(ref, str):
        return common_pb2.ObjectRef(name=ref)
    raise TypeError("expected an int id or a str name, got %s" % type(ref).__name__)


def _duration(seconds: Optional[float]) -> Optional[duration_pb2.Duration]:
    if seconds is None:
        return None
    d = duration_pb2.Duration()
    d.FromTimedelta(datetime.timedelta(seconds=seconds))
    return d


def _translate_errors(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
    return wrapper


class _RequestPump:
    """Wraps a request iterator so that an exception raised while producing
    requests (a failing file read, a bad item type) reaches the caller instead
    of grpc's generic 'Exception iterating requests!' cancellation."""

    def __init__(self, requests: Iterator):
        self._requests = requests
        self.error: Optional[BaseException] = None

    def __iter__(self):
        try:
            yield from self._requests
        except Exception as exc:  # re-raised by the caller after the RPC ends
            self.error = exc
            raise


class Client:
    """A client of the anaplan-grpc BulkService with anaplan-sdk's names.

    ``Client(target, workspace_id, model_id)`` binds a default model; every
    model-scoped method raises ValueError when no ids are bound, as the SDK
    does. Use as a context manager or call ``close()``.

    Files, imports, exports, actions and processes are referred to by int id
    or by str name (or an ``anaplan.v1.ObjectRef``).
    """

    def __init__(self, target: str = DEFAULT_TARGET, workspace_id: Optional[str] = None,
                 model_id: Optional[str] = None, *, timeout: Optional[float] = None,
                 tls: bool = False, root_certificates: Optional[bytes] = None,
                 private_key: Optional[bytes] = None,
                 certificate_chain: Optional[bytes] = None,
                 metadata: Optional[Metadata] = None,
                 channel: Optional[grpc.Channel] = None,
                 options: Optional[Sequence[Tuple[str, object]]] = None,
                 upload_chunk_size: int = DEFAULT_CHUNK_SIZE,
                 allow_file_creation: bool = False,
                 status_poll_delay: Optional[float] = None):
        self._target = target
        self._workspace_id = workspace_id
        self._model_id = model_id
        self._timeout = timeout
        self._metadata = tuple(metadata or ())
        self.upload_chunk_size = upload_chunk_size
        self.allow_file_creation = allow_file_creation
        self.status_poll_delay = status_poll_delay
        if channel is not None:
            self._channel = channel
            self._owns_channel = False
        else:
            opts = [("grpc.max_receive_message_length", 64 * 1024 * 1024)]
            opts += list(options or [])
            if tls or root_certificates or private_key or certificate_chain:
                creds = grpc.ssl_channel_credentials(
                    root_certificates=root_certificates, private_key=private_key,
                    certificate_chain=certificate_chain)
                self._channel = grpc.secure_channel(target, creds, options=opts)
            else:
                self._channel = grpc.insecure_channel(target, options=opts)
            self._owns_channel = True
        self._stub = bulk_pb2_grpc.BulkServiceStub(self._channel)
        self._closed = False

    # ------------------------------------------------------------ lifecycle

    @property
    def workspace_id(self) -> Optional[str]:
        return self._workspace_id

    @property
    def model_id(self) -> Optional[str]:
        return self._model_id

    @property
    def channel(self) -> grpc.Channel:
        return self._channel

    @property
    def stub(self) -> bulk_pb2_grpc.BulkServiceStub:
        """The generated stub, for what the helper does not cover."""
        return self._stub

    @functools.cached_property
    def cw(self) -> "CloudWorks":
        """CloudWorks and integration flows (``client.cw``, ``client.cw.flows``)."""
        from .cloud_works import CloudWorks
        return CloudWorks(self)

    def with_model(self, model_id: Optional[str] = None,
                   workspace_id: Optional[str] = None) -> "Client":
        """A client bound to another model, sharing this client's channel."""
        clone = Client.__new__(Client)
        clone.__dict__.update(self.__dict__)
        clone._model_id = model_id if model_id is not None else self._model_id
        clone._workspace_id = workspace_id if workspace_id is not None else self._workspace_id
        clone._owns_channel = False
        return clone

    def close(self) -> None:
        if not self._closed and self._owns_channel:
            self._channel.close()
        self._closed = True

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -------------------------------------------------------------- helpers

    def _kw(self, timeout=None):
        t = timeout if timeout is not None else self._timeout
        return {"timeout": t, "metadata": self._metadata or None}

    def _ids(self) -> Tuple[str, str]:
        if not self._workspace_id or not self._model_id:
            raise ValueError(
                "workspace_id and model_id are required for this method; pass them "
                "to Client(...) or use client.with_model(model_id, workspace_id)")
        return self._workspace_id, self._model_id

    def _scope(self) -> dict:
        ws, model = self._ids()
        return {"workspace_id": ws, "model_id": model}

    def _stream(self, method, request, timeout=None) -> Iterator:
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

    def _client_stream(self, method, requests: Iterator, timeout=None):
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
            **self._scope(), **{"import": object_ref(import_id)})
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

    def _poll(self, poll_interval):
        return _duration(poll_interval if poll_interval is not None else self.status_poll_delay)

    @_translate_errors
    def run_action(self, action_id: Ref, wait_for_completion: bool = True, *,
                   status_only: bool = False,
                   poll_interval: Optional[float] = None) -> TaskStatus:
        """Runs an import, export, action or process.

        Raises AnaplanActionError (with ``task_status``) when the task ends
        unsuccessfully, unless status_only is set.
        """
        req = bulk_pb2.RunActionRequest(action=object_ref(action_id),
                                        wait_for_completion=wait_for_completion,
                                        status_only=status_only,
                                        poll_interval=self._poll(poll_interval),
                                        **self._scope())
        return TaskStatus.from_proto(self._stub.RunAction(req, **self._kw()).task)

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

    def _join(self, method, req) -> bytes:
        return b"".join(m.data for m in self._stream(method, req))

    def get_optimizer_log(self, action_id: Ref, task_id: str) -> bytes:
        req = bulk_pb2.GetOptimizerLogRequest(action=object_ref(action_id), task_id=task_id,
                                              **self._scope())
        return self._join(self._stub.GetOptimizerLog, req)

    def get_import_dump(self, import_id: Ref, task_id: str) -> bytes:
        req = bulk_pb2.GetImportDumpRequest(task_id=task_id, **self._scope(),
                                            **{"import": object_ref(import_id)})
        return self._join(self._stub.GetImportDump, req)

    def get_process_dump(self, process_id: Ref, task_id: str,
                         object_id: Union[int, str]) -> bytes:
        req = bulk_pb2.GetProcessDumpRequest(process=object_ref(process_id), task_id=task_id,
                                             object_id=int(object_id), **self._scope())
        return self._join(self._stub.GetProcessDump, req)

    # ---------------------------------------------------------------- files

    def _file_request(self, file_id: Ref, batch_size: Optional[int]):
        return bulk_pb2.GetFileRequest(file=object_ref(file_id), batch_size=batch_size or 0,
                                       **self._scope())

    def get_file(self, file_id: Ref, batch_size: Optional[int] = None) -> bytes:
        """The whole content of a file."""
        out = bytearray()
        for msg in self._stream(self._stub.GetFile, self._file_request(file_id, batch_size)):
            out += msg.data
        return bytes(out)

    def get_file_stream(self, file_id: Ref, batch_size: int = 1) -> Iterator[bytes]:
        """Yields the file one Anaplan chunk at a time, as anaplan-sdk does."""
        current, buf = None, bytearray()
        for msg in self._stream(self._stub.GetFile, self._file_request(file_id, batch_size)):
            if current is not None and msg.chunk_index != current and buf:
                yield bytes(buf)
                buf = bytearray()
            current = msg.chunk_index
            buf += msg.data
        if buf:
            yield bytes(buf)

    def _upload_header(self, file_id: Ref, chunk_size, allow_file_creation, parallelism,
                       compression_level, expected_size, expected_sha256):
        header = bulk_pb2.UploadHeader(
            file=object_ref(file_id),
            chunk_size=chunk_size if chunk_size is not None else self.upload_chunk_size,
            allow_file_creation=(allow_file_creation if allow_file_creation is not None
                                 else self.allow_file_creation),
            parallelism=parallelism or 0, compression_level=compression_level or 0,
            expected_sha256=expected_sha256 or "", **self._scope())
        if expected_size is not None:
            header.expected_size = expected_size
        return header

    def _upload(self, file_id, pieces: Iterator[bytes], **opts) -> bulk_pb2.UploadFileResponse:
        header = self._upload_header(file_id, **opts)

        def requests():
            yield bulk_pb2.UploadFileRequest(header=header)
            for piece in pieces:
                yield bulk_pb2.UploadFileRequest(data=piece)
        return self._client_stream(self._stub.UploadFile, requests())

    def upload_file(self, file_id: Ref, content, *, chunk_size: Optional[int] = None,
                    allow_file_creation: Optional[bool] = None,
                    parallelism: Optional[int] = None,
                    compression_level: Optional[int] = None,
                    expected_size: Optional[int] = None,
                    expected_sha256: Optional[str] = None) -> bulk_pb2.UploadFileResponse:
        """Uploads bytes, str (UTF-8) or a binary file object, streamed in
        256 KiB messages. Returns the service's UploadFileResponse."""
        return self._upload(file_id, content_pieces(content, MESSAGE_SIZE),
                            chunk_size=chunk_size, allow_file_creation=allow_file_creation,
                            parallelism=parallelism, compression_level=compression_level,
                            expected_size=expected_size, expected_sha256=expected_sha256)

    def upload_file_stream(self, file_id: Ref, content: Iterable[Union[bytes, str]], *,
                           chunk_size: Optional[int] = None,
                           allow_file_creation: Optional[bool] = None,
                           parallelism: Optional[int] = None,
                           compression_level: Optional[int] = None,
                           expected_size: Optional[int] = None,
                           expected_sha256: Optional[str] = None) -> bulk_pb2.UploadFileResponse:
        """Uploads the concatenation of an iterable of bytes or str items."""
        return self._upload(file_id, rebuffer(content, MESSAGE_SIZE),
                            chunk_size=chunk_size, allow_file_creation=allow_file_creation,
                            parallelism=parallelism, compression_level=compression_level,
                            expected_size=expected_size, expected_sha256=expected_sha256)

    def upload_and_import(self, file_id: Ref, content, action_id: Ref,
                          wait_for_completion: bool = True, *, status_only: bool = False,
                          chunk_size: Optional[int] = None,
                          allow_file_creation: Optional[bool] = None,
                          poll_interval: Optional[float] = None) -> TaskStatus:
        """Uploads content (bytes, str, file object or iterable of those) and
        runs the import. Raises AnaplanActionError when the import fails."""
        if isinstance(content, (bytes, bytearray, memoryview, str)) or hasattr(content, "read"):
            pieces = content_pieces(content, MESSAGE_SIZE)
        else:
            pieces = rebuffer(content, MESSAGE_SIZE)
        header = bulk_pb2.UploadAndImportHeader(
            upload=self._upload_header(file_id, chunk_size, allow_file_creation, None, None,
                                       None, None),
            action=object_ref(action_id), wait_for_completion=wait_for_completion,
            status_only=status_only, poll_interval=self._poll(poll_interval))

        def requests():
            yield bulk_pb2.UploadAndImportRequest(header=header)
            for piece in pieces:
                yield bulk_pb2.UploadAndImportRequest(data=piece)
        resp = self._client_stream(self._stub.UploadAndImport, requests())
        return TaskStatus.from_proto(resp.task)

    def export_and_download_stream(self, action_id: Ref,
                                   batch_size: Optional[int] = None,
                                   poll_interval: Optional[float] = None) -> Iterator[bytes]:
        """Runs an export and yields its output file's bytes in order."""
        req = bulk_pb2.ExportAndDownloadRequest(action=object_ref(action_id),
                                                batch_size=batch_size or 0,
                                                poll_interval=self._poll(poll_interval),
                                                **self._scope())
        for msg in self._stream(self._stub.ExportAndDownload, req):
            if msg.WhichOneof("message") == "chunk" and msg.chunk.data:
                yield msg.chunk.data

    def export_and_download(self, action_id: Ref, batch_size: Optional[int] = None) -> bytes:
        return b"".join(self.export_and_download_stream(action_id, batch_size))

    @_translate_errors
    def delete_file(self, file_id: Ref) -> None:
        self._stub.DeleteFile(bulk_pb2.DeleteFileRequest(file=object_ref(file_id),
                                                         **self._scope()), **self._kw())
