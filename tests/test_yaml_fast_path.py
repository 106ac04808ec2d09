"""The fast YAML path (libyaml composes the document; positions worked out only when a diagnostic
needs them) must be indistinguishable from the full strict reader: same data with the same
types, same diagnostics, same positions once asked for."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core import paths
from generator.load.yamlsource import parse_yaml


def typed(value):
    """The value with every scalar's type made explicit (1 == Decimal(1) == True in Python)."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, str(value) if isinstance(value, Decimal) else value)


def same(raw: bytes) -> None:
    full = parse_yaml(raw, "f.yaml")
    fast = parse_yaml(raw, "f.yaml", lazy=True)
    assert typed(fast.data) == typed(full.data)
    assert fast.diagnostics == full.diagnostics
    assert fast.source == full.source  # a lazy map fills its positions here


def test_every_committed_data_file_reads_the_same_both_ways():
    files = [p for d in (paths.CRITERIA_DIR, paths.SCORES_DIR) for p in (paths.ROOT / d).rglob("*.yaml")]
    files += list((paths.ROOT / "tests" / "fixtures").rglob("*.yaml"))
    assert len(files) > 90
    for file in files:
        same(file.read_bytes())


FRAGMENTS = ["a", "b", "id", "self", ":", ": ", "\n", "\n  ", "\n    ", "- ", "-", "{", "}", "[", "]", ", ", '"',
             "'", "#", " # c", "1", "1.10", "0.5", "-2", "012", "1e3", "no", "yes", "true", "null", "~", "2023-01-15",
             "Sở Nội vụ", "&x ", "*x", "!!str ", "\t", "---\n", "<<: ", "|\n  x", ">\n  y", ".inf", "1_000", "x: y"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_random_documents_read_the_same_both_ways(parts):
    same("".join(parts).encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "1.1", "stage", "self"]),
                       st.one_of(st.integers(-5, 5), st.sampled_from(["done", "1.50", "no", "x y", ""]),
                                 st.lists(st.sampled_from(["1", "a", "2.0"]), max_size=3)), max_size=5))
def test_block_mappings_read_the_same_both_ways(data):
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            lines.append(f"{key}:" + "".join(f"\n  - {v}" for v in value))
        else:
            lines.append(f"{key}: {value}")
    same(("\n".join(lines) + "\n").encode("utf-8"))
