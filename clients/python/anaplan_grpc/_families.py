"""Helpers shared by the alm, audit and scim sub-clients."""

from __future__ import annotations

import datetime
import functools
from typing import Optional

import grpc
from google.protobuf import duration_pb2

from .errors import from_rpc_error


def duration(seconds: Optional[float]) -> Optional[duration_pb2.Duration]:
    if seconds is None:
        return None
    d = duration_pb2.Duration()
    d.FromTimedelta(datetime.timedelta(seconds=seconds))
    return d


def translate_errors(fn):
    """grpc.RpcError -> the anaplan_grpc error hierarchy, also for generators."""
    import inspect

    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen_wrapper(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except grpc.RpcError as err:
                raise from_rpc_error(err) from None
        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
    return wrapper
