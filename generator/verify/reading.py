"""Reading the published open data for `verify`: where it is, its files (never through a link),
CSV rows with their line numbers, and cells as exact values.

Tolerant of what a CSV writer may choose: a UTF-8 byte-order mark, booleans written `True`,
`true` or `1`, numbers with or without trailing zeros. Strict about everything else: a cell that
is not a plain decimal where a number belongs is a problem of its own, never a float."""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from generator.core.files import read_regular

DATAPACKAGE = "datapackage.json"
API_INDEX = "api/v2/index.json"   # the published entry point of the JSON API (its version is in the path)


class NotOpenData(Exception):
    """The folder given holds no published open data."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


def data_dir(path: Path) -> Path:
    """The open-data folder: `path` itself, or `path/data` for a built site."""
    for candidate in (path, path / "data"):
        if (candidate / DATAPACKAGE).is_file() and (candidate / API_INDEX).is_file():
            return candidate
    raise NotOpenData(
        f"{path} không phải thư mục cổng đã dựng (site/) hay thư mục dữ liệu mở (site/data/): "
        f"không thấy {DATAPACKAGE} và {API_INDEX}. Dựng cổng trước bằng `parportal build`.",
        f"{path} is neither a built site (site/) nor its open-data folder (site/data/): "
        f"no {DATAPACKAGE} and {API_INDEX} there. Build the site first with `parportal build`.")


class Unreadable(Exception):
    """A published file that is missing or cannot be read as what it should be."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


def read_stored(path: Path) -> bytes:
    """A file's bytes as stored (a .gz file still compressed); a link is not followed."""
    try:
        return read_regular(path)
    except FileNotFoundError:
        raise Unreadable("tệp không có", "the file is missing") from None
    except OSError as err:
        raise Unreadable(f"không đọc được tệp ({err.strerror or err})", f"cannot read the file ({err.strerror or err})") \
            from None


def read_bytes(path: Path) -> bytes:
    """A file's bytes, decompressed if its name ends in .gz."""
    data = read_stored(path)
    if path.name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, ValueError) as err:
            raise Unreadable(f"tệp nén gzip hỏng ({err})", f"broken gzip file ({err})") from None
    return data


def read_text(path: Path) -> str:
    try:
        return read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise Unreadable(f"không phải UTF-8 (byte {err.start})", f"not UTF-8 (byte {err.start})") from None


def read_json(path: Path):
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as err:
        raise Unreadable(f"JSON hỏng ở dòng {err.lineno}, cột {err.colno}: {err.msg}",
                         f"broken JSON at line {err.lineno}, column {err.colno}: {err.msg}") from None


@dataclass
class Table:
    """A CSV file: its header and its records, each with the line it starts on (1: the header)."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    ragged: list[tuple[int, int]]   # (line, number of cells) of records that are not as wide as the header


def read_csv(path: Path) -> Table:
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        rows, ragged = [], []
        last = reader.line_num
        for cells in reader:
            start, last = last + 1, reader.line_num
            if not cells:
                continue
            if len(cells) != len(header):
                ragged.append((start, len(cells)))
                continue
            rows.append((start, dict(zip(header, cells))))
    except csv.Error as err:
        raise Unreadable(f"CSV hỏng ở dòng {reader.line_num}: {err}", f"broken CSV at line {reader.line_num}: {err}") \
            from None
    return Table(header, rows, ragged)


# --------------------------------------------------------------------------- cells

class Bad:
    """A cell that is not what its column holds: equal to nothing, shown as written."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other) -> bool:
        return False

    def __hash__(self) -> int:
        return hash(("bad", self.text))

    def __repr__(self) -> str:
        return self.text


_DECIMAL = re.compile(r"[-+]?\d+(\.\d+)?")
_FRACTION = re.compile(r"[-+]?\d+(/\d+)?")
_INTEGER = re.compile(r"[-+]?\d+")
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


def number(value) -> Decimal | Bad | None:
    """A plain decimal written as text ("84.75", "-0.5"), in a CSV cell or a JSON string."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        return Decimal(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return Bad(str(value))


def fraction(value) -> Fraction | Bad | None:
    """An exact value written "numerator/denominator" or as a whole number ("1705/19", "45")."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        if _FRACTION.fullmatch(text) and not text.endswith("/0"):
            return Fraction(text)
        if _DECIMAL.fullmatch(text):
            return Fraction(Decimal(text))
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    return Bad(str(value))


def integer(value) -> int | Bad | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return Bad(str(value))
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value)
    return Bad(str(value))


def boolean(value) -> bool | Bad | None:
    """`true`/`false` in any case (or 1/0) in a CSV cell; a JSON boolean."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return Bad(str(value))


def text(value) -> str | None:
    """A text cell; empty is no value."""
    return None if value is None or value == "" else str(value)


def shown(value) -> str:
    """A value as a problem line shows it: as the files write it."""
    if value is None:
        return "(trống / empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return str(value)
