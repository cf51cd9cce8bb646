"""Reference rules: what a claim names (topics, sources, related claims) must exist, once.

A claim that failed the schema takes part as a partial record (`evidencekb.rules.partial`): it
exists and cites what it names, so its own problems never show up as problems of other files.
"""

from __future__ import annotations

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.rules.project import ClaimContext, ClaimRecord, ProjectView, ValidatedProject
from evidencekb.rules.registry import Scope, Severity, checks, declare
from evidencekb.rules.suggestions import CAP

ERROR, NOTICE = Severity.ERROR, Severity.NOTICE

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
    schema (reported in their .bib file, so not again as unknown in each claim citing them).
    Keys of a refused .bib file are unavailable, not unknown: the one diagnostic refusing the
    file stands for every citation of them."""
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
            if key not in view.entries and key not in view.unavailable:
                position = record.document.position_of(loc)
                UNKNOWN_SOURCE.report(
                    sink,
                    record.path,
                    position,
                    f"unknown source key {key!r}",
                    view.suggestions.hint(
                        "source key", key, view.project.sources, (record.path, position)
                    ),
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
                position = record.document.position_of(("related", index, "claim"))
                UNKNOWN_RELATED_CLAIM.report(
                    sink,
                    record.path,
                    position,
                    f"unknown related claim {related.claim!r}",
                    view.suggestions.hint(
                        "claim id", related.claim, known_ids, (record.path, position)
                    ),
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
    topic_ids = {topic.id for topic in view.project.topics}
    if not topic_ids:
        return
    for record in view.project.claims:
        topic = record.claim.topic
        if topic not in topic_ids:
            position = record.document.position_of(("topic",))
            UNKNOWN_TOPIC.report(
                sink,
                record.path,
                position,
                f"unknown topic {topic!r}",
                view.suggestions.hint("topic", topic, topic_ids, (record.path, position)),
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


UNSUGGESTED = declare(
    "EKB410",
    "suggestions-capped",
    NOTICE,
    Scope.PROJECT,
    f'More values are unknown in one run than get a "Did you mean" suggestion (the first '
    f"{CAP} distinct ones): the notice, at the first value left without one, says how many.",
    "Fix what the unknown values have in common first (often a renamed or missing .bib file "
    "or topic), then check again: the values still unknown get suggestions.",
)


# Declared after every check that asks for suggestions (`catalog` imports the families in order,
# this one after `articles`): `Suggestions.close` refuses any later request.
@checks(UNSUGGESTED)
def check_unsuggested(view: ProjectView, sink: DiagnosticSink) -> None:
    left = view.suggestions.close()
    if left is not None:
        UNSUGGESTED.report(
            sink,
            left.path,
            left.position,
            f'{left.count} more unknown value{"" if left.count == 1 else "s"} got no "Did you '
            f'mean" suggestion: only the first {view.suggestions.cap} of a run are looked up',
        )
