"""List items and cell writes as anaplan-sdk writes them (dicts), turned into
TransactionalService messages (pure, no I/O)."""

from __future__ import annotations

from typing import Any, Mapping, Union

from anaplan.v1 import transactional_pb2 as tx_pb2

#: A list item: anaplan-sdk's dict (name, code, parent, properties, subsets;
#: id or code to update and delete) or the message itself.
ListItemLike = Union[Mapping[str, Any], tx_pb2.ListItemInput]
#: A cell write: anaplan-sdk's dict (lineItemId|lineItemName, dimensions,
#: value) or the message itself.
CellLike = Union[Mapping[str, Any], tx_pb2.CellWrite]


def list_item(item: ListItemLike) -> tx_pb2.ListItemInput:
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


def cell(write: CellLike) -> tx_pb2.CellWrite:
    """A cell write in anaplan-sdk's dict shape (lineItemId|lineItemName,
    dimensions, value) as a CellWrite."""
    if isinstance(write, tx_pb2.CellWrite):
        return write
    out = tx_pb2.CellWrite(dimensions=[_dimension(d) for d in write.get("dimensions", [])])
    if write.get("lineItemId") is not None:
        out.line_item_id = int(write["lineItemId"])
    else:
        out.line_item_name = write.get("lineItemName") or ""
    value = write.get("value")
    if isinstance(value, bool):
        out.boolean = value
    elif isinstance(value, (int, float)):
        out.number = float(value)
    elif value is not None:
        out.text = str(value)
    return out
