"""`parportal results`: the ranking of a year and group for the terminal, CSV or JSON."""
from __future__ import annotations

import json
from decimal import Decimal

from generator.compute.types import Results
from generator.core.cells import csv_text
from generator.core.textfmt import vn_number
from generator.load import Dataset

COLUMNS = ["year", "group", "group_name", "rank", "unit", "name", "index", "appraised", "survey", "band", "band_name", "index_change",
           "rank_change"]


def ranking_rows(ds: Dataset, res: Results, year: int | None, group: str | None) -> list[dict] | None:
    year = year or (max(res.final_years) if res.final_years else None)
    chosen = [r for r in res.rankings if r.year == year and (group is None or r.group == group)]
    if not chosen:
        return None
    rows = []
    for ranking in chosen:
        bands = {b.id: b.name for b in ds.set_for(ranking.group, ranking.year).bands}
        group_name = ds.groups[ranking.group].name if ranking.group in ds.groups else ranking.group
        for e in ranking.entries:
            uy = res.unit_year(e.unit, ranking.year)
            rows.append({"year": ranking.year, "group": ranking.group, "group_name": group_name, "rank": e.rank, "unit": e.unit, "name": uy.name,
                         "index": uy.index, "appraised": uy.appraised_points, "survey": uy.survey_points,
                         "band": uy.band, "band_name": bands.get(uy.band, ""), "index_change": e.index_change, "rank_change": e.rank_change})
    return rows


def _plain(value):
    return format(value, "f") if isinstance(value, Decimal) else value


def rows_csv(rows: list[dict]) -> str:
    """The rows as the site's CSVs write them (`core.cells`: BOM, one number rule, true/false)."""
    return csv_text(COLUMNS, [[row[c] for c in COLUMNS] for row in rows])


def rows_json(rows: list[dict]) -> str:
    return json.dumps([{k: _plain(v) for k, v in row.items()} for row in rows], ensure_ascii=False, indent=2) + "\n"


def print_table(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for (year, group) in dict.fromkeys((r["year"], r["group"]) for r in rows):
        first = next(r for r in rows if (r["year"], r["group"]) == (year, group))
        table = Table(title=f"Chỉ số CCHC {year} — {first['group_name']}", title_justify="left")
        table.caption = "Hạng/rank · Chỉ số/index · Thẩm định/appraised · Điều tra/survey · Xếp loại/band"
        for col, justify in (("Hạng", "right"), ("Đơn vị", "left"), ("Chỉ số", "right"), ("Thẩm định", "right"),
                             ("Điều tra", "right"), ("Xếp loại", "left"), ("± CS", "right"), ("± Hạng", "right")):
            wide = col == "Đơn vị"
            table.add_column(col, justify=justify, no_wrap=not wide, ratio=1 if wide else None,
                             overflow="fold" if wide else "ellipsis")
        for r in (r for r in rows if (r["year"], r["group"]) == (year, group)):
            table.add_row("—" if r["rank"] is None else str(r["rank"]), r["name"], vn_number(r["index"]),
                          vn_number(r["appraised"], 2), vn_number(r["survey"], 2), r["band_name"],
                          "" if r["index_change"] is None else vn_number(r["index_change"], signed=True),
                          "" if r["rank_change"] is None else f"{r['rank_change']:+d}")
        console.print(table)
