"""Turns upload content into request-sized byte pieces, and measures transfers."""

from __future__ import annotations

import hashlib
import os
import stat
from typing import IO, Any, BinaryIO, Callable, Iterable, Iterator, Optional, Union

#: Largest data payload of one streamed upload message.
MESSAGE_SIZE = 256 * 1024

#: ``on_progress(done, total)``: bytes moved so far, and the total when known
#: (else None). Called after every message of a transfer, and once at the end.
ProgressCallback = Callable[[int, Optional[int]], None]

Piece = Union[bytes, bytearray, memoryview, str]
#: What upload_file takes: bytes-like, str (sent UTF-8 encoded), a binary file
#: object, or a path (``pathlib.Path`` / ``os.PathLike``) of a file to send.
Content = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]", BinaryIO, IO[bytes]]


def _as_bytes(item: object) -> Union[bytes, bytearray, memoryview]:
    if isinstance(item, str):
        return item.encode("utf-8")
    if isinstance(item, (bytes, bytearray, memoryview)):
        return item
    raise TypeError("upload content must be bytes or str, got %s" % type(item).__name__)


def rebuffer(items: Iterable[Any], size: int = MESSAGE_SIZE) -> Iterator[bytes]:
    """Yields the concatenation of items in pieces of exactly size bytes
    (the last one shorter), coalescing small items and splitting large ones."""
    buf = bytearray()
    for item in items:
        view = memoryview(_as_bytes(item))
        if not buf and len(view) >= size:
            # Fast path: slice large inputs without copying them into buf.
            whole = len(view) - len(view) % size
            for off in range(0, whole, size):
                yield bytes(view[off:off + size])
            view = view[whole:]
        buf += view
        while len(buf) >= size:
            yield bytes(buf[:size])
            del buf[:size]
    if buf:
        yield bytes(buf)


def _str_pieces(text: str, size: int) -> Iterator[bytes]:
    # Encode a slice at a time so a huge str is never encoded twice in memory.
    step = max(1, size // 4)
    for off in range(0, len(text), step):
        yield text[off:off + step].encode("utf-8")


def _file_pieces(fobj: Any, size: int) -> Iterator[Any]:
    while True:
        block = fobj.read(size)
        if not block:
            return
        yield block


def _path_pieces(path: "os.PathLike[str]", size: int) -> Iterator[bytes]:
    with open(path, "rb") as f:
        yield from _file_pieces(f, size)


def is_content(content: object) -> bool:
    """True for what content_pieces takes (as opposed to an iterable of pieces)."""
    return (isinstance(content, (bytes, bytearray, memoryview, str, os.PathLike))
            or hasattr(content, "read"))


def content_pieces(content: Content, size: int = MESSAGE_SIZE) -> Iterator[bytes]:
    """Pieces of upload content: bytes-like, str (UTF-8), a file object or a path."""
    if isinstance(content, str):
        return rebuffer(_str_pieces(content, size), size)
    if isinstance(content, (bytes, bytearray, memoryview)):
        return rebuffer([content], size)
    if isinstance(content, os.PathLike):
        return rebuffer(_path_pieces(content, size), size)
    if hasattr(content, "read"):
        return rebuffer(_file_pieces(content, size), size)
    raise TypeError(
        "content must be bytes, str, a binary file object or a path; use "
        "upload_file_stream for an iterable, got %s" % type(content).__name__)


def content_size(content: object) -> Optional[int]:
    """Bytes content_pieces will yield, when that is known without reading it."""
    if isinstance(content, (bytes, bytearray)):
        return len(content)
    if isinstance(content, memoryview):
        return content.nbytes
    if isinstance(content, str):
        return len(content) if content.isascii() else None
    try:
        if isinstance(content, os.PathLike):
            return os.stat(content).st_size
        fileno = getattr(content, "fileno", None)
        tell = getattr(content, "tell", None)
        if fileno is not None and tell is not None:
            st = os.fstat(fileno())
            if stat.S_ISREG(st.st_mode):
                return max(0, st.st_size - int(tell()))
    except (OSError, ValueError, AttributeError):
        pass
    return None


class Meter:
    """Counts (and for uploads hashes) the bytes of one transfer and reports
    them to an optional progress callback."""

    def __init__(self, total: Optional[int], on_progress: Optional[ProgressCallback],
                 hash_bytes: bool = False):
        self.total = total
        self.done = 0
        self._on_progress = on_progress
        self._sha256 = hashlib.sha256() if hash_bytes else None

    def add(self, data: bytes) -> None:
        self.done += len(data)
        if self._sha256 is not None:
            self._sha256.update(data)
        if self._on_progress is not None:
            self._on_progress(self.done, self.total)

    def finish(self) -> None:
        """The final report: the total is now known to be what was moved."""
        self.total = self.done if self.total is None else self.total
        if self._on_progress is not None:
            self._on_progress(self.done, self.total)

    def hexdigest(self) -> str:
        return self._sha256.hexdigest() if self._sha256 is not None else ""


def writer_for(dest: Union["os.PathLike[str]", str, BinaryIO, IO[bytes]]
               ) -> "tuple[IO[bytes], bool]":
    """(binary file to write, whether we opened it and must close it)."""
    if isinstance(dest, (str, os.PathLike)):
        return open(dest, "wb"), True
    if hasattr(dest, "write"):
        return dest, False
    raise TypeError("destination must be a path or a binary file object, got %s"
                    % type(dest).__name__)
