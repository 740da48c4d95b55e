"""Finds secrets in log text: known secret strings, base64 that decodes to
one of them (Basic credentials), and anything shaped like an emulator token."""

import base64
import re
from typing import Iterable

# Every token the emulator issues looks like this (emulator/state.cc).
TOKEN_SHAPE = re.compile(r"[0-9a-f]{32}\.[0-9a-f]{16}")


def leak_in(line: str, secrets: Iterable[str]) -> str:
    """What kind of secret `line` shows ('' when none)."""
    secrets = list(secrets)
    for secret in secrets:
        if secret in line:
            return "a secret (%d chars)" % len(secret)
    for piece in re.findall(r"[A-Za-z0-9+/=]{20,}", line):
        try:
            decoded = base64.b64decode(piece, validate=True).decode("utf-8", "replace")
        except ValueError:
            continue
        if any(secret in decoded for secret in secrets):
            return "a base64-encoded secret"
    if TOKEN_SHAPE.search(line):
        return "a token"
    return ""


def scan_text(name: str, text: str, secrets: Iterable[str]) -> None:
    """Raises AssertionError naming the file and line of the first leak."""
    secrets = list(secrets)
    for line_no, line in enumerate(text.splitlines(), 1):
        leak = leak_in(line, secrets)
        assert not leak, "%s in %s line %d" % (leak, name, line_no)
