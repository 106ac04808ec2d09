"""Generated pages: each function builds one page's context from the results and renders its
template. Chart specs are collected along the way and drawn afterwards in one batch."""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Callable, TypeVar

from jinja2 import Environment
from markupsafe import Markup

from generator.compute.calendar import milestones, reference_date
from generator.compute.history import change_pairs, change_plan, previous_years
from generator.compute.rank import name_key
from generator.compute.reconcile import CAUSE_WORDS as RECONCILE_CAUSES
from generator.compute.reconcile import WHAT as RECONCILE_WHAT
from generator.compute.setchanges import criteria_changes
from generator.compute.types import PublishedYear, Ranking, Reconciled, Reconciliation, Results, UnitYear
from generator.core import paths
from generator.core.buildinfo import BuildInfo
from generator.core.cells import csv_text
from generator.core.textfmt import vn_number
from generator.load import Dataset
from generator.load.boundaries import MAX_BYTES, MAX_FEATURES, MAX_POSITIONS, SOURCE_KEY, UNIT_PROPERTY, boundary_file
from generator.load.model import CriteriaSet, Unit
from generator.machinery import NO_MEMO, Forked, Memo, split, workers_for
from generator.render import site_paths as P
from generator.render.charts import ChartSpec
from generator.render.keys import provenance, ranking_digests, unit_keys
from generator.render.maps import MapSpec, MapUnit
from generator.render.opendata import ALL_YEARS_COLUMNS
from generator.render.packed import Packed, pack, unpack
from generator.render.ready import ReadyPage, ReadyPages, table_of_contents, unit_search_text
from generator.render.rows import criterion_anchor, criterion_rows
from generator.render.staging import Staging
from generator.render.templating import fold, html_path, relative, slugify
from generator.render.workbooks import workbook_bytes
from generator.render.words import DEADLINES, NOT_COMPARABLE, RULE_NAMES, STAGE, rule_words

T = TypeVar("T")


def vn_date(date: dt.date) -> str:
    """dd/mm/yyyy, as Vietnamese documents write dates."""
    return date.strftime("%d/%m/%Y")

# A ranking page's table of field indices (a row per unit, a cell per field) starts folded
# (<details>) above this many units: a closed <details> is not laid out, and at 2,800 communes
# that table was half of the page's 6 s to open in Chromium. The ranking table stays open.
FOLDED_FIELD_TABLE_ROWS = 200


