"""One `parportal check` reports every problem of a file that can be read: a value the schema
rejects is set aside (`generator.load.salvage`) and the rest of the file still goes through the
rules, so staff do not meet their errors in rounds."""
from __future__ import annotations

import re

from click.testing import CliRunner

from generator.cli import main
from generator.load import load
from generator.validate import validate
from tests.conftest import diagnostics_of, mutate

S23 = "scores/2023/so-nganh/so-noi-vu.yaml"
C23 = "criteria/so-nganh/2023.yaml"


def _check(root) -> str:
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 1, result.output
    return result.output


def _at(root, rel: str, text: str) -> tuple[int, int]:
    """(line, column) where `text` starts in `rel`."""
    for number, row in enumerate((root / rel).read_text(encoding="utf-8").split("\n"), 1):
        if text in row:
            return number, row.index(text) + 1
    raise AssertionError(f"{text!r} not in {rel}")


def test_a_bad_number_a_range_error_and_a_bad_status_in_one_check(mini):
    # three independent errors of different kinds, in three entries of one score file
    mutate(mini, S23, '  "2.1": {status: done, self: 8.5}', '  "2.1":\n    status: done\n    self: 8,5')  # malformed
    mutate(mini, S23, "    self: 2\n    appraised: 1.5", "    self: 5\n    appraised: 1.5")  # 1.1: max 2
    mutate(mini, S23, '"1.2": {status: done, self: true}', '"1.2": {status: dnoe, self: true}')  # not a status
    out = _check(mini)
    malformed, status = _at(mini, S23, "8,5"), _at(mini, S23, "dnoe")
    line, col = _at(mini, S23, "self: 5")
    over = (line, col + len("self: "))
    for (line, col), rule in ((malformed, "schema.type"), (over, "scores.value"), (status, "schema.enum")):
        assert f"{S23}:{line}:{col}: lỗi/error [{rule}]" in out, out
    assert "3 lỗi" in out and "3 errors" in out


def test_a_yaml_trap_does_not_hide_the_rest_of_the_file(mini):
    mutate(mini, S23, '"2.2": {status: done, self: -0.5, note: Bị phê bình một lần.}',
           '"2.2": {status: done, self: .5, note: Bị phê bình một lần.}')  # ambiguous number
    mutate(mini, S23, '"3.1": {result: 80}', '"3.1": {result: 180}')  # above the survey's scale
    rules = {d.rule for d in diagnostics_of(mini) if d.path == S23}
    assert {"yaml.ambiguous-number", "scores.value"} <= rules, rules


def test_a_rejected_unit_id_is_taken_from_the_path_and_the_file_still_checked(mini):
    mutate(mini, S23, "unit: so-noi-vu", "unit: Sở Nội vụ")
    mutate(mini, S23, '"3.1": {result: 80}', '"3.1": {result: 180}')
    found = [d for d in diagnostics_of(mini) if d.path == S23]
    assert {d.rule for d in found} == {"schema.format", "scores.value"}, found
    unit = next(d for d in found if d.rule == "schema.format")
    assert "`unit: so-noi-vu`" in unit.hint_vi and "`unit: so-noi-vu`" in unit.hint_en  # the name is answered with the id


def test_a_file_read_in_part_is_checked_but_never_computed(mini):
    mutate(mini, S23, '"1.2": {status: done, self: true}', '"1.2": {status: dnoe, self: true}')
    loaded = load(mini)
    assert S23 not in {sf.path for sf in loaded.dataset.score_files}
    assert [p.path for p in loaded.partial] == [S23]
    assert loaded.partial[0]._salvaged == frozenset({("scores", "1.2")})
    # the entry set aside is neither reported again nor counted missing by the final file's completeness rule
    found = [d for d in loaded.diagnostics + validate(loaded.dataset, partial=loaded.partial) if d.path == S23]
    assert [d.rule for d in found] == ["schema.enum"], found


def test_workers_find_the_same_in_files_read_in_part(mini):
    mutate(mini, S23, '"1.2": {status: done, self: true}', '"1.2": {status: dnoe, self: true}')
    mutate(mini, S23, '"3.1": {result: 80}', '"3.1": {result: 180}')
    loaded = load(mini)
    serial = validate(loaded.dataset, workers=1, partial=loaded.partial)
    forked = validate(loaded.dataset, workers=2, partial=loaded.partial)
    assert serial == forked and any(d.path == S23 and d.rule == "scores.value" for d in serial)


def test_a_required_key_missing_leaves_the_file_to_its_schema_errors(mini):
    mutate(mini, S23, "stage: final\n", "")
    mutate(mini, S23, '"3.1": {result: 80}', '"3.1": {result: 180}')
    loaded = load(mini)
    assert loaded.partial == ()
    assert [d.rule for d in diagnostics_of(mini) if d.path == S23] == ["schema.missing-key"]


def test_a_broken_criteria_set_is_named_instead_of_an_older_one_being_used(mini):
    # criteria/so-nganh/2023.yaml cannot be read: its score files are not checked against the 2022 set
    mutate(mini, C23, "  date: 2022-12-20", "  date: 20/12/2022")
    found = diagnostics_of(mini)
    in_2023 = [d for d in found if d.path.startswith("scores/2023/")]
    assert in_2023 and {d.rule for d in in_2023} == {"scores.criterion", "agency.file"}  # the agency's file waits too
    assert all(C23 in d.message_en and C23 in d.hint_vi for d in in_2023)
    date = next(d for d in found if d.path == C23)
    assert date.rule == "schema.format" and "`2022-12-20`" in date.hint_vi  # the date as it must be written


def test_a_criteria_set_read_in_part_is_still_checked_by_its_rules(mini):
    mutate(mini, C23, "appraised_by: so-tai-chinh", "appraised_by: Sở Tài chính")  # an optional id: set aside
    mutate(mini, C23, "  appraised: 15", "  appraised: 14")  # parts no longer add up
    found = [d for d in diagnostics_of(mini) if d.path == C23]
    assert {d.rule for d in found} == {"schema.format", "criteria.maxima"}, found
    name = next(d for d in found if d.rule == "schema.format")
    assert "`appraised_by: so-tai-chinh`" in name.hint_vi and "Sở Tài chính" in name.hint_vi


def test_every_position_is_a_real_place_in_the_file(mini):
    mutate(mini, S23, '"2.1": {status: done, self: 8.5}', '"2.1": {status: done, self: 8,5}')  # a comma in {…}
    found = [d for d in diagnostics_of(mini) if d.path == S23]
    assert [d.rule for d in found] == ["schema.type"]
    line, col = _at(mini, S23, "self: 8,5")
    assert (found[0].line, found[0].col) == (line, col + len("self: "))
    assert "`self: 8.5`" in found[0].hint_vi and re.search(r"dấu phẩy", found[0].hint_vi)


def test_a_criteria_file_that_does_not_load_is_not_hidden_by_the_validation_cache(mini):
    s24 = "scores/2024/so-nganh/so-noi-vu.yaml"
    assert not [d for d in diagnostics_of(mini) if d.path == s24]  # its per-file diagnostics are cached now
    c24 = "criteria/so-nganh/2024.yaml"
    text = (mini / C23).read_text(encoding="utf-8").replace("year: 2023", "year: 2024")
    (mini / c24).write_text(text.replace("  date: 2022-12-20", "  date: 20/12/2023"), encoding="utf-8")
    found = [d for d in diagnostics_of(mini) if d.path == s24]
    assert [d.rule for d in found] == ["scores.criterion"] and c24 in found[0].message_vi
