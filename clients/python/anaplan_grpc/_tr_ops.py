"""The transactional operations (anaplan-sdk's ``client.tr``), shared by the
sync TransactionalClient and the asyncio one; see ``_ops``."""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple, Union

from anaplan.v1 import bulk_pb2
from anaplan.v1 import transactional_pb2 as tx_pb2
from anaplan.v1 import transactional_pb2_grpc as tx_grpc

from ._ops import (FamilyBase, Gather, Stream, Unary, Upload, join_bytes, none, op, same,
                   stream_op)
from ._tr_payloads import CellLike, ListItemLike, cell, list_item

Pages = Sequence[Tuple[int, int]]
CellsResult = Union[int, tx_pb2.WriteCellsResponse]


def _cells_result(result: tx_pb2.WriteCellsResponse) -> CellsResult:
    # Like the SDK: the number of cells changed when nothing failed.
    return result if result.failures else result.number_of_cells_changed


def _items_batch(items: List[tx_pb2.ListItemInput]) -> tx_pb2.ListItemsWriteRequest:
    return tx_pb2.ListItemsWriteRequest(batch=tx_pb2.ListItemsBatch(items=items))


def _cells_batch(cells: List[tx_pb2.CellWrite]) -> tx_pb2.WriteCellsRequest:
    return tx_pb2.WriteCellsRequest(batch=tx_pb2.CellBatch(cells=cells))


