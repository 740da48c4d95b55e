"""Runs the operations of ``_ops`` on an AsyncClient's (lazily created)
channel and call options, for AsyncClient itself (BulkService) and its
sub-clients: unary operations become coroutines, streams async iterators that
cancel the RPC when the consumer stops or its task is cancelled, uploads take
sync or async iterables."""

from __future__ import annotations

from typing import (TYPE_CHECKING, Any, AsyncGenerator, AsyncIterable, AsyncIterator, Callable,
                    List, TypeVar, Union, cast)

import grpc

from ._ops import (AnyIterable, Batcher, FamilyBase, Gather, Spec, Stream, Unary, Upload,
                   install_operations)
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


def _method(build: Callable[..., Any], kind: str) -> Callable[..., Any]:
    if kind == "generator":
        async def generator(self: AsyncRunner, *args: Any, **kwargs: Any
                            ) -> AsyncIterator[Any]:
            items = self._iterate(build(self, *args, **kwargs))
            try:
                async for item in items:
                    yield item
            finally:
                await items.aclose()  # cancels the RPC now (see _iterate)
        return generator
    if kind == "stream":
        def stream(self: AsyncRunner, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
            return self._iterate(build(self, *args, **kwargs))
        return stream

    async def call(self: AsyncRunner, *args: Any, **kwargs: Any) -> Any:
        return await self._run(build(self, *args, **kwargs))
    return call


class AsyncRunner:
    """Runs specs with the call options (``AsyncClient._kw``) of
    ``_caller()`` on ``stub``; turns the ``@op``/``@stream_op`` operations of
    a subclass into its coroutine and async generator methods."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        install_operations(cls, _method, "AsyncIterator")

    def _caller(self) -> "AsyncClient":
        raise NotImplementedError

    @property
    def stub(self) -> Any:
        raise NotImplementedError

    async def _run(self, spec: Spec[_T]) -> _T:
        if isinstance(spec, Gather):
            gathered: _T = spec.finish([x async for x in self._iterate(spec.stream)])
            return gathered
        assert isinstance(spec, Unary)
        try:
            reply = await getattr(self.stub, spec.method)(spec.request, **self._caller()._kw())
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
        result: _T = spec.convert(reply)
        return result

    async def _iterate(self, spec: Union[Stream[_T], Callable[[], Stream[_T]]]
                       ) -> AsyncGenerator[_T, None]:
        """The stream's results; ``spec`` may be a function that makes it on
        the first iteration."""
        stream = spec if isinstance(spec, Stream) else spec()
        messages = cast(AsyncGenerator[Any, None], self._caller()._stream(
            getattr(self.stub, stream.method), stream.request))
        try:
            async for message in messages:
                for item in stream.expand(message):
                    yield item
            for item in stream.end():
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
                spec.sent(batch)
        return spec.convert(await self._caller()._client_stream(
            getattr(self.stub, spec.method), requests()))


class AsyncFamily(FamilyBase, AsyncRunner):
    """Base of the asyncio sub-clients; calls carry the parent's options."""

    _client: "AsyncClient"

    def __init__(self, client: "AsyncClient") -> None:
        self._client = client

    def _caller(self) -> "AsyncClient":
        return self._client

    @property
    def stub(self) -> Any:
        """The generated async stub of this family's service."""
        return self._client._shared.service(self._stub_type)
