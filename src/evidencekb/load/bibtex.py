"""BibTeX files: entries with their fields decoded from LaTeX and the position of each.

Every block bibtexparser cannot take as a plain entry (no key, a repeated key or field, a
`@string` macro, text between entries, a parse failure) is reported; no entry is dropped
silently.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser import middlewares
from bibtexparser import model as bibmodel

from evidencekb.diagnostics import DiagnosticSink, Position
from evidencekb.load.bib_keys import noting_unavailable, refused_keys
from evidencekb.load.files import read_text, relative
from evidencekb.load.latex import latex_text, name_parts
from evidencekb.rules.registry import Scope, Severity, declare

BIB_PARSE_ERROR = declare(
    "EKB301",
    "bib-parse-error",
    Severity.ERROR,
    Scope.FILE,
    "A BibTeX block could not be parsed.",
    "Check braces and commas in the block; every field ends with `,` and the entry with `}`.",
)

BIB_DUPLICATE_KEY = declare(
    "EKB302",
    "bib-duplicate-key",
    Severity.ERROR,
    Scope.PROJECT,
    "Two BibTeX entries share a key (in one file or across files).",
    "Keys must be unique across all sources/*.bib files; rename or merge the entries.",
)

BIB_DUPLICATE_FIELD = declare(
    "EKB303",
    "bib-duplicate-field",
    Severity.ERROR,
    Scope.FILE,
    "A BibTeX entry repeats a field.",
    "Keep one of the repeated fields.",
)

BIB_STRING_MACRO = declare(
    "EKB305",
    "bib-string-macro",
    Severity.ERROR,
    Scope.FILE,
    "A .bib file defines an @string macro.",
    "Write the value out in each entry; macros hide what a reader sees.",
)

BIB_STRAY_TEXT = declare(
    "EKB306",
    "bib-stray-text",
    Severity.WARNING,
    Scope.FILE,
    "A .bib file has text outside any entry.",
    "BibTeX ignores it: make it a `%` comment, or fix the entry it belongs to.",
)


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


# LaTeX is decoded by `latex_text` after names are split, so `{Food and Drug Administration}`
# stays one name; bibtexparser's decoding middleware would also rebuild its parser per string.
_BIB_MIDDLEWARE = [middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
_NAME_FIELDS = ("author", "editor")
_VERBATIM_FIELDS = frozenset({"doi", "url", "urldate", "eprint", "isbn", "pmid", "file"})
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # failures become diagnostics


@dataclass(frozen=True)
class BibFile:
    """What one .bib file gives: its entries, or, if it was refused, the keys of its entries
    (they count as unavailable, not unknown: see `evidencekb.load.bib_keys`)."""

    entries: list[BibEntry]
    unavailable: frozenset[str] = frozenset()


def read_bib_file(path: Path, root: Path, sink: DiagnosticSink, max_bytes: int) -> BibFile:
    """One .bib file, at most `max_bytes` long (the `max_bib_bytes` setting)."""
    refusal = DiagnosticSink()
    text = read_text(path, root, refusal, max_bytes, "max_bib_bytes")
    if text is None:
        keys = refused_keys(path)
        sink.diagnostics.extend(noting_unavailable(d, keys) for d in refusal.diagnostics)
        return BibFile([], keys)
    sink.extend(refusal)
    return BibFile(parse_bib(text, relative(path, root), sink))


def parse_bib(text: str, name: str, sink: DiagnosticSink) -> list[BibEntry]:
    """Parse one .bib file. Every failed block is reported; no entry is dropped silently."""
    library = bibtexparser.parse_string(text, append_middleware=_BIB_MIDDLEWARE)
    lines = text.splitlines()
    entries: list[BibEntry] = []
    for block in library.blocks:
        if isinstance(block, bibmodel.Entry) and block.key.strip():
            entries.append(_bib_entry(block, name, lines))
        elif isinstance(block, bibmodel.DuplicateFieldKeyBlock):
            entries.append(_repeated_fields_entry(block, name, lines, sink))
        else:
            _report_block(block, name, sink)
    return entries


def _repeated_fields_entry(
    block: bibmodel.DuplicateFieldKeyBlock, name: str, lines: list[str], sink: DiagnosticSink
) -> BibEntry:
    """The entry with each repeated field reported and only its first value kept (so
    citations of the entry still resolve)."""
    assert isinstance(block.ignore_error_block, bibmodel.Entry)  # the entry, repeats and all
    entry = _first_values_only(block.ignore_error_block)
    for field_name in sorted(block.duplicate_keys):
        BIB_DUPLICATE_FIELD.report(
            sink,
            name,
            _repeated_field_position(block, field_name, lines),
            f"entry {entry.key!r} repeats the field {field_name!r}",
        )
    return _bib_entry(entry, name, lines)


def _report_block(block: bibmodel.Block, name: str, sink: DiagnosticSink) -> None:
    """Report a block that holds no usable entry (text that is only comments is fine)."""
    if isinstance(block, bibmodel.Entry):  # an entry without a key
        BIB_PARSE_ERROR.report(
            sink,
            name,
            Position(_first_line(block) + 1, 1),
            f"@{block.entry_type} entry has no key",
            "Give the entry a key: @article{smith2020trial, ...}.",
        )
    elif isinstance(block, bibmodel.DuplicateBlockKeyBlock):
        BIB_DUPLICATE_KEY.report(
            sink,
            name,
            _key_position(_raw(block), _first_line(block), block.key),
            f"entry key {block.key!r} is defined twice in this file",
        )
    elif isinstance(block, bibmodel.ImplicitComment) and (found := _stray_line(block.comment)):
        offset, stray = found
        BIB_STRAY_TEXT.report(
            sink,
            name,
            Position(_first_line(block) + offset + 1, 1),
            f"text outside any entry is ignored: {stray.strip()[:40]!r}",
        )
    elif isinstance(block, bibmodel.String):
        BIB_STRING_MACRO.report(
            sink,
            name,
            Position(_first_line(block) + 1, 1),
            f"@string macro {block.key!r}: macros are not allowed",
        )
    elif isinstance(block, bibmodel.ParsingFailedBlock):
        BIB_PARSE_ERROR.report(
            sink,
            name,
            Position(_first_line(block) + 1, 1),
            _parse_failure_message(block),
        )


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
    first = _first_line(block)
    for number in range(first, min(first + _raw(block).count("\n") + 1, len(lines))):
        match = pattern.search(lines[number])
        if match:
            seen += 1
            if seen == 2:
                return Position(number + 1, match.start() + 1)
    return Position(first + 1, 1)


def _parse_failure_message(block: bibmodel.ParsingFailedBlock) -> str:
    detail = str(getattr(block, "error", "")).replace("\n", " ").strip()
    raw = _raw(block)
    first_line = raw.strip().splitlines()[0][:60] if raw.strip() else ""
    return (
        f"cannot parse BibTeX block {first_line!r}: {detail}"
        if detail
        else (f"cannot parse BibTeX block {first_line!r}")
    )


def _first_line(block: bibmodel.Block) -> int:
    """The block's first line, counted from 0 (bibtexparser types it optional, but its parser
    sets it on every block it reads)."""
    assert block.start_line is not None
    return block.start_line


def _raw(block: bibmodel.Block) -> str:
    """The block's text as written (optional in bibtexparser's types, set by its parser)."""
    assert block.raw is not None
    return block.raw


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
            value = [name_parts(part) for part in value]
        elif isinstance(value, str) and key not in _VERBATIM_FIELDS:
            value = latex_text(value)
        fields[key] = value
        line_number = (bib_field.start_line or _first_line(block)) + 1
        line = lines[line_number - 1] if 0 < line_number <= len(lines) else ""
        column = line.lower().find(key)
        positions[key] = Position(line_number, column + 1 if column >= 0 else 1)
    return BibEntry(
        path=name,
        key=block.key,
        entry_type=block.entry_type.lower(),
        fields=fields,
        position=Position(_first_line(block) + 1, 1),
        key_position=_key_position(_raw(block), _first_line(block), block.key),
        field_positions=positions,
    )
