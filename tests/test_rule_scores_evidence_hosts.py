"""Rule `scores.evidence-host`: evidence linked on a personal file-sharing service draws a
warning saying why; the hosts are matched by the URL's host name (itself or a subdomain), and the
registry's `province.file_sharing_hosts` replaces the default list."""
from __future__ import annotations

import pytest

from generator.core.diagnostics import Severity
from generator.load.model import FILE_SHARING_HOSTS
from generator.validate.rules.scores_evidence_hosts import ID, sharing_host
from tests.conftest import diagnostics_of, mutate

S23 = "scores/2023/so-nganh/so-noi-vu.yaml"
REG = "scores/units.yaml"
TITLE = "        title: Kế hoạch cải cách hành chính năm 2023\n"


@pytest.mark.parametrize("url,host", [
    ("https://drive.google.com/file/d/1AbC/view?usp=sharing", "drive.google.com"),
    ("https://docs.google.com/document/d/1AbC/edit", "docs.google.com"),
    ("https://www.dropbox.com/s/abc/ke-hoach.pdf?dl=0", "dropbox.com"),
    ("https://onedrive.live.com/?id=ABC", "onedrive.live.com"),
    ("https://1drv.ms/b/s!AbC", "1drv.ms"),
    ("https://mega.nz/file/AbC#key", "mega.nz"),
    ("https://www.fshare.vn/file/ABC", "fshare.vn"),
    ("https://app.box.com/s/abc", "box.com"),
    ("https://USER@Drive.Google.COM.:443/x", "drive.google.com"),  # user, case, a root dot, a port
    ("https://drive.google.com.evil.example/x", None),  # not a subdomain
    ("https://vanban.minhhoa.gov.vn/?next=https://drive.google.com/x", None),  # only named in the query
    ("https://mydropbox.com/x", None),  # ends with the name, is not under it
    ("https://vanban.minhhoa.example/2023/45", None),
])
def test_hosts_are_matched_by_the_url_host_name(url, host):
    assert sharing_host(url, FILE_SHARING_HOSTS) == host


def _link(root, url):
    mutate(root, S23, TITLE, TITLE + f"        url: {url}\n")


def test_evidence_on_a_personal_drive_warns_at_its_url(mini):
    _link(mini, "https://drive.google.com/file/d/1AbC/view")
    hits = [d for d in diagnostics_of(mini) if d.rule == ID]
    assert len(hits) == 1 and hits[0].severity is Severity.WARNING and hits[0].path == S23
    rows = (mini / S23).read_text(encoding="utf-8").split("\n")
    line = next(i for i, row in enumerate(rows, 1) if "url: https://drive" in row)
    assert (hits[0].line, hits[0].col) == (line, rows[line - 1].index("https") + 1)
    d = hits[0]
    assert "`drive.google.com`" in d.message_vi and "cá nhân" in d.message_vi and "chính thức" in d.hint_vi
    assert "personal file-sharing" in d.message_en and "official system" in d.hint_en
    assert "`province.file_sharing_hosts`" in d.hint_vi  # where to change the list


def test_the_registry_list_replaces_the_default(mini):
    _link(mini, "https://drive.google.com/file/d/1AbC/view")
    mutate(mini, REG, "  demo: true\n", "  demo: true\n  file_sharing_hosts: [chiase.minhhoa.example]\n")
    assert not [d for d in diagnostics_of(mini) if d.rule == ID]  # drive.google.com is no longer listed
    mutate(mini, S23, "url: https://drive.google.com/file/d/1AbC/view", "url: https://tep.chiase.minhhoa.example/45")
    assert [d.path for d in diagnostics_of(mini) if d.rule == ID] == [S23]


def test_an_empty_list_turns_the_warning_off(mini):
    _link(mini, "https://drive.google.com/file/d/1AbC/view")
    mutate(mini, REG, "  demo: true\n", "  demo: true\n  file_sharing_hosts: []\n")
    assert diagnostics_of(mini) == []


def test_a_host_written_as_a_url_in_the_registry_is_answered_with_the_host(mini):
    mutate(mini, REG, "  demo: true\n", "  demo: true\n  file_sharing_hosts: [\"https://drive.google.com/\"]\n")
    found = [d for d in diagnostics_of(mini) if d.path == REG]
    assert [d.rule for d in found] == ["schema.format"]
    assert found[0].hint_vi == "Viết thành `drive.google.com`."
