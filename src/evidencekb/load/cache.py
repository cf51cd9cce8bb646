"""The file cache `serve` keeps between saves: a file is parsed again only when its bytes change."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from evidencekb.diagnostics import Diagnostic, DiagnosticSink

_T = TypeVar("_T")


class FileCache:
    """Parsed files and their diagnostics, reused while a file's bytes stay the same.

    `serve` keeps one between saves, so an edit re-parses one file, not the whole project.
    Files are compared by content digest, not modification time: an edit within the file
    system's time resolution, or one that keeps the size, must not be missed.
    """

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[bytes, Any, list[Diagnostic]]] = {}

    def read(self, path: Path, parse: Callable[[DiagnosticSink], _T]) -> tuple[_T, list]:
        try:
            digest: bytes | None = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        except OSError:
            digest = None  # parse() reports why the file cannot be read
        cached = self._entries.get(path)
        if cached is not None and digest is not None and cached[0] == digest:
            return cached[1], cached[2]
        sink = DiagnosticSink()
        value = parse(sink)
        if digest is not None:
            self._entries[path] = (digest, value, sink.diagnostics)
        return value, sink.diagnostics
