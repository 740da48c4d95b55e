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
1,000 cells) and whose results it sums. The operations live in
``_tr_ops.TransactionalOps`` (shared with ``AsyncClient.tr``).
"""

from __future__ import annotations

from typing import Iterable

from anaplan.v1 import transactional_pb2 as tx_pb2
from anaplan.v1 import transactional_pb2_grpc as tx_grpc

from ._family import SyncFamily
from ._ops import MESSAGE_ITEMS
from ._tr_ops import CellsResult, Pages, TransactionalOps
from ._tr_payloads import CellLike, ListItemLike
from ._tr_payloads import cell as _cell
from ._tr_payloads import list_item as _list_item

__all__ = ["TransactionalClient", "MESSAGE_ITEMS", "Pages", "ListItemLike", "CellLike",
           "_cell", "_list_item"]


class TransactionalClient(SyncFamily, TransactionalOps):
    """anaplan-sdk's ``client.tr`` (methods keep the SDK's names). Needs a
    model id (ValueError otherwise, as in the SDK); operations Anaplan serves
    only under a workspace (list items, read requests, dashboards) also
    need the workspace id."""

    @property
    def stub(self) -> tx_grpc.TransactionalServiceStub:
        stub: tx_grpc.TransactionalServiceStub = self._stub
        return stub

    def insert_list_items(self, list_id: int,
                          items: Iterable[ListItemLike]) -> tx_pb2.ListItemsResult:
        """Adds items (dicts with name, code, parent, properties, subsets)."""
        return self._upload(self._write_items("InsertListItems", list_id), items)

    def update_list_items(self, list_id: int,
                          items: Iterable[ListItemLike]) -> tx_pb2.ListItemsResult:
        return self._upload(self._write_items("UpdateListItems", list_id), items)

    def delete_list_items(self, list_id: int,
                          items: Iterable[ListItemLike]) -> tx_pb2.ListItemsResult:
        """Deletes items identified by {"id": ...} or {"code": ...}."""
        return self._upload(self._write_items("DeleteListItems", list_id), items)

    def update_module_data(self, module_id: int, data: Iterable[CellLike]) -> CellsResult:
        """Writes cells; like the SDK returns the number of cells changed when
        nothing failed, else the whole response."""
        return self._upload(self._write_cells(module_id), data)
