"""`parportal diff BASE [HEAD]`: what a change does to the published results.

Both revisions are materialised from git (only `criteria/` and `scores/`), loaded, validated
and computed with the same code as the portal; the report lists, per year and group, the
units whose index, rank or band moved (with the criteria behind it: self-assessed and
appraised values and the agency's reason) or, in a year still open, whose points so far and
criteria statuses moved; each unit's stage and appraisal document, explanations and the
agencies' responses, evidence and notes; units added or removed; what is new after its deadline
(late submissions and explanations) and the rounds' deadlines and results decisions that changed;
the agencies' appraisal and survey files added or changed (their document, entry by entry); criteria sets added or changed
in detail (removed, renamed, added, maximum changed, as the site's changes page says); and
whether HEAD validates. As text for a terminal, or as Markdown for a pull-request comment
(every piece of text from the data is escaped), which mentions the teams of the units and
agencies whose data changed.

Modules: `git` (revisions to folders), `compare` (each side computed, then compared), `text`
and `markdown` (the two ways of writing the report).
"""
from __future__ import annotations

from generator.workflow.diff.compare import (
    AgencyDelta,
    CriterionDelta,
    EntryDelta,
    LateItem,
    Report,
    RoundDelta,
    SetDelta,
    Side,
    UnitDelta,
    compare,
    evaluate,
    run,
)
from generator.workflow.diff.git import DiffUsageError
from generator.workflow.diff.markdown import MARKER, MAX_MARKDOWN, as_markdown, html_text, md
from generator.workflow.diff.text import as_text, headlines, summary

__all__ = ["MARKER", "MAX_MARKDOWN", "AgencyDelta", "CriterionDelta", "DiffUsageError", "EntryDelta", "LateItem", "Report",
           "RoundDelta", "SetDelta", "Side", "UnitDelta",
           "as_markdown", "as_text", "compare", "evaluate", "headlines", "html_text", "md", "run", "summary"]
