"""Material's search box finds units and criteria by Vietnamese words, with and without
diacritics, entirely offline (the index and lunr run from the built site)."""
from __future__ import annotations


import pytest
import yaml

from generator.render.templating import fold  # the portal's own folding: "Sở Nội vụ" → "so noi vu"

pytestmark = pytest.mark.e2e

HOME_AFFAIRS = "Sở Nội vụ"


def search(page, query: str) -> list[str]:
    """Type `query` into the search box like a reader; return the result links' targets."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.keyboard.type(query, delay=15)
    items = page.locator(".md-search-result__list a.md-search-result__link")
    try:
        items.first.wait_for(state="visible", timeout=8000)
    except Exception:  # noqa: BLE001 - no result at all: the caller's assertion says what was expected
        return []
    page.wait_for_timeout(300)  # let the list settle after the last keystroke
    return [page.evaluate("a => new URL(a.href).pathname", h) for h in items.element_handles()]


def home_affairs_page(registry: dict) -> str:
    ids = [u["id"] for u in registry["units"] if u["name"] == HOME_AFFAIRS]
    assert ids, f"the demo has no unit named {HOME_AFFAIRS!r}"
    return f"/don-vi/{ids[0]}.html"


@pytest.mark.parametrize("query", ["Nội vụ", "noi vu"])
def test_search_finds_the_home_affairs_department(query, registry, visit):
    page, watch = visit("index.html")
    target = home_affairs_page(registry)
    found = search(page, query)
    assert target in found[:5], f"searching {query!r}: {target} not among the first results {found[:10]}"
    assert not watch.problems(), "\n".join(watch.problems())


def a_criterion(demo) -> tuple[str, str]:
    """A scored criterion of the newest criteria set of the first group (name, criteria-set page)."""
    sets = sorted((demo.root / "criteria").glob("*/*.yaml"), key=lambda p: (p.parent.name, p.stem))
    assert sets, "no criteria set in the demo"
    path = max(sets, key=lambda p: p.stem)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = []

    def walk(items):
        for item in items or []:
            children = item.get("criteria") or item.get("children")
            if children:
                walk(children)
            elif item.get("name"):
                names.append(item["name"])

    walk(data.get("fields") or data.get("criteria"))
    assert names, f"no criterion found in {path}"
    # The longest name: distinctive words, with diacritics.
    name = max(names, key=lambda n: (len(n), n))
    return name, f"/bo-tieu-chi/{path.parent.name}/{path.stem}.html"


@pytest.mark.parametrize("folded", [False, True], ids=["with-diacritics", "without-diacritics"])
def test_search_finds_a_criterion(folded, demo, visit):
    name, target = a_criterion(demo)
    query = " ".join(name.split()[:6])
    query = fold(query) if folded else query
    page, watch = visit("index.html")
    found = search(page, query)
    assert target in found, f"searching {query!r} ({name!r}): {target} not among the results {found[:10]}"
    assert not watch.problems(), "\n".join(watch.problems())
