"""`evidencekb serve`: regenerate Markdown when content changes; MkDocs serves and live-reloads.

Only pages an edit can affect are rendered, only those whose text changed are written (content
hash), and MkDocs rebuilds only those (dirty build), so a save shows in the browser in about a
second even with thousands of claims.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from rich.console import Console
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from evidencekb.index import KnowledgeBase
from evidencekb.load import FileCache
from evidencekb.pipeline import CheckResult, check, render
from evidencekb.site import WriteReport, write_docs

_console = Console(stderr=True, highlight=False)
_KEPT = "fix the problems above; still serving the last good pages."


class Regenerator:
    """Regenerates the Markdown after each save, doing only the work the save calls for.

    Unchanged files are not parsed again (FileCache), formatted references are kept, only
    pages an edit can affect are rendered (`incremental.stale_pages`), and only pages whose
    text changed are written, so MkDocs' dirty rebuild touches only those.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files = FileCache()
        self._references: dict[str, str] = {}
        self._previous: tuple[KnowledgeBase, dict[str, str]] | None = None
        self._lock = threading.Lock()

    def __call__(self) -> CheckResult:
        """Check and render into the build folder; on errors keep the last good pages."""
        from evidencekb.cli import print_diagnostics

        with self._lock:
            started = time.perf_counter()
            result = check(self.root, cache=self._files)
            if result.diagnostics:
                print_diagnostics(result)
            if result.failed():
                _console.print(f"[red]Not rebuilt:[/] {_KEPT}")
                return result
            pages = render(result, self._references, self._previous)
            report = write_docs(pages, self.root / result.settings.build_dir / "docs")
            self._previous = (result.kb, pages)
            _report(report, time.perf_counter() - started)
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
        if event.event_type in {"opened", "closed_no_write"}:
            return
        path = Path(str(event.src_path)).resolve()
        if path.name.startswith(".") or not any(path.is_relative_to(w) for w in self.watched):
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(0.05, self.regenerate)
            self._timer.daemon = True
            self._timer.start()


def serve(root: Path, config_file: Path, dev_addr: str) -> int:
    import logging

    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_log = logging.getLogger("mkdocs")
    if not mkdocs_log.handlers:  # show "Serving on ..." and rebuild messages
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s - %(message)s"))
        mkdocs_log.addHandler(handler)
        mkdocs_log.setLevel(logging.INFO)

    regenerate = Regenerator(root)
    settings = regenerate().settings
    watched = [
        root / settings.claims_dir,
        root / settings.sources_dir,
        root / settings.docs_dir,
        root / settings.topics_file,
    ]
    handler = _Debounced(regenerate, watched)
    observer = Observer()
    for path in {p if p.is_dir() else p.parent for p in watched if p.exists()}:
        observer.schedule(handler, str(path), recursive=True)
    observer.start()
    try:
        mkdocs_serve(
            config_file=str(config_file),
            livereload=True,
            dev_addr=dev_addr,
            docs_dir=str(root / settings.build_dir / "docs"),
            build_type="dirty",  # rebuild only the pages we rewrote
            strict=False,  # MkDocs warns on every dirty build; `build --strict` is the gate
        )
    finally:
        observer.stop()
        observer.join(timeout=2)
    return 0
