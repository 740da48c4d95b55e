"""TransactionalService end to end: the Python client's ``tr`` sub-client ->
real gRPC -> anaplan-grpc-server -> real HTTP -> the emulator's model state.
Writes are checked by reading back through other operations (views, list
reads, bulk exports, the emulator's control API)."""

import grpc
import pytest

from anaplan_grpc import InvalidArgumentError, InvalidIdentifierError, UnavailableError
from anaplan.v1 import transactional_pb2 as tx_pb2
from anaplan_grpc.transactional import _cell as to_cell

from e2e_support import DEMO_MODEL, DEMO_WS, parse_csv, wait_until

SALES_MODULE = 102000000000
REVENUE = 203000000001
EMPLOYEES = 101000000000
REGION = 101000000001
MONTH = 101000000002
SALES_EXPORT = 116000000001


def _cell(region, month, value, line_item="Revenue"):
    return {"lineItemName": line_item, "value": value,
            "dimensions": [{"dimensionName": "Region", "itemName": region},
                           {"dimensionName": "Month", "itemName": month}]}


def test_model_metadata(client):
    tr = client.tr
    assert [(m.id, m.name) for m in tr.get_modules()] == [(SALES_MODULE, "Sales")]
    line_items = tr.get_line_items()
    assert [li.name for li in line_items] == ["Revenue", "Units"]
    assert line_items[0].module_id == SALES_MODULE and line_items[0].format == "NUMBER"
    assert [d.name for d in line_items[0].applies_to] == ["Region", "Month"]
    assert '"formatMetadata"' in line_items[0].json
    assert [li.name for li in tr.get_line_items(only_module_id=SALES_MODULE)] == \
        ["Revenue", "Units"]
    assert [d.id for d in tr.get_line_item_dimensions(REVENUE)] == [REGION, MONTH]
    assert [i.name for i in tr.get_line_item_dimension_items(REVENUE, REGION)] == \
        ["North", "South", "East", "West"]
    views = tr.get_views()
    assert [(v.id, v.module_id) for v in views] == [(SALES_MODULE, SALES_MODULE)]
    assert [v.id for v in tr.get_views(module_id=SALES_MODULE)] == [SALES_MODULE]
    info = tr.get_view_info(SALES_MODULE)
    assert (info.view_name, [r.name for r in info.rows], [p.name for p in info.pages]) == \
        ("Sales", ["Region"], ["Month"])
    assert [c.name for c in info.columns] == ["Line Items"]
    status = tr.get_model_status()
    assert status.current_step in ("Open", "Closed") and status.progress == -1.0
    details = tr.get_model_details()
    assert details.id == DEMO_MODEL
    assert [d.name for d in tr.get_dashboards()] == ["Sales Dashboard"]


def test_wake_and_close_change_status(client):
    client.tr.close_model()
    assert client.tr.get_model_status().current_step == "Closed"
    client.tr.wake_model()
    assert client.tr.get_model_status().current_step == "Open"


def test_dimension_items_and_lookup(client):
    tr = client.tr
    items = tr.get_dimension_items(REGION)
    assert [(i.name, i.code) for i in items][:2] == [("North", "N"), ("South", "S")]
    found = tr.lookup_dimension_items(REGION, codes=["S"], names=["West"])
    assert sorted(i.name for i in found) == ["South", "West"]
    assert [v.name for v in tr.get_dimension_items(20000000020)] == ["Actual", "Forecast"]
    assert [i.name for i in tr.get_view_dimension_items(SALES_MODULE, MONTH)][:2] == \
        ["Jan 24", "Feb 24"]
    with pytest.raises(InvalidIdentifierError):
        tr.get_dimension_items(101999000000)
    with pytest.raises(ValueError):
        tr.lookup_dimension_items(REGION)


