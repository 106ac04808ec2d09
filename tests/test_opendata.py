"""The open data on the golden dataset: every file parses and matches its declared columns, the
numbers are the computed ones, a unit's JSON carries its page's content, two builds give the
same bytes, and hostile text survives CSV and JSON exactly."""
from __future__ import annotations

import csv
import gzip
import io
import json
import posixpath
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.compute import compute
from generator.compute.rounding import round_fraction
from generator.core.buildinfo import BuildInfo
from generator.core.cells import csv_text
from generator.load import load
from generator.render import opendata as O
from generator.render import site_paths as P
from generator.render.staging import Staging
from tests.conftest import MINI, mutate

INFO = BuildInfo(commit="0123456789abcdef0123456789abcdef01234567", dirty=False, epoch=1700000000,
                 repository="https://github.com/example/parportal")
NO_REPO = BuildInfo(commit="", dirty=False, epoch=1700000000, repository=None)
NUMBER = re.compile(r"-?\d+(\.\d*[1-9])?")  # no exponent, no fraction, no trailing zero


def _write(root: Path, docs: Path, info: BuildInfo = INFO):
    ds = load(root).dataset
    res = compute(ds)
    written = O.write_open_data(ds, res, info, Staging(docs))
    return ds, res, written


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("od") / "mini"
    shutil.copytree(MINI, root, ignore=shutil.ignore_patterns("build"))
    docs = root / "build/docs"
    ds, res, written = _write(root, docs)
    return ds, res, written, docs


def _text(path: Path) -> str:
    """A CSV's text without its byte order mark, which every CSV starts with."""
    data = path.read_bytes()
    text = (gzip.decompress(data) if path.name.endswith(".gz") else data).decode("utf-8")
    assert text.startswith("\ufeff"), path
    return text[1:]


def _table(path: Path) -> tuple[list[str], list[dict]]:
    reader = csv.reader(io.StringIO(_text(path), newline=""))
    header, *rows = list(reader)
    assert all(len(r) == len(header) for r in rows), path
    return header, [dict(zip(header, r)) for r in rows]


def _schemas(docs: Path) -> dict[str, list[str]]:
    """Every CSV pattern of datapackage.json (as a regex over data/-relative paths) → its columns."""
    package = json.loads((docs / P.DATAPACKAGE).read_text(encoding="utf-8"))
    by_name = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"]}
    out = {re.escape(r["path"]): by_name[r["name"]] for r in package["resources"]}
    for series in package["x-file-series"]:
        columns = (by_name[series["columns_of"]] if "columns_of" in series
                   else [f["name"] for f in series["schema"]["fields"]])
        out[re.sub(r"\\\{[a-z]+\\\}", "[^/]+", re.escape(series["path"]))] = columns
    return out


def _dec(value) -> str:
    """As the JSON API writes a Decimal."""
    return "" if value is None else format(value, "f")


