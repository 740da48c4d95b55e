"""``client.tr``: anaplan-sdk's transactional client over TransactionalService.

    with Client(target, workspace_id, model_id) as client:
        client.tr.get_modules()
        client.tr.insert_list_items(101000000001, [{"name": "East", "code": "E"}])
        client.tr.update_module_data(102000000000, [
            {"lineItemName": "Revenue", "value": 1.5,
             "dimensions": [{"dimensionName": "Region", "itemName": "East"},
                            {"dimensionName": "Month", "itemName": "Jan 24"}]}])

List item and cell writes are streamed: any number of items is sent in
batches the service cuts to Anaplan's per-call limits (100,000 list items,
1,000 cells) and whose results it sums.
"""

from __future__ import annotations

from typing import (TYPE_CHECKING, Any, Callable, Iterable, Iterator, List, Mapping,
                    Optional, Sequence, Tuple, TypeVar, Union)

import grpc

from anaplan.v1 import bulk_pb2
from anaplan.v1 import transactional_pb2 as tx_pb2
from anaplan.v1 import transactional_pb2_grpc as tx_grpc

from .client import _translate_errors

if TYPE_CHECKING:
    from .client import Client

    # InsertListItems, UpdateListItems and DeleteListItems (grpc's callables
    # are generic only in the stubs, hence TYPE_CHECKING).
    _ListItemsWrite = grpc.StreamUnaryMultiCallable[tx_pb2.ListItemsWriteRequest,
                                                    tx_pb2.ListItemsResult]

#: Items per client-stream message (the service batches independently).
MESSAGE_ITEMS = 5000

Pages = Sequence[Tuple[int, int]]
#: A list item: anaplan-sdk's dict (name, code, parent, properties, subsets;
#: id or code to update and delete) or the message itself.
ListItemLike = Union[Mapping[str, Any], tx_pb2.ListItemInput]
#: A cell write: anaplan-sdk's dict (lineItemId|lineItemName, dimensions,
#: value) or the message itself.
CellLike = Union[Mapping[str, Any], tx_pb2.CellWrite]

_T = TypeVar("_T")
_U = TypeVar("_U")
_Req = TypeVar("_Req")
_Resp = TypeVar("_Resp")


def _list_item(item: ListItemLike) -> tx_pb2.ListItemInput:
    if isinstance(item, tx_pb2.ListItemInput):
        return item
    return tx_pb2.ListItemInput(
        id=int(item.get("id") or 0), name=item.get("name") or "",
        code=item.get("code") or "", parent=item.get("parent") or "",
        properties={k: str(v) for k, v in (item.get("properties") or {}).items()},
        subsets={k: bool(v) for k, v in (item.get("subsets") or {}).items()})


def _dimension(d: Mapping[str, Any]) -> tx_pb2.DimensionRef:
    ref = tx_pb2.DimensionRef()
    if d.get("dimensionId") is not None:
        ref.dimension_id = int(d["dimensionId"])
    else:
        ref.dimension_name = d.get("dimensionName") or ""
    if d.get("itemId") is not None:
        ref.item_id = int(d["itemId"])
    elif d.get("itemCode") is not None:
        ref.item_code = d["itemCode"]
    else:
        ref.item_name = d.get("itemName") or ""
    return ref


def _cell(cell: CellLike) -> tx_pb2.CellWrite:
    """A cell write in anaplan-sdk's dict shape (lineItemId|lineItemName,
    dimensions, value) as a CellWrite."""
    if isinstance(cell, tx_pb2.CellWrite):
        return cell
    out = tx_pb2.CellWrite(dimensions=[_dimension(d) for d in cell.get("dimensions", [])])
    if cell.get("lineItemId") is not None:
        out.line_item_id = int(cell["lineItemId"])
    else:
        out.line_item_name = cell.get("lineItemName") or ""
    value = cell.get("value")
    if isinstance(value, bool):
        out.boolean = value
    elif isinstance(value, (int, float)):
        out.number = float(value)
    elif value is not None:
        out.text = str(value)
    return out


