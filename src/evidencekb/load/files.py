"""Files: reading one file's text as UTF-8 within the size limit, and naming files.

Problems (unreadable, too large, a byte-order mark, invalid UTF-8, empty) are reported to the
sink with the file's path relative to the project, never raised.
"""

from __future__ import annotations

import os
from pathlib import Path

from evidencekb.diagnostics import DiagnosticSink, Position
from evidencekb.rules.registry import Scope, Severity, declare

FILE_ENCODING = declare(
    "EKB106",
    "file-encoding",
    Severity.ERROR,
    Scope.FILE,
    "The file is not valid UTF-8 text.",
    "Save the file as UTF-8.",
)

EMPTY_FILE = declare(
    "EKB107",
    "empty-file",
    Severity.ERROR,
    Scope.FILE,
    "The file is empty.",
    "Fill it in (`evidencekb new` scaffolds a claim) or delete it.",
)

FILE_TOO_LARGE = declare(
    "EKB108",
    "file-too-large",
    Severity.ERROR,
    Scope.FILE,
    "The file is larger than the limit set for its kind in `[tool.evidencekb]`.",
    "Split the file, or raise the limit the message names in `[tool.evidencekb]` of "
    "pyproject.toml.",
)

LIMIT_HINTS = {
    "max_file_bytes": "Split it up; a claim file is a few dozen lines (the limit is "
    "`max_file_bytes` in `[tool.evidencekb]` of pyproject.toml).",
    "max_bib_bytes": "Split it into several .bib files (they are read in parallel), or raise "
    "`max_bib_bytes` in `[tool.evidencekb]` of pyproject.toml.",
    "max_outlines_bytes": "Raise `max_outlines_bytes` in `[tool.evidencekb]` of pyproject.toml.",
}
"""The hint of a file over its limit, by the setting that holds the limit."""


def relative(path: Path, root: Path) -> str:
    """`path` as written in diagnostics: relative to the project, with `/`."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def utf8_error_position(raw: bytes, error: UnicodeDecodeError) -> Position:
    """Line and column (in bytes) of the first byte that is not UTF-8."""
    line = raw[: error.start].count(b"\n") + 1
    column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
    return Position(line, column)


def read_text(
    path: Path, root: Path, sink: DiagnosticSink, max_bytes: int, setting: str = "max_file_bytes"
) -> str | None:
    """Read a file as UTF-8, reporting encoding and size problems instead of raising; a file
    over `max_bytes` is reported once, naming the `setting` that holds the limit."""
    name = relative(path, root)
    try:
        with path.open("rb") as handle:  # at most one byte past the limit is read
            raw = handle.read(max_bytes + 1)
            size = os.fstat(handle.fileno()).st_size if len(raw) > max_bytes else len(raw)
    except OSError as error:
        FILE_ENCODING.report(sink, name, Position(1, 1), f"cannot read file: {error.strerror}")
        return None
    if size > max_bytes:
        FILE_TOO_LARGE.report(
            sink,
            name,
            Position(1, 1),
            f"file is {size:,} bytes; the limit is {max_bytes:,} ({setting})",
            LIMIT_HINTS.get(setting),
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        FILE_ENCODING.report(
            sink,
            name,
            Position(1, 1),
            "file starts with a byte-order mark (BOM)",
            hint="Save the file as UTF-8 without BOM.",
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        FILE_ENCODING.report(
            sink,
            name,
            utf8_error_position(raw, error),
            f"invalid UTF-8 byte 0x{raw[error.start]:02x}",
        )
        return None
    if not text.strip():
        EMPTY_FILE.report(sink, name, Position(1, 1), "file is empty")
        return None
    return text