def _num(value) -> str:
    """As every CSV writes a number: the exact value, no exponent, no trailing zeros."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def test_every_csv_parses_and_matches_datapackage(built):
    _, res, written, docs = built
    schemas = _schemas(docs)
    tables = [rel for rel in written if rel.endswith((".csv", ".csv.gz"))]
    assert len(tables) == len(set(tables)) > 0
    for rel in tables:
        path = rel.removeprefix(P.DATA_DIR + "/")
        matches = [cols for pattern, cols in schemas.items() if re.fullmatch(pattern, path)]
        assert len(matches) == 1, f"{rel}: described {len(matches)} times in datapackage.json"
        header, rows = _table(docs / rel)
        assert header == matches[0], rel
        assert rows or rel.startswith("data/don-vi/"), rel  # a unit without score files has an empty table
    package = json.loads((docs / P.DATAPACKAGE).read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert (docs / P.DATA_DIR / resource["path"]).is_file()
        for field in resource["schema"]["fields"]:
            vi, en = field["description"].split(" / ", 1)  # Vietnamese / English
            assert vi and en and field["title"] == vi
    # the criterion tables together: one row per criterion result, nothing lost or repeated
    parts = [r for r in written if r.startswith("data/tieu-chi/") and r.endswith(".gz")]
    assert len(parts) == len({(u.year, u.group) for u in res.unit_years})
    assert sum(len(_table(docs / r)[1]) for r in parts) == sum(len(u.criteria) for u in res.unit_years)
    # small tables are also published uncompressed, with the same bytes
    for year, group in {(u.year, u.group) for u in res.unit_years}:
        plain = docs / P.criteria_plain_csv(year, group)
        assert plain.read_bytes() == gzip.decompress((docs / P.criteria_csv(year, group)).read_bytes())
        assert P.criteria_plain_csv(year, group) in written


def test_only_small_criterion_tables_are_published_uncompressed(tmp_path, monkeypatch):
    root = tmp_path / "mini"
    shutil.copytree(MINI, root, ignore=shutil.ignore_patterns("build"))
    sizes = {}
    _, res, written = _write(root, tmp_path / "all")
    for rel in written:
        if rel.startswith("data/tieu-chi/") and rel.endswith(".csv"):
            sizes[rel] = (tmp_path / "all" / rel).stat().st_size
    assert len(sizes) >= 2
    limit = sorted(sizes.values())[0]  # the smallest table stays plain; any larger one is compressed only
    monkeypatch.setattr(O, "PLAIN_TABLE_MAX_BYTES", limit)
    _, _, written = _write(root, tmp_path / "some")
    assert {r for r in written if r.startswith("data/tieu-chi/") and r.endswith(".csv")} == {
        r for r, size in sizes.items() if size <= limit}
    package = json.loads((tmp_path / "some" / P.DATAPACKAGE).read_text(encoding="utf-8"))
    plain = [r["path"] for r in package["resources"] if r["path"].startswith("tieu-chi/") and r["path"].endswith(".csv")]
    assert sorted("data/" + p for p in plain) == sorted(r for r, size in sizes.items() if size <= limit)


def test_gzip_is_reproducible_and_plain(built):
    _, _, written, docs = built
    for rel in (r for r in written if r.endswith(".gz")):
        data = (docs / rel).read_bytes()
        assert data[:4] == b"\x1f\x8b\x08\x00"        # deflate, no flags: no file name, no comment
        assert data[4:8] == b"\x00\x00\x00\x00"       # mtime 0
        assert data[9] == 255                          # OS unknown
        assert O.gzip_bytes(gzip.decompress(data)) == data


def test_numbers_equal_the_computed_results(built):
    _, res, _, docs = built
    entries = {(e.unit, r.year): e for r in res.rankings for e in r.entries}
    _, units = _table(docs / P.UNITS_CSV)
    assert len(units) == len(res.unit_years)
    for row, uy in zip(units, sorted(res.unit_years, key=lambda u: (u.year, u.group, u.unit))):
        assert (row["year"], row["unit"]) == (str(uy.year), uy.unit)
        assert (row["index"], row["points"], row["max"], row["self_points"]) == (
            _num(uy.index), _num(uy.points), _num(uy.max), _num(uy.self_points))
        assert row["ranked"] == ("true" if uy.ranked else "false")
        entry = entries.get((uy.unit, uy.year))
        assert row["rank"] == (str(entry.rank) if entry and entry.rank is not None else "")
    by_key = {(u.year, u.unit): u for u in res.unit_years}
    for year, group in {(u.year, u.group) for u in res.unit_years}:
        _, rows = _table(docs / P.criteria_csv(year, group))
        seen = {}
        for row in rows:
            uy = by_key[(int(row["year"]), row["unit"])]
            seen.setdefault(uy.unit, []).append(row)
        for unit, crit_rows in seen.items():
            uy = by_key[(year, unit)]
            assert [r["criterion"] for r in crit_rows] == [c.id for c in uy.criteria]
            for r, c in zip(crit_rows, uy.criteria):
                assert (r["points"], r["self_points"], r["appraised_points"], r["max"], r["nominal_max"]) == (
                    _num(c.points), _num(c.self_points), _num(c.appraised_points), _num(c.max), _num(c.nominal_max))
                assert (r["is_leaf"], r["applicable"]) == (str(c.is_leaf).lower(), str(c.applicable).lower())
                assert r["rate_percent"] == _num(None if c.rate is None else round_fraction(c.rate, 2))
                assert (r["criterion_name"], r["depth"], r["parent"], r["rule"], r["part"]) == (
                    c.name, str(c.depth), c.parent or "", c.rule or "", c.part)
                assert r["gap"] == _num(c.gap) and r["source"] == uy.source
                assert (r["reason"], r["note"]) == (c.reason or "", c.note or "")
            # totals: the fields (depth 0) add up to the unit's points
            fields = [r for r in crit_rows if r["depth"] == "0" and r["points"]]
            assert sum(Decimal(r["points"]) for r in fields) == uy.points
    for r in res.rankings:
        api = json.loads((docs / P.ranking_json(r.year, r.group)).read_text(encoding="utf-8"))
        assert [(e["unit"], e["rank"]) for e in api["entries"]] == [(e.unit, e.rank) for e in r.entries]
        assert api["stats"]["average"] == (None if r.stats.average is None else _dec(r.stats.average))
        header, rows = _table(docs / P.ranking_csv(r.year, r.group))
        assert {x["unit"] for x in rows} == {e.unit for e in r.entries}


def test_unit_json_carries_what_the_unit_page_shows(built):
    ds, res, _, docs = built
    for unit in ds.units.values():
        rel = P.unit_json(unit.id)
        data = json.loads((docs / rel).read_text(encoding="utf-8"))
        columns = data["criteria_columns"]
        assert columns == O.JSON_CRITERION_COLUMNS
        years = sorted((u for u in res.unit_years if u.unit == unit.id), key=lambda u: u.year)
        assert [y["year"] for y in data["years"]] == [u.year for u in years]
        for y, uy in zip(data["years"], years):
            assert (y["index"], y["band"], y["points"], y["max"], y["stage"]) == (
                _dec(uy.index), uy.band, _dec(uy.points), _dec(uy.max), uy.stage)
            assert y["source"] == uy.source and y["source_url"] == INFO.source_url(uy.source)
            assert [(f["id"], f["name"], f["points"], f["index"]) for f in y["fields"]] == [
                (f.id, f.name, _dec(f.points), _dec(f.index) or None) for f in uy.fields]
            # the criteria set the names, tree and rules come from, by a relative URL that resolves
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), y["criteria_set_url"]))
            cs = json.loads((docs / target).read_text(encoding="utf-8"))["criteria_set"]
            names = {}

            def walk(nodes):
                for n in nodes:
                    names[n["id"]] = n["name"]
                    walk(n.get("criteria") or [])
            walk(cs["fields"])
            assert len(y["criteria"]) == len(uy.criteria)
            for row, c in zip(y["criteria"], uy.criteria):
                assert len(row) == len(columns)
                got = dict(zip(columns, row))
                assert names[got["id"]] == c.name
                assert (got["points"], got["self_points"], got["appraised_points"], got["max"]) == (
                    _dec(c.points) or None, _dec(c.self_points) or None, _dec(c.appraised_points) or None, _dec(c.max))
                assert (got["reason"], got["note"], got["appraised_by"], got["status"]) == (
                    c.reason, c.note, c.appraised_by, c.status)
                assert got["figures"] == (dict(c.figures) or None)
                assert got["evidence"] == [{"number": n, "date": d, "title": t, "url": u} for n, d, t, u in c.evidence]
                assert got["rate_percent"] == O.fraction_text(c.rate)
        # the unit's CSV: the same rows, with the names
        _, rows = _table(docs / P.unit_csv(unit.id))
        assert [(r["year"], r["criterion"], r["criterion_name"], r["points"]) for r in rows] == [
            (str(uy.year), c.id, c.name, _num(c.points)) for uy in years for c in uy.criteria]


def test_numbers_are_exact_text_never_floats(built):
    _, _, written, docs = built

    def check(value, key=""):
        assert not isinstance(value, float), key
        if isinstance(value, dict):
            for k, v in value.items():
                check(v, k)
        elif isinstance(value, list):
            for v in value:
                check(v, key)
    for rel in (r for r in written if r.endswith(".json")):
        check(json.loads((docs / rel).read_text(encoding="utf-8")), rel)
    _, rows = _table(docs / P.UNITS_CSV)
    for row in rows:
        for col in ("index", "points", "max", "self_points", "gap"):
            assert NUMBER.fullmatch(row[col]), (col, row[col])


def test_two_builds_give_identical_bytes(built, tmp_path):
    ds, res, written, docs = built
    again = tmp_path / "docs"
    written2 = O.write_open_data(ds, res, INFO, Staging(again))
    assert written2 == written
    for rel in written:
        assert (again / rel).read_bytes() == (docs / rel).read_bytes(), rel
    # rewriting the same folder changes nothing
    staging = Staging(docs)
    O.write_open_data(ds, res, INFO, staging)
    assert staging.changed == 0


def test_json_is_compact_and_links_resolve(built):
    _, _, written, docs = built
    index = P.API_DIR + "/index.json"
    text = (docs / index).read_text(encoding="utf-8")
    assert "\n" not in text.rstrip("\n") and ": " not in text
    for name, target in json.loads(text)["endpoints"].items():
        if "{" not in target:
            assert (docs / posixpath.normpath(posixpath.join(P.API_DIR, target))).is_file(), name
    for rel in written:
        assert not rel.startswith("data/api/v1/")
        if rel.endswith(".json"):  # unit files are assembled from row texts: the bytes json.dumps gives
            raw = (docs / rel).read_bytes()
            assert O.json_bytes(json.loads(raw)) == raw, rel


def test_source_copies_only_when_the_commit_cannot_be_linked(tmp_path):
    root = tmp_path / "mini"
    shutil.copytree(MINI, root, ignore=shutil.ignore_patterns("build"))
    assert not P.source_copies_needed(INFO)
    assert P.source_copies_needed(NO_REPO)
    assert P.source_copies_needed(BuildInfo(INFO.commit, True, INFO.epoch, INFO.repository))  # uncommitted data
    ds, res, written = _write(root, tmp_path / "docs", NO_REPO)
    copies = [r for r in written if r.startswith(P.SOURCE_DIR + "/")]
    assert sorted(copies) == sorted(P.source_copy(f) for f in ds.files)
    for f in ds.files:
        assert (tmp_path / "docs" / P.source_copy(f)).read_bytes() == (root / f).read_bytes()
    unit = json.loads((tmp_path / "docs" / P.unit_json("so-noi-vu")).read_text(encoding="utf-8"))
    for y in unit["years"]:
        assert y["source_url"] is None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(P.unit_json("so-noi-vu")), y["source_copy"]))
        assert target == P.source_copy(y["source"])


def test_hostile_text_round_trips_exactly(tmp_path):
    root = tmp_path / "mini"
    shutil.copytree(MINI, root, ignore=shutil.ignore_patterns("build"))
    note = 'Ghi chú ",\n<script>alert(1)</script>, "x"\r\nhết'
    reason = "Lý do\r\nvà dòng mới <b>"  # a line break alone must be quoted too
    mutate(root, "scores/2023/so-nganh/so-noi-vu.yaml", "note: Bị phê bình một lần.",
           'note: "Ghi chú \\",\\n<script>alert(1)</script>, \\"x\\"\\r\\nhết"')
    mutate(root, "scores/2023/so-nganh/so-noi-vu.yaml", "reason: Kế hoạch ban hành chậm so với quy định.",
           'reason: "Lý do\\r\\nvà dòng mới <b>"')
    docs = tmp_path / "docs"
    _, res, written = _write(root, docs)
    uy = res.unit_year("so-noi-vu", 2023)
    assert {c.note for c in uy.criteria} >= {note} and {c.reason for c in uy.criteria} >= {reason}
    _, rows = _table(docs / P.unit_csv("so-noi-vu"))
    assert note in {r["note"] for r in rows} and reason in {r["reason"] for r in rows}
    _, rows = _table(docs / P.criteria_csv(2023, "so-nganh"))
    assert note in {r["note"] for r in rows} and reason in {r["reason"] for r in rows}
    # the csv module reads back exactly what it would have written: same bytes as csv.writer
    header, _ = _table(docs / P.unit_csv("so-noi-vu"))
    raw = (docs / P.unit_csv("so-noi-vu")).read_text(encoding="utf-8")
    assert raw == csv_text(header, list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"), newline="")))[1:])
    unit = json.loads((docs / P.unit_json("so-noi-vu")).read_text(encoding="utf-8"))
    cols = unit["criteria_columns"]
    got = [dict(zip(cols, r)) for y in unit["years"] if y["year"] == 2023 for r in y["criteria"]]
    assert note in {g["note"] for g in got} and reason in {g["reason"] for g in got}


@pytest.mark.parametrize("info", [INFO, NO_REPO], ids=["linked", "copies"])
def test_forked_workers_write_the_same_bytes(info, tmp_path, monkeypatch):
    """The same files, list and bytes from forked workers as from one process; with source
    copies too (the units' score files are copied in the workers, the rest here)."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root, ignore=shutil.ignore_patterns("build"))
    ds, res, written = _write(root, tmp_path / "serial", info)
    assert any(r.startswith(P.SOURCE_DIR + "/") for r in written) == (info is NO_REPO)
    monkeypatch.setattr(O, "PARALLEL_MIN_UNITS", 1)
    monkeypatch.setenv("PARPORTAL_WORKERS", "3")
    staging = Staging(tmp_path / "docs")
    assert O.write_open_data(ds, res, info, staging) == written
    assert staging.produced == set(written) and staging.changed == len(written)
    for rel in written:
        assert (tmp_path / "docs" / rel).read_bytes() == (tmp_path / "serial" / rel).read_bytes(), rel
    assert sorted(p.relative_to(tmp_path / "docs").as_posix() for p in (tmp_path / "docs").rglob("*")
                  if p.is_file()) == sorted(written)
