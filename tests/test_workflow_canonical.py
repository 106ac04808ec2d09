"""`parportal fix` and the canonical form: idempotent, never changes the data, keeps every comment.

The property tests write random data trees in random layouts (indentation, flow or block
collections, quoting, shuffled keys), sprinkle uniquely numbered comments over them, and
check what `fix` does with the result."""
from __future__ import annotations

import os
import random
import re
import shutil
import unicodedata
from decimal import Decimal

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.load.yamlsource import parse_yaml
from generator.validate.canonical import (
    CanonicalError,
    Document,
    Map,
    Scalar,
    Seq,
    _literal_ok,  # the writer below makes literal blocks only where fix would
    canonical_text,
    fix_text,
    kind_of_path,
    plain_ok,
    reads_as_text,
    shape_for,
)
from tests.conftest import MINI, diagnostics_of

S23 = "scores/2023/so-nganh/so-noi-vu.yaml"
C23 = "criteria/so-nganh/2023.yaml"
SCORES = "scores/2023/so-nganh/x.yaml"
CRITERIA = "criteria/so-nganh/2023.yaml"
OTHER = "notes/anything.yaml"  # not a data file: no key order, no schema line

COMMENT = re.compile(r"#\s*§(\d+)§")


# --------------------------------------------------------------------------- a random YAML writer

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="§"), max_size=12)
WORDS = st.sampled_from(["done", "Sở Nội vụ", "12/KH-SNV", "a: b", "x #y", "- item", "yes", "no", "on", "null",
                         "~", "1.50", "010", "1e3", "0x1F", ".5", "true", "", " lead", "trail ", "multi\nline\n",
                         "multi\nline", "tab\there", "quote'\"", "[flow]", "{m}", "&a", "*b", "!t", "%p", "@x",
                         "`b`", "ends:", "c, d", "2024-01-15", "1:30", "<<", "Đánh giá: tốt", "\u2028", "é\x85",
                         "dòng một\ndòng hai # không phải chú thích\n", "a\n\nb", "a\n  b\n", "x\n- y"])
NUMBERS = st.one_of(st.integers(-10**6, 10**6), st.decimals(-1000, 1000, places=2).map(lambda d: Decimal(str(d))))
SCALARS = st.one_of(TEXT, WORDS, NUMBERS, st.booleans(), st.none())
KEYS = st.one_of(st.sampled_from(["status", "self", "appraised", "reason", "1.1", "1", "note", "id", "name",
                                  "max", "rule", "criteria", "yes", "2.10", "a b", "Ký hiệu"]),
                 st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(KEYS, inner, max_size=5)), max_leaves=25)


def _dq(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029\ufeff\ufffe\uffff":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _scalar(value, rnd: random.Random, flow: bool) -> str:
    if value is None:
        return rnd.choice(["null", "~", ""]) if not flow else "null"
    if isinstance(value, bool):
        return rnd.choice(["true", "True"]) if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if plain_ok(value, flow) and rnd.random() < 0.6:
        return value
    if "\n" not in value and "'" not in value and value == value.strip() and rnd.random() < 0.3 and \
            not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]", value):
        return "'" + value + "'"
    return _dq(value)


def _fold(text: str, rnd: random.Random, indent: int) -> str:
    """Break a quoted or plain scalar, or a flow collection, over lines where YAML allows it (a
    mistake here is harmless: the tests compare with what the strict reader makes of the text)."""
    breaks = [m.start() for m in re.finditer(r"(?<=[^ ]) (?=[^ #])", text)]
    if not breaks or rnd.random() < 0.7:
        return text
    at = rnd.choice(breaks)
    return text[:at] + "\n" + " " * indent + text[at + 1:]


def _flow(value, rnd: random.Random) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k, rnd, True)}: {_flow(v, rnd)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v, rnd) for v in value) + "]"
    return _scalar(value, rnd, True)


