"""`evidencekb serve`: regenerate Markdown when content changes; the engine serves and reloads.

Only pages an edit can affect are rendered, only those whose text changed are written (content
hash), and the engine rebuilds from them: MkDocs only those (dirty build), so a save shows in the
browser in about a second even with thousands of claims; Zensical watches the tree itself.
"""

from __future__ import annotations

import errno
import gc
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from ipaddress import ip_address
from pathlib import Path

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
from watchdog.observers.api import BaseObserver

from evidencekb.engines import Engine
from evidencekb.load import ConfigError, Settings
from evidencekb.project import CheckResult, Project
from evidencekb.report import print_diagnostics
from evidencekb.site import WriteReport, write_docs

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

    The `Project` it holds keeps the parsed files, what was derived from them, the formatted
    references and what each page read, so only pages whose reads changed are rendered; only
    pages whose text changed are written, so MkDocs' dirty rebuild touches only those.
    `explain`: print why each page was rendered again.
    """

    def __init__(
        self,
        root: Path,
        extra_pages: Mapping[str, Callable[[], str]] | None = None,
        explain: bool = False,
    ) -> None:
        self.root = root
        self.explain = explain
        self.on_written: Callable[[], None] = lambda: None  # e.g. ask MkDocs to rebuild
        self.project = Project(root, keep=True, extra_pages=extra_pages)
        self._lock = threading.Lock()

    def __call__(self) -> CheckResult:
        """Check and render into the build folder; on errors keep the last good pages."""
        with self._lock:
            started = time.perf_counter()
            gc.unfreeze()  # the previous pages and knowledge base may be freed now
            previous = self.project.previous_pages
            refreshed = self.project.refresh()
            result = refreshed.result
            if result.diagnostics:
                print_diagnostics(result)
            if refreshed.pages is None:
                _console.print(f"[red]Not rebuilt:[/] {_KEPT}")
                return result
            docs_dir = self.root / result.settings.build_dir / "docs"
            report = write_docs(refreshed.pages, docs_dir, previous, files=result.kb.doc_files)
            _report(report, time.perf_counter() - started)
            _explain(refreshed.reasons, self.explain)
            # What we keep between saves is long-lived: stop the cycle collector rescanning it
            # on every later allocation burst (a third of a regeneration at 1,000 claims).
            gc.freeze()
            if report.written or report.removed:
                self.on_written()
            return result


def _explain(reasons: dict[str, str], explain: bool) -> None:
    """Why each page was rendered again: printed with `--explain`, logged at debug level."""
    logger = logging.getLogger("evidencekb.serve")
    first = [path for path, why in reasons.items() if why == "first render"]
    if first and (explain or logger.isEnabledFor(logging.DEBUG)):
        message = f"Rendered {len(first)} page(s): first render"
        if explain:
            _console.print(message)
        logger.debug(message)
    for path, why in reasons.items():
        if why != "first render":
            if explain:
                _console.print(f"  {path}: {why}", markup=False, soft_wrap=True)
            logger.debug("re-rendered %s: %s", path, why)


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


class ServeError(ConfigError):
    """`serve` cannot start: the message says why, in one sentence (exit code 2, as for a
    configuration error)."""


def serve(
    root: Path,
    engine: Engine,
    config_file: Path,
    dev_addr: str,
    extra_pages: Mapping[str, Callable[[], str]] | None = None,
    explain: bool = False,
) -> int:
    """Regenerate on every save and have the engine serve and rebuild the rewritten pages.

    With MkDocs this is `mkdocs serve --dirty` wired to our regeneration (engines/mkdocs_serve.py).
    SIGTERM and SIGINT stop it as Ctrl-C does; the temporary site folder is removed however it
    stops. Raises ServeError if the address cannot be served on. `extra_pages`, `explain`:
    see `Regenerator`.
    """
    check_address(dev_addr)  # before the first regeneration, which can take a while
    _show_logs()
    with _stopped_by_signals():
        try:
            regenerate = Regenerator(root, extra_pages, explain)
            settings = regenerate().settings
            observer = _watch(root, settings, regenerate)
            try:
                docs_dir = root / settings.build_dir / "docs"
                engine.serve(config_file, docs_dir, dev_addr, regenerate)
            finally:
                observer.stop()
        except KeyboardInterrupt:
            pass
        except OSError as error:
            if error.errno not in _ADDRESS_ERRORS:
                raise
            raise ServeError(_cannot_serve(dev_addr, error)) from None
    logging.getLogger("evidencekb").info("Stopped.")
    return 0


def _show_logs() -> None:
    """Show MkDocs' "Serving on ..." and rebuild messages, and ours (e.g. a patch left out)."""
    for name in ("mkdocs", "evidencekb"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(levelname)-7s - %(message)s"))
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)


def _watch(root: Path, settings: Settings, regenerate: Regenerator) -> BaseObserver:
    """Start watching the knowledge base: each change regenerates (debounced)."""
    watched = [
        root / settings.claims_dir,
        root / settings.sources_dir,
        root / settings.docs_dir,
        root / settings.topics_file,
    ]
    handler = _Debounced(regenerate, watched)
    observer = Observer()
    for path in watched:
        if path.exists():  # a file: watch its folder, but not that folder's subfolders
            folder, recursive = (path, True) if path.is_dir() else (path.parent, False)
            observer.schedule(handler, str(folder), recursive=recursive, event_filter=_CHANGES)
    observer.start()
    return observer


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGINT raise KeyboardInterrupt in the main thread, as Ctrl-C does, so every
    `finally` runs (the temporary site folder is removed); a second signal while stopping is
    ignored, so it cannot cut the clean-up short. The previous handlers come back after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set in the main thread
        return
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


_ADDRESS_ERRORS = {errno.EADDRINUSE, errno.EADDRNOTAVAIL}  # from binding, and only from it
_ADDRESS_FORM = "give it as HOST:PORT, HOST an IP address or localhost (e.g. 127.0.0.1:8000)"


def check_address(dev_addr: str) -> None:
    """ServeError unless `dev_addr` is an address MkDocs accepts and can serve on now."""
    host, _, port = dev_addr.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        family = socket.AF_INET if host == "localhost" else _FAMILIES[ip_address(host).version]
        number = int(port)
        if not 0 <= number <= 65535:
            raise ValueError(port)
    except ValueError:
        raise ServeError(f"cannot serve on {dev_addr}: {_ADDRESS_FORM}") from None
    try:
        with socket.create_server((host, number), family=family):
            pass  # with SO_REUSEADDR, as MkDocs' server binds: fails only if it would
    except OSError as error:
        raise ServeError(_cannot_serve(dev_addr, error)) from None


_FAMILIES = {4: socket.AF_INET, 6: socket.AF_INET6}


def _cannot_serve(dev_addr: str, error: OSError) -> str:
    reason = {
        errno.EADDRINUSE: "the address is in use",
        errno.EADDRNOTAVAIL: "no network interface of this machine has that address",
        errno.EACCES: "permission denied (ports below 1024 need privileges)",
    }.get(error.errno or 0, error.strerror or str(error))
    return f"cannot serve on {dev_addr}: {reason}; choose another with --dev-addr HOST:PORT"
