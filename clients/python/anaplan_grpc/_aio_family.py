"""Runs the operations of ``_ops`` for the asyncio sub-clients on the parent
AsyncClient's (lazily created) channel and call options: unary operations
become coroutines, streams async iterators that cancel the RPC when the
consumer stops or its task is cancelled, uploads take sync or async iterables."""

from __future__ import annotations

import functools
from typing import (TYPE_CHECKING, Any, AsyncGenerator, AsyncIterable, AsyncIterator, Callable,
                    List, TypeVar, cast)

import grpc

from ._ops import FamilyBase, AnyIterable, Batcher, Gather, Spec, Stream, Unary, Upload, _OpBase
from .errors import from_rpc_error

if TYPE_CHECKING:
    from .aio import AsyncClient

_T = TypeVar("_T")
_I = TypeVar("_I")
_U = TypeVar("_U")


async def _each(items: AnyIterable[_I]) -> AsyncIterator[_I]:
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item


async def abatches(items: AnyIterable[_I], convert: Callable[[_I], _U],
                   size: int) -> AsyncIterator[List[_U]]:
    """``_ops.batches`` over a sync or an async iterable."""
    batcher = Batcher(convert, size)
    async for item in _each(items):
        for full in batcher.add(item):
            yield full
    for rest in batcher.rest():
        yield rest


class AsyncFamily(FamilyBase):
    """Base of the asyncio sub-clients; calls carry the parent's timeout,
    metadata and Anaplan credentials (``AsyncClient._kw``)."""

    _client: "AsyncClient"

    def __init__(self, client: "AsyncClient") -> None:
        self._client = client

    @property
    def stub(self) -> Any:
        """The generated async stub of this family's service."""
        return self._client._shared.service(self._stub_type)

    async def _run(self, spec: Spec[_T]) -> _T:
        if isinstance(spec, Gather):
            gathered: _T = spec.finish([x async for x in self._iterate(spec.stream)])
            return gathered
        assert isinstance(spec, Unary)
        try:
            reply = await getattr(self.stub, spec.method)(spec.request, **self._client._kw())
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
        result: _T = spec.convert(reply)
        return result

    async def _iterate(self, spec: Stream[_T]) -> AsyncIterator[_T]:
        messages = cast(AsyncGenerator[Any, None], self._client._stream(
            getattr(self.stub, spec.method), spec.request))
        try:
            async for message in messages:
                for item in spec.expand(message):
                    yield item
        finally:
            # async for does not close what it iterates: cancel the RPC now,
            # not when the garbage collector finds the inner generator.
            await messages.aclose()

    async def _upload(self, spec: Upload[_I, _T], items: AnyIterable[_I]) -> _T:
        async def requests() -> AsyncIterator[Any]:
            yield spec.header
            async for batch in abatches(items, spec.item, spec.size):
                yield spec.batch(batch)
        return spec.convert(await self._client._client_stream(
            getattr(self.stub, spec.method), requests()))

    def _bind(self, operation: _OpBase[Any, Any]) -> Callable[..., Any]:
        build = operation.build

        def stream(*args: Any, **kwargs: Any) -> Any:
            return self._iterate(build(self, *args, **kwargs))

        async def call(*args: Any, **kwargs: Any) -> Any:
            return await self._run(build(self, *args, **kwargs))
        bound: Callable[..., Any] = stream if operation.kind == "stream" else call
        functools.update_wrapper(bound, build)
        setattr(bound, "__signature__", operation.signature)
        return bound
