"""Material's search box finds units and criteria by Vietnamese words, with and without
diacritics, entirely offline (the index and lunr run from the built site)."""
from __future__ import annotations

import json
import random
from collections import Counter
from decimal import Decimal

import pytest
import yaml

from generator.publish.readypages import UNIT_BOOST
from generator.render.ready import unit_search_text
from generator.render.templating import fold  # the portal's own folding: "Sở Nội vụ" → "so noi vu"
from tests.conftest import benchmark_module

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


def national_entries() -> list[dict]:
    """Unit search entries at national scale, made by the portal's own function for the 3,500
    units of the benchmark's dataset (`benchmarks/synth.py`, seed 1): "Ban chuyên ngành số N",
    communes such as "UBND xã An Bình 2", and ranks in the thousands, so that a query word "2",
    which Material searches as "2*", reaches rare words such as "28" and "2258"."""
    synth = benchmark_module("synth")
    rng = random.Random(1)
    groups, units = synth.make_units(rng, 3500, 2021)
    group_name = {gid: name for gid, name, _ in groups}
    size = Counter(u.group for u in units)
    docs = []
    for u in units:
        results = [(2024 - i, Decimal(rng.randint(5000, 9500)) / 100, rng.randint(1, size[u.group])) for i in range(4)]
        docs.append({"location": f"don-vi/{u.id}.html", "title": u.name, "boost": UNIT_BOOST,
                     "text": unit_search_text(group_name[u.group], u.name, u.name_en, [], results)})
    return docs


@pytest.fixture(scope="module")
def national() -> dict[str, str]:
    return {d["location"]: d for d in national_entries()}


@pytest.mark.parametrize("query, unit", [
    ("An Bình 2", "xa-an-binh-2"), ("an binh 2", "xa-an-binh-2"), ("xã An Bình 2", "xa-an-binh-2"),
    ("Nghĩa Bình 2", "xa-nghia-binh-2"), ("số 28", "ban-chuyen-nganh-so-28"), ("noi vu", "so-noi-vu"),
])
def test_search_ranks_the_unit_named_first_among_thousands(query, unit, national, demo, visit):
    """The site's search worker (Material's, wrapped by parportal-search.js) on national-scale
    entries: no unit is ranked above the one named unless its name also holds every word typed
    ("Bình An 2" may tie with "An Bình 2"; "Ban chuyên ngành số 280" may not come before "số 28")."""
    page, watch = visit("index.html")
    config = json.loads((demo.site / "search/search_index.json").read_text(encoding="utf-8"))["config"]
    found = page.evaluate("""async ([config, docs, query]) => {
        const worker = new Worker(JSON.parse(document.getElementById("__config").textContent).search);
        const reply = () => new Promise((ok, fail) => { worker.onmessage = e => ok(e.data); worker.onerror = fail; });
        worker.postMessage({type: 0, data: {config, docs, options: {suggest: false}}});
        await reply();
        worker.postMessage({type: 2, data: query});
        const result = await reply();
        worker.terminate();
        return result.data.items.map(group => group[0].location);
    }""", [config, list(national.values()), query])
    target = f"don-vi/{unit}.html"
    assert target in found, f"searching {query!r}: {target} not found; first results {found[:5]}"
    words = set(fold(query).split())
    above = [loc for loc in found[:found.index(target)] if not words <= set(fold(national[loc]["title"]).split())]
    assert not above, f"searching {query!r}: ranked above {target}: {above[:5]}"
    assert not watch.problems(), "\n".join(watch.problems())


def test_search_with_diacritics_searches_the_whole_query_and_ranks_the_exact_unit_first(registry, visit):
    """Playwright types "ở", "ộ" and "ụ" as a keyboard that composes them does: as input with no
    keyup, which Material alone never searched ("Sở Nội vụ" was searched as "sở nội v", and a loose
    match, Sở Giao thông vận tải, came second)."""
    page, watch = visit("index.html")
    found = search(page, HOME_AFFAIRS)
    assert found[:1] == [home_affairs_page(registry)], found[:5]
    searched = page.evaluate("() => [...document.querySelectorAll('.md-search-result__list a.md-search-result__link')]"
                             ".map(a => new URL(a.href).searchParams.get('h'))")
    assert searched[0] == HOME_AFFAIRS.lower(), searched[:3]  # every word, as typed
    second = [u["name"] for u in registry["units"] if found[1] == f"/don-vi/{u['id']}.html"]
    assert second and "vụ" in second[0].split(), f"the second result is a loose match: {found[:3]}"
    assert not watch.problems(), "\n".join(watch.problems())
