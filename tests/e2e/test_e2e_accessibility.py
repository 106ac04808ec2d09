"""axe-core (vendored, tests/e2e/vendor/) finds no serious or critical accessibility violation on
the main pages: every WCAG 2.1 A/AA and best-practice rule in the light colour scheme, the colour
rules again in the dark one."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from e2e_support import HERE, pages_of, site_pages

pytestmark = pytest.mark.e2e

AXE = HERE / "vendor" / "axe.min.js"
AXE_SHA256 = "880970c081707360e64f34cea25ff91892f5bc95675b0776925b9709dd8a68bb"  # axe-core 4.10.3
MAIN = ("home", "ranking", "unit", "criteria-set", "methodology")
ALSO = ("rankings-index", "units-index", "criteria-changes", "progress", "announcement", "open-data", "maps-index",
        "map")
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe_source() -> str:
    data = Path(AXE).read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, f"{AXE} is not the vendored axe-core 4.10.3"
    return data.decode("utf-8")


ALL_RULES = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}
# What a colour scheme can change: the dark scheme is checked for these only.
COLOUR_RULES = {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}


def violations(page, axe_source: str, run_only: dict = ALL_RULES) -> list[dict]:
    page.add_script_tag(content=axe_source)
    return page.evaluate("""async (runOnly) => {
      const r = await axe.run(document, {resultTypes: ['violations'], runOnly});
      return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(0, 3).join(' | '))}));
    }""", run_only)


def report(rel: str, found: list[dict]) -> str:
    return "\n".join(f"{rel}: [{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_main_pages_have_no_serious_violation(scheme, demo, visit, axe_source):
    pages = site_pages(demo.site)
    problems = []
    # The main pages in both schemes; the other page types in the light scheme.
    for kind in MAIN + (ALSO if scheme == "light" else ()):
        found = pages_of(kind, pages)
        assert found, f"no {kind} page"
        page, watch = visit(found[0], color_scheme=scheme)
        # Open every collapsed detail, so that what it hides is checked too.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        rules = ALL_RULES if scheme == "light" else COLOUR_RULES
        blocking = [v for v in violations(page, axe_source, rules) if v["impact"] in BLOCKING]
        if blocking:
            problems.append(report(found[0], blocking))
    assert not problems, "\n".join(problems)