@dataclass
class SiteWriter:
    """Renders pages into the staging docs folder and remembers what it wrote."""

    ds: Dataset
    res: Results
    info: BuildInfo
    env: Environment
    out: Staging
    ready: ReadyPages
    charts: list[ChartSpec | MapSpec] = field(default_factory=list)  # drawn in one batch (render_charts)
    written: list[str] = field(default_factory=list)
    memo: Memo = NO_MEMO                  # unit pages and criterion rows of earlier builds (serve)
    templates_key: str | None = None      # `memo.folder_key` of the templates, part of a page's key

    # ------------------------------------------------------------------ helpers
    def write(self, page: str, template: str, **ctx) -> None:
        """A Markdown page into the staging docs folder, for MkDocs."""
        self.out.write_text(page, self.render(page, template, **ctx))
        self.written.append(page)

    def render(self, page: str, template: str, **ctx) -> str:
        def link(target: str) -> str:
            """For HTML: the built page's URL, relative to this page."""
            return relative(html_path(target), page)

        def mdlink(target: str) -> str:
            """For Markdown links: the source path, which MkDocs checks and rewrites."""
            return relative(target, page)

        return self.env.get_template(template).render(
            page=page, link=link, mdlink=mdlink, info=self.info, province=self.ds.registry.province, P=P, fold=fold, **ctx)

    def chart(self, spec: ChartSpec) -> ChartSpec:
        self.charts.append(spec)
        return spec

    def memoized(self, kind: str, key: tuple | None, make: Callable[[], T]) -> T:
        """`make()` or its value from an earlier build (`self.memo`), with the charts it showed."""
        def made() -> tuple[T, list[ChartSpec]]:
            start = len(self.charts)
            value = make()
            drawn = self.charts[start:]
            del self.charts[start:]
            return value, drawn

        value, drawn = self.memo.get(kind, key, made)
        self.charts.extend(drawn)
        return value

    def group_name(self, gid: str) -> str:
        group = self.ds.groups.get(gid)
        return group.name if group else gid

    def group_name_en(self, gid: str) -> str:
        group = self.ds.groups.get(gid)
        return group.name_en if group else gid

    def cs(self, group: str, year: int) -> CriteriaSet:
        return self.ds.set_for(group, year)

    def bands(self, cs: CriteriaSet) -> dict[str, object]:
        return {b.id: b for b in cs.bands}

    def band(self, group: str, year: int, band_id: str | None):
        """The band object (name, English name, min) of `band_id` in that year (`Dataset.bands_for`)."""
        return next((b for b in self.ds.bands_for(year, group) if b.id == band_id), None) if band_id else None

    def band_position(self, group: str, year: int, band_id: str | None) -> int:
        """Where `band_id` stands among that year's bands, best first (its colour)."""
        return next((i for i, b in enumerate(self.ds.bands_for(year, group)) if b.id == band_id), 0)

    def ranking(self, year: int, group: str) -> Ranking | None:
        return next((r for r in self.res.rankings if r.year == year and r.group == group), None)

    def unit_name(self, uid: str, year: int | None = None) -> str:
        unit = self.ds.units.get(uid)
        if unit is None:
            return uid
        return unit.name_in(year) if year else unit.name

    # ------------------------------------------------------------------ ranking pages
    def ranking_rows(self, ranking: Ranking) -> list[dict]:
        cs = self.cs(ranking.group, ranking.year)
        bands = self.bands(cs)
        rows = []
        for e in ranking.entries:
            uy = self.res.unit_year(e.unit, ranking.year)
            unit = self.ds.units.get(e.unit)
            rows.append(dict(
                unit=e.unit, name=uy.name, rank=e.rank, index=uy.index, band=bands.get(uy.band),
                appraised=uy.appraised_points, appraised_max=uy.appraised_max, survey=uy.survey_points,
                survey_max=uy.survey_max, survey_present=uy.survey_present, index_change=e.index_change,
                rank_change=e.rank_change, gap=uy.gap, fields=uy.fields, field_ranks=dict(e.field_ranks),
                reason=unit.unranked_reason if unit else None, points=uy.points, max=uy.max, parts=uy.parts,
                announced=self._announced.get((ranking.year, ranking.group, e.unit))))
        return rows

    @cached_property
    def _reconciliation_of(self) -> dict[tuple[int, str], Reconciliation]:
        return {(r.year, r.group): r for r in self.res.reconciliations}

    @cached_property
    def _announced(self) -> dict[tuple[int, str, str], Reconciled]:
        """What a decision announced for a unit (with the recomputed figures beside), by year, group, unit."""
        return {(r.year, r.group, row.unit): row for r in self.res.reconciliations for row in r.rows
                if row.row is not None}

    def announced_note(self, year: int, group: str) -> dict | None:
        """What a page says above a table with announced figures: the decision, how many differ, where they are listed."""
        rec = self._reconciliation_of.get((year, group))
        if rec is None:
            return None
        return dict(decision=rec.decision, differing=len(rec.differing), agreeing=len(rec.rows) - len(rec.differing),
                    page=P.reconciliation_page(year), anchor=group)

    def reconciliation_pages(self) -> None:
        """A page per year whose decisions' announced results are recorded: per group, the decision,
        every unit with the announced figures beside the recomputed ones, each difference and its
        likely cause (`compute.reconcile`), with links to the round file and to each unit's page."""
        by_year: dict[int, list[Reconciliation]] = defaultdict(list)
        for rec in self.res.reconciliations:
            by_year[rec.year].append(rec)
        for year, recs in sorted(by_year.items()):
            groups = []
            for rec in recs:
                cs = self.cs(rec.group, rec.year)
                groups.append(dict(rec=rec, name=self.group_name(rec.group), bands=self.bands(cs), cs=cs,
                                   decision=self.decision(rec.year, rec.group),
                                   ranking_page=P.ranking_page(rec.year, rec.group)))
            rnd = self.ds.round_of[year]
            self.write(P.reconciliation_page(year), "reconciliation.md.j2", year=year, groups=groups,
                       what_words=RECONCILE_WHAT, causes=RECONCILE_CAUSES,
                       source_url=self.info.source_url(rnd.path), source_copy=P.source_copy(rnd.path))

    def ranking_page(self, ranking: Ranking) -> None:
        yg = (ranking.year, ranking.group)
        members = self.ds.year_group_keys.get(yg)
        key = members and self.templates_key and (
            self.templates_key, provenance(self.ds, self.info), self._ranking_digests.get(yg),
            self._ranking_digests.get((ranking.year - 1, ranking.group)), members, ranking.group in self._maps)
        text = self.memoized("ranking_page", key, lambda: self._ranking_page(ranking))
        self.out.write_text(P.ranking_page(ranking.year, ranking.group), text)
        self.written.append(P.ranking_page(ranking.year, ranking.group))

    def _ranking_page(self, ranking: Ranking) -> str:
        """A group's ranking page of one year (Markdown)."""
        cs = self.cs(ranking.group, ranking.year)
        rows = self.ranking_rows(ranking)
        ranked = [r for r in rows if r["rank"] is not None]
        unranked = [r for r in rows if r["rank"] is None]
        page = P.ranking_page(ranking.year, ranking.group)
        gname = self.group_name(ranking.group)
        stats = ranking.stats
        chart_rank = self.chart(ChartSpec(
            "ranking", f"xep-hang-{ranking.year}-{ranking.group}.svg",
            f"Chỉ số CCHC {ranking.year} — {gname}",
            f"Biểu đồ thanh: Chỉ số CCHC năm {ranking.year} của {len(rows)} đơn vị nhóm {gname}, cao nhất "
            f"{vn_number(stats.highest)}, thấp nhất {vn_number(stats.lowest)}, trung bình {vn_number(stats.average)}. "
            f"Số liệu đầy đủ ở bảng xếp hạng bên dưới.",
            tuple((r["name"], format(r["index"], "f"), "1" if r["rank"] else "0") for r in ranked + unranked),
            (("average", format(stats.average, "f")),) if stats.average is not None else ()))
        chart_dist = self.chart(ChartSpec(
            "distribution", f"phan-bo-{ranking.year}-{ranking.group}.svg",
            f"Phân bố chỉ số {ranking.year} — {gname}",
            f"Biểu đồ cột: số đơn vị theo khoảng chỉ số năm {ranking.year}, nhóm {gname}, với các ngưỡng xếp loại.",
            tuple((r["name"], format(r["index"], "f")) for r in ranked),
            tuple((b.name, format(b.min, "f")) for b in cs.bands if b.min > 0)))
        field_avg = dict(stats.field_averages)
        return self.render(page, "ranking.md.j2", ranking=ranking, cs=cs, rows=rows, ranked=ranked, unranked=unranked,
                           group_name=gname, group_name_en=self.group_name_en(ranking.group), stats=stats,
                           field_avg=field_avg, bands=cs.bands, band_counts=dict(stats.band_counts),
                           not_evaluated=[(u, self.unit_name(u, ranking.year)) for u in ranking.not_evaluated],
                           chart_rank=chart_rank, chart_dist=chart_dist, fold_rows=FOLDED_FIELD_TABLE_ROWS,
                           previous=self.ranking(ranking.year - 1, ranking.group),
                           decision=self.decision(ranking.year, ranking.group),
                           announced=self.announced_note(ranking.year, ranking.group),
                           csv=P.ranking_csv(ranking.year, ranking.group),
                           json=P.ranking_json(ranking.year, ranking.group),
                           map_page=P.map_page(ranking.group) if ranking.group in self._maps else None)

    def decision(self, year: int, group: str) -> dict | None:
        """The results decision of a group's year, as pages cite it (None where none is recorded)."""
        found = self.ds.round_group(year, group)
        if found is None or found.decision is None:
            return None
        d = found.decision
        return dict(d=d, date=vn_date(d.date), page=P.decision_page(year, group),
                    report=found.council_report, report_date=vn_date(found.council_report.date)
                    if found.council_report else None)

    def decision_pages(self) -> None:
        """A page per recorded results decision: what it is, the council's report, and its annex
        (the ranking as the data computes it), citing the round file it comes from."""
        for ranking in self.res.rankings:
            decision = self.decision(ranking.year, ranking.group)
            if decision is None:
                continue
            rows = self.ranking_rows(ranking)
            rnd = self.ds.round_of[ranking.year]
            self.write(decision["page"], "decision.md.j2", decision=decision, ranking=ranking,
                       group_name=self.group_name(ranking.group), cs=self.cs(ranking.group, ranking.year),
                       ranked=[r for r in rows if r["rank"] is not None], unranked=[r for r in rows if r["rank"] is None],
                       source_url=self.info.source_url(rnd.path), source_copy=P.source_copy(rnd.path),
                       csv=P.ranking_csv(ranking.year, ranking.group),
                       announced=self.announced_note(ranking.year, ranking.group))

    def rankings_index(self) -> None:
        by_year = defaultdict(list)
        for r in self.res.rankings:
            by_year[r.year].append((r, self.group_name(r.group)))
        self.write(P.RANKINGS, "rankings_index.md.j2",
                   years=sorted(by_year.items(), key=lambda kv: -kv[0]), open_years=self.res.open_years,
                   published=[(year, [(py, self.group_name(py.group)) for py in self.res.published if py.year == year])
                              for year in sorted({py.year for py in self.res.published}, reverse=True)],
                   all_years=[(g, self.group_name(g)) for g in sorted({r.group for r in self.res.rankings})],
                   decision=self.decision, announced=self.announced_note)

    def all_years_pages(self) -> None:
        """Per group, every unit across every final year (index and rank), with its CSV: work per
        group and year, a row per unit."""
        finals = {(uy.year, uy.group, uy.unit): uy for uy in self.res.unit_years if uy.final}
        by_group: dict[str, list[Ranking]] = defaultdict(list)
        for r in self.res.rankings:
            by_group[r.group].append(r)
        for group, rankings in sorted(by_group.items()):
            years = sorted(r.year for r in rankings)
            cells: dict[str, dict[int, tuple]] = defaultdict(dict)
            for r in rankings:
                for e in r.entries:
                    uy = finals.get((r.year, group, e.unit))
                    if uy is not None:
                        cells[e.unit][r.year] = (uy.index, e.rank, uy.band, uy.name)
            rows = sorted(({"unit": uid, "name": self.unit_name(uid),
                            "cells": [by_year.get(y) for y in years]} for uid, by_year in cells.items()),
                          key=lambda row: name_key(row["name"]))
            csv_path, xlsx_path = P.all_years_csv(group), P.all_years_xlsx(group)
            records = [(y, group, row["unit"], c[3], c[0], c[1], c[2])
                       for row in rows for y, c in zip(years, row["cells"]) if c is not None]
            data = csv_text([c[0] for c in ALL_YEARS_COLUMNS], records)
            self.out.write_text(csv_path, data)
            title = f"Mọi đơn vị qua các năm — {self.group_name(group)}"
            province = self.ds.registry.province
            key = None if self.memo is NO_MEMO else (xlsx_path, title, data, self.info, province.name, province.demo)
            self.out.write_bytes(xlsx_path, self.memo.get("workbook", key, lambda: workbook_bytes(
                title, ALL_YEARS_COLUMNS, records, self.info, province=province.name, demo=province.demo,
                csv_path=csv_path)))
            self.write(P.all_years_page(group), "all_years.md.j2", group_name=self.group_name(group),
                       group_name_en=self.group_name_en(group), years=years, rows=rows, csv=csv_path,
                       xlsx=xlsx_path)

    def compare_page(self) -> None:
        """Two to four units side by side (parportal-compare.js): the form, one list of every unit
        for its inputs, and what the script needs beside the units' JSON (`P.unit_json`): group
        names, each criteria set's group and bands, the number of ranked units of each group and
        year. Work per group, set and year, and one list entry per unit."""
        order = list(self.ds.groups)
        units = sorted(self.ds.units.values(), key=lambda u: (order.index(u.group) if u.group in order else len(order),
                                                               name_key(u.name), u.id))
        options = [(u.id, u.name) for u in units]  # names are unique (validate: registry.names)
        meta = {
            "groups": {g.id: [g.name, g.name_en] for g in self.ds.groups.values()},
            "sets": {cs.id: {"group": cs.group, "bands": {b.id: [b.name, b.name_en, i] for i, b in enumerate(cs.bands)}}
                     for cs in self.ds.criteria_sets},
            "ranked": {str(r.year): {} for r in self.res.rankings},
        }
        for r in self.res.rankings:
            meta["ranked"][str(r.year)][r.group] = r.stats.count
        groups = sorted({r.group for r in self.res.rankings}, key=lambda g: (order.index(g) if g in order else len(order), g))
        self.write(P.COMPARE, "compare.md.j2", options=options, years=sorted(meta["ranked"], reverse=True),
                   meta=json.dumps(meta, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                   all_years=[(g, self.group_name(g)) for g in groups])

    # ------------------------------------------------------------------ maps
    @cached_property
    def _maps(self) -> dict:
        """The valid boundary files by group (`Dataset.maps`)."""
        return {m.group: m for m in self.ds.maps}

    def map_pages(self) -> None:
        """The maps' index (every group: its maps, or how to add a boundary file) and, per group
        with a boundary file, a page with one map per final year, newest first, each beside its
        table: work per group and year, a row per unit."""
        by_group: dict[str, list[Ranking]] = defaultdict(list)
        for r in self.res.rankings:
            by_group[r.group].append(r)
        groups = []
        for gid in self.ds.groups:  # the registry's order
            geometry = self._maps.get(gid)
            years = sorted((r for r in by_group.get(gid, ())), key=lambda r: -r.year)
            groups.append(dict(id=gid, name=self.group_name(gid), name_en=self.group_name_en(gid),
                               mapped=geometry is not None, years=[r.year for r in years]))
            if geometry is not None:
                self.write(P.map_page(gid), "map_group.md.j2", group=gid, group_name=self.group_name(gid),
                           group_name_en=self.group_name_en(gid), source=geometry.source,
                           boundary=P.boundary_copy(gid), years=[self.map_year(r, geometry) for r in years])
        self.write(P.MAPS, "maps_index.md.j2", groups=groups, folder=paths.BOUNDARIES_DIR,
                   example=boundary_file("huyen"), prop=UNIT_PROPERTY, source_key=SOURCE_KEY,
                   limits=(MAX_BYTES // (1024 * 1024), MAX_FEATURES, MAX_POSITIONS))

    def map_year(self, ranking: Ranking, geometry) -> dict:
        """One year of a group's map page: the map's spec (drawn with the charts) and the rows of
        its table: ranked units by rank, then unranked ones, then units on the map not evaluated."""
        cs = self.cs(ranking.group, ranking.year)
        positions = {b.id: i for i, b in enumerate(cs.bands)}
        on_map = geometry.units
        rows, units = [], []
        for e in ranking.entries:
            uy = self.res.unit_year(e.unit, ranking.year)
            band = self.bands(cs).get(uy.band)
            rows.append(dict(unit=e.unit, name=uy.name, rank=e.rank, index=uy.index, band=band,
                             on_map=e.unit in on_map))
            units.append(MapUnit(e.unit, uy.name, format(uy.index, "f"), vn_number(uy.index), e.rank,
                                 positions.get(uy.band, -1), band.name if band else "",
                                 "ranked" if e.rank else "unranked"))
        evaluated = {u.unit for u in units}
        for uid in sorted(on_map - evaluated, key=lambda u: name_key(self.unit_name(u, ranking.year))):
            name = self.unit_name(uid, ranking.year)
            rows.append(dict(unit=uid, name=name, rank=None, index=None, band=None, on_map=True))
            units.append(MapUnit(uid, name))
        gname = self.group_name(ranking.group)
        thresholds = []
        for i, b in enumerate(cs.bands):  # "≥ 85", and the last band (from 0) as "< 50"
            thresholds.append(f"≥ {vn_number(b.min)}" if b.min > 0 or i == 0 else f"< {vn_number(cs.bands[i - 1].min)}")
        ranked = [r for r in rows if r["rank"]]
        best = [r for r in ranked if r["rank"] == ranked[0]["rank"]] if ranked else []
        worst = [r for r in ranked if r["rank"] == ranked[-1]["rank"]] if ranked else []
        spec = MapSpec(P.map_chart_name(ranking.group, ranking.year),
                       f"Chỉ số CCHC {ranking.year} theo xếp loại — {gname}",
                       map_alt(ranking.year, gname, cs.bands, units, best, worst),
                       tuple(units), tuple((b.name, t) for b, t in zip(cs.bands, thresholds)), geometry)
        self.charts.append(spec)
        return dict(year=ranking.year, spec=spec, rows=rows, bands=cs.bands, best=best, worst=worst,
                    off_map=[r for r in rows if not r["on_map"]])

    # ------------------------------------------------------------------ unit pages
    # Indexed once per build: unit pages are many, and scanning every result for each is quadratic.
    @cached_property
    def _years_of(self) -> dict[str, list[UnitYear]]:
        years: dict[str, list[UnitYear]] = defaultdict(list)
        for uy in self.res.unit_years:
            years[uy.unit].append(uy)
        return years

    @cached_property
    def _history_of(self) -> dict:
        return {h.unit: h for h in self.res.histories}

    @cached_property
    def _entry_of(self) -> dict:
        return {(r.year, r.group, e.unit): e for r in self.res.rankings for e in r.entries}

    @cached_property
    def _criteria_by_set(self) -> dict[tuple[str, int], dict]:
        """Each criteria set's criteria by id, built once per build."""
        return {(cs.group, cs.year): {c.id: c for c, _ in cs.walk()} for cs in self.ds.criteria_sets}

    @cached_property
    def _merged_into(self) -> dict[str, list[tuple[str, str]]]:
        """Per unit: the units it was merged into (id, name), indexed once, not searched per unit."""
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for u in sorted(self.ds.units.values(), key=lambda u: u.id):
            for old in u.merged_from:
                found[old].append((u.id, u.name))
        return found

    @cached_property
    def _split_into(self) -> dict[str, list[tuple[str, str, int]]]:
        """Per unit: the units split from it (id, name, first year)."""
        found: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for u in sorted(self.ds.units.values(), key=lambda u: u.id):
            for old in u.split_from:
                found[old].append((u.id, u.name, u.first_year))
        return found

    @cached_property
    def _previous_of(self) -> dict[str, UnitYear]:
        """Per score file: last year's final result its criteria are compared with (`previous_years`)."""
        return previous_years(self.ds, self.res.unit_years)

    def previous_key(self, uy: UnitYear) -> tuple:
        """What a unit-year's comparison with last year adds to its memo keys: that year's files."""
        prev = self._previous_of.get(uy.source)
        return (prev.source, self.ds.unit_year_keys.get(prev.source)) if prev else ()

    def changes_of(self, uy: UnitYear) -> list[tuple] | None:
        """Each criterion of `uy` against last year, as (last year's points, why not compared)
        pairs (`compute.history.change_pairs`); None without a last year."""
        prev = self._previous_of.get(uy.source)
        if prev is None:
            return None
        return change_pairs(change_plan(self.cs(uy.group, uy.year), self.cs(prev.group, prev.year)), uy, prev)

    @cached_property
    def _progress_of(self) -> dict:
        return {(p.unit, p.year): p for p in self.res.progress}

    @cached_property
    def _ranking_digests(self) -> dict[tuple[int, str], str]:
        return ranking_digests(self.res) if self.memo is not NO_MEMO else {}

    @cached_property
    def _unit_keys(self) -> dict[str, tuple | None]:
        return unit_keys(self.ds, self.info, self._ranking_digests) if self.memo is not NO_MEMO else {}

    @cached_property
    def _own_keys(self) -> dict[str, tuple | None]:
        """`unit_keys` without rankings: the unit's own files only."""
        return unit_keys(self.ds, self.info, {}) if self.memo is not NO_MEMO else {}

    def unit_page_key(self, unit: Unit) -> tuple | None:
        key = self._unit_keys.get(unit.id)
        return key and self.templates_key and (self.templates_key, key)

    def unit_year_key(self, unit: Unit, uy: UnitYear, charts: bool, first: bool) -> tuple | None:
        key = self.ds.unit_year_keys.get(uy.source)
        return key and self.templates_key and (self.templates_key, provenance(self.ds, self.info), unit.id, key,
                                               self.previous_key(uy), self._ranking_digests.get((uy.year, uy.group)),
                                               charts, first)

    def unit_page(self, unit: Unit) -> None:
        page, fragment = self.memoized("unit_page", self.unit_page_key(unit), lambda: self._unit_page(unit))
        self.ready.add(page, fragment)

    def _unit_page(self, unit: Unit) -> tuple[ReadyPage, tuple[bytes | Packed, ...]]:
        """A unit's page: its manifest entry and HTML fragment, the head (`_unit_head`) then each
        year (`unit_year_block`), in UTF-8 (kept in the memo: Python's strings of Vietnamese text
        take two bytes a character). The head and each year are kept apart: a point moved in the
        group changes the years' averages and ranks, but a head only with the unit's own history.
        The fragment is those parts, joined only as it is written: the memo keeps each part once."""
        years = sorted(self._years_of.get(unit.id, ()), key=lambda u: -u.year)
        finals = [uy for uy in years if uy.final]
        # final first: the latest final year leads, the years still being assessed follow it (folded,
        # marked provisional), then the earlier final years; charts for the newest of each kind
        shown = finals[:1] + [uy for uy in years if not uy.final] + finals[1:]
        charted = {id(years[0]), id(finals[0])} if finals else {id(years[0])} if years else set()
        sections = [self.unit_year_block(unit, uy, charts=id(uy) in charted, first=(i == 0))
                    for i, uy in enumerate(shown)]
        page, head, toc = self.memoized("unit_head", self.unit_head_key(unit), lambda: self._unit_head(unit, years))
        for _, section_toc in sections:
            toc = toc + section_toc
        return replace(page, toc=list(toc)), (head, *(html for html, _ in sections))

    def unit_head_key(self, unit: Unit) -> tuple | None:
        """The unit's own files and history (index, rank, band and change of each year) and the size
        of the groups it was ranked in: what a page's head shows."""
        key = self._own_keys.get(unit.id)
        history = self._history_of.get(unit.id)
        entries = history.entries if history else ()
        return key and self.templates_key and (self.templates_key, key, repr(entries), self._group_sizes(entries))

    def _group_sizes(self, entries) -> tuple[int, ...]:
        """How many units were ranked in each year of `entries` (computed or as published)."""
        return tuple(size for e in entries for size in (self._ranked_count(e.year, e.group),) if size)

    def _ranked_count(self, year: int, group: str) -> int | None:
        ranking = self.ranking(year, group)
        if ranking is not None:
            return ranking.stats.count
        published = self._published_of.get((year, group))
        return sum(1 for e in published.entries if e.rank is not None) if published else None

    @cached_property
    def _published_of(self) -> dict[tuple[int, str], PublishedYear]:
        return {(p.year, p.group): p for p in self.res.published}

    def published_pages(self) -> None:
        """A ranking page per year known only from its decision: the annex as printed (figures with
        their own decimals), marked as published everywhere, with the ranking chart and the downloads."""
        for py in self.res.published:
            gname = self.group_name(py.group)
            ranked = [e for e in py.entries if e.rank is not None]
            chart = self.chart(ChartSpec(
                "ranking", f"xep-hang-{py.year}-{py.group}.svg", f"Chỉ số CCHC {py.year} — {gname} (như công bố)",
                f"Biểu đồ thanh: Chỉ số CCHC năm {py.year} của {len(py.entries)} đơn vị nhóm {gname}, như Quyết định "
                f"{py.decision or ''} công bố. Số liệu đầy đủ ở bảng bên dưới.",
                tuple((e.name, format(e.index, "f"), "1" if e.rank is not None else "0") for e in py.entries)))
            self.write(P.ranking_page(py.year, py.group), "published_ranking.md.j2", py=py, group_name=gname,
                       ranked=ranked, unranked=[e for e in py.entries if e.rank is None], chart=chart,
                       band_of=lambda e, py=py: self.band(py.group, py.year, e.band),
                       band_pos=lambda e, py=py: self.band_position(py.group, py.year, e.band),
                       decision=self.decision(py.year, py.group), csv=P.published_csv(py.year, py.group),
                       xlsx=P.published_xlsx(py.year, py.group), json=P.published_json(py.year, py.group),
                       source_url=self.info.source_url(py.source), source_copy=P.source_copy(py.source))

    def _unit_head(self, unit: Unit, years: list[UnitYear]) -> tuple[ReadyPage, bytes, tuple]:
        """A unit page's head (unit.html.j2): names, results over the years, the trend chart."""
        history = self._history_of.get(unit.id)
        entries = list(history.entries) if history else []
        trend = None
        if entries:
            group_sizes = self._group_sizes(entries)
            marked = any(e.as_published for e in entries)  # years known only as published: "2021*"
            trend = self.chart(ChartSpec(
                "trend", f"don-vi/{unit.id}-xu-huong.svg", f"Chỉ số và thứ hạng qua các năm — {unit.name}"
                + (" (* như công bố)" if marked else ""),
                "Biểu đồ đường: chỉ số CCHC " + ", ".join(f"năm {e.year}{' (như công bố)' if e.as_published else ''}: "
                                                         f"{vn_number(e.index)}" + (f" (hạng {e.rank})" if e.rank else "")
                                                         for e in entries) + ".",
                tuple((str(e.year) + ("*" if e.as_published else ""), format(e.index, "f"), str(e.rank or ""))
                      for e in entries),
                (("units", str(max(group_sizes or [1]))),)))
        merged = [(uid, self.unit_name(uid)) for uid in unit.merged_from]
        successors = self._merged_into.get(unit.id, [])
        split_from = [(uid, self.unit_name(uid), self.unit_name(uid, unit.first_year - 1)) for uid in unit.split_from]
        split_into = self._split_into.get(unit.id, [])
        page = P.unit_page(unit.id)
        h1 = slugify(unit.name) or "don-vi"
        if h1 == "qua-cac-nam" or h1.startswith("nam-"):  # never the id of a section below
            h1 += "_1"
        head = self.render(page, "unit.html.j2", unit=unit, h1_id=h1, group_name=self.group_name(unit.group),
                           group_name_en=self.group_name_en(unit.group), entries=list(reversed(entries)),
                           trend=trend, band_of=lambda e: self.band(e.group, e.year, e.band),
                           band_pos=lambda e: self.band_position(e.group, e.year, e.band),
                           merged=merged, successors=successors, split_from=split_from, split_into=split_into, json=P.unit_json(unit.id), csv=P.unit_csv(unit.id),
                           report_url=self.report_url(unit, years))
        former = [f.name for f in unit.former_names]
        return (ReadyPage(
            page=page, title=unit.name, description=f"Chỉ số cải cách hành chính của {unit.name}", h1=h1, toc=[],
            search=unit_search_text(self.group_name(unit.group), unit.name, unit.name_en, former,
                                    [(e.year, e.index, e.rank) for e in reversed(entries)])),
                head.encode("utf-8"), tuple(table_of_contents(head)))

    def report_url(self, unit: Unit, years: list[UnitYear]) -> str | None:
        """The issue form for an incorrect figure, pre-filled with the unit and its newest final year."""
        base = self.ds.registry.province.issues_url
        if not base:
            return None
        from urllib.parse import urlencode
        sep = "&" if "?" in base else "?"
        final = [uy.year for uy in years if uy.final]
        fields = {"title": f"[Số liệu sai] {unit.name}", "labels": "so-lieu-sai",
                  "don-vi": f"{unit.name} ({unit.id})"}  # issue-form fields by id (.github/ISSUE_TEMPLATE)
        if final:
            fields["nam"] = str(max(final))
        return base + sep + urlencode(fields)

    def unit_year_block(self, unit: Unit, uy: UnitYear, charts: bool, first: bool) -> tuple[bytes | Packed, tuple]:
        """One year of a unit's page, rendered (unit_year.html.j2) as UTF-8 (`Packed` when the memo
        keeps it), with its headings."""
        def make() -> tuple[bytes | Packed, tuple]:
            section = self.unit_year_section(unit, uy, charts, first)
            rows, section["rows"] = section["rows"], ROWS_MARK
            html = self.render(P.unit_page(unit.id), "unit_year.html.j2", s=section, first=first)
            # the rows, already UTF-8, go in as bytes: never decoded, searched for headings or encoded again
            before, after = html.split(ROWS_MARK)
            return (pack(before.encode("utf-8") + rows + after.encode("utf-8"), self.memo is not NO_MEMO),
                    tuple(table_of_contents(before + after)))

        return self.memoized("unit_year", self.unit_year_key(unit, uy, charts, first), make)

    def unit_year_section(self, unit: Unit, uy: UnitYear, charts: bool, first: bool = False) -> dict:
        """One year of a unit's page. Charts only for the newest year (and the newest final one):
        earlier years keep their tables, which hold the same numbers. The criterion rows are UTF-8
        bytes (`rows`), put in place of `ROWS_MARK`. Each criterion shows last
        year's points and the change; the year that leads the page (`first`, final) also says which
        criteria moved most (`moved_most`)."""
        cs = self.cs(uy.group, uy.year)
        ranking = self.ranking(uy.year, uy.group)
        entry = self._entry_of.get((uy.year, uy.group, uy.unit))
        changes = self.changes_of(uy)
        own_key = self.ds.unit_year_keys.get(uy.source)
        rows = unpack(self.memo.get("criterion_rows", own_key and (own_key, self.previous_key(uy)), lambda: pack(
            criterion_rows(uy.criteria, self._criteria_by_set[(cs.group, cs.year)], self.ds.agency_name,
                          uy.year, changes).encode("utf-8"),
            self.memo is not NO_MEMO)))
        previous = self._previous_of.get(uy.source)
        moved = moved_most(uy, changes, ranking) if first and uy.final else None
        drawn = []
        avg = dict(ranking.stats.field_averages) if ranking else {}
        if charts and uy.final and cs.declares_parts:  # the parts the set declares, sub-parts under their part
            shown = [p for p in uy.parts if p.applicable]
            drawn.append(self.chart(ChartSpec(
                "parts", f"don-vi/{unit.id}-{uy.year}-cac-phan.svg", f"Các phần của chỉ số {uy.year}",
                "Biểu đồ thanh: điểm từng phần của chỉ số năm " + str(uy.year) + " so với điểm tối đa: "
                + "; ".join(f"{p.name}: {vn_number(p.points)} / {vn_number(p.max)}" for p in shown) + ".",
                tuple(("— " * p.depth + p.name, format(p.points, "f"), format(p.max, "f")) for p in shown))))
        if charts and uy.final:
            drawn.append(self.chart(ChartSpec(
                "fields", f"don-vi/{unit.id}-{uy.year}-linh-vuc.svg",
                f"Chỉ số thành phần {uy.year} so với trung bình nhóm",
                "Biểu đồ thanh: chỉ số từng lĩnh vực của đơn vị so với trung bình nhóm năm " + str(uy.year) + ": "
                + "; ".join(f"{f.name}: {vn_number(f.index)} (trung bình {vn_number(avg.get(f.id))})" for f in uy.fields) + ".",
                tuple((f.name, format(f.index, "f") if f.index is not None else "",
                       format(avg[f.id], "f") if avg.get(f.id) is not None else "") for f in uy.fields))))
        if charts and uy.stage == "self":  # nothing appraised yet: self-assessed so far against the maxima
            open_fields = [f for f in uy.fields if f.max > 0]  # the survey has not run yet
            drawn.append(self.chart(ChartSpec(
                "self_max", f"don-vi/{unit.id}-{uy.year}-tu-cham.svg",
                f"Điểm tự đánh giá đến nay {uy.year} so với điểm tối đa",
                "Biểu đồ thanh: điểm tự đánh giá đến nay so với điểm tối đa theo lĩnh vực năm " + str(uy.year) + ": "
                + "; ".join(f"{f.name}: {vn_number(f.self_points)} / {vn_number(f.max)}" for f in open_fields) + ".",
                tuple((f.name, format(f.self_points, "f"), format(f.max, "f")) for f in open_fields))))
        elif charts:
            drawn.append(self.chart(ChartSpec(
                "self_appraised", f"don-vi/{unit.id}-{uy.year}-tu-cham-tham-dinh.svg",
                f"Điểm tự đánh giá và điểm thẩm định {uy.year}",
                "Biểu đồ thanh: điểm tự đánh giá và điểm thẩm định theo lĩnh vực năm " + str(uy.year) + ": "
                + "; ".join(f"{f.name}: {vn_number(f.self_points)} / {vn_number(f.points)}" for f in uy.fields) + ".",
                tuple((f.name, format(f.self_points, "f"), format(f.points, "f")) for f in uy.fields))))
        progress = self._progress_of.get((uy.unit, uy.year))
        announced = self._announced.get((uy.year, uy.group, uy.unit)) if uy.final else None
        return dict(uy=uy, cs=cs, entry=entry, ranking=ranking, band=self.bands(cs).get(uy.band), rows=rows,
                    previous=previous, moved=moved, decision=self.decision(uy.year, uy.group) if uy.final else None,
                    announced=announced, announced_band=self.band(uy.group, uy.year, announced.announced_band)
                    if announced else None,
                    leaves=sum(1 for c in uy.criteria if c.is_leaf),
                    charts=drawn, field_avg=avg, stage=STAGE[uy.stage], progress=progress,
                    source_url=self.info.source_url(uy.source), source_copy=P.source_copy(uy.source))

    def units_index(self) -> None:
        units = sorted(self.ds.units.values(), key=lambda u: (u.group, name_key(u.name)))
        latest = {}
        for uy in self.res.unit_years:
            if uy.final and (uy.unit not in latest or uy.year > latest[uy.unit].year):
                latest[uy.unit] = uy
        groups = []
        for gid, group in self.ds.groups.items():
            members = [(u, latest.get(u.id)) for u in units if u.group == gid]
            groups.append((group, members))
        self.write(P.UNITS, "units_index.md.j2", groups=groups)

    # ------------------------------------------------------------------ criteria sets
    def criteria_pages(self) -> None:
        for cs in self.ds.criteria_sets:
            years = tuple(y for y in sorted({uy.year for uy in self.res.unit_years if uy.group == cs.group})
                          if self.ds.set_for(cs.group, y) is cs)
            previous = self.ds.previous_set(cs)
            files = self.ds.key_of(cs.path, *([previous.path] if previous else []))
            key = files and self.templates_key and (self.templates_key, provenance(self.ds, self.info), files, years)
            page = P.criteria_page(cs.group, cs.year)
            self.out.write_text(page, self.memoized("criteria_page", key, lambda: self._criteria_page(cs, previous, years)))
            self.written.append(page)
            if previous:
                page = P.changes_page(cs.group, cs.year)
                self.out.write_text(page, self.memoized("changes_page", key, lambda: self.render(
                    page, "criteria_changes.md.j2", cs=cs, previous=previous, group_name=self.group_name(cs.group),
                    **criteria_changes(previous, cs))))
                self.written.append(page)
        sets = defaultdict(list)
        for cs in self.ds.criteria_sets:
            sets[cs.group].append((cs, self.ds.previous_set(cs)))
        self.write(P.CRITERIA, "criteria_index.md.j2",
                   groups=[(self.group_name(g), items) for g, items in sets.items()])

    def _criteria_page(self, cs: CriteriaSet, previous: CriteriaSet | None, years: tuple[int, ...]) -> str:
        """A criteria set's page (Markdown): every criterion, its maximum, rule and agency."""
        rows = []
        for crit, depth in cs.walk():
            rows.append(dict(c=crit, depth=depth, anchor=criterion_anchor(crit.id), words=rule_words(crit, cs) if crit.rule else None,
                             rule=RULE_NAMES.get(crit.rule.type if crit.rule else "", ("", "")),
                             agency=self.ds.agency_name(crit.appraised_by) if crit.appraised_by else None))
        return self.render(P.criteria_page(cs.group, cs.year), "criteria_set.md.j2", cs=cs, rows=rows,
                           years=list(years), group_name=self.group_name(cs.group), previous=previous, anchor=criterion_anchor,
                           default_agency=self.ds.agency_name(cs.appraised_by), source_url=self.info.source_url(cs.path),
                           source_copy=P.source_copy(cs.path), json=P.criteria_json(cs.group, cs.year))

    # ------------------------------------------------------------------ progress, home, methodology
    def calendar(self, year: int, group: str) -> dict | None:
        """A group's deadlines of `year` against the round's `as_of` or the build's date
        (`compute.calendar`), for the home and progress pages; None without a round."""
        today = dt.datetime.fromtimestamp(self.info.epoch, dt.timezone.utc).date()
        items = milestones(self.ds, year, group, today)
        if not items:
            return None
        ref = reference_date(self.ds, year, today)
        rows = [dict(m=m, name=DEADLINES[m.kind], date=vn_date(m.date),
                     late=[(uid, self.unit_name(uid, year)) for uid in m.late],
                     overdue=[(uid, self.unit_name(uid, year)) for uid in m.overdue]) for m in items]
        ahead = [r for r in rows if not r["m"].passed]
        return dict(ref=vn_date(ref), declared=ref != today, rows=rows, next=ahead[0] if ahead else None,
                    overdue=[r for r in rows if r["m"].passed and (r["overdue"] or (r["m"].kind == "publication"
                                                                                    and not r["m"].done))])

    def progress_pages(self) -> None:
        for year in self.res.open_years:
            items = [p for p in self.res.progress if p.year == year]
            groups = []
            for gid in sorted({p.group for p in items}):
                members = sorted((p for p in items if p.group == gid), key=lambda p: name_key(self.unit_name(p.unit, year)))
                totals = dict(criteria=sum(p.criteria for p in members), done=sum(p.done for p in members),
                              in_progress=sum(p.in_progress for p in members), not_due=sum(p.not_due for p in members),
                              failed=sum(p.failed for p in members))
                groups.append((gid, self.group_name(gid), [(p, self.unit_name(p.unit, year)) for p in members], totals,
                               self.calendar(year, gid)))
            self.write(P.progress_page(year), "progress.md.j2", year=year, groups=groups)

    def home(self, announcements: list[dict]) -> None:
        latest = max(self.res.final_years) if self.res.final_years else None
        cards = []
        movers = []
        for r in self.res.rankings:
            if r.year != latest:
                continue
            rows = self.ranking_rows(r)
            ranked = [x for x in rows if x["rank"] is not None]
            cs = self.cs(r.group, r.year)
            cards.append(dict(ranking=r, name=self.group_name(r.group), best=ranked[0] if ranked else None,
                              worst=ranked[-1] if ranked else None, bands=cs.bands, band_counts=dict(r.stats.band_counts),
                              page=P.ranking_page(r.year, r.group), unranked=len(rows) - len(ranked)))
            movers += [dict(row, group=r.group, year=r.year) for row in ranked if row["index_change"] is not None]
        order = list(self.ds.groups)  # groups in the registry's order, not by id
        cards.sort(key=lambda c: order.index(c["ranking"].group) if c["ranking"].group in order else len(order))
        movers.sort(key=lambda m: (-abs(m["index_change"]), name_key(m["name"])))
        progress = []
        for year in self.res.open_years:
            items = [p for p in self.res.progress if p.year == year]
            progress.append(dict(year=year, units=len(items), criteria=sum(p.criteria for p in items),
                                 done=sum(p.done for p in items), in_progress=sum(p.in_progress for p in items),
                                 not_due=sum(p.not_due for p in items), failed=sum(p.failed for p in items),
                                 calendars=[(gid, self.group_name(gid), cal) for gid in self.ds.groups
                                            for cal in [self.calendar(year, gid)] if cal]))
        self.write(P.HOME, "home.md.j2", latest=latest, cards=cards, movers=movers[:6], progress=progress,
                   announcements=announcements[:3], units=len(self.ds.units), sets=len(self.ds.criteria_sets))

    def methodology(self) -> None:
        self.write(P.METHODOLOGY, "methodology.md.j2", sets=list(self.ds.criteria_sets),
                   group_name=self.group_name, unranked=[u for u in self.ds.units.values() if not u.ranked])


MOVED_MOST = 3  # criteria listed for each direction in "why it moved"
# Where a unit-year's criterion rows go in its rendered block: the template prints it once, and the
# rows' UTF-8 bytes replace it (`unit_year_block`). No text of the site holds a NUL character.
ROWS_MARK = Markup("\x00criterion-rows\x00")


@dataclass(frozen=True)
class Moved:
    """One criterion in "why it moved": its points against last year's or the group average."""
    id: str
    name: str
    anchor: str
    points: Decimal
    other: Decimal         # last year's points, or the group average
    delta: Decimal


def moved_most(uy: UnitYear, changes: list[tuple] | None, ranking: Ranking | None) -> dict:
    """The leaf criteria of a final unit-year that gained and lost most points against last year
    (comparable ones only, through `replaces`: `changes` pairs of `compute.history.change_pairs`)
    and that lie furthest above and below the group's average (`GroupStats.criterion_averages`);
    ties keep the criteria set's order. Also how many criteria could not be compared, by reason."""
    # (difference, criterion, what it is compared with) for every candidate; a `Moved` is made only
    # for the few shown: a page has some 120 leaves and thousands of pages are made
    gains: list[tuple] = []
    not_comparable: dict[str, int] = defaultdict(int)
    if changes is not None:
        for c, (before, why) in zip(uy.criteria, changes):
            if not c.is_leaf:
                continue
            if why is None:
                if c.points != before:
                    gains.append((c.points - before, c, before))
            else:
                not_comparable[why] += 1
    averages = dict(ranking.stats.criterion_averages) if ranking else {}
    apart = [(c.points - averages[c.id], c, averages[c.id])
             for c in uy.criteria if c.is_leaf and c.applicable and c.points is not None and c.id in averages
             and c.points != averages[c.id]]

    def most(items: list[tuple], sign: int) -> list[Moved]:
        chosen = sorted((item for item in items if item[0] * sign > 0), key=lambda item: -item[0] * sign)
        return [Moved(c.id, c.name, criterion_anchor(c.id, uy.year), c.points, other, delta)
                for delta, c, other in chosen[:MOVED_MOST]]

    return dict(gained=most(gains, 1), lost=most(gains, -1), above=most(apart, 1), below=most(apart, -1),
                compared=changes is not None, averaged=bool(averages),
                not_comparable=[(count, *NOT_COMPARABLE[why]) for why, count in sorted(not_comparable.items())])


PARALLEL_MIN_UNITS = 100  # below this, forking costs more than it saves

def _unit_chunk(site: SiteWriter, ids: list[str]) -> tuple[list[ChartSpec], list[ReadyPage], int, tuple]:
    site.charts, site.ready.pages, site.ready.out.changed = [], [], 0
    site.memo.mark()
    for uid in ids:
        site.unit_page(site.ds.units[uid])
    return site.charts, site.ready.pages, site.ready.out.changed, site.memo.report()


class UnitPages:
    """Every unit page, begun (`begin_unit_pages`) and then finished (`finish`: the workers'
    answers collected), or stopped (`stop`: the build failed meanwhile, the workers end now)."""

    def __init__(self, site: SiteWriter, forked: Forked | None) -> None:
        self.site, self.forked = site, forked

    def finish(self) -> None:
        site = self.site
        for charts, pages, changed, made in self.forked.answers() if self.forked else ():
            site.memo.adopt(made)
            site.charts.extend(charts)
            site.ready.pages.extend(pages)
            site.ready.out.produced.update(p.page for p in pages)
            site.ready.out.changed += changed

    def stop(self) -> None:
        if self.forked:
            self.forked.stop()


def begin_unit_pages(site: SiteWriter, units: list[Unit]) -> UnitPages:
    """Begin every unit page. With many units, forked worker processes render them while this
    process goes on with the site's other pages (each unit page is a pure function of the dataset
    and results, so the pages, charts and manifest are the same); otherwise they are rendered
    here, now."""
    # After a first build, `parportal serve` renders serially: sending the new memo entries back
    # from workers cost more than they saved (500 units, 400 pages again: 7.4 s forked, 3.7 s serial).
    workers = workers_for(len(units), PARALLEL_MIN_UNITS) if not site.memo.warm else 1
    site._previous_of  # indexed once, before the workers fork
    if workers <= 1:
        for unit in units:
            site.unit_page(unit)
        return UnitPages(site, None)
    return UnitPages(site, Forked(_unit_chunk, site, split([u.id for u in units], workers * 4), workers))


MAP_ALT_NAMES = 40  # a map's alt text names every unit of each band up to this many units, else counts them


def map_alt(year: int, group_name: str, bands, units: list[MapUnit], best: list[dict], worst: list[dict]) -> str:
    """A map's alt text: which units are in which band (or how many, for a large group), the
    units not ranked or not evaluated, the best and the worst."""
    def names(items: list[MapUnit]) -> str:
        return ", ".join(u.name for u in items) if len(units) <= MAP_ALT_NAMES else f"{len(items)} đơn vị"

    parts = []
    for i, b in enumerate(bands):
        members = [u for u in units if u.state == "ranked" and u.band == i]
        if members:
            parts.append(f"{b.name}: {names(members)}")
    for state, label in (("unranked", "không xếp hạng"), ("none", "không đánh giá")):
        members = [u for u in units if u.state == state]
        if members:
            parts.append(f"{label}: {names(members)}")
    text = (f"Bản đồ Chỉ số CCHC năm {year}, nhóm {group_name}: mỗi đơn vị tô màu theo xếp loại. "
            + "; ".join(parts) + ".")
    if best:
        text += " Cao nhất: " + ", ".join(f"{r['name']} ({vn_number(r['index'])}, hạng {r['rank']})" for r in best) + "."
    if worst:
        text += " Thấp nhất: " + ", ".join(f"{r['name']} ({vn_number(r['index'])}, hạng {r['rank']})" for r in worst) + "."
    return text + " Số liệu ở bảng bên cạnh."
