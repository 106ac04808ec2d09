"""The strict loader: every YAML trap and hostile file is refused with file, line, column and
rule, never with a traceback."""
from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.core import paths
from generator.load import yamlsource
from generator.workflow.schemas import MODELS, schema_text
from tests.conftest import REPO, diagnostics_of, mutate

S23 = "scores/2023/so-nganh/so-noi-vu.yaml"


def parse(text: str):
    return yamlsource.parse_yaml(text.encode("utf-8"), "x.yaml")


@pytest.mark.parametrize("text,rule,line,col", [
    ("a: 1\na: 2\n", "yaml.duplicate-key", 2, 1),
    ("a: &x 1\nb: *x\n", "yaml.anchor", 1, 4),
    ("a: &x 1\nb: *x\n", "yaml.alias", 2, 4),
    ("a: !!python/object:os.system 1\n", "yaml.tag", 1, 4),
    ("a: no\n", "yaml.ambiguous-boolean", 1, 4),
    ("a: On\n", "yaml.ambiguous-boolean", 1, 4),
    ("a: 012\n", "yaml.ambiguous-number", 1, 4),
    ("a: 1:30\n", "yaml.ambiguous-number", 1, 4),
    ("a: 1e3\n", "yaml.ambiguous-number", 1, 4),
    ("a: .inf\n", "yaml.ambiguous-number", 1, 4),
    ("a: 1_000\n", "yaml.ambiguous-number", 1, 4),
    ("a:\n\tb: 1\n", "yaml.tab", 2, 1),
    ("a: [1, 2\n", "yaml.syntax", 2, 1),
    ("a: 1\n---\nb: 2\n", "yaml.multiple-documents", 2, 1),
    ("<<: {a: 1}\n", "yaml.merge-key", 1, 1),
    ("? [a, b]\n: 1\n", "yaml.complex-key", 1, 3),
])
def test_yaml_traps_are_refused(text, rule, line, col):
    doc = parse(text)
    assert any((d.rule, d.line, d.col) == (rule, line, col) for d in doc.diagnostics), doc.diagnostics


def test_decimals_are_exact_and_quoted_scalars_stay_text():
    doc = parse('a: 1.10\nb: "1.10"\nc: 0.1\nd: 7\ne: true\nf: 2023-09-21\n')
    assert doc.data == {"a": Decimal("1.10"), "b": "1.10", "c": Decimal("0.1"), "d": 7, "e": True, "f": "2023-09-21"}
    assert not isinstance(doc.data["c"], float)


def test_non_utf8_and_oversized_files():
    bad = yamlsource.parse_yaml("a: Sở\nb: ".encode() + b"N\xf4i", "x.yaml")
    assert [(d.rule, d.line) for d in bad.diagnostics] == [("yaml.encoding", 2)]
    big = yamlsource.parse_yaml(b"a: " + b"x" * (yamlsource.MAX_BYTES + 1), "x.yaml")
    assert [d.rule for d in big.diagnostics] == ["yaml.too-large"]


def test_deep_nesting_is_refused_not_crashed():
    doc = parse("a: " + "[" * 200 + "]" * 200 + "\n")
    assert any(d.rule in ("yaml.too-deep", "yaml.syntax") for d in doc.diagnostics)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_reader_never_raises_on_any_text(text):
    doc = parse(text)
    plain = (dict, list, str, int, Decimal, bool, type(None))  # nothing the document names is instantiated
    stack = [doc.data]
    while stack:
        value = stack.pop()
        assert isinstance(value, plain), type(value)
        stack.extend(value.values() if isinstance(value, dict) else value if isinstance(value, list) else ())
    for d in doc.diagnostics:
        assert d.line >= 1 and d.col >= 1 and d.rule.startswith("yaml.")


