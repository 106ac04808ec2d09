"""Workflow commands above the pipeline: `scaffold` (`parportal new`), `diff` (what a change does
to scores and ranks), `codeowners` (who approves which files), `results_view` (`parportal
results`), `schemas` and `formats_doc` (JSON Schemas and the format reference from the model).
`parportal fix` is `generator.validate.canonical`, shared with the linter rule that checks it.
May import the pipeline and every stage; never `generator.cli`.
"""
