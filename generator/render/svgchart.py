"""A small SVG writer for the portal's charts: string building only, no plotting library.

Everything here is deterministic: coordinates are printed with one fixed decimal (`num`), so
the bytes never depend on float noise beyond the first decimal; there are no dates, no random
ids. Text stays text (`<text>` elements in the system sans-serif fonts the site uses), escaped
for XML, because names in the data are untrusted input.
"""
from __future__ import annotations

import re
from functools import lru_cache
from decimal import ROUND_CEILING, Decimal

FONT = ("system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', "
        "'Liberation Sans', 'DejaVu Sans', sans-serif")  # the site's own system fonts (mkdocs font: false)
EM = 0.6  # estimated advance of an average character, in em (DejaVu Sans, the widest usual fallback)
INK, MUTED, AXIS, GRID = "#1a1a1a", "#444444", "#333333", "#e3e3e3"

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@lru_cache(maxsize=1 << 16)
def esc(text: str) -> str:
    """Text as XML character data or attribute value: & < > " escaped, characters XML forbids dropped."""
    text = _XML_INVALID.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def num(x: float) -> str:
    """A coordinate with one fixed decimal ("-0.0" printed as "0.0")."""
    s = f"{x:.1f}"
    return "0.0" if s == "-0.0" else s


def text_width(text: str, size: float, em: float = EM) -> float:
    """Estimated width of `text` at font size `size` (fonts cannot be measured here)."""
    return len(text) * size * em


@lru_cache(maxsize=1 << 16)
def wrap(text: str, chars: int) -> tuple[str, ...]:
    """`text` on lines of at most `chars` characters, broken at spaces; a word longer than a line
    is split, never cut short: every character of `text` is shown, with no "…"."""
    chars = max(1, chars)
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > chars:  # a very long word: its own lines
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:chars])
            word = word[chars:]
        if line and len(line) + 1 + len(word) > chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line or not lines:
        lines.append(line)
    return tuple(lines)


def nice_step(span: Decimal, max_ticks: int = 10) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10^k giving at most `max_ticks` intervals over `span`."""
    if span <= 0:
        return Decimal(1)
    step = Decimal(1).scaleb(span.adjusted() - 1)  # a power of ten a little under span
    while True:
        for m in (1, 2, Decimal("2.5"), 5):
            s = step * m
            if span / s <= max_ticks:
                return s
        step *= 10


def ceil_to(value: Decimal, step: Decimal) -> Decimal:
    """The smallest multiple of `step` not below `value` (Decimal's // truncates toward zero, so not used)."""
    return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


def ticks(lo: Decimal, hi: Decimal, step: Decimal) -> list[Decimal]:
    """Multiples of `step` in [lo, hi], exact."""
    first = ceil_to(lo, step)
    out, t = [], first
    while t <= hi:
        out.append(t)
        t += step
    return out


class Svg:
    """An SVG document as a list of strings."""

    def __init__(self, width: int, height: int, title: str, desc: str) -> None:
        self.width, self.height = width, height
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title chart-desc" '
            f'font-family="{FONT}" font-size="12" fill="{INK}">',
            f'<title id="chart-title">{esc(title)}</title>',
            f'<desc id="chart-desc">{esc(desc)}</desc>',
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        ]

    def add(self, part: str) -> None:
        self.parts.append(part)

    def rect(self, x: float, y: float, w: float, h: float, fill: str, cls: str = "", stroke: str = "") -> None:
        extra = f' class="{cls}"' if cls else ""
        extra += f' stroke="{stroke}"' if stroke else ""
        self.parts.append(f'<rect{extra} x="{num(x)}" y="{num(y)}" width="{num(max(w, 0.0))}" '
                          f'height="{num(max(h, 0.0))}" fill="{fill}"/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1.0,
             dash: str = "") -> None:
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
                          f'stroke="{stroke}" stroke-width="{width:g}"{extra}/>')

    def polyline(self, points: list[tuple[float, float]], stroke: str, width: float = 2.0, dash: str = "") -> None:
        if len(points) < 2:
            return
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        pts = " ".join(f"{num(x)},{num(y)}" for x, y in points)
        self.parts.append(f'<polyline points="{pts}" fill="none" stroke="{stroke}" stroke-width="{width:g}"{extra}/>')

    def circle(self, x: float, y: float, r: float, fill: str, cls: str = "") -> None:
        extra = f'class="{cls}" ' if cls else ""
        self.parts.append(f'<circle {extra}cx="{num(x)}" cy="{num(y)}" r="{num(r)}" fill="{fill}"/>')

    def text(self, x: float, y: float, content: str, size: float = 12, anchor: str = "start",
             fill: str = "", weight: str = "", cls: str = "", rotate: bool = False, baseline: str = "") -> None:
        """`baseline`: "middle" centres the text on y (dominant-baseline is unreliable in image
        renderers, so a fixed dy of 0.35em is used instead)."""
        head = f'<text class="{cls}" x="{num(x)}" y="{num(y)}"' if cls else f'<text x="{num(x)}" y="{num(y)}"'
        tail = (' dy="0.35em"' if baseline == "middle" else "") + _text_style(size, anchor, fill, weight)
        if rotate:
            tail += f' transform="rotate(-90 {num(x)} {num(y)})"'
        self.parts.append(f"{head}{tail}>{esc(content)}</text>")

    def lines(self, x: float, y: float, lines: tuple[str, ...] | list[str], size: float = 12, anchor: str = "start",
              fill: str = "", weight: str = "", cls: str = "", leading: float = 1.15) -> None:
        """Several lines as one `<text>` of `<tspan>`s, the block centred on y (one line: `text`)."""
        if len(lines) <= 1:
            self.text(x, y, lines[0] if lines else "", size, anchor, fill, weight, cls, baseline="middle")
            return
        step = size * leading
        first = y - step * (len(lines) - 1) / 2
        head = f'<text class="{cls}"' if cls else "<text"
        tail = _text_style(size, anchor, fill, weight)
        spans = "".join(f'<tspan x="{num(x)}" y="{num(first + step * i)}" dy="0.35em">{esc(line)}</tspan>'
                        for i, line in enumerate(lines))
        self.parts.append(f"{head}{tail}>{spans}</text>")

    def render(self) -> str:
        return "\n".join(self.parts) + "\n</svg>\n"


def _text_style(size: float, anchor: str, fill: str, weight: str) -> str:
    """The attributes of a `<text>` that differ from the defaults (12 px, start, the class's fill)."""
    style = f' font-size="{size:g}"' if size != 12 else ""
    if anchor != "start":
        style += f' text-anchor="{anchor}"'
    if fill:
        style += f' fill="{fill}"'
    if weight:
        style += f' font-weight="{weight}"'
    return style


def flow_rows(items: list, widths: list[float], start: float, limit: float) -> list[list[tuple[float, object]]]:
    """Legend entries laid out left to right and wrapped into rows: each item with its x, an item
    `widths[i]` wide starting a new row when it would pass `limit` (a row always takes one)."""
    rows, row, x = [], [], start
    for item, w in zip(items, widths):
        if row and x + w > limit:
            rows.append(row)
            row, x = [], start
        row.append((x, item))
        x += w
    if row:
        rows.append(row)
    return rows
