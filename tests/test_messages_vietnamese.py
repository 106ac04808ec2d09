"""The Vietnamese line of every diagnostic is Vietnamese: run the checker over a corpus of broken
copies of the golden dataset (every rule's failing case, the schema's, the strict reader's, the
layout's) and look, in each Vietnamese message and hint, for English words outside code quotes
(`done`), quoted names and data (“…”) and paths. Keys and fixed values of the format count as
English there: a Vietnamese line names them in code quotes, with the Vietnamese words for a value
(“không áp dụng” (`not_applicable`))."""
from __future__ import annotations

import os
import re
import shutil
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.load import model
from tests.conftest import MINI, diagnostics_of, mutate
from tests.test_rules import CASES

S23 = "scores/2023/so-nganh/so-noi-vu.yaml"
S24 = "scores/2024/so-nganh/so-noi-vu.yaml"
C23 = "criteria/so-nganh/2023.yaml"
REG = "scores/units.yaml"

# Common English words of messages; none is a Vietnamese word written without diacritics.
COMMON = {
    "a", "about", "add", "all", "and", "any", "are", "as", "at", "be", "by", "cannot", "change", "check", "did",
    "does", "empty", "enter", "error", "expected", "file", "files", "fix", "for", "from", "got", "has", "have", "here",
    "if", "invalid", "is", "it", "its", "key", "keys", "mean", "missing", "move", "must", "no", "not", "number", "of",
    "one", "or", "remove", "rename", "set", "should", "text", "that", "the", "this", "true", "false", "null",
    "unknown", "use", "valid", "value", "values", "warning", "when", "which", "with", "write", "you", "your", "id",
}


def _format_words() -> set[str]:
    """Every key and fixed value of the three formats (they go in code quotes in a Vietnamese line)."""
    words: set[str] = set()
    seen: set[type] = set()

    def walk(annotation) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in seen:
                return
            seen.add(annotation)
            for name, field in annotation.model_fields.items():
                words.update(re.split(r"_", field.alias or name))
                words.add(field.alias or name)
                walk(field.annotation)
            return
        if typing.get_origin(annotation) is typing.Literal:
            words.update(str(v) for v in typing.get_args(annotation))
        for arg in typing.get_args(annotation):
            walk(arg)

    for top in (model.Registry, model.CriteriaSet, model.ScoreFile):
        walk(top)
    return {w for w in words if len(w) > 1}


ENGLISH = COMMON | _format_words()


def english_in(text: str) -> list[str]:
    """The English words of a Vietnamese line, outside code quotes, “quoted” names and paths."""
    text = re.sub(r"``.*?``|`[^`]*`", " ", text)
    text = re.sub(r"“[^”]*”", " ", text)
    text = re.sub(r"\S*[/\\]\S*", " ", text)  # paths, commands with a path, 0x bytes
    return [w for w in re.findall(r"\w+", text) if w.isascii() and w.lower() in ENGLISH]  # Vietnamese words are \w too


def test_the_detector_finds_english_and_only_english():
    assert english_in("Chọn một trong: 'done', 'in_progress' or 'not_applicable'.") == ["done", "in_progress", "or",
                                                                                       "not_applicable"]
    assert english_in("Thêm unranked_reason, hoặc đặt stage: self.") == ["unranked_reason", "stage", "self"]
    assert english_in("Ghi “không áp dụng” (`not_applicable`) ở `status`; xem scores/units.yaml.") == []
    assert english_in("Lỗi cú pháp YAML: tệp UTF-8 có ký tự tab.") == []


