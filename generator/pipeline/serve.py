"""`parportal serve`: a live-reload preview that regenerates the site when a file under criteria/,
scores/, content/ or site_templates/ (or mkdocs.yml) changes.

One process keeps what it computed (`generator.machinery.memo`), so a rebuild after one edit redoes only
what the edited file feeds, and MkDocs rebuilds only the pages whose files changed (a dirty build;
the search index keeps the entries of the pages not rebuilt, `readypages.before_build`). A change to the theme overrides or
to mkdocs.yml rebuilds every page. Data with errors prints them and keeps the last good site.

Each rebuild holds the build lock (`lock.py`), as `parportal build` does: both write build/docs and
build/ready. The preview's own site folder is a temporary one, rebuilt in place (dirty), not swapped."""
from __future__ import annotations

import gc
import logging
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from generator.core import paths
from generator.machinery import Memo, folder_key
from generator.pipeline.build import StageTimes, generate
from generator.pipeline.lock import BuildLock
from generator.publish import DirtyReminder, load_mkdocs_config, log_to_stderr
from generator.publish.readypages import before_build

log = logging.getLogger("mkdocs.parportal")

OVERRIDES_DIR = "overrides"  # under site_templates/: theme files, every page depends on them


def serve(root: Path, dev_addr: str) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.livereload import LiveReloadServer

    memo = Memo()
    log_to_stderr(logging.INFO)
    lock = BuildLock(root, say=log.warning)
    lock.acquire()  # until the first build is published; then each rebuild takes it (one thread at a time)
    try:
        first = generate(root, memo=memo)
    except BaseException:
        lock.release()
        raise
    if not first.ok:
        lock.release()
        return 1
    logging.getLogger("mkdocs.commands.build").addFilter(DirtyReminder())
    site_dir = Path(tempfile.mkdtemp(prefix="parportal-serve-"))
    host, _, port = dev_addr.rpartition(":")
    config = load_mkdocs_config(root, first.info, first.province, site_dir)
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = f"http://{host}:{port}{mount_path}"
    # Not Material's dirty mode: its search index merge keeps only one rebuilt page's entries
    # apart (a rebuild renders several); `readypages.before_build` keeps the index whole.
    config.plugins.on_startup(command="serve", dirty=False)

    def theme_key() -> str:
        """The theme overrides and mkdocs.yml: when they change, every page is built again."""
        return (folder_key(paths.resource(root, paths.TEMPLATES_DIR) / OVERRIDES_DIR) + "\0"
                + paths.resource(root, paths.MKDOCS_FILE).read_text(encoding="utf-8"))

    state = {"theme": theme_key()}

    def publish(result, dirty: bool) -> None:
        cfg = load_mkdocs_config(root, result.info, result.province, site_dir)
        cfg.site_url = serve_url
        gc.freeze()  # what the memo keeps is not garbage: no collection during MkDocs walks it
        try:
            before_build(site_dir, dirty)
            mkdocs_build(cfg, serve_url=serve_url, dirty=dirty)
        finally:
            gc.unfreeze()

    def rebuild() -> None:
        with lock:
            started = time.perf_counter()
            times = StageTimes()
            result = generate(root, times, memo=memo)
            if not result.ok:
                log.error("Dữ liệu có lỗi (xem trên), vẫn hiển thị bản trước. / The data has errors (above); "
                          "the previous site stays.")
                return
            generated = time.perf_counter()
            theme = theme_key()
            publish(result, dirty=theme == state["theme"])
            state["theme"] = theme
            done = time.perf_counter()
        stages = ", ".join(f"{name} {seconds:.1f}" for name, seconds in times.wall.items())
        log.info(f"Đã dựng lại sau {done - started:.1f} s / rebuilt in {done - started:.1f} s "
                 f"({stages}, MkDocs {done - generated:.1f} s)")

    server = LiveReloadServer(builder=rebuild, host=host, port=int(port), root=str(site_dir), mount_path=mount_path)
    _use_file_events(server)

    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        try:
            publish(first, dirty=False)
        finally:
            lock.release()
        for folder in (paths.CRITERIA_DIR, paths.SCORES_DIR, paths.CONTENT_DIR, paths.TEMPLATES_DIR):
            if paths.resource(root, folder).exists():
                server.watch(str(paths.resource(root, folder)))
        server.watch(str(paths.resource(root, paths.MKDOCS_FILE)))
        print(f"Xem trước tại / preview at {serve_url} — Ctrl+C để dừng / to stop", flush=True)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Dừng / Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def _use_file_events(server) -> None:
    """MkDocs' server looks at every watched file twice a second (at 3,500 units, 17,500 score files,
    taking CPU from the rebuilds). Where the operating system reports changes (inotify on Linux,
    FSEvents, kqueue), those are used instead: no walk, and an edit is seen at once. Only writes,
    creations, deletions and moves count: the build reading a file is no change."""
    from watchdog import events
    from watchdog.observers import Observer  # the best this system has (polling if nothing else)

    changes = [events.FileCreatedEvent, events.FileDeletedEvent, events.FileModifiedEvent, events.FileMovedEvent,
               events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]

    class Changes(Observer):
        def schedule(self, handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(handler, path, recursive=recursive, event_filter=event_filter or changes,
                                    follow_symlink=follow_symlink)

    try:
        server.observer = Changes(timeout=0.25)
    except OSError as err:  # e.g. no inotify instance left: keep polling
        log.info(f"Theo dõi tệp bằng cách quét định kỳ / watching files by polling ({err})")
