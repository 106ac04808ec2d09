"""`parportal fix` and the `file.canonical` check: rewrite, prove the data unchanged, report."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from generator.core.characters import nfc
from generator.core.diagnostics import Diagnostic
from generator.load.yamlsource import parse_yaml
from generator.validate.canonical.base import CanonicalError
from generator.validate.canonical.render import canonical_text


def _same(a: Any, b: Any) -> bool:
    """Equal data, down to how each decimal is written (1.50 is not 1.5 here), text compared in NFC."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, Decimal):
        return str(a) == str(b)
    if isinstance(a, str):
        return nfc(a) == nfc(b)  # `fix` writes text in NFC: the same text, stored one way
    return a == b


def fix_text(raw: bytes, rel_path: str) -> str:
    """The canonical text of a file's bytes; `CanonicalError` when it is not strictly readable YAML.

    The result is re-read and compared with the input: identical data or an error, never a
    rewrite that changes what the file says."""
    before = parse_yaml(raw, rel_path)
    if before.diagnostics:
        raise CanonicalError(before.diagnostics)
    text = raw.decode("utf-8")
    result = canonical_text(text, rel_path)
    after = parse_yaml(result.encode("utf-8"), rel_path)
    if after.diagnostics or not _same(before.data, after.data):
        raise RuntimeError(f"canonical form of {rel_path} would change its data; file left as it is (a bug: please report)")
    return result


def first_difference(text: str, canonical: str) -> tuple[int, str] | None:
    """The first line (1-based) where `text` differs from `canonical`, with the canonical line
    there; None when they are the same."""
    have = text.replace("\r\n", "\n").split("\n")
    want = canonical.split("\n")
    for n in range(max(len(have), len(want))):
        a = have[n] if n < len(have) else None
        b = want[n] if n < len(want) else None
        if a != b:
            return n + 1, b or ""
    return None


@dataclass(frozen=True)
class FixResult:
    path: str
    changed: bool
    diagnostics: tuple[Diagnostic, ...] = ()


def fix_file(root: Path, rel_path: str, write: bool = True) -> FixResult:
    file = root / rel_path
    raw = file.read_bytes()
    try:
        result = fix_text(raw, rel_path)
    except CanonicalError as err:
        return FixResult(rel_path, False, tuple(err.diagnostics))
    except (RuntimeError, ValueError, yaml.YAMLError) as err:  # a bug here: say so, touch nothing
        return FixResult(rel_path, False, (Diagnostic(
            rel_path, 1, 1, "file.canonical",
            f"parportal fix không viết lại được tệp này mà chắc chắn giữ nguyên nội dung; tệp để nguyên ({err}).",
            f"parportal fix cannot rewrite this file with certainty that its content is kept; left as it is ({err}).",
            "Báo lỗi này cho người bảo trì, kèm tệp; trong lúc chờ, sửa tay theo cảnh báo của parportal check.",
            "Report this to the maintainers with the file; meanwhile, edit by hand as parportal check says."),))
    if result.encode("utf-8") == raw:
        return FixResult(rel_path, False)
    if write:
        tmp = file.with_name(f".{file.name}.parportal-fix")
        tmp.write_bytes(result.encode("utf-8"))
        tmp.chmod(file.stat().st_mode & 0o777)
        tmp.replace(file)
    return FixResult(rel_path, True)
