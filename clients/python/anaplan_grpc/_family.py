"""Runs the operations of ``_ops`` for the sync sub-clients (tr, alm,
audit, cw, scim) on the parent Client's channel and call options."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, TypeVar

import grpc

from ._ops import FamilyBase, Gather, Spec, Stream, Unary, Upload, _OpBase, batches
from .errors import from_rpc_error

if TYPE_CHECKING:
    from .client import Client

_T = TypeVar("_T")
_I = TypeVar("_I")


class SyncFamily(FamilyBase):
    """Base of the sync sub-clients; calls carry the parent's timeout,
    metadata and Anaplan credentials (``Client._kw``)."""

    _client: "Client"

    def __init__(self, client: "Client") -> None:
        self._client = client
        self._stub = self._stub_type(client.channel)

    @property
    def stub(self) -> Any:
        """The generated stub of this family's service, for what the
        sub-client does not cover."""
        return self._stub

    def _run(self, spec: Spec[_T]) -> _T:
        if isinstance(spec, Gather):
            gathered: _T = spec.finish(list(self._iterate(spec.stream)))
            return gathered
        assert isinstance(spec, Unary)
        try:
            reply = getattr(self._stub, spec.method)(spec.request, **self._client._kw())
        except grpc.RpcError as err:
            raise from_rpc_error(err) from None
        result: _T = spec.convert(reply)
        return result

    def _iterate(self, spec: Stream[_T]) -> Iterator[_T]:
        for message in self._client._stream(getattr(self._stub, spec.method), spec.request):
            yield from spec.expand(message)

    def _upload(self, spec: Upload[_I, _T], items: Iterable[_I]) -> _T:
        def requests() -> Iterator[Any]:
            yield spec.header
            for batch in batches(items, spec.item, spec.size):
                yield spec.batch(batch)
        return spec.convert(self._client._client_stream(getattr(self._stub, spec.method),
                                                        requests()))

    def _bind(self, operation: _OpBase[Any, Any]) -> Callable[..., Any]:
        build = operation.build

        def stream(*args: Any, **kwargs: Any) -> Any:
            return self._iterate(build(self, *args, **kwargs))

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._run(build(self, *args, **kwargs))
        bound: Callable[..., Any] = stream if operation.kind == "stream" else call
        functools.update_wrapper(bound, build)
        setattr(bound, "__signature__", operation.signature)
        return bound
