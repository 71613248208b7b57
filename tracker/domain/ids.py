"""Identifiers that stay unique across databases: task uuids and history event ids."""

from __future__ import annotations

import os
import time


def new_uuid() -> str:
    """A random UUID4; os.urandom spares every command the 4 ms import of `uuid`."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_last_event_id = (0, 0)  # (milliseconds, counter) of the last event id made here


def new_event_id() -> str:
    """A UUIDv7 (RFC 9562): the time in milliseconds, then a counter, then random bits.

    Ids made one after another in a process sort in the order they were made, so the
    events of one change, which share their `at`, keep their order when a history is
    sorted by (at, id), as a merge sorts it (tracker/domain/merge.py).
    """
    global _last_event_id
    millis = time.time_ns() // 1_000_000
    last_millis, counter = _last_event_id
    if millis <= last_millis:
        # The same millisecond (or a clock set back): count on from the last id.
        millis, counter = last_millis, counter + 1
        if counter > 0xFFF:
            millis, counter = millis + 1, 0
    else:
        counter = 0
    _last_event_id = (millis, counter)
    raw = bytearray(millis.to_bytes(6, "big") + os.urandom(10))
    raw[6] = 0x70 | (counter >> 8)  # version 7, then the counter's high 4 bits
    raw[7] = counter & 0xFF
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 9562 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
