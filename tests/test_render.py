"""The render stage on the golden dataset: pages, open data, escaping, provenance, staging."""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.compute import compute
from generator.core.buildinfo import BuildInfo, build_info
from generator.load import load
from generator.render import render
from generator.render import site_paths as P
from generator.render import staging as staging_module
from generator.render.staging import Staging
from generator.render.templating import fold, md, relative
from tests.conftest import diagnostics_of, mini, mutate  # noqa: F401 (mini: a fixture)

INFO = BuildInfo(commit="0123456789abcdef0123456789abcdef01234567", dirty=False, epoch=1700000000,
                 repository="https://github.com/example/parportal")


def _render(root: Path):
    ds = load(root).dataset
    res = compute(ds)
    report = render(ds, res, INFO, root, root / "build/docs", root / "build/cache", root / "build/ready")
    return report, root / "build/docs"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    import shutil
    root = tmp_path_factory.mktemp("r") / "mini"
    shutil.copytree(Path(__file__).parent / "fixtures/mini", root)
    report, docs = _render(root)
    return root, report, docs


def test_every_page_kind_is_written(rendered):
    _, report, docs = rendered
    for page in [P.HOME, P.RANKINGS, P.ranking_page(2023, "so-nganh"), P.ranking_page(2022, "so-nganh"), P.UNITS,
                 P.UNIT_SHELL, P.CRITERIA, P.criteria_page("so-nganh", 2023),
                 P.changes_page("so-nganh", 2023), P.progress_page(2024), P.METHODOLOGY, P.ANNOUNCEMENTS,
                 P.OPEN_DATA, P.API_DOC, "gioi-thieu.md"]:
        assert (docs / page).is_file(), page
    for unit in ("so-noi-vu", "so-ngoai-vu"):  # ready HTML, beside the staging docs
        assert (docs.parent / "ready" / P.unit_page(unit)).is_file(), unit
    assert not (docs / P.ranking_page(2024, "so-nganh")).exists()  # the open year is not ranked
    assert report.charts.drawn + report.charts.reused == len(list((docs / P.CHARTS_DIR).rglob("*.svg")))


def test_ranking_page_shows_shared_rank_and_unranked_unit_apart(rendered):
    _, _, docs = rendered
    text = (docs / P.ranking_page(2023, "so-nganh")).read_text(encoding="utf-8")
    table = text[text.index('id="bang-xep-hang"'): text.index("</table>", text.index('id="bang-xep-hang"'))]
    assert table.count('<td class="pp-num">2</td>') == 2 and "89,74" in table and "84,75" in table
    assert "Thanh tra tỉnh" not in table
    assert "Đơn vị được đánh giá nhưng không xếp hạng" in text and "86,41" in text


def test_unit_page_explains_points_and_appraisal(rendered):
    _, _, docs = rendered
    text = (docs.parent / "ready" / P.unit_page("so-noi-vu")).read_text(encoding="utf-8")
    assert "196/200 = 98,00 % → mức ≥ 95 % → 1,5 điểm" in text
    assert "30/40 = 75,00 % × 1 = 0,75 điểm" in text
    assert "Kế hoạch ban hành chậm so với quy định." in text
    assert "12/KH-SNV" in text and "https://github.com/example/parportal/blob/0123456789" in text
    manifest = json.loads((docs.parent / "ready/pages.json").read_text(encoding="utf-8"))
    entry = next(p for p in manifest["pages"] if p["page"] == P.unit_page("so-noi-vu"))
    assert "so noi vu" in entry["search"]  # diacritic-free alias for search


def test_what_changed_page_lists_added_and_rescaled(rendered):
    _, _, docs = rendered
    text = (docs / P.changes_page("so-nganh", 2023)).read_text(encoding="utf-8")
    assert "Bị phê bình do chậm trễ" in text  # added
    assert "Ban hành và thực hiện kế hoạch CCHC năm" in text  # renamed
    assert "3 → 2" in text  # 1.3 (max 3) continues as 1.3.1 (max 2)


