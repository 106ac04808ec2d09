"""`parportal verify`: a second opinion on the published open data. Every index, part, rank,
band, average and criterion's points of a built site is recomputed from the site's own open data
(`data/`: the JSON API, the CSV tables, the criteria sets' JSON) by the rules the methodology page
publishes, and every copy of a figure that does not follow is named by file and row.

Written apart from the generator on purpose, so that a mistake in `compute` or `render` shows as
a difference instead of being repeated: imports only the standard library and `generator.core`
(tests/test_verify.py checks it), never `load`, `validate`, `compute` or `render`. Nothing but
`generator.cli` imports it.
"""
from __future__ import annotations

from generator.verify.check import Problem, Report, verify
from generator.verify.reading import NotOpenData

__all__ = ["NotOpenData", "Problem", "Report", "verify"]