def _block(value, rnd: random.Random, indent: int, step: int, lines: list[str]) -> None:
    """Lines of `value` (a non-empty collection) as block YAML at `indent`."""
    pad = " " * indent
    items = list(value.items()) if isinstance(value, dict) else [(None, v) for v in value]
    for key, item in items:
        head = f"{pad}{_scalar(key, rnd, False)}:" if isinstance(value, dict) else f"{pad}-"
        if isinstance(item, (dict, list)) and item and rnd.random() < 0.75:
            lines.append(head)
            inner = indent + step if isinstance(value, dict) or isinstance(item, list) else indent + 2
            if isinstance(value, dict) and isinstance(item, list) and rnd.random() < 0.5:
                inner = indent  # a list under a key may start at the key's column
            _block(item, rnd, inner, step, lines)
        elif isinstance(item, (dict, list)):
            lines.extend(f"{head} {_fold(_flow(item, rnd), rnd, indent + step + 1)}".split("\n"))
        elif isinstance(item, str) and "\n" in item.rstrip("\n") and rnd.random() < 0.6 and _literal_ok(item):
            body = item[:-1] if item.endswith("\n") else item
            lines.append(f"{head} {'|' if item.endswith(chr(10)) else '|-'}")
            lines.extend((" " * (indent + step) + row) if row else "" for row in body.split("\n"))
        else:
            text = _fold(_scalar(item, rnd, False), rnd, indent + step)
            lines.extend((f"{head} {text}".rstrip() if text else head).split("\n"))


def write_yaml(value, rnd: random.Random) -> list[str]:
    if isinstance(value, (dict, list)) and value:
        lines: list[str] = []
        _block(value, rnd, 0, rnd.choice([2, 4]), lines)
        return lines
    return [_flow(value, rnd)]


def sprinkle(lines: list[str], rnd: random.Random, count: int) -> tuple[str, list[int]]:
    """Full-line and end-of-line comments `# §n§` at random places (never inside a scalar: the
    writer above keeps every scalar on one line); returns the text and the comment numbers."""
    out = list(lines)
    numbers = []
    for n in range(count):
        numbers.append(n)
        where = rnd.randrange(len(out) + 1)
        if rnd.random() < 0.5 and where < len(out) and out[where].strip() and not out[where].lstrip().startswith("#"):
            out[where] += f"{' ' * rnd.randint(1, 3)}# §{n}§ note"
        else:
            out.insert(where, f"{' ' * rnd.randint(0, 8)}#{rnd.choice(['', ' '])}§{n}§ comment")
        if rnd.random() < 0.2:
            out.insert(rnd.randrange(len(out) + 1), "")
    return "\n".join(out) + "\n", numbers


def comments_in_order(text: str) -> list[int]:
    return [int(m) for m in COMMENT.findall(text)]


def comment_numbers(text: str) -> list[int]:
    return sorted(int(m) for m in COMMENT.findall(text))


def same(a, b) -> bool:
    """Strictly equal data: types, keys in order, decimals as written; text as `fix` stores it
    (`b`, the fixed side, holds `a`'s text in Unicode NFC, exactly)."""
    if isinstance(a, str) and isinstance(b, str):
        return unicodedata.normalize("NFC", a) == b
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        keys = {(unicodedata.normalize("NFC", k) if isinstance(k, str) else k): k for k in a}
        return len(keys) == len(a) and keys.keys() == b.keys() and all(same(a[k], b[n]) for n, k in keys.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, Decimal):
        return str(a) == str(b)
    return a == b


def strict(text: str, rel: str):
    doc = parse_yaml(text.encode("utf-8"), rel)
    assert not doc.diagnostics, [d.message_en for d in doc.diagnostics]
    return doc.data


