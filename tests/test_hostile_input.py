"""Hostile and careless input, short of the browser (tests/e2e/test_e2e_hostile.py): resource
limits on every read path, invisible and look-alike text, and `fix` keeping what it cannot show."""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import main
from generator.core.escape import FORMULA_STARTS, csv_cell, safe_url
from generator.load.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_NODES, parse_yaml
from generator.validate.canonical import fix_text
from tests.conftest import diagnostics_of, mutate

S23 = "scores/2023/so-nganh/so-noi-vu.yaml"
REG = "scores/units.yaml"

# In this process, 3,000 levels (enough to be quadratic for seconds without the limit); the
# command below gets 30,000, which crashed it (a test process must not die of a regression).
DEEP = {
    "flow sequences": b"scores: " + b"[" * 3_000 + b"]" * 3_000 + b"\n",
    "flow mappings": b"scores: " + b"{a: " * 3_000 + b"}" * 3_000 + b"\n",
    "compact block sequences": b"- " * 3_000 + b"x\n",
    "a complex key": b"? " + b"[" * 3_000 + b"]" * 3_000 + b"\n: 1\n",
}
CRASHED = b"scores: " + b"[" * 30_000 + b"]" * 30_000 + b"\n"


@pytest.mark.parametrize("name", sorted(DEEP))
@pytest.mark.parametrize("lazy", [True, False], ids=["fast reader", "full reader"])
def test_deep_nesting_stops_at_the_limit(name, lazy):
    """Tens of thousands of levels in a few tens of KB: refused where the limit is passed, by both
    readers (libyaml's composer recursed in C until the process died with a segmentation fault)."""
    doc = parse_yaml(DEEP[name], "scores/2023/g/u.yaml", lazy=lazy)
    assert doc.data is None
    deep = [d for d in doc.diagnostics if d.rule == "yaml.too-deep"]
    assert len(deep) == 1 and deep[0].line == 1 and deep[0].col > MAX_DEPTH
    assert str(MAX_DEPTH) in deep[0].message_vi and str(MAX_DEPTH) in deep[0].message_en


