"""``client.alm``: anaplan-sdk's ALM sub-client over anaplan.v1.AlmService.

The operations live in ``_alm_ops.AlmOps`` (shared with ``AsyncClient.alm``)."""

from __future__ import annotations

from typing import Optional, Union

from anaplan.v1 import alm_pb2

from ._alm_ops import AlmOps
from ._family import SyncFamily

__all__ = ["AlmClient"]


class AlmClient(SyncFamily, AlmOps):
    """ALM calls for the client's model (the target model of syncs and
    reports). Results are anaplan.v1 protobuf messages."""

    def create_comparison_summary(
            self, source_revision_id: str, source_model_id: str, target_revision_id: str,
            wait_for_completion: bool = True,
            poll_interval: Optional[float] = None) -> Union[alm_pb2.SummaryReport, alm_pb2.AlmTask]:
        """Like the SDK: the SummaryReport when waiting, else the task."""
        task = self._run(self._summary_task(source_revision_id, source_model_id,
                                            target_revision_id, wait_for_completion,
                                            poll_interval))
        return self.get_comparison_summary(task) if wait_for_completion else task
