"""Operations written once, run by the sync and the asyncio clients alike.

An operation is a method of an ``*Ops`` mixin (a family's, or ``BulkOps`` of
Client and AsyncClient) that does no I/O: it builds the request and says how
the reply becomes the result (a ``Unary``, ``Gather`` or ``Stream`` spec).
Decorated with ``@op``, ``@stream_op`` or ``@lazy_stream_op`` it becomes, on
a sync runner (``_family.SyncRunner``: Client and its sub-clients), a method
returning the result (or an iterator) and, on an asyncio runner
(``_aio_family.AsyncRunner``: AsyncClient and its sub-clients), a coroutine
function (or a method returning an async iterator), with the same name,
arguments and docstring. The runner classes install these real functions on
themselves when defined (``install_operations``), so ``inspect.signature``,
``help()`` and unbound calls see ordinary methods::

    class AlmOps(FamilyBase):
        @op
        def get_revisions(self, sort_by: Optional[str] = None) -> Unary[List[Revision]]:
            return Unary("GetRevisions", GetRevisionsRequest(...), lambda r: list(r.revisions))

    class AlmClient(SyncFamily, AlmOps): ...         # client.alm.get_revisions()
    class AsyncAlmClient(AsyncFamily, AlmOps): ...   # await client.alm.get_revisions()
"""

from __future__ import annotations

import functools
import inspect
import re
import sys
from dataclasses import dataclass, field
from typing import (TYPE_CHECKING, Any, AsyncIterable, AsyncIterator, Callable, ClassVar,
                    Coroutine, Generic, Iterable, Iterator, List, Type, TypeVar, Union, overload)

if sys.version_info >= (3, 10):
    from typing import Concatenate, ParamSpec
else:  # pragma: no cover - Python 3.9
    from typing_extensions import Concatenate, ParamSpec

if TYPE_CHECKING:
    from ._aio_family import AsyncRunner
    from ._base import _ClientBase
    from ._family import SyncRunner

_P = ParamSpec("_P")
_T = TypeVar("_T")
_I = TypeVar("_I")
_U = TypeVar("_U")

#: What the asyncio client's client-streaming methods accept.
AnyIterable = Union[Iterable[_I], AsyncIterable[_I]]

#: Items per client-stream message (the service batches independently).
MESSAGE_ITEMS = 5000


def none(_: Any) -> None:
    """``convert`` of the RPCs whose reply carries nothing for the caller."""
    return None


class Spec(Generic[_T]):
    """What one operation sends and how its reply becomes a ``_T``."""


@dataclass(frozen=True)
class Unary(Spec[_T]):
    """A unary RPC: the stub method's name, the request, and ``convert``
    from the reply to the result."""
    method: str
    request: Any
    convert: Callable[[Any], _T]


def nothing() -> List[Any]:
    """``end`` of the streams that yield nothing more when they end."""
    return []


