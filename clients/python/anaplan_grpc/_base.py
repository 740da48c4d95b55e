"""State and request helpers shared by Client and AsyncClient: the bound
workspace and model, call options (timeout, metadata, Anaplan credentials)
and the upload defaults."""

from __future__ import annotations

import copy
import datetime
from typing import Any, Dict, Optional, Sequence, Tuple, TypeVar, Union

from google.protobuf import duration_pb2

from anaplan.v1 import bulk_pb2, common_pb2

from .credentials import Credentials, Pem, Token

DEFAULT_TARGET = "127.0.0.1:50051"
DEFAULT_CHUNK_SIZE = 25_000_000
#: Largest message the client accepts from the service.
MAX_RECEIVE_MESSAGE_LENGTH = 64 * 1024 * 1024

Ref = Union[int, str, common_pb2.ObjectRef]
Metadata = Sequence[Tuple[str, Union[str, bytes]]]
ChannelOptions = Sequence[Tuple[str, Any]]

_Self = TypeVar("_Self", bound="_ClientBase")


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


def duration(seconds: Optional[float]) -> Optional[duration_pb2.Duration]:
    if seconds is None:
        return None
    d = duration_pb2.Duration()
    d.FromTimedelta(datetime.timedelta(seconds=seconds))
    return d


def channel_options(options: Optional[ChannelOptions]) -> list[Tuple[str, Any]]:
    return [("grpc.max_receive_message_length", MAX_RECEIVE_MESSAGE_LENGTH)] + list(options or [])


class _ClientBase:
    """What Client and AsyncClient share; no I/O happens here."""

    _workspace_id: Optional[str]
    _model_id: Optional[str]
    _timeout: Optional[float]
    _metadata: Tuple[Tuple[str, Union[str, bytes]], ...]
    _credentials: Optional[Credentials]
    _owns_channel: bool
    upload_chunk_size: int
    allow_file_creation: bool
    status_poll_delay: Optional[float]

    def _init_base(self, workspace_id: Optional[str], model_id: Optional[str],
                   timeout: Optional[float], metadata: Optional[Metadata],
                   credentials: Optional[Credentials], upload_chunk_size: int,
                   allow_file_creation: bool, status_poll_delay: Optional[float]) -> None:
        self._workspace_id = workspace_id
        self._model_id = model_id
        self._timeout = timeout
        self._metadata = tuple(metadata or ())
        self._credentials = credentials
        self.upload_chunk_size = upload_chunk_size
        self.allow_file_creation = allow_file_creation
        self.status_poll_delay = status_poll_delay

    @property
    def workspace_id(self) -> Optional[str]:
        return self._workspace_id

    @property
    def model_id(self) -> Optional[str]:
        return self._model_id

    @property
    def credentials(self) -> Optional[Credentials]:
        """The Anaplan credentials sent with every call, if any."""
        return self._credentials

    def _clone(self: _Self) -> _Self:
        # A shallow copy shares the channel and stub; it never closes them.
        clone = copy.copy(self)
        clone._owns_channel = False
        return clone

    def with_model(self: _Self, model_id: Optional[str] = None,
                   workspace_id: Optional[str] = None) -> _Self:
        """A client bound to another model, sharing this client's channel."""
        clone = self._clone()
        clone._model_id = model_id if model_id is not None else self._model_id
        clone._workspace_id = workspace_id if workspace_id is not None else self._workspace_id
        return clone

    def with_credentials(self: _Self, *, token: Optional[Token] = None,
                         user_email: Optional[str] = None, password: Optional[str] = None,
                         certificate: Optional[Pem] = None, private_key: Optional[Pem] = None,
                         private_key_password: Optional[Union[str, bytes]] = None) -> _Self:
        """A client sharing this one's channel whose calls carry other Anaplan
        credentials (none when called without arguments)."""
        clone = self._clone()
        clone._credentials = Credentials.create(
            token=token, user_email=user_email, password=password, certificate=certificate,
            private_key=private_key, private_key_password=private_key_password)
        return clone

    # ------------------------------------------------------ call options

    def _call_metadata(self) -> Optional[Tuple[Tuple[str, Union[str, bytes]], ...]]:
        md = self._metadata
        if self._credentials is not None:
            md = md + self._credentials.metadata()
        return md or None

    def _kw(self, timeout: Optional[float] = None) -> Dict[str, Any]:
        t = timeout if timeout is not None else self._timeout
        return {"timeout": t, "metadata": self._call_metadata()}

    def _ids(self) -> Tuple[str, str]:
        if not self._workspace_id or not self._model_id:
            raise ValueError(
                "workspace_id and model_id are required for this method; pass them "
                "to Client(...) or use client.with_model(model_id, workspace_id)")
        return self._workspace_id, self._model_id

    def _scope(self, **fields: Any) -> Dict[str, Any]:
        """Request fields naming the bound model, plus ``fields`` (for names
        that are Python keywords, such as ``import``)."""
        ws, model = self._ids()
        return {"workspace_id": ws, "model_id": model, **fields}

    def _poll(self, poll_interval: Optional[float]) -> Optional[duration_pb2.Duration]:
        return duration(poll_interval if poll_interval is not None else self.status_poll_delay)

    def _upload_header(self, file_id: Ref, chunk_size: Optional[int] = None,
                       allow_file_creation: Optional[bool] = None,
                       parallelism: Optional[int] = None,
                       compression_level: Optional[int] = None,
                       expected_size: Optional[int] = None,
                       expected_sha256: Optional[str] = None) -> bulk_pb2.UploadHeader:
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

    def _file_request(self, file_id: Ref, batch_size: Optional[int]) -> bulk_pb2.GetFileRequest:
        return bulk_pb2.GetFileRequest(file=object_ref(file_id), batch_size=batch_size or 0,
                                       **self._scope())
