"""``client.cw`` and ``client.cw.flows``: anaplan-sdk's CloudWorks surface over
the CloudWorksService stub.

Inputs are proto messages or dicts shaped as anaplan-sdk (and the CloudWorks
API) write them, e.g. ``{"type": "AmazonS3", "body": {"name": ...,
"bucketName": ...}}`` for a connection; results are the proto messages. The
operations live in ``_cw_ops`` (shared with ``AsyncClient.cw``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ._cw_ops import CloudWorksOps, Connection, FlowsOps
from ._cw_payloads import JsonObject, connection_payload, connection_type_of, needs_type_lookup
from ._cw_payloads import notification_input as _notification_input
from ._family import SyncFamily

if TYPE_CHECKING:
    from .client import Client

__all__ = ["CloudWorks", "Flows", "JsonObject", "connection_payload", "_notification_input"]


class Flows(SyncFamily, FlowsOps):
    """``client.cw.flows``: integration flows."""


class CloudWorks(SyncFamily, CloudWorksOps):
    """``client.cw``: connections, integrations, runs, schedules and
    notifications, named after anaplan-sdk's ``client.cw`` methods."""

    def __init__(self, client: "Client") -> None:
        super().__init__(client)
        self.flows = Flows(client)

    def _kind(self, con_id: str, con_info: Connection,
              connection_type: Optional[str]) -> Optional[str]:
        if not needs_type_lookup(con_info, connection_type):
            return connection_type
        return connection_type_of(self.get_connections(), con_id)

    def update_connection(self, con_id: str, con_info: Connection,
                          connection_type: Optional[str] = None) -> None:
        self._run(self._update_connection(con_id, con_info,
                                          self._kind(con_id, con_info, connection_type)))

    def patch_connection(self, con_id: str, body: Connection,
                         connection_type: Optional[str] = None) -> None:
        self._run(self._patch_connection(con_id, body,
                                         self._kind(con_id, body, connection_type)))
