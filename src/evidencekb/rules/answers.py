"""Answer rules: the plain-language sentence a claim page opens with carries its certainty in
its wording, the way GRADE summary-of-findings tables word their statements (Santesso et al.
2020, GRADE guidelines 26, doi:10.1016/j.jclinepi.2019.10.014): high certainty is said plainly,
moderate with "probably" or "likely", low with "may", very low as "very uncertain".
"""

from __future__ import annotations

import re

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.model import Certainty
from evidencekb.rules.project import ClaimContext, ClaimRecord
from evidencekb.rules.registry import Scope, Severity, checks, declare

HEDGES: dict[Certainty, tuple[str, ...]] = {
    Certainty.MODERATE: ("probably", "likely"),
    Certainty.LOW: ("may", "might"),
    Certainty.VERY_LOW: ("very uncertain",),
}
"""The words that carry each level below high; a high-certainty answer uses none of them."""

ANSWER_WORDING = declare(
    "EKB517",
    "answer-wording",
    Severity.WARNING,
    Scope.CLAIM,
    "A claim's `answer` does not carry its certainty in its wording, as GRADE summary-of-"
    "findings statements do: moderate certainty says 'probably' or 'likely', low says 'may' or "
    "'might', very low says 'very uncertain', and high certainty says none of these.",
    "Reword the answer for its certainty, e.g. low: 'A carbon tax may cut emissions "
    "in the short term.'; very low: 'The evidence is very uncertain about ...'.",
)


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE) is not None


def wording_problem(answer: str, certainty: Certainty) -> str | None:
    """What is wrong with an answer's wording for its certainty, or None."""
    if certainty is Certainty.HIGH:
        used = [word for words in HEDGES.values() for word in words if _has(answer, word)]
        if used:
            return f"says {used[0]!r}, but high certainty is said plainly"
        return None
    wanted = HEDGES[certainty]
    if any(_has(answer, word) for word in wanted):
        return None
    return f"{certainty.label} certainty needs {' or '.join(repr(w) for w in wanted)}"


@checks(ANSWER_WORDING)
def check_answer_wording(record: ClaimRecord, context: ClaimContext, sink: DiagnosticSink) -> None:
    claim = record.claim
    if claim.answer is None or claim.certainty is None or not claim.verdict.rates_evidence:
        return
    problem = wording_problem(claim.answer, claim.certainty)
    if problem:
        ANSWER_WORDING.report(
            sink,
            record.path,
            record.document.position_of(("answer",)),
            f"answer of {claim.id!r} {problem}",
        )
