"""Discover: which files of a project are read, and which are refused or skipped, and why.

Every file a pull request can change is untrusted, so files are found here, before anything
opens them, by these rules:

- Hidden files and folders (names starting with `.`, e.g. `.gitkeep`, `.DS_Store`, editor swap
  files) are skipped silently; so are README files in sources/.
- A symbolic link is followed only when its target lies inside the project; one that points
  outside is refused (EKB111) and its target is never opened; one that points at nothing is
  reported (EKB112). Linked folders are walked once, so a link loop cannot hang a run.
- Only regular files are opened: a FIFO, socket or device is refused unopened (EKB113).
- claims/: `*.yaml` and `*.yml` files are claims; any other file is reported (EKB110).
- sources/: every `*.bib` file, in subfolders too; the topics and outlines files and README
  files are known; any other file is reported (EKB110).
- docs/: `*.md` files are pages (UTF-8, else EKB106); images, PDF, text and CSV files are
  published as they are (bytes); anything else (HTML, scripts, styles) is reported (EKB110).
  A docs/ file whose path the build generates itself (see `is_generated`) is refused (EKB114).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from evidencekb.diagnostics import DiagnosticSink, Position
from evidencekb.load.files import FILE_ENCODING, relative, utf8_error_position
from evidencekb.load.settings import Settings
from evidencekb.load.tool_docs import TOOL_PAGES
from evidencekb.model import SLUG_MAX_LENGTH, SLUG_PATTERN
from evidencekb.rules.registry import Scope, Severity, declare

FILE_NOT_READ = declare(
    "EKB110",
    "file-not-read",
    Severity.WARNING,
    Scope.FILE,
    "A file in claims/, sources/ or docs/ is not read: its extension is not one the tool "
    "reads there (claims: .yaml, .yml; sources: .bib in any subfolder; docs: .md pages and "
    "images, PDF, .txt, .csv). Hidden files (names starting with `.`) and README files in "
    "sources/ are skipped without a warning.",
    "Rename the file to the extension meant, move it out of the folder, or delete it.",
)

SYMLINK_OUTSIDE_PROJECT = declare(
    "EKB111",
    "symlink-outside-project",
    Severity.ERROR,
    Scope.FILE,
    "A symbolic link points outside the project; it is not followed and its target is never read.",
    "Replace the link with the file itself, or point it at a file inside the project.",
)

DANGLING_SYMLINK = declare(
    "EKB112",
    "dangling-symlink",
    Severity.ERROR,
    Scope.FILE,
    "A symbolic link points to nothing (or to a loop of links).",
    "Delete the link, or point it at the file meant.",
)

NOT_A_REGULAR_FILE = declare(
    "EKB113",
    "not-a-regular-file",
    Severity.ERROR,
    Scope.FILE,
    "A FIFO, socket or device is where a file is read; it is never opened.",
    "Delete it; claims, sources and pages are ordinary files.",
)

DOCS_PAGE_GENERATED = declare(
    "EKB114",
    "docs-page-generated",
    Severity.ERROR,
    Scope.FILE,
    "A docs/ file has the path of a page the build generates (index.md, README.md, "
    "bibliography.md, guardrails.md, harm-cases.md, rules.md, cli.md, the tool's own pages "
    "(architecture.md, contributing.md, performance.md, security.md, versions.md), 404.html, "
    "sitemap.xml, or anything under articles/, assets/, bibliography/, claims/, data/, search/, "
    "sources/, topics/); it is left out rather than replace the generated page.",
    "Rename or move the file.",
)

NAME_PATTERN = re.compile(SLUG_PATTERN)
"""Ids and keys that become file names (claim ids, topic ids, source keys): lowercase letters
and digits in words joined by single hyphens, so never `/`, `\\`, `..`, a leading `.`, spaces
or control characters."""

CLAIM_SUFFIXES = frozenset({".yaml", ".yml"})
BIB_SUFFIX = ".bib"
PAGE_SUFFIX = ".md"
ASSET_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".pdf", ".txt", ".csv"}
)
"""docs/ files published unchanged: passive formats a browser never runs as code."""

GENERATED_FOLDERS = (
    "articles/",
    "assets/",
    "bibliography/",
    "claims/",
    "data/",
    "search/",
    "sources/",
    "topics/",
)
GENERATED_NAMES = frozenset(
    {
        "index.md",
        "readme.md",  # MkDocs would make it the home page in place of index.md
        "bibliography.md",
        "guardrails.md",
        "harm-cases.md",
        "rules.md",
        "cli.md",
        *TOOL_PAGES,
        "404.html",
        "sitemap.xml",
        "sitemap.xml.gz",
    }
)

_AT_START = Position(1, 1)


def is_valid_name(value: str) -> bool:
    """Whether `value` may become a file name (see NAME_PATTERN)."""
    return len(value) <= SLUG_MAX_LENGTH and NAME_PATTERN.fullmatch(value) is not None


def is_generated(name: str) -> bool:
    """Whether the build writes `name` (a path relative to the docs folder) itself.

    Generated pages live under fixed folders or have fixed names; a test renders a
    knowledge base and holds every page it makes to this, so the two cannot drift apart.
    Compared without case: on some file systems `Index.md` is `index.md`.
    """
    lowered = name.lower()
    return lowered in GENERATED_NAMES or lowered.startswith(GENERATED_FOLDERS)


def walk(folder: Path, root: Path, sink: DiagnosticSink) -> list[Path]:
    """The regular files under `folder`, sorted; links are followed only inside `root`.

    Links and files that are refused are reported to `sink`; hidden names are skipped.
    """
    found: list[Path] = []
    visited: set[str] = set()
    pending = [folder]
    while pending:
        directory = pending.pop()
        real = os.path.realpath(directory)
        if real in visited:
            continue
        visited.add(real)
        try:
            entries = list(os.scandir(directory))
        except OSError as error:
            FILE_ENCODING.report(sink, relative(directory, root), _AT_START, _cannot(error, "list"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            kind = _kind(entry, root, sink)
            if kind == "dir":
                pending.append(Path(entry.path))
            elif kind == "file":
                found.append(Path(entry.path))
    return sorted(found)


def _kind(entry: os.DirEntry[str], root: Path, sink: DiagnosticSink) -> str | None:
    """'dir' or 'file' for what may be walked or read; None (reported) for anything else."""
    if entry.is_symlink():
        return _link_kind(Path(entry.path), root, sink)
    if entry.is_dir(follow_symlinks=False):
        return "dir"
    if entry.is_file(follow_symlinks=False):
        return "file"
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as error:
        FILE_ENCODING.report(
            sink, relative(Path(entry.path), root), _AT_START, _cannot(error, "read")
        )
        return None
    _report_special(Path(entry.path), root, mode, sink)
    return None


def _link_kind(path: Path, root: Path, sink: DiagnosticSink) -> str | None:
    name = relative(path, root)
    if not Path(os.path.realpath(path)).is_relative_to(root):
        SYMLINK_OUTSIDE_PROJECT.report(
            sink,
            name,
            _AT_START,
            "symbolic link points outside the project; it is not followed",
        )
        return None
    try:
        mode = os.stat(path).st_mode
    except OSError:
        DANGLING_SYMLINK.report(sink, name, _AT_START, "symbolic link points to nothing")
        return None
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    _report_special(path, root, mode, sink)
    return None


def _report_special(path: Path, root: Path, mode: int, sink: DiagnosticSink) -> None:
    kind = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    NOT_A_REGULAR_FILE.report(sink, relative(path, root), _AT_START, f"{kind}; it is not opened")


def _cannot(error: OSError, verb: str) -> str:
    return f"cannot {verb}: {error.strerror or error}"


def readable_file(path: Path, root: Path, sink: DiagnosticSink) -> bool:
    """Whether one configured file (topics, outlines) exists and may be opened; reports why not
    when it is a link out of the project, a dangling link or not a regular file."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False  # absent: the caller reports what a missing file means
    if stat.S_ISLNK(mode):
        return _link_kind(path, root, sink) == "file"
    if stat.S_ISREG(mode):
        return True
    if not stat.S_ISDIR(mode):
        _report_special(path, root, mode, sink)
    return False


