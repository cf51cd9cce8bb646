"""Load a whole project: settings, discovered files, claims, topics, outlines, sources, docs.

Load is the only stage that reads files. What makes a file unreadable is reported as a
diagnostic in the project's sink; nothing is dropped silently. Large projects are read by
worker processes (see `workers.Workers`), which run `_Reader`'s methods: they and everything
they return must stay picklable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypeVar

from evidencekb.diagnostics import Diagnostic, DiagnosticSink
from evidencekb.load import discover
from evidencekb.load.bibtex import BibEntry, BibFile, read_bib_file
from evidencekb.load.cache import FileCache
from evidencekb.load.settings import ConfigError, Settings, checked_settings, load_settings
from evidencekb.load.workers import Workers, chunks
from evidencekb.load.yaml_reader import LocatedDocument, read_yaml_file

_T = TypeVar("_T")
_PARALLEL_FROM = 2000  # claim files; below this, starting workers costs more than it saves


@dataclass
class RawProject:
    root: Path
    settings: Settings
    claims: list[LocatedDocument] = field(default_factory=list)
    topics: LocatedDocument | None = None
    outlines: LocatedDocument | None = None
    sources: list[BibEntry] = field(default_factory=list)
    # keys of the entries of .bib files that were refused (over max_bib_bytes, not UTF-8...):
    # unavailable, not unknown, so citing them is not an error of its own
    unavailable_keys: frozenset[str] = frozenset()
    docs: dict[str, str] = field(default_factory=dict)
    doc_files: dict[str, bytes] = field(default_factory=dict)  # published unchanged
    sink: DiagnosticSink = field(default_factory=DiagnosticSink)


class Sources(NamedTuple):
    """The BibTeX entries, the problems of reading them, and the keys of refused files."""

    entries: list[BibEntry]
    diagnostics: list[Diagnostic]
    unavailable: frozenset[str] = frozenset()


def load_project(
    root: Path,
    settings: Settings | None = None,
    cache: FileCache | None = None,
    sources: Sources | None = None,
) -> RawProject:
    """Read every file of the project; with a `cache`, only files changed since last time;
    with `sources` (from `load_sources`), the BibTeX files are not read again."""
    root = root.resolve()
    if not root.is_dir():
        raise ConfigError(f"{root}: not a directory")
    settings = checked_settings(root, settings or load_settings(root))
    project = RawProject(root=root, settings=settings)
    claims_dir = root / settings.claims_dir
    if not claims_dir.is_dir():
        raise ConfigError(
            f"{claims_dir}: no claims folder, so this is not an evidencekb project; to start "
            "one, run `evidencekb init FOLDER`"
        )
    claim_paths = discover.claim_paths(root, settings, project.sink)
    bib_paths = discover.bib_paths(root, settings, project.sink) if sources is None else []
    limit = settings.max_file_bytes
    reader = _Reader(root, limit, settings.max_bib_bytes, cache)
    with Workers(parallel=len(claim_paths) >= _PARALLEL_FROM and cache is None) as workers:
        bib_results = (
            workers.map(reader.bib_files, [[path] for path in bib_paths])
            if sources is None
            else iter([sources])
        )
        claim_chunks = chunks(claim_paths, workers.count * 4)
        for documents, diagnostics in workers.map(reader.claim_files, claim_chunks):
            project.claims.extend(documents)
            project.sink.diagnostics.extend(diagnostics)
        project.topics = _read_optional_yaml(root / settings.topics_file, project, limit)
        project.outlines = _read_optional_yaml(
            root / settings.outlines_file,
            project,
            settings.max_outlines_bytes,
            "max_outlines_bytes",
        )
        for entries, diagnostics, unavailable in bib_results:
            project.sources.extend(entries)
            project.sink.diagnostics.extend(diagnostics)
            project.unavailable_keys |= unavailable
    project.docs, project.doc_files = discover.read_docs(root, settings, project.sink)
    return project


def load_sources(root: Path, settings: Settings) -> Sources:
    """Only the BibTeX entries, the problems of reading them, and the keys of refused files."""
    root = root.resolve()
    sink = DiagnosticSink()
    paths = discover.bib_paths(root, checked_settings(root, settings), sink)
    reader = _Reader(root, settings.max_file_bytes, settings.max_bib_bytes, None)
    entries, diagnostics, unavailable = reader.bib_files(paths)
    return Sources(entries, sink.diagnostics + diagnostics, unavailable)


def _read_optional_yaml(
    path: Path, project: RawProject, limit: int, setting: str = "max_file_bytes"
) -> LocatedDocument | None:
    if not discover.readable_file(path, project.root, project.sink):
        return None
    return read_yaml_file(path, project.root, project.sink, limit, setting)


@dataclass(frozen=True)
class _Reader:
    """Reads batches of files (in a worker process or not) into results and diagnostics."""

    root: Path
    max_bytes: int  # of a claim file
    max_bib_bytes: int
    cache: FileCache | None

    def claim_files(self, paths: list[Path]) -> tuple[list[LocatedDocument], list[Diagnostic]]:
        results = [self._read(path, read_yaml_file, self.max_bytes) for path in paths]
        documents = [document for document, _ in results if document is not None]
        return documents, [d for _, diagnostics in results for d in diagnostics]

    def bib_files(self, paths: list[Path]) -> Sources:
        results: list[tuple[BibFile, list[Diagnostic]]] = [
            self._read(path, read_bib_file, self.max_bib_bytes) for path in paths
        ]
        return Sources(
            [entry for bib_file, _ in results for entry in bib_file.entries],
            [d for _, diagnostics in results for d in diagnostics],
            frozenset().union(*(bib_file.unavailable for bib_file, _ in results)),
        )

    def _read(
        self, path: Path, read: Callable[..., _T], max_bytes: int
    ) -> tuple[_T, list[Diagnostic]]:
        def parse(sink: DiagnosticSink) -> _T:
            return read(path, self.root, sink, max_bytes)

        if self.cache is not None:
            return self.cache.read(path, parse)
        sink = DiagnosticSink()
        return parse(sink), sink.diagnostics
