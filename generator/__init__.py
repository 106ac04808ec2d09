"""parportal: the PAR Index portal generator and the `parportal` command.

The pipeline runs one way, one package per stage; each may import only the packages above it
in this list (tests/test_layering.py reads every import and fails on an arrow that runs back up):

    core/        shared: every path as a named constant, diagnostics, number formats, build stamp
    machinery/   what makes builds fast and incremental: content-hash cache, memo, worker processes
    load/        1 load      strict YAML bytes -> typed model (`model.py`) + diagnostics
    validate/    2 validate  every rule of `rules/` (one per file) -> diagnostics; `canonical/`
    compute/     3 compute   dataset -> points, parts, indices, ranks, bands, history, progress,
                             years as published, announced figures reconciled
    render/      4 render    results -> Markdown pages, SVG charts, open data, ready unit pages
    publish/     5 publish   MkDocs (strict) -> site/, with its hook and the ready pages
    pipeline/    the stages as a script (`build.py`) and the live preview (`serve.py`)
    workflow/    commands above the pipeline: new, fix, diff, codeowners, results, schemas, export
                 workbook and import (`workbook/`), import of a decision's annex (`annex.py`)
    verify/      `parportal verify`: every published figure recomputed from the open data alone
                 (a second opinion beside the pipeline: imports nothing but `core`)
    cli/         the `parportal` command, thin: options in, a pipeline or workflow call out
    demo/        the deterministic demonstration province (not product code)
    schemas/     generated JSON Schemas and the format reference (data, not code)
"""
