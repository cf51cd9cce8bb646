"""Load: the only stage that reads files.

YAML claim files and BibTeX sources are parsed into plain data that remembers where each value
came from, so later stages can point at the exact line and column. Problems that make a file
unreadable are reported as diagnostics; nothing is dropped silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import bibtexparser
import yaml
from bibtexparser import middlewares
from bibtexparser import model as bibmodel
from pydantic import ValidationError
from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text

from evidencekb import discover
from evidencekb.config import Settings, location_problems
from evidencekb.diagnostics import Diagnostic, DiagnosticSink, Position
from evidencekb.discover import relative, utf8_error_position
from evidencekb.parallel import Workers, chunks

try:  # the C loader is about 8x faster; the pure-Python one reports the same positions
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

YamlPath = tuple[str | int, ...]
_T = TypeVar("_T")

_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


@dataclass
class LocatedDocument:
    """A parsed YAML mapping with the position of every key and value.

    A file read by the fast path keeps its text and finds positions only when a diagnostic
    first asks for one: most files have no problem, and positions cost as much as parsing.
    """

    path: str
    data: dict[str, Any]
    values: dict[YamlPath, Position] = field(default_factory=dict)
    keys: dict[YamlPath, Position] = field(default_factory=dict)
    text: str | None = field(default=None, repr=False)

    def position_of(self, loc: YamlPath, *, key: bool = False) -> Position:
        """The position of a value (or its key); falls back to the nearest enclosing value."""
        if self.text is not None:
            located = _parse_yaml_with_positions(self.text, self.path, DiagnosticSink())
            self.text = None
            if located is not None:
                self.values, self.keys = located.values, located.keys
        table = self.keys if key else self.values
        for end in range(len(loc), -1, -1):
            found = table.get(loc[:end]) or self.values.get(loc[:end])
            if found:
                return found
        return Position(1, 1)


@dataclass
class BibEntry:
    """One BibTeX entry, its fields already decoded from LaTeX, with positions."""

    path: str
    key: str
    entry_type: str
    fields: dict[str, Any]
    position: Position
    key_position: Position
    field_positions: dict[str, Position]


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


class ConfigError(Exception):
    """The project cannot be loaded at all (exit code 2)."""


def load_settings(root: Path) -> Settings:
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return Settings()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{pyproject}: cannot read settings: {error}") from error
    table = data.get("tool", {}).get("evidencekb", {})
    try:
        return Settings.model_validate(table)
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(part) for part in detail['loc']) or 'settings'}: {detail['msg']}"
            for detail in error.errors(include_url=False)
        ]
        raise ConfigError(f"{pyproject} [tool.evidencekb]: " + "; ".join(problems)) from error


def checked_settings(root: Path, settings: Settings) -> Settings:
    """`settings`, if every folder and file they name lies where it may; else ConfigError."""
    problems = location_problems(settings, root)
    if problems:
        raise ConfigError(" ".join(problems))
    return settings


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
        raise ConfigError(f"{claims_dir}: no claims folder (is this an evidencekb project?)")
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


_PARALLEL_FROM = 2000  # claim files; below this, starting workers costs more than it saves


def read_text(path: Path, root: Path, sink: DiagnosticSink, max_bytes: int) -> str | None:
    """Read a file as UTF-8, reporting encoding and size problems instead of raising."""
    name = relative(path, root)
    try:
        with path.open("rb") as handle:  # at most one byte past the limit is read
            raw = handle.read(max_bytes + 1)
            size = os.fstat(handle.fileno()).st_size if len(raw) > max_bytes else len(raw)
    except OSError as error:
        sink.report("EKB106", name, Position(1, 1), f"cannot read file: {error.strerror}")
        return None
    if size > max_bytes:
        sink.report(
            "EKB108",
            name,
            Position(1, 1),
            f"file is {size:,} bytes; the limit is {max_bytes:,}",
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        sink.report(
            "EKB106",
            name,
            Position(1, 1),
            "file starts with a byte-order mark (BOM)",
            hint="Save the file as UTF-8 without BOM.",
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        sink.report(
            "EKB106",
            name,
            utf8_error_position(raw, error),
            f"invalid UTF-8 byte 0x{raw[error.start]:02x}",
        )
        return None
    if not text.strip():
        sink.report("EKB107", name, Position(1, 1), "file is empty")
        return None
    return text


def read_yaml_file(
    path: Path, root: Path, sink: DiagnosticSink, max_bytes: int
) -> LocatedDocument | None:
    text = read_text(path, root, sink, max_bytes)
    if text is None:
        return None
    return parse_yaml(text, relative(path, root), sink)


def _mark(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def parse_yaml(text: str, name: str, sink: DiagnosticSink) -> LocatedDocument | None:
    """Parse one YAML mapping document, recording positions; report problems to `sink`."""
    try:
        return _parse_yaml(text, name, sink)
    except RecursionError:
        sink.report("EKB101", name, Position(1, 1), "values are nested too deeply")
        return None


def _parse_yaml(text: str, name: str, sink: DiagnosticSink) -> LocatedDocument | None:
    data = _load_plain_mapping(text)
    if data is not None:
        return LocatedDocument(path=name, data=data, text=text)
    return _parse_yaml_with_positions(text, name, sink)


class _Refused(Exception):
    """The fast path met something only the careful path reports well."""


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAX_NESTING = 64  # claims nest four levels; the careful path reports deeper files
_SCALARS = yaml.SafeLoader("")  # constructs the few scalars that are not strings


def _load_plain_mapping(text: str) -> dict[str, Any] | None:
    """The document's data when it is one plain mapping with nothing to report, else None.

    PyYAML's C parser composes the nodes; this walk turns them into data with a single call
    per node, where PyYAML's generic constructor makes several.
    """
    loader = _YamlLoader(text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):
            return None
        return _plain_value(node, 1, set())
    except (_Refused, yaml.YAMLError, ValueError, OverflowError, TypeError, RecursionError):
        return None
    finally:
        loader.dispose()


def _plain_value(node: yaml.Node, depth: int, containers: set[int]) -> Any:
    tag = node.tag
    if tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.ScalarNode):
        if tag not in _ALLOWED_TAGS:
            raise _Refused
        return _SCALARS.yaml_constructors[tag](_SCALARS, node)  # int, float, bool, null, date
    if depth > _MAX_NESTING or id(node) in containers:
        raise _Refused  # too deep, or an alias
    containers.add(id(node))
    if tag == _SEQ_TAG and isinstance(node, yaml.SequenceNode):
        return [_plain_value(item, depth + 1, containers) for item in node.value]
    if tag != _MAP_TAG or not isinstance(node, yaml.MappingNode):
        raise _Refused
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key_node.tag != _STR_TAG or not isinstance(key, str) or key in result:
            raise _Refused  # a merge key, a key that is not a plain name, or a repeated key
        result[key] = _plain_value(value_node, depth + 1, containers)
    return result


def _parse_yaml_with_positions(
    text: str, name: str, sink: DiagnosticSink
) -> LocatedDocument | None:
    try:
        nodes = list(yaml.compose_all(text, Loader=_YamlLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if "\t" in problem or "'\\t'" in problem:
            problem = "a tab character cannot indent YAML"
        sink.report("EKB101", name, _mark(mark) if mark else Position(1, 1), problem)
        return None
    except yaml.YAMLError as error:  # e.g. a reader error on control characters
        sink.report("EKB101", name, _position_from_reader_error(error), str(error).split("\n")[0])
        return None
    nodes = [node for node in nodes if node is not None]
    if not nodes:
        sink.report("EKB107", name, Position(1, 1), "file holds no YAML content")
        return None
    if len(nodes) > 1:
        sink.report(
            "EKB104",
            name,
            _mark(nodes[1].start_mark),
            f"file holds {len(nodes)} YAML documents; a claim file holds one",
        )
        return None
    root_node = nodes[0]
    if not isinstance(root_node, yaml.MappingNode):
        sink.report(
            "EKB103",
            name,
            _mark(root_node.start_mark),
            f"top level is a {_node_kind(root_node)}, not a mapping of fields",
        )
        return None
    builder = _DocumentBuilder(name, sink, text)
    data = builder.build(root_node, ())
    if builder.failed:
        return None
    return LocatedDocument(path=name, data=data, values=builder.values, keys=builder.keys)


_ALIAS = re.compile(r"(?<![\w'\"])\*[^\s,\[\]{}]+")


def _first_alias(text: str) -> Position:
    """Where the first `*alias` is written (composed nodes do not remember alias positions)."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ALIAS.search(line.split("#", 1)[0])
        if match:
            return Position(number, match.start() + 1)
    return Position(1, 1)


