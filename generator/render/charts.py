"""Charts: matplotlib SVGs drawn from small, hashable specs.

Each chart is drawn once per distinct spec (a content-hash cache under build/cache), in
parallel processes when there are many, and written byte-reproducibly (fixed hash salt, no
dates in metadata). Palette: Okabe–Ito, safe for colour-blind readers. Text is drawn as paths
in DejaVu Sans, so Vietnamese diacritics look the same everywhere.
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..textfmt import vn_number
from .staging import Staging

CHART_VERSION = "4"  # bump to invalidate every cached chart when drawing code changes
BLUE, ORANGE, SKY, GREEN, VERMILLION, GREY = "#0072B2", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#7F7F7F"


@dataclass(frozen=True)
class ChartSpec:
    """What to draw. `rows` hold strings only (decimals as plain text) so specs hash stably."""

    kind: str                         # ranking | trend | fields | self_appraised | distribution
    name: str                         # output path under the charts folder, e.g. "xep-hang-2023-so-nganh.svg"
    title: str
    alt: str
    rows: tuple[tuple[str, ...], ...]
    extra: tuple[tuple[str, str], ...] = ()

    def digest(self) -> str:
        return hashlib.sha256(repr((CHART_VERSION, self.kind, self.title, self.rows, self.extra)).encode()).hexdigest()


def _setup():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({
        "svg.hashsalt": "parportal", "svg.fonttype": "none", "font.family": "sans-serif", "font.size": 9,
        "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 10, "axes.titleweight": "bold",
        "axes.titlelocation": "left", "figure.dpi": 100,
        "text.parse_math": False,  # names are text: "$x$" in a unit name is not a formula
    })
    return plt


def _dec(text: str) -> float:
    """Chart coordinates only: exact values are converted to floats for drawing, never for arithmetic."""
    return float(Decimal(text))


def _fmt(value, _pos=None) -> str:
    return vn_number(Decimal(str(round(value, 2))).normalize())


def _label(exact: str) -> str:
    """A published value as printed in the tables (its own decimals: "84.40" → "84,40")."""
    return vn_number(Decimal(exact))


def _short(label: str, width: int = 38) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _draw_ranking(plt, spec: ChartSpec):
    extra = dict(spec.extra)
    rows = list(reversed(spec.rows))  # best at the top
    fig, ax = plt.subplots(figsize=(8, 0.8 + 0.28 * len(rows)))
    values = [_dec(r[1]) for r in rows]
    colours = [BLUE if r[2] == "1" else GREY for r in rows]
    ax.barh(range(len(rows)), values, color=colours, height=0.7)
    ax.set_yticks(range(len(rows)), [_short(r[0]) for r in rows])
    low = max(0.0, min(values) - 10) if values else 0.0
    ax.set_xlim(low // 5 * 5, 101)
    for i, (v, row) in enumerate(zip(values, rows)):
        ax.text(v + 0.2, i, _label(row[1]), va="center", fontsize=8)
    if extra.get("average"):
        avg = _dec(extra["average"])
        ax.axvline(avg, color=VERMILLION, linestyle="--", linewidth=1.2)
        ax.text(avg, len(rows) - 0.3, f" Trung bình / average {_label(extra['average'])}", color=VERMILLION, fontsize=8, va="bottom")
    ax.xaxis.set_major_formatter(_fmt)
    ax.set_xlabel("Chỉ số CCHC (%) / PAR Index")
    return fig


def _draw_trend(plt, spec: ChartSpec):
    fig, ax = plt.subplots(figsize=(8, 3))
    years = [int(r[0]) for r in spec.rows]
    values = [_dec(r[1]) for r in spec.rows]
    ax.plot(years, values, marker="o", color=BLUE, label="Chỉ số / index")
    for x, v, row in zip(years, values, spec.rows):
        ax.annotate(_label(row[1]), (x, v), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8, color=BLUE)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_ylim(max(0, min(values) - 10), 105)
    ax.yaxis.set_major_formatter(_fmt)
    ax.set_ylabel("Chỉ số (%) / index")
    ranked = [(x, int(r[2])) for x, r in zip(years, spec.rows) if r[2]]
    if ranked:
        ax2 = ax.twinx()
        ax2.spines["right"].set_visible(True)
        ax2.plot([x for x, _ in ranked], [k for _, k in ranked], marker="s", linestyle="--", color=ORANGE,
                 label="Hạng / rank")
        ax2.invert_yaxis()
        top = max(int(dict(spec.extra).get("units", "1")), max(k for _, k in ranked))
        ax2.set_ylim(top + 0.5, 0.5)
        ax2.set_ylabel("Hạng / rank")
        ax2.yaxis.get_major_locator().set_params(integer=True)
    return fig


def _grouped(plt, spec: ChartSpec, labels: tuple[str, str], colours: tuple[str, str], xlabel: str):
    rows = list(reversed(spec.rows))
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.5 * len(rows)))
    ys = range(len(rows))
    first = [_dec(r[1]) if r[1] else 0.0 for r in rows]
    second = [_dec(r[2]) if r[2] else 0.0 for r in rows]
    ax.barh([y + 0.2 for y in ys], first, height=0.38, color=colours[0], label=labels[0])
    ax.barh([y - 0.2 for y in ys], second, height=0.38, color=colours[1], label=labels[1])
    ax.set_yticks(list(ys), [_short(r[0], 34) for r in rows])
    ax.xaxis.set_major_formatter(_fmt)
    ax.set_xlabel(xlabel)
    return fig


def _draw_fields(plt, spec: ChartSpec):
    fig = _grouped(plt, spec, ("Đơn vị / unit", "Trung bình nhóm / group average"), (BLUE, ORANGE),
                   "Chỉ số thành phần (%) / field index")
    fig.axes[0].set_xlim(0, 105)
    return fig


def _draw_self_appraised(plt, spec: ChartSpec):
    return _grouped(plt, spec, ("Tự đánh giá / self-assessed", "Thẩm định / appraised"), (SKY, GREEN),
                    "Điểm / points")


def _draw_distribution(plt, spec: ChartSpec):
    fig, ax = plt.subplots(figsize=(8, 2.6))
    values = [_dec(r[1]) for r in spec.rows]
    low = max(0, int(min(values) // 5 * 5) - 5) if values else 0
    bins = [low + 2.5 * i for i in range(int((101 - low) / 2.5) + 2)]
    ax.hist(values, bins=bins, color=BLUE, edgecolor="white")
    for name, threshold in spec.extra:
        x = _dec(threshold)
        if x >= low:
            ax.axvline(x, color=VERMILLION, linestyle=":", linewidth=1)
            ax.text(x, ax.get_ylim()[1] * 0.95, f" {name}", color=VERMILLION, fontsize=8, va="top")
    ax.xaxis.set_major_formatter(_fmt)
    ax.set_xlabel("Chỉ số CCHC (%) / PAR Index")
    ax.set_ylabel("Số đơn vị / units")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return fig


def _draw_self_max(plt, spec: ChartSpec):
    """A year not yet appraised: self-assessed points so far against each field's maximum."""
    return _grouped(plt, spec, ("Tự đánh giá đến nay / self-assessed so far", "Tối đa / maximum"), (SKY, GREY),
                    "Điểm / points")