def test_open_data_is_exact_and_consistent(rendered):
    _, _, docs = rendered
    rows = list(csv.DictReader(io.StringIO((docs / P.UNITS_CSV).read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["unit"] == "so-tai-chinh" and r["year"] == "2023")
    assert (row["index"], row["rank"], row["ranked"]) == ("89.74", "1", "true")
    assert "index_exact" not in row  # no fraction in CSV; the JSON API keeps it
    api = json.loads((docs / P.ranking_json(2023, "so-nganh")).read_text(encoding="utf-8"))
    assert api["stats"]["average"] == "86.41" and api["commit"] == INFO.commit
    unit = json.loads((docs / P.unit_json("so-noi-vu")).read_text(encoding="utf-8"))
    crit = next(dict(zip(unit["criteria_columns"], c)) for y in unit["years"] if y["year"] == 2023
                for c in y["criteria"] if c[0] == "1.1")
    assert (crit["self_points"], crit["points"], crit["reason"]) == ("2", "1.5", "Kế hoạch ban hành chậm so với quy định.")
    package = json.loads((docs / P.DATAPACKAGE).read_text(encoding="utf-8"))
    for resource in package["resources"]:
        data = (docs / "data" / resource["path"]).read_bytes()
        if resource["format"] == "xlsx":  # tests/test_workbooks.py reads them
            assert data.startswith(b"PK\x03\x04")
            continue
        if resource.get("compression") == "gz":
            data = gzip.decompress(data)
        assert data.startswith("\ufeff".encode())  # a byte order mark: Excel reads UTF-8
        header = data.decode("utf-8-sig").splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]]
    # built from a clean commit of a known repository: pages link the file there, no copy
    assert not (docs / P.source_copy("scores/2023/so-nganh/so-noi-vu.yaml")).exists()


