"""Index: the read-only knowledge graph built from a validated project.

Lookups and backlinks are computed once, in passes over the claims, so that rendering never
scans all claims for each page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from evidencekb.model import (
    ArticleOutline,
    Assertion,
    Claim,
    EvidenceItem,
    Kind,
    RelatedClaim,
    Source,
    Topic,
    Verdict,
)
from evidencekb.rules.project import ValidatedProject


@dataclass(frozen=True)
class Citation:
    """A claim that cites a source, with how."""

    claim: Claim
    evidence: EvidenceItem


@dataclass(frozen=True)
class AssertionRef:
    claim: Claim
    assertion: Assertion
    section_index: int
    paragraph: int


@dataclass(frozen=True)
class Backlink:
    """Another claim pointing at this one."""

    claim: Claim
    related: RelatedClaim


@dataclass
class KnowledgeBase:
    topics: list[Topic]
    claims: dict[str, Claim]
    sources: dict[str, Source]
    claim_paths: dict[str, str]
    outlines: dict[str, ArticleOutline]
    docs: dict[str, str]
    doc_files: dict[str, bytes] = field(default_factory=dict)  # docs/ files published as bytes
    citations: dict[str, list[Citation]] = field(default_factory=dict)
    assertions: dict[str, list[AssertionRef]] = field(default_factory=dict)
    backlinks: dict[str, list[Backlink]] = field(default_factory=dict)
    claims_by_topic: dict[str, list[Claim]] = field(default_factory=dict)
    # claim files that failed the check (their id by path): counted, never rendered
    failed_claims: dict[str, str] = field(default_factory=dict)

    @property
    def claim_count(self) -> int:
        """Every claim file, including those that failed the check."""
        return len(self.claims) + len(self.failed_claims)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def cell(self, topic_id: str, verdict: Verdict) -> list[Claim]:
        return [c for c in self.claims_by_topic.get(topic_id, []) if c.verdict is verdict]

    @property
    def articles(self) -> list[Source]:
        """The articles under review: the sources with a declared outline."""
        return [self.sources[key] for key in self.outlines if key in self.sources]

    def is_article(self, key: str) -> bool:
        return key in self.outlines

    @property
    def incidents(self) -> list[Claim]:
        found = [c for c in self.claims.values() if c.kind is Kind.INCIDENT and c.incident]
        return sorted(found, key=lambda c: (c.incident.date or "9999", c.id))  # type: ignore[union-attr]

    @property
    def guardrails(self) -> list[Claim]:
        return [c for c in self.claims.values() if c.kind is Kind.RECOMMENDATION]


_PARAGRAPH = re.compile(r"paragraph\s+(\d+)")
_SECTION = re.compile(r"section\s+'([^']+)'")


def build_index(project: ValidatedProject) -> KnowledgeBase:
    claims = {record.claim.id: record.claim for record in project.claims}
    kb = KnowledgeBase(
        topics=list(project.topics),
        claims=dict(sorted(claims.items())),
        sources=dict(sorted(project.sources.items())),
        claim_paths={record.claim.id: record.path for record in project.claims},
        outlines=project.outlines,
        docs=project.docs,
        doc_files=project.doc_files,
        failed_claims={partial.path: partial.id for partial in project.partial_claims},
    )
    citations: dict[str, list[Citation]] = defaultdict(list)
    assertions: dict[str, list[AssertionRef]] = defaultdict(list)
    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    by_topic: dict[str, list[Claim]] = defaultdict(list)
    for claim in kb.claims.values():
        by_topic[claim.topic].append(claim)
        for item in claim.evidence:
            citations[item.source].append(Citation(claim, item))
        for assertion in claim.asserted_in:
            assertions[assertion.source].append(
                _assertion_ref(claim, assertion, _headings(project.outlines, assertion.source))
            )
        for related in claim.related:
            backlinks[related.claim].append(Backlink(claim, related))
    for refs in assertions.values():
        refs.sort(key=lambda ref: (ref.section_index, ref.paragraph, ref.claim.id))
    kb.citations = dict(citations)
    kb.assertions = dict(assertions)
    kb.backlinks = dict(backlinks)
    kb.claims_by_topic = {
        topic: sorted(found, key=lambda c: (-(c.certainty.rank if c.certainty else 0), c.title))
        for topic, found in by_topic.items()
    }
    return kb


def _headings(outlines: dict[str, ArticleOutline], key: str) -> list[str]:
    outline = outlines.get(key)
    return outline.headings if outline else []


def _assertion_ref(claim: Claim, assertion: Assertion, sections: list[str]) -> AssertionRef:
    section = _SECTION.search(assertion.locator)
    paragraph = _PARAGRAPH.search(assertion.locator)
    name = section.group(1) if section else ""
    index = sections.index(name) if name in sections else len(sections)
    return AssertionRef(claim, assertion, index, int(paragraph.group(1)) if paragraph else 0)