@dataclass(frozen=True)
class Stream(Spec[_T]):
    """A server-streaming RPC whose every message ``expand``s to results;
    ``end`` runs when the stream has ended normally and may check what came
    (raising) and yield the last results."""
    method: str
    request: Any
    expand: Callable[[Any], Iterable[_T]]
    end: Callable[[], Iterable[_T]] = field(default=nothing)


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
    request that ``batch`` builds; ``sent`` sees each batch once the RPC
    has taken its request (progress)."""
    method: str
    header: Any
    item: Callable[[_I], Any]
    batch: Callable[[List[Any]], Any]
    convert: Callable[[Any], _T]
    size: int = MESSAGE_ITEMS
    sent: Callable[[List[Any]], None] = field(default=none)


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


def same(reply: Any) -> Any:
    """``convert`` of the RPCs whose reply is the result."""
    return reply


def join_bytes(pieces: List[Any]) -> bytes:
    return b"".join(pieces)


_SPEC = re.compile(r"(?:Unary|Gather|Stream|Spec)\[(.*)\]")


def _result_annotation(build: Callable[..., Any], kind: str, iterator: str) -> Any:
    # "Unary[X]" (a string: the ops modules postpone annotations) is X to the
    # caller of the installed method; "Stream[X]" is Iterator[X] or
    # AsyncIterator[X] (what a coroutine function is annotated with is the
    # awaited result, as for ``async def``).
    declared = inspect.signature(build).return_annotation
    match = _SPEC.fullmatch(declared) if isinstance(declared, str) else None
    if match is None:
        return inspect.Signature.empty
    return "%s[%s]" % (iterator, match.group(1)) if kind != "call" else match.group(1)


class _OpBase(Generic[_P, _T]):
    kind: ClassVar[str]

    def __init__(self, build: Callable[..., Any]) -> None:
        self.build = build
        self.__doc__ = build.__doc__
        self.__name__ = build.__name__

    def __get__(self, obj: Any, owner: Any) -> Any:
        if obj is None:
            return self
        # A runner class replaced the operation with its method; only a
        # class that is no runner gets here.
        raise TypeError("%s.%s runs only on a sync or an asyncio client class"
                        % (type(obj).__name__, self.__name__))


def install_operations(cls: type, make: Callable[[Callable[..., Any], str], Callable[..., Any]],
                       iterator: str) -> None:
    """Defines on the runner class ``cls`` a method for every operation it
    has (the first one its MRO finds): ``make(build, kind)`` makes the
    function, which gets the operation's name, docstring and signature."""
    for name in dir(cls):
        operation = inspect.getattr_static(cls, name, None)
        if not isinstance(operation, _OpBase):
            continue
        build = operation.build
        method = make(build, operation.kind)
        functools.update_wrapper(method, build)
        method.__module__ = cls.__module__
        method.__qualname__ = "%s.%s" % (cls.__qualname__, name)
        returns = _result_annotation(build, operation.kind, iterator)
        annotations = {k: v for k, v in build.__annotations__.items() if k != "return"}
        if returns is not inspect.Signature.empty:
            annotations["return"] = returns
        method.__annotations__ = annotations
        setattr(method, "__signature__",
                inspect.signature(build).replace(return_annotation=returns))
        setattr(cls, name, method)


class op(_OpBase[_P, _T]):  # noqa: N801 - used as a decorator
    """A unary (or gathered) operation; see the module docstring."""
    kind = "call"

    def __init__(self, build: Callable[Concatenate[Any, _P], Spec[_T]]) -> None:
        super().__init__(build)

    @overload
    def __get__(self, obj: None, owner: "Type[SyncRunner]"
                ) -> Callable[Concatenate[Any, _P], _T]: ...

    @overload
    def __get__(self, obj: None, owner: "Type[AsyncRunner]"
                ) -> Callable[Concatenate[Any, _P], Coroutine[Any, Any, _T]]: ...

    @overload
    def __get__(self, obj: None, owner: Any) -> "op[_P, _T]": ...

    @overload
    def __get__(self, obj: "SyncRunner", owner: Any) -> Callable[_P, _T]: ...

    @overload
    def __get__(self, obj: "AsyncRunner", owner: Any
                ) -> Callable[_P, Coroutine[Any, Any, _T]]: ...

    def __get__(self, obj: Any, owner: Any) -> Any:
        return super().__get__(obj, owner)


class stream_op(_OpBase[_P, _T]):  # noqa: N801 - used as a decorator
    """A server-streaming operation: an iterator (sync) or an async iterator."""
    kind = "stream"

    def __init__(self, build: Callable[Concatenate[Any, _P], Stream[_T]]) -> None:
        super().__init__(build)

    @overload
    def __get__(self, obj: None, owner: "Type[SyncRunner]"
                ) -> Callable[Concatenate[Any, _P], Iterator[_T]]: ...

    @overload
    def __get__(self, obj: None, owner: "Type[AsyncRunner]"
                ) -> Callable[Concatenate[Any, _P], AsyncIterator[_T]]: ...

    @overload
    def __get__(self, obj: None, owner: Any) -> "stream_op[_P, _T]": ...

    @overload
    def __get__(self, obj: "SyncRunner", owner: Any) -> Callable[_P, Iterator[_T]]: ...

    @overload
    def __get__(self, obj: "AsyncRunner", owner: Any) -> Callable[_P, AsyncIterator[_T]]: ...

    def __get__(self, obj: Any, owner: Any) -> Any:
        return super().__get__(obj, owner)


class lazy_stream_op(stream_op[_P, _T]):  # noqa: N801 - used as a decorator
    """A ``stream_op`` that builds its request on the first iteration, as the
    body of a generator function runs (argument errors surface there):
    Client.watch_task has always been one. A ``stream_op`` builds it, and
    raises, when called."""
    kind = "generator"


class FamilyBase:
    """What an ``*Ops`` mixin may use: the parent client (for its bound
    workspace and model) and the generated stub class of its service."""

    _client: "_ClientBase"
    _stub_type: ClassVar[Any]

