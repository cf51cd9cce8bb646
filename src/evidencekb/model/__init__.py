"""The model: pydantic v2 classes for claims, topics and sources.

Field descriptions feed the JSON Schema that editors use for completion and validation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from evidencekb.model.articles import (
    ArticleAbout,
    ArticleOutline,
    ArticleSection,
    OutlinesFile,
    Passage,
)
from evidencekb.model.vocabulary import (
    AdoptionStatus,
    Certainty,
    Concern,
    Design,
    Documentation,
    Kind,
    Relation,
    Stance,
    Upgrade,
    Verdict,
)

__all__ = [
    "AdoptionStatus",
    "ArticleAbout",
    "ArticleOutline",
    "ArticleSection",
    "Certainty",
    "Concern",
    "Design",
    "Documentation",
    "Kind",
    "OutlinesFile",
    "Passage",
    "Relation",
    "Stance",
    "Upgrade",
    "Verdict",
]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_MAX_LENGTH = 80
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
PartialDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class DomainJudgement(Strict):
    concern: Concern = Field(description="How much this domain lowers certainty.")
    note: str = Field("", description="Why, in a sentence.")


class StartingLevel(Strict):
    """Where the designs of the evidence do not give the right starting level."""

    level: Certainty = Field(description="The level the body of evidence starts at.")
    note: NonEmpty = Field(
        description="Why, in a sentence: for example, the meta-analyses pool observational "
        "associations, not randomised comparisons."
    )


class UpgradeJudgement(Strict):
    reason: Upgrade = Field(description="The GRADE domain that raises certainty.")
    levels: int = Field(1, ge=1, le=2, description="How many levels it raises: 1, or 2.")
    note: NonEmpty = Field(description="Why, in a sentence.")


GRADE_DOMAINS = (
    "risk_of_bias",
    "inconsistency",
    "indirectness",
    "imprecision",
    "publication_bias",
)


class CertaintyReasons(Strict):
    """The five GRADE domains that can lower certainty, and what else the derivation of
    certainty from the evidence needs (see docs/methodology.md#certainty)."""

    risk_of_bias: DomainJudgement
    inconsistency: DomainJudgement
    indirectness: DomainJudgement
    imprecision: DomainJudgement
    publication_bias: DomainJudgement
    starting_level: StartingLevel | None = Field(
        None,
        description="Only where the designs of the evidence give the wrong starting level "
        "(a review of observational studies starts at low): the level and why.",
    )
    upgrades: list[UpgradeJudgement] = Field(
        default_factory=list,
        description="GRADE's reasons to rate up: large effect, dose-response, plausible "
        "confounding; each with a reason.",
    )
    override: NonEmpty | None = Field(
        None,
        description="Why the stated certainty differs from the one derived from the evidence "
        "(starting level, downgrades, upgrades), in a sentence or two.",
    )

    def items(self) -> list[tuple[str, DomainJudgement]]:
        """The five domains, in order."""
        return [(name, getattr(self, name)) for name in GRADE_DOMAINS]


class Assertion(Strict):
    """Where a claim is made: usually one of the articles under review."""

    source: NonEmpty = Field(description="BibTeX key of the article that makes the claim.")
    locator: NonEmpty = Field(
        description="Where in it: `section '<heading>', paragraph N`, or a page."
    )
    quote: NonEmpty | None = Field(None, description="A short phrase, verbatim.")


class EvidenceItem(Strict):
    source: NonEmpty = Field(description="BibTeX key of the source.")
    stance: Stance = Field(description="What the source does to the claim.")
    locator: NonEmpty | None = Field(None, description="Where in the source: page, table, section.")
    quote: NonEmpty | None = Field(None, description="Short verbatim quote from the source.")
    note: str = Field("", description="What the source shows for this claim, in our words.")


class RelatedClaim(Strict):
    claim: NonEmpty = Field(description="Id of the related claim.")
    relation: Relation = Field(description="How this claim relates to it.")


class Incident(Strict):
    date: PartialDate | None = Field(
        description="When: YYYY-MM-DD, YYYY-MM or YYYY; null when no record gives a date."
    )
    product: NonEmpty = Field(description="The product or service involved.")
    what_happened: NonEmpty = Field(description="What happened, in our words.")
    outcome: str = Field("", description="What followed.")
    documented: Documentation = Field(
        description="How well the event is documented: confirmed, court-record, "
        "several-reports, one-report or untraceable. Incidents carry this, not `certainty`."
    )


class Adoption(Strict):
    jurisdiction: NonEmpty = Field(description="Jurisdiction or body.")
    instrument: NonEmpty = Field(description="Law, regulation, guideline or statement.")
    date: PartialDate = Field(description="YYYY-MM-DD, YYYY-MM or YYYY.")
    status: AdoptionStatus
    source: NonEmpty = Field(description="BibTeX key of the record.")
    note: str = ""


class Guardrail(Strict):
    adoptions: list[Adoption] = Field(default_factory=list)


class Claim(Strict):
    """One claim: what is asserted, where, and what the evidence says about it."""

    id: Slug = Field(description="Equal to the file name without .yaml; a lowercase slug.")
    title: NonEmpty = Field(max_length=140, description="A short headline.")
    statement: NonEmpty = Field(description="The claim, paraphrased in our words.")
    question: NonEmpty | None = Field(
        None,
        max_length=200,
        description="The question this claim answers, as a reader would ask it, e.g. 'Does a "
        "carbon tax cut emissions?'. Shown above the verdict and found by search.",
    )
    answer: NonEmpty | None = Field(
        None,
        max_length=400,
        description="One plain sentence: what the evidence shows, its certainty carried in the "
        "wording as in GRADE summary-of-findings tables (high: said plainly; moderate: "
        "'probably' or 'likely'; low: 'may'; very low: 'very uncertain'). For a negatively "
        "worded claim, say what the evidence shows, not that the claim is contradicted.",
    )
    featured: bool = Field(
        False, description="Shown on the home page among the questions readers come for."
    )
    example: bool = Field(
        False,
        description="A worked example of the format (`evidencekb init` writes one): its page "
        "says so, and `check` notes it until it is deleted.",
    )
    topic: Slug = Field(description="Id of a topic declared in topics.yaml.")
    kind: Kind
    asserted_in: list[Assertion] = Field(default_factory=list)
    verdict: Verdict
    certainty: Certainty | None = Field(
        None, description="GRADE certainty; required, except for incidents, which have none."
    )
    certainty_reasons: CertaintyReasons | None = Field(
        None, description="The GRADE domains; required, except for incidents."
    )
    evidence: list[EvidenceItem] = Field(default_factory=list)
    related: list[RelatedClaim] = Field(default_factory=list)
    reviewed: dt.date = Field(description="When the evidence was last reviewed.")
    summary: NonEmpty = Field(description="Markdown: why this verdict and certainty.")
    incident: Incident | None = Field(None, description="Required when kind is incident.")
    guardrail: Guardrail | None = Field(None, description="For recommendations.")

    @model_validator(mode="after")
    def _incident_block_matches_kind(self) -> Claim:
        if self.kind is Kind.INCIDENT and self.incident is None:
            raise ValueError("an incident claim needs an `incident:` block")
        if self.kind is not Kind.INCIDENT and self.incident is not None:
            raise ValueError("only claims of kind `incident` take an `incident:` block")
        if self.guardrail is not None and self.kind is not Kind.RECOMMENDATION:
            raise ValueError("only claims of kind `recommendation` take a `guardrail:` block")
        return self

    def cited_sources(self) -> Iterator[str]:
        """Keys of every source the claim names: evidence, where asserted, guardrail records."""
        yield from (item.source for item in self.evidence)
        yield from (assertion.source for assertion in self.asserted_in)
        if self.guardrail:
            yield from (adoption.source for adoption in self.guardrail.adoptions)


class Topic(Strict):
    id: Slug
    title: NonEmpty
    description: NonEmpty


class TopicsFile(Strict):
    topics: list[Topic]


class Person(Strict):
    family: str = ""
    given: str = ""
    suffix: str = ""
    literal: str = ""

    @property
    def display(self) -> str:
        return self.literal or " ".join(part for part in (self.given, self.family) if part)


class Source(Strict):
    """A bibliographic source, from a BibTeX entry."""

    key: Slug = Field(description="The BibTeX key; it becomes a file name, so a slug.")
    entry_type: NonEmpty
    title: NonEmpty
    design: Design
    authors: list[Person] = Field(default_factory=list)
    editors: list[Person] = Field(default_factory=list)
    year: str = ""
    date: str = ""
    container: str = ""
    publisher: str = ""
    genre: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""
    urldate: str = ""
    isbn: str = ""
    pmid: str = ""
    eprint: str = ""
    eprinttype: str = ""
    note: str = ""
    retracted: bool = False
    path: str = ""

    @property
    def link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else self.url

    @property
    def short_citation(self) -> str:
        """Author-date label, e.g. `Flückiger et al., 2018`."""
        names = [p.family or p.literal for p in self.authors if p.family or p.literal]
        if not names:
            who = self.container or self.title[:40]
        elif len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} & {names[1]}"
        else:
            who = f"{names[0]} et al."
        year = (self.date or self.year)[:4] or "n.d."
        return f"{who}, {year}"
