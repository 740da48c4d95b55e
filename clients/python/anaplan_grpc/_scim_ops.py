"""The SCIM operations (anaplan-sdk's ``client.scim``), shared by the sync
ScimClient and the asyncio one; see ``_ops``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional

from google.protobuf import json_format, struct_pb2

from anaplan.v1 import scim_pb2, scim_pb2_grpc

from ._ops import FamilyBase, Stream, Unary, op, same, stream_op

if TYPE_CHECKING:
    from .scim import Filter


def _to_dict(s: struct_pb2.Struct) -> Dict[str, Any]:
    return json_format.MessageToDict(s)


def _resources(reply: Any) -> List[Dict[str, Any]]:
    return [_to_dict(r) for r in reply.resources]


def _user_input(user_name: str, family_name: str, given_name: str, external_id: str,
                active: Optional[bool], workspace_ids: Iterable[str]) -> scim_pb2.ScimUserInput:
    u = scim_pb2.ScimUserInput(user_name=user_name, family_name=family_name,
                               given_name=given_name, external_id=external_id,
                               entitlements=[scim_pb2.ScimEntitlement(value=w, type="WORKSPACE")
                                             for w in workspace_ids])
    if active is not None:
        u.active = active
    return u


def _users_request(predicate: Optional["Filter"], page_size: int) -> scim_pb2.GetScimUsersRequest:
    req = scim_pb2.GetScimUsersRequest(page_size=page_size)
    if predicate is not None:
        req.filter.CopyFrom(predicate.proto)
    return req


def _patch_operations(operations: Iterable[Dict[str, Any]]) -> List[scim_pb2.ScimPatchOperation]:
    ops: List[scim_pb2.ScimPatchOperation] = []
    for op_ in operations:
        o = scim_pb2.ScimPatchOperation(op=op_["op"], path=op_.get("path", ""))
        if op_.get("value") is not None:
            o.value.CopyFrom(json_format.ParseDict(op_["value"], struct_pb2.Value()))
        ops.append(o)
    return ops


class ScimOps(FamilyBase):
    """SCIM users and discovery documents. Users are anaplan.v1.ScimUser
    messages; discovery documents are dicts."""

    _stub_type = scim_pb2_grpc.ScimServiceStub

    @op
    def get_service_provider_config(self) -> Unary[Dict[str, Any]]:
        return Unary("GetServiceProviderConfig", scim_pb2.GetServiceProviderConfigRequest(),
                     _to_dict)

    @op
    def get_resource_types(self) -> Unary[List[Dict[str, Any]]]:
        return Unary("GetResourceTypes", scim_pb2.GetResourceTypesRequest(), _resources)

    @op
    def get_resource_schemas(self) -> Unary[List[Dict[str, Any]]]:
        return Unary("GetResourceSchemas", scim_pb2.GetResourceSchemasRequest(), _resources)

    @op
    def get_users(self, predicate: Optional["Filter"] = None,
                  page_size: int = 100) -> Unary[List[scim_pb2.ScimUser]]:
        return Unary("GetUsers", _users_request(predicate, page_size), lambda r: list(r.users))

    @stream_op
    def stream_users(self, predicate: Optional["Filter"] = None,
                     page_size: int = 100) -> Stream[scim_pb2.ScimUser]:
        """Yields users as SCIM pages arrive."""
        return Stream("StreamUsers", _users_request(predicate, page_size),
                      lambda page: page.users)

    @op
    def get_user(self, user_id: str) -> Unary[scim_pb2.ScimUser]:
        return Unary("GetUser", scim_pb2.GetScimUserRequest(id=user_id), same)

    @op
    def add_user(self, user_name: str, family_name: str, given_name: str, *,
                 external_id: str = "", active: Optional[bool] = None,
                 workspace_ids: Iterable[str] = ()) -> Unary[scim_pb2.ScimUser]:
        return Unary("AddUser", scim_pb2.AddScimUserRequest(user=_user_input(
            user_name, family_name, given_name, external_id, active, workspace_ids)), same)

    @op
    def replace_user(self, user_id: str, user_name: str, family_name: str, given_name: str, *,
                     external_id: str = "", active: Optional[bool] = None,
                     workspace_ids: Iterable[str] = ()) -> Unary[scim_pb2.ScimUser]:
        return Unary("ReplaceUser", scim_pb2.ReplaceScimUserRequest(
            id=user_id, user=_user_input(user_name, family_name, given_name, external_id,
                                         active, workspace_ids)), same)

    @op
    def update_user(self, user_id: str,
                    operations: Iterable[Dict[str, Any]]) -> Unary[scim_pb2.ScimUser]:
        """``operations``: dicts ``{"op": "add"|"remove"|"replace", "path": ..., "value": ...}``."""
        return Unary("UpdateUser", scim_pb2.UpdateScimUserRequest(
            id=user_id, operations=_patch_operations(operations)), same)
