"""``client.audit``: anaplan-sdk's audit sub-client over anaplan.v1.AuditService."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, List, Optional

from anaplan.v1 import audit_pb2, audit_pb2_grpc

from ._families import translate_errors

if TYPE_CHECKING:
    from .client import Client


def _request(days_into_past: int, event_type: str, date_from_ms: Optional[int],
             date_to_ms: Optional[int]) -> audit_pb2.GetEventsRequest:
    return audit_pb2.GetEventsRequest(
        event_type=event_type, days_into_past=days_into_past,
        date_from_ms=date_from_ms or 0, date_to_ms=date_to_ms or 0)


class AuditClient:
    """Audit events of the tenant (the Tenant Auditor role is needed). The
    window is at most 30 days: longer ones raise InvalidArgumentError."""

    def __init__(self, client: "Client") -> None:
        self._client = client
        self._stub = audit_pb2_grpc.AuditServiceStub(client.channel)

    @translate_errors
    def get_events(self, days_into_past: int = 30, event_type: str = "all", *,
                   date_from_ms: Optional[int] = None,
                   date_to_ms: Optional[int] = None) -> List[audit_pb2.AuditEvent]:
        return list(self._stub.GetEvents(
            _request(days_into_past, event_type, date_from_ms, date_to_ms),
            **self._client._kw()).events)

    def stream_events(self, days_into_past: int = 30, event_type: str = "all", *,
                      date_from_ms: Optional[int] = None,
                      date_to_ms: Optional[int] = None) -> Iterator[audit_pb2.AuditEvent]:
        """Yields events as Anaplan's pages arrive."""
        for page in self._client._stream(
                self._stub.StreamEvents,
                _request(days_into_past, event_type, date_from_ms, date_to_ms)):
            yield from page.events

    @translate_errors
    def search_events(self, days_into_past: int = 30, event_type: str = "all", *,
                      date_from_ms: Optional[int] = None,
                      date_to_ms: Optional[int] = None) -> List[audit_pb2.AuditEvent]:
        """The same selection through POST /events/search."""
        return list(self._stub.SearchEvents(
            _request(days_into_past, event_type, date_from_ms, date_to_ms),
            **self._client._kw()).events)

    @translate_errors
    def get_users(self) -> List[audit_pb2.TenantUser]:
        """Every user of the tenant (Integration API GET /users)."""
        return list(self._stub.GetUsers(
            audit_pb2.GetUsersRequest(), **self._client._kw()).users)

    @translate_errors
    def get_user(self, user_id: str = "me") -> audit_pb2.TenantUser:
        """One user by id; "me" (the default) is the caller."""
        reply: audit_pb2.TenantUser = self._stub.GetUser(
            audit_pb2.GetUserRequest(user_id=user_id), **self._client._kw())
        return reply