def test_lists_metadata_and_items(client):
    tr = client.tr
    assert [l.name for l in tr.get_lists()] == ["Employees", "Region", "Month"]
    meta = tr.get_list_metadata(EMPLOYEES)
    assert meta.item_count == 10 and [p.name for p in meta.properties] == \
        ["Department", "Salary", "Active"]
    items = tr.get_list_items(EMPLOYEES)
    assert len(items) == 10 and items[0].name == "Alice Smith"
    assert items[0].properties["Department"] == "Sales"
    # Without includeAll Anaplan sends only the default fields (no properties).
    plain = tr.get_list_items(EMPLOYEES, include_all=False)
    assert [i.name for i in plain] == [i.name for i in items]
    assert not plain[0].properties
    with pytest.raises(InvalidIdentifierError):
        tr.get_list_metadata(101999000000)


def test_insert_update_delete_list_items_read_back(client, emu):
    tr = client.tr
    result = tr.insert_list_items(REGION, [{"name": "Central", "code": "C"},
                                           {"name": "North", "code": "N2"},
                                           {"code": "X"}])
    assert (result.added, result.ignored, result.total) == (1, 2, 3)
    assert [(f.request_index, f.failure_type) for f in result.failures] == \
        [(1, "DUPLICATE_NAME"), (2, "INCOMPLETE_DATA")]
    by_name = {i.name: i for i in tr.get_list_items(REGION)}
    assert by_name["Central"].code == "C"
    central_id = by_name["Central"].id

    updated = tr.update_list_items(REGION, [{"id": central_id, "name": "Middle"},
                                            {"code": "nope", "name": "x"}])
    assert (updated.updated, updated.ignored) == (1, 1)
    assert updated.failures[0].request_index == 1
    assert "Middle" in emu.list_item_names("Region")

    deleted = tr.delete_list_items(REGION, [{"id": central_id}, {"code": "S"}])
    assert deleted.deleted == 2 and not deleted.failures
    names = [i.name for i in tr.get_list_items(REGION)]
    assert names == ["North", "East", "West"]


def test_list_item_streams_are_batched_and_summed(client, emu):
    """100,001 items go out in two Anaplan calls of at most 100,000 and the
    counts come back summed, failure indexes relative to the whole stream."""
    tr = client.tr
    n = 100_001
    items = ({"name": "E%06d" % i, "code": "C%06d" % i} for i in range(n))
    result = tr.insert_list_items(EMPLOYEES, items)
    assert (result.added, result.total, result.calls) == (n, n, 2)
    # (A 401 after the emulator reset forgot the token is answered before
    # any item is read; only answered calls count.)
    calls = [r for r in emu.requests(r"/lists/101000000000/items")
             if r.get("method") == "POST" and r.get("status") == 200]
    assert len(calls) == 2
    assert tr.get_list_metadata(EMPLOYEES).item_count == n + 10
    again = tr.insert_list_items(EMPLOYEES, [{"name": "new"}] * 2 +
                                 [{"name": "E%06d" % i} for i in range(99_999, 100_001)])
    assert (again.added, again.ignored, again.calls) == (1, 3, 1)
    assert [f.request_index for f in again.failures] == [1, 2, 3]


def test_list_item_stream_spans_pages(client, emu):
    """With 3-item pages the Region list (4 items) and the added ones arrive
    over several Anaplan pages, in order."""
    tr = client.tr
    tr.insert_list_items(REGION, [{"name": "R%02d" % i} for i in range(20)])
    emu.settings(max_page_size=3)
    names = [i.name for i in tr.get_list_items_stream(REGION)]
    assert names == ["North", "South", "East", "West"] + ["R%02d" % i for i in range(20)]
    gets = [r for r in emu.requests(r"/lists/101000000001/items")
            if r.get("method") == "GET" and r.get("status") == 200]
    assert len(gets) >= 8


def test_reset_list_index_needs_an_empty_list(client):
    tr = client.tr
    with pytest.raises(InvalidArgumentError):
        tr.reset_list_index(REGION)  # has items: Anaplan answers 400
    items = tr.get_list_items(REGION)
    tr.delete_list_items(REGION, [{"id": i.id} for i in items])
    tr.reset_list_index(REGION)
    tr.insert_list_items(REGION, [{"name": "Fresh"}])
    assert tr.get_list_items(REGION)[0].id == items[0].id


