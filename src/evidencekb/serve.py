"""`evidencekb serve`: regenerate Markdown when content changes; MkDocs serves and live-reloads.

Only pages an edit can affect are rendered, only those whose text changed are written (content
hash), and MkDocs rebuilds only those (dirty build), so a save shows in the browser in about a
second even with thousands of claims.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rich.console import Console
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from evidencekb.index import KnowledgeBase
from evidencekb.load import FileCache
from evidencekb.memo import Memo
from evidencekb.pipeline import CheckResult, check, render
from evidencekb.site import WriteReport, files_under, write_docs

_console = Console(stderr=True, highlight=False)
# Saves, creations, deletions and renames; not opening or reading a file: every regeneration
# reads every claim file, and those thousands of events would compete with the rebuild.
_CHANGES: list[type[FileSystemEvent]] = [
    FileClosedEvent,
    FileModifiedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
_KEPT = "fix the problems above; still serving the last good pages."


class Regenerator:
    """Regenerates the Markdown after each save, doing only the work the save calls for.

    Unchanged files are not parsed again (FileCache), formatted references are kept, only
    pages an edit can affect are rendered (`incremental.stale_pages`), and only pages whose
    text changed are written, so MkDocs' dirty rebuild touches only those.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.on_written: Callable[[], None] = lambda: None  # e.g. ask MkDocs to rebuild
        self._files = FileCache()
        self._memo = Memo()
        self._references: dict[str, str] = {}
        self._previous: tuple[KnowledgeBase, dict[str, str]] | None = None
        self._lock = threading.Lock()

    def __call__(self) -> CheckResult:
        """Check and render into the build folder; on errors keep the last good pages."""
        from evidencekb.cli import print_diagnostics

        with self._lock:
            started = time.perf_counter()
            gc.unfreeze()  # the previous pages and knowledge base may be freed now
            result = check(self.root, cache=self._files, memo=self._memo)
            if result.diagnostics:
                print_diagnostics(result)
            if result.failed():
                _console.print(f"[red]Not rebuilt:[/] {_KEPT}")
                return result
            pages = render(result, self._references, self._previous, self._memo)
            self._memo.sweep()
            docs_dir = self.root / result.settings.build_dir / "docs"
            previous = self._previous[1] if self._previous else None
            report = write_docs(pages, docs_dir, previous, files=result.kb.doc_files)
            self._previous = (result.kb, pages)
            _report(report, time.perf_counter() - started)
            # What we keep between saves is long-lived: stop the cycle collector rescanning it
            # on every later allocation burst (a third of a regeneration at 1,000 claims).
            gc.freeze()
            if report.written or report.removed:
                self.on_written()
            return result


def _report(report: WriteReport, elapsed: float) -> None:
    changed = report.written + report.removed
    listed = ", ".join(changed[:5]) + (", ..." if len(changed) > 5 else "")
    _console.print(
        f"Regenerated in {elapsed:.2f}s: {len(changed)} page(s) changed"
        + (f" ({listed})" if changed else "")
    )


class _Debounced(FileSystemEventHandler):
    def __init__(self, regenerate: Regenerator, watched: list[Path]) -> None:
        self.regenerate = regenerate
        self.watched = [path.resolve() for path in watched]
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        # An editor that saves by renaming a temporary file over the real one: look at both.
        if not any(self._concerns(path) for path in (event.src_path, event.dest_path) if path):
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(0.05, self.regenerate)
            self._timer.daemon = True
            self._timer.start()

    def _concerns(self, changed: bytes | str) -> bool:
        path = Path(os.fsdecode(changed)).resolve()
        return not path.name.startswith(".") and any(path.is_relative_to(w) for w in self.watched)


