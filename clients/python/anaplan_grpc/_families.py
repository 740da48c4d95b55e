"""Helpers shared by the alm, audit and scim sub-clients."""

from __future__ import annotations

import datetime
import functools
import inspect
from typing import Any, Callable, Iterator, Optional, TypeVar, cast

import grpc
from google.protobuf import duration_pb2

from .errors import from_rpc_error

_F = TypeVar("_F", bound=Callable[..., Any])


def duration(seconds: Optional[float]) -> Optional[duration_pb2.Duration]:
    if seconds is None:
        return None
    d = duration_pb2.Duration()
    d.FromTimedelta(datetime.timedelta(seconds=seconds))
    return d


def translate_errors(fn: _F) -> _F:
    """grpc.RpcError -> the anaplan_grpc error hierarchy, also for generators."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen_wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from fn(*args, **kwargs)
            except grpc.RpcError as err:
                raise from_rpc_error(err) from None
        return cast(_F, gen_wrapper)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
    return cast(_F, wrapper)
