"""The `parportal` command: one subcommand per user task."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import report
from .diagnostics import has_errors, sort_diagnostics
from .load import load
from .validate import validate

ROOT_OPTION = click.option("--root", type=click.Path(file_okay=False, path_type=Path),
                           default=lambda: Path(os.environ.get("PARPORTAL_ROOT", ".")),
                           help="Thư mục dữ liệu (chứa criteria/ và scores/) / Data folder.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Cổng Chỉ số CCHC / PAR Index portal: kiểm tra, tính điểm, xuất bản / check, compute, publish."""


def load_and_validate(root: Path):
    """Load and validate `root`; diagnostics of both stages together."""
    loaded = load(root)
    return loaded.dataset, loaded.diagnostics + validate(loaded.dataset)


@main.command()
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              help="Định dạng đầu ra / Output format.")
def check(root: Path, fmt: str) -> None:
    """Kiểm tra mọi tệp dữ liệu / Validate every data file (exit 1 on errors)."""
    _, diags = load_and_validate(root)
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
    from .compute import compute
    from .results_view import ranking_rows, print_table, rows_csv, rows_json
    ds, diags = load_and_validate(root)
    if has_errors(diags):
        report.print_diagnostics(sort_diagnostics(diags), "text", sys.stderr, sys.stderr)
        sys.exit(1)
    res = compute(ds)
    rows = ranking_rows(ds, res, year, group)
    if rows is None:
        raise click.UsageError(f"Không có kết quả cho năm/nhóm đã chọn / No results for that year or group.")
    if fmt == "csv":
        sys.stdout.write(rows_csv(rows))
    elif fmt == "json":
        sys.stdout.write(rows_json(rows))
    else:
        print_table(rows)


@main.command()
@ROOT_OPTION
def schemas(root: Path) -> None:
    """Ghi lại lược đồ JSON từ mô hình / Regenerate the JSON Schemas from the model."""
    from .schemas import write_schemas
    for path in write_schemas(root):
        click.echo(path.relative_to(root))


from .cli_workflow import register as _register_workflow  # noqa: E402

_register_workflow(main)


if __name__ == "__main__":
    main()
