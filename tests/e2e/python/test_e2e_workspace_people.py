"""Workspace administrators and visitors end to end: sync and async Python
clients -> BulkService -> core (paged) -> emulator."""

import asyncio

import grpc
import pytest

import anaplan_grpc as ag
from e2e_support import DEMO_MODEL, DEMO_WS, SANDBOX_WS


def test_admins_and_visitors(client):
    admins = client.get_workspace_admins(DEMO_WS)
    assert [(p.email, p.first_name, p.last_name, p.active) for p in admins] == [
        ("demo@example.com", "Demo", "Admin", True)]
    assert list(admins[0].other_workspaces) == ["Sandbox Workspace"]
    visitors = client.get_workspace_visitors(SANDBOX_WS)
    assert [p.email for p in visitors] == ["viewer@example.com"]
    assert list(visitors[0].other_workspaces) == ["Demo Workspace"]
    # The client's own workspace is the default.
    assert client.get_workspace_admins() == admins


def test_people_are_paged_through(client, emu):
    emu.settings(max_page_size=1)
    people = client.get_workspace_admins(DEMO_WS) + client.get_workspace_visitors(DEMO_WS)
    assert [p.email for p in people] == ["demo@example.com", "viewer@example.com"]


def test_unknown_workspace_is_not_found(client):
    with pytest.raises(ag.InvalidIdentifierError, match="0" * 32) as ei:
        client.get_workspace_admins("0" * 32)
    assert ei.value.code == grpc.StatusCode.NOT_FOUND
    with pytest.raises(ag.InvalidIdentifierError, match="f" * 32):
        client.get_workspace_visitors("f" * 32)


def test_async_client(target, emu):
    async def main():
        async with ag.AsyncClient(target, DEMO_WS, DEMO_MODEL, timeout=60) as c:
            return (await c.get_workspace_admins(), await c.get_workspace_visitors(SANDBOX_WS))
    admins, visitors = asyncio.run(main())
    assert [p.email for p in admins] == ["demo@example.com"]
    assert [p.email for p in visitors] == ["viewer@example.com"]