def test_hostile_text_is_escaped_in_generated_pages(tmp_path):
    import shutil
    root = tmp_path / "m"
    shutil.copytree(Path(__file__).parent / "fixtures/mini", root)
    mutate(root, "scores/2023/so-nganh/so-noi-vu.yaml", "note: Bị phê bình một lần.",
           'note: "<script>alert(1)</script> [x](javascript:alert(2))"')
    mutate(root, "scores/units.yaml", "name: Sở Nội vụ\n", 'name: "Sở <img src=x onerror=alert(3)> *a* [l](javascript:x)"\n')
    from generator.pipeline.build import build
    assert build(root, out=io.StringIO()).ok
    pages = list((root / "site").rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        assert live_markup(page.read_text(encoding="utf-8")) == [], page
    unit = (root / "site/don-vi/so-noi-vu.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2))" in unit
    assert "<title>Sở &lt;img src=x onerror=alert(3)&gt;" in unit


class _Audit(HTMLParser):
    """Collects markup that could run: event-handler attributes, javascript: URLs, planted tags."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"
        if tag == "img" and ("src", "x") in attrs:
            self.found.append("planted <img>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.found.append("planted <script>")

    def handle_endtag(self, tag):
        self.in_script = False


def live_markup(html: str) -> list[str]:
    audit = _Audit()
    audit.feed(html)
    return audit.found


def test_markdown_escaping_and_folding():
    assert str(md("Sở *A* [b](c) <i>")) == r"Sở \*A\* \[b\]\(c\) &lt;i&gt;"
    assert fold("Sở Nội vụ Đắk Lắk") == "so noi vu dak lak"
    assert relative("don-vi/a.html", "xep-hang/2023/so-nganh.md") == "../../don-vi/a.html"


def test_staging_rewrites_only_changed_files_and_prunes(tmp_path):
    stage = Staging(tmp_path)
    stage.write_text("a.md", "x")
    stage.write_text("b/c.md", "y")
    assert stage.changed == 2
    again = Staging(tmp_path)
    again.write_text("a.md", "x")
    assert again.changed == 0
    assert again.prune() == 1 and not (tmp_path / "b").exists()
    for rel in ("keep/x.md", "keep/deep/y.md", "drop/deep/er/z.md", "drop/w.md", "top.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    (tmp_path / "empty/nested").mkdir(parents=True)
    third = Staging(tmp_path)
    for rel in ("a.md", "keep/x.md", "keep/deep/y.md"):
        third.write_text(rel, rel if rel != "a.md" else "x")
    assert third.changed == 0 and third.prune() == 3  # z.md, w.md and top.md; then empty folders
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "a.md", "keep", "keep/deep", "keep/deep/y.md", "keep/x.md"]


def test_staging_with_memory_compares_with_the_last_bytes_not_the_disk(tmp_path):
    remembered: dict = {}
    first = Staging(tmp_path, remembered)
    first.write_bytes("same.html", b"one")
    first.write_bytes("changed.html", b"two")
    first.write_text("text.md", "ba")
    first.write_bytes("gone.html", b"x")
    first.prune()
    (tmp_path / "same.html").write_bytes(b"edited by hand")  # never read again: the build owns the folder
    again = Staging(tmp_path, remembered)
    again.write_bytes("same.html", bytes(bytearray(b"one")))  # equal bytes, another object
    again.write_bytes("changed.html", b"TWO")                 # same size, other bytes
    again.write_text("text.md", "b" + "a")
    again.write_bytes("new.html", b"new")
    assert again.changed == 2 and again.prune() == 1
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        "same.html": b"edited by hand", "changed.html": b"TWO", "text.md": b"ba", "new.html": b"new"}


def test_staging_in_background_has_written_everything_once_pruned(tmp_path):
    stage = Staging(tmp_path, background=True)
    for i in range(200):
        stage.write_bytes(f"d{i % 7}/f{i}.html", str(i).encode() * 1000)
    stage.write_text("twice.md", "first")
    stage.write_text("twice.md", "second")  # the same file again: the last one wins
    assert len(stage._pending) <= staging_module._IN_FLIGHT  # bounded: files are not all held in memory
    assert stage.prune() == 0 and stage.changed == 202
    assert (tmp_path / "d3/f10.html").read_bytes() == b"10" * 1000
    assert (tmp_path / "twice.md").read_text() == "second" and not list(tmp_path.rglob("*.tmp"))


def test_second_render_draws_no_chart_and_changes_nothing(rendered):
    root, _, _ = rendered
    report, _ = _render(root)
    assert report.charts.drawn == 0 and report.changed_files == 0 and report.removed_files == 0


def test_build_time_comes_from_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    info = build_info(tmp_path, None)
    assert (info.epoch, info.date, info.commit) == (1700000000, "2023-11-14", "")
    assert Decimal("1") == 1


def test_field_table_of_a_large_group_starts_folded(rendered, tmp_path, monkeypatch):
    """Above FOLDED_FIELD_TABLE_ROWS units the field-index table sits in a closed <details> (not
    laid out until opened); the ranking table stays open. The golden group is small: unfolded."""
    import shutil

    from generator.render import pages

    _, _, docs = rendered
    small = (docs / P.ranking_page(2023, "so-nganh")).read_text(encoding="utf-8")
    assert "pp-fields" not in small and "pp-heat" in small
    monkeypatch.setattr(pages, "FOLDED_FIELD_TABLE_ROWS", 2)
    root = tmp_path / "mini"
    shutil.copytree(Path(__file__).parent / "fixtures/mini", root)
    _, docs = _render(root)
    text = (docs / P.ranking_page(2023, "so-nganh")).read_text(encoding="utf-8")
    start, table, end = text.index('<details class="pp-fields">'), text.index("pp-heat"), text.index("</details>")
    assert start < table < end and "<details class=\"pp-fields\" open" not in text
    assert text.index('id="bang-xep-hang"') < start and "bang-xep-hang" not in text[start:end]
    assert "Bảng chỉ số thành phần của 4 đơn vị" in text[start:table]


def test_band_counts_are_of_ranked_units_and_the_unranked_are_shown_apart(rendered):
    _, _, docs = rendered
    api = json.loads((docs / P.ranking_json(2023, "so-nganh")).read_text(encoding="utf-8"))
    assert sum(api["stats"]["band_counts"].values()) == api["stats"]["count"]  # Thanh tra tỉnh is not ranked
    home = (docs / P.HOME).read_text(encoding="utf-8")
    card = home[home.index('<section class="pp-group-card">'): home.index("</section>")]
    assert "Ngoài ra 1 đơn vị được đánh giá, không xếp hạng" in card
    ranking = (docs / P.ranking_page(2023, "so-nganh")).read_text(encoding="utf-8")
    assert 'Không xếp hạng <span lang="en">not ranked</span></div><div class="pp-card-value"><a href="#bang-khong-xep-hang">1</a>' in ranking


def test_every_criterion_row_has_a_stable_anchor_linking_to_itself(rendered):
    _, _, docs = rendered
    page = (docs / P.criteria_page("so-nganh", 2023)).read_text(encoding="utf-8")
    assert '<tr id="tc-1-1" class="pp-depth-' in page and 'href="#tc-1-1"' in page
    unit = (docs.parent / "ready" / P.unit_page("so-noi-vu")).read_text(encoding="utf-8")
    for year in (2022, 2023, 2024):  # one table a year: the year is part of the id
        assert f'<tr id="nam-{year}-tc-1-1" class="pp-depth-' in unit and f'href="#nam-{year}-tc-1-1"' in unit
    ids = re.findall(r' id="([^"]+)"', unit)
    assert len(ids) == len(set(ids))


ANNOUNCEMENT = """---
title: Công bố Chỉ số CCHC năm 2023
date: 2023-11-10
links:
  - page: xep-hang/2023/so-nganh.md
    title: Xếp hạng <sở> 2023
  - page: don-vi/so-noi-vu.html#nam-2023
    title: Sở Nội vụ
---

# Công bố năm 2023

Nội dung.
"""


def test_an_announcement_shows_its_date_and_links_to_what_it_announces(mini):
    (mini / "content/thong-bao").mkdir(parents=True)
    (mini / "content/thong-bao/2023-11-10-cong-bo.md").write_text(ANNOUNCEMENT, encoding="utf-8")
    assert not [d for d in diagnostics_of(mini) if d.path.startswith("content/")]
    _, docs = _render(mini)
    page = (docs / "thong-bao/2023-11-10-cong-bo.md").read_text(encoding="utf-8")
    head, body = page.split("# Công bố năm 2023\n")
    assert head.startswith("---\ntitle: Công bố")  # the front matter stays first, for MkDocs
    assert '<time datetime="2023-11-10">10/11/2023</time>' in body.split("Nội dung.")[0]
    assert '<a href="../xep-hang/2023/so-nganh.html">Xếp hạng &lt;sở&gt; 2023</a>' in body
    assert '<a href="../don-vi/so-noi-vu.html#nam-2023">Sở Nội vụ</a>' in body
    listing = (docs / P.ANNOUNCEMENTS).read_text(encoding="utf-8")
    assert '<a href="../xep-hang/2023/so-nganh.html">Xếp hạng &lt;sở&gt; 2023</a>' in listing


def test_an_announcement_linking_to_no_page_of_the_portal_stops_the_build(mini):
    (mini / "content/thong-bao").mkdir(parents=True)
    (mini / "content/thong-bao/a.md").write_text(ANNOUNCEMENT.replace("xep-hang/2023/so-nganh.md", "xep-hang/2031/so-nganh.md"),
                                                 encoding="utf-8")
    with pytest.raises(ValueError, match="xep-hang/2031/so-nganh.md"):
        _render(mini)


@pytest.mark.parametrize("links", ["links: xep-hang/2023/so-nganh.md", "links:\n  - xep-hang/2023/so-nganh.md",
                                   "links:\n  - page: ../../etc/passwd.md\n    title: x",
                                   "links:\n  - page: https://example.com/a.md\n    title: x",
                                   "links:\n  - page: xep-hang/2023/so-nganh.md\n    title: x\n    href: z",
                                   'links:\n  - page: "a.md\\" onclick=\\"x"\n    title: x'])
def test_announcement_links_are_checked(mini, links):
    (mini / "content/thong-bao").mkdir(parents=True)
    (mini / "content/thong-bao/a.md").write_text(f"---\ntitle: A\ndate: 2024-01-01\n{links}\n---\n# A\n", encoding="utf-8")
    found = [d for d in diagnostics_of(mini) if d.path.startswith("content/")]
    assert [d.rule for d in found] == ["content.front-matter"] and "links:" in found[0].hint_en


def test_pages_of_a_year_in_progress_say_when_its_data_last_changed(tmp_path, monkeypatch):
    """The date is the newest commit touching scores/<year> (not the clock, not the build's date)."""
    import shutil
    import subprocess
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "mini"
    shutil.copytree(Path(__file__).parent / "fixtures/mini", root)
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def commit(date: str, *paths: str) -> None:
        subprocess.run(["git", "-C", str(root), "add", *paths], check=True, env=env)
        subprocess.run(["git", "-C", str(root), "commit", "-qm", date], check=True,
                       env={**env, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})

    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True, env=env)
    commit("2024-10-05T08:00:00Z", ".")
    (root / "README.txt").write_text("not data\n")
    commit("2024-12-01T08:00:00Z", "README.txt")
    info = build_info(root, None)
    assert info.date_vi == "01/12/2024" and info.data_date_vi(2024) == "05/10/2024"
    ds = load(root).dataset
    render(ds, compute(ds), info, root, root / "build/docs", root / "build/cache", root / "build/ready")
    docs = root / "build/docs"
    for text in ((docs / P.progress_page(2024)).read_text(encoding="utf-8"), (docs / P.HOME).read_text(encoding="utf-8"),
                 (root / "build/ready" / P.unit_page("so-noi-vu")).read_text(encoding="utf-8")):
        assert "tính đến ngày <strong>05/10/2024</strong>" in text or "tính đến ngày 05/10/2024" in text


def test_a_unit_split_from_another_and_that_unit_link_to_each_other(mini):
    with (mini / "scores/units.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: so-moi\n    name: Sở Mới\n    name_en: New Department\n    group: so-nganh\n"
                "    first_year: 2024\n    split_from: [so-noi-vu]\n")
    assert not [d for d in diagnostics_of(mini) if d.severity.value == "error"]
    _render(mini)
    new = (mini / "build/ready" / P.unit_page("so-moi")).read_text(encoding="utf-8")
    old = (mini / "build/ready" / P.unit_page("so-noi-vu")).read_text(encoding="utf-8")
    assert 'Tách ra từ <span lang="en">split from</span>: <a href="so-noi-vu.html">Sở Nội vụ</a>' in new
    assert ('Từ năm 2024, một phần nhiệm vụ chuyển sang <span lang="en">from 2024, part of its work went to</span>: '
            '<a href="so-moi.html">Sở Mới</a>') in old


def test_split_from_names_a_unit_that_existed_before(mini):
    with (mini / "scores/units.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: so-moi\n    name: Sở Mới\n    name_en: New Department\n    group: so-nganh\n"
                "    first_year: 2022\n    split_from: [so-noi-vu, khong-co]\n")
    found = sorted(d.message_en for d in diagnostics_of(mini) if "split_from" in d.message_en or "split from" in d.message_en)
    assert found == ["Unit `khong-co` (`split_from`) does not exist.",
                     "Unit `so-noi-vu` must exist before 2022 (`first_year`) to be split from."]


def test_a_criterion_links_to_the_criteria_it_continues_in_the_previous_set(rendered):
    _, _, docs = rendered
    page = (docs / P.criteria_page("so-nganh", 2023)).read_text(encoding="utf-8")
    assert 'Kế tục / continues: <a href="2022.html#tc-1-3">1.3</a>' in page
