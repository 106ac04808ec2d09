"""How a value is written into a public table (CSV), one rule per kind of value, stated on the
open-data page (site_templates/pages/opendata.md.j2) and applied by every CSV the site publishes:

* a number: decimal point, no thousands separator, no exponent, no trailing zero after the
  point (`2.0` → `2`, `85.10` → `85.1`, `0.125` stays): the exact value, written the shortest
  way, so one value has one text whatever the source file wrote. A whole number is an integer.
  An exact fraction is never written: it is turned into the published rounded Decimal where it
  arises (`compute.rounding`), or the column is left out (the JSON API keeps exact fractions).
* a boolean: `true` or `false` (as JSON; never Python's `True`).
* no value (None): an empty cell.
* text: as it is, a leading formula character neutralised (`core.escape.csv_cell`).
* a date: ISO 8601 (`2024-03-31`).

Files start with a UTF-8 byte order mark (`CSV_BOM`), so that Excel reads Vietnamese letters
as UTF-8 when the file is opened with a double click.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from generator.core.escape import csv_cell

CSV_BOM = "\ufeff"
TRUE, FALSE = "true", "false"

NUMBER_TEXTS: dict[str, str] = {}  # str(Decimal) → its cell text (`decimal_text`); read it, never write it
_NUMBERS_MAX = 200_000  # a national table writes millions of numbers, of few distinct values


def number_text(value: Decimal | int) -> str:
    """`value` by the number rule: `Decimal("2.0")` → "2", `Decimal("85.10")` → "85.1",
    `Decimal("1E+2")` → "100", `Decimal("-0.00")` → "0"."""
    if type(value) is int:
        return str(value)
    if type(value) is not Decimal or not value.is_finite():
        raise TypeError(f"not a finite Decimal: {value!r}")
    return decimal_text(str(value))


def scaled_text(whole: int, decimals: int) -> str:
    """`number_text` of whole × 10^-decimals (9851, 2 → "98.51"; 9850, 2 → "98.5"; 9800, 2 → "98"),
    without building the Decimal."""
    if decimals <= 0 or whole == 0:
        return str(whole * 10**-decimals) if decimals <= 0 else "0"
    sign = "-" if whole < 0 else ""
    units, rest = divmod(-whole if whole < 0 else whole, 10**decimals)
    if not rest:
        return f"{sign}{units}"
    return f"{sign}{units}." + f"{rest:0{decimals}d}".rstrip("0")


def decimal_text(text: str) -> str:
    """`number_text` of the Decimal whose `str()` is `text` (a loop that has the text already
    looks it up in `NUMBER_TEXTS` first: `NUMBER_TEXTS.get(text) or decimal_text(text)`)."""
    found = NUMBER_TEXTS.get(text)
    if found is None:
        found = text
        if "E" in found or "e" in found:
            found = format(Decimal(found), "f")
        if "." in found:
            found = found.rstrip("0").rstrip(".")
        if found == "-0":
            found = "0"
        if len(NUMBER_TEXTS) >= _NUMBERS_MAX:
            NUMBER_TEXTS.clear()
        NUMBER_TEXTS[text] = found
    return found


def cell_text(value) -> str:
    """Any value of a public table as its CSV cell (the rules above). A Fraction or a float is a
    programming error here (TypeError): published numbers are Decimals."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return csv_cell(value)
    if kind is bool:
        return TRUE if value else FALSE
    if kind is int or kind is Decimal:
        return number_text(value)
    if kind is dt.date:
        return value.isoformat()
    raise TypeError(f"no CSV cell for {kind.__name__}: {value!r}")


def csv_text(columns: list[str], rows) -> str:
    """A whole CSV file: the byte order mark, the header `columns`, then `rows` (tuples of values,
    each written by `cell_text`); RFC 4180, quoted only where needed, "\\n" line ends."""
    buf = io.StringIO()
    buf.write(CSV_BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell_text(v) for v in row] for row in rows)
    return buf.getvalue()
