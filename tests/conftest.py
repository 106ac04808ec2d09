"""Shared fixtures: the golden mini dataset and a way to break copies of it."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from generator.compute import compute
from generator.load import load
from generator.pipeline.build import load_and_validate

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _fixtures_without_cache():
    """Tests that read a fixture in place (load(MINI)) leave the content-hash cache in its build/;
    a stale one there would answer a later session's validation. Gone before and after each session."""
    def clear() -> None:
        for folder in FIXTURES.glob("*/build"):
            shutil.rmtree(folder, ignore_errors=True)
    clear()
    yield
    clear()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the golden mini dataset."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="module")
def dataset():
    """The golden mini dataset, loaded (shared: tests must not change it)."""
    return load(MINI, cache=False).dataset  # never a cache written into the fixture


@pytest.fixture(scope="module")
def results(dataset):
    """`dataset` computed."""
    return compute(dataset)


# The mini 2023 set's parts in the two-part form, and the same set declaring nested parts instead:
# a score part (fields 1 and 2) and an impact part made of two survey sub-parts (3.1 and 3.2).
TWO_PARTS = "parts:\n  appraised: 15\n  survey: 5\n"
NESTED_PARTS = """parts:
  - id: diem-tham-dinh
    name: Điểm thẩm định
    name_en: Appraisal score
    max: 15
    criteria: ["1", "2"]
  - id: tac-dong
    name: Tác động
    name_en: Impact
    max: 5
    parts:
      - id: hai-long
        name: Hài lòng của người dân
        name_en: Citizen satisfaction
        max: 3
        criteria: ["3.1"]
      - id: khao-sat-lanh-dao
        name: Khảo sát lãnh đạo
        name_en: Leader survey
        max: 2
        criteria: ["3.2"]
"""


def nested(change: dict[str, str] | None = None) -> str:
    """`NESTED_PARTS` with each key of `change` replaced by its value (once each)."""
    text = NESTED_PARTS
    for old, new in (change or {}).items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def mutate(root: Path, rel: str, old: str, new: str) -> int:
    """Replace the single occurrence of `old` in `rel`; return the 1-based line where it started."""
    file = root / rel
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    file.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def diagnostics_of(root: Path):
    _, diags = load_and_validate(root)
    return diags


def benchmark_module(name: str) -> ModuleType:
    """A script of benchmarks/ (`synth`, `run`, `ci_check`) imported as the module `bench_<name>`."""
    module_name = f"bench_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module