def _position_from_reader_error(error: yaml.YAMLError) -> Position:
    position = getattr(error, "position", None)
    return Position(1, (position or 0) + 1)


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    return "single value"


class _DocumentBuilder:
    """Turns a composed YAML node tree into Python data, refusing what claims must not use."""

    def __init__(self, name: str, sink: DiagnosticSink, text: str) -> None:
        self.name = name
        self.text = text
        self.sink = sink
        self.values: dict[YamlPath, Position] = {}
        self.keys: dict[YamlPath, Position] = {}
        self.failed = False
        self._seen: set[int] = set()
        self._aliased = False
        self._constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        if self.failed and self._aliased:
            return None  # stop at the first alias: an alias bomb must not be walked
        if id(node) in self._seen:
            self._aliased = True
            self.failed = True
            self.sink.report(
                "EKB105",
                self.name,
                _first_alias(self.text),
                "YAML aliases (*name) are not allowed in claim files",
            )
            return None
        self._seen.add(id(node))
        self.values[path] = _mark(node.start_mark)
        if node.tag not in _ALLOWED_TAGS:
            self._fail("EKB105", node, f"YAML tag {node.tag!r} is not allowed")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        if node.tag == _STR_TAG:
            return node.value  # what the constructor would return, without its overhead
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            self._fail("EKB101", node, f"cannot read value: {error}".split("\n")[0])
            return None

    def _build_mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            is_merge = key_node.tag == "tag:yaml.org,2002:merge"
            if not isinstance(key_node, yaml.ScalarNode) or is_merge:
                self._fail("EKB105", key_node, "mapping keys must be plain names")
                continue
            key = str(key_node.value)
            key_position = _mark(key_node.start_mark)
            if key in first_seen:
                earlier = first_seen[key]
                self.sink.report(
                    "EKB102",
                    self.name,
                    key_position,
                    f"key {key!r} repeats the one on line {earlier.line}",
                )
                self.failed = True
                continue
            first_seen[key] = key_position
            self.keys[(*path, key)] = key_position
            result[key] = self.build(value_node, (*path, key))
        return result

    def _fail(self, code: str, node: yaml.Node, message: str) -> None:
        self.sink.report(code, self.name, _mark(node.start_mark), message)
        self.failed = True


