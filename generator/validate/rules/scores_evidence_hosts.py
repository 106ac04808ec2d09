"""Evidence is linked where it stays: a link to a personal file-sharing service (a Google Drive
or OneDrive share, Dropbox, Fshare...) draws a warning. Such a link is one person's: its
permissions change, it is deleted, or it goes with the account when that person moves on, and
the public and the council can no longer open the document a published score rests on; the
official document system (or the agency's portal) keeps it.

The hosts are the registry's `province.file_sharing_hosts` when given (the list replaces the
default, so that what is checked is written in one place; `[]` turns the warning off), else
`generator.load.model.FILE_SHARING_HOSTS`. A link matches a host or any subdomain of it, by the
host name `urllib.parse` reads from the URL (never a search in the text: `drive.google.com.vn` or
`example.org/?next=drive.google.com` is not Google Drive).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from generator.load.model import FILE_SHARING_HOSTS
from generator.validate.rules.base import Rule, Scope, problem

ID = "scores.evidence-host"


def file_sharing_hosts(ds) -> tuple[str, ...]:
    """The hosts that draw the warning (the registry's list, else the default)."""
    given = ds.registry.province.file_sharing_hosts if ds.registry is not None else None
    return tuple(FILE_SHARING_HOSTS if given is None else given)


def sharing_host(url: str, hosts: tuple[str, ...]) -> str | None:
    """The host of `hosts` that `url` is on (itself or a subdomain), or None."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".")
    return next((h for h in hosts if host == h or host.endswith("." + h)), None)


def check(sf, ds):
    hosts = file_sharing_hosts(ds)
    if not hosts:
        return
    for cid, entry in sf.scores.items():
        for i, doc in enumerate(entry.evidence):
            found = sharing_host(doc.url, hosts) if doc.url else None
            if found is None:
                continue
            yield problem(sf, ("scores", cid, "evidence", i, "url"), ID,
                          f"Tài liệu kiểm chứng `{doc.number}` của tiêu chí {cid} có liên kết tới `{found}`, một dịch "
                          "vụ chia sẻ tệp cá nhân: liên kết ở đó bị đổi quyền, bị xóa hoặc mất theo tài khoản khi "
                          "người chia sẻ chuyển công tác, nên người dân và Hội đồng có thể không mở được.",
                          f"Evidence `{doc.number}` of criterion {cid} links to `{found}`, a personal file-sharing "
                          "service: such links change permissions, are deleted, or go with the account when the "
                          "person who shared them moves on, so the public and the council may not open them.",
                          "Dùng liên kết tới văn bản trên hệ thống chính thức (hệ thống quản lý văn bản và điều hành, "
                          "cổng thông tin của cơ quan); chưa có thì số và ngày của văn bản (`number`, `date`) đủ để "
                          "tra cứu. Danh sách máy chủ này đặt ở `province.file_sharing_hosts` trong "
                          "`scores/units.yaml`.",
                          "Link the document in the official system (the document management system, the agency's "
                          "portal); until then its number and date (`number`, `date`) are enough to find it. The "
                          "hosts are set by `province.file_sharing_hosts` in `scores/units.yaml`.", warning=True)


RULE = Rule(ID, Scope.SCORE_FILE, "Tài liệu kiểm chứng không để trên dịch vụ chia sẻ tệp cá nhân",
            "Evidence is not linked on personal file-sharing services", check)