def serve(root: Path, config_file: Path, dev_addr: str) -> int:
    """Regenerate on every save and have MkDocs rebuild only the rewritten pages.

    This is `mkdocs serve --dirty` wired to our regeneration: instead of MkDocs polling the
    generated folder (up to half a second late), the rebuild is requested as soon as pages are
    written. The search index covers the pages rebuilt since the server started.
    """
    import logging
    import shutil
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    mkdocs_log = logging.getLogger("mkdocs")
    if not mkdocs_log.handlers:  # show "Serving on ..." and rebuild messages
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s - %(message)s"))
        mkdocs_log.addHandler(handler)
        mkdocs_log.setLevel(logging.INFO)

    regenerate = Regenerator(root)
    settings = regenerate().settings
    site_dir = tempfile.mkdtemp(prefix="evidencekb-serve-")
    _lighten_theme_rebuilds()

    def get_config() -> Any:
        return load_config(
            config_file=str(config_file),
            site_dir=site_dir,
            docs_dir=str(root / settings.build_dir / "docs"),
            dev_addr=dev_addr,
            strict=False,  # MkDocs warns on every dirty build; `build --strict` is the gate
        )

    config = get_config()
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = f"http://{f'[{host}]' if ':' in host else host}:{port}{mount_path}"

    def builder(config: Any = None) -> None:
        config = config or get_config()
        config.site_url = serve_url
        build(config, serve_url=serve_url, dirty=True)  # only pages newer than their HTML

    server = _make_server(
        builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path
    )
    server.error_handler = lambda code: _error_page(site_dir, code)
    server.build_delay = 0  # we ask for a rebuild once every page is written
    regenerate.on_written = server.request_rebuild
    config.plugins.on_startup(command="serve", dirty=True)
    observer = Observer()
    try:
        builder(config)
        server.watch(str(config_file))
        server = config.plugins.on_serve(server, config=config, builder=builder)
        watched = [
            root / settings.claims_dir,
            root / settings.sources_dir,
            root / settings.docs_dir,
            root / settings.topics_file,
        ]
        handler = _Debounced(regenerate, watched)
        for path in watched:
            if path.exists():  # a file: watch its folder, but not that folder's subfolders
                folder, recursive = (path, True) if path.is_dir() else (path.parent, False)
                observer.schedule(handler, str(folder), recursive=recursive, event_filter=_CHANGES)
        observer.start()
        try:
            server.serve()
        except KeyboardInterrupt:
            mkdocs_log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        observer.stop()
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def _lighten_theme_rebuilds() -> None:
    """Two things MkDocs redoes for the theme on every rebuild, each about 0.2 s at any size:

    - it makes a new Jinja environment, so it compiles the theme's 40 templates again: keep
      their bytecode in memory (Jinja keys it by name and source checksum, so an edited
      template is recompiled);
    - it lists every file of the theme to copy its static files, including the 14,000 icons
      of Material's `.icons` folder, only to filter out every hidden path: list the theme
      without walking into hidden folders (same result: MkDocs drops hidden paths).
    """
    from jinja2 import BytecodeCache
    from jinja2.bccache import Bucket
    from mkdocs.theme import Theme

    if getattr(Theme.get_env, "lightened", False):
        return

    class InMemory(BytecodeCache):
        def __init__(self) -> None:
            self.compiled: dict[str, bytes] = {}

        def load_bytecode(self, bucket: Bucket) -> None:
            if bucket.key in self.compiled:
                bucket.bytecode_from_string(self.compiled[bucket.key])

        def dump_bytecode(self, bucket: Bucket) -> None:
            self.compiled[bucket.key] = bucket.bytecode_to_string()

    cache, get_env = InMemory(), Theme.get_env

    def lightened_env(theme: Theme) -> Any:
        env = get_env(theme)
        env.bytecode_cache = cache
        searchpath = list(env.loader.searchpath)
        env.loader.list_templates = lambda: _visible_files(searchpath)
        return env

    lightened_env.lightened = True  # type: ignore[attr-defined]
    Theme.get_env = lightened_env  # type: ignore[method-assign]


def _visible_files(folders: list[str]) -> list[str]:
    """What Jinja's FileSystemLoader.list_templates gives, without hidden folders' files."""
    return sorted(set().union(*(files_under(folder, hidden_folders=False) for folder in folders)))


def _error_page(site_dir: str, code: int) -> bytes | None:
    page = Path(site_dir) / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _make_server(**kwargs: Any) -> Any:
    """MkDocs' live-reload server, which we tell when to rebuild (imported late: MkDocs is slow
    to import and only `serve` needs it)."""
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        def request_rebuild(self) -> None:
            """What MkDocs' own file watcher does when it sees a change (MkDocs 1.6)."""
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

    return Server(**kwargs)
