"""``client.scim``: anaplan-sdk's SCIM sub-client over anaplan.v1.ScimService
(operations in ``_scim_ops.ScimOps``, shared with ``AsyncClient.scim``).

Filters are built as expressions, never as text, so values cannot inject
filter syntax::

    from anaplan_grpc.scim import field
    client.scim.get_users((field("active") == True) & (field("externalId") == "E1"))
"""

from __future__ import annotations

from typing import Any, List

from anaplan.v1 import scim_pb2

from ._family import SyncFamily
from ._scim_ops import ScimOps

__all__ = ["ScimClient", "Filter", "field"]


class Filter:
    """A SCIM filter expression; combine with ``&`` and ``|``."""

    def __init__(self, proto: scim_pb2.ScimFilter) -> None:
        self.proto = proto

    def _join(self, op: str, other: "Filter") -> "Filter":
        operands: List[scim_pb2.ScimFilter] = []
        for f in (self, other):
            if f.proto.HasField("logical") and f.proto.logical.op == op:
                operands.extend(f.proto.logical.operands)
            else:
                operands.append(f.proto)
        return Filter(scim_pb2.ScimFilter(logical=scim_pb2.ScimLogical(op=op, operands=operands)))

    def __and__(self, other: "Filter") -> "Filter":
        return self._join("and", other)

    def __or__(self, other: "Filter") -> "Filter":
        return self._join("or", other)


class field:  # noqa: N801 - reads like the SDK's expression builder
    """``field("userName") == "x"``, ``field("active") == True``,
    ``field("userName").pr()``, ``field("externalId") == None``."""

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def _cmp(self, op: str, value: Any) -> Filter:
        c = scim_pb2.ScimComparison(attribute=self.attribute, op=op)
        if value is None:
            c.null_value = True
        elif isinstance(value, bool):
            c.bool_value = value
        else:
            c.string_value = str(value)
        return Filter(scim_pb2.ScimFilter(comparison=c))

    # object.__eq__/__ne__ are typed to return bool; these build a Filter
    # instead (the expression-builder idiom), so the override is deliberate.
    def __eq__(self, value: Any) -> Filter:  # type: ignore[override]
        return self._cmp("eq", value)

    def __ne__(self, value: Any) -> Filter:  # type: ignore[override]
        return self._cmp("ne", value)

    def __gt__(self, value: Any) -> Filter:
        return self._cmp("gt", value)

    def __ge__(self, value: Any) -> Filter:
        return self._cmp("ge", value)

    def __lt__(self, value: Any) -> Filter:
        return self._cmp("lt", value)

    def __le__(self, value: Any) -> Filter:
        return self._cmp("le", value)

    def pr(self) -> Filter:
        return Filter(scim_pb2.ScimFilter(
            comparison=scim_pb2.ScimComparison(attribute=self.attribute, op="pr")))

    # Unhashable, as __eq__ does not compare; typeshed types __hash__ as a method.
    __hash__ = None  # type: ignore[assignment]


class ScimClient(SyncFamily, ScimOps):
    """SCIM users and discovery documents. Users are anaplan.v1.ScimUser
    messages; discovery documents are dicts."""
