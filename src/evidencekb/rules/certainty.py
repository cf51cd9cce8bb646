"""Certainty derived, not asserted: the level GRADE would give a claim, from the designs of the
evidence that bears on its verdict (the starting level), its downgrades and its upgrades; and
the rules that hold a stated certainty to it (docs/methodology.md#certainty)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.model import Certainty, Claim, Design, Kind, Stance
from evidencekb.rules.project import ClaimRecord, ProjectView
from evidencekb.rules.registry import Scope, Severity, checks, declare

HIGH, LOW, VERY_LOW = Certainty.HIGH, Certainty.LOW, Certainty.VERY_LOW

# The level each design starts a body of evidence at (GRADE: randomised evidence high,
# observational low; here, what is neither a trial nor an observational study, very low).
# Reviews start at high, as reviews of randomised trials; a claim whose reviews pool
# observational studies (or associations observed within trials) says so in
# `certainty_reasons.starting_level`.
STARTING_LEVEL: dict[Design, Certainty] = {
    Design.META_ANALYSIS: HIGH,
    Design.SYSTEMATIC_REVIEW: HIGH,
    Design.RCT: HIGH,
    Design.COHORT: LOW,
    Design.CROSS_SECTIONAL: LOW,
    Design.QUALITATIVE: LOW,
    Design.EXPERIMENT: LOW,
    Design.CASE_SERIES: VERY_LOW,
    Design.CASE_REPORT: VERY_LOW,
    Design.NARRATIVE_REVIEW: VERY_LOW,
    Design.GUIDELINE: VERY_LOW,
    Design.LAW: VERY_LOW,
    Design.COURT_FILING: VERY_LOW,
    Design.OFFICIAL_STATEMENT: VERY_LOW,
    Design.NEWS: VERY_LOW,
    Design.OPINION: VERY_LOW,
    Design.OTHER: VERY_LOW,
}
_GROUP = {
    HIGH: "randomised evidence",
    LOW: "observational evidence",
    VERY_LOW: "neither trials nor observational studies",
}
_REVIEWS = frozenset({Design.META_ANALYSIS, Design.SYSTEMATIC_REVIEW})
WEIGHED = frozenset({Stance.SUPPORTS, Stance.CONTRADICTS, Stance.QUALIFIES})


@dataclass(frozen=True)
class Derivation:
    """How a claim's certainty follows from its evidence."""

    start: Certainty
    start_reason: str
    steps: tuple[tuple[str, int], ...]  # (domain label, levels: -2..+2)
    derived: Certainty

    def line(self) -> str:
        """`Starting level: low (observational evidence: cohort study); −1 imprecision`
        → very low, as one line."""
        changes = ", ".join(f"{'+' if n > 0 else '−'}{abs(n)} {name}" for name, n in self.steps)
        return (
            f"Starting level: {self.start.label} ({self.start_reason}); "
            f"{changes or 'no downgrades'} → {self.derived.label}"
        )


def derive(claim: Claim, designs: Mapping[str, Design]) -> Derivation | None:
    """The derivation, or None where there is nothing to derive: an incident (rated by its
    documentation), a claim without certainty, or one with no evidence bearing on its verdict."""
    reasons = claim.certainty_reasons
    if claim.kind is Kind.INCIDENT or claim.certainty is None or reasons is None:
        return None
    weighed = [
        designs[item.source]
        for item in claim.evidence
        if item.stance in WEIGHED and item.source in designs
    ]
    if reasons.starting_level is not None:
        start = reasons.starting_level.level
        why = f"stated: {reasons.starting_level.note.rstrip('.')}"
    elif weighed:
        best = max(weighed, key=lambda d: (STARTING_LEVEL[d].rank, d.rank))
        start = STARTING_LEVEL[best]
        group = "a review, taken to pool trials" if best in _REVIEWS else _GROUP[start]
        why = f"{group}: {best.label.lower()}"
    else:
        return None
    steps = tuple(
        (name.replace("_", " "), -judgement.concern.rank)
        for name, judgement in reasons.items()
        if judgement.concern.rank
    ) + tuple((up.reason.label, up.levels) for up in reasons.upgrades)
    level = min(HIGH.rank, max(VERY_LOW.rank, start.rank + sum(n for _, n in steps)))
    return Derivation(start, why, steps, _level(level))


def _level(rank: int) -> Certainty:
    return next(term for term in Certainty if term.rank == rank)


def designs_of(view: ProjectView) -> dict[str, Design]:
    return {key: source.design for key, source in view.project.sources.items()}


def evidence_not_at_hand(claim: Claim, view: ProjectView) -> bool:
    """Whether a source of the claim's evidence is not at hand: in a refused .bib file, or
    unknown or invalid (reported where it is cited or in its .bib file). Its design is not
    known, so no certainty is derived until it is: the one diagnostic about the source says
    why, without a follow-on certainty error on every claim that cites it."""
    sources = view.project.sources
    return any(
        item.source in view.unavailable or item.source not in sources for item in claim.evidence
    )


