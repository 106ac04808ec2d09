"""The `parportal` command: one subcommand per user task.

Thin: it parses options, calls the pipeline (`generator.pipeline`), a stage or a workflow command
(`generator.workflow`), and prints. Nothing imports it."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.options import ROOT_OPTION
from generator.core import report
from generator.core.diagnostics import has_errors, sort_diagnostics
from generator.pipeline.build import load_and_validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Cổng Chỉ số CCHC / PAR Index portal: kiểm tra, tính điểm, xuất bản / check, compute, publish."""


@main.command()
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              help="Định dạng đầu ra / Output format.")
def check(root: Path, fmt: str) -> None:
    """Kiểm tra mọi tệp dữ liệu / Validate every data file (exit 1 on errors)."""
    ds, diags = load_and_validate(root)
    if not has_errors(diags) and any(g.announced for r in ds.rounds for g in r.groups.values()):
        from generator.compute import compute  # announced results are checked against the computed ones
        from generator.compute.reconcile import reconcile_diagnostics
        diags = diags + reconcile_diagnostics(ds, compute(ds).reconciliations)
    diags = sort_diagnostics(diags)
    report.print_diagnostics(diags, fmt, sys.stdout, sys.stderr)
    sys.exit(1 if has_errors(diags) else 0)


@main.command()
@ROOT_OPTION
@click.option("--year", type=int, help="Năm / Year (mặc định: năm mới nhất đã công bố / latest published).")
@click.option("--group", help="Nhóm / Group id.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
def results(root: Path, year: int | None, group: str | None, fmt: str) -> None:
    """Bảng xếp hạng / The ranking, as a table, CSV or JSON."""
    from generator.compute import compute
    from generator.workflow.results_view import print_table, ranking_rows, rows_csv, rows_json
    ds, diags = load_and_validate(root)
    if has_errors(diags):
        report.print_diagnostics(sort_diagnostics(diags), "text", sys.stderr, sys.stderr)
        sys.exit(1)
    res = compute(ds)
    rows = ranking_rows(ds, res, year, group)
    if rows is None:
        years = ", ".join(map(str, res.final_years)) or "—"
        groups = ", ".join(sorted({r.group for r in res.rankings})) or "—"
        open_note = ""
        if year in res.open_years:
            open_note = (f" Năm {year} đang đánh giá, chưa có kết quả chính thức: xem trang tiến độ của cổng. / "
                         f"{year} is still being assessed: see the portal's progress page.")
        raise click.UsageError(f"Không có kết quả cho năm/nhóm đã chọn. / No results for that year or group.{open_note}"
                               f"\nNăm đã công bố / published years: {years}. Nhóm / groups: {groups}.")
    if fmt == "csv":
        sys.stdout.write(rows_csv(rows))
    elif fmt == "json":
        sys.stdout.write(rows_json(rows))
    else:
        print_table(rows)


@main.command()
@ROOT_OPTION
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Thư mục đầu ra / Output folder (mặc định site/).")
@click.option("--dirty", is_flag=True, help="Chỉ dựng lại trang đã đổi / Only rebuild changed pages (MkDocs --dirty).")
@click.option("--timings", is_flag=True, help="In thời gian từng giai đoạn / Print each stage's time.")
def build(root: Path, site_dir: Path | None, dirty: bool, timings: bool) -> None:
    """Dựng cổng thông tin / Build the portal: check, compute, render, MkDocs."""
    from mkdocs.exceptions import MkDocsException

    from generator.pipeline.build import build as run_build
    try:
        result = run_build(root.resolve(), site_dir.resolve() if site_dir else None, dirty=dirty)
    except MkDocsException as err:
        click.echo(f"MkDocs: {err}", err=True)
        click.echo("MkDocs từ chối bản dựng; thư mục site vẫn nguyên bản trước. / MkDocs rejected the build; "
                   "the site folder keeps the previous build.", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("\nĐã dừng. Thư mục site vẫn trọn vẹn: bản trước, hoặc bản mới nếu đã kịp thay. / Interrupted. "
                   "The site folder is whole: the previous build, or the new one if it was already swapped in.",
                   err=True)
        sys.exit(130)
    if not result.ok:
        sys.exit(1)
    r = result.rendered
    click.echo(f"{r.pages} trang, {r.data_files} tệp dữ liệu, {r.charts.drawn} biểu đồ vẽ mới, {r.charts.reused} dùng lại"
               f" / pages, data files, charts drawn, charts reused.")
    if timings:
        for stage, seconds in result.times.wall.items():
            click.echo(f"  {stage:<9} {seconds:7.2f} s wall {result.times.cpu[stage]:7.2f} s cpu "
                       f"{result.times.peak_mib[stage]:8.0f} MiB peak")


@main.command()
@ROOT_OPTION
@click.option("--dev-addr", default="127.0.0.1:8000", help="Địa chỉ / Address.")
def serve(root: Path, dev_addr: str) -> None:
    """Xem trước, tự tải lại khi dữ liệu hay mẫu đổi / Preview with live reload (data and templates too)."""
    from generator.pipeline.serve import serve as run_serve
    sys.exit(run_serve(root.resolve(), dev_addr))


@main.command()
@ROOT_OPTION
def schemas(root: Path) -> None:
    """Ghi lại lược đồ JSON từ mô hình / Regenerate the JSON Schemas from the model."""
    from generator.workflow.schemas import write_schemas
    for path in write_schemas(root):
        click.echo(path.relative_to(root))


from generator.cli.workflow import register as _register_workflow  # noqa: E402

_register_workflow(main)

