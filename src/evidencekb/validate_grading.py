"""Evidence-grading rules: verdicts and certainty consistent with the evidence behind them."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.model import Certainty, Design, Kind, Source, Stance

if TYPE_CHECKING:
    from evidencekb.validate import ClaimRecord

_WEAK_DESIGNS = {Design.OPINION, Design.NEWS}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|percent|per cent)|\d+\s*[-–]\s*\d+\s*%")


def check_grading(
    record: ClaimRecord,
    sources: dict[str, Source],
    sink: DiagnosticSink,
    today: dt.date,
    max_review_age_days: int,
) -> None:
    claim, document = record.claim, record.document
    path = document.path
    downgrades = sum(j.concern.rank for _, j in claim.certainty_reasons.items())
    ceiling = max(1, 4 - downgrades)
    if claim.certainty.rank > ceiling:
        allowed = Certainty.ranked(ceiling)
        sink.report(
            "EKB503",
            path,
            document.position_of(("certainty",)),
            f"certainty {claim.certainty.value!r} is above what its downgrades allow "
            f"({downgrades} level(s) down from high: at most {allowed.value!r})",
        )
    weighed = [e for e in claim.evidence if e.stance is not Stance.CONTEXT]
    designs = {sources[e.source].design for e in weighed if e.source in sources}
    if designs and designs <= _WEAK_DESIGNS and claim.certainty.rank > Certainty.LOW.rank:
        sink.report(
            "EKB504",
            path,
            document.position_of(("certainty",)),
            f"certainty {claim.certainty.value!r} rests only on opinion or news sources",
        )
    distinct = {e.source for e in claim.evidence}
    if len(distinct) == 1:
        sink.report(
            "EKB506",
            path,
            document.position_of(("evidence",), key=True),
            f"claim {claim.id!r} rests on a single source ({next(iter(distinct))!r})",
        )
    for index, item in enumerate(claim.evidence):
        source = sources.get(item.source)
        if source is not None and source.retracted:
            sink.report(
                "EKB704",
                path,
                document.position_of(("evidence", index, "source")),
                f"source {item.source!r} has been retracted",
            )
    if claim.kind is Kind.EMPIRICAL and _NUMBER.search(f"{claim.title} {claim.statement}"):
        for index, item in enumerate(claim.evidence):
            if item.stance is not Stance.CONTEXT and not item.locator:
                sink.report(
                    "EKB507",
                    path,
                    document.position_of(("evidence", index)),
                    f"evidence {item.source!r} for a quantitative claim has no locator",
                )
    _check_review_date(record, sink, today, max_review_age_days)
    _check_self_relation(record, sink)


def _check_review_date(
    record: ClaimRecord, sink: DiagnosticSink, today: dt.date, max_age_days: int
) -> None:
    reviewed = record.claim.reviewed
    if reviewed > today:
        sink.report(
            "EKB508",
            record.path,
            record.document.position_of(("reviewed",)),
            f"reviewed date {reviewed.isoformat()} is in the future",
        )
    elif max_age_days and (today - reviewed).days > max_age_days:
        sink.report(
            "EKB509",
            record.path,
            record.document.position_of(("reviewed",)),
            f"last reviewed {reviewed.isoformat()}, more than {max_age_days} days ago",
        )


def _check_self_relation(record: ClaimRecord, sink: DiagnosticSink) -> None:
    for index, related in enumerate(record.claim.related):
        if related.claim == record.claim.id:
            sink.report(
                "EKB406",
                record.path,
                record.document.position_of(("related", index, "claim")),
                f"claim {record.claim.id!r} is related to itself",
            )
