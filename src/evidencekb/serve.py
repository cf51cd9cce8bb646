"""`evidencekb serve`: regenerate Markdown when content changes; MkDocs serves and live-reloads.

Only pages whose text changed are rewritten (content hash), so MkDocs sees a minimal change.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from rich.console import Console
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from evidencekb.pipeline import check, render
from evidencekb.site import write_docs

_console = Console(stderr=True, highlight=False)


def regenerate(root: Path) -> bool:
    """Check and render into the build folder; on errors keep the last good pages."""
    from evidencekb.cli import print_diagnostics

    started = time.perf_counter()
    result = check(root)
    if result.diagnostics:
        print_diagnostics(result)
    if result.failed():
        _console.print(
            "[red]Not rebuilt:[/] fix the problems above; still serving the last good pages."
        )
        return False
    report = write_docs(render(result), root / result.settings.build_dir / "docs")
    elapsed = time.perf_counter() - started
    _console.print(
        f"Regenerated in {elapsed:.2f}s: {len(report.written)} page(s) changed"
        + (
            f" ({', '.join(report.written[:5])}{', ...' if len(report.written) > 5 else ''})"
            if report.written
            else ""
        )
    )
    return True


class _Debounced(FileSystemEventHandler):
    def __init__(self, root: Path, watched: list[Path]) -> None:
        self.root = root
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
            self._timer = threading.Timer(0.1, regenerate, args=(self.root,))
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

    settings = check(root).settings
    regenerate(root)
    watched = [
        root / settings.claims_dir,
        root / settings.sources_dir,
        root / settings.docs_dir,
        root / settings.topics_file,
    ]
    handler = _Debounced(root, watched)
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
        )
    finally:
        observer.stop()
        observer.join(timeout=2)
    return 0
