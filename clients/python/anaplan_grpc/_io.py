"""Turns upload content into request-sized byte pieces."""

from __future__ import annotations

from typing import Iterable, Iterator, Union

#: Largest data payload of one streamed upload message.
MESSAGE_SIZE = 256 * 1024

Content = Union[bytes, bytearray, memoryview, str]


def _as_bytes(item) -> bytes:
    if isinstance(item, str):
        return item.encode("utf-8")
    if isinstance(item, (bytes, bytearray, memoryview)):
        return bytes(item)
    raise TypeError("upload content must be bytes or str, got %s" % type(item).__name__)


def rebuffer(items: Iterable, size: int = MESSAGE_SIZE) -> Iterator[bytes]:
    """Yields the concatenation of items in pieces of exactly size bytes
    (the last one shorter), coalescing small items and splitting large ones."""
    buf = bytearray()
    for item in items:
        data = item if isinstance(item, (bytes, bytearray, memoryview)) else _as_bytes(item)
        view = memoryview(data)
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


def _file_pieces(fobj, size: int) -> Iterator:
    while True:
        block = fobj.read(size)
        if not block:
            return
        yield block


def content_pieces(content, size: int = MESSAGE_SIZE) -> Iterator[bytes]:
    """Pieces of upload content: bytes-like, str (UTF-8), or a file object."""
    if isinstance(content, str):
        return rebuffer(_str_pieces(content, size), size)
    if isinstance(content, (bytes, bytearray, memoryview)):
        return rebuffer([content], size)
    if hasattr(content, "read"):
        return rebuffer(_file_pieces(content, size), size)
    raise TypeError(
        "content must be bytes, str or a binary file object; use "
        "upload_file_stream for an iterable, got %s" % type(content).__name__)