def test_too_many_values_are_refused_by_both_readers():
    raw = b"scores: [" + b"1," * (MAX_BYTES // 2 - 16) + b"1]\n"
    for lazy in (True, False):
        doc = parse_yaml(raw, "scores/2023/g/u.yaml", lazy=lazy)
        assert [d.rule for d in doc.diagnostics] == ["yaml.too-many-nodes"]
        assert str(MAX_NODES) in doc.diagnostics[0].message_en


def test_a_large_file_under_the_limits_reads_as_before():
    raw = b"scores:\n" + b"".join(b"  k%d: %d\n" % (i, i) for i in range(MAX_NODES // 2 - 10))
    assert len(raw) > 2 * MAX_NODES  # past the size below which nodes are not counted
    for lazy in (True, False):
        doc = parse_yaml(raw, "scores/2023/g/u.yaml", lazy=lazy)
        assert doc.diagnostics == [] and len(doc.data["scores"]) == MAX_NODES // 2 - 10


def test_check_and_fix_survive_a_deep_file_in_a_process_of_their_own(mini):
    """The whole command, as a user runs it: a diagnostic and exit 1, not a crash (exit 139)."""
    (mini / S23).write_bytes(CRASHED)
    for args in (["check"], ["fix", S23]):
        done = subprocess.run([sys.executable, "-m", "generator.cli", *args, "--root", str(mini)],
                              capture_output=True, text=True, timeout=120, cwd=mini)
        assert done.returncode == 1, (args, done.returncode, done.stderr[-2000:])
        assert "yaml.too-deep" in done.stdout + done.stderr and "Traceback" not in done.stderr


def test_fix_keeps_invisible_and_control_characters_visible_as_escapes(mini):
    mutate(mini, REG, "    name: Sở Tư pháp", '    name: "Sở\\u200B Tư\\u202E pháp\\0"')
    raw = (mini / REG).read_bytes()
    fixed = fix_text(raw, REG)
    assert '"Sở\\u200B Tư\\u202E pháp\\0"' in fixed
    assert "\u200b" not in fixed and "\u202e" not in fixed and "\0" not in fixed
    raw_typed = raw.decode("utf-8").replace('"Sở\\u200B Tư\\u202E pháp\\0"', "Sở\u200b Tư pháp").encode("utf-8")
    assert "name: \"Sở\\u200B Tư pháp\"" in fix_text(raw_typed, REG)  # a raw one becomes visible


def test_fix_writes_text_in_nfc_and_check_flags_what_is_not(mini):
    decomposed = "Ke\u0302\u0301 hoa\u0323ch ban ha\u0300nh chậm so với quy định."
    line = mutate(mini, S23, "reason: Kế hoạch ban hành chậm so với quy định.", f"reason: {decomposed}")
    flagged = [d for d in diagnostics_of(mini) if d.rule == "text.not-nfc"]
    assert [(d.path, d.line, d.col) for d in flagged] == [(S23, line, 14)]  # the "e" of "Kế"
    assert CliRunner().invoke(main, ["fix", str(mini / S23), "--root", str(mini)]).exit_code == 0
    text = (mini / S23).read_text(encoding="utf-8")
    assert "reason: Kế hoạch ban hành chậm so với quy định." in text
    assert [d for d in diagnostics_of(mini) if d.rule.startswith("text.")] == []


def test_names_equal_once_normalised_are_one_error_each(mini):
    """NFD, a Cyrillic letter, a zero-width space and doubled spaces: each still the same name."""
    for unit, variant in (("so-tu-phap", "So\u031b\u0309 Nội vụ"), ("thanh-tra-tinh", "Sở  N\u043e\u0302\u0323i vụ"),
                          ("so-ngoai-vu", "Sở Nội\u200b vụ")):
        text = (mini / REG).read_text(encoding="utf-8")
        name = {"so-tu-phap": "Sở Tư pháp", "thanh-tra-tinh": "Thanh tra tỉnh", "so-ngoai-vu": "Sở Ngoại vụ"}[unit]
        (mini / REG).write_text(text.replace(f"    name: {name}\n", f'    name: "{variant}"\n', 1), encoding="utf-8")
    same = [d for d in diagnostics_of(mini) if d.rule == "registry.names" and d.severity.value == "error"]
    assert len(same) == 3 and all("Sở Nội vụ" in d.message_vi for d in same)


def test_a_hidden_character_in_a_comment_is_found_too(mini):
    line = mutate(mini, S23, "stage: final", "stage: final  # ghi chú \u2066đảo\u2069")
    found = [d for d in diagnostics_of(mini) if d.rule == "text.forbidden-character"]
    assert [(d.line, "U+2066" in d.message_en) for d in found][:1] == [(line, True)]


def test_the_demo_data_holds_no_hidden_or_look_alike_text():
    """The demo data holds none of these characters: the rules add nothing to a clean check."""
    from tests.conftest import REPO
    assert [d for d in diagnostics_of(REPO) if d.rule.startswith(("text.", "registry.names"))] == []


# --- escaping where text leaves the program (generator.core.escape) ------------------------

@given(st.text(max_size=30))
def test_no_csv_cell_can_start_a_formula(text):
    cell = csv_cell(text)
    assert not (cell[:1] in FORMULA_STARTS and not re.fullmatch(r"[-+]?\d+(\.\d+)?(/\d+)?", cell))
    assert cell == text or (cell == "'" + text and text[:1] in FORMULA_STARTS)


def test_numbers_stay_numbers_and_formulas_are_neutralised():
    assert [csv_cell(t) for t in ("-1.25", "+3", "17328/197", "=1+2", "-1+2", "@SUM(A1)", "\tx", "＝1")] == \
        ["-1.25", "+3", "17328/197", "'=1+2", "'-1+2", "'@SUM(A1)", "'\tx", "'＝1"]


@pytest.mark.parametrize("url,ok", [
    ("https://github.com/parportal/parportal", True), ("http://example.org/a?b=c#d", True),
    ("https://example.org/kho)[x](javascript:alert(1))", True),  # a URL; only ever an escaped attribute
    ("javascript:alert(1)", False), ("data:text/html,<script>", False), ("https:///no-host", False),
    ("https://exa mple.org", False), ('https://example.org/"onmouseover=x', False), ("https://example.org/\x00", False),
    ("ftp://example.org", False), ("https://example.org:99999/", False), ("", False)])
def test_urls_are_parsed_not_pattern_matched(url, ok):
    assert (safe_url(url) == url) is ok


def test_a_url_without_a_host_is_refused_by_check(mini):
    mutate(mini, REG, "  demo: true\n", "  demo: true\n  repository: https:///parportal\n")
    found = [d for d in diagnostics_of(mini) if d.path == REG and "repository" in d.message_en]
    assert [(d.rule, d.line) for d in found] == [("schema.format", 6)] and "http" in found[0].message_vi


def test_results_csv_neutralises_formulas(mini):
    mutate(mini, REG, "    name: Sở Tư pháp", '    name: "=HYPERLINK(""x"")"'.replace('""', "'"))
    done = CliRunner().invoke(main, ["results", "--year", "2023", "--format", "csv", "--root", str(mini)])
    assert done.exit_code == 0, done.output
    cells = [cell for row in csv.reader(io.StringIO(done.output)) for cell in row]
    assert "'=HYPERLINK('x')" in cells and not any(c.startswith("=") for c in cells)


def test_site_name_and_front_matter_titles_are_escaped_once():
    from markupsafe import Markup

    from generator.core.buildinfo import BuildInfo
    from generator.load.model import Province
    from generator.publish import site_overrides
    from generator.publish.mkdocs_hooks import on_page_markdown

    province = Province(name="Tỉnh <b>A</b> & B", name_en="A")
    info = BuildInfo(commit="", dirty=False, epoch=0, repository=None)
    name = site_overrides(info, province)["site_name"]
    assert isinstance(name, Markup) and str(name) == "Chỉ số CCHC — Tỉnh &lt;b&gt;A&lt;/b&gt; &amp; B"

    class Page:
        meta = {"title": "<script>x</script>", "description": '"><img src=x>', "hide": ["toc"]}

        class file:
            src_uri = "thong-bao/x.md"

    on_page_markdown("# x\n", Page)
    assert Page.meta == {"title": "&lt;script&gt;x&lt;/script&gt;", "description": "&#34;&gt;&lt;img src=x&gt;",
                         "hide": ["toc"]}
    on_page_markdown("# x\n", Page)  # a second pass (serve) does not escape twice
    assert Page.meta["title"] == "&lt;script&gt;x&lt;/script&gt;"


def test_a_url_with_a_quote_is_refused_with_the_url_message(mini):
    mutate(mini, REG, "  demo: true\n", "  demo: true\n  repository: https://example.org/'x\n")
    found = [d for d in diagnostics_of(mini) if d.path == REG and "repository" in d.message_en]
    assert len(found) == 1 and "`http://` or `https://`" in found[0].message_en and "ids:" not in found[0].hint_en


# --- hand-written pages: check finds what the build would meet (generator.load.content) ---------

PAGES = {
    "content/gioi-thieu.md": b"---\ntitle: Gi\xe1\xbb\x9bi thi\xe1\xbb\x87u\n---\n\n# A\n\nCh\xe0o\n",  # Windows-1258 'à'
    "content/thong-bao/a.md": b"---\ntitle: no\ndate: 2024-09-27\n---\n\n# A\n",
    "content/thong-bao/b.md": b"---\ntitle: [x]\ndate: 2024-13-40\n---\n",
    "content/thong-bao/c.md": b"---\ntitle: C\n\n# never closed\n",
    "content/thong-bao/d.md": b"# no front matter\n",
    "content/thong-bao/e.md": b"---\ntitle: " + b"[" * 5000 + b"]" * 5000 + b"\ndate: 2024-01-01\n---\n",
}


def test_content_pages_are_checked_as_the_build_reads_them(mini):
    for rel, raw in PAGES.items():
        (mini / rel).parent.mkdir(parents=True, exist_ok=True)
        (mini / rel).write_bytes(raw)
    found = sorted((d.path, d.line, d.col, d.rule) for d in diagnostics_of(mini) if d.path.startswith("content/"))
    assert found == [
        ("content/gioi-thieu.md", 7, 3, "content.encoding"),
        ("content/thong-bao/a.md", 2, 8, "yaml.ambiguous-boolean"),
        ("content/thong-bao/b.md", 2, 8, "content.front-matter"),     # a title that is not text
        ("content/thong-bao/b.md", 3, 7, "content.front-matter"),     # no such date
        ("content/thong-bao/c.md", 1, 1, "content.front-matter"),     # never closed
        ("content/thong-bao/d.md", 1, 1, "content.front-matter"),     # an announcement needs a title
        ("content/thong-bao/e.md", 2, 48, "yaml.too-deep"),
    ]
    done = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--root", str(mini), "--site-dir",
                           str(mini / "site")], capture_output=True, text=True, timeout=300, cwd=mini)
    assert done.returncode == 1 and "Traceback" not in done.stderr and not (mini / "site").exists()
    assert "content/gioi-thieu.md:7:3" in done.stdout
