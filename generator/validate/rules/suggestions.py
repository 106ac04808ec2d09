""""Did you mean" for the ids the rules check (units, groups, criteria, figures), shared by the
rules. Not a rule itself.

A unit is matched by its id, its name, its English name or a former name, ignoring case and
diacritics (`generator.core.suggest`), so a unit's name written where its id is expected is
answered with the id; otherwise the closest spellings are offered.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from generator.core.suggest import closest


def unit_names(ds) -> dict[str, tuple[str, ...]]:
    """Every unit's id with the names it may be written by."""
    return {u.id: (u.name, u.name_en, *(f.name for f in u.former_names)) for u in ds.units.values()}


def _shown(found: list[str], ds, lang: str) -> list[str]:
    out = []
    for value in found:
        unit = ds.units.get(value) if ds is not None else None
        name = (unit.name if lang == "vi" else unit.name_en) if unit is not None else None
        out.append(f"`{value}` ({name})" if name else f"`{value}`")
    return out


def did_you_mean(word: object, choices: Mapping[str, Iterable[str]] | Iterable[str], ds=None,
                 n: int = 3) -> tuple[str, str]:
    """(' Có phải là `a` hoặc `b`?', ' Did you mean `a` or `b`?'), with a leading space to append
    to a sentence, or ('', '') when nothing is close. With `ds`, a unit id is followed by its
    name."""
    found = closest(str(word), choices, n=n)
    if not found:
        return "", ""
    return (" Có phải là " + " hoặc ".join(_shown(found, ds, "vi")) + "?",
            " Did you mean " + " or ".join(_shown(found, ds, "en")) + "?")


def unit_hint(word: object, ds) -> tuple[str, str]:
    """`did_you_mean` over the registry's units, by id or name."""
    return did_you_mean(word, unit_names(ds), ds)


def codes(values: Iterable[object]) -> str:
    """`a`, `b`, `c`: values in code quotes."""
    return ", ".join(f"`{v}`" for v in values)