PROPERTY = settings(max_examples=int(os.environ.get("PARPORTAL_PROPERTY_EXAMPLES", 300)), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(tree=TREES, seed=st.integers(0, 2**32), comments=st.integers(0, 6),
       rel=st.sampled_from([SCORES, CRITERIA, OTHER]))
def test_fix_keeps_data_and_comments_and_is_idempotent(tree, seed, comments, rel):
    rnd = random.Random(seed)
    text, numbers = sprinkle(write_yaml(tree, rnd), rnd, comments)
    before = parse_yaml(text.encode("utf-8"), rel)
    if before.diagnostics:  # the writer produced something the strict reader refuses (e.g. a duplicate key)
        with pytest.raises(CanonicalError):
            fix_text(text.encode("utf-8"), rel)
        return
    fixed = fix_text(text.encode("utf-8"), rel)
    assert same(before.data, strict(fixed, rel)), fixed
    assert comment_numbers(fixed) == numbers, fixed
    if rel == OTHER:  # no key order to impose: every comment stays where it was relative to the others
        assert comments_in_order(fixed) == comments_in_order(text), fixed
    assert fix_text(fixed.encode("utf-8"), rel) == fixed
    assert canonical_text(fixed, rel) == fixed


def _relayout(node, shape, rnd: random.Random, indent: int, step: int, lines: list[str], head: str) -> None:
    """Write a parsed node (canonical.Scalar/Map/Seq) again: block stays block and flow stays
    flow, but keys are shuffled (entries keyed by criterion id excepted), the indentation and
    the quoting change. Only the keys of model objects move: other dictionaries keep their order."""
    def text(s: Scalar, flow: bool) -> str:
        if s.style == "" and not reads_as_text(s.value):
            return s.value or ("null" if flow else "")
        return _scalar(s.value, rnd, flow)

    def shuffled(n, s):
        items = list(n.items)
        if s.resolve(n).kind == "model":
            rnd.shuffle(items)
        return items

    def flow(n, s) -> str:
        if isinstance(n, Scalar):
            return text(n, True)
        if isinstance(n, Seq):
            return "[" + ", ".join(flow(i, s.child(None, n)) for i in n.items) + "]"
        return "{" + ", ".join(f"{text(k, True)}: {flow(v, s.child(k.value, n))}" for k, v in shuffled(n, s)) + "}"

    if isinstance(node, Scalar) or node.flow or not node.items:
        lines.append(f"{head} {flow(node, shape)}".rstrip())
        return
    if head:
        lines.append(head)
    pad = " " * indent
    if isinstance(node, Map):
        for k, v in shuffled(node, shape):
            inner = indent + (0 if isinstance(v, Seq) and rnd.random() < 0.5 else step)
            _relayout(v, shape.child(k.value, node), rnd, inner, step, lines, f"{pad}{text(k, False)}:")
    else:
        for item in node.items:
            _relayout(item, shape.child(None, node), rnd, indent + step, step, lines, f"{pad}-")


@pytest.fixture(scope="module")
def golden_files():
    return {p.relative_to(MINI).as_posix(): p.read_text(encoding="utf-8") for p in sorted(MINI.rglob("*.yaml"))}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), comments=st.integers(0, 5))
def test_any_layout_of_a_golden_file_fixes_to_the_golden_file(golden_files, seed, comments):
    """Shuffled keys, other indentation and quoting: `fix` gives back the committed text (the
    golden files are canonical and have no comment but the schema line)."""
    rnd = random.Random(seed)
    rel = rnd.choice(sorted(golden_files))
    golden = golden_files[rel]
    lines: list[str] = []
    _relayout(Document.parse(golden).root, shape_for(kind_of_path(rel)), rnd, 0, rnd.choice([2, 3, 4]), lines, "")
    text, numbers = sprinkle(lines, rnd, comments)
    fixed = fix_text(text.encode("utf-8"), rel)
    assert same(strict(golden, rel), strict(fixed, rel))
    assert comment_numbers(fixed) == numbers
    if not numbers:
        assert fixed == golden, text


# --------------------------------------------------------------------------- examples

def test_golden_dataset_is_canonical(golden_files):
    for rel, text in golden_files.items():
        assert canonical_text(text, rel) == text, rel


def test_fix_example_orders_keys_quotes_ids_and_keeps_comments():
    text = (
        "# yaml-language-server: $schema=../../../generator/schemas/score-file.schema.json\n"
        "# Sở Nội vụ, 2023\n"
        "year: 2023\n"
        "unit: so-noi-vu   # the unit\n"
        "stage: self\n"
        "group: so-nganh\n"
        "scores:\n"
        "    # field 1\n"
        "    '1.1':\n"
        "        self: 1.50\n"
        "        status: 'done'\n"
        "        evidence:\n"
        "        - date: 2023-01-15\n"
        "          number: 12/KH-SNV   # signed late\n"
        "        # more to come\n"
        "    '1.2': {self: true, status: done}\n"
        "\n\n\n"
        "# end\n"
    )
    fixed = fix_text(text.encode(), S23)
    assert fixed == (
        "# yaml-language-server: $schema=../../../generator/schemas/score-file.schema.json\n"
        "# Sở Nội vụ, 2023\n"
        "unit: so-noi-vu  # the unit\n"
        "year: 2023\n"
        "group: so-nganh\n"
        "stage: self\n"
        "scores:\n"
        "  # field 1\n"
        '  "1.1":\n'
        "    status: done\n"
        "    self: 1.50\n"
        "    evidence:\n"
        "      - number: 12/KH-SNV  # signed late\n"
        "        date: 2023-01-15\n"
        "    # more to come\n"
        '  "1.2": {status: done, self: true}\n'
        "\n"
        "# end\n")


