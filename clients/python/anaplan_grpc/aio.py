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
from typing import Any, AsyncIterable, AsyncIterator, Callable, ClassVar, Iterable, Optional, Union

import grpc
import grpc.aio

from anaplan.v1 import bulk_pb2, bulk_pb2_grpc

from ._aio_call import _Channel, _RequestPump
from ._aio_family import AsyncRunner
from ._aio_io import (AsyncContent, AsyncDestination, AsyncWriter, async_content_size,
                      async_pieces)
from ._base import (DEFAULT_CHUNK_SIZE, DEFAULT_TARGET, ChannelOptions, Metadata, Ref,
                    channel_options)
from ._bulk_ops import BulkOps
from ._io import MESSAGE_SIZE, ProgressCallback
from ._transfer import TaskProgressCallback, TaskWatch
from .aio_families import AsyncFamilies
from .credentials import Credentials, Pem, Token, channel_credentials
from .errors import from_rpc_error
from .types import TaskStatus

__all__ = ["AsyncClient"]


class AsyncClient(BulkOps, AsyncRunner, AsyncFamilies):
    """An asyncio client of the anaplan-grpc BulkService with anaplan-sdk's
    ``AsyncClient`` names. Arguments as ``anaplan_grpc.Client``; ``channel``
    takes a ``grpc.aio.Channel``. The API families are the sub-clients
    ``tr``, ``alm``, ``audit``, ``cw`` (``cw.flows``) and ``scim``
    (``anaplan_grpc.aio_families``)."""

    _constructor: ClassVar[str] = "AsyncClient"

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

    def _caller(self) -> "AsyncClient":
        return self

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

    # ------------------------------------------- what the operations cannot say
    # (the rest is in _bulk_ops.BulkOps, shared with Client)

    async def run_action(self, action_id: Ref, wait_for_completion: bool = True, *,
                         status_only: bool = False, poll_interval: Optional[float] = None,
                         on_progress: Optional[TaskProgressCallback] = None) -> TaskStatus:
        """Runs an import, export, action or process; see Client.run_action.
        Cancelling the awaiting task cancels the wait."""
        if on_progress is None or not wait_for_completion:
            return await self._run(self._run_action(action_id, wait_for_completion,
                                                    status_only, poll_interval))
        watch = TaskWatch(action_id, status_only, on_progress)
        ref, task_id = watch.start(
            await self._run(self._run_action(action_id, False, True, None)))
        async for status in self.watch_task(ref, task_id, poll_interval):
            watch.see(status)
        return watch.result()

    async def get_file_stream(self, file_id: Ref, batch_size: int = 1, *,
                              on_progress: Optional[ProgressCallback] = None
                              ) -> AsyncIterator[bytes]:
        """Yields the file one Anaplan chunk at a time."""
        pieces = self._iterate(self._file_chunks(file_id, batch_size, on_progress))
        try:
            async for piece in pieces:
                yield piece
        finally:
            await pieces.aclose()

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
            self._iterate(lambda: self._file_pieces(file_id, batch_size, on_progress)),
            destination)

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
        return await self._upload_content(
            file_id, content, on_progress, verify, chunk_size=chunk_size,
            allow_file_creation=allow_file_creation, parallelism=parallelism,
            compression_level=compression_level, expected_size=expected_size,
            expected_sha256=expected_sha256)

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
        return await self._upload_content(
            file_id, content, on_progress, verify, chunk_size=chunk_size,
            allow_file_creation=allow_file_creation, parallelism=parallelism,
            compression_level=compression_level, expected_size=expected_size,
            expected_sha256=expected_sha256)

    async def _upload_content(self, file_id: Ref, content: AsyncContent,
                              on_progress: Optional[ProgressCallback], verify: bool,
                              **opts: Any) -> bulk_pb2.UploadFileResponse:
        upload = self._file_upload(file_id, async_content_size(content), on_progress, verify,
                                   **opts)
        return await self._upload(upload, async_pieces(content, MESSAGE_SIZE))

    async def upload_and_import(self, file_id: Ref, content: AsyncContent, action_id: Ref,
                                wait_for_completion: bool = True, *, status_only: bool = False,
                                chunk_size: Optional[int] = None,
                                allow_file_creation: Optional[bool] = None,
                                poll_interval: Optional[float] = None,
                                on_progress: Optional[ProgressCallback] = None) -> TaskStatus:
        """Uploads content and runs the import; see Client.upload_and_import."""
        total, pieces = async_content_size(content), async_pieces(content, MESSAGE_SIZE)
        return await self._upload(self._import_upload(
            file_id, action_id, total, on_progress, wait_for_completion, status_only,
            chunk_size, allow_file_creation, poll_interval), pieces)

    def export_and_download_stream(self, action_id: Ref, batch_size: Optional[int] = None,
                                   poll_interval: Optional[float] = None, *,
                                   on_progress: Optional[ProgressCallback] = None
                                   ) -> AsyncIterator[bytes]:
        """Runs an export and yields its output file's bytes in order
        (``async for``)."""
        return self._iterate(
            lambda: self._export_pieces(action_id, batch_size, poll_interval, on_progress))

    async def export_and_download_file(self, action_id: Ref, destination: AsyncDestination, *,
                                       batch_size: Optional[int] = None,
                                       poll_interval: Optional[float] = None,
                                       on_progress: Optional[ProgressCallback] = None) -> int:
        """Runs an export and writes its output to a path, a binary file or an
        async writer. Returns the number of bytes written."""
        return await self._write_all(
            self._iterate(
                lambda: self._export_pieces(action_id, batch_size, poll_interval, on_progress)),
            destination)
