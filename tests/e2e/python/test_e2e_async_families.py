"""AsyncClient's sub-clients end to end: ``tr``, ``alm``, ``audit``, ``cw``
(``cw.flows``) and ``scim`` over grpc.aio -> anaplan-grpc-server -> real HTTP
-> the emulator. Every write is read back (through the client or the
emulator's state); errors arrive as the sync client's exceptions; cancelling
the task that reads an async stream stops the service's work for it."""

import asyncio

import pytest

import anaplan_grpc as ag
from anaplan_grpc.scim import field
from e2e_support import (DEMO_MODEL, DEMO_WS, EMPLOYEES_FILE, EMPLOYEES_IMPORT, SANDBOX_MODEL,
                         employees_csv)
from test_cloud_works import import_integration, put_object, s3
from test_e2e_async import run  # body(AsyncClient on the demo model) in a fresh loop

REGION = 101000000001
SALES_MODULE = 102000000000
MONTH = 101000000002
FEB_24 = 206002000002


def _cell(region, value):
    return {"lineItemName": "Revenue", "value": value,
            "dimensions": [{"dimensionName": "Region", "itemName": region},
                           {"dimensionName": "Month", "itemName": "Feb 24"}]}


def test_tr_list_items_and_cells_written_then_read_back(target, emu):
    async def new_regions():
        for name, code in (("Central", "C"), ("North", "N2"), ("Polar", "P")):
            await asyncio.sleep(0)
            yield {"name": name, "code": code}

    async def body(c):
        tr = c.tr
        added = await tr.insert_list_items(REGION, new_regions())
        listed = await tr.get_list_items(REGION)
        streamed = [i async for i in tr.get_list_items_stream(REGION)]
        changed = await tr.update_module_data(SALES_MODULE, [_cell("West", 4242.5)])
        cells = await tr.get_cells(SALES_MODULE, pages=[(MONTH, FEB_24)])
        csv = await tr.get_view_data(SALES_MODULE, pages=[(MONTH, FEB_24)])
        deleted = await tr.delete_list_items(REGION, [{"code": "P"}])
        return added, listed, streamed, changed, cells, csv, deleted, await tr.get_modules()
    added, listed, streamed, changed, cells, csv, deleted, modules = run(target, body)
    assert (added.added, added.ignored, added.total) == (2, 1, 3)
    assert [(f.request_index, f.failure_type) for f in added.failures] == [(1, "DUPLICATE_NAME")]
    assert {i.name: i.code for i in listed}["Central"] == "C"
    assert [i.name for i in streamed] == [i.name for i in listed]
    assert changed == 1
    rows = {tuple(r.row_coordinates): list(r.cells) for r in cells.rows}
    assert rows[("West",)][0] == "4242.5"
    assert b"West,4242.5" in csv
    assert deleted.deleted == 1
    assert emu.list_item_names("Region") == ["North", "South", "East", "West", "Central"]
    assert [m.name for m in modules] == ["Sales"]


def test_alm_revisions_reports_and_a_watched_sync(target, emu):
    async def body(c):
        src_alm, tgt_alm = c.alm, c.with_model(SANDBOX_MODEL).alm
        assert await src_alm.get_latest_revision() is None
        src = await src_alm.create_revision("Release 1", "first release")
        tgt = await tgt_alm.create_revision("Baseline")
        revisions = await src_alm.get_revisions()
        summary = await tgt_alm.create_comparison_summary(src.id, DEMO_MODEL, tgt.id,
                                                          poll_interval=0.01)
        started = await tgt_alm.sync_models(src.id, DEMO_MODEL, tgt.id,
                                            wait_for_completion=False)
        states = [t.task_state async for t in tgt_alm.watch_sync_task(started.task_id,
                                                                      poll_interval=0.01)]
        return src, revisions, summary, states, await tgt_alm.get_latest_revision()
    src, revisions, summary, states, latest = run(target, body)
    assert [r.id for r in revisions] == [src.id] and revisions[0].name == "Release 1"
    assert summary.lists.created == 3 and summary.modules.created == 1
    assert states[0] == "IN_PROGRESS" and states[-1] == "COMPLETE"
    assert latest.id == src.id
    # The sync copied the structure into the sandbox model.
    assert emu.list_data("Employees", model=SANDBOX_MODEL)["properties"] == \
        emu.list_data("Employees")["properties"]


def test_audit_records_an_import_run_through_the_async_client(target, emu):
    async def body(c):
        await c.upload_file(EMPLOYEES_FILE, employees_csv([("Zed", "E777", "Sales", "1", "true")]))
        await c.run_action(EMPLOYEES_IMPORT)
        integration = await c.audit.get_events(event_type="int")
        streamed = [e async for e in c.audit.stream_events(event_type="int")]
        return integration, streamed, await c.audit.get_user()
    integration, streamed, me = run(target, body)
    assert {e.event_type_id for e in integration} == {"INT-1", "INT-2"}
    assert [e.id for e in streamed] == [e.id for e in integration]
    assert me.email == "demo@example.com"


