"""The closed vocabularies, each term defined once: its value, label, rank and description.

A term is a `StrEnum` member whose value is what claim files say (`partly-supported`); beside it
stand what readers see (`partly supported`) and, where a vocabulary is ordered, its rank (higher
is stronger or better). Pages, exports, grading rules and `diff` all read them from here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

_DEFAULTS: tuple[None, int, str] = (None, 0, "")  # label, rank, description


class Term(StrEnum):
    """A vocabulary term: `NAME = value[, label[, rank[, description]]]`.

    The label defaults to the value with hyphens as spaces; rank 0 means unranked.
    """

    label: str
    rank: int
    description: str

    def __new__(cls, value: str, *details: Any) -> Term:
        term = str.__new__(cls, value)
        term._value_ = value
        # Locals named like the attributes made mypy take the attributes for final names.
        given = (*details, *_DEFAULTS[len(details) :])
        term.label = given[0] or value.replace("-", " ")
        term.rank = given[1]
        term.description = given[2]
        return term

    @classmethod
    def ranked(cls, rank: int) -> Term:
        """The term of a rank."""
        return next(term for term in cls if term.rank == rank)


class Kind(Term):
    EMPIRICAL = "empirical"
    MECHANISM = "mechanism"
    NORMATIVE = "normative"
    INCIDENT = "incident"
    RECOMMENDATION = "recommendation"


class Verdict(Term):
    """How well the best available evidence bears the claim out, as stated."""

    # rank: the schema.org rating of a ClaimReview (5 best, 1 worst; 0 unrated)

    SUPPORTED = ("supported", None, 5, "The best available evidence supports the claim as stated.")
    PARTLY_SUPPORTED = (
        "partly-supported",
        None,
        4,
        "The core holds, but the claim overstates, overgeneralises or omits important "
        "qualifications.",
    )
    DISPUTED = ("disputed", None, 3, "Credible evidence points both ways, with no clear balance.")
    UNSUPPORTED = (
        "unsupported",
        None,
        2,
        "No adequate evidence was found for the claim, though it is not refuted.",
    )
    CONTRADICTED = ("contradicted", None, 1, "The best available evidence goes against the claim.")
    UNVERIFIABLE = (
        "unverifiable",
        None,
        0,
        "The claim rests on a specific fact or case that cannot be traced to any record.",
    )
    UNTESTABLE = (
        "untestable",
        None,
        0,
        "The claim cannot be tested as stated: it is philosophical, definitional or a "
        "prediction about all future systems.",
    )

    @property
    def rates_evidence(self) -> bool:
        """Whether the verdict rates a body of evidence about the claim (a rank above 0):
        untestable and unverifiable ones do not, so no certainty is shown or worded beside
        them."""
        return self.rank > 0


class Certainty(Term):
    """GRADE certainty of the evidence behind the verdict."""

    HIGH = ("high", None, 4, "Further research is very unlikely to change the verdict.")
    MODERATE = ("moderate", None, 3, "Further research may change the verdict.")
    LOW = ("low", None, 2, "Further research is likely to change the verdict.")
    VERY_LOW = ("very-low", None, 1, "The verdict is very uncertain.")


class Concern(Term):
    # rank: the levels of certainty the domain takes off

    NONE = ("none", None, 0)
    SERIOUS = ("serious", None, 1)
    VERY_SERIOUS = ("very-serious", None, 2)


class Upgrade(Term):
    """GRADE's reasons to rate certainty up (mostly for observational evidence)."""

    LARGE_EFFECT = ("large-effect", None, 0, "A large (or very large) effect.")
    DOSE_RESPONSE = ("dose-response", None, 0, "A dose-response gradient.")
    PLAUSIBLE_CONFOUNDING = (
        "plausible-confounding",
        None,
        0,
        "All plausible confounding would reduce the effect shown, or suggest a spurious one "
        "where none was observed.",
    )


class Stance(Term):
    # description: the heading of the group on a claim page

    SUPPORTS = ("supports", None, 0, "Supporting evidence")
    CONTRADICTS = ("contradicts", None, 0, "Contradicting evidence")
    QUALIFIES = ("qualifies", None, 0, "Qualifying evidence")
    CONTEXT = ("context", None, 0, "Context")


class Relation(Term):
    # description: the relation read backwards

    REFINES = ("refines", None, 0, "refined by")
    GENERALIZES = ("generalizes", None, 0, "generalized by")
    DEPENDS_ON = ("depends-on", None, 0, "depended on by")
    SUPPORTS = ("supports", None, 0, "supported by")
    CONTRADICTS = ("contradicts", None, 0, "contradicted by")
    SEE_ALSO = ("see-also", None, 0, "see also")


class Documentation(Term):
    """How well an event is documented: what an incident claim carries instead of certainty."""

    # rank: how firmly the record establishes that the event happened (5 best)

    CONFIRMED = (
        "confirmed",
        None,
        5,
        "Confirmed by a party to it (the company, the organisation) or by a regulator.",
    )
    COURT_RECORD = (
        "court-record",
        None,
        4,
        "Set out in a court filing or judgment: a public record of what a party alleges "
        "or a court found.",
    )
    SEVERAL_REPORTS = (
        "several-reports",
        None,
        3,
        "Described by several independent reports (news, case reports), none confirmed by a party.",
    )
    ONE_REPORT = ("one-report", None, 2, "Described by a single report, not confirmed elsewhere.")
    UNTRACEABLE = (
        "untraceable",
        None,
        1,
        "No record of the event could be found; only the article that tells it.",
    )


class AdoptionStatus(Term):
    ADOPTED = "adopted"
    PROPOSED = "proposed"
    DEBATED = "debated"
    REJECTED = "rejected"


class Design(Term):
    # rank: the strength of the evidence the design gives (17 strongest)

    META_ANALYSIS = ("meta-analysis", "Meta-analysis", 17)
    SYSTEMATIC_REVIEW = ("systematic-review", "Systematic review", 16)
    RCT = ("rct", "Randomised controlled trial", 15)
    COHORT = ("cohort", "Cohort study", 14)
    CROSS_SECTIONAL = ("cross-sectional", "Cross-sectional study", 13)
    CASE_REPORT = ("case-report", "Case report", 9)
    CASE_SERIES = ("case-series", "Case series", 10)
    QUALITATIVE = ("qualitative", "Qualitative study", 11)
    NARRATIVE_REVIEW = ("narrative-review", "Narrative review", 4)
    EXPERIMENT = ("experiment", "Experiment or evaluation", 12)
    GUIDELINE = ("guideline", "Guideline or advisory", 8)
    LAW = ("law", "Law or regulation", 7)
    COURT_FILING = ("court-filing", "Court filing", 6)
    OFFICIAL_STATEMENT = ("official-statement", "Official statement", 5)
    NEWS = ("news", "News report", 3)
    OPINION = ("opinion", "Opinion", 1)
    OTHER = ("other", "Other", 2)