def test_unquoted_decimal_id_is_refused_not_guessed():
    """`1.10:` is the number 1.1 to YAML: fix refuses to turn it into the id "1.10" or "1.1"."""
    text = "unit: u\nscores:\n  1.10: {self: 1}\n"
    fixed = fix_text(text.encode(), SCORES)
    assert "1.10:" in fixed and '"1.10"' not in fixed  # a number key stays a number: check reports it


def test_broken_yaml_is_reported_not_rewritten(mini):
    (mini / S23).write_text("unit: [so-noi-vu\n", encoding="utf-8")
    before = (mini / S23).read_bytes()
    result = CliRunner().invoke(main, ["fix", "--root", str(mini)])
    assert result.exit_code == 1
    assert "yaml.syntax" in result.output and "Traceback" not in result.output
    assert (mini / S23).read_bytes() == before


def test_check_warns_and_fix_repairs(mini):
    path = mini / C23
    path.write_text(path.read_text(encoding="utf-8").replace("total: 20\n", "total:   20   # tổng\n"), encoding="utf-8")
    found = [d for d in diagnostics_of(mini) if d.rule == "file.canonical"]
    assert [(d.path, d.severity.value) for d in found] == [(C23, "warning")]
    assert f"parportal fix {C23}" in found[0].hint_vi and f"parportal fix {C23}" in found[0].hint_en
    assert found[0].line == 10
    runner = CliRunner()
    dry = runner.invoke(main, ["fix", "--check", "--root", str(mini)])
    assert dry.exit_code == 1 and C23 in dry.output
    done = runner.invoke(main, ["fix", "--root", str(mini), str(mini / C23)])
    assert done.exit_code == 0, done.output
    assert "total: 20  # tổng\n" in path.read_text(encoding="utf-8")
    assert diagnostics_of(mini) == []
    again = runner.invoke(main, ["fix", "--check", "--root", str(mini)])
    assert again.exit_code == 0


def test_fix_refuses_paths_outside_the_data_folder(mini, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("a: 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fix", "--root", str(mini), str(outside)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_fix_keeps_file_mode_and_writes_nothing_when_canonical(mini):
    path = mini / S23
    path.chmod(0o640)
    stamp = path.stat().st_mtime_ns
    CliRunner().invoke(main, ["fix", "--root", str(mini)])
    assert path.stat().st_mtime_ns == stamp
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2023", "year:  2023"), encoding="utf-8")
    CliRunner().invoke(main, ["fix", "--root", str(mini)])
    assert path.stat().st_mode & 0o777 == 0o640
    assert "year: 2023\n" in path.read_text(encoding="utf-8")


def test_crlf_and_bom_are_normalised(tmp_path):
    golden = (MINI / S23).read_text(encoding="utf-8")
    raw = ("\ufeff" + golden.replace("\n", "\r\n")).encode("utf-8")
    assert fix_text(raw, S23) == golden


def test_mini_copy_is_untouched_by_fix(tmp_path):
    target = tmp_path / "m"
    shutil.copytree(MINI, target)
    result = CliRunner().invoke(main, ["fix", "--root", str(target)])
    assert result.exit_code == 0
    for path in MINI.rglob("*.yaml"):
        assert (target / path.relative_to(MINI)).read_bytes() == path.read_bytes()


def test_a_rewrite_that_would_change_the_data_is_refused(mini, monkeypatch):
    """The safety net: were the formatter ever wrong, fix reports it and leaves the file alone."""
    import generator.validate.canonical.fixing as canonical  # the module whose canonical_text fix_file calls

    path = mini / S23
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2023", "year:  2023"), encoding="utf-8")
    before = path.read_bytes()
    monkeypatch.setattr(canonical, "canonical_text", lambda text, rel, kind=None: text.replace("8.5", "8.50"))
    result = CliRunner().invoke(main, ["fix", "--root", str(mini)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot rewrite this file" in result.output and S23 in result.output
    assert path.read_bytes() == before