BROKEN_EXTRA = [
    # the schema: a value of each kind wrong, a key unknown or missing, an id, a date, a URL, a host
    (S23, '"1.1":\n', "1.10:\n"), (S23, "stage: final", "stage: finished"), (S23, "stage: final", "stage: xyz"),
    (S23, "group: so-nganh", "group: so-nganh\nbogus: 1"), (S23, "group: so-nganh", "group: so-nganh\nevidance: 1"),
    (S23, "unit: so-noi-vu\n", ""), (S23, "self: 8.5", 'self: "8.5"'), (S23, "self: 8.5", "self: xyz"),
    (S23, "date: 2023-01-15", "date: 15/01/2023"), (S23, "date: 2023-01-15", "date: 2023-02-30"),
    (S23, "date: 2023-01-15", "date:"), (S23, '"3.1": {result: 80}', '"3.1": {result: -80}'),
    (S23, '"3.1": {result: 80}', '"3.1": {result: 80.12345}'), (S23, "unit: so-noi-vu", "unit: Sở Nội vụ"),
    (S23, "unit: so-noi-vu", "unit: Sở Nội vụ mới"), (S23, "self: 8.5", "self: 8,5"),
    (S23, "figures: {received: 200, on_time: 196, late: 4}", "figures: {received: 200, on_time: 196.5, late: 4}"),
    (S23, "figures: {received: 200, on_time: 196, late: 4}", "figures: {received: 200, On Time: 196, late: 4}"),
    (S23, '"1.2": {status: done, self: true}', '"1,2": {status: done, self: true}'),
    (S23, '"1.2": {status: done, self: true}', '"1.2": {status: done, self: có}'),
    (S23, "reason: Kế hoạch ban hành chậm so với quy định.", "reason: ''"),
    (S23, "        title: Kế hoạch cải cách hành chính năm 2023", "        title: x\n        url: ftp://x"),
    (S23, "    evidence:\n", "    evidence: 12/KH\n    x:\n"), (S23, "scores:\n", "scores: [1, 2]\nx:\n"),
    (C23, "rule: {type: manual, step: 0.5}", "rule: {type: manul, step: 0.5}"),
    (C23, "rule: {type: manual, step: 0.5}", "rule: {step: 0.5}"),
    (C23, "appraised_by: so-noi-vu", "appraised_by: so-noi-vu\nties: share"),
    (C23, "appraised_by: so-tai-chinh", "appraised_by: Sở Tài chính"),
    (C23, "appraised_by: so-tai-chinh", "appraised_by: so-tai-chnh"),
    (C23, "  date: 2022-12-20", "  date:"),
    (REG, "  demo: true\n", "  demo: true\n  file_sharing_hosts: [\"https://drive.google.com/\"]\n"),
    (REG, "  demo: true\n", "  demo: true\n  repository: github.com/x\n"),
    (REG, "  demo: true\n", "  demo: yes\n"),
    # the strict reader
    (S23, "stage: final", "stage: no"), (S23, "self: 8.5", "self: 012"), (S23, "self: 8.5", "self: .5"),
    (S23, "group: so-nganh", "group: &g so-nganh\nx: *g"), (S23, "group: so-nganh", "group: !!str so-nganh"),
    (S23, "group: so-nganh", "group: so-nganh\ngroup: so-nganh"), (S23, "group: so-nganh", "group: so-nganh\n<<: {a: 1}"),
    (S23, "group: so-nganh", "group: so-nganh\n---\na: 1"), (S23, "group: so-nganh", "group: [so-nganh"),
    (S23, "group: so-nganh", "group: so-nganh: x"), (S23, "group: so-nganh", "group:\tso-nganh"),
    (S23, "group: so-nganh", "group: @so"), (S23, "group: so-nganh", 'group: "so-nganh'),
    # the new rules and the ids
    (C23, "        rule: {type: binary}", "        rule: {type: binary}\n        evidence_required: true"),
    (S23, "        title: Kế hoạch cải cách hành chính năm 2023\n",
     "        title: Kế hoạch cải cách hành chính năm 2023\n        url: https://1drv.ms/b/s!x\n"),
    (S23, '"1.2": {status: done, self: true}', '"1.22": {status: done, self: true}'),
    (S23, "figures: {paid_online: 30, eligible: 40}", "figures: {paid_onlne: 30, eligible: 40}"),
    (S23, '"2.1": {status: done, self: 8.5}', '"2.1": {status: done, self: 8.5, figures: {a: 1}, result: 3}'),
    (S23, '"2.2": {status: done, self: -0.5, note: Bị phê bình một lần.}', '"2.2": {status: not_applicable, self: 1}'),
    (S23, '"1.2": {status: done, self: true}', '"1.2": {status: not_due, self: true}'),
    (C23, "  date: 2022-12-20", "  date: 20/12/2022"),
    (C23, 'replaces: ["1.3"]', 'replaces: ["1.33"]'),
    (REG, "    group: so-nganh\n    first_year: 2022\n    last_year", "    group: so-ngnah\n    first_year: 2022\n    last_year"),
]


def _corpus(tmp_path: Path):
    cases = [(rel, old, new) for _, rel, old, new, _ in CASES] + BROKEN_EXTRA
    for i, (rel, old, new) in enumerate(cases):
        root = tmp_path / f"c{i}"
        shutil.copytree(MINI, root)
        mutate(root, rel, old, new)
        yield root
    # the layout: a file out of place, a link, a file that is not UTF-8, an empty file
    root = tmp_path / "layout"
    shutil.copytree(MINI, root)
    (root / "scores/2023/so-nganh/extra.yml").write_text("unit: x\n", encoding="utf-8")
    (root / S24).write_bytes(b"unit: S\xf4\n")
    (root / "scores/2022/so-nganh/so-noi-vu.yaml").write_text("", encoding="utf-8")
    if hasattr(os, "symlink"):
        os.symlink(root / C23, root / "criteria/so-nganh/2030.yaml")
    yield root


def test_every_vietnamese_line_of_the_checker_is_vietnamese(tmp_path):
    found: dict[tuple[str, str], list[str]] = {}
    rules: set[str] = set()
    for root in _corpus(tmp_path):
        for d in diagnostics_of(root):
            rules.add(d.rule)
            for text in (d.message_vi, d.hint_vi):
                words = english_in(text)
                if words:
                    found.setdefault((d.rule, text), words)
    assert len(rules) >= 40, sorted(rules)  # the corpus reaches the rules, the schema and the reader
    assert not found, "\n".join(f"[{rule}] {text}  ← {words}" for (rule, text), words in sorted(found.items()))


@pytest.mark.parametrize("text", ["Chọn một trong: done, failed.", "`x` must be set", "Tệp không có 'status'."])
def test_the_check_would_fail_on_english(text):
    assert english_in(text)
