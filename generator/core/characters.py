"""Which characters may stand in names and free text, one table for the checker and the fixer.

* Forbidden (an error): C0 and C1 control characters other than line feed, tab and carriage return (NUL, ESC,
  DEL, ...) and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
  U+2066–U+2069), which can make a reviewer read text in another order than it is stored.
* Invisible (a warning): zero-width and other format characters (U+200B–U+200F, U+2060–U+2064,
  U+FEFF, U+00AD, U+180E, U+034F), which make two names look the same while they differ.
* Text is stored in Unicode NFC; `fix` writes it so, and writes every forbidden or invisible
  character as an escape (`\\u200B`) that a reviewer can see.
* Look-alikes: a word that mixes Latin letters with Cyrillic or Greek ones ("Sở Nội vụ" with a
  Cyrillic "о"); `name_key` folds such letters, case, spacing and invisible characters so that
  two names a reader cannot tell apart compare equal.
"""
from __future__ import annotations

import re
import unicodedata

FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"  # CR: line endings
INVISIBLE = "\u00ad\u034f\u180e\u200b-\u200f\u2060-\u2064\ufeff"
FORBIDDEN_RE = re.compile(f"[{FORBIDDEN}]")
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
SUSPECT_RE = re.compile(f"[{FORBIDDEN}{INVISIBLE}]")


def describe(ch: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`, the way a reviewer can look a character up."""
    name = unicodedata.name(ch, "")
    if not name:
        name = {"\x00": "NULL", "\x1b": "ESCAPE", "\x7f": "DELETE"}.get(ch, "CONTROL")
    return f"U+{ord(ch):04X} {name}"


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Cyrillic and Greek letters drawn like Latin ones (the common confusables of Vietnamese text).
_LOOKALIKE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})


def name_key(name: str) -> str:
    """What a reader sees of a name: NFC, look-alike letters as Latin, no invisible characters,
    spaces collapsed, case folded. Two names with the same key cannot be told apart on a page."""
    text = nfc(INVISIBLE_RE.sub("", nfc(name)).translate(_LOOKALIKE))  # again: a Cyrillic о + ̂ is Latin ô now
    return " ".join(text.split()).casefold()


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script
    return "OTHER"


def mixed_script_words(text: str) -> list[tuple[str, list[str]]]:
    """Each word that mixes Latin with Cyrillic or Greek letters, with its non-Latin letters
    described (`describe`)."""
    found = []
    for word in text.split():
        scripts = {_script(ch) for ch in word} - {None}
        if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"}:
            odd = sorted({ch for ch in word if _script(ch) in ("CYRILLIC", "GREEK")})
            found.append((word, [describe(ch) for ch in odd]))
    return found