def test_cell_writes_show_in_view_data_and_bulk_export(client):
    tr = client.tr
    changed = tr.update_module_data(SALES_MODULE, [_cell("West", "Feb 24", 4242.5),
                                                   _cell("East", "Feb 24", "17")])
    assert changed == 2
    data = tr.get_cells(SALES_MODULE, pages=[(MONTH, 206002000002)])
    assert list(data.pages) == ["Feb 24"]
    rows = {tuple(r.row_coordinates): list(r.cells) for r in data.rows}
    assert rows[("West",)][0] == "4242.5" and rows[("East",)][0] == "17"
    assert [list(c.values) for c in data.column_coordinates] == [["Revenue"], ["Units"]]
    exported = parse_csv(client.export_and_download(SALES_EXPORT))
    assert ["West", "Feb 24", "4242.5", ""] in exported or \
        any(r[:3] == ["West", "Feb 24", "4242.5"] for r in exported)


def test_cell_write_failures_and_batching(client):
    tr = client.tr
    result = tr.update_module_data(SALES_MODULE, [
        _cell("North", "Jan 24", 1), _cell("Nowhere", "Jan 24", 1),
        _cell("North", "Jan 24", "abc"), _cell("North", "Jan 24", 1, "Nope")])
    assert isinstance(result, tx_pb2.WriteCellsResponse)
    assert result.number_of_cells_changed == 1
    assert [(f.request_index, f.failure_type) for f in result.failures] == [
        (1, "INVALID_DIMENSION_ITEM"), (2, "INCORRECT_FORMAT"), (3, "INVALID_LINE_ITEM")]
    # 2,500 writes: three calls within the spec's 1,000-cell limit.
    cells = [_cell(["North", "South", "East", "West"][i % 4], "Mar 24", i)
             for i in range(2500)]
    requests = [tx_pb2.WriteCellsRequest(header=tx_pb2.WriteCellsHeader(
        scope=tx_pb2.ModelScope(model_id=DEMO_MODEL), module_id=SALES_MODULE))]
    requests += [tx_pb2.WriteCellsRequest(batch=tx_pb2.CellBatch(
        cells=[to_cell(c) for c in cells[i:i + 700]])) for i in range(0, 2500, 700)]
    stub_result = tr.stub.WriteCells(iter(requests))
    assert (stub_result.number_of_cells_changed, stub_result.calls) == (2500, 3)
    data = tr.get_cells(SALES_MODULE, pages=[(MONTH, 206002000003)])
    assert {r.row_coordinates[0]: r.cells[0] for r in data.rows}["West"] == "2499"


def test_cells_stream_and_csv(client):
    tr = client.tr
    rows = list(tr.get_cells_stream(SALES_MODULE, rows_per_message=1))
    assert [r.row_coordinates[0] for r in rows] == ["North", "South", "East", "West"]
    capped = list(tr.get_cells_stream(SALES_MODULE, rows_per_message=1, max_rows=3))
    assert [r.row_coordinates[0] for r in capped] == ["North", "South", "East"]
    grid = tr.get_view_data(SALES_MODULE).decode().splitlines()
    assert grid[:2] == ["Jan 24", ",Revenue,Units"] and grid[2].startswith("North,12000")
    tabular = parse_csv(tr.get_view_data(SALES_MODULE, export_type="TABULAR_MULTI_COLUMN",
                                         module_id=SALES_MODULE))
    assert tabular[0] == ["Region", "Month", "Revenue", "Units"]
    assert len(tabular) == 1 + 4 * 12
    all_pages = tr.get_view_data(SALES_MODULE, export_type="GRID_ALL_PAGES").decode()
    assert all_pages.count(",Revenue,Units") == 12
    assert len(tr.get_cells(SALES_MODULE, max_rows=2).rows) == 2


