"""Incident rules: an event is rated by how well it is documented, not by GRADE certainty.

GRADE rates a body of evidence about an effect; whether a specific event happened is a question
of record. So a claim of kind `incident` carries `incident.documented` and no `certainty`, and
every other claim carries `certainty` and `certainty_reasons`.
"""

from __future__ import annotations

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.model import Documentation, Kind, Stance, Verdict
from evidencekb.rules.project import ClaimContext, ClaimRecord
from evidencekb.rules.registry import Scope, Severity, checks, declare

ERROR = Severity.ERROR

_GRADE_FIELDS = ("certainty", "certainty_reasons")

INCIDENT_WITH_CERTAINTY = declare(
    "EKB510",
    "incident-with-certainty",
    ERROR,
    Scope.CLAIM,
    "An incident claim carries a GRADE `certainty` or `certainty_reasons`. GRADE rates bodies "
    "of evidence about effects, not whether an event happened.",
    "Remove `certainty` and `certainty_reasons`; say how well the event is documented in "
    "`incident.documented` (confirmed, court-record, several-reports, one-report, untraceable).",
)

CERTAINTY_MISSING = declare(
    "EKB511",
    "certainty-missing",
    ERROR,
    Scope.CLAIM,
    "A claim that is not an incident lacks `certainty` or `certainty_reasons`.",
    "Add the GRADE certainty and the five domains (see docs/methodology.md, Certainty); only "
    "claims of kind `incident` go without them.",
)


@checks(INCIDENT_WITH_CERTAINTY, CERTAINTY_MISSING)
def check_rating_kind(record: ClaimRecord, context: ClaimContext, sink: DiagnosticSink) -> None:
    claim, document = record.claim, record.document
    if claim.kind is Kind.INCIDENT:
        for name in _GRADE_FIELDS:
            if getattr(claim, name) is not None:
                INCIDENT_WITH_CERTAINTY.report(
                    sink,
                    record.path,
                    document.position_of((name,), key=True),
                    f"incident claim {claim.id!r} has `{name}`: an event is rated by "
                    "`incident.documented`, not by GRADE certainty",
                )
        return
    missing = [name for name in _GRADE_FIELDS if getattr(claim, name) is None]
    if missing:
        CERTAINTY_MISSING.report(
            sink,
            record.path,
            document.position_of(("kind",)),
            f"claim of kind {claim.kind.value!r} lacks "
            + " and ".join(f"`{name}`" for name in missing)
            + ": only incidents go without GRADE certainty",
        )


DOCUMENTATION_INCONSISTENT = declare(
    "EKB512",
    "documentation-inconsistent",
    ERROR,
    Scope.CLAIM,
    "An incident's `documented` level does not match its verdict or evidence: `untraceable` "
    "goes with the verdict `unverifiable` and only with it; `several-reports` needs two or "
    "more supporting sources; any other level needs at least one.",
    "Choose the level the supporting evidence shows, or correct the verdict.",
)


@checks(DOCUMENTATION_INCONSISTENT)
def check_documentation(record: ClaimRecord, context: ClaimContext, sink: DiagnosticSink) -> None:
    claim = record.claim
    if claim.incident is None:
        return
    level = claim.incident.documented
    supporting = {item.source for item in claim.evidence if item.stance is Stance.SUPPORTS}
    problem = _documentation_problem(level, claim.verdict, len(supporting))
    if problem:
        DOCUMENTATION_INCONSISTENT.report(
            sink,
            record.path,
            record.document.position_of(("incident", "documented")),
            f"documented {level.value!r}: {problem}",
        )


def _documentation_problem(level: Documentation, verdict: Verdict, supporting: int) -> str:
    untraceable = level is Documentation.UNTRACEABLE
    if untraceable and verdict is not Verdict.UNVERIFIABLE:
        return f"an untraceable event cannot be rated {verdict.value!r}; rate it 'unverifiable'"
    if verdict is Verdict.UNVERIFIABLE and not untraceable:
        return "the verdict 'unverifiable' says no record was found; the level says one was"
    if level is Documentation.SEVERAL_REPORTS and supporting < 2:
        return f"several reports are claimed but {supporting} source(s) support the claim"
    if not untraceable and supporting < 1:
        return "no evidence item supports the claim"
    return ""
