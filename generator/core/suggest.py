""""Did you mean": the closest of the valid choices to what someone wrote.

One place for how the checker and the `new` commands match what people type against ids, keys
and values: case, Vietnamese diacritics, đ, spacing and punctuation do not count ("Sở Tài chính",
"so tai chinh" and "so-tai-chinh" are one key), a choice may be written by any of its names (a
unit by its id or its name, a status by its value or its Vietnamese word), and otherwise the
nearest spellings are offered (`difflib.get_close_matches`, which catches swapped and dropped
letters: `dnoe` → `done`, `evidance` → `evidence`).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

from generator.core.characters import name_key

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """`text` as a key that ignores case, diacritics, đ, spacing and punctuation."""
    plain = unicodedata.normalize("NFD", name_key(text).replace("đ", "d"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", plain).strip()


def slug(text: str, sep: str = "-") -> str:
    """`text` written as an id: "Sở Tài chính" → "so-tai-chinh" (`sep` "_" for figure names)."""
    return fold(text).replace(" ", sep)


def closest(word: str, choices: Mapping[str, Iterable[str]] | Iterable[str], n: int = 3,
            cutoff: float = 0.6) -> list[str]:
    """The choices `word` most likely meant, best first: one that `word` names exactly (by its
    value or one of its names, folded), else up to `n` close spellings. `choices` maps each
    valid value to the other names it may be written by (or is just the values)."""
    names: dict[str, str] = {}
    items = choices.items() if isinstance(choices, Mapping) else ((c, ()) for c in choices)
    for value, aliases in items:
        for name in (value, *aliases):
            names.setdefault(fold(name), value)
    key = fold(word)
    if not key:
        return []
    if key in names:
        return [names[key]]
    found: list[str] = []
    for hit in difflib.get_close_matches(key, list(names), n=n * 3, cutoff=cutoff):
        if names[hit] not in found:
            found.append(names[hit])
    return found[:n]
