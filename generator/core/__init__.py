"""Shared by every stage: what all of them need and none of them owns.

`paths` (every input and output location as a named constant), `diagnostics` (the one error
type: file, line, column, rule, Vietnamese and English), `report` (the one place that prints
diagnostics), `textfmt` (Vietnamese and English number formats), `buildinfo` (commit and date
stamps of a build), `files` (walking a folder and reading a file without ever following a link
or opening a pipe or a device). Imports nothing of `generator` outside this package.
"""