def test_read_large_volume_view_and_list(client):
    tr = client.tr
    pages = list(tr.read_large_volume(view_id=SALES_MODULE))
    table = parse_csv(b"".join(pages))
    assert table[0] == ["Region", "Month", "Revenue", "Units"] and len(table) == 49
    tr.insert_list_items(EMPLOYEES, [{"name": "P%05d" % i} for i in range(2500)])
    pages = list(tr.read_large_volume(list_id=EMPLOYEES))
    assert len(pages) == 3  # 1,000 rows per emulator page: more than one page
    table = parse_csv(b"".join(pages))
    assert len(table) == 1 + 10 + 2500 and table[-1][0] == "P02499"


def test_time_settings(client):
    tr = client.tr
    period = tr.get_current_period()
    assert (period.period_text, period.last_day) == ("Mar 24", "2024-03-31")
    period = tr.set_current_period("2024-08-10")
    assert (period.period_text, period.last_day) == ("Aug 24", "2024-08-31")
    calendar = tr.get_model_calendar()
    assert calendar.calendar_type == "Calendar Months/Quarters/Years"
    assert calendar.current_period.last_day == "2024-08-31"
    assert calendar.fiscal_year.year == "FY24" and calendar.quarter_totals
    calendar = tr.set_current_fiscal_year("FY25")
    assert (calendar.fiscal_year.year, calendar.fiscal_year.start_date) == \
        ("FY25", "2025-01-01")
    with pytest.raises(InvalidArgumentError):
        tr.set_current_period("2031-01-01")  # out of the timescale
    with pytest.raises(InvalidArgumentError):
        tr.set_current_fiscal_year("2025")
    versions = tr.get_versions()
    assert [(v.name, v.is_actual) for v in versions] == [("Actual", True), ("Forecast", False)]
    switch = tr.set_version_switchover(versions[1].id, "2024-09-15")
    assert (switch.date, switch.period_text) == ("2024-09-30", "Sep 24")
    assert tr.get_versions()[1].switchover == "2024-09-30"


