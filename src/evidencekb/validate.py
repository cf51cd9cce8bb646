"""Validate: schema errors first, then cross-file rules. Every problem becomes a diagnostic."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError

from evidencekb.diagnostics import Diagnostic, DiagnosticSink, Position, Severity
from evidencekb.discover import is_valid_name
from evidencekb.docs_rules import check_docs
from evidencekb.load import BibEntry, LocatedDocument, RawProject
from evidencekb.memo import NO_MEMO, Memo
from evidencekb.model import (
    Claim,
    OutlinesFile,
    Source,
    Topic,
    TopicsFile,
    bib_fields_to_source,
)
from evidencekb.partial_claims import PartialClaim, partial_claim, unread_claims
from evidencekb.validate_grading import check_grading
from evidencekb.validate_refs import check_cross_references, cited_keys
from evidencekb.validate_sources import check_entry, check_key, check_sources, check_uncited


@dataclass(frozen=True)
class ClaimRecord:
    claim: Claim
    document: LocatedDocument

    @property
    def path(self) -> str:
        return self.document.path


@dataclass
class ValidatedProject:
    claims: list[ClaimRecord] = field(default_factory=list)
    # claim files that failed the schema or could not be read: they count, are related to and
    # cite their sources, but are not rendered (see evidencekb.partial_claims)
    partial_claims: list[PartialClaim] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)
    outlines: dict[str, list[str]] = field(default_factory=dict)
    docs: dict[str, str] = field(default_factory=dict)
    doc_files: dict[str, bytes] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def validate(
    raw: RawProject, today: dt.date | None = None, memo: Memo = NO_MEMO
) -> ValidatedProject:
    """Every problem as a diagnostic. `memo` keeps what one file alone decides (its model and
    its own problems) for files that come back unchanged; cross-file rules always run."""
    today = today or dt.date.today()
    sink = DiagnosticSink(list(raw.sink.diagnostics))
    result = ValidatedProject(docs=dict(raw.docs), doc_files=dict(raw.doc_files))
    result.topics = _validate_topics(raw, sink)
    result.outlines = _validate_outlines(raw.outlines, sink)
    result.sources, entries = _validate_sources(raw.sources, sink, today, memo)
    check_sources(result.sources, entries, sink)
    result.claims, result.partial_claims = _validate_claims(raw, sink, memo)
    check_cross_references(result, set(entries), sink)
    for record in result.claims:
        check_grading(record, result.sources, sink, today, raw.settings.max_review_age_days)
    if all(partial.readable for partial in result.partial_claims):
        # with a claim file that cannot be read, which sources are cited is not known
        check_uncited(result.sources, entries, cited_keys(result), sink)
    check_docs(raw.docs, raw.settings.docs_dir, sink)
    result.diagnostics = apply_severity_overrides(sink.sorted(), raw.settings.severity)
    return result


def valid_sources(entries: list[BibEntry]) -> list[Source]:
    """The entries that make valid sources, first of each key, without applying any rule or
    reporting anything (`validate` does both)."""
    sources: dict[str, Source] = {}
    for entry in entries:
        if entry.key not in sources and is_valid_name(entry.key):
            with contextlib.suppress(ValidationError):
                sources[entry.key] = _source_model(entry)
    return list(sources.values())


def apply_severity_overrides(
    diagnostics: list[Diagnostic], overrides: dict[str, str]
) -> list[Diagnostic]:
    adjusted = []
    for diagnostic in diagnostics:
        level = overrides.get(diagnostic.code)
        if level == "off":
            continue
        if level in {"error", "warning", "notice"}:
            diagnostic = Diagnostic(
                diagnostic.path,
                diagnostic.position,
                diagnostic.code,
                Severity(level),
                diagnostic.message,
                diagnostic.hint,
            )
        adjusted.append(diagnostic)
    return adjusted


# --- schema -------------------------------------------------------------------------------


def _model_errors(
    model: type[BaseModel], data: Any, document: LocatedDocument, code: str, sink: DiagnosticSink
) -> BaseModel | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = tuple(detail["loc"])
            kind = detail["type"]
            if kind == "extra_forbidden":
                position = document.position_of(loc, key=True)
                message = f"unknown field {_dotted(loc)!r}"
                hint = _did_you_mean_field(model, loc)
            elif kind == "missing":
                position = document.position_of(loc[:-1], key=True)
                message = f"missing required field {_dotted(loc)!r}"
                hint = None
            else:
                position = document.position_of(loc)
                message = f"{_dotted(loc) or 'claim'}: {_clean_message(detail['msg'])}"
                hint = None
            sink.report(code, document.path, position, message, hint)
        return None


def _clean_message(message: str) -> str:
    return message.removeprefix("Value error, ")


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif "[" in str(part) or "function-after" in str(part):
            continue  # pydantic's internal union/validator labels
        else:
            text += f".{part}" if text else str(part)
    return text


def _did_you_mean_field(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    name = str(loc[-1])
    fields = _fields_at(model, loc[:-1])
    match = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
    if match:
        return f"Did you mean {match[0]!r}? Allowed fields: {', '.join(fields)}."
    return f"Allowed fields here: {', '.join(fields)}." if fields else None


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        for inner in getattr(candidate, "__args__", ()):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


def _validate_topics(raw: RawProject, sink: DiagnosticSink) -> list[Topic]:
    if raw.topics is None:
        sink.report(
            "EKB203",
            raw.settings.topics_file,
            Position(1, 1),
            f"no topics file at {raw.settings.topics_file}",
        )
        return []
    parsed = _model_errors(TopicsFile, raw.topics.data, raw.topics, "EKB203", sink)
    if parsed is None:
        return []
    topics: list[Topic] = []
    seen: set[str] = set()
    for index, topic in enumerate(parsed.topics):
        if topic.id in seen:
            sink.report(
                "EKB203",
                raw.topics.path,
                raw.topics.position_of(("topics", index, "id")),
                f"topic {topic.id!r} is declared twice",
            )
            continue
        seen.add(topic.id)
        topics.append(topic)
    return topics


def _validate_outlines(document: LocatedDocument | None, sink: DiagnosticSink) -> dict:
    if document is None:
        return {}
    parsed = _model_errors(OutlinesFile, document.data, document, "EKB203", sink)
    return dict(parsed.articles) if parsed else {}


def _validate_sources(
    entries: list[BibEntry], sink: DiagnosticSink, today: dt.date, memo: Memo
) -> tuple[dict[str, Source], dict[str, BibEntry]]:
    sources: dict[str, Source] = {}
    first_seen: dict[str, BibEntry] = {}
    for entry in entries:
        earlier = first_seen.get(entry.key)
        if not check_key(entry, sink):
            continue
        if earlier is not None:
            sink.report(
                "EKB302",
                entry.path,
                entry.key_position,
                f"entry key {entry.key!r} is already defined at "
                f"{earlier.path}:{earlier.position.line}",
            )
            continue
        first_seen[entry.key] = entry
        source, diagnostics = memo.get(("source", today), entry, partial(_source_of, entry, today))
        sink.diagnostics.extend(diagnostics)
        if source is not None:
            sources[entry.key] = source
    return sources, first_seen


def _source_of(entry: BibEntry, today: dt.date) -> tuple[Source | None, list[Diagnostic]]:
    """One entry as a Source, with the problems the entry alone shows."""
    sink = DiagnosticSink()
    try:
        source = _source_model(entry)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            name = str(detail["loc"][0]) if detail["loc"] else ""
            bib_name = {"container": "journal", "issue": "number"}.get(name, name)
            position = entry.field_positions.get(bib_name, entry.key_position)
            if detail["type"] in {"missing", "string_type"} or detail["input"] in ("", None):
                message = f"entry {entry.key!r} has no {bib_name!r} field"
            else:
                message = f"entry {entry.key!r}: {bib_name}: {_clean_message(detail['msg'])}"
            sink.report("EKB204", entry.path, position, message)
        return None, sink.diagnostics
    check_entry(source, entry, sink, today)
    return source, sink.diagnostics


def _source_model(entry: BibEntry) -> Source:
    """The entry as a Source; raises ValidationError."""
    data = bib_fields_to_source(entry.key, entry.entry_type, entry.fields, entry.path)
    return Source.model_validate(data)


def _validate_claims(
    raw: RawProject, sink: DiagnosticSink, memo: Memo
) -> tuple[list[ClaimRecord], list[PartialClaim]]:
    """The claims that pass the schema, and the partial records of those that do not."""
    records: list[ClaimRecord] = []
    partials: list[PartialClaim] = []
    first_seen: dict[str, LocatedDocument] = {}
    claims_root = PurePosixPath(raw.settings.claims_dir)
    for document in raw.claims:
        claim, diagnostics = memo.get(
            ("claim", claims_root), document, partial(_claim_of, document, claims_root)
        )
        sink.diagnostics.extend(diagnostics)
        if claim is None:
            partials.append(partial_claim(document, claims_root))
            continue
        earlier = first_seen.get(claim.id)
        if earlier is not None:
            sink.report(
                "EKB403",
                document.path,
                document.position_of(("id",)),
                f"claim id {claim.id!r} is already used by {earlier.path}",
            )
            continue
        first_seen[claim.id] = document
        records.append(ClaimRecord(claim, document))
    loaded = {document.path for document in raw.claims}
    others = {raw.settings.topics_file, raw.settings.outlines_file}
    partials += unread_claims(raw.sink.diagnostics, claims_root, loaded, others)
    return records, partials


def _claim_of(
    document: LocatedDocument, claims_root: PurePosixPath
) -> tuple[Claim | None, list[Diagnostic]]:
    """One claim file as a Claim, with the problems the file alone shows."""
    sink = DiagnosticSink()
    claim = _model_errors(Claim, document.data, document, "EKB201", sink)
    if claim is None:
        return None, sink.diagnostics
    path = PurePosixPath(document.path)
    if claim.id != path.stem:
        sink.report(
            "EKB202",
            document.path,
            document.position_of(("id",)),
            f"id {claim.id!r} differs from the file name {path.name!r}",
        )
    folder = path.parent.relative_to(claims_root) if path.is_relative_to(claims_root) else None
    if folder is not None and str(folder) != "." and str(folder) != claim.topic:
        sink.report(
            "EKB205",
            document.path,
            document.position_of(("topic",)),
            f"topic {claim.topic!r} differs from the folder {str(folder)!r}",
        )
    return claim, sink.diagnostics