# --- BibTeX -------------------------------------------------------------------------------

# LaTeX is decoded by `_latex_text` after names are split, so `{Food and Drug Administration}`
# stays one name; bibtexparser's decoding middleware would also rebuild its parser per string.
_BIB_MIDDLEWARE = [middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
_NAME_FIELDS = ("author", "editor")
_VERBATIM_FIELDS = frozenset({"doi", "url", "urldate", "eprint", "isbn", "pmid", "file"})
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # failures become diagnostics


def read_bib_file(path: Path, root: Path, sink: DiagnosticSink, max_bytes: int) -> list[BibEntry]:
    text = read_text(path, root, sink, max_bytes)
    if text is None:
        return []
    return parse_bib(text, relative(path, root), sink)


def parse_bib(text: str, name: str, sink: DiagnosticSink) -> list[BibEntry]:
    """Parse one .bib file. Every failed block is reported; no entry is dropped silently."""
    library = bibtexparser.parse_string(text, append_middleware=_BIB_MIDDLEWARE)
    lines = text.splitlines()
    entries: list[BibEntry] = []
    for block in library.blocks:
        if isinstance(block, bibmodel.Entry) and not block.key.strip():
            sink.report(
                "EKB301",
                name,
                Position(block.start_line + 1, 1),
                f"@{block.entry_type} entry has no key",
                "Give the entry a key: @article{smith2020trial, ...}.",
            )
        elif isinstance(block, bibmodel.Entry):
            entries.append(_bib_entry(block, name, lines))
        elif isinstance(block, bibmodel.DuplicateFieldKeyBlock):
            entry = _first_values_only(block.ignore_error_block)  # kept so citations resolve
            for field_name in sorted(block.duplicate_keys):
                sink.report(
                    "EKB303",
                    name,
                    _repeated_field_position(block, field_name, lines),
                    f"entry {entry.key!r} repeats the field {field_name!r}",
                )
            entries.append(_bib_entry(entry, name, lines))
        elif isinstance(block, bibmodel.DuplicateBlockKeyBlock):
            sink.report(
                "EKB302",
                name,
                _key_position(block.raw, block.start_line, block.key),
                f"entry key {block.key!r} is defined twice in this file",
            )
        elif isinstance(block, bibmodel.ImplicitComment) and (found := _stray_line(block.comment)):
            offset, stray = found
            sink.report(
                "EKB306",
                name,
                Position(block.start_line + offset + 1, 1),
                f"text outside any entry is ignored: {stray.strip()[:40]!r}",
            )
        elif isinstance(block, bibmodel.String):
            sink.report(
                "EKB305",
                name,
                Position(block.start_line + 1, 1),
                f"@string macro {block.key!r}: macros are not allowed",
            )
        elif isinstance(block, bibmodel.ParsingFailedBlock):
            sink.report(
                "EKB301",
                name,
                Position(block.start_line + 1, 1),
                _parse_failure_message(block),
            )
    return entries


def _stray_line(comment: str) -> tuple[int, str] | None:
    """The first line between entries that is neither blank nor a `%` comment."""
    for offset, line in enumerate(comment.splitlines()):
        if line.strip() and not line.lstrip().startswith("%"):
            return offset, line
    return None


def _first_values_only(entry: bibmodel.Entry) -> bibmodel.Entry:
    """An entry with repeated fields reduced to their first value, decoded like any other."""
    seen: set[str] = set()
    fields = []
    for bib_field in entry.fields:
        if bib_field.key.lower() not in seen:
            seen.add(bib_field.key.lower())
            fields.append(bib_field)
    entry.fields = fields
    library = bibtexparser.Library([entry])
    for middleware in [middlewares.RemoveEnclosingMiddleware(), *_BIB_MIDDLEWARE]:
        library = middleware.transform(library)
    return library.entries[0]


def _repeated_field_position(block: bibmodel.Block, field_name: str, lines: list[str]) -> Position:
    """The second occurrence of a field in an entry's lines."""
    pattern = re.compile(rf"(?i)(?<![\w-]){re.escape(field_name)}\s*=")
    seen = 0
    first = block.start_line
    for number in range(first, min(first + block.raw.count("\n") + 1, len(lines))):
        match = pattern.search(lines[number])
        if match:
            seen += 1
            if seen == 2:
                return Position(number + 1, match.start() + 1)
    return Position(first + 1, 1)


def _parse_failure_message(block: bibmodel.ParsingFailedBlock) -> str:
    detail = str(getattr(block, "error", "")).replace("\n", " ").strip()
    first_line = block.raw.strip().splitlines()[0][:60] if block.raw.strip() else ""
    return (
        f"cannot parse BibTeX block {first_line!r}: {detail}"
        if detail
        else (f"cannot parse BibTeX block {first_line!r}")
    )


def _key_position(raw: str, start_line: int, key: str) -> Position:
    first = raw.split("\n", 1)[0]
    column = first.find(key)
    return Position(start_line + 1, column + 1 if column >= 0 else 1)


def _bib_entry(block: bibmodel.Entry, name: str, lines: list[str]) -> BibEntry:
    fields: dict[str, Any] = {}
    positions: dict[str, Position] = {}
    for bib_field in block.fields:
        key = bib_field.key.lower()
        value = bib_field.value
        if key in _NAME_FIELDS and isinstance(value, list):
            value = [_name_parts(part) for part in value]
        elif isinstance(value, str) and key not in _VERBATIM_FIELDS:
            value = _latex_text(value)
        fields[key] = value
        line_number = (bib_field.start_line or block.start_line) + 1
        line = lines[line_number - 1] if 0 < line_number <= len(lines) else ""
        column = line.lower().find(key)
        positions[key] = Position(line_number, column + 1 if column >= 0 else 1)
    return BibEntry(
        path=name,
        key=block.key,
        entry_type=block.entry_type.lower(),
        fields=fields,
        position=Position(block.start_line + 1, 1),
        key_position=_key_position(block.raw, block.start_line, block.key),
        field_positions=positions,
    )


def _name_parts(parts: Any) -> dict[str, str]:
    """CSL name from bibtexparser's split parts (LaTeX decoded here: the middleware skips lists).

    A fully braced name such as `{U.S. Food and Drug Administration}` is an organisation: literal.
    """
    if isinstance(parts, str):
        return {"literal": _latex_text(parts)}
    if not parts.first and not parts.von and len(parts.last) == 1 and _is_braced(parts.last[0]):
        return {"literal": _latex_text(parts.last[0])}
    name = {
        "family": _latex_text(" ".join([*parts.von, *parts.last])),
        "given": _latex_text(" ".join(parts.first)),
        "suffix": _latex_text(" ".join(parts.jr)),
    }
    return {key: value for key, value in name.items() if value}


_LATEX = LatexNodes2Text(math_mode="verbatim")
_LATEX_CONTEXT = latexwalker.get_default_latex_context_db()  # built once, not per string
_LATEX_SYNTAX = re.compile(r"[\\{}$%&~^_]|--|``|''")
_ACCENT_MARKS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a",
}  # fmt: skip
_ACCENT = re.compile(
    r"""\\(?:([`'^"~=.])\s*|([uvHckr])(?:\s+|(?=\{)))(?:\{([A-Za-z])\}|([A-Za-z]))"""
)
_LETTERS = {
    "o": "ø", "O": "Ø", "ss": "ß", "ae": "æ", "AE": "Æ", "aa": "å", "AA": "Å",
    "l": "ł", "L": "Ł", "oe": "œ", "OE": "Œ", "&": "&",
}  # fmt: skip
_LETTER = re.compile(r"\\(?:(ss|ae|AE|aa|AA|oe|OE|o|O|l|L)(?![A-Za-z])(?:\{\}|\s*)|(&))")