def test_bad_requests_get_precise_codes(client, stub):
    tx_stub = client.tr.stub
    # Field validation happens in the service, naming the field.
    with pytest.raises(grpc.RpcError) as err:
        tx_stub.GetViewInfo(tx_pb2.GetViewInfoRequest(
            scope=tx_pb2.ModelScope(model_id=DEMO_MODEL)))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "view_id" in err.value.details()
    with pytest.raises(grpc.RpcError) as err:
        tx_stub.GetListItems(tx_pb2.GetListItemsRequest(
            scope=tx_pb2.ModelScope(model_id=DEMO_MODEL), list_id=REGION))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "workspace_id" in err.value.details()
    with pytest.raises(grpc.RpcError) as err:
        tx_stub.GetCells(tx_pb2.GetCellsRequest(
            scope=tx_pb2.ModelScope(model_id=DEMO_MODEL), view_id=SALES_MODULE,
            export_type="TABULAR_MULTI_COLUMN"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "module_id" in err.value.details()
    # Unknown ids are NOT_FOUND from Anaplan's 404.
    with pytest.raises(grpc.RpcError) as err:
        tx_stub.GetViewInfo(tx_pb2.GetViewInfoRequest(
            scope=tx_pb2.ModelScope(model_id=DEMO_MODEL), view_id=999000000000))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as err:
        tx_stub.GetModules(tx_pb2.ModelScope(model_id="NOSUCHMODEL"))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    # A page selector on a non-page dimension: Anaplan's 400.
    with pytest.raises(grpc.RpcError) as err:
        tx_stub.GetCells(tx_pb2.GetCellsRequest(
            scope=tx_pb2.ModelScope(model_id=DEMO_MODEL), view_id=SALES_MODULE,
            pages=[tx_pb2.PageSelector(dimension_id=REGION, item_id=1)]))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    # A stream without its header, and a cell without a value.
    with pytest.raises(grpc.RpcError) as err:
        tx_stub.InsertListItems(iter([tx_pb2.ListItemsWriteRequest(
            batch=tx_pb2.ListItemsBatch(items=[tx_pb2.ListItemInput(name="x")]))]))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.RpcError) as err:
        tx_stub.WriteCells(iter([
            tx_pb2.WriteCellsRequest(header=tx_pb2.WriteCellsHeader(
                scope=tx_pb2.ModelScope(model_id=DEMO_MODEL), module_id=SALES_MODULE)),
            tx_pb2.WriteCellsRequest(batch=tx_pb2.CellBatch(
                cells=[tx_pb2.CellWrite(line_item_name="Revenue")]))]))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "cells[0].value" in err.value.details()


def test_model_required_like_the_sdk(client):
    with pytest.raises(ValueError):
        client.with_model(model_id="").tr.get_modules()


def test_transient_failures_are_retried_and_adds_never_duplicated(client, emu):
    """A 503 on a read is retried; an add whose reply is lost (connection
    reset after the server processed it) is NOT resent, so the item is not
    added twice and the caller learns the failure."""
    tr = client.tr
    emu.add_fault(method="GET", path=r"/modules$", count=1, status=503)
    assert [m.name for m in tr.get_modules()] == ["Sales"]
    emu.add_fault(method="POST", path=r"/lists/101000000001/items$", count=1,
                  action="drop_response")
    with pytest.raises(UnavailableError):
        tr.insert_list_items(REGION, [{"name": "Once"}])
    adds = [r for r in emu.requests(r"/lists/101000000001/items")
            if r.get("method") == "POST" and r.get("status") != 401]
    assert len(adds) == 1
    assert emu.list_item_names("Region").count("Once") == 1
    # A 429 proves the add was not processed: it is retried and succeeds.
    emu.add_fault(method="POST", path=r"/lists/101000000001/items$", count=1,
                  status=429, retry_after="0")
    result = tr.insert_list_items(REGION, [{"name": "Twice"}])
    assert result.added == 1
    assert emu.list_item_names("Region").count("Twice") == 1


def test_large_view_read_spans_pages(client):
    """100 more regions make the Sales view 1,248 tabular rows: two read
    request pages (1,000 rows each in the emulator), streamed in order."""
    tr = client.tr
    tr.insert_list_items(REGION, [{"name": "Z%03d" % i} for i in range(100)])
    pages = list(tr.read_large_volume(view_id=SALES_MODULE,
                                      export_type="TABULAR_MULTI_COLUMN"))
    assert len(pages) == 2
    table = parse_csv(b"".join(pages))
    assert len(table) == 1 + 104 * 12
    assert table[-1][:2] == ["Z099", "Dec 24"]


def test_abandoned_large_read_is_deleted(client, anaplan_http):
    """A caller that stops after the first page leaves no read request
    behind: the service deletes it when the stream ends early."""
    tr = client.tr
    tr.insert_list_items(EMPLOYEES, [{"name": "Q%05d" % i} for i in range(3000)])
    call = tr.stub.ReadLargeVolume(tx_pb2.ReadLargeVolumeRequest(
        scope=tx_pb2.ModelScope(workspace_id=DEMO_WS, model_id=DEMO_MODEL),
        list_id=EMPLOYEES), timeout=60)
    first = next(iter(call))
    assert first.page == 0 and first.request_id
    call.cancel()
    path = "/2/0/workspaces/%s/models/%s/lists/%d/readRequests/%s" % (
        DEMO_WS, DEMO_MODEL, EMPLOYEES, first.request_id)

    def gone():
        status, _, _ = anaplan_http.request("GET", path)
        return status == 404
    wait_until(gone, timeout=20, what="read request deleted")


def test_dimension_items_stream_in_bounded_messages(client):
    tr = client.tr
    tr.insert_list_items(REGION, [{"name": "D%05d" % i, "code": "d%d" % i}
                                  for i in range(25_000)])
    messages = list(tr.stub.StreamDimensionItems(tx_pb2.GetDimensionItemsRequest(
        scope=tx_pb2.ModelScope(model_id=DEMO_MODEL), dimension_id=REGION), timeout=60))
    assert [len(m.items) for m in messages] == [10_000, 10_000, 5_004]
    names = [i.name for i in tr.get_dimension_items_stream(REGION)]
    assert names[:4] == ["North", "South", "East", "West"] and names[-1] == "D24999"
    assert list(tr.get_dimension_items_stream(20000000020))[1].name == "Forecast"
