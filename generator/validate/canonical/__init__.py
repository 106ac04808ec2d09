"""The canonical form of a data file, shared by `parportal fix` and the `file.canonical` rule.

One text per meaning (whether a collection is written as a block or as a flow on one line is
the author's choice and is kept), so that reviews show changes of substance only:

* the first line is the file's schema line (`file.schema-line`); other comments are kept, in
  their order, where they were (above a key or list item, at the end of a line, or at the end
  of a block), re-indented to their key; runs of blank lines become one;
* keys in the order of the model's fields (`model_fields`, recursively; `self` for the
  self-assessed value), except that a criterion's sub-criteria (`criteria`) come after its
  own keys; unknown keys after them in their own order; the entries of a
  dictionary (scores by criterion id, figures) keep their order;
* criterion ids always in double quotes (`"1.1"`); other text plain when the strict reader
  would read it back as the same text, else double-quoted; text with line breaks as a literal
  block (`|`); numbers exactly as written (`1.50` stays `1.50`: no float, no rounding),
  `true`/`false`, an empty value for null;
* 2 spaces per level, list items indented under their key (`  - id: "1"`), flow
  collections (`{status: done, self: 2}`) kept as flow on one line (the comments of a flow
  collection written over several lines at the end of that line), one final newline.

It works on libyaml's event stream (the parser the strict reader uses), not on a round-trip
library: the rule runs on every file on every check (the 94 demo files: 0.34 s here, against
6.5 s for a ruamel.yaml round trip). `fix_text` re-reads its output with the strict reader and
refuses to return anything whose data differ from the input's, so a rewrite can never change a
meaning; tests/test_workflow_canonical.py proves on random layouts that fix keeps the data and
every comment and is idempotent.

The package, in pipeline order: `base` (file kinds, constants), `nodes` (a file as nodes from
libyaml's events), `shapes` (what the model expects where), `comments` (where each comment
belongs), `scalars` (how one value is written), `render` (the canonical text), `fixing`
(`parportal fix` and the check).
"""
from __future__ import annotations

from generator.validate.canonical.base import INDENT, MODELINE, CanonicalError, kind_of_path
from generator.validate.canonical.fixing import FixResult, first_difference, fix_file, fix_text
from generator.validate.canonical.nodes import Map, Node, Scalar, Seq
from generator.validate.canonical.render import Document, canonical_text, plain_node, text_node
from generator.validate.canonical.scalars import _literal_ok, double_quoted, plain_ok, reads_as_text
from generator.validate.canonical.shapes import Shape, shape_for

__all__ = ["INDENT", "MODELINE", "CanonicalError", "Document", "FixResult", "Map", "Node", "Scalar", "Seq",
           "_literal_ok", "canonical_text", "double_quoted", "first_difference", "fix_file", "fix_text",
           "kind_of_path", "plain_node", "plain_ok", "reads_as_text", "Shape", "shape_for", "text_node"]
