"""Audit end to end: Python client -> gRPC AuditService -> core -> emulator."""

import time

import pytest

from anaplan_grpc import InvalidArgumentError
from e2e_support import EMPLOYEES_FILE, EMPLOYEES_IMPORT, employees_csv


def test_events_record_what_happened(client, emu):
    client.upload_file(EMPLOYEES_FILE, employees_csv([("Zed", "E777", "Sales", "1", "true")]))
    client.run_action(EMPLOYEES_IMPORT)  # a task run and a list change
    events = client.audit.get_events()
    kinds = [e.event_type_id for e in events]
    assert "USR-8" in kinds  # the service's login
    assert "INT-1" in kinds and "INT-2" in kinds
    list_changes = [e for e in events if e.event_type_id == "USR-20"]
    assert list_changes and list_changes[0].object_id == "Employees"
    integration = client.audit.get_events(event_type="int")
    assert {e.event_type_id for e in integration} == {"INT-1", "INT-2"}
    searched = client.audit.search_events(1, "int")
    assert [e.id for e in searched] == [e.id for e in integration]
    assert all(e.tenant_id and e.checksum and e.event_date for e in events)


def test_stream_yields_pages_larger_than_one(client, emu):
    emu.settings(max_page_size=10)
    for i in range(35):
        emu._call("POST", "/__emulator/audit/events", {"eventTypeId": "CMT-1", "message": "c%d" % i})
    streamed = list(client.audit.stream_events(event_type="comment"))
    assert [e.message for e in streamed] == ["c%d" % i for i in range(35)]
    pages = list(client.audit._client._stream(
        client.audit._stub.StreamEvents,
        __import__("anaplan.v1.audit_pb2", fromlist=["x"]).GetEventsRequest(event_type="comment")))
    assert [len(p.events) for p in pages] == [10, 10, 10, 5]
    assert all(p.total_size == 35 for p in pages)
    assert len(client.audit.get_events(event_type="comment")) == 35


def test_window_limits(client, emu):
    emu._call("POST", "/__emulator/audit/events", {"eventTypeId": "BYK-1", "ageHours": 24 * 10})
    assert len(client.audit.get_events(30, "byok")) == 1
    assert client.audit.get_events(9, "byok") == []
    now = int(time.time() * 1000)
    assert len(client.audit.get_events(event_type="byok", date_from_ms=now - 11 * 86400_000,
                                       date_to_ms=now)) == 1
    with pytest.raises(InvalidArgumentError, match="30 days"):
        client.audit.get_events(31)
    with pytest.raises(InvalidArgumentError, match="30 days"):
        client.audit.get_events(date_from_ms=now - 31 * 86400_000, date_to_ms=now)
    with pytest.raises(InvalidArgumentError, match="event_type"):
        client.audit.get_events(event_type="everything")
    with pytest.raises(InvalidArgumentError, match="date_to_ms"):
        client.audit.get_events(date_from_ms=now)


DEMO_USER_ID = "8a868cd97b120fc7017b36d7331d0001"
VIEWER_USER_ID = "8a868cd97b120fc7017b36d7331d0002"


def test_users_come_from_the_integration_api(client):
    users = client.audit.get_users()
    assert [u.email for u in users] == ["demo@example.com", "viewer@example.com"]
    assert users[0].id == DEMO_USER_ID and users[0].active and users[0].customer_id
    me = client.audit.get_user()
    assert me.id == DEMO_USER_ID and me.first_name == "Demo" and me.last_name == "Admin"
    assert client.audit.get_user(user_id="me") == me
    viewer = client.audit.get_user(VIEWER_USER_ID)
    assert viewer.email == "viewer@example.com"
    assert viewer.last_login_date == "2024-04-15T14:30:00.000Z"


def test_unknown_or_empty_user_is_rejected(client):
    import grpc
    from anaplan_grpc import InvalidIdentifierError
    with pytest.raises(InvalidIdentifierError, match="nobody") as ei:
        client.audit.get_user("nobody")
    assert ei.value.code == grpc.StatusCode.NOT_FOUND
    with pytest.raises(InvalidArgumentError, match="user_id"):
        client.audit.get_user("")