def _batches(items: Iterable[_T], convert: Callable[[_T], _U],
             size: int = MESSAGE_ITEMS) -> Iterator[List[_U]]:
    batch: List[_U] = []
    for item in items:
        batch.append(convert(item))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class TransactionalClient:
    """anaplan-sdk's ``client.tr`` (methods keep the SDK's names). Needs a
    model id (ValueError otherwise, as in the SDK); operations Anaplan serves
    only under a workspace (list items, read requests, dashboards) also
    need the workspace id."""

    def __init__(self, parent: "Client") -> None:
        self._p = parent
        self._stub = tx_grpc.TransactionalServiceStub(parent.channel)

    @property
    def stub(self) -> tx_grpc.TransactionalServiceStub:
        return self._stub

    def _scope(self, workspace_required: bool = False) -> tx_pb2.ModelScope:
        if not self._p.model_id:
            raise ValueError("the transactional client needs a model_id; pass it to "
                             "Client(...) or use client.with_model(model_id)")
        if workspace_required and not self._p.workspace_id:
            raise ValueError("this operation needs a workspace_id")
        return tx_pb2.ModelScope(workspace_id=self._p.workspace_id or "",
                                 model_id=self._p.model_id)

    def _call(self, method: "grpc.UnaryUnaryMultiCallable[_Req, _Resp]", request: _Req) -> _Resp:
        return method(request, **self._p._kw())

    # ------------------------------------------------------------- model

    @_translate_errors
    def get_model_details(self) -> bulk_pb2.Model:
        return self._call(self._stub.GetModelDetails, self._scope())

    @_translate_errors
    def get_model_status(self) -> tx_pb2.ModelStatus:
        return self._call(self._stub.GetModelStatus, self._scope())

    @_translate_errors
    def wake_model(self) -> None:
        self._call(self._stub.WakeModel, self._scope())

    @_translate_errors
    def close_model(self) -> None:
        self._call(self._stub.CloseModel, self._scope())

    # ---------------------------------------------------------- metadata

    @_translate_errors
    def get_modules(self) -> List[tx_pb2.NamedObject]:
        return list(self._call(self._stub.GetModules, self._scope()).modules)

    @_translate_errors
    def get_views(self, module_id: Optional[int] = None,
                  include_subsidiary_views: bool = True) -> List[tx_pb2.View]:
        req = tx_pb2.GetViewsRequest(scope=self._scope(), module_id=module_id or 0,
                                     include_subsidiary_views=include_subsidiary_views)
        return list(self._call(self._stub.GetViews, req).views)

    @_translate_errors
    def get_view_info(self, view_id: int) -> tx_pb2.ViewInfo:
        return self._call(self._stub.GetViewInfo,
                          tx_pb2.GetViewInfoRequest(scope=self._scope(), view_id=view_id))

    @_translate_errors
    def get_line_items(self, only_module_id: Optional[int] = None) -> List[tx_pb2.LineItem]:
        req = tx_pb2.GetLineItemsRequest(scope=self._scope(), module_id=only_module_id or 0)
        return list(self._call(self._stub.GetLineItems, req).line_items)

    @_translate_errors
    def get_line_item_dimensions(self, line_item_id: int) -> List[tx_pb2.NamedObject]:
        req = tx_pb2.GetLineItemDimensionsRequest(scope=self._scope(), line_item_id=line_item_id)
        return list(self._call(self._stub.GetLineItemDimensions, req).dimensions)

    @_translate_errors
    def get_line_item_dimension_items(self, line_item_id: int,
                                      dimension_id: int) -> List[tx_pb2.NamedObject]:
        req = tx_pb2.GetLineItemDimensionItemsRequest(
            scope=self._scope(), line_item_id=line_item_id, dimension_id=dimension_id)
        return list(self._call(self._stub.GetLineItemDimensionItems, req).items)

    @_translate_errors
    def get_dimension_items(self, dimension_id: int) -> List[tx_pb2.NamedObject]:
        req = tx_pb2.GetDimensionItemsRequest(scope=self._scope(), dimension_id=dimension_id)
        return list(self._call(self._stub.GetDimensionItems, req).items)

    def get_dimension_items_stream(self, dimension_id: int) -> Iterator[tx_pb2.NamedObject]:
        """The same, in messages of at most 10,000 items."""
        req = tx_pb2.GetDimensionItemsRequest(scope=self._scope(), dimension_id=dimension_id)
        for message in self._p._stream(self._stub.StreamDimensionItems, req):
            yield from message.items

    @_translate_errors
    def lookup_dimension_items(self, dimension_id: int, codes: Optional[List[str]] = None,
                               names: Optional[List[str]] = None) -> List[tx_pb2.NamedObject]:
        if not codes and not names:
            raise ValueError("give at least one of codes and names")
        req = tx_pb2.LookupDimensionItemsRequest(scope=self._scope(), dimension_id=dimension_id,
                                                 codes=codes or [], names=names or [])
        return list(self._call(self._stub.LookupDimensionItems, req).items)

    @_translate_errors
    def get_view_dimension_items(self, view_id: int,
                                 dimension_id: int) -> List[tx_pb2.NamedObject]:
        req = tx_pb2.GetViewDimensionItemsRequest(scope=self._scope(), view_id=view_id,
                                                  dimension_id=dimension_id)
        return list(self._call(self._stub.GetViewDimensionItems, req).items)

    @_translate_errors
    def get_dashboards(self) -> List[tx_pb2.NamedObject]:
        return list(self._call(self._stub.GetDashboards, self._scope(True)).dashboards)

    # ------------------------------------------------------------- lists

    @_translate_errors
    def get_lists(self) -> List[tx_pb2.NamedObject]:
        return list(self._call(self._stub.GetLists, self._scope()).lists)

    @_translate_errors
    def get_list_metadata(self, list_id: int) -> tx_pb2.ListMetadata:
        req = tx_pb2.GetListMetadataRequest(scope=self._scope(), list_id=list_id)
        return self._call(self._stub.GetListMetadata, req)

    @_translate_errors
    def get_list_items(self, list_id: int, include_all: bool = True) -> List[tx_pb2.ListItem]:
        req = tx_pb2.GetListItemsRequest(scope=self._scope(True), list_id=list_id,
                                         include_all=include_all)
        return list(self._call(self._stub.GetListItems, req).items)

    def get_list_items_stream(self, list_id: int,
                              include_all: bool = True) -> Iterator[tx_pb2.ListItem]:
        """Yields items as Anaplan's pages arrive."""
        req = tx_pb2.GetListItemsRequest(scope=self._scope(True), list_id=list_id,
                                         include_all=include_all)
        for page in self._p._stream(self._stub.StreamListItems, req):
            yield from page.items

    def _write_items(self, method: "_ListItemsWrite", list_id: int,
                     items: Iterable[ListItemLike]) -> tx_pb2.ListItemsResult:
        header = tx_pb2.ListItemsWriteRequest(header=tx_pb2.ListItemsWriteHeader(
            scope=self._scope(True), list_id=list_id))

        def requests() -> Iterator[tx_pb2.ListItemsWriteRequest]:
            yield header
            for batch in _batches(items, _list_item):
                yield tx_pb2.ListItemsWriteRequest(batch=tx_pb2.ListItemsBatch(items=batch))
        return self._p._client_stream(method, requests())

    def insert_list_items(self, list_id: int,
                          items: Iterable[ListItemLike]) -> tx_pb2.ListItemsResult:
        """Adds items (dicts with name, code, parent, properties, subsets)."""
        return self._write_items(self._stub.InsertListItems, list_id, items)

    def update_list_items(self, list_id: int,
                          items: Iterable[ListItemLike]) -> tx_pb2.ListItemsResult:
        return self._write_items(self._stub.UpdateListItems, list_id, items)

    def delete_list_items(self, list_id: int,
                          items: Iterable[ListItemLike]) -> tx_pb2.ListItemsResult:
        """Deletes items identified by {"id": ...} or {"code": ...}."""
        return self._write_items(self._stub.DeleteListItems, list_id, items)

    @_translate_errors
    def reset_list_index(self, list_id: int) -> None:
        req = tx_pb2.GetListMetadataRequest(scope=self._scope(True), list_id=list_id)
        self._call(self._stub.ResetListIndex, req)

    # -------------------------------------------------------------- cells

    def _cells_request(self, view_id: int, pages: Optional[Pages], max_rows: Optional[int],
                       export_type: Optional[str] = None, module_id: Optional[int] = None,
                       escaped: bool = False,
                       rows_per_message: int = 0) -> tx_pb2.GetCellsRequest:
        return tx_pb2.GetCellsRequest(
            scope=self._scope(), view_id=view_id, max_rows=max_rows or 0,
            pages=[tx_pb2.PageSelector(dimension_id=d, item_id=i) for d, i in (pages or [])],
            export_type=export_type or "", module_id=module_id or 0, escaped=escaped,
            rows_per_message=rows_per_message)

    @_translate_errors
    def get_cells(self, view_id: int, pages: Optional[Pages] = None,
                  max_rows: Optional[int] = None) -> tx_pb2.ViewData:
        """View data as JSON (format=v1): pages, column_coordinates, rows."""
        return self._call(self._stub.GetCells, self._cells_request(view_id, pages, max_rows))

    def get_cells_stream(self, view_id: int, pages: Optional[Pages] = None,
                         rows_per_message: int = 0) -> Iterator[tx_pb2.CellRow]:
        req = self._cells_request(view_id, pages, None, rows_per_message=rows_per_message)
        for message in self._p._stream(self._stub.StreamCells, req):
            yield from message.rows

    def get_view_data(self, view_id: int, pages: Optional[Pages] = None,
                      export_type: Optional[str] = None, module_id: Optional[int] = None,
                      max_rows: Optional[int] = None, escaped: bool = False) -> bytes:
        """View data as CSV bytes (exportType GRID_CURRENT_PAGE, GRID_ALL_PAGES,
        TABULAR_SINGLE_COLUMN or TABULAR_MULTI_COLUMN; tabular needs module_id)."""
        req = self._cells_request(view_id, pages, max_rows, export_type, module_id, escaped)
        return b"".join(c.data for c in self._p._stream(self._stub.GetCellsCsv, req))

    def update_module_data(self, module_id: int,
                           data: Iterable[CellLike]) -> Union[int, tx_pb2.WriteCellsResponse]:
        """Writes cells; like the SDK returns the number of cells changed when
        nothing failed, else the whole response."""
        header = tx_pb2.WriteCellsRequest(header=tx_pb2.WriteCellsHeader(
            scope=self._scope(), module_id=module_id))

        def requests() -> Iterator[tx_pb2.WriteCellsRequest]:
            yield header
            for batch in _batches(data, _cell):
                yield tx_pb2.WriteCellsRequest(batch=tx_pb2.CellBatch(cells=batch))
        result = self._p._client_stream(self._stub.WriteCells, requests())
        return result if result.failures else result.number_of_cells_changed

    def read_large_volume(self, *, view_id: Optional[int] = None,
                          list_id: Optional[int] = None,
                          export_type: Optional[str] = None) -> Iterator[bytes]:
        """Large-volume read (readRequests) of a view or a list: yields each
        CSV page as it becomes available; the request is deleted at the end."""
        if (view_id is None) == (list_id is None):
            raise ValueError("give exactly one of view_id and list_id")
        req = tx_pb2.ReadLargeVolumeRequest(scope=self._scope(True),
                                            export_type=export_type or "")
        if view_id is not None:
            req.view_id = view_id
        elif list_id is not None:  # always so here: exactly one of them is given
            req.list_id = list_id
        for page in self._p._stream(self._stub.ReadLargeVolume, req):
            yield page.data

    # --------------------------------------------------------------- time

    @_translate_errors
    def get_current_period(self) -> tx_pb2.CurrentPeriod:
        return self._call(self._stub.GetCurrentPeriod, self._scope())

    @_translate_errors
    def set_current_period(self, date: str) -> tx_pb2.CurrentPeriod:
        """date: YYYY-MM-DD (a datetime.date is accepted too)."""
        return self._call(self._stub.SetCurrentPeriod,
                          tx_pb2.SetCurrentPeriodRequest(scope=self._scope(), date=str(date)))

    @_translate_errors
    def get_model_calendar(self) -> tx_pb2.ModelCalendar:
        return self._call(self._stub.GetModelCalendar, self._scope())

    @_translate_errors
    def set_current_fiscal_year(self, year: str) -> tx_pb2.ModelCalendar:
        return self._call(self._stub.SetCurrentFiscalYear,
                          tx_pb2.SetCurrentFiscalYearRequest(scope=self._scope(), year=year))

    @_translate_errors
    def get_versions(self) -> List[tx_pb2.Version]:
        return list(self._call(self._stub.GetVersions, self._scope()).versions)

    @_translate_errors
    def set_version_switchover(self, version_id: int, date: str) -> tx_pb2.VersionSwitchover:
        req = tx_pb2.SetVersionSwitchoverRequest(scope=self._scope(), version_id=version_id,
                                                 date=str(date))
        return self._call(self._stub.SetVersionSwitchover, req)
