"""Validate: the schema first (it builds the models), then every registered check by scope.

Source-scope checks run on each BibTeX entry, claim-scope checks on each claim, each alone, so
a long-lived run (`serve`, given a `memo`) keeps their findings while the entry or file comes
back unchanged; project-scope checks compare several and run every time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from functools import partial
from pathlib import PurePosixPath

from pydantic import ValidationError

from evidencekb.diagnostics import Diagnostic, DiagnosticSink, Severity
from evidencekb.load import BibEntry, LocatedDocument, RawProject, is_valid_name
from evidencekb.load.bibtex import BIB_DUPLICATE_KEY
from evidencekb.memo import NO_MEMO, Memo
from evidencekb.model import Claim, Source
from evidencekb.rules import schema
from evidencekb.rules.catalog import RULES
from evidencekb.rules.docs import check_docs
from evidencekb.rules.docs_anchors import check_linked_anchors
from evidencekb.rules.partial import PartialClaim, partial_claim, unread_claims
from evidencekb.rules.project import ClaimContext, ClaimRecord, ProjectView, ValidatedProject
from evidencekb.rules.references import DUPLICATE_CLAIM_ID
from evidencekb.rules.registry import Scope
from evidencekb.rules.sources import check_key


def validate(
    raw: RawProject, today: dt.date | None = None, memo: Memo = NO_MEMO
) -> ValidatedProject:
    """Every problem as a diagnostic. `memo` keeps what one file alone decides (its model and
    the findings of its file-, source- and claim-scope rules) for files that come back
    unchanged; project-scope rules always run."""
    today = today or dt.date.today()
    sink = DiagnosticSink(list(raw.sink.diagnostics))
    result = ValidatedProject(docs=dict(raw.docs), doc_files=dict(raw.doc_files))
    result.topics = schema.check_topics(raw, sink)
    result.outlines = schema.check_outlines(raw.outlines, sink)
    result.outline_document = raw.outlines
    result.sources, entries = _validate_sources(raw.sources, sink, today, memo)
    context = ClaimContext(today, raw.settings.max_review_age_days)
    result.claims, result.partial_claims = _validate_claims(raw, context, sink, memo)
    view = ProjectView(result, entries, unavailable=raw.unavailable_keys)
    for check in RULES.checks(Scope.PROJECT):
        check(view, sink)
    check_docs(raw.docs, raw.settings.docs_dir, sink)
    check_linked_anchors(raw.docs, raw.settings.docs_dir, sink)
    result.diagnostics = apply_severity_overrides(sink.sorted(), raw.settings.severity)
    return result


def valid_sources(entries: list[BibEntry]) -> list[Source]:
    """The entries that make valid sources, first of each key, without applying any rule or
    reporting anything (`validate` does both)."""
    sources: dict[str, Source] = {}
    for entry in entries:
        if entry.key not in sources and is_valid_name(entry.key):
            with contextlib.suppress(ValidationError):
                sources[entry.key] = schema.source_model(entry)
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


def _validate_sources(
    entries: list[BibEntry], sink: DiagnosticSink, today: dt.date, memo: Memo
) -> tuple[dict[str, Source], dict[str, BibEntry]]:
    """The valid sources by key, and the first entry of each valid key."""
    sources: dict[str, Source] = {}
    first_seen: dict[str, BibEntry] = {}
    for entry in entries:
        earlier = first_seen.get(entry.key)
        if not check_key(entry, sink):
            continue
        if earlier is not None:
            BIB_DUPLICATE_KEY.report(
                sink,
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
    """One entry as a Source, with the findings of the source-scope rules."""
    sink = DiagnosticSink()
    source = schema.check_source(entry, sink)
    if source is not None:
        for check in RULES.checks(Scope.SOURCE):
            check(source, entry, today, sink)
    return source, sink.diagnostics


def _validate_claims(
    raw: RawProject, context: ClaimContext, sink: DiagnosticSink, memo: Memo
) -> tuple[list[ClaimRecord], list[PartialClaim]]:
    """The claims that pass the schema, each id once, with the findings of the claim-scope
    rules; and the partial records of the claim files that do not."""
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
            DUPLICATE_CLAIM_ID.report(
                sink,
                document.path,
                document.position_of(("id",)),
                f"claim id {claim.id!r} is already used by {earlier.path}",
            )
            continue
        first_seen[claim.id] = document
        record = ClaimRecord(claim, document)
        records.append(record)
        sink.diagnostics.extend(
            memo.get(("claim rules", context), document, partial(_claim_findings, record, context))
        )
    loaded = {document.path for document in raw.claims}
    others = {raw.settings.topics_file, raw.settings.outlines_file}
    partials += unread_claims(raw.sink.diagnostics, claims_root, loaded, others)
    return records, partials


def _claim_of(
    document: LocatedDocument, claims_root: PurePosixPath
) -> tuple[Claim | None, list[Diagnostic]]:
    """One claim file as a Claim, with the problems the file alone shows."""
    sink = DiagnosticSink()
    claim = schema.check_claim(document, claims_root, sink)
    return claim, sink.diagnostics


def _claim_findings(record: ClaimRecord, context: ClaimContext) -> list[Diagnostic]:
    sink = DiagnosticSink()
    for check in RULES.checks(Scope.CLAIM):
        check(record, context, sink)
    return sink.diagnostics
