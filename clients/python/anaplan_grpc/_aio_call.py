"""Call plumbing of the asyncio client: the lazily created channel, and
request iterators that keep their own errors."""

from __future__ import annotations

from typing import Any, AsyncIterator, Dict, Optional, cast

import grpc
import grpc.aio

from anaplan.v1 import bulk_pb2_grpc

from ._base import ChannelOptions


class _Channel:
    """The lazily created aio channel and stub, shared by a client's clones."""

    def __init__(self, target: str, creds: Optional[grpc.ChannelCredentials],
                 options: ChannelOptions, channel: Optional[grpc.aio.Channel]):
        self._target, self._creds, self._options = target, creds, list(options)
        self.channel = channel
        self.stub: Optional[bulk_pb2_grpc.BulkServiceAsyncStub] = (
            cast(Any, bulk_pb2_grpc.BulkServiceStub(channel)) if channel is not None else None)
        self._services: Dict[Any, Any] = {}

    def get(self) -> "bulk_pb2_grpc.BulkServiceAsyncStub":
        if self.stub is None:
            self.channel = (grpc.aio.secure_channel(self._target, self._creds, self._options)
                            if self._creds is not None
                            else grpc.aio.insecure_channel(self._target, self._options))
            self.stub = cast(Any, bulk_pb2_grpc.BulkServiceStub(self.channel))
        return self.stub

    def service(self, stub_type: Any) -> Any:
        """The stub of another service (``stub_type``) on the same channel."""
        self.get()
        if stub_type not in self._services:
            self._services[stub_type] = stub_type(self.channel)
        return self._services[stub_type]


class _RequestPump:
    """Async request iterator that keeps the exception that stopped it, so
    the caller sees that instead of grpc's cancellation."""

    def __init__(self, requests: AsyncIterator[Any]):
        self._requests = requests
        self.error: Optional[BaseException] = None

    async def __aiter__(self) -> AsyncIterator[Any]:
        try:
            async for r in self._requests:
                yield r
        except Exception as exc:  # re-raised by the caller after the RPC ends
            self.error = exc
            raise
