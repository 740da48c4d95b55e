"""AsyncClient: the Client's methods over ``grpc.aio``, as anaplan-sdk's
``AsyncClient`` mirrors its ``Client``.

Same names and arguments as the sync Client; methods are coroutines, streams
are async iterators (``async for``), uploads also take async iterables and
objects with an async ``read()``, downloads also write to objects with an
async ``write()``. Cancelling the task that awaits a call
(``task.cancel()``) cancels the RPC, which stops the service's work for it.

The channel is created on first use inside the running event loop, so an
AsyncClient may be built outside of one; ``with_model``/``with_credentials``
clones share it. Close with ``await client.close()`` or ``async with``.
"""

from __future__ import annotations

import asyncio
from typing import Any, AsyncIterable, AsyncIterator, Callable, Iterable, List, Optional, Union

import grpc
import grpc.aio

from anaplan.v1 import bulk_pb2, bulk_pb2_grpc

from ._aio_call import _Channel, _RequestPump, _translate_errors
from ._aio_io import (AsyncContent, AsyncDestination, AsyncWriter, async_content_size,
                      async_pieces)
from ._base import (DEFAULT_CHUNK_SIZE, DEFAULT_TARGET, ChannelOptions, Metadata, Ref,
                    _ClientBase, channel_options, object_ref)
from ._io import MESSAGE_SIZE, Meter, ProgressCallback
from ._transfer import DownloadCheck, TaskProgressCallback, check_upload, task_outcome_error
from .aio_families import AsyncFamilies
from .credentials import Credentials, Pem, Token, channel_credentials
from .errors import from_rpc_error
from .types import TaskStatus, TaskSummary

__all__ = ["AsyncClient"]


