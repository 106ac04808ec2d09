"""Ids written inside a file must match the file's place: criteria/<group>/<year>.yaml,
scores/<year>/<group>/<unit>.yaml, scores/<year>/<group>/tham-dinh|dieu-tra/<agency>.yaml."""
from __future__ import annotations

from pathlib import PurePosixPath

from generator.load.model import AgencyFile, CriteriaSet, Round, ScoreFile
from generator.validate.rules.base import Rule, Scope, problem

ID = "file.path-matches"


def check(obj, ds):
    parts = PurePosixPath(obj.path).parts
    if isinstance(obj, CriteriaSet) and len(parts) == 3:
        expected = {"group": parts[1], "year": parts[2].removesuffix(".yaml")}
    elif isinstance(obj, ScoreFile) and len(parts) == 4:
        expected = {"year": parts[1], "group": parts[2], "unit": parts[3].removesuffix(".yaml")}
    elif isinstance(obj, Round) and len(parts) == 3:
        expected = {"year": parts[1]}
    elif isinstance(obj, AgencyFile) and len(parts) == 5:
        expected = {"year": parts[1], "group": parts[2], "agency": parts[4].removesuffix(".yaml")}
    else:
        return
    for key, want in expected.items():
        have = str(getattr(obj, key))
        if have != want:
            yield problem(obj, (key,), ID,
                          f"`{key}: {have}` không khớp với đường dẫn tệp (cần `{want}`).",
                          f"`{key}: {have}` does not match the file path (expected `{want}`).",
                          f"Sửa thành `{key}: {want}`, hoặc đổi tên hay chuyển tệp cho khớp.",
                          f"Change it to `{key}: {want}`, or rename or move the file to match.")


RULE = Rule(ID, Scope.FILE, "Mã trong tệp khớp với đường dẫn", "Ids in a file match its path", check)
