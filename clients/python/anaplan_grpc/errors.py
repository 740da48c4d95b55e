"""Exceptions raised by anaplan_grpc, decoded from gRPC's rich error model.

The service answers errors as a ``google.rpc.Status`` in the trailing metadata
(``grpc-status-details-bin``) with these details:

* ``google.rpc.ErrorInfo``: ``reason`` (e.g. ``ANAPLAN_TASK_FAILED``), domain
  ``anaplan.v1`` and ``metadata`` (``http_status``, ``request_id``, ...);
* ``google.rpc.RetryInfo``: how long to wait before retrying (rate limits);
* ``google.rpc.BadRequest``: field violations of a rejected request;
* ``anaplan.v1.TaskStatus``: the status of a task that ended unsuccessfully.

Plain trailing metadata ``anaplan-http-status`` and ``anaplan-request-id``
carry the HTTP status Anaplan answered and the request id as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Type, cast

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from anaplan.v1 import common_pb2

if TYPE_CHECKING:
    from .types import TaskStatus

MetadataTuple = Tuple[Tuple[str, Any], ...]

ERROR_DOMAIN = "anaplan.v1"
REASON_TASK_FAILED = "ANAPLAN_TASK_FAILED"
REASON_CONFLICT = "ANAPLAN_CONFLICT"
REASON_TASK_CANCELLED = "ANAPLAN_TASK_CANCELLED"


class AnaplanError(Exception):
    """Base of every error raised by the client.

    Attributes:
      code: the ``grpc.StatusCode``.
      details: the status message.
      reason: ``ErrorInfo.reason`` or None.
      domain: ``ErrorInfo.domain`` or None.
      metadata: ``ErrorInfo.metadata`` as a dict (empty without ErrorInfo).
      http_status: HTTP status Anaplan answered (int) or None.
      request_id: request id of the failed call or None.
      task_status: ``anaplan_grpc.TaskStatus`` when attached, else None.
      retry_delay: seconds from ``RetryInfo`` (float) or None.
      field_violations: ``[(field, description)]`` from ``BadRequest``.
      trailing_metadata: the raw trailing metadata tuples.
      status: the decoded ``google.rpc.Status`` or None.
    """

    def __init__(self, details: str = "", *, code: grpc.StatusCode = grpc.StatusCode.UNKNOWN,
                 reason: Optional[str] = None, domain: Optional[str] = None,
                 metadata: Optional[Dict[str, str]] = None,
                 http_status: Optional[int] = None, request_id: Optional[str] = None,
                 task_status: Optional["TaskStatus"] = None,
                 retry_delay: Optional[float] = None,
                 field_violations: Optional[List[Tuple[str, str]]] = None,
                 trailing_metadata: Any = (), status: Any = None):
        super().__init__(details)
        self.code = code
        self.details = details
        self.reason = reason
        self.domain = domain
        self.metadata = dict(metadata or {})
        self.http_status = http_status
        self.request_id = request_id
        self.task_status = task_status
        self.retry_delay = retry_delay
        self.field_violations = list(field_violations or [])
        self.trailing_metadata = tuple(trailing_metadata or ())
        self.status = status

    def __str__(self) -> str:
        parts = [self.code.name if self.code is not None else "UNKNOWN"]
        if self.reason:
            parts.append(self.reason)
        if self.http_status is not None:
            parts.append("HTTP %d" % self.http_status)
        if self.request_id:
            parts.append("request %s" % self.request_id)
        return "%s: %s" % (self.details, ", ".join(parts)) if self.details else ", ".join(parts)


class InvalidArgumentError(AnaplanError):
    """INVALID_ARGUMENT: our validation or an Anaplan 400."""


class InvalidIdentifierError(AnaplanError):
    """NOT_FOUND: unknown workspace, model, file or action id or name."""


class InvalidCredentialsError(AnaplanError):
    """UNAUTHENTICATED: bad credentials or a 401 after re-authentication."""


class PermissionDeniedError(AnaplanError):
    """PERMISSION_DENIED: Anaplan 403."""


class FailedPreconditionError(AnaplanError):
    """FAILED_PRECONDITION: model locked, offline or archived (423)."""


class RateLimitError(AnaplanError):
    """RESOURCE_EXHAUSTED: Anaplan 429 after all retries; see retry_delay."""


class UnavailableError(AnaplanError):
    """UNAVAILABLE: Anaplan 5xx or unreachable after all retries."""


class DeadlineExceededError(AnaplanError):
    """DEADLINE_EXCEEDED: the call's deadline or an HTTP timeout."""


