"""The in-process memo of `parportal serve` (generator/machinery/memo.py): a rebuild that takes unchanged
results from earlier builds writes exactly the files a cold build of the same data writes, after
every kind of edit, serially and in forked workers."""
from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.machinery import memo as memo_module
from generator.machinery.memo import Memo
from generator.pipeline.build import generate
from generator.render import opendata, pages
from generator.render import site_paths as P
from tests.conftest import benchmark_module


def _outputs(root: Path) -> dict[str, str]:
    """Digest of every generated file (staging docs folder and ready pages)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for d in ("build/docs", "build/ready") for p in sorted((root / d).rglob("*")) if p.is_file()}


def _cold(root: Path, target: Path) -> dict[str, str]:
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("build"))
    assert generate(target, out=io.StringIO()).ok
    return _outputs(target)


def _replace(file: Path, pattern: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    changed = re.sub(pattern, new, text, count=1, flags=re.M)
    assert changed != text, (file, pattern)
    file.write_text(changed, encoding="utf-8")


def _flip_points(root: Path) -> None:
    """A yes/no criterion of a final year flips: points, index, ranks and averages move."""
    file = sorted((root / "scores" / "2022").rglob("*.yaml"))[0]
    text = file.read_text(encoding="utf-8")
    old, new = ("self: true}", "self: false}") if "self: true}" in text else ("self: false}", "self: true}")
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _sink_leader(root: Path) -> None:
    """The first of a group in 2022 loses every point: the units it ranked above move up a rank
    without a change to their own files."""
    ranking = json.loads((root / "build/docs" / P.ranking_json(2022, "xa")).read_text(encoding="utf-8"))
    leader = next(e["unit"] for e in ranking["entries"] if e["rank"] == 1)
    file = root / "scores" / "2022" / "xa" / f"{leader}.yaml"
    text = re.sub(r"self: (true|[0-9.]+)}", lambda m: "self: false}" if m.group(1) == "true" else "self: 0}",
                  file.read_text(encoding="utf-8"))
    file.write_text(re.sub(r"result: [0-9.]+}", "result: 0}", text), encoding="utf-8")


def _evidence_title(root: Path) -> None:
    """Text only: one unit's page and files change, no rank moves."""
    file = next(p for p in sorted((root / "scores" / "2022").rglob("*.yaml")) if "  title: " in p.read_text())
    _replace(file, r"^(\s+title: ).*$", r"\g<1>Kế hoạch <b>đã sửa</b> & bổ sung")


def _rename_unit(root: Path) -> None:
    _replace(root / "scores" / "units.yaml", r"^(    name: ).*$", r"\g<1>Sở Thử Nghiệm Đổi Tên")


def _rename_criterion(root: Path) -> None:
    file = sorted((root / "criteria").rglob("*.yaml"))[-1]
    _replace(file, r"^(\s+name: ).*$", r"\g<1>Tiêu chí đổi tên")


def _remove_score_file(root: Path) -> None:
    sorted((root / "scores" / "2023").rglob("*.yaml"))[-1].unlink()


EDITS = [_flip_points, _evidence_title, _flip_points, _sink_leader, "new date", _rename_unit, _rename_criterion, _remove_score_file]


@pytest.mark.parametrize("forked", [False, True], ids=["serial", "forked"])
def test_rebuilds_from_the_memo_equal_cold_builds(tmp_path: Path, monkeypatch, forked: bool) -> None:
    if forked:  # the worker processes of unit pages and open data, at a size that fits a test
        monkeypatch.setattr(pages, "PARALLEL_MIN_UNITS", 2)
        monkeypatch.setattr(opendata, "PARALLEL_MIN_UNITS", 2)
        monkeypatch.setenv("PARPORTAL_WORKERS", "2")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = tmp_path / "data"
    benchmark_module("synth").generate(root, n_units=12, n_criteria=10, n_years=3, seed=3)
    memo = Memo()
    assert generate(root, out=io.StringIO(), memo=memo).ok
    assert memo.misses > 0 and memo.hits == 0
    assert generate(root, out=io.StringIO(), memo=memo).ok
    assert memo.misses == 0 and memo.hits > 0, "a rebuild with nothing changed makes nothing again"
    assert _outputs(root) == _cold(root, tmp_path / "cold-0")
    for i, edit in enumerate(EDITS, start=1):
        if edit == "new date":  # the date every page states (the build's provenance)
            monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710000000")
        else:
            edit(root)
        assert generate(root, out=io.StringIO(), memo=memo).ok, edit
        assert memo.hits > 0, edit
        assert _outputs(root) == _cold(root, tmp_path / f"cold-{i}"), edit


def test_memo_keeps_what_the_last_build_used_with_what_it_was_made_from() -> None:
    memo = Memo()
    made = []

    def make(name):
        def inner():
            made.append(name)
            if name == "page":
                return "page of " + memo.get("rows", 1, make("rows"))
            return name
        return inner

    memo.start_build()
    assert memo.get("page", 1, make("page")) == "page of rows"
    assert memo.get("other", 1, make("other")) == "other"
    assert memo.get("never", None, make("never")) == "never"
    memo.start_build()
    assert memo.get("page", 1, make("page")) == "page of rows"  # kept, with its rows
    memo.start_build()  # "other" was not used by the last build: dropped
    assert memo.has("rows", 1) and not memo.has("other", 1) and not memo.has("never", None)
    assert memo.get("other", 1, make("other")) == "other"
    assert made == ["page", "rows", "other", "never", "other"]


def test_no_memo_computes_every_time() -> None:
    calls = []
    for _ in range(2):
        memo_module.NO_MEMO.get("x", 1, lambda: calls.append(1))
    assert len(calls) == 2 and not memo_module.NO_MEMO.has("x", 1)


def test_the_memo_keeps_rendered_text_packed(tmp_path: Path) -> None:
    """Serve holds every unit page's years and criterion rows and every unit's open-data text
    between builds: packed (render/packed.py), and a one-off build packs nothing."""
    import pickle

    from generator.render.packed import Packed, pack, unpack

    root = tmp_path / "data"
    benchmark_module("synth").generate(root, n_units=12, n_criteria=10, n_years=3, seed=3)
    memo = Memo()
    assert generate(root, out=io.StringIO(), memo=memo).ok

    def texts(value):
        if isinstance(value, (bytes, Packed)):
            yield value
        elif isinstance(value, (tuple, list)):
            for item in value:
                yield from texts(item)

    kept = {kind: [t for (k, _), (value, _) in memo._used.items() if k == kind for t in texts(value)]
            for kind in ("unit_year", "criterion_rows", "open_data_rows", "open_data_unit")}
    for kind, found in kept.items():
        assert found and all(type(t) is Packed for t in found), kind
    pages = [value[0][1] for (k, _), (value, _) in memo._used.items() if k == "unit_page"]  # ((page, parts), charts)
    assert pages and all(type(head) is bytes and all(type(year) is Packed for year in years)  # a head is small
                         for head, *years in pages)
    raw = "<tr><td>Sở Nội vụ</td><td>86,92</td></tr>\n".encode("utf-8") * 200
    packed = pack(raw, keep=True)
    assert len(packed.data) < len(raw) / 10 and unpack(packed) == raw and pack(raw, keep=False) is raw
    assert packed == pack(raw, keep=True) and packed != pack(raw + b" ", keep=True) and packed != raw
    assert unpack(pickle.loads(pickle.dumps(packed))) == raw  # forked workers send them back
