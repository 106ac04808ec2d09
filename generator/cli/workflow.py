"""Staff and reviewer commands (new, fix, diff, codeowners), registered on the main CLI group."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.cli.options import ROOT_OPTION


def _refuse(vi: str, en: str, code: int = 1) -> None:
    click.echo(f"Lỗi: {vi}", err=True)
    click.echo(f"Error: {en}", err=True)
    sys.exit(code)


# --------------------------------------------------------------------------- parportal new

@click.group()
def new() -> None:
    """Tạo tệp điểm hoặc bộ tiêu chí mới / Start a score file or a criteria set."""


@new.command("scores")
@ROOT_OPTION
@click.option("--unit", "unit_id", required=True,
              help="Mã hoặc tên đơn vị, ví dụ so-noi-vu hoặc \"Sở Nội vụ\" / Unit id or name.")
@click.option("--year", type=int, required=True, help="Năm đánh giá / Year assessed.")
def new_scores(root: Path, unit_id: str, year: int) -> None:
    """Tệp tự đánh giá, đủ mọi tiêu chí / A self-assessment file listing every criterion.

    Ghi scores/<năm>/<nhóm>/<đơn-vị>.yaml; không ghi đè / Writes scores/<year>/<group>/<unit>.yaml;
    never overwrites."""
    from generator.workflow.scaffold import ScaffoldError, new_score_file
    try:
        created = new_score_file(root, unit_id, year)
    except ScaffoldError as err:
        _refuse(err.vi, err.en)
    click.echo(created.next_vi)
    click.echo(created.next_en)


def _iso_date(ctx, param, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise click.BadParameter("Ngày dạng YYYY-MM-DD, ví dụ 2023-09-21 / A date as YYYY-MM-DD, e.g. 2023-09-21.")


@new.command("criteria")
@ROOT_OPTION
@click.option("--group", required=True, help="Mã nhóm, ví dụ so-nganh / Group id.")
@click.option("--year", type=int, required=True, help="Năm đầu áp dụng bộ mới / First year of the new set.")
@click.option("--from", "previous", type=int, required=True, help="Năm của bộ cũ để sao / Year of the set to copy.")
@click.option("--decision", "decision_number", help="Số quyết định, ví dụ 3507/QĐ-UBND / Decision number.")
@click.option("--decision-date", callback=_iso_date, help="Ngày quyết định YYYY-MM-DD / Decision date.")
def new_criteria(root: Path, group: str, year: int, previous: int, decision_number: str | None,
                 decision_date: str | None) -> None:
    """Bộ tiêu chí năm mới, sao từ bộ cũ / A new year's criteria set, copied from a previous one.

    Mỗi tiêu chí có replaces trỏ về cùng mã trong bộ cũ; quyết định để trống cần điền /
    every criterion gets replaces pointing at the same id; the decision is left to fill in."""
    from generator.workflow.scaffold import ScaffoldError, new_criteria_set
    try:
        created = new_criteria_set(root, group, year, previous, decision_number, decision_date)
    except ScaffoldError as err:
        _refuse(err.vi, err.en)
    click.echo(created.next_vi)
    click.echo(created.next_en)


# --------------------------------------------------------------------------- parportal fix

def _data_files(root: Path, targets: tuple[Path, ...]) -> tuple[list[str], list[str]]:
    """Repo-relative data files named by `targets` (files or folders; none: all), and skipped paths."""
    from generator.core import paths
    from generator.load import discover_all, registry_present
    from generator.validate.canonical import kind_of_path
    criteria, scores, agencies, _ = discover_all(root)
    every = sorted(([paths.REGISTRY_FILE] if registry_present(root) else []) + criteria + scores + agencies)
    if not targets:
        return every, []
    base = root.resolve()
    chosen: list[str] = []
    skipped: list[str] = []
    for target in targets:
        full = target.resolve()
        try:
            rel = full.relative_to(base).as_posix()
        except ValueError:
            raise click.UsageError(f"{target} nằm ngoài thư mục dữ liệu {root} / is outside the data folder {root}.")
        if full.is_dir():
            prefix = "" if rel == "." else rel + "/"
            chosen += [f for f in every if f.startswith(prefix)]
        elif not full.exists():
            raise click.UsageError(f"Không có tệp {target} / No such file: {target}.")
        elif kind_of_path(rel) is None or rel not in every:  # e.g. a pipe or a device: never opened
            skipped.append(rel)
        else:
            chosen.append(rel)
    return sorted(set(chosen)), skipped


@click.command()
@ROOT_OPTION
@click.option("--check", "check_only", is_flag=True,
              help="Không ghi; liệt kê tệp chưa chuẩn, thoát 1 nếu có / Do not write; list files that are not "
                   "canonical and exit 1 if any.")
@click.argument("targets", nargs=-1, type=click.Path(path_type=Path))
def fix(root: Path, check_only: bool, targets: tuple[Path, ...]) -> None:
    """Viết lại tệp dữ liệu ở dạng chuẩn, giữ chú thích / Rewrite data files in canonical form, keeping comments.

    Không đối số: mọi tệp dữ liệu. Nội dung không đổi: lệnh đọc lại kết quả và từ chối nếu khác /
    No arguments: every data file. The meaning never changes: the result is re-read and refused if it differs."""
    from generator.core import report
    from generator.validate.canonical import fix_file
    files, skipped = _data_files(root, targets)
    for rel in skipped:
        click.echo(f"bỏ qua / skipped (không phải tệp dữ liệu / not a data file): {rel}", err=True)
    changed = broken = 0
    for rel in files:
        result = fix_file(root, rel, write=not check_only)
        if result.diagnostics:
            broken += 1
            click.echo(report.as_text(result.diagnostics), err=True)
        elif result.changed:
            changed += 1
            click.echo(f"{'chưa chuẩn / not canonical' if check_only else 'đã sửa / fixed'}: {rel}")
    same = len(files) - changed - broken
    if check_only:
        click.echo(f"{changed} tệp chưa chuẩn, {same} tệp đã chuẩn, {broken} tệp lỗi YAML. / "
                   f"{changed} not canonical, {same} canonical, {broken} with YAML errors.", err=True)
        if changed:
            click.echo("Sửa bằng / Fix with: parportal fix", err=True)
    else:
        click.echo(f"{changed} tệp đã viết lại, {same} tệp đã chuẩn, {broken} tệp lỗi YAML không sửa được. / "
                   f"{changed} rewritten, {same} already canonical, {broken} with YAML errors left as they are.",
                   err=True)
    sys.exit(1 if broken or (check_only and changed) else 0)


# --------------------------------------------------------------------------- parportal diff

@click.command()
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text",
              help="text cho terminal, markdown cho bình luận pull request / text for a terminal, markdown for a "
                   "pull-request comment.")
@click.argument("base", required=False)
@click.argument("head", required=False)
def diff(root: Path, fmt: str, base: str | None, head: str | None) -> None:
    """Kết quả thay đổi thế nào giữa hai phiên bản / How results change between two revisions.

    BASE mặc định origin/main (hoặc main); HEAD mặc định là cây làm việc. Thoát 0 khi HEAD hợp lệ,
    1 khi HEAD có lỗi, 2 khi dùng sai / BASE defaults to origin/main (else main), HEAD to the working
    tree. Exit 0 when HEAD is valid, 1 when it has errors, 2 on misuse."""
    from generator.workflow.diff import DiffUsageError, as_markdown, as_text, run
    try:
        report = run(root, base, head)
    except DiffUsageError as err:
        _refuse(err.vi, err.en, code=2)
    sys.stdout.write(as_markdown(report) if fmt == "markdown" else as_text(report))
    sys.exit(0 if report.head_valid else 1)


# --------------------------------------------------------------------------- parportal codeowners

def _org(value: str | None) -> str | None:
    from generator.workflow.codeowners import ORG_NAME
    if value is not None and not ORG_NAME.match(value):
        raise click.BadParameter(f"'{value}' không phải tên tổ chức GitHub (chữ, số, gạch nối); ví dụ --org tinh-x. / "
                                 f"'{value}' is not a GitHub organisation name (letters, digits, hyphens); e.g. --org my-org.")
    return value


@click.command()
@ROOT_OPTION
@click.option("--check", "check_only", is_flag=True,
              help="Không ghi; thoát 1 nếu tệp đã commit khác bản sinh ra / Do not write; exit 1 if the committed "
                   "file differs from the generated one.")
@click.option("--org", default=None, callback=lambda ctx, param, value: _org(value),
              help="Tổ chức GitHub; mặc định lấy từ province.repository, không có thì parportal / "
                   "GitHub organisation; default: from province.repository, else parportal.")
def codeowners(root: Path, check_only: bool, org: str | None) -> None:
    """Sinh .github/CODEOWNERS từ danh mục đơn vị và bộ tiêu chí / Generate .github/CODEOWNERS from the
    registry and the criteria sets."""
    from generator.workflow.codeowners import CODEOWNERS, COMMAND, drift, generate_for
    if check_only:
        found = drift(root, org)
        if found is None:
            click.echo(f"{CODEOWNERS} khớp với dữ liệu / is up to date.")
            return
        click.echo(found, nl=False)
        _refuse(f"{CODEOWNERS} không khớp với danh mục đơn vị và bộ tiêu chí. Sinh lại: {COMMAND}, rồi commit.",
                f"{CODEOWNERS} is out of date with the registry and criteria sets. Regenerate: {COMMAND}, then commit.")
    text = generate_for(root, org)
    target = root / CODEOWNERS
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        click.echo(f"{CODEOWNERS}: không đổi / unchanged.")
        return
    target.write_text(text, encoding="utf-8")
    click.echo(f"{CODEOWNERS}: đã ghi / written.")


# --------------------------------------------------------------------------- parportal export / import

@click.group()
def export() -> None:
    """Xuất dữ liệu cho người không dùng git / Export data for staff who do not use git."""


@export.command("workbook")
@ROOT_OPTION
@click.option("--unit", "unit_id", help="Tự đánh giá của đơn vị (mã hoặc tên) / A unit's self-assessment (id or name).")
@click.option("--agency", help="Bảng thẩm định (hoặc điều tra) của cơ quan / An agency's appraisal (or survey) table.")
@click.option("--council", is_flag=True, help="Bảng của Hội đồng thẩm định nhóm / The group's council table.")
@click.option("--survey", is_flag=True, help="Bảng của đơn vị điều tra xã hội học / The survey organiser's table.")
@click.option("--all-units", is_flag=True, help="Tự đánh giá của mọi đơn vị được đánh giá trong năm (hoặc trong --group), "
                                                 "mỗi đơn vị một tệp trong thư mục -o / Every unit's self-assessment "
                                                 "of the year (or of --group), one file each in the folder -o.")
@click.option("--year", type=int, required=True, help="Năm đánh giá / Year assessed.")
@click.option("--group", help="Mã nhóm (với --agency, --council, --survey) / Group id.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp .xlsx ghi ra; mặc định tên theo loại bảng trong thư mục hiện tại / Output file.")
def export_workbook(root: Path, unit_id: str | None, agency: str | None, council: bool, survey: bool,
                    all_units: bool, year: int, group: str | None, output: Path | None) -> None:
    """Bảng tính .xlsx để điền rồi nhập lại bằng parportal import / An .xlsx workbook to fill in and import back.

    Một trong / one of: --unit U --year Y (tự đánh giá / self-assessment); --agency A --year Y --group G
    (thẩm định các tiêu chí được giao / an agency's appraisal); --council --year Y --group G;
    --survey --year Y --group G; --all-units --year Y [--group G] -o THƯ-MỤC/FOLDER."""
    from generator.load import load
    from generator.workflow.workbook.rows import (
        WorkbookError,
        agency_book,
        council_of,
        self_book,
        survey_agency_of,
    )
    from generator.workflow.workbook.writer import workbook_bytes
    chosen = sum(bool(x) for x in (unit_id, agency, council, survey, all_units))
    if chosen != 1:
        raise click.UsageError("Chọn đúng một: --unit, --agency, --council, --survey hoặc --all-units. / "
                               "Choose exactly one of --unit, --agency, --council, --survey, --all-units.")
    if all_units:
        _export_all(root, year, group, output or Path(f"tu-danh-gia-{year}"))
        return
    if not unit_id and not group:
        raise click.UsageError("Cần --group với --agency, --council, --survey. / --group is needed with "
                               "--agency, --council, --survey.")
    ds = load(root).dataset
    try:
        if unit_id:
            book = self_book(ds, unit_id, year)
        else:
            if council:
                agency = council_of(ds, group, year)
            elif survey:
                agency = survey_agency_of(ds, group)
            book = agency_book(ds, agency, year, group)
    except WorkbookError as err:
        _refuse(err.vi, err.en)
    target = output or Path(book.default_name)
    data = workbook_bytes(book, root)
    target.write_bytes(data)
    click.echo(f"Đã ghi {target}: {len(book.rows)} dòng, nhập lại vào {book.target}. / "
               f"Wrote {target}: {len(book.rows)} rows, to be imported into {book.target}.")


def _export_all(root: Path, year: int, group: str | None, folder: Path) -> None:
    """One self-assessment workbook per unit assessed in `year` (of `group`), into `folder`."""
    from generator.core.buildinfo import build_info
    from generator.load import load
    from generator.workflow.workbook.rows import WorkbookError, self_book
    from generator.workflow.workbook.writer import workbook_bytes
    ds = load(root).dataset
    if group is not None and group not in ds.groups:
        _refuse(f"Không có nhóm {group}.", f"No group {group}.")
    info = build_info(root, None)
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for unit in ds.units.values():
        if not unit.active_in(year) or (group is not None and unit.group != group):
            continue
        try:
            book = self_book(ds, unit.id, year)
        except WorkbookError as err:
            click.echo(f"bỏ qua / skipped {unit.id}: {err.vi} / {err.en}", err=True)
            continue
        (folder / book.default_name).write_bytes(workbook_bytes(book, root, info))
        written += 1
    click.echo(f"Đã ghi {written} bảng tính vào {folder}. / Wrote {written} workbooks into {folder}.")


@click.command("import")
@ROOT_OPTION
@click.option("--dry-run", is_flag=True, help="Kiểm tra và liệt kê thay đổi, không ghi / Check and list the changes; "
                                              "write nothing.")
@click.option("--year", type=int, help="Bảng kết quả công bố: năm / a published results table: its year.")
@click.option("--group", help="Bảng kết quả công bố: nhóm / a published results table: its group.")
@click.option("--decision", "decision_number", help="Số quyết định công bố (khi tệp kỳ đánh giá chưa ghi) / "
                                                    "the decision's number (where the round file has none).")
@click.option("--decision-date", help="Ngày ký, YYYY-MM-DD / the decision's date.")
@click.option("--issuer", help="Cơ quan ban hành / the issuing authority.")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(root: Path, dry_run: bool, year: int | None, group: str | None, decision_number: str | None,
            decision_date: str | None, issuer: str | None, workbook: Path) -> None:
    """Nhập bảng tính đã điền vào tệp YAML / Write a filled-in workbook into the YAML files.

    Một bảng kết quả đã công bố (phụ lục quyết định, CSV hoặc XLSX) thì ghi kèm --year và --group:
    vào `announced` của nhóm trong scores/<năm>/ky-danh-gia.yaml / A published results table (a
    decision's annex, CSV or XLSX) takes --year and --group: it goes into the group's `announced`.

    Báo mọi lỗi một lần (trang!ô, tiêu chí, đơn vị); không ghi gì khi còn lỗi. Thoát 1 khi có lỗi /
    Reports every problem at once (sheet!cell, criterion, unit); writes nothing while any remains.
    Exit 1 on errors."""
    if year is not None or group is not None or workbook.suffix.lower() == ".csv":
        _import_annex(root, workbook, year, group, decision_number, decision_date, issuer, dry_run)
        return
    from generator.workflow.workbook.reader import describe, import_workbook
    result = import_workbook(root, workbook, dry_run=dry_run)
    _problems_or_refuse(result, "bảng tính", "workbook")
    for change in result.changes:
        click.echo(f"{change.where} ({change.unit}, {change.cid}) {change.column.vi} / {change.column.en}: "
                   f"{describe(change.old, change.column)} → {describe(change.new, change.column)}")
    if not result.files:
        click.echo(f"Không có thay đổi; {result.target} giữ nguyên. / No changes; {result.target} is unchanged.")
    elif dry_run:
        click.echo(f"--dry-run: sẽ ghi / would write {', '.join(result.files)} ({len(result.changes)} ô / cells).")
    else:
        click.echo(f"Đã ghi / wrote {', '.join(result.files)} ({len(result.changes)} ô / cells). "
                   "Tiếp theo / next: parportal check, parportal diff, commit, pull request.")


def _problems_or_refuse(result, vi: str, en: str) -> None:
    """An import's problems, each printed; with any error, exit 1 saying nothing was written."""
    for problem in result.problems:
        click.echo(problem.text(), err=True)
    if not result.ok:
        errors = sum(not p.warning for p in result.problems)
        _refuse(f"{errors} lỗi; không ghi tệp nào. Sửa {vi} rồi nhập lại.",
                f"{errors} error(s); nothing was written. Correct the {en} and import it again.")


def _import_annex(root: Path, table: Path, year: int | None, group: str | None, number: str | None,
                  date: str | None, issuer: str | None, dry_run: bool) -> None:
    from generator.workflow.annex import import_annex
    if year is None or group is None:
        _refuse("Bảng kết quả công bố cần --year và --group.", "A published results table needs --year and --group.")
    decision = None
    if number or date or issuer:
        if not (number and date and issuer):
            _refuse("Ghi đủ --decision, --decision-date và --issuer.", "Give all of --decision, --decision-date and --issuer.")
        decision = {"number": number, "date": date, "issuer": issuer}
    result = import_annex(root, table, year, group, decision, dry_run=dry_run)
    _problems_or_refuse(result, "bảng", "table")
    verb = ("--dry-run: sẽ ghi / would write" if dry_run else "Đã ghi / wrote")
    click.echo(f"{verb} {result.target}: {len(result.rows)} đơn vị / units, nhóm / group {group}, năm / year {year}."
               + ("" if dry_run else " Tiếp theo / next: parportal check, parportal diff, commit, pull request."))


# --------------------------------------------------------------------------- parportal verify

@click.command()
@click.argument("folder", type=click.Path(path_type=Path), default=Path("site"), required=False)
def verify(folder: Path) -> None:
    """Tính lại mọi con số đã công bố từ dữ liệu mở / Recompute every published figure from the open data.

    FOLDER: cổng đã dựng (site/, mặc định) hoặc thư mục dữ liệu mở của nó (site/data/) / a built site
    (site/, the default) or its open-data folder (site/data/). Thoát 1 và in mỗi con số sai một dòng
    `tệp:dòng: …` / exits 1 with one `file:row: …` line per figure that does not follow from the data."""
    from generator.core.textfmt import vn_number
    from generator.verify import NotOpenData
    from generator.verify import verify as run_verify
    try:
        report = run_verify(folder)
    except NotOpenData as err:
        _refuse(err.vi, err.en, 2)
    shown = folder / "data" if (folder / "data").is_dir() else folder
    for problem in report.problems:
        click.echo(problem.line(shown.as_posix()))
    figures, files = report.figures, report.files
    if report.ok:
        click.echo(f"Đã kiểm tra {vn_number(figures)} con số trong {vn_number(files)} tệp: mọi con số khớp với dữ liệu. "
                   f"/ Checked {figures:,} figures in {files:,} files: every figure follows from the data.")
        return
    count = len(report.problems)
    click.echo(f"{vn_number(count)} chỗ không khớp trong {vn_number(figures)} con số đã kiểm tra ({vn_number(files)} tệp). "
               f"/ {count:,} problems in {figures:,} figures checked ({files:,} files).")
    sys.exit(1)


def register(main: click.Group) -> None:
    """Attach the workflow commands to `main`."""
    for command in (new, fix, diff, codeowners, export, import_, verify):
        main.add_command(command)
