"""Sub-client operations written once, run by the sync and the asyncio
sub-clients alike.

An operation is a method of a family's ``*Ops`` mixin that does no I/O: it
builds the request and says how the reply becomes the result (a ``Unary``,
``Gather`` or ``Stream`` spec). Decorated with ``@op`` or ``@stream_op`` it
becomes, on a sync sub-client, a method returning the result (or an
iterator) and, on an asyncio sub-client, a coroutine (or an async iterator),
with the same name, arguments and docstring::

    class AlmOps(FamilyBase):
        @op
        def get_revisions(self, sort_by: Optional[str] = None) -> Unary[List[Revision]]:
            return Unary("GetRevisions", GetRevisionsRequest(...), lambda r: list(r.revisions))

    class AlmClient(SyncFamily, AlmOps): ...         # client.alm.get_revisions()
    class AsyncAlmClient(AsyncFamily, AlmOps): ...   # await client.alm.get_revisions()
"""

from __future__ import annotations

import inspect
import sys
from dataclasses import dataclass
from typing import (TYPE_CHECKING, Any, AsyncIterable, AsyncIterator, Callable, ClassVar,
                    Coroutine, Generic, Iterable, Iterator, List, TypeVar, Union, overload)

if sys.version_info >= (3, 10):
    from typing import Concatenate, ParamSpec
else:  # pragma: no cover - Python 3.9
    from typing_extensions import Concatenate, ParamSpec

if TYPE_CHECKING:
    from ._aio_family import AsyncFamily
    from ._base import _ClientBase
    from ._family import SyncFamily

_P = ParamSpec("_P")
_T = TypeVar("_T")
_I = TypeVar("_I")
_U = TypeVar("_U")

#: What the asyncio client's client-streaming methods accept.
AnyIterable = Union[Iterable[_I], AsyncIterable[_I]]

#: Items per client-stream message (the service batches independently).
MESSAGE_ITEMS = 5000


class Spec(Generic[_T]):
    """What one operation sends and how its reply becomes a ``_T``."""


@dataclass(frozen=True)
class Unary(Spec[_T]):
    """A unary RPC: the stub method's name, the request, and ``convert``
    from the reply to the result."""
    method: str
    request: Any
    convert: Callable[[Any], _T]


@dataclass(frozen=True)
class Stream(Spec[_T]):
    """A server-streaming RPC whose every message ``expand``s to results."""
    method: str
    request: Any
    expand: Callable[[Any], Iterable[_T]]


@dataclass(frozen=True)
class Gather(Spec[_T]):
    """A server stream read to its end: ``finish`` makes the result of
    everything ``stream`` yielded (e.g. joins the bytes of a report)."""
    stream: Stream[Any]
    finish: Callable[[List[Any]], _T]


@dataclass(frozen=True)
class Upload(Generic[_I, _T]):
    """A client-streaming RPC: ``header`` first, then the caller's items,
    each made a message element by ``item``, ``size`` at a time in the
    request that ``batch`` builds."""
    method: str
    header: Any
    item: Callable[[_I], Any]
    batch: Callable[[List[Any]], Any]
    convert: Callable[[Any], _T]
    size: int = MESSAGE_ITEMS


class Batcher(Generic[_I, _U]):
    """Converts items and hands them out ``size`` at a time (shared by the
    sync and the async request generators)."""

    def __init__(self, convert: Callable[[_I], _U], size: int) -> None:
        self._convert, self._size = convert, size
        self._batch: List[_U] = []

    def add(self, item: _I) -> List[List[_U]]:
        """The batch ``item`` fills, if it fills one."""
        self._batch.append(self._convert(item))
        if len(self._batch) < self._size:
            return []
        full, self._batch = self._batch, []
        return [full]

    def rest(self) -> List[List[_U]]:
        """The last, partial batch, if any."""
        return [self._batch] if self._batch else []


def batches(items: Iterable[_I], convert: Callable[[_I], _U],
            size: int = MESSAGE_ITEMS) -> Iterator[List[_U]]:
    batcher = Batcher(convert, size)
    for item in items:
        yield from batcher.add(item)
    yield from batcher.rest()


def none(_: Any) -> None:
    """``convert`` of the RPCs whose reply carries nothing for the caller."""
    return None


def same(reply: Any) -> Any:
    """``convert`` of the RPCs whose reply is the result."""
    return reply


def join_bytes(pieces: List[Any]) -> bytes:
    return b"".join(pieces)


def _bound_signature(build: Callable[..., Any]) -> inspect.Signature:
    # The build method's own signature without ``self`` and without the
    # spec return type: what the caller of the bound method sees.
    sig = inspect.signature(build)
    return sig.replace(parameters=list(sig.parameters.values())[1:],
                       return_annotation=inspect.Signature.empty)


class _OpBase(Generic[_P, _T]):
    kind: ClassVar[str]

    def __init__(self, build: Callable[..., Any]) -> None:
        self.build = build
        self.signature = _bound_signature(build)
        self.__doc__ = build.__doc__
        self.__name__ = build.__name__

    def __get__(self, obj: Any, owner: Any) -> Any:
        if obj is None:
            return self
        return obj._bind(self)


class op(_OpBase[_P, _T]):  # noqa: N801 - used as a decorator
    """A unary (or gathered) operation; see the module docstring."""
    kind = "call"

    def __init__(self, build: Callable[Concatenate[Any, _P], Spec[_T]]) -> None:
        super().__init__(build)

    @overload
    def __get__(self, obj: None, owner: Any) -> "op[_P, _T]": ...

    @overload
    def __get__(self, obj: "SyncFamily", owner: Any) -> Callable[_P, _T]: ...

    @overload
    def __get__(self, obj: "AsyncFamily", owner: Any
                ) -> Callable[_P, Coroutine[Any, Any, _T]]: ...

    def __get__(self, obj: Any, owner: Any) -> Any:
        return super().__get__(obj, owner)


class stream_op(_OpBase[_P, _T]):  # noqa: N801 - used as a decorator
    """A server-streaming operation: an iterator (sync) or an async iterator."""
    kind = "stream"

    def __init__(self, build: Callable[Concatenate[Any, _P], Stream[_T]]) -> None:
        super().__init__(build)

    @overload
    def __get__(self, obj: None, owner: Any) -> "stream_op[_P, _T]": ...

    @overload
    def __get__(self, obj: "SyncFamily", owner: Any) -> Callable[_P, Iterator[_T]]: ...

    @overload
    def __get__(self, obj: "AsyncFamily", owner: Any) -> Callable[_P, AsyncIterator[_T]]: ...

    def __get__(self, obj: Any, owner: Any) -> Any:
        return super().__get__(obj, owner)


class FamilyBase:
    """What an ``*Ops`` mixin may use: the parent client (for its bound
    workspace and model) and the generated stub class of its service."""

    _client: "_ClientBase"
    _stub_type: ClassVar[Any]