class AsyncClient(_ClientBase, AsyncFamilies):
    """An asyncio client of the anaplan-grpc BulkService with anaplan-sdk's
    ``AsyncClient`` names. Arguments as ``anaplan_grpc.Client``; ``channel``
    takes a ``grpc.aio.Channel``. The API families are the sub-clients
    ``tr``, ``alm``, ``audit``, ``cw`` (``cw.flows``) and ``scim``
    (``anaplan_grpc.aio_families``)."""

    def __init__(self, target: str = DEFAULT_TARGET, workspace_id: Optional[str] = None,
                 model_id: Optional[str] = None, *, timeout: Optional[float] = None,
                 token: Optional[Token] = None, user_email: Optional[str] = None,
                 password: Optional[str] = None, certificate: Optional[Pem] = None,
                 private_key: Optional[Pem] = None,
                 private_key_password: Optional[Union[str, bytes]] = None,
                 tls: bool = False, root_certificates: Optional[Pem] = None,
                 client_certificate: Optional[Pem] = None, client_key: Optional[Pem] = None,
                 metadata: Optional[Metadata] = None,
                 channel: Optional[grpc.aio.Channel] = None,
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
        creds = None if channel is not None else channel_credentials(
            tls, root_certificates, client_certificate, client_key)
        self._shared = _Channel(target, creds, channel_options(options), channel)
        self._owns_channel = channel is None

    # ------------------------------------------------------------ lifecycle

    @property
    def stub(self) -> "bulk_pb2_grpc.BulkServiceAsyncStub":
        """The generated stub on the aio channel (created on first use)."""
        return self._shared.get()

    @property
    def channel(self) -> grpc.aio.Channel:
        self._shared.get()
        assert self._shared.channel is not None
        return self._shared.channel

    async def close(self) -> None:
        """Closes the channel this client created (not a clone's, not one passed in)."""
        if self._owns_channel and self._shared.channel is not None:
            await self._shared.channel.close()
        self._owns_channel = False

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -------------------------------------------------------------- helpers

    async def _stream(self, method: Callable[..., Any], request: Any,
                      timeout: Optional[float] = None) -> AsyncIterator[Any]:
        call = method(request, **self._kw(timeout))
        try:
            async for msg in call:
                yield msg
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
        finally:
            call.cancel()  # no-op when the stream already ended

    async def _client_stream(self, method: Callable[..., Any],
                             requests: AsyncIterator[Any]) -> Any:
        pump = _RequestPump(requests)
        try:
            return await method(pump.__aiter__(), **self._kw())
        except (grpc.RpcError, asyncio.CancelledError) as err:
            # grpc.aio cancels the call when the request iterator raises.
            if pump.error is not None:
                raise pump.error from None
            if isinstance(err, asyncio.CancelledError):
                raise
            raise from_rpc_error(err) from None

    async def _join(self, method: Callable[..., Any], req: Any) -> bytes:
        return b"".join([m.data async for m in self._stream(method, req)])

    # ------------------------------------------------- workspaces and models

    @_translate_errors
    async def get_workspaces(self, search_pattern: Optional[str] = None,
                             sort_by: Optional[str] = None,
                             descending: bool = False) -> List[bulk_pb2.Workspace]:
        req = bulk_pb2.GetWorkspacesRequest(search_pattern=search_pattern or "",
                                            sort_by=sort_by or "", descending=descending)
        return list((await self.stub.GetWorkspaces(req, **self._kw())).workspaces)

    @_translate_errors
    async def get_workspace(self, workspace_id: Optional[str] = None) -> bulk_pb2.Workspace:
        ws = workspace_id or self._workspace_id
        if not ws:
            raise ValueError("workspace_id is required: pass it here or to AsyncClient(...)")
        return await self.stub.GetWorkspace(bulk_pb2.GetWorkspaceRequest(workspace_id=ws),
                                            **self._kw())

    async def _workspace_people(self, method: Any, workspace_id: Optional[str]
                                ) -> List[bulk_pb2.WorkspacePerson]:
        ws = workspace_id or self._workspace_id
        if not ws:
            raise ValueError("workspace_id is required: pass it here or to AsyncClient(...)")
        reply = await method(bulk_pb2.GetWorkspacePeopleRequest(workspace_id=ws), **self._kw())
        return list(reply.people)

    @_translate_errors
    async def get_workspace_admins(self, workspace_id: Optional[str] = None
                                   ) -> List[bulk_pb2.WorkspacePerson]:
        """The workspace's administrators (GET /workspaces/{id}/admins)."""
        return await self._workspace_people(self.stub.GetWorkspaceAdmins, workspace_id)

    @_translate_errors
    async def get_workspace_visitors(self, workspace_id: Optional[str] = None
                                     ) -> List[bulk_pb2.WorkspacePerson]:
        """The workspace's visitors (GET /workspaces/{id}/visitors)."""
        return await self._workspace_people(self.stub.GetWorkspaceVisitors, workspace_id)

    @_translate_errors
    async def get_models(self, only_in_workspace: Union[bool, str] = False,
                         search_pattern: Optional[str] = None, sort_by: Optional[str] = None,
                         descending: bool = False) -> List[bulk_pb2.Model]:
        if only_in_workspace is True:
            if not self._workspace_id:
                raise ValueError("only_in_workspace=True needs a workspace_id on the client")
            ws = self._workspace_id
        else:
            ws = only_in_workspace if isinstance(only_in_workspace, str) else ""
        req = bulk_pb2.GetModelsRequest(workspace_id=ws, search_pattern=search_pattern or "",
                                        sort_by=sort_by or "", descending=descending)
        return list((await self.stub.GetModels(req, **self._kw())).models)

    @_translate_errors
    async def get_model(self, model_id: Optional[str] = None) -> bulk_pb2.Model:
        model = model_id or self._model_id
        if not model:
            raise ValueError("model_id is required: pass it here or to AsyncClient(...)")
        return await self.stub.GetModel(bulk_pb2.GetModelRequest(model_id=model), **self._kw())

    @_translate_errors
    async def delete_models(self, model_ids: Union[str, Iterable[str]]
                            ) -> bulk_pb2.DeleteModelsResponse:
        if not self._workspace_id:
            raise ValueError("delete_models needs a workspace_id on the client")
        ids = [model_ids] if isinstance(model_ids, str) else list(model_ids)
        req = bulk_pb2.DeleteModelsRequest(workspace_id=self._workspace_id, model_ids=ids)
        return await self.stub.DeleteModels(req, **self._kw())

    # -------------------------------------------------------- model objects

    def _listing(self, request_type: Any, sort_by: Optional[str], descending: bool) -> Any:
        return request_type(sort_by=sort_by or "", descending=descending, **self._scope())

    @_translate_errors
    async def get_files(self, sort_by: Optional[str] = "id",
                        descending: bool = False) -> List[bulk_pb2.File]:
        req = self._listing(bulk_pb2.GetFilesRequest, sort_by, descending)
        return list((await self.stub.GetFiles(req, **self._kw())).files)

    @_translate_errors
    async def get_actions(self, sort_by: Optional[str] = "id",
                          descending: bool = False) -> List[bulk_pb2.Action]:
        req = self._listing(bulk_pb2.GetActionsRequest, sort_by, descending)
        return list((await self.stub.GetActions(req, **self._kw())).actions)

    @_translate_errors
    async def get_processes(self, sort_by: Optional[str] = "id",
                            descending: bool = False) -> List[bulk_pb2.Process]:
        req = self._listing(bulk_pb2.GetProcessesRequest, sort_by, descending)
        return list((await self.stub.GetProcesses(req, **self._kw())).processes)

    @_translate_errors
    async def get_imports(self, sort_by: Optional[str] = "id",
                          descending: bool = False) -> List[bulk_pb2.Import]:
        req = self._listing(bulk_pb2.GetImportsRequest, sort_by, descending)
        return list((await self.stub.GetImports(req, **self._kw())).imports)

    @_translate_errors
    async def get_exports(self, sort_by: Optional[str] = "id",
                          descending: bool = False) -> List[bulk_pb2.Export]:
        req = self._listing(bulk_pb2.GetExportsRequest, sort_by, descending)
        return list((await self.stub.GetExports(req, **self._kw())).exports)

    @_translate_errors
    async def get_import_metadata(self, import_id: Ref) -> bulk_pb2.ImportMetadata:
        req = bulk_pb2.GetImportMetadataRequest(
            **self._scope(**{"import": object_ref(import_id)}))
        return await self.stub.GetImportMetadata(req, **self._kw())

    @_translate_errors
    async def get_export_metadata(self, export_id: Ref) -> bulk_pb2.ExportMetadata:
        req = bulk_pb2.GetExportMetadataRequest(export=object_ref(export_id), **self._scope())
        return await self.stub.GetExportMetadata(req, **self._kw())

    @_translate_errors
    async def get_process_metadata(self, process_id: Ref, show_import_data_source: bool = False
                                   ) -> bulk_pb2.ProcessMetadata:
        req = bulk_pb2.GetProcessMetadataRequest(
            process=object_ref(process_id), show_import_data_source=show_import_data_source,
            **self._scope())
        return await self.stub.GetProcessMetadata(req, **self._kw())

    # ---------------------------------------------------------------- tasks

    @_translate_errors
    async def run_action(self, action_id: Ref, wait_for_completion: bool = True, *,
                         status_only: bool = False, poll_interval: Optional[float] = None,
                         on_progress: Optional[TaskProgressCallback] = None) -> TaskStatus:
        """Runs an import, export, action or process; see Client.run_action.
        Cancelling the awaiting task cancels the wait."""
        if on_progress is not None and wait_for_completion:
            return await self._run_and_watch(action_id, status_only, poll_interval, on_progress)
        req = bulk_pb2.RunActionRequest(action=object_ref(action_id),
                                        wait_for_completion=wait_for_completion,
                                        status_only=status_only,
                                        poll_interval=self._poll(poll_interval),
                                        **self._scope())
        return TaskStatus.from_proto((await self.stub.RunAction(req, **self._kw())).task)

    async def _run_and_watch(self, action_id: Ref, status_only: bool,
                             poll_interval: Optional[float],
                             on_progress: TaskProgressCallback) -> TaskStatus:
        last = await self.run_action(action_id, False, status_only=True)
        on_progress(last)
        ref: Ref = last.action_id or action_id
        async for status in self.watch_task(ref, last.task_id, poll_interval):
            last = status
            on_progress(status)
        error = None if status_only else task_outcome_error(last)
        if error is not None:
            raise error
        return last

    @_translate_errors
    async def get_task_summaries(self, action_id: Ref) -> List[TaskSummary]:
        req = bulk_pb2.GetTaskSummariesRequest(action=object_ref(action_id), **self._scope())
        resp = await self.stub.GetTaskSummaries(req, **self._kw())
        return [TaskSummary.from_proto(t) for t in resp.tasks]

    @_translate_errors
    async def get_task_status(self, action_id: Ref, task_id: str) -> TaskStatus:
        req = bulk_pb2.GetTaskStatusRequest(action=object_ref(action_id), task_id=task_id,
                                            **self._scope())
        return TaskStatus.from_proto(await self.stub.GetTaskStatus(req, **self._kw()))

    async def watch_task(self, action_id: Ref, task_id: str,
                         poll_interval: Optional[float] = None) -> AsyncIterator[TaskStatus]:
        """Yields the task's status each time it changes, until it ends."""
        req = bulk_pb2.WatchTaskRequest(action=object_ref(action_id), task_id=task_id,
                                        poll_interval=self._poll(poll_interval),
                                        **self._scope())
        async for msg in self._stream(self.stub.WatchTask, req):
            yield TaskStatus.from_proto(msg)

    @_translate_errors
    async def cancel_task(self, action_id: Ref, task_id: str) -> TaskStatus:
        req = bulk_pb2.CancelTaskRequest(action=object_ref(action_id), task_id=task_id,
                                         **self._scope())
        return TaskStatus.from_proto(await self.stub.CancelTask(req, **self._kw()))

    async def get_optimizer_log(self, action_id: Ref, task_id: str) -> bytes:
        req = bulk_pb2.GetOptimizerLogRequest(action=object_ref(action_id), task_id=task_id,
                                              **self._scope())
        return await self._join(self.stub.GetOptimizerLog, req)

    async def get_import_dump(self, import_id: Ref, task_id: str) -> bytes:
        req = bulk_pb2.GetImportDumpRequest(task_id=task_id,
                                            **self._scope(**{"import": object_ref(import_id)}))
        return await self._join(self.stub.GetImportDump, req)

    async def get_process_dump(self, process_id: Ref, task_id: str,
                               object_id: Union[int, str]) -> bytes:
        req = bulk_pb2.GetProcessDumpRequest(process=object_ref(process_id), task_id=task_id,
                                             object_id=int(object_id), **self._scope())
        return await self._join(self.stub.GetProcessDump, req)

    # ---------------------------------------------------------------- files

    async def _file_chunks(self, file_id: Ref, batch_size: Optional[int],
                           on_progress: Optional[ProgressCallback]
                           ) -> AsyncIterator[bulk_pb2.FileChunk]:
        check = DownloadCheck(on_progress)
        async for msg in self._stream(self.stub.GetFile,
                                      self._file_request(file_id, batch_size)):
            check.add(msg)
            yield msg
        check.finish()

    async def get_file(self, file_id: Ref, batch_size: Optional[int] = None, *,
                       on_progress: Optional[ProgressCallback] = None) -> bytes:
        """The whole content of a file."""
        out = bytearray()
        async for msg in self._file_chunks(file_id, batch_size, on_progress):
            out += msg.data
        return bytes(out)

    async def get_file_stream(self, file_id: Ref, batch_size: int = 1, *,
                              on_progress: Optional[ProgressCallback] = None
                              ) -> AsyncIterator[bytes]:
        """Yields the file one Anaplan chunk at a time."""
        current, buf = None, bytearray()
        async for msg in self._file_chunks(file_id, batch_size, on_progress):
            if current is not None and msg.chunk_index != current and buf:
                yield bytes(buf)
                buf = bytearray()
            current = msg.chunk_index
            buf += msg.data
        if buf:
            yield bytes(buf)

    @staticmethod
    async def _write_all(pieces: AsyncIterator[bytes], destination: AsyncDestination) -> int:
        async with AsyncWriter(destination) as out:
            async for data in pieces:
                if data:
                    await out.write(data)
        return out.written

    async def download_file(self, file_id: Ref, destination: AsyncDestination, *,
                            batch_size: Optional[int] = None,
                            on_progress: Optional[ProgressCallback] = None) -> int:
        """Writes a file to a path, a binary file or an async writer, one
        message at a time. Returns the number of bytes written."""
        return await self._write_all(
            (m.data async for m in self._file_chunks(file_id, batch_size, on_progress)),
            destination)

    async def _upload(self, file_id: Ref, content: AsyncContent,
                      on_progress: Optional[ProgressCallback], verify: bool,
                      **opts: Any) -> bulk_pb2.UploadFileResponse:
        header = self._upload_header(file_id, **opts)
        total = async_content_size(content)
        if total is None and header.HasField("expected_size"):
            total = header.expected_size
        meter = Meter(total, on_progress, hash_bytes=verify)
        pieces = async_pieces(content, MESSAGE_SIZE)

        async def requests() -> AsyncIterator[bulk_pb2.UploadFileRequest]:
            yield bulk_pb2.UploadFileRequest(header=header)
            async for piece in pieces:
                yield bulk_pb2.UploadFileRequest(data=piece)
                meter.add(piece)
        resp: bulk_pb2.UploadFileResponse = await self._client_stream(self.stub.UploadFile,
                                                                      requests())
        if verify:
            check_upload(resp, meter)
        meter.finish()
        return resp

    async def upload_file(self, file_id: Ref, content: AsyncContent, *,
                          chunk_size: Optional[int] = None,
                          allow_file_creation: Optional[bool] = None,
                          parallelism: Optional[int] = None,
                          compression_level: Optional[int] = None,
                          expected_size: Optional[int] = None,
                          expected_sha256: Optional[str] = None,
                          on_progress: Optional[ProgressCallback] = None,
                          verify: bool = True) -> bulk_pb2.UploadFileResponse:
        """Uploads bytes, str, a file object, a path, an object with an async
        read() or an (async) iterable of bytes/str; see Client.upload_file."""
        return await self._upload(file_id, content, on_progress, verify,
                                  chunk_size=chunk_size, allow_file_creation=allow_file_creation,
                                  parallelism=parallelism, compression_level=compression_level,
                                  expected_size=expected_size, expected_sha256=expected_sha256)

    async def upload_file_stream(self, file_id: Ref,
                                 content: Union[AsyncIterable[Union[bytes, str]],
                                                Iterable[Union[bytes, str]]], *,
                                 chunk_size: Optional[int] = None,
                                 allow_file_creation: Optional[bool] = None,
                                 parallelism: Optional[int] = None,
                                 compression_level: Optional[int] = None,
                                 expected_size: Optional[int] = None,
                                 expected_sha256: Optional[str] = None,
                                 on_progress: Optional[ProgressCallback] = None,
                                 verify: bool = True) -> bulk_pb2.UploadFileResponse:
        """Uploads the concatenation of an (async) iterable of bytes or str."""
        return await self._upload(file_id, content, on_progress, verify,
                                  chunk_size=chunk_size, allow_file_creation=allow_file_creation,
                                  parallelism=parallelism, compression_level=compression_level,
                                  expected_size=expected_size, expected_sha256=expected_sha256)

    async def upload_and_import(self, file_id: Ref, content: AsyncContent, action_id: Ref,
                                wait_for_completion: bool = True, *, status_only: bool = False,
                                chunk_size: Optional[int] = None,
                                allow_file_creation: Optional[bool] = None,
                                poll_interval: Optional[float] = None,
                                on_progress: Optional[ProgressCallback] = None) -> TaskStatus:
        """Uploads content and runs the import; see Client.upload_and_import."""
        meter = Meter(async_content_size(content), on_progress)
        pieces = async_pieces(content, MESSAGE_SIZE)
        header = bulk_pb2.UploadAndImportHeader(
            upload=self._upload_header(file_id, chunk_size, allow_file_creation),
            action=object_ref(action_id), wait_for_completion=wait_for_completion,
            status_only=status_only, poll_interval=self._poll(poll_interval))

        async def requests() -> AsyncIterator[bulk_pb2.UploadAndImportRequest]:
            yield bulk_pb2.UploadAndImportRequest(header=header)
            async for piece in pieces:
                yield bulk_pb2.UploadAndImportRequest(data=piece)
                meter.add(piece)
        resp = await self._client_stream(self.stub.UploadAndImport, requests())
        meter.finish()
        return TaskStatus.from_proto(resp.task)

    async def _export_chunks(self, action_id: Ref, batch_size: Optional[int],
                             poll_interval: Optional[float],
                             on_progress: Optional[ProgressCallback]) -> AsyncIterator[bytes]:
        req = bulk_pb2.ExportAndDownloadRequest(action=object_ref(action_id),
                                                batch_size=batch_size or 0,
                                                poll_interval=self._poll(poll_interval),
                                                **self._scope())
        check = DownloadCheck(on_progress)
        async for msg in self._stream(self.stub.ExportAndDownload, req):
            if msg.WhichOneof("message") == "chunk":
                data = check.add(msg.chunk)
                if data:
                    yield data
        check.finish()

    def export_and_download_stream(self, action_id: Ref, batch_size: Optional[int] = None,
                                   poll_interval: Optional[float] = None, *,
                                   on_progress: Optional[ProgressCallback] = None
                                   ) -> AsyncIterator[bytes]:
        """Runs an export and yields its output file's bytes in order
        (``async for``)."""
        return self._export_chunks(action_id, batch_size, poll_interval, on_progress)

    async def export_and_download(self, action_id: Ref, batch_size: Optional[int] = None, *,
                                  on_progress: Optional[ProgressCallback] = None) -> bytes:
        return b"".join([d async for d in self._export_chunks(action_id, batch_size, None,
                                                              on_progress)])

    async def export_and_download_file(self, action_id: Ref, destination: AsyncDestination, *,
                                       batch_size: Optional[int] = None,
                                       poll_interval: Optional[float] = None,
                                       on_progress: Optional[ProgressCallback] = None) -> int:
        """Runs an export and writes its output to a path, a binary file or an
        async writer. Returns the number of bytes written."""
        return await self._write_all(
            self._export_chunks(action_id, batch_size, poll_interval, on_progress), destination)

    @_translate_errors
    async def delete_file(self, file_id: Ref) -> None:
        await self.stub.DeleteFile(bulk_pb2.DeleteFileRequest(file=object_ref(file_id),
                                                              **self._scope()), **self._kw())