class TransactionalOps(FamilyBase):
    """anaplan-sdk's ``client.tr`` (methods keep the SDK's names). Needs a
    model id (ValueError otherwise, as in the SDK); operations Anaplan serves
    only under a workspace (list items, read requests, dashboards) also
    need the workspace id."""

    _stub_type = tx_grpc.TransactionalServiceStub

    def _scope(self, workspace_required: bool = False) -> tx_pb2.ModelScope:
        if not self._client.model_id:
            raise ValueError("the transactional client needs a model_id; pass it to "
                             "Client(...) or use client.with_model(model_id)")
        if workspace_required and not self._client.workspace_id:
            raise ValueError("this operation needs a workspace_id")
        return tx_pb2.ModelScope(workspace_id=self._client.workspace_id or "",
                                 model_id=self._client.model_id)

    # ------------------------------------------------------------- model

    @op
    def get_model_details(self) -> Unary[bulk_pb2.Model]:
        return Unary("GetModelDetails", self._scope(), same)

    @op
    def get_model_status(self) -> Unary[tx_pb2.ModelStatus]:
        return Unary("GetModelStatus", self._scope(), same)

    @op
    def wake_model(self) -> Unary[None]:
        return Unary("WakeModel", self._scope(), none)

    @op
    def close_model(self) -> Unary[None]:
        return Unary("CloseModel", self._scope(), none)

    # ---------------------------------------------------------- metadata

    @op
    def get_modules(self) -> Unary[List[tx_pb2.NamedObject]]:
        return Unary("GetModules", self._scope(), lambda r: list(r.modules))

    @op
    def get_views(self, module_id: Optional[int] = None,
                  include_subsidiary_views: bool = True) -> Unary[List[tx_pb2.View]]:
        return Unary("GetViews", tx_pb2.GetViewsRequest(
            scope=self._scope(), module_id=module_id or 0,
            include_subsidiary_views=include_subsidiary_views), lambda r: list(r.views))

    @op
    def get_view_info(self, view_id: int) -> Unary[tx_pb2.ViewInfo]:
        return Unary("GetViewInfo",
                     tx_pb2.GetViewInfoRequest(scope=self._scope(), view_id=view_id), same)

    @op
    def get_line_items(self, only_module_id: Optional[int] = None
                       ) -> Unary[List[tx_pb2.LineItem]]:
        return Unary("GetLineItems", tx_pb2.GetLineItemsRequest(
            scope=self._scope(), module_id=only_module_id or 0), lambda r: list(r.line_items))

    @op
    def get_line_item_dimensions(self, line_item_id: int) -> Unary[List[tx_pb2.NamedObject]]:
        return Unary("GetLineItemDimensions", tx_pb2.GetLineItemDimensionsRequest(
            scope=self._scope(), line_item_id=line_item_id), lambda r: list(r.dimensions))

    @op
    def get_line_item_dimension_items(self, line_item_id: int,
                                      dimension_id: int) -> Unary[List[tx_pb2.NamedObject]]:
        return Unary("GetLineItemDimensionItems", tx_pb2.GetLineItemDimensionItemsRequest(
            scope=self._scope(), line_item_id=line_item_id, dimension_id=dimension_id),
            lambda r: list(r.items))

    def _dimension_items(self, dimension_id: int) -> tx_pb2.GetDimensionItemsRequest:
        return tx_pb2.GetDimensionItemsRequest(scope=self._scope(), dimension_id=dimension_id)

    @op
    def get_dimension_items(self, dimension_id: int) -> Unary[List[tx_pb2.NamedObject]]:
        return Unary("GetDimensionItems", self._dimension_items(dimension_id),
                     lambda r: list(r.items))

    @stream_op
    def get_dimension_items_stream(self, dimension_id: int) -> Stream[tx_pb2.NamedObject]:
        """The same, in messages of at most 10,000 items."""
        return Stream("StreamDimensionItems", self._dimension_items(dimension_id),
                      lambda message: message.items)

    @op
    def lookup_dimension_items(self, dimension_id: int, codes: Optional[List[str]] = None,
                               names: Optional[List[str]] = None
                               ) -> Unary[List[tx_pb2.NamedObject]]:
        if not codes and not names:
            raise ValueError("give at least one of codes and names")
        return Unary("LookupDimensionItems", tx_pb2.LookupDimensionItemsRequest(
            scope=self._scope(), dimension_id=dimension_id, codes=codes or [],
            names=names or []), lambda r: list(r.items))

    @op
    def get_view_dimension_items(self, view_id: int,
                                 dimension_id: int) -> Unary[List[tx_pb2.NamedObject]]:
        return Unary("GetViewDimensionItems", tx_pb2.GetViewDimensionItemsRequest(
            scope=self._scope(), view_id=view_id, dimension_id=dimension_id),
            lambda r: list(r.items))

    @op
    def get_dashboards(self) -> Unary[List[tx_pb2.NamedObject]]:
        return Unary("GetDashboards", self._scope(True), lambda r: list(r.dashboards))

    # ------------------------------------------------------------- lists

    @op
    def get_lists(self) -> Unary[List[tx_pb2.NamedObject]]:
        return Unary("GetLists", self._scope(), lambda r: list(r.lists))

    @op
    def get_list_metadata(self, list_id: int) -> Unary[tx_pb2.ListMetadata]:
        return Unary("GetListMetadata",
                     tx_pb2.GetListMetadataRequest(scope=self._scope(), list_id=list_id), same)

    def _list_items(self, list_id: int, include_all: bool) -> tx_pb2.GetListItemsRequest:
        return tx_pb2.GetListItemsRequest(scope=self._scope(True), list_id=list_id,
                                          include_all=include_all)

    @op
    def get_list_items(self, list_id: int,
                       include_all: bool = True) -> Unary[List[tx_pb2.ListItem]]:
        return Unary("GetListItems", self._list_items(list_id, include_all),
                     lambda r: list(r.items))

    @stream_op
    def get_list_items_stream(self, list_id: int,
                              include_all: bool = True) -> Stream[tx_pb2.ListItem]:
        """Yields items as Anaplan's pages arrive."""
        return Stream("StreamListItems", self._list_items(list_id, include_all),
                      lambda page: page.items)

    def _write_items(self, method: str,
                     list_id: int) -> Upload[ListItemLike, tx_pb2.ListItemsResult]:
        """InsertListItems, UpdateListItems or DeleteListItems of ``list_id``."""
        header = tx_pb2.ListItemsWriteRequest(header=tx_pb2.ListItemsWriteHeader(
            scope=self._scope(True), list_id=list_id))
        return Upload(method, header, list_item, _items_batch, same)

    @op
    def reset_list_index(self, list_id: int) -> Unary[None]:
        return Unary("ResetListIndex", tx_pb2.GetListMetadataRequest(
            scope=self._scope(True), list_id=list_id), none)

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

    @op
    def get_cells(self, view_id: int, pages: Optional[Pages] = None,
                  max_rows: Optional[int] = None) -> Unary[tx_pb2.ViewData]:
        """View data as JSON (format=v1): pages, column_coordinates, rows."""
        return Unary("GetCells", self._cells_request(view_id, pages, max_rows), same)

    @stream_op
    def get_cells_stream(self, view_id: int, pages: Optional[Pages] = None,
                         rows_per_message: int = 0,
                         max_rows: Optional[int] = None) -> Stream[tx_pb2.CellRow]:
        return Stream("StreamCells", self._cells_request(
            view_id, pages, max_rows, rows_per_message=rows_per_message),
            lambda message: message.rows)

    @op
    def get_view_data(self, view_id: int, pages: Optional[Pages] = None,
                      export_type: Optional[str] = None, module_id: Optional[int] = None,
                      max_rows: Optional[int] = None, escaped: bool = False) -> Gather[bytes]:
        """View data as CSV bytes (exportType GRID_CURRENT_PAGE, GRID_ALL_PAGES,
        TABULAR_SINGLE_COLUMN or TABULAR_MULTI_COLUMN; tabular needs module_id)."""
        req = self._cells_request(view_id, pages, max_rows, export_type, module_id, escaped)
        return Gather(Stream("GetCellsCsv", req, lambda chunk: (chunk.data,)), join_bytes)

    def _write_cells(self, module_id: int) -> Upload[CellLike, CellsResult]:
        header = tx_pb2.WriteCellsRequest(header=tx_pb2.WriteCellsHeader(
            scope=self._scope(), module_id=module_id))
        return Upload("WriteCells", header, cell, _cells_batch, _cells_result)

    @stream_op
    def read_large_volume(self, *, view_id: Optional[int] = None,
                          list_id: Optional[int] = None,
                          export_type: Optional[str] = None) -> Stream[bytes]:
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
        return Stream("ReadLargeVolume", req, lambda page: (page.data,))

    # --------------------------------------------------------------- time

    @op
    def get_current_period(self) -> Unary[tx_pb2.CurrentPeriod]:
        return Unary("GetCurrentPeriod", self._scope(), same)

    @op
    def set_current_period(self, date: str) -> Unary[tx_pb2.CurrentPeriod]:
        """date: YYYY-MM-DD (a datetime.date is accepted too)."""
        return Unary("SetCurrentPeriod",
                     tx_pb2.SetCurrentPeriodRequest(scope=self._scope(), date=str(date)), same)

    @op
    def get_model_calendar(self) -> Unary[tx_pb2.ModelCalendar]:
        return Unary("GetModelCalendar", self._scope(), same)

    @op
    def set_current_fiscal_year(self, year: str) -> Unary[tx_pb2.ModelCalendar]:
        return Unary("SetCurrentFiscalYear",
                     tx_pb2.SetCurrentFiscalYearRequest(scope=self._scope(), year=year), same)

    @op
    def get_versions(self) -> Unary[List[tx_pb2.Version]]:
        return Unary("GetVersions", self._scope(), lambda r: list(r.versions))

    @op
    def set_version_switchover(self, version_id: int,
                               date: str) -> Unary[tx_pb2.VersionSwitchover]:
        return Unary("SetVersionSwitchover", tx_pb2.SetVersionSwitchoverRequest(
            scope=self._scope(), version_id=version_id, date=str(date)), same)
