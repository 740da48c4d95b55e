"""Runs the operations of ``_ops`` on a sync Client's channel and call
options: for Client itself (BulkService) and its sub-clients (tr, alm,
audit, cw, scim)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, TypeVar, Union

import grpc

from ._ops import FamilyBase, Gather, Spec, Stream, Unary, Upload, batches, install_operations
from .errors import from_rpc_error

if TYPE_CHECKING:
    from .client import Client

_T = TypeVar("_T")
_I = TypeVar("_I")


def _method(build: Callable[..., Any], kind: str) -> Callable[..., Any]:
    if kind == "generator":
        def generator(self: SyncRunner, *args: Any, **kwargs: Any) -> Iterator[Any]:
            yield from self._iterate(build(self, *args, **kwargs))
        return generator
    if kind == "stream":
        def stream(self: SyncRunner, *args: Any, **kwargs: Any) -> Iterator[Any]:
            return self._iterate(build(self, *args, **kwargs))
        return stream

    def call(self: SyncRunner, *args: Any, **kwargs: Any) -> Any:
        return self._run(build(self, *args, **kwargs))
    return call


class SyncRunner:
    """Runs specs with the call options (timeout, metadata, Anaplan
    credentials: ``Client._kw``) of ``_caller()`` on ``stub``; turns the
    ``@op``/``@stream_op`` operations of a subclass into its methods."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        install_operations(cls, _method, "Iterator")

    def _caller(self) -> "Client":
        raise NotImplementedError

    @property
    def stub(self) -> Any:
        raise NotImplementedError

    def _run(self, spec: Spec[_T]) -> _T:
        if isinstance(spec, Gather):
            gathered: _T = spec.finish(list(self._iterate(spec.stream)))
            return gathered
        assert isinstance(spec, Unary)
        try:
            reply = getattr(self.stub, spec.method)(spec.request, **self._caller()._kw())
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
        result: _T = spec.convert(reply)
        return result

    def _iterate(self, spec: Union[Stream[_T], Callable[[], Stream[_T]]]) -> Iterator[_T]:
        """The stream's results; ``spec`` may be a function that makes it on
        the first next()."""
        stream = spec if isinstance(spec, Stream) else spec()
        for message in self._caller()._stream(getattr(self.stub, stream.method),
                                              stream.request):
            yield from stream.expand(message)
        yield from stream.end()

    def _upload(self, spec: Upload[_I, _T], items: Iterable[_I]) -> _T:
        def requests() -> Iterator[Any]:
            yield spec.header
            for batch in batches(items, spec.item, spec.size):
                yield spec.batch(batch)
                spec.sent(batch)
        return spec.convert(self._caller()._client_stream(getattr(self.stub, spec.method),
                                                          requests()))


class SyncFamily(FamilyBase, SyncRunner):
    """Base of the sync sub-clients; calls carry the parent's options."""

    _client: "Client"

    def __init__(self, client: "Client") -> None:
        self._client = client
        self._stub = self._stub_type(client.channel)

    def _caller(self) -> "Client":
        return self._client

    @property
    def stub(self) -> Any:
        """The generated stub of this family's service, for what the
        sub-client does not cover."""
        return self._stub
