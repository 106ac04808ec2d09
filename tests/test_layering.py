"""The import layering of `generator/`: the pipeline runs one way, and so do its imports.

Every module's imports are read with `ast` (function-level imports included) and each arrow
between two packages of `generator` is checked against the order in `generator/__init__.py`.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import generator

PACKAGE = Path(generator.__file__).parent

# Lower rank first. A module may import its own package and any package of a lower rank; two
# packages of one rank may not import each other.
RANKS = {
    "core": 0,
    "machinery": 1,
    "load": 2,
    "validate": 3,
    "compute": 4,
    "render": 5,
    "publish": 6,
    "pipeline": 7,
    "workflow": 8,
    "verify": 8,
    "demo": 8,
    "cli": 9,
}
STAGES = ("load", "validate", "compute", "render", "publish")


def module_name(file: Path, package: Path = PACKAGE) -> str:
    parts = list(file.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(file: Path, package: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import of `generator` in `file`; `from X import y`
    counts as an import of `X.y` (y may be a module)."""
    name = module_name(file, package)
    own = name.split(".") if file.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(own[:len(own) - node.level + 1] + ([node.module] if node.module else []))
            found += [(node.lineno, f"{base}.{a.name}" if a.name != "*" else base) for a in node.names]
    return [(line, mod) for line, mod in found if mod == "generator" or mod.startswith("generator.")]


def area(module: str) -> str | None:
    """The top-level package of `generator` a module belongs to (None: `generator` itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def arrow_errors(package: Path = PACKAGE) -> list[str]:
    """Every import that runs against the layering, as `file:line: a -> b (why)`."""
    errors = []
    for file in sorted(package.rglob("*.py")):
        here = area(module_name(file, package))
        for line, target in imports_of(file, package):
            there = area(target)
            where = f"{file.relative_to(package.parent)}:{line}: {module_name(file, package)} -> {target}"
            if here is None:
                errors.append(f"{where} (generator/__init__.py imports nothing)")
            elif there is None:
                continue  # the package itself: nothing but its docstring
            elif here not in RANKS or there not in RANKS:
                errors.append(f"{where} (an unknown area: give it a rank here and a line in generator/__init__.py)")
            elif there == here:
                continue
            elif RANKS[there] >= RANKS[here]:
                errors.append(f"{where} (runs back up: {here} is rank {RANKS[here]}, {there} rank {RANKS[there]})")
            elif here in STAGES and there == "machinery" and target.count(".") > 1 \
                    and target.split(".")[2] in _machinery_modules(package):
                errors.append(f"{where} (a stage uses the machinery through `generator.machinery` only)")
    return errors


def _machinery_modules(package: Path) -> set[str]:
    return {p.stem for p in (package / "machinery").glob("*.py") if p.stem != "__init__"}


def test_imports_flow_one_way():
    assert arrow_errors() == []


def test_top_level_of_generator_is_packages_only():
    """The listing of generator/ reads as the pipeline: packages, no loose modules."""
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert loose == []
    areas = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert areas == set(RANKS), "every package has a rank here and a line in generator/__init__.py"


@pytest.mark.parametrize("name", sorted(RANKS))
def test_every_area_says_what_it_owns_and_may_import(name):
    doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "import" in doc.lower(), f"generator/{name}/__init__.py: say what it owns and may import"
    listing = ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8")))
    assert f"{name}/" in listing


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    package = tmp_path / "generator"
    for rel, text in {"__init__.py": "", **files}.items():
        file = package / rel
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text)
    return package


def test_an_arrow_back_up_is_found(tmp_path):
    package = _tree(tmp_path, {
        "core/__init__.py": "",
        "machinery/__init__.py": "", "machinery/memo.py": "",
        "load/__init__.py": "from generator.core import paths\nfrom ..machinery import Memo\n",
        "compute/__init__.py": "def f():\n    from ..render import pages\n",
        "render/__init__.py": "from generator.machinery.memo import Memo\n",
        "cli/__init__.py": "from generator.load import load\n",
        "workflow/diff.py": "from generator.cli import main\nfrom generator.demo import x\n",
        "demo/__init__.py": "",
    })
    found = arrow_errors(package)
    assert len(found) == 4, found
    assert any("compute/__init__.py:2" in e and "runs back up" in e for e in found)
    assert any("render/__init__.py:1" in e and "through `generator.machinery` only" in e for e in found)
    assert any("workflow/diff.py:1" in e and "generator.cli" in e for e in found)
    assert any("workflow/diff.py:2" in e and "generator.demo" in e for e in found)
