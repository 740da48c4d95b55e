"""``client.scim``: anaplan-sdk's SCIM sub-client over anaplan.v1.ScimService.

Filters are built as expressions, never as text, so values cannot inject
filter syntax::

    from anaplan_grpc.scim import field
    client.scim.get_users((field("active") == True) & (field("externalId") == "E1"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional

from google.protobuf import json_format, struct_pb2

from anaplan.v1 import scim_pb2, scim_pb2_grpc

from ._families import translate_errors

if TYPE_CHECKING:
    from .client import Client


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


def _to_dict(s: struct_pb2.Struct) -> Dict[str, Any]:
    return json_format.MessageToDict(s)


def _user_input(user_name: str, family_name: str, given_name: str, external_id: str,
                active: Optional[bool], workspace_ids: Iterable[str]) -> scim_pb2.ScimUserInput:
    u = scim_pb2.ScimUserInput(user_name=user_name, family_name=family_name,
                               given_name=given_name, external_id=external_id,
                               entitlements=[scim_pb2.ScimEntitlement(value=w, type="WORKSPACE")
                                             for w in workspace_ids])
    if active is not None:
        u.active = active
    return u


class ScimClient:
    """SCIM users and discovery documents. Users are anaplan.v1.ScimUser
    messages; discovery documents are dicts."""

    def __init__(self, client: "Client") -> None:
        self._client = client
        self._stub = scim_pb2_grpc.ScimServiceStub(client.channel)

    def _kw(self) -> Dict[str, Any]:
        return self._client._kw()

    @translate_errors
    def get_service_provider_config(self) -> Dict[str, Any]:
        return _to_dict(self._stub.GetServiceProviderConfig(
            scim_pb2.GetServiceProviderConfigRequest(), **self._kw()))

    @translate_errors
    def get_resource_types(self) -> List[Dict[str, Any]]:
        return [_to_dict(r) for r in self._stub.GetResourceTypes(
            scim_pb2.GetResourceTypesRequest(), **self._kw()).resources]

    @translate_errors
    def get_resource_schemas(self) -> List[Dict[str, Any]]:
        return [_to_dict(r) for r in self._stub.GetResourceSchemas(
            scim_pb2.GetResourceSchemasRequest(), **self._kw()).resources]

    @staticmethod
    def _users_request(predicate: Optional[Filter],
                       page_size: int) -> scim_pb2.GetScimUsersRequest:
        req = scim_pb2.GetScimUsersRequest(page_size=page_size)
        if predicate is not None:
            req.filter.CopyFrom(predicate.proto)
        return req

    @translate_errors
    def get_users(self, predicate: Optional[Filter] = None,
                  page_size: int = 100) -> List[scim_pb2.ScimUser]:
        return list(self._stub.GetUsers(self._users_request(predicate, page_size),
                                        **self._kw()).users)

    def stream_users(self, predicate: Optional[Filter] = None,
                     page_size: int = 100) -> Iterator[scim_pb2.ScimUser]:
        """Yields users as SCIM pages arrive."""
        for page in self._client._stream(self._stub.StreamUsers,
                                         self._users_request(predicate, page_size)):
            yield from page.users

    @translate_errors
    def get_user(self, user_id: str) -> scim_pb2.ScimUser:
        return self._stub.GetUser(scim_pb2.GetScimUserRequest(id=user_id), **self._kw())

    @translate_errors
    def add_user(self, user_name: str, family_name: str, given_name: str, *,
                 external_id: str = "", active: Optional[bool] = None,
                 workspace_ids: Iterable[str] = ()) -> scim_pb2.ScimUser:
        return self._stub.AddUser(scim_pb2.AddScimUserRequest(user=_user_input(
            user_name, family_name, given_name, external_id, active, workspace_ids)),
            **self._kw())

    @translate_errors
    def replace_user(self, user_id: str, user_name: str, family_name: str, given_name: str, *,
                     external_id: str = "", active: Optional[bool] = None,
                     workspace_ids: Iterable[str] = ()) -> scim_pb2.ScimUser:
        return self._stub.ReplaceUser(scim_pb2.ReplaceScimUserRequest(
            id=user_id, user=_user_input(user_name, family_name, given_name, external_id,
                                         active, workspace_ids)), **self._kw())

    @translate_errors
    def update_user(self, user_id: str, operations: Iterable[Dict[str, Any]]) -> scim_pb2.ScimUser:
        """``operations``: dicts ``{"op": "add"|"remove"|"replace", "path": ..., "value": ...}``."""
        ops: List[scim_pb2.ScimPatchOperation] = []
        for op in operations:
            o = scim_pb2.ScimPatchOperation(op=op["op"], path=op.get("path", ""))
            if op.get("value") is not None:
                o.value.CopyFrom(json_format.ParseDict(op["value"], struct_pb2.Value()))
            ops.append(o)
        return self._stub.UpdateUser(scim_pb2.UpdateScimUserRequest(id=user_id, operations=ops),
                                     **self._kw())
