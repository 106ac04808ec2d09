"""`parportal serve` as a user runs it: the preview is served, an edited score file shows on its
unit page, data with an error keeps the last good site, and fixing it shows again. The timeouts
only bound a hung server; how fast a change shows is measured in benchmarks/ (`serve` run)."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import MINI

PARPORTAL = Path(sys.executable).with_name("parportal")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, check, timeout: float = 120) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        body = _get(url)
        if body is not None and check(body):
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url}: not as expected after {timeout} s")


def test_serve_shows_edits_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(MINI, root, ignore=shutil.ignore_patterns("build"))
    file = next(p for p in sorted((root / "scores").rglob("*.yaml"), reverse=True)
                if "  title: " in p.read_text() and "\nunit: " in p.read_text())  # a unit's score file
    unit = re.search(r"^unit: (\S+)", file.read_text(encoding="utf-8"), re.M).group(1)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/don-vi/{unit}.html"
    log = open(tmp_path / "serve.log", "w")
    env = {**{k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([str(PARPORTAL), "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        _wait_for(url, lambda body: "<h1" in body)
        original = file.read_text(encoding="utf-8")

        # An edited evidence title (hostile text) shows, escaped.
        file.write_text(re.sub(r"^(\s+title: ).*$", r"\g<1>Kế hoạch <b>sửa đổi</b> lần 2", original, count=1,
                               flags=re.M), encoding="utf-8")
        _wait_for(url, lambda body: "Kế hoạch &lt;b&gt;sửa đổi&lt;/b&gt; lần 2" in body)

        # An error: the last good site stays, the error is printed; fixed, the new text shows.
        file.write_text(original.replace("\nyear:", "\nyear: 1.10\nyearx:", 1), encoding="utf-8")
        deadline = time.monotonic() + 120
        while "The data has errors" not in (tmp_path / "serve.log").read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the error was not reported"
            time.sleep(0.2)
        assert "Kế hoạch &lt;b&gt;sửa đổi&lt;/b&gt; lần 2" in (_get(url) or "")
        file.write_text(re.sub(r"^(\s+title: ).*$", r"\g<1>Bản sửa lần 3", original, count=1, flags=re.M),
                        encoding="utf-8")
        _wait_for(url, lambda body: "Bản sửa lần 3" in body)
        time.sleep(1.5)  # time for a rebuild that should not happen: the build reading the files is no change
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    text = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in text, text
    assert text.count("rebuilt in") == 2, text  # one rebuild for each good edit, none for reading files
