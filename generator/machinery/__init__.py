"""The machinery that makes builds fast and incremental, in one place around the stages.

`datacache` (content-hash cache of per-file work and charts, build/cache/data.sqlite),
`memo` (results kept between the rebuilds of one `parportal serve` process, by the content keys
of their inputs), `forking` (forked worker processes: `fork_map`, `Forked`, `workers_for`),
`filemap` (a pure per-file function mapped over files with the cache, the memo and the workers).
Stages use these through the names below (`generator.machinery`), never through its modules.
Imports only `generator.core`.
"""
from generator.machinery.datacache import DataCache, pack, unpack
from generator.machinery.filemap import FileDone, FileWork, map_files
from generator.machinery.forking import Forked, fork_map, split, workers_for
from generator.machinery.memo import NO_MEMO, Memo, folder_key

__all__ = ["DataCache", "pack", "unpack", "FileDone", "FileWork", "map_files", "Forked", "fork_map", "split",
           "workers_for", "NO_MEMO", "Memo", "folder_key"]
