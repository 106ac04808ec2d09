"""The one place that prints diagnostics: terminal text, JSON, or GitHub workflow annotations."""
from __future__ import annotations

import json
from typing import Iterable, TextIO

from generator.core.diagnostics import Diagnostic


def summary(diags: list[Diagnostic]) -> str:
    errors = sum(d.is_error for d in diags)
    warnings = len(diags) - errors
    if not diags:
        return "Không có lỗi. / No problems found."
    return f"{errors} lỗi, {warnings} cảnh báo. / {errors} errors, {warnings} warnings."


def as_text(diags: Iterable[Diagnostic]) -> str:
    lines = []
    for d in diags:
        label = "lỗi/error" if d.is_error else "cảnh báo/warning"
        lines.append(f"{d.path}:{d.line}:{d.col}: {label} [{d.rule}]")
        lines.append(f"    {d.message_vi}")
        lines.append(f"    {d.message_en}")
        if d.hint_vi or d.hint_en:
            lines.append(f"    → {d.hint_vi}")
            lines.append(f"    → {d.hint_en}")
    return "\n".join(lines)


def as_json(diags: Iterable[Diagnostic]) -> str:
    items = [d.as_dict() for d in diags]
    return json.dumps({"diagnostics": items, "errors": sum(i["severity"] == "error" for i in items)},
                      ensure_ascii=False, indent=2)


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def as_github(diags: Iterable[Diagnostic]) -> str:
    out = []
    for d in diags:
        level = "error" if d.is_error else "warning"
        props = f"file={_gh_escape(d.path, True)},line={d.line},col={d.col},title={_gh_escape(d.rule, True)}"
        body = f"{d.message_vi}\n{d.message_en}\n→ {d.hint_vi}\n→ {d.hint_en}"
        out.append(f"::{level} {props}::{_gh_escape(body)}")
    return "\n".join(out)


def print_diagnostics(diags: list[Diagnostic], fmt: str, out: TextIO, err: TextIO) -> None:
    if fmt == "json":
        print(as_json(diags), file=out)
        return
    if fmt == "github":
        if diags:
            print(as_github(diags), file=out)
        print(summary(diags), file=err)
        return
    if diags:
        print(as_text(diags), file=out)
    print(summary(diags), file=out)