CERTAINTY_NOT_DERIVED = declare(
    "EKB513",
    "certainty-not-derived",
    Severity.ERROR,
    Scope.PROJECT,
    "A claim's stated certainty differs from the one derived from its evidence (the starting "
    "level of the best design among the evidence that supports, contradicts or qualifies it, "
    "one level down per `serious` and two per `very-serious` concern, up for each upgrade), "
    "and no reason is written. Replaces EKB503 and EKB504.",
    "Re-read the evidence: correct `certainty`, or correct the domain judgements, or write why "
    "it differs in `certainty_reasons.override` (or, where the designs give the wrong starting "
    "level, in `certainty_reasons.starting_level`).",
)

OVERRIDE_WITHOUT_DIFFERENCE = declare(
    "EKB514",
    "override-without-difference",
    Severity.WARNING,
    Scope.PROJECT,
    "A claim explains in `certainty_reasons.override` a difference that is not there: its "
    "stated certainty equals the derived one, or none can be derived.",
    "Remove the stale `override`, or check the certainty it was written for.",
)


@checks(CERTAINTY_NOT_DERIVED, OVERRIDE_WITHOUT_DIFFERENCE)
def check_derived_certainty(view: ProjectView, sink: DiagnosticSink) -> None:
    designs = designs_of(view)
    for record in view.project.claims:
        claim, reasons = record.claim, record.claim.certainty_reasons
        if evidence_not_at_hand(claim, view):
            continue
        derivation = derive(claim, designs)
        differs = derivation is not None and derivation.derived is not claim.certainty
        override = reasons.override if reasons else None
        if differs and derivation is not None and claim.certainty and not override:
            CERTAINTY_NOT_DERIVED.report(
                sink,
                record.path,
                record.document.position_of(("certainty",)),
                f"certainty {claim.certainty.value!r} differs from the derived "
                f"{derivation.derived.value!r} ({derivation.line()}) and no "
                "`certainty_reasons.override` says why",
            )
        elif not differs and override:
            OVERRIDE_WITHOUT_DIFFERENCE.report(
                sink,
                record.path,
                record.document.position_of(("certainty_reasons", "override")),
                f"`override` explains a difference, but certainty {_value(claim)} "
                + ("is the derived one" if derivation else "cannot be derived here"),
            )


def _value(claim: Claim) -> str:
    return repr(claim.certainty.value) if claim.certainty else "(none)"


SAME_EVIDENCE_DIFFERENT_CERTAINTY = declare(
    "EKB515",
    "same-evidence-different-certainty",
    Severity.WARNING,
    Scope.PROJECT,
    "Two claims rest on the same evidence (the same sources with the same stances) with the "
    "same five domain judgements, yet state different certainties.",
    "Rate the same body of evidence the same way; where the two questions really differ, "
    "the domain that differs (usually indirectness) says so in its judgement.",
)


@checks(SAME_EVIDENCE_DIFFERENT_CERTAINTY)
def check_same_evidence(view: ProjectView, sink: DiagnosticSink) -> None:
    groups: dict[tuple[object, ...], list[ClaimRecord]] = defaultdict(list)
    for record in view.project.claims:
        claim, reasons = record.claim, record.claim.certainty_reasons
        if claim.kind is Kind.INCIDENT or claim.certainty is None or reasons is None:
            continue
        if claim.evidence:
            evidence = frozenset((e.source, e.stance) for e in claim.evidence)
            concerns = tuple(judgement.concern for _, judgement in reasons.items())
            groups[(evidence, concerns)].append(record)
    for records in groups.values():
        if len({r.claim.certainty for r in records}) < 2:
            continue
        for record in records:
            others = ", ".join(
                f"{r.claim.id!r} ({_value(r.claim)})" for r in records if r is not record
            )
            SAME_EVIDENCE_DIFFERENT_CERTAINTY.report(
                sink,
                record.path,
                record.document.position_of(("certainty",)),
                f"certainty {_value(record.claim)} differs from that of {others}; they rest "
                "on the same evidence with the same domain judgements",
            )


UPGRADE_NOT_APPLICABLE = declare(
    "EKB516",
    "upgrade-not-applicable",
    Severity.WARNING,
    Scope.PROJECT,
    "A claim rates its evidence up where GRADE does not: the evidence starts at high, or its "
    "risk of bias is serious (GRADE rates up only observational evidence without serious "
    "limitations).",
    "Remove the upgrade, or revise the starting level or the risk-of-bias judgement.",
)


@checks(UPGRADE_NOT_APPLICABLE)
def check_upgrades(view: ProjectView, sink: DiagnosticSink) -> None:
    designs = designs_of(view)
    for record in view.project.claims:
        reasons = record.claim.certainty_reasons
        if reasons is None or not reasons.upgrades or evidence_not_at_hand(record.claim, view):
            continue
        derivation = derive(record.claim, designs)
        if derivation is not None and derivation.start is HIGH:
            why = "the evidence starts at high"
        elif reasons.risk_of_bias.concern.rank:
            why = "its risk of bias is a serious concern"
        else:
            continue
        UPGRADE_NOT_APPLICABLE.report(
            sink,
            record.path,
            record.document.position_of(("certainty_reasons", "upgrades")),
            f"claim {record.claim.id!r} is rated up although {why}",
        )
