"""Grading rules: a verdict consistent with the evidence behind it, and a review date that is
neither in the future nor long past. Certainty has its own module, rules/certainty.py."""

from __future__ import annotations

import re

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.model import Kind, Stance, Verdict
from evidencekb.rules.project import ClaimContext, ClaimRecord
from evidencekb.rules.registry import Scope, Severity, checks, declare

ERROR, WARNING, NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|percent|per cent)|\d+\s*[-–]\s*\d+\s*%")

NO_EVIDENCE = declare(
    "EKB501",
    "no-evidence",
    ERROR,
    Scope.CLAIM,
    "A claim lists no evidence.",
    "Add at least one evidence item, or record the claim as `unverifiable` with context.",
)

SUPPORTED_WITHOUT_SUPPORT = declare(
    "EKB502",
    "supported-without-support",
    ERROR,
    Scope.CLAIM,
    "A claim is rated `supported` but no evidence item supports it.",
    "Add the supporting evidence, or choose a verdict that matches the evidence.",
)


@checks(NO_EVIDENCE, SUPPORTED_WITHOUT_SUPPORT)
def check_evidence(record: ClaimRecord, context: ClaimContext, sink: DiagnosticSink) -> None:
    claim, document = record.claim, record.document
    if not claim.evidence:
        NO_EVIDENCE.report(
            sink,
            document.path,
            document.position_of(("evidence",), key=True),
            f"claim {claim.id!r} lists no evidence",
        )
    if claim.verdict is Verdict.SUPPORTED and not any(
        item.stance is Stance.SUPPORTS for item in claim.evidence
    ):
        SUPPORTED_WITHOUT_SUPPORT.report(
            sink,
            document.path,
            document.position_of(("verdict",)),
            f"verdict is 'supported' but none of the {len(claim.evidence)} evidence items "
            "supports the claim",
        )


SINGLE_SOURCE = declare(
    "EKB506",
    "single-source",
    WARNING,
    Scope.CLAIM,
    "A claim's evidence comes from a single source.",
    "Look for a second, independent source, for or against.",
)


@checks(SINGLE_SOURCE)
def check_single_source(record: ClaimRecord, context: ClaimContext, sink: DiagnosticSink) -> None:
    distinct = {e.source for e in record.claim.evidence}
    if len(distinct) == 1:
        SINGLE_SOURCE.report(
            sink,
            record.path,
            record.document.position_of(("evidence",), key=True),
            f"claim {record.claim.id!r} rests on a single source ({next(iter(distinct))!r})",
        )


QUANTITATIVE_WITHOUT_LOCATOR = declare(
    "EKB507",
    "quantitative-evidence-without-locator",
    ERROR,
    Scope.CLAIM,
    "Evidence for a claim with figures has no locator.",
    "Add `locator` (page, table, section or 'abstract') so readers can check the number.",
)


@checks(QUANTITATIVE_WITHOUT_LOCATOR)
def check_locators(record: ClaimRecord, context: ClaimContext, sink: DiagnosticSink) -> None:
    claim = record.claim
    if claim.kind is not Kind.EMPIRICAL or not _NUMBER.search(f"{claim.title} {claim.statement}"):
        return
    for index, item in enumerate(claim.evidence):
        if item.stance is not Stance.CONTEXT and not item.locator:
            QUANTITATIVE_WITHOUT_LOCATOR.report(
                sink,
                record.path,
                record.document.position_of(("evidence", index)),
                f"evidence {item.source!r} for a quantitative claim has no locator",
            )


REVIEWED_IN_FUTURE = declare(
    "EKB508",
    "reviewed-in-future",
    ERROR,
    Scope.CLAIM,
    "A claim's `reviewed` date is in the future.",
    "Use the date the evidence was actually reviewed.",
)

REVIEW_STALE = declare(
    "EKB509",
    "review-stale",
    NOTICE,
    Scope.CLAIM,
    "A claim was last reviewed longer ago than `max_review_age_days`. A notice: it never "
    "fails a check, even with `--strict`, so builds do not turn red by the calendar.",
    "Re-check its evidence and update `reviewed`. Stale reviews also reach maintainers "
    "through a weekly scheduled workflow that opens one issue listing them.",
)


@checks(REVIEWED_IN_FUTURE, REVIEW_STALE)
def check_review_date(record: ClaimRecord, context: ClaimContext, sink: DiagnosticSink) -> None:
    reviewed, today, max_age_days = (
        record.claim.reviewed,
        context.today,
        context.max_review_age_days,
    )
    if reviewed > today:
        REVIEWED_IN_FUTURE.report(
            sink,
            record.path,
            record.document.position_of(("reviewed",)),
            f"reviewed date {reviewed.isoformat()} is in the future",
        )
    elif max_age_days and (today - reviewed).days > max_age_days:
        REVIEW_STALE.report(
            sink,
            record.path,
            record.document.position_of(("reviewed",)),
            f"last reviewed {reviewed.isoformat()}, more than {max_age_days} days ago",
        )
