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
from typing import TypeVar

from evidencekb.diagnostics import Diagnostic, DiagnosticSink
from evidencekb.load import discover
from evidencekb.load.bibtex import BibEntry, read_bib_file
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
    docs: dict[str, str] = field(default_factory=dict)
    doc_files: dict[str, bytes] = field(default_factory=dict)  # published unchanged
    sink: DiagnosticSink = field(default_factory=DiagnosticSink)


def load_project(
    root: Path,
    settings: Settings | None = None,
    cache: FileCache | None = None,
    sources: tuple[list[BibEntry], list[Diagnostic]] | None = None,
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
    reader = _Reader(root, limit, cache)
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
        project.outlines = _read_optional_yaml(root / settings.outlines_file, project, limit)
        for entries, diagnostics in bib_results:
            project.sources.extend(entries)
            project.sink.diagnostics.extend(diagnostics)
    project.docs, project.doc_files = discover.read_docs(root, settings, project.sink)
    return project


def load_sources(root: Path, settings: Settings) -> tuple[list[BibEntry], list[Diagnostic]]:
    """Only the BibTeX entries, and the problems of reading them."""
    root = root.resolve()
    sink = DiagnosticSink()
    paths = discover.bib_paths(root, checked_settings(root, settings), sink)
    entries, diagnostics = _Reader(root, settings.max_file_bytes, None).bib_files(paths)
    return entries, sink.diagnostics + diagnostics


def _read_optional_yaml(path: Path, project: RawProject, limit: int) -> LocatedDocument | None:
    if not discover.readable_file(path, project.root, project.sink):
        return None
    return read_yaml_file(path, project.root, project.sink, limit)


@dataclass(frozen=True)
class _Reader:
    """Reads batches of files (in a worker process or not) into results and diagnostics."""

    root: Path
    max_bytes: int
    cache: FileCache | None

    def claim_files(self, paths: list[Path]) -> tuple[list[LocatedDocument], list[Diagnostic]]:
        results = [self._read(path, read_yaml_file) for path in paths]
        documents = [document for document, _ in results if document is not None]
        return documents, [d for _, diagnostics in results for d in diagnostics]

    def bib_files(self, paths: list[Path]) -> tuple[list[BibEntry], list[Diagnostic]]:
        results = [self._read(path, read_bib_file) for path in paths]
        entries = [entry for file_entries, _ in results for entry in file_entries]
        return entries, [d for _, diagnostics in results for d in diagnostics]

    def _read(self, path: Path, read: Callable[..., _T]) -> tuple[_T, list[Diagnostic]]:
        def parse(sink: DiagnosticSink) -> _T:
            return read(path, self.root, sink, self.max_bytes)

        if self.cache is not None:
            return self.cache.read(path, parse)
        sink = DiagnosticSink()
        return parse(sink), sink.diagnostics
