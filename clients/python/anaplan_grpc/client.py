"""The Client: anaplan-sdk's ``Client`` surface over the BulkService stub."""

from __future__ import annotations

import os
from typing import (IO, TYPE_CHECKING, Any, BinaryIO, Iterable, Iterator, Optional, TypeVar,
                    Union, cast)

import grpc

from anaplan.v1 import bulk_pb2, bulk_pb2_grpc

from ._base import (DEFAULT_CHUNK_SIZE, DEFAULT_TARGET, ChannelOptions, Metadata, Ref,
                    channel_options, object_ref)
from ._base import duration as _duration  # noqa: F401  (name used before _base existed)
from ._bulk_ops import BulkOps
from ._family import SyncRunner
from ._io import (MESSAGE_SIZE, Content, ProgressCallback, content_pieces, content_size,
                  is_content, rebuffer, writer_for)
from ._transfer import TaskProgressCallback, TaskWatch
from .credentials import Credentials, Pem, Token, channel_credentials
from .errors import from_rpc_error
from .types import TaskStatus

__all__ = ["Client", "object_ref", "Ref", "Metadata", "Destination", "DEFAULT_TARGET",
           "DEFAULT_CHUNK_SIZE"]

if TYPE_CHECKING:  # the sub-clients import lazily
    from .alm import AlmClient  # noqa: F401
    from .audit import AuditClient  # noqa: F401
    from .cloud_works import CloudWorks  # noqa: F401
    from .scim import ScimClient  # noqa: F401
    from .transactional import TransactionalClient  # noqa: F401

_Req = TypeVar("_Req")
_Resp = TypeVar("_Resp")
Destination = Union[str, "os.PathLike[str]", BinaryIO, IO[bytes]]


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


class Client(BulkOps, SyncRunner):
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

    def _caller(self) -> "Client":
        return self

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

    # ------------------------------------------- what the operations cannot say
    # (the rest is in _bulk_ops.BulkOps, shared with AsyncClient)

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
        if on_progress is None or not wait_for_completion:
            return self._run(self._run_action(action_id, wait_for_completion, status_only,
                                              poll_interval))
        watch = TaskWatch(action_id, status_only, on_progress)
        ref, task_id = watch.start(self._run(self._run_action(action_id, False, True, None)))
        for status in self.watch_task(ref, task_id, poll_interval):
            watch.see(status)
        return watch.result()

    def get_file_stream(self, file_id: Ref, batch_size: int = 1, *,
                        on_progress: Optional[ProgressCallback] = None) -> Iterator[bytes]:
        """Yields the file one Anaplan chunk at a time, as anaplan-sdk does."""
        yield from self._iterate(self._file_chunks(file_id, batch_size, on_progress))

    def download_file(self, file_id: Ref, destination: Destination, *,
                      batch_size: Optional[int] = None,
                      on_progress: Optional[ProgressCallback] = None) -> int:
        """Writes a file to a path or a binary file object, one message at a
        time (bounded memory). Returns the number of bytes written."""
        return self._write_all(
            self._iterate(lambda: self._file_pieces(file_id, batch_size, on_progress)),
            destination)

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
        pieces, total = content_pieces(content, MESSAGE_SIZE), content_size(content)
        return self._upload(self._file_upload(
            file_id, total, on_progress, verify, chunk_size=chunk_size,
            allow_file_creation=allow_file_creation, parallelism=parallelism,
            compression_level=compression_level, expected_size=expected_size,
            expected_sha256=expected_sha256), pieces)

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
        pieces = rebuffer(content, MESSAGE_SIZE)
        return self._upload(self._file_upload(
            file_id, None, on_progress, verify, chunk_size=chunk_size,
            allow_file_creation=allow_file_creation, parallelism=parallelism,
            compression_level=compression_level, expected_size=expected_size,
            expected_sha256=expected_sha256), pieces)

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
            total = content_size(content)
        else:
            pieces, total = rebuffer(cast(Iterable[Any], content), MESSAGE_SIZE), None
        return self._upload(self._import_upload(
            file_id, action_id, total, on_progress, wait_for_completion, status_only,
            chunk_size, allow_file_creation, poll_interval), pieces)

    def export_and_download_stream(self, action_id: Ref,
                                   batch_size: Optional[int] = None,
                                   poll_interval: Optional[float] = None, *,
                                   on_progress: Optional[ProgressCallback] = None
                                   ) -> Iterator[bytes]:
        """Runs an export and yields its output file's bytes in order."""
        return self._iterate(
            lambda: self._export_pieces(action_id, batch_size, poll_interval, on_progress))

    def export_and_download_file(self, action_id: Ref, destination: Destination, *,
                                 batch_size: Optional[int] = None,
                                 poll_interval: Optional[float] = None,
                                 on_progress: Optional[ProgressCallback] = None) -> int:
        """Runs an export and writes its output to a path or binary file
        object with bounded memory. Returns the number of bytes written."""
        return self._write_all(
            self._iterate(
                lambda: self._export_pieces(action_id, batch_size, poll_interval, on_progress)),
            destination)