class CancelledError(AnaplanError):
    """CANCELLED: the call was cancelled."""


class AbortedError(AnaplanError):
    """ABORTED: a conflict or an unsuccessful task."""


class ConflictError(AbortedError):
    """ABORTED with reason ANAPLAN_CONFLICT (Anaplan 409: model busy...)."""


class AnaplanActionError(AbortedError):
    """ABORTED with reason ANAPLAN_TASK_FAILED; ``task_status`` holds the task."""


class DataLossError(AnaplanError):
    """DATA_LOSS: received bytes differ from the expected size or checksum."""


class InternalError(AnaplanError):
    """INTERNAL: a bug in the service (see request_id in its logs)."""


# Names of anaplan-sdk, for code moving over from it.
AnaplanException = AnaplanError
InvalidIdentifierException = InvalidIdentifierError
InvalidCredentialsException = InvalidCredentialsError
AnaplanTimeoutException = DeadlineExceededError

_BY_CODE: Dict[grpc.StatusCode, Type[AnaplanError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgumentError,
    grpc.StatusCode.NOT_FOUND: InvalidIdentifierError,
    grpc.StatusCode.UNAUTHENTICATED: InvalidCredentialsError,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDeniedError,
    grpc.StatusCode.FAILED_PRECONDITION: FailedPreconditionError,
    grpc.StatusCode.RESOURCE_EXHAUSTED: RateLimitError,
    grpc.StatusCode.UNAVAILABLE: UnavailableError,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceededError,
    grpc.StatusCode.CANCELLED: CancelledError,
    grpc.StatusCode.ABORTED: AbortedError,
    grpc.StatusCode.DATA_LOSS: DataLossError,
    grpc.StatusCode.INTERNAL: InternalError,
}


def _trailing(call: Any) -> MetadataTuple:
    try:
        return tuple(call.trailing_metadata() or ())
    except Exception:  # pragma: no cover - a call without trailers
        return ()


def _first(md: MetadataTuple, key: str) -> Optional[str]:
    for k, v in md:
        if k == key:
            return v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
    return None


def _int_or_none(v: Optional[str]) -> Optional[int]:
    try:
        return int(v) if v not in (None, "") else None
    except ValueError:
        return None


def from_rpc_error(err: grpc.RpcError) -> AnaplanError:
    """Converts a ``grpc.RpcError`` (which is also a ``grpc.Call``) to AnaplanError."""
    from .types import TaskStatus  # avoid an import cycle

    code = err.code() if hasattr(err, "code") else grpc.StatusCode.UNKNOWN
    details = (err.details() if hasattr(err, "details") else str(err)) or ""
    trailing = _trailing(err)
    status = None
    try:
        status = rpc_status.from_call(cast(grpc.Call, err))
    except ValueError:
        # Details whose code or message contradict the call's: keep the call's.
        status = None
    reason: Optional[str] = None
    domain: Optional[str] = None
    meta: Dict[str, str] = {}
    task_status: Optional[TaskStatus] = None
    retry_delay: Optional[float] = None
    field_violations: List[Tuple[str, str]] = []
    if status is not None:
        for any_msg in status.details:
            if any_msg.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                any_msg.Unpack(info)
                reason = info.reason or None
                domain = info.domain or None
                meta = dict(info.metadata)
            elif any_msg.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
                retry = error_details_pb2.RetryInfo()
                any_msg.Unpack(retry)
                retry_delay = retry.retry_delay.ToTimedelta().total_seconds()
            elif any_msg.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                any_msg.Unpack(bad)
                field_violations = [(v.field, v.description) for v in bad.field_violations]
            elif any_msg.Is(common_pb2.TaskStatus.DESCRIPTOR):
                task = common_pb2.TaskStatus()
                any_msg.Unpack(task)
                task_status = TaskStatus.from_proto(task)
    http_status = _int_or_none(meta.get("http_status")) or _int_or_none(
        _first(trailing, "anaplan-http-status"))
    request_id = meta.get("request_id") or _first(trailing, "anaplan-request-id")

    cls: Type[AnaplanError] = _BY_CODE.get(code, AnaplanError)
    if code == grpc.StatusCode.ABORTED:
        if reason == REASON_TASK_FAILED or task_status is not None:
            cls = AnaplanActionError
        elif reason == REASON_CONFLICT:
            cls = ConflictError
    return cls(details, code=code, reason=reason, domain=domain, metadata=meta,
               http_status=http_status, request_id=request_id, task_status=task_status,
               retry_delay=retry_delay, field_violations=field_violations,
               trailing_metadata=trailing, status=status)