DRAW = {"ranking": _draw_ranking, "trend": _draw_trend, "fields": _draw_fields,
        "self_appraised": _draw_self_appraised, "self_max": _draw_self_max, "distribution": _draw_distribution}


def draw(spec: ChartSpec, target: Path) -> None:
    """Draw one chart to `target` (SVG)."""
    plt = _setup()
    fig = DRAW[spec.kind](plt, spec)
    fig.axes[0].set_title(spec.title)
    _margins(fig, spec)
    target.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(target, format="svg", metadata={"Date": None, "Creator": "parportal"})
    plt.close(fig)


LEGEND_KINDS = ("trend", "fields", "self_appraised", "self_max")


def _margins(fig, spec: ChartSpec) -> None:
    """Fixed margins from the longest label, in inches, instead of tight_layout's measuring; the
    legend, if any, goes in the bottom margin where it cannot cover data."""
    width, height = fig.get_size_inches()
    labelled = spec.kind in ("ranking", "fields", "self_appraised", "self_max")
    longest = max((len(_short(r[0], 38)) for r in spec.rows), default=0) if labelled else 0
    left = min((0.35 + 0.062 * longest) if labelled else 0.7, width / 2) / width
    right = (0.75 if spec.kind == "trend" else 0.3) / width
    legend = spec.kind in LEGEND_KINDS
    fig.subplots_adjust(left=left, right=1 - right, top=1 - 0.35 / height, bottom=(0.85 if legend else 0.55) / height)
    if legend:
        handles, labels = [], []
        for ax in fig.axes:
            h, l = ax.get_legend_handles_labels()
            handles += h
            labels += l
        fig.legend(handles, labels, loc="lower left", bbox_to_anchor=(left, 0.0), ncols=len(labels),
                   frameon=False, fontsize=8)


def _draw_to_cache(args: tuple[ChartSpec, str]) -> str:
    spec, cached = args
    tmp = Path(cached + f".{os.getpid()}.tmp")
    draw(spec, tmp)
    tmp.replace(cached)
    return cached


@dataclass(frozen=True)
class ChartReport:
    drawn: int
    reused: int


def render_charts(specs: list[ChartSpec], out: Staging, out_dir: str, cache_dir: Path,
                  workers: int | None = None) -> ChartReport:
    """Write every chart under `out_dir` of the staging folder, drawing only specs not in `cache_dir`."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    unique = {spec.digest(): spec for spec in specs}
    missing = [(spec, str(cache_dir / f"{digest}.svg")) for digest, spec in sorted(unique.items())
               if not (cache_dir / f"{digest}.svg").exists()]
    workers = workers or min(os.cpu_count() or 1, 4)
    if len(missing) > 8 and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_draw_to_cache, missing, chunksize=max(1, len(missing) // (workers * 8))))
    else:
        for item in missing:
            _draw_to_cache(item)
    for spec in sorted(specs, key=lambda s: s.name):
        out.copy(cache_dir / f"{spec.digest()}.svg", f"{out_dir}/{spec.name}")
    return ChartReport(drawn=len(missing), reused=len(unique) - len(missing))