@pytest.mark.parametrize("old,new,rule", [
    ('"1.1":\n', "1.10:\n", "schema.type"),
    ("stage: final", "stage: no", "yaml.ambiguous-boolean"),
    ("stage: final", "stage: finished", "schema.enum"),
    ("group: so-nganh", "group: so-nganh\nbogus: 1", "schema.unknown-key"),
    ("unit: so-noi-vu\n", "", "schema.missing-key"),
    ("self: 8.5", 'self: "8.5"', "schema.type"),
    ("date: 2023-01-15", "date: 15/01/2023", "schema.format"),
    ("date: 2023-01-15", "date: 2023-02-30", "schema.format"),
    ('"3.1": {result: 80}', '"3.1": {result: -80}', "schema.range"),
    ("unit: so-noi-vu", "unit: Sở Nội vụ", "schema.format"),
    ("figures: {received: 200, on_time: 196, late: 4}", "figures: {received: 200, on_time: 196.5, late: 4}", "schema.type"),
])
def test_schema_errors_point_at_the_line(mini, old, new, rule):
    line = mutate(mini, S23, old, new)
    hits = [d for d in diagnostics_of(mini) if d.rule == rule and d.path == S23]
    assert hits, diagnostics_of(mini)
    assert any(abs(d.line - line) <= 1 for d in hits), (hits, line)


def test_all_errors_reported_in_one_run(mini):
    mutate(mini, S23, "stage: final", "stage: finished")
    mutate(mini, "scores/2023/so-nganh/so-tu-phap.yaml", "self: 1.5", "self: 1.6")
    mutate(mini, "criteria/so-nganh/2022.yaml", "total: 20", "total: 21")
    rules = {(d.path, d.rule) for d in diagnostics_of(mini)}
    assert {(S23, "schema.enum"), ("scores/2023/so-nganh/so-tu-phap.yaml", "scores.value"),
            ("criteria/so-nganh/2022.yaml", "criteria.maxima")} <= rules


def test_misplaced_files_are_reported(mini):
    (mini / "scores/2023/so-nganh/extra.yml").write_text("unit: x\n", encoding="utf-8")
    assert any(d.rule == "layout.unexpected-file" for d in diagnostics_of(mini))


def test_check_exit_codes_and_formats(mini):
    runner = CliRunner()
    ok = runner.invoke(main, ["check", "--root", str(mini)])
    assert ok.exit_code == 0, ok.output
    mutate(mini, S23, "self: 8.5", "self: 8.6")
    bad = runner.invoke(main, ["check", "--root", str(mini)])
    assert bad.exit_code == 1 and f"{S23}:" in bad.output and "scores.value" in bad.output
    as_json = runner.invoke(main, ["check", "--root", str(mini), "--format", "json"])
    data = json.loads(as_json.stdout)
    assert data["errors"] == 1 and data["diagnostics"][0]["message"]["vi"]
    gh = runner.invoke(main, ["check", "--root", str(mini), "--format", "github"])
    assert gh.stdout.startswith(f"::error file={S23},line=") and "title=scores.value::" in gh.stdout
    misuse = runner.invoke(main, ["check", "--format", "xml"])
    assert misuse.exit_code == 2


def test_garbage_file_gives_diagnostic_not_traceback(mini):
    (mini / S23).write_bytes(b"\x00\xff\xfe garbage \x80")
    proc = subprocess.run([sys.executable, "-m", "generator.cli", "check", "--root", str(mini)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "yaml.encoding" in proc.stdout


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_committed_schema_matches_model(kind):
    committed = (REPO / paths.SCHEMAS_DIR / paths.SCHEMA_FILES[kind]).read_text(encoding="utf-8")
    assert committed == schema_text(kind), "run: parportal schemas"


def test_schemas_accept_the_golden_files():
    jsonschema = pytest.importorskip("jsonschema")
    from generator.load.yamlsource import read_yaml

    def plain(value):
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral() else float(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    mini = Path(__file__).parent / "fixtures/mini"
    for kind, pattern in (("registry", "scores/units.yaml"), ("criteria", "criteria/*/*.yaml"),
                          ("scores", "scores/*/*/*.yaml")):
        schema = json.loads(schema_text(kind))
        for file in sorted(mini.glob(pattern)):
            jsonschema.validate(plain(read_yaml(file).data), schema)


def test_committed_formats_reference_matches_model():
    from generator.core import paths
    from generator.workflow.formats_doc import FILE
    from generator.workflow.schemas import formats_text
    committed = (paths.ROOT / paths.SCHEMAS_DIR / FILE).read_text(encoding="utf-8")
    assert committed == formats_text(), "generator/schemas/README.md is stale: run `parportal schemas`"
