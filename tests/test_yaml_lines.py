"""The line reader of the canonical layout (`generator.load.yamllines`) must give libyaml's values or
step aside: whatever it accepts, libyaml's composer reads to the same data with the same types."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.core import paths
from generator.load import yamlsource
from generator.load.yamllines import Unsupported, read_lines
from tests.test_yaml_fast_path import same, typed


def lines(text: str):
    return read_lines(text, yamlsource._plain, yamlsource._quoted, yamlsource.MAX_DEPTH)


def libyaml(text: str):
    loader = yamlsource._Composer(text)
    try:
        node = loader.get_single_node()
        return None if node is None else yamlsource._fast_value(node, 0)
    finally:
        loader.dispose()


def agrees(text: str) -> bool:
    """True when the line reader accepted `text` (and then gave libyaml's value)."""
    try:
        value = lines(text)
    except (Unsupported, yamlsource._Fallback):
        return False
    assert typed(value) == typed(libyaml(text)), text
    same(text.encode("utf-8"))  # and the whole fast path agrees with the strict reader
    return True


def test_every_committed_data_file_is_read_by_the_line_reader():
    """Files in the canonical layout never fall back on libyaml (the point of the reader)."""
    files = [p for d in (paths.CRITERIA_DIR, paths.SCORES_DIR) for p in (paths.ROOT / d).rglob("*.yaml")]
    assert len(files) > 90
    for file in files:
        assert agrees(file.read_text(encoding="utf-8")), file


CANONICAL = """\
# yaml-language-server: $schema=../../../generator/schemas/score-file.schema.json
unit: xa-an-binh
year: 2024
stage: final
link: https://vanban.example/2024/52
scores:
  "1.1": {status: done, self: 0.5}
  "1.2": {status: failed, self: false, note: "Chưa có: kế hoạch"}
  "1.3": {status: done, figures: {received: 338, on_time: 318, late: 13}, list: [1, a b, 'c']}
  "1.4":
    status: done
    self: -0.25
    evidence:
      - number: 224/KH-XA
        date: 2023-01-15
        title: Kế hoạch, báo cáo [2023] {bản 2}
      -
        number: 7
    empty:
    items:
    - x
    - ~
"""


def test_the_canonical_layout_reads_as_libyaml_reads_it():
    assert agrees(CANONICAL)
    data = lines(CANONICAL)
    assert data["scores"]["1.4"]["evidence"][1] == {"number": 7}
    assert data["scores"]["1.4"]["empty"] is None and data["scores"]["1.4"]["items"] == ["x", None]


@pytest.mark.parametrize("text", [
    "a: 1 # comment\n", "a: |\n  x\n", "a: hello\n  world\n", "a: b: c\n", "a: {b: 1,\n  c: 2}\n",
    'a: "x\\ty"\n', "a: 'it''s'\n", "a: [1, 2,]\n", "a: no\n", "a: 1.5e3\n", "a: 1\na: 2\n", "  a: 1\n",
    "---\na: 1\n", "a: 1\r\n", "a: x\u2028y\n", "a: - 1\n", "? a\n: 1\n", "a: {b: c:d}\n", "a:b\n",
    "- 1\n - 2\n", "a:\n  - 1\n  b: 2\n", "<<: 1\n", "a: {x: 1, x: 2}\n", "a: {[1]: 2}\n",
])
def test_what_is_outside_the_layout_falls_back(text):
    """Each of these is either an error or a YAML feature the canonical layout does not use."""
    with pytest.raises((Unsupported, yamlsource._Fallback)):
        lines(text)
    same(text.encode("utf-8"))


def test_nesting_deeper_than_the_limit_falls_back():
    deep = "".join(" " * (2 * n) + f"k{n}:\n" for n in range(yamlsource.MAX_DEPTH + 2)) + " " * 90 + "x: 1\n"
    with pytest.raises(Unsupported):
        lines(deep)
    same(deep.encode("utf-8"))


KEYS = ["a", "b", "self", "on_time", '"1.1"', '"1.1.1"', "1", "no", "null", "x-y", "1.5", '"a: b"', "true"]
SCALARS = ["done", "0.5", "-0.25", "1.10", "012", "-", "-x", "x y", "x  y", "a, b", "[x]", "{x}", "a:b", "a: b",
           "http://x.vn/a", '"q"', '"a: b"', "'s'", "'it''s'", '"e\\"', "~", "null", "true", "no", "yes", "",
           "Sở Nội vụ", "?x", ":x", "@x", "%x", "x:", "2023-01-15", "1e3", ".5", "x]", "x}", '"a\\nb"', "x'y", 'x"y']
FLOW = ["{a: 1}", "{a: 1, b: x y}", "{a: {b: 1}, c: [1, 2]}", "[a, 'b', \"c\"]", "{}", "[]", "{a: 1,b: 2}",
        "{ a: 1 }", "{a : 1}", "{a: 1,}", "{a: }", "{a: [x, {b: c}]}", "{a: x:y}", "[a: b]", "{a: -1, b: -x}",
        "{\"k\": v}", "{'k': v}", "{a: 1} x", "{a: 1", "[1, [2, [3]]]", "{a: b c , d: e}", "{1: 2}", "{no: 1}"]
INDENTS = [0, 0, 2, 2, 4, 1, 3, 6]


@st.composite
def documents(draw):
    """Lines of entries, items, flow collections and comments at random indents: mostly not a
    valid document, to probe where the line reader must step aside."""
    out = []
    for _ in range(draw(st.integers(1, 14))):
        pad = " " * draw(st.sampled_from(INDENTS))
        key, scalar, flow = draw(st.sampled_from(KEYS)), draw(st.sampled_from(SCALARS)), draw(st.sampled_from(FLOW))
        gap = draw(st.sampled_from([" ", " ", "  "]))
        line = draw(st.sampled_from([
            f"{key}:{gap}{scalar}", f"{key}:", f"{key}:{gap}{flow}", f"-{gap}{scalar}", "-", f"- {key}: {scalar}",
            f"- {key}:", f"- {flow}", f"-{gap}{key}: {flow}", "# note", "", f"{key}: {scalar} ",
        ]))
        out.append(pad + line)
    return "\n".join(out) + draw(st.sampled_from(["\n", "", "\n\n"]))


GOOD_KEYS = ["a", "b", "self", "on_time", '"1.1"', '"1.1.1"', "x-y", '"a: b"', "1.5"]
GOOD = ["done", "0.5", "-0.25", "7", "x y", "a, b", "http://x.vn/a", '"q"', '"a: b"', "'s'", "~", "true", "",
        "Sở Nội vụ", "2023-01-15", "x'y", "[x]"]


@st.composite
def structured(draw, indent: int = 0, depth: int = 0):
    """A block mapping in (mostly) the canonical layout: random indents, styles and scalars, a
    few of them outside the layout or not YAML at all."""
    pad, out = " " * indent, []
    for key in draw(st.lists(st.sampled_from(GOOD_KEYS + KEYS[-4:]), min_size=1, max_size=4, unique=True)):
        kind = draw(st.sampled_from(["scalar"] * 3 + ["flow", "map", "seq"] * (depth < 3)))
        if kind == "scalar":
            out.append(f"{pad}{key}: {draw(st.sampled_from(GOOD * 4 + SCALARS))}".rstrip())
        elif kind == "flow":
            out.append(f"{pad}{key}: {draw(st.sampled_from(FLOW))}")
        elif kind == "map":
            out.append(f"{pad}{key}:")
            out.append(draw(structured(indent + draw(st.sampled_from([2, 2, 1, 4])), depth + 1)))
        else:
            out.append(f"{pad}{key}:")
            step = draw(st.sampled_from([2, 2, 0, 3]))
            for _ in range(draw(st.integers(1, 3))):
                item = draw(st.sampled_from(["scalar", "map", "empty", "flow"]))
                dash = " " * (indent + step) + "-"
                if item == "scalar":
                    out.append(f"{dash} {draw(st.sampled_from(GOOD * 4 + SCALARS))}".rstrip())
                elif item == "flow":
                    out.append(f"{dash} {draw(st.sampled_from(FLOW))}")
                elif item == "empty":
                    out.append(dash)
                else:
                    inner = draw(structured(indent + step + 2, depth + 1))
                    out.append(dash + " " + inner[indent + step + 2:])
        if draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from(["", "# note", pad + "  # deeper note"])))
    return "\n".join(out)


@settings(max_examples=1500, deadline=None)
@given(structured())
@example(CANONICAL)
def test_random_layouts_read_as_libyaml_reads_them(text):
    agrees(text + "\n")


@settings(max_examples=1500, deadline=None)
@given(documents())
def test_random_lines_read_as_libyaml_reads_them(text):
    agrees(text)


def test_random_layouts_are_often_accepted():
    """The property tests above are worth something only if many of their documents get through."""
    accepted = []

    @settings(max_examples=400, deadline=None, database=None)
    @given(structured())
    def count(text):
        accepted.append(agrees(text + "\n"))

    count()
    assert sum(accepted) > len(accepted) // 4
