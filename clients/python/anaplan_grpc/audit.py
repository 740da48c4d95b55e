"""``client.audit``: anaplan-sdk's audit sub-client over anaplan.v1.AuditService.

The operations live in ``_audit_ops.AuditOps`` (shared with ``AsyncClient.audit``)."""

from __future__ import annotations

from ._audit_ops import AuditOps
from ._family import SyncFamily

__all__ = ["AuditClient"]


class AuditClient(SyncFamily, AuditOps):
    """Audit events of the tenant (the Tenant Auditor role is needed). The
    window is at most 30 days: longer ones raise InvalidArgumentError."""
