"""Large tables marked as ready HTML skip Markdown and search, and come back unchanged."""
from __future__ import annotations

from generator.publish.readyblocks import ReadyBlocks

PAGE = """# Xếp hạng

<!--pp:ready-->
<div class="pp-table-wrap"><table id="bang-xep-hang"><tr><td>Sở *Nội* vụ</td></tr></table></div>
<!--/pp:ready-->

Đoạn *Markdown*.

<!--pp:ready-->
<div id="b2"><p>hai</p></div>
<!--/pp:ready-->
"""


def test_blocks_are_set_aside_and_put_back_verbatim():
    ready = ReadyBlocks()
    md = ready.set_aside("x.md", PAGE)
    assert "table" not in md and "<!--pp:ready:0-->" in md and "<!--pp:ready:1-->" in md and "Đoạn *Markdown*." in md
    assert ready.ids("x.md") == {"bang-xep-hang", "b2"}
    html = "<h1>Xếp hạng</h1>\n<!--pp:ready:0-->\n<p>Đoạn <em>Markdown</em>.</p>\n<!--pp:ready:1-->"
    out = ready.put_back("x.md", html)
    assert '<td>Sở *Nội* vụ</td>' in out and '<div id="b2"><p>hai</p></div>' in out and "pp:ready" not in out
    assert ready.put_back("x.md", "<p>again</p>") == "<p>again</p>"  # handed back once, then forgotten


def test_a_page_without_blocks_is_untouched():
    ready = ReadyBlocks()
    assert ready.set_aside("y.md", "# Trang\n\nKhông có bảng.") == "# Trang\n\nKhông có bảng."
    assert ready.ids("y.md") == set() and ready.put_back("y.md", "<p>x</p>") == "<p>x</p>"
