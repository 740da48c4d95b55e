"""The asyncio sub-clients of ``AsyncClient``: ``tr``, ``alm``, ``audit``,
``cw`` (with ``cw.flows``) and ``scim``, as anaplan-sdk's ``AsyncClient`` has
them.

They run the same operations as the sync sub-clients (``_*_ops``: same
names, arguments, results and errors): unary calls are coroutines, streams
async iterators (``async for``), and list item / cell writes take sync or
async iterables. Calls carry the parent's timeout, metadata and Anaplan
credentials, so ``client.with_credentials(...).tr`` calls as that user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Union, cast

from anaplan.v1 import alm_pb2
from anaplan.v1 import transactional_pb2 as tx_pb2

from ._aio_family import AsyncFamily
from ._alm_ops import AlmOps
from ._audit_ops import AuditOps
from ._cw_ops import CloudWorksOps, Connection, FlowsOps
from ._cw_payloads import connection_type_of, needs_type_lookup
from ._ops import AnyIterable
from ._scim_ops import ScimOps
from ._tr_ops import CellsResult, TransactionalOps
from ._tr_payloads import CellLike, ListItemLike

if TYPE_CHECKING:
    from .aio import AsyncClient

__all__ = ["AsyncTransactionalClient", "AsyncAlmClient", "AsyncAuditClient",
           "AsyncCloudWorks", "AsyncFlows", "AsyncScimClient", "AsyncFamilies"]


class AsyncTransactionalClient(AsyncFamily, TransactionalOps):
    """``await client.tr.<method>(...)``: see ``anaplan_grpc.transactional``."""

    async def insert_list_items(self, list_id: int,
                                items: AnyIterable[ListItemLike]) -> tx_pb2.ListItemsResult:
        """Adds items (dicts with name, code, parent, properties, subsets)."""
        return await self._upload(self._write_items("InsertListItems", list_id), items)

    async def update_list_items(self, list_id: int,
                                items: AnyIterable[ListItemLike]) -> tx_pb2.ListItemsResult:
        return await self._upload(self._write_items("UpdateListItems", list_id), items)

    async def delete_list_items(self, list_id: int,
                                items: AnyIterable[ListItemLike]) -> tx_pb2.ListItemsResult:
        """Deletes items identified by {"id": ...} or {"code": ...}."""
        return await self._upload(self._write_items("DeleteListItems", list_id), items)

    async def update_module_data(self, module_id: int,
                                 data: AnyIterable[CellLike]) -> CellsResult:
        """Writes cells; like the SDK returns the number of cells changed when
        nothing failed, else the whole response."""
        return await self._upload(self._write_cells(module_id), data)


class AsyncAlmClient(AsyncFamily, AlmOps):
    """``await client.alm.<method>(...)``: see ``anaplan_grpc.alm``."""

    async def create_comparison_summary(
            self, source_revision_id: str, source_model_id: str, target_revision_id: str,
            wait_for_completion: bool = True,
            poll_interval: Optional[float] = None) -> Union[alm_pb2.SummaryReport, alm_pb2.AlmTask]:
        """Like the SDK: the SummaryReport when waiting, else the task."""
        task = await self._run(self._summary_task(source_revision_id, source_model_id,
                                                  target_revision_id, wait_for_completion,
                                                  poll_interval))
        return await self.get_comparison_summary(task) if wait_for_completion else task


class AsyncAuditClient(AsyncFamily, AuditOps):
    """``await client.audit.<method>(...)``: see ``anaplan_grpc.audit``."""


class AsyncScimClient(AsyncFamily, ScimOps):
    """``await client.scim.<method>(...)``: see ``anaplan_grpc.scim``."""


class AsyncFlows(AsyncFamily, FlowsOps):
    """``await client.cw.flows.<method>(...)``: integration flows."""


class AsyncCloudWorks(AsyncFamily, CloudWorksOps):
    """``await client.cw.<method>(...)``: see ``anaplan_grpc.cloud_works``."""

    def __init__(self, client: "AsyncClient") -> None:
        super().__init__(client)
        self.flows = AsyncFlows(client)

    async def _kind(self, con_id: str, con_info: Connection,
                    connection_type: Optional[str]) -> Optional[str]:
        if not needs_type_lookup(con_info, connection_type):
            return connection_type
        return connection_type_of(await self.get_connections(), con_id)

    async def update_connection(self, con_id: str, con_info: Connection,
                                connection_type: Optional[str] = None) -> None:
        await self._run(self._update_connection(
            con_id, con_info, await self._kind(con_id, con_info, connection_type)))

    async def patch_connection(self, con_id: str, body: Connection,
                               connection_type: Optional[str] = None) -> None:
        await self._run(self._patch_connection(
            con_id, body, await self._kind(con_id, body, connection_type)))


class AsyncFamilies:
    """The sub-client properties of AsyncClient (a new sub-client per access:
    cheap, and always bound to this client's model and credentials)."""

    def _as_client(self) -> "AsyncClient":
        return cast("AsyncClient", self)  # only AsyncClient derives from this

    @property
    def tr(self) -> AsyncTransactionalClient:
        """The transactional sub-client (anaplan-sdk's ``client.tr``)."""
        return AsyncTransactionalClient(self._as_client())

    @property
    def alm(self) -> AsyncAlmClient:
        """ALM calls for this client's model (anaplan-sdk's ``client.alm``)."""
        return AsyncAlmClient(self._as_client())

    @property
    def audit(self) -> AsyncAuditClient:
        """Audit events (anaplan-sdk's ``client.audit``)."""
        return AsyncAuditClient(self._as_client())

    @property
    def cw(self) -> AsyncCloudWorks:
        """CloudWorks and integration flows (``client.cw``, ``client.cw.flows``)."""
        return AsyncCloudWorks(self._as_client())

    @property
    def scim(self) -> AsyncScimClient:
        """SCIM users and discovery (anaplan-sdk's ``client.scim``)."""
        return AsyncScimClient(self._as_client())