def claim_paths(root: Path, settings: Settings, sink: DiagnosticSink) -> list[Path]:
    """The claim files under the claims folder; other files are reported as not read."""
    paths = []
    for path in walk(root / settings.claims_dir, root, sink):
        if path.suffix in CLAIM_SUFFIXES:
            paths.append(path)
        else:
            _not_read(path, root, sink, "claim files end in .yaml")
    return paths


def bib_paths(root: Path, settings: Settings, sink: DiagnosticSink) -> list[Path]:
    """Every .bib file under the sources folder, in subfolders too; other files are reported."""
    folder = root / settings.sources_dir
    if not folder.is_dir():
        return []
    known = {root / settings.topics_file, root / settings.outlines_file}
    paths = []
    for path in walk(folder, root, sink):
        if path.suffix == BIB_SUFFIX:
            paths.append(path)
        elif path not in known and path.stem.lower() != "readme":
            _not_read(path, root, sink, "sources are BibTeX files ending in .bib")
    return paths


def read_docs(
    root: Path, settings: Settings, sink: DiagnosticSink
) -> tuple[dict[str, str], dict[str, bytes]]:
    """The hand-written pages (text) and published files (bytes) of the docs folder, keyed by
    their path inside it."""
    folder = root / settings.docs_dir
    pages: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for path in walk(folder, root, sink) if folder.is_dir() else []:
        name = path.relative_to(folder).as_posix()
        shown = relative(path, root)
        if is_generated(name):
            DOCS_PAGE_GENERATED.report(
                sink,
                shown,
                _AT_START,
                f"{name!r} is a page the build generates; this file would replace it",
            )
        elif path.suffix == PAGE_SUFFIX:
            text = _read_page(path, shown, sink)
            if text is not None:
                pages[name] = text
        elif path.suffix.lower() in ASSET_SUFFIXES:
            content = _read_bytes(path, shown, sink)
            if content is not None:
                files[name] = content
        else:
            _not_read(path, root, sink, "docs/ publishes Markdown pages (.md) and images")
    return pages, files


def _read_bytes(path: Path, shown: str, sink: DiagnosticSink) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as error:
        FILE_ENCODING.report(sink, shown, _AT_START, _cannot(error, "read file"))
        return None


def _read_page(path: Path, shown: str, sink: DiagnosticSink) -> str | None:
    raw = _read_bytes(path, shown, sink)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        position = utf8_error_position(raw, error)
        FILE_ENCODING.report(sink, shown, position, f"invalid UTF-8 byte 0x{raw[error.start]:02x}")
        return None


def _not_read(path: Path, root: Path, sink: DiagnosticSink, reason: str) -> None:
    FILE_NOT_READ.report(sink, relative(path, root), _AT_START, f"file is not read: {reason}")
