"""Reference rules: what a claim names (topics, sources, related claims) must exist, once.

A claim that failed the schema takes part as a partial record (`evidencekb.rules.partial`): it
exists and cites what it names, so its own problems never show up as problems of other files.
"""

from __future__ import annotations

import difflib

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.rules.project import ClaimContext, ClaimRecord, ProjectView, ValidatedProject
from evidencekb.rules.registry import Scope, Severity, checks, declare

ERROR = Severity.ERROR

UNKNOWN_SOURCE = declare(
    "EKB401",
    "unknown-source",
    ERROR,
    Scope.PROJECT,
    "A claim cites a source key that no .bib file defines.",
    "Fix the key or add the source to sources/*.bib.",
)


@checks(UNKNOWN_SOURCE)
def check_cited(view: ProjectView, sink: DiagnosticSink) -> None:
    """Every source key a claim names is defined, including those of entries that failed the
    schema (reported in their .bib file, so not again as unknown in each claim citing them)."""
    source_keys = sorted(view.project.sources)
    for record in view.project.claims:
        claim = record.claim
        cited: list[tuple[tuple[str | int, ...], str]] = [
            (("asserted_in", i, "source"), a.source) for i, a in enumerate(claim.asserted_in)
        ]
        cited += [(("evidence", i, "source"), e.source) for i, e in enumerate(claim.evidence)]
        if claim.guardrail:
            cited += [
                (("guardrail", "adoptions", i, "source"), adoption.source)
                for i, adoption in enumerate(claim.guardrail.adoptions)
            ]
        for loc, key in cited:
            if key not in view.entries:
                UNKNOWN_SOURCE.report(
                    sink,
                    record.path,
                    record.document.position_of(loc),
                    f"unknown source key {key!r}",
                    suggest(key, source_keys, "source key"),
                )


UNKNOWN_RELATED_CLAIM = declare(
    "EKB402",
    "unknown-related-claim",
    ERROR,
    Scope.PROJECT,
    "A claim relates to a claim id that does not exist.",
    "Fix the id; claim ids are the file names under claims/.",
)


@checks(UNKNOWN_RELATED_CLAIM)
def check_related(view: ProjectView, sink: DiagnosticSink) -> None:
    known_ids = {record.claim.id for record in view.project.claims}
    known_ids.update(partial.id for partial in view.project.partial_claims)
    for record in view.project.claims:
        for index, related in enumerate(record.claim.related):
            if related.claim not in known_ids:
                UNKNOWN_RELATED_CLAIM.report(
                    sink,
                    record.path,
                    record.document.position_of(("related", index, "claim")),
                    f"unknown related claim {related.claim!r}",
                    suggest(related.claim, sorted(known_ids), "claim id"),
                )


# Reported by the runner (`evidencekb.rules.run`) as it meets the second file of an id.
DUPLICATE_CLAIM_ID = declare(
    "EKB403",
    "duplicate-claim-id",
    ERROR,
    Scope.PROJECT,
    "Two claim files have the same id.",
    "Claim ids are unique across all topics; rename one of the files.",
)


UNKNOWN_TOPIC = declare(
    "EKB404",
    "unknown-topic",
    ERROR,
    Scope.PROJECT,
    "A claim names a topic that topics.yaml does not declare.",
    "Use a declared topic id, or declare the topic in topics.yaml.",
)


@checks(UNKNOWN_TOPIC)
def check_topic(view: ProjectView, sink: DiagnosticSink) -> None:
    topic_ids = sorted(topic.id for topic in view.project.topics)
    if not topic_ids:
        return
    for record in view.project.claims:
        if record.claim.topic not in topic_ids:
            UNKNOWN_TOPIC.report(
                sink,
                record.path,
                record.document.position_of(("topic",)),
                f"unknown topic {record.claim.topic!r}",
                suggest(record.claim.topic, topic_ids, "topic"),
            )


RELATED_TO_SELF = declare(
    "EKB406",
    "related-to-self",
    ERROR,
    Scope.CLAIM,
    "A claim lists itself among its related claims.",
    "Remove the entry, or point it at the claim you meant.",
)


@checks(RELATED_TO_SELF)
def check_self_relation(record: ClaimRecord, context: ClaimContext, sink: DiagnosticSink) -> None:
    for index, related in enumerate(record.claim.related):
        if related.claim == record.claim.id:
            RELATED_TO_SELF.report(
                sink,
                record.path,
                record.document.position_of(("related", index, "claim")),
                f"claim {record.claim.id!r} is related to itself",
            )


def cited_keys(project: ValidatedProject) -> set[str]:
    """The keys of every source a claim names, failed claims included."""
    cited = {key for record in project.claims for key in record.claim.cited_sources()}
    return cited.union(*(partial.sources for partial in project.partial_claims))


def suggest(value: str, candidates: list[str], what: str) -> str:
    match = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    if match:
        return f"Did you mean {match[0]!r}?"
    return f"No {what} is close to {value!r}; check the spelling."
