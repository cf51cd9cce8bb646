"""The verdict panel at the top of a claim page, and what the hover card on every link to a
claim shares with it: the tally of the evidence by stance and one plain-language sentence.

The sentence is the claim's `answer` when it has one; otherwise it is made here from the verdict
and the certainty, worded as GRADE summary-of-findings tables word their statements (Santesso
et al. 2020): high certainty said plainly, moderate "probably", low "may", very low "very
uncertain". An untestable or unverifiable claim rates no body of evidence, so its sentence says
why; an incident is worded by how well the event is documented.

Everything here is plain text or Markup made from the vocabularies alone (which hold no
character that needs escaping); content reaches the page through the templates' escaping.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup

from evidencekb.index import KnowledgeBase
from evidencekb.model import (
    Assertion,
    Certainty,
    Claim,
    Documentation,
    Stance,
    Verdict,
)
from evidencekb.render.charts import grade_symbols

_TALLY_WORDS = (
    (Stance.CONTRADICTS, "against"),
    (Stance.QUALIFIES, "qualifying"),
    (Stance.SUPPORTS, "for"),
)

# What the evidence does to the claim, by verdict: (high, moderate, low) wordings; very low
# takes `_VERY_LOW` and says what little there is.
_SENTENCES: dict[Verdict, tuple[str, str, str, str]] = {
    Verdict.SUPPORTED: (
        "The evidence supports this claim.",
        "The evidence probably supports this claim.",
        "The evidence may support this claim.",
        "what there is supports it",
    ),
    Verdict.PARTLY_SUPPORTED: (
        "The evidence supports part of this claim, but not all of it as stated.",
        "The evidence probably supports part of this claim, but not all of it as stated.",
        "The evidence may support part of this claim, but not all of it as stated.",
        "what there is supports part of it, not all of it as stated",
    ),
    Verdict.DISPUTED: (
        "The evidence on this claim points both ways.",
        "The evidence on this claim probably points both ways.",
        "The evidence on this claim may point both ways.",
        "what there is points both ways",
    ),
    Verdict.UNSUPPORTED: (
        "The evidence does not support this claim, though it does not refute it either.",
        "The evidence probably does not support this claim, though it does not refute it.",
        "The evidence may not support this claim, though it does not refute it.",
        "no adequate evidence was found for it, though none refutes it",
    ),
    Verdict.CONTRADICTED: (
        "The evidence goes against this claim.",
        "The evidence probably goes against this claim.",
        "The evidence may go against this claim.",
        "what there is goes against it",
    ),
}

_INCIDENT_SENTENCES: dict[Verdict, str] = {
    Verdict.SUPPORTED: "The record bears this account out",
    Verdict.PARTLY_SUPPORTED: "The record bears out part of this account, not all of it",
    Verdict.DISPUTED: "The records of this event disagree",
    Verdict.UNSUPPORTED: "No adequate record supports this account",
    Verdict.CONTRADICTED: "The record goes against this account",
}


_DOCUMENTED: dict[Documentation, str] = {
    Documentation.CONFIRMED: "the event is confirmed by a party to it or by a regulator",
    Documentation.COURT_RECORD: (
        "the event is set out in a court record (what a party alleges or a court found)"
    ),
    Documentation.SEVERAL_REPORTS: (
        "the event is described by several independent reports, none confirmed by a party"
    ),
    Documentation.ONE_REPORT: "the event is described by one report, not confirmed elsewhere",
    Documentation.UNTRACEABLE: "no record of the event was found beyond the article telling it",
}


@dataclass(frozen=True)
class Count:
    """One part of the tally: how many evidence items take a stance, and its word."""

    stance: Stance
    count: int
    word: str

    def __str__(self) -> str:
        return f"{self.count} {self.word}"


@dataclass(frozen=True)
class Summary:
    """What the panel and the hover card say of a claim, computed once per claim."""

    sentence: str
    tally: tuple[Count, ...]
    generated: bool  # the sentence is made here (the claim has no `answer`)

    @property
    def tally_text(self) -> str:
        """`4 against, 2 qualifying, 0 for` (then `, 1 context` if any)."""
        return ", ".join(str(part) for part in self.tally)


def summary(claim: Claim) -> Summary:
    """The tally and the sentence of a claim (kept per render by `ClaimLinks.summary`)."""
    sentence = claim.answer or fallback_sentence(claim)
    return Summary(sentence, tally(claim), claim.answer is None)


def tally(claim: Claim) -> tuple[Count, ...]:
    counts = Counter(item.stance for item in claim.evidence)
    parts = [Count(stance, counts[stance], word) for stance, word in _TALLY_WORDS]
    if counts[Stance.CONTEXT]:
        parts.append(Count(Stance.CONTEXT, counts[Stance.CONTEXT], "context"))
    return tuple(parts)


def fallback_sentence(claim: Claim) -> str:
    """A sentence for a claim without an `answer`, worded for its verdict and certainty."""
    if claim.verdict is Verdict.UNTESTABLE:
        return (
            "This cannot be settled by evidence: the claim is philosophical, definitional or "
            "a prediction about all future systems, which no study can test as stated."
        )
    if claim.verdict is Verdict.UNVERIFIABLE:
        return (
            "This cannot be checked: the claim rests on a specific fact or case that cannot "
            "be traced to any record."
        )
    if claim.incident is not None:
        opening = _INCIDENT_SENTENCES[claim.verdict]
        return f"{opening}: {_DOCUMENTED[claim.incident.documented]}."
    return graded_sentence(claim.verdict, claim.certainty)


@cache
def graded_sentence(verdict: Verdict, certainty: Certainty | None) -> str:
    """The sentence for a rated verdict at a certainty (none: said without a hedge)."""
    high, moderate, low, very_low = _SENTENCES[verdict]
    if certainty is Certainty.MODERATE:
        return moderate
    if certainty is Certainty.LOW:
        return low
    if certainty is Certainty.VERY_LOW:
        return f"The evidence is very uncertain: {very_low}."
    return high


def rates_certainty(claim: Claim) -> bool:
    """Whether the page shows a certainty for the claim: not for an incident (rated by its
    record), nor for an untestable or unverifiable claim (no body of evidence rates it)."""
    return claim.incident is None and claim.certainty is not None and claim.verdict.rates_evidence


@cache
def certainty_symbols(certainty: Certainty) -> Markup:
    """GRADE's symbols as GRADEpro writes them, ⨁⨁◯◯ for low, then the level in words;
    screen readers read the words and `2 of 4` instead of the symbols."""
    filled = certainty.rank
    symbols = grade_symbols(certainty)
    return Markup(
        f'<span class="ekb-symbols ekb-symbols-{certainty.value}" aria-hidden="true">'
        f"{symbols} </span>{certainty.label.capitalize()} certainty"
        f'<span class="ekb-visually-hidden"> of the evidence ({filled} of 4)</span>'
    )


def not_rated_reason(claim: Claim) -> str:
    """Why no certainty stands beside an untestable or unverifiable verdict."""
    if claim.verdict is Verdict.UNTESTABLE:
        return "No certainty rating: no study could test this claim as stated."
    return "No certainty rating: no record of it was found to rate."


def primary_assertion(claim: Claim) -> Assertion | None:
    """The article's own words: the first place the claim is asserted that quotes it, else the
    first place at all."""
    quoted = next((a for a in claim.asserted_in if a.quote), None)
    return quoted or (claim.asserted_in[0] if claim.asserted_in else None)


@dataclass(frozen=True)
class RelatedLine:
    """Another claim related to this one, with every relation between the two."""

    claim_id: str
    other: Claim | None
    relations: tuple[str, ...]


def related_once(kb: KnowledgeBase, claim: Claim, backlinks: list[Any]) -> list[RelatedLine]:
    """The claim's related claims and the claims relating to it, one line per other claim:
    `Refines; refined by: ...` rather than the same claim listed twice."""
    relations: dict[str, list[str]] = {}
    for related in claim.related:
        _add(relations, related.claim, related.relation.label)
    for link in backlinks:
        _add(relations, link.claim.id, link.related.relation.description)  # "refined by"
    return [
        RelatedLine(other_id, kb.claims.get(other_id), tuple(names))
        for other_id, names in relations.items()
    ]


def _add(relations: dict[str, list[str]], other_id: str, name: str) -> None:
    names = relations.setdefault(other_id, [])
    if name not in names:
        names.append(name)


GLOBALS: dict[str, Any] = {
    "certainty_symbols": certainty_symbols,
    "rates_certainty": rates_certainty,
    "not_rated_reason": not_rated_reason,
    "primary_assertion": primary_assertion,
    "related_once": related_once,
}
"""What this module gives every template (merged into the environment by render.templating)."""