def test_cw_connection_integration_run_and_flow(target, emu, anaplan_http):
    async def body(c):
        cw = c.cw
        con_id = await cw.create_connection(s3())
        await cw.patch_connection(con_id, {"name": "patched"})  # type looked up
        connections = await cw.get_connections()
        put_object(anaplan_http, con_id, "in.csv",
                   employees_csv([("Cloud Person", "E991", "Ops", "7", "true")]))
        integration_id = await cw.create_integration(import_integration(con_id, "in.csv"))
        await cw.run_integration(integration_id)
        history = await cw.get_run_history(integration_id)
        again = await cw.create_integration(import_integration(con_id, "in.csv", name="again"))
        flow_id = await cw.flows.create_flow({
            "name": "two steps", "version": "2.0", "type": "IntegrationFlow",
            "steps": [{"type": "Integration", "referrer": integration_id},
                      {"type": "Integration", "referrer": again,
                       "dependsOn": [integration_id]}]})
        return con_id, connections, history, flow_id, await cw.flows.get_flows()
    con_id, connections, history, flow_id, flows = run(target, body)
    assert [(x.connection_id, x.name, x.bucket_name) for x in connections] == [
        (con_id, "patched", "bucket-1")]
    assert len(history) == 1 and history[0].success
    assert "Cloud Person" in emu.list_item_names("Employees")
    assert [f.id for f in flows] == [flow_id] and flows[0].step_count == 2


def test_scim_users_added_then_filtered(target, emu):
    async def body(c):
        scim = c.scim
        ada = await scim.add_user("ada@example.com", "Lovelace", "Ada", external_id="E-1",
                                  workspace_ids=[DEMO_WS])
        await scim.add_user("bob@example.com", "Builder", "Bob", external_id="E-2")
        found = await scim.get_users((field("externalId") == "e-1") & (field("active") == True))
        between = (field("userName") > "a") & (field("userName") < "c")
        streamed = [u.user_name async for u in scim.stream_users(between, page_size=1)]
        return ada, found, streamed, await scim.get_service_provider_config()
    ada, found, streamed, config = run(target, body)
    assert [u.id for u in found] == [ada.id]
    assert streamed == ["ada@example.com", "bob@example.com"]  # one page each
    assert config["filter"]["maxResults"] == 100


def test_errors_are_the_sync_clients_exceptions(target, emu):
    async def body(c):
        with pytest.raises(ag.InvalidIdentifierError):
            await c.tr.get_list_items(101000000099)
        with pytest.raises(ag.InvalidArgumentError, match="30 days"):
            await c.audit.get_events(31)
        with pytest.raises(ag.InvalidArgumentError, match="co, sw and ew"):
            await c.scim.get_users(field("userName")._cmp("co", "a"))
        with pytest.raises(ag.InvalidIdentifierError):
            await c.cw.delete_connection("0" * 32)
        with pytest.raises(ag.InvalidIdentifierError):
            async for _ in c.alm.watch_sync_task("F" * 32):
                pass
        # Per-call credentials reach the service: a wrong password is refused.
        with pytest.raises(ag.InvalidCredentialsError):
            await c.with_credentials(user_email="demo@example.com",
                                     password="wrong-password").tr.get_modules()
        return await c.with_credentials(user_email="demo@example.com",
                                        password="demo-password").tr.get_lists()
    assert "Region" in [x.name for x in run(target, body)]


def _sync_task_polls(emu):
    return [r for r in emu.requests(r"/alm/syncTasks/[0-9A-Fa-f]+$") if r["method"] == "GET"]


async def _start_endless_sync(c):
    """An ALM sync into the sandbox model that stays IN_PROGRESS (the caller
    set task_polls_in_progress high): its watch stream never ends by itself."""
    alm = c.with_model(SANDBOX_MODEL).alm
    src = await c.alm.create_revision("Release 1")
    tgt = await alm.create_revision("Baseline")
    started = await alm.sync_models(src.id, DEMO_MODEL, tgt.id, wait_for_completion=False)
    return alm, started.task_id


async def _polls_after_a_pause(emu):
    await asyncio.sleep(0.5)
    before = len(_sync_task_polls(emu))
    await asyncio.sleep(1.0)
    return before, len(_sync_task_polls(emu))


@pytest.mark.parametrize("how", ["task.cancel()", "break"])
def test_leaving_an_async_stream_stops_the_service_polling(target, emu, how):
    emu.settings(task_polls_in_progress=100000)  # the sync task never ends by itself

    async def body(c):
        alm, task_id = await _start_endless_sync(c)
        seen = []

        async def service_polling():
            for _ in range(200):
                if len(_sync_task_polls(emu)) >= 3:
                    return
                await asyncio.sleep(0.05)

        async def watch():
            # The stream yields on changes: one IN_PROGRESS, then nothing.
            async for t in alm.watch_sync_task(task_id, poll_interval=0.05):
                seen.append(t.task_state)
                if how == "break":
                    await service_polling()
                    break
        task = asyncio.ensure_future(watch())
        if how == "task.cancel()":
            await service_polling()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        else:
            await asyncio.wait_for(task, 60)
        return seen, await _polls_after_a_pause(emu)
    seen, (before, after) = run(target, body)
    assert seen and set(seen) == {"IN_PROGRESS"}
    assert before >= 3, "the service never polled the sync task"
    assert after == before, "the service kept polling after the caller left the stream"
