"""The audit operations (anaplan-sdk's ``client.audit``), shared by the sync
AuditClient and the asyncio one; see ``_ops``."""

from __future__ import annotations

from typing import List, Optional

from anaplan.v1 import audit_pb2, audit_pb2_grpc

from ._ops import FamilyBase, Stream, Unary, op, same, stream_op


def _request(days_into_past: int, event_type: str, date_from_ms: Optional[int],
             date_to_ms: Optional[int]) -> audit_pb2.GetEventsRequest:
    return audit_pb2.GetEventsRequest(
        event_type=event_type, days_into_past=days_into_past,
        date_from_ms=date_from_ms or 0, date_to_ms=date_to_ms or 0)


class AuditOps(FamilyBase):
    """Audit events of the tenant (the Tenant Auditor role is needed). The
    window is at most 30 days: longer ones raise InvalidArgumentError."""

    _stub_type = audit_pb2_grpc.AuditServiceStub

    @op
    def get_events(self, days_into_past: int = 30, event_type: str = "all", *,
                   date_from_ms: Optional[int] = None,
                   date_to_ms: Optional[int] = None) -> Unary[List[audit_pb2.AuditEvent]]:
        return Unary("GetEvents", _request(days_into_past, event_type, date_from_ms, date_to_ms),
                     lambda r: list(r.events))

    @stream_op
    def stream_events(self, days_into_past: int = 30, event_type: str = "all", *,
                      date_from_ms: Optional[int] = None,
                      date_to_ms: Optional[int] = None) -> Stream[audit_pb2.AuditEvent]:
        """Yields events as Anaplan's pages arrive."""
        return Stream("StreamEvents",
                      _request(days_into_past, event_type, date_from_ms, date_to_ms),
                      lambda page: page.events)

    @op
    def search_events(self, days_into_past: int = 30, event_type: str = "all", *,
                      date_from_ms: Optional[int] = None,
                      date_to_ms: Optional[int] = None) -> Unary[List[audit_pb2.AuditEvent]]:
        """The same selection through POST /events/search."""
        return Unary("SearchEvents",
                     _request(days_into_past, event_type, date_from_ms, date_to_ms),
                     lambda r: list(r.events))

    @op
    def get_users(self) -> Unary[List[audit_pb2.TenantUser]]:
        """Every user of the tenant (Integration API GET /users)."""
        return Unary("GetUsers", audit_pb2.GetUsersRequest(), lambda r: list(r.users))

    @op
    def get_user(self, user_id: str = "me") -> Unary[audit_pb2.TenantUser]:
        """One user by id; "me" (the default) is the caller."""
        return Unary("GetUser", audit_pb2.GetUserRequest(user_id=user_id), same)
