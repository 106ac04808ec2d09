"""Rendered text kept compressed while `parportal serve` holds it between builds.

Serve keeps every unit page's parts (each year, its criterion rows) and every unit's open-data
lines in its memo, so that a rebuild redoes only what an edit feeds. At 3,500 units that text is
gigabytes. Kept as `Packed` (zlib level 1: about a tenth of the size, compressed at about
300 MB/s) it is a few hundred megabytes, and it is unpacked only where a rebuild uses it again.
A one-off build (no memo) keeps nothing and packs nothing.
"""
from __future__ import annotations

import zlib

LEVEL = 1


class Packed:
    """UTF-8 bytes, compressed. Equal when their bytes are (the compression is deterministic)."""

    __slots__ = ("data",)

    def __init__(self, raw: bytes) -> None:
        self.data = zlib.compress(raw, LEVEL)

    def __bytes__(self) -> bytes:
        return zlib.decompress(self.data)

    def __eq__(self, other: object) -> bool:
        return type(other) is Packed and other.data == self.data

    def __hash__(self) -> int:
        return hash(self.data)

    def __repr__(self) -> str:
        return f"Packed({len(self.data)} bytes)"


def pack(raw: bytes, keep: bool) -> bytes | Packed:
    """`raw` packed if `keep` (it is kept between builds), else `raw` itself."""
    return Packed(raw) if keep else raw


def unpack(value: bytes | Packed) -> bytes:
    """The bytes of a value from `pack`."""
    return value if type(value) is bytes else bytes(value)
