"""Identifiers that stay unique across databases: task uuids and history event ids."""

from __future__ import annotations

import os


def new_uuid() -> str:
    """A random UUID4; os.urandom spares every command the 4 ms import of `uuid`."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
