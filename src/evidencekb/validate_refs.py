"""Cross-file rules: what a claim names (topics, sources, related claims, article sections)
must exist, and its evidence must bear out its verdict.

A claim that failed the schema takes part as a partial record (`partial_claims`): it exists and
cites what it names, so its own problems never show up as problems of other files.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.model import Stance, Verdict

if TYPE_CHECKING:
    from evidencekb.validate import ClaimRecord, ValidatedProject

_SECTION = re.compile(r"section\s+'(?P<name>[^']+)'")


def check_cross_references(
    project: ValidatedProject, known_keys: set[str], sink: DiagnosticSink
) -> None:
    """`known_keys`: every source key defined, including those of entries that failed the
    schema (reported in their .bib file, so not again as unknown in each claim citing them)."""
    source_keys = sorted(project.sources)
    known_ids = {record.claim.id for record in project.claims}
    known_ids.update(partial.id for partial in project.partial_claims)
    topic_ids = sorted(topic.id for topic in project.topics)
    for record in project.claims:
        if project.topics and record.claim.topic not in topic_ids:
            sink.report(
                "EKB404",
                record.path,
                record.document.position_of(("topic",)),
                f"unknown topic {record.claim.topic!r}",
                suggest(record.claim.topic, topic_ids, "topic"),
            )
        _check_cited(record, known_keys, source_keys, sink)
        for index, assertion in enumerate(record.claim.asserted_in):
            _check_section(project, record, index, assertion.source, assertion.locator, sink)
        _check_related(record, known_ids, sink)
        _check_evidence(record, sink)


def cited_keys(project: ValidatedProject) -> set[str]:
    """The keys of every source a claim names, failed claims included."""
    cited = {key for record in project.claims for key in record.claim.cited_sources()}
    return cited.union(*(partial.sources for partial in project.partial_claims))


def _check_cited(
    record: ClaimRecord, known_keys: set[str], source_keys: list[str], sink: DiagnosticSink
) -> None:
    claim = record.claim
    cited = [(("asserted_in", i, "source"), a.source) for i, a in enumerate(claim.asserted_in)]
    cited += [(("evidence", i, "source"), e.source) for i, e in enumerate(claim.evidence)]
    if claim.guardrail:
        cited += [
            (("guardrail", "adoptions", i, "source"), adoption.source)
            for i, adoption in enumerate(claim.guardrail.adoptions)
        ]
    for loc, key in cited:
        if key not in known_keys:
            sink.report(
                "EKB401",
                record.path,
                record.document.position_of(loc),
                f"unknown source key {key!r}",
                suggest(key, source_keys, "source key"),
            )


def _check_related(record: ClaimRecord, known_ids: set[str], sink: DiagnosticSink) -> None:
    for index, related in enumerate(record.claim.related):
        if related.claim not in known_ids:
            sink.report(
                "EKB402",
                record.path,
                record.document.position_of(("related", index, "claim")),
                f"unknown related claim {related.claim!r}",
                suggest(related.claim, sorted(known_ids), "claim id"),
            )


def _check_section(
    project: ValidatedProject,
    record: ClaimRecord,
    index: int,
    key: str,
    locator: str,
    sink: DiagnosticSink,
) -> None:
    sections = project.outlines.get(key)
    if not sections:
        return
    match = _SECTION.search(locator)
    name = match.group("name") if match else None
    if name in sections:
        return
    position = record.document.position_of(("asserted_in", index, "locator"))
    if name is None:
        message = f"locator {locator!r} names no section of {key!r}"
    else:
        message = f"{key!r} has no section {name!r}"
    hint = suggest(name or locator, sections, "section")
    sink.report("EKB405", record.path, position, message, hint)


def _check_evidence(record: ClaimRecord, sink: DiagnosticSink) -> None:
    claim, document = record.claim, record.document
    if not claim.evidence:
        sink.report(
            "EKB501",
            document.path,
            document.position_of(("evidence",), key=True),
            f"claim {claim.id!r} lists no evidence",
        )
    if claim.verdict is Verdict.SUPPORTED and not any(
        item.stance is Stance.SUPPORTS for item in claim.evidence
    ):
        sink.report(
            "EKB502",
            document.path,
            document.position_of(("verdict",)),
            f"verdict is 'supported' but none of the {len(claim.evidence)} evidence items "
            "supports the claim",
        )


def suggest(value: str, candidates: list[str], what: str) -> str:
    match = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    if match:
        return f"Did you mean {match[0]!r}?"
    return f"No {what} is close to {value!r}; check the spelling."
