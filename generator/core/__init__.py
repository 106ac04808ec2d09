"""Shared by every stage: what all of them need and none of them owns.

`paths` (every input and output location as a named constant), `diagnostics` (the one error
type: file, line, column, rule, Vietnamese and English), `report` (the one place that prints
diagnostics), `textfmt` (Vietnamese and English number formats), `buildinfo` (commit and date
stamps of a build), `files` (walking a folder and reading a file without ever following a link
or opening a pipe or a device), `teams` (the names of the reviewing GitHub teams), `characters`
(which characters may stand in text) and `escape` (spreadsheet cells, URLs). Imports nothing of
`generator` outside this package.
"""
