"""Upload content and download destinations for the asyncio client: async
iterables, objects with an async ``read``/``write`` (aiofiles and the like),
and blocking files and paths, whose I/O runs in the default executor so the
event loop never waits on the disk."""

from __future__ import annotations

import asyncio
import inspect
import os
from typing import (IO, Any, AsyncIterable, AsyncIterator, Awaitable, BinaryIO, Callable,
                    Iterable, Iterator, Optional, Protocol, Union, cast)

from ._io import MESSAGE_SIZE, content_pieces, content_size, is_content, rebuffer


class AsyncReadable(Protocol):
    def read(self, size: int = ...) -> Awaitable[bytes]: ...


class AsyncWritable(Protocol):
    def write(self, data: bytes) -> Awaitable[Any]: ...


#: What AsyncClient uploads take: everything Client takes, plus async
#: iterables of bytes/str and objects with an async read().
AsyncContent = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]", BinaryIO, IO[bytes],
                     AsyncReadable, AsyncIterable[Union[bytes, str]], Iterable[Union[bytes, str]]]
#: Where AsyncClient downloads go: a path, a binary file object, or an object
#: with an async write().
AsyncDestination = Union[str, "os.PathLike[str]", BinaryIO, IO[bytes], AsyncWritable]

_DONE = object()


def _has_async_read(obj: object) -> bool:
    read = getattr(obj, "read", None)
    return read is not None and inspect.iscoroutinefunction(read)


def _blocking(content: object) -> bool:
    # Paths and file objects read from disk; bytes and str are sliced in memory.
    return isinstance(content, os.PathLike) or hasattr(content, "read")


async def _in_executor(it: Iterator[bytes]) -> AsyncIterator[bytes]:
    loop = asyncio.get_running_loop()
    while True:
        piece = await loop.run_in_executor(None, next, it, _DONE)
        if piece is _DONE:
            return
        yield cast(bytes, piece)


async def _from_sync(it: Iterator[bytes]) -> AsyncIterator[bytes]:
    for piece in it:
        yield piece


async def _read_async(reader: Any, size: int) -> AsyncIterator[Any]:
    while True:
        block = await reader.read(size)
        if not block:
            return
        yield block


async def arebuffer(items: AsyncIterable[Any], size: int = MESSAGE_SIZE) -> AsyncIterator[bytes]:
    """rebuffer() for an async iterable of bytes/str items."""
    buf: list[Any] = []
    held = 0
    async for item in items:
        if isinstance(item, str):
            item = item.encode("utf-8")
        elif not isinstance(item, (bytes, bytearray, memoryview)):
            raise TypeError("upload content must be bytes or str, got %s" % type(item).__name__)
        buf.append(item)
        held += len(item)
        if held >= size:
            # Emit the full pieces; keep a short tail for the next round.
            tail = b""
            for piece in rebuffer(buf, size):
                if tail:
                    yield tail
                tail = piece
            if len(tail) == size:
                yield tail
                tail = b""
            buf, held = ([tail], len(tail)) if tail else ([], 0)
    if held:
        for piece in rebuffer(buf, size):
            yield piece


def async_pieces(content: object, size: int = MESSAGE_SIZE) -> AsyncIterator[bytes]:
    """Upload content as message-sized pieces, read without blocking the loop."""
    if _has_async_read(content):
        return arebuffer(_read_async(content, size), size)
    if hasattr(content, "__aiter__"):
        return arebuffer(cast(AsyncIterable[Any], content), size)
    if is_content(content):
        pieces = content_pieces(cast(Any, content), size)
        return _in_executor(pieces) if _blocking(content) else _from_sync(pieces)
    if isinstance(content, Iterable):
        return _from_sync(rebuffer(content, size))
    raise TypeError("content must be bytes, str, a file object, a path, an object with an "
                    "async read() or an (async) iterable of bytes/str, got %s"
                    % type(content).__name__)


def async_content_size(content: object) -> Optional[int]:
    return content_size(content) if is_content(content) and not _has_async_read(content) else None


class AsyncWriter:
    """Writes downloaded pieces to a path, a binary file or an async writer."""

    def __init__(self, destination: AsyncDestination):
        self._dest = destination
        self._file: Optional[IO[bytes]] = None
        self._owned = False
        self.written = 0

    async def __aenter__(self) -> "AsyncWriter":
        loop = asyncio.get_running_loop()
        if isinstance(self._dest, (str, os.PathLike)):
            path = self._dest
            self._file = await loop.run_in_executor(None, lambda: open(path, "wb"))
            self._owned = True
        elif hasattr(self._dest, "write"):
            if not inspect.iscoroutinefunction(self._dest.write):
                self._file = cast(IO[bytes], self._dest)  # blocking: use the executor
        else:
            raise TypeError("destination must be a path, a binary file object or an object "
                            "with an async write(), got %s" % type(self._dest).__name__)
        return self

    async def write(self, data: bytes) -> None:
        if self._file is not None:
            write: Callable[[bytes], Any] = self._file.write
            await asyncio.get_running_loop().run_in_executor(None, write, data)
        else:
            result = cast(Any, self._dest).write(data)
            if inspect.isawaitable(result):
                await result
        self.written += len(data)

    async def __aexit__(self, *exc: object) -> None:
        if self._owned and self._file is not None:
            await asyncio.get_running_loop().run_in_executor(None, self._file.close)