def _latex_text(value: str) -> str:
    """LaTeX to Unicode text (`M{\\"u}ller` -> `Müller`) by pylatexenc.

    Plain text skips the parser, and so do names whose only LaTeX is accents and special
    letters (most of them): pylatexenc takes about a millisecond per string, and a
    bibliography of 5,000 entries has 100,000 name parts. A property test holds the fast
    path to pylatexenc's output.
    """
    if not _LATEX_SYNTAX.search(value):
        return " ".join(value.split())
    fast = _accents_only(value)
    if fast is not None:
        return fast
    with contextlib.suppress(Exception):  # pylatexenc is tolerant; else keep the raw text
        value = _LATEX.latex_to_text(value, latex_context=_LATEX_CONTEXT)
    return " ".join(value.split())


def _accents_only(value: str) -> str | None:
    """Decoded text when `value` holds only accents, special letters and braces, else None."""
    text = _LETTER.sub(lambda m: _LETTERS[m[1] or m[2]], value)
    text = _ACCENT.sub(lambda m: (m[3] or m[4]) + _ACCENT_MARKS[m[1] or m[2]], text)
    text = text.replace("---", "—").replace("--", "–")  # the dashes of `pages = {1--9}`
    if _LATEX_LEFT.search(text):
        return None
    return " ".join(unicodedata.normalize("NFC", text.replace("{", "").replace("}", "")).split())


_LATEX_LEFT = re.compile(r"[\\$%~^_&]|``|''")


def _is_braced(value: str) -> bool:
    """True when one brace group spans the whole value: `{A and B}` but not `{A} and {B}`."""
    if not (value.startswith("{") and value.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(value) - 1:
            return False
    return True
