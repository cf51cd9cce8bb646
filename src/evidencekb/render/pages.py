"""Render: pure functions from the knowledge base to Markdown pages and data files.

Nothing here reads or writes files; the result is a mapping of relative path -> text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from evidencekb.index import CERTAINTY_RANK, KnowledgeBase
from evidencekb.memo import NO_MEMO, Memo
from evidencekb.model import (
    CERTAINTY_DESCRIPTIONS,
    DESIGN_LABELS,
    INVERSE_RELATION_LABELS,
    VERDICT_DESCRIPTIONS,
    Certainty,
    Claim,
    Design,
    EvidenceItem,
    Source,
    Stance,
    Verdict,
)
from evidencekb.render import markdown
from evidencekb.render.citations import formatting_references
from evidencekb.render.exports import (
    claim_review,
    claims_json,
    permalink,
    sources_bibtex,
    sources_csl_json,
)
from evidencekb.rules import RULES

STANCE_ORDER = [Stance.SUPPORTS, Stance.CONTRADICTS, Stance.QUALIFIES, Stance.CONTEXT]
STANCE_HEADINGS = {
    Stance.SUPPORTS: "Supporting evidence",
    Stance.CONTRADICTS: "Contradicting evidence",
    Stance.QUALIFIES: "Qualifying evidence",
    Stance.CONTEXT: "Context",
}


@dataclass(frozen=True)
class RenderOptions:
    edit_url: str = ""  # with {path}
    site_url: str = ""
    site_name: str = "evidencekb"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("evidencekb", "templates"),
        autoescape=False,  # we produce Markdown; text is escaped by the filters below
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["inline"] = markdown.inline
    env.filters["block"] = markdown.block
    env.filters["label"] = markdown.label
    return env


def claim_path(claim_id: str) -> str:
    return f"claims/{claim_id}.md"


def source_path(key: str) -> str:
    return f"sources/{key}.md"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


DESIGN_STRENGTH = [
    Design.META_ANALYSIS,
    Design.SYSTEMATIC_REVIEW,
    Design.RCT,
    Design.COHORT,
    Design.CROSS_SECTIONAL,
    Design.EXPERIMENT,
    Design.QUALITATIVE,
    Design.CASE_SERIES,
    Design.CASE_REPORT,
    Design.GUIDELINE,
    Design.LAW,
    Design.COURT_FILING,
    Design.OFFICIAL_STATEMENT,
    Design.NARRATIVE_REVIEW,
    Design.NEWS,
    Design.OTHER,
    Design.OPINION,
]


def strongest(kb: KnowledgeBase, claim: Claim, stances: tuple[Stance, ...]) -> Source | None:
    """The source of the strongest design among a claim's evidence with these stances."""
    found = [
        kb.sources[e.source]
        for e in claim.evidence
        if e.stance in stances and e.source in kb.sources
    ]
    return min(found, key=lambda s: DESIGN_STRENGTH.index(s.design), default=None)


def evidence_card(kb: KnowledgeBase, claim: Claim) -> str:
    """One line shown on hover wherever a claim is linked: verdict and the strongest sources."""
    parts = [
        f"{markdown.label(claim.verdict.value).capitalize()}, "
        f"{markdown.label(claim.certainty.value)} certainty."
    ]
    for label, stances in (
        ("For", (Stance.SUPPORTS,)),
        ("Against or limiting", (Stance.CONTRADICTS, Stance.QUALIFIES)),
    ):
        source = strongest(kb, claim, stances)
        if source is not None:
            parts.append(f"{label}: {source.short_citation} ({DESIGN_LABELS[source.design]}).")
    return " ".join(parts).replace('"', "'").replace("\\", "/")


def claim_link(claim: Claim, prefix: str, card: str) -> str:
    """A Markdown link to a claim with its evidence card as tooltip, followed by its badges."""
    title = markdown.inline(claim.title)
    return f'[{title}]({prefix}{claim.id}.md "{markdown.inline(card)}") {badges(claim)}'


class ClaimLinks:
    """Links to claims for one render: a claim is linked from about ten pages (topic, related
    claims, sources, lists), so each claim's evidence card and link are made once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._cards: dict[str, str] = {}
        self._links: dict[tuple[str, str], str] = {}

    def card(self, claim: Claim) -> str:
        if claim.id not in self._cards:
            self._cards[claim.id] = evidence_card(self.kb, claim)
        return self._cards[claim.id]

    def link(self, claim: Claim, prefix: str) -> str:
        key = (claim.id, prefix)
        if key not in self._links:
            self._links[key] = claim_link(claim, prefix, self.card(claim))
        return self._links[key]


def evidence_by_stance(claim: Claim) -> dict[Stance, list[EvidenceItem]]:
    grouped: dict[Stance, list[EvidenceItem]] = {}
    for item in claim.evidence:
        grouped.setdefault(item.stance, []).append(item)
    return grouped


def badges(claim: Claim) -> str:
    return (
        f'<span class="ekb-badge ekb-verdict-{claim.verdict.value}" '
        f'title="Verdict: {markdown.label(claim.verdict.value)}">'
        f"{markdown.label(claim.verdict.value)}</span> "
        f'<span class="ekb-badge ekb-certainty-{claim.certainty.value}" '
        f'title="GRADE certainty: {markdown.label(claim.certainty.value)}">'
        f"{markdown.label(claim.certainty.value)} certainty</span>"
    )


def render_site(
    kb: KnowledgeBase,
    options: RenderOptions | None = None,
    reference_cache: dict[str, str] | None = None,
    previous: Mapping[str, str] | None = None,
    stale: set[str] | None = None,
    memo: Memo = NO_MEMO,
    references_ahead: Callable[[], object] | None = None,
) -> dict[str, str]:
    """Every generated page and data file, keyed by its path in the MkDocs docs folder.

    `reference_cache` keeps formatted references between calls (see `formatting_references`). With
    `previous` pages and the `stale` paths among them (see `incremental.stale_pages`), claim,
    source and topic pages that are not stale are reused instead of rendered again, and `memo`
    keeps the data-export lines of claims and sources that come back unchanged.
    `references_ahead`: see `formatting_references`.
    """
    sources = list(kb.sources.values())
    with formatting_references(sources, reference_cache, memo, references_ahead) as references:
        return _render_pages(kb, options or RenderOptions(), references, previous, stale, memo)


def _render_pages(
    kb: KnowledgeBase,
    options: RenderOptions,
    references: Callable[[], dict[str, str]],
    previous: Mapping[str, str] | None,
    stale: set[str] | None,
    memo: Memo,
) -> dict[str, str]:
    reusable = previous if previous is not None and stale is not None else {}
    stale = stale or set()
    env = _environment()
    links = ClaimLinks(kb)
    common = {
        "kb": kb,
        "badges": badges,
        "references": {},  # until the claim pages are done (they need none)
        "Verdict": Verdict,
        "Certainty": Certainty,
        "VERDICT_DESCRIPTIONS": VERDICT_DESCRIPTIONS,
        "CERTAINTY_DESCRIPTIONS": CERTAINTY_DESCRIPTIONS,
        "DESIGN_LABELS": DESIGN_LABELS,
        "INVERSE_RELATION_LABELS": INVERSE_RELATION_LABELS,
        "STANCE_ORDER": STANCE_ORDER,
        "STANCE_HEADINGS": STANCE_HEADINGS,
        "cell_shade": cell_shade,
        "claim_link": links.link,
        "evidence_card": links.card,
        "evidence_by_stance": evidence_by_stance,
        "options": options,
    }
    pages: dict[str, str] = {}
    pages["index.md"] = env.get_template("home.md.j2").render(common, root="")
    pages["topics/index.md"] = env.get_template("topics.md.j2").render(common, root="../")
    for topic in kb.topics:
        if _reuse(pages, topic_path(topic.id), reusable, stale):
            continue
        pages[topic_path(topic.id)] = env.get_template("topic.md.j2").render(
            common, root="../", topic=topic, claims=kb.claims_by_topic.get(topic.id, [])
        )
    claim_template = env.get_template("claim.md.j2")
    for claim in kb.claims.values():
        if _reuse(pages, claim_path(claim.id), reusable, stale):
            continue
        path = kb.claim_paths[claim.id]
        pages[claim_path(claim.id)] = claim_template.render(
            common,
            root="../",
            claim=claim,
            file_path=path,
            edit_link=options.edit_url.format(path=path) if options.edit_url else "",
            permalink=permalink(options.site_url, claim.id),
            claim_review=claim_review(kb, claim, options.site_url, options.site_name),
            backlinks=kb.backlinks.get(claim.id, []),
        )
    common["references"] = references()
    source_template = env.get_template("source.md.j2")
    for source in kb.sources.values():
        if _reuse(pages, source_path(source.key), reusable, stale):
            continue
        pages[source_path(source.key)] = source_template.render(
            common,
            root="../",
            source=source,
            citations=kb.citations.get(source.key, []),
            assertions=kb.assertions.get(source.key, []),
            sections=kb.outlines.get(source.key, []),
        )
    pages["bibliography.md"] = env.get_template("bibliography.md.j2").render(common, root="")
    pages["harm-cases.md"] = env.get_template("harm-cases.md.j2").render(common, root="")
    pages["guardrails.md"] = env.get_template("guardrails.md.j2").render(common, root="")
    pages["articles/index.md"] = env.get_template("articles.md.j2").render(common, root="../")
    pages["rules.md"] = env.get_template("rules.md.j2").render(
        common, root="", rules=sorted(RULES.values(), key=lambda rule: rule.code)
    )
    for name, text in kb.docs.items():
        pages[name] = text
    pages["data/claims.json"] = claims_json(kb, options.site_url, memo)
    pages["data/sources.bib"] = sources_bibtex(kb, memo)
    pages["data/sources.csl.json"] = sources_csl_json(kb, memo)
    return pages


def _reuse(pages: dict[str, str], path: str, previous: Mapping[str, str], stale: set[str]) -> bool:
    if path in stale or path not in previous:
        return False
    pages[path] = previous[path]
    return True


def cell_shade(claims: list[Claim]) -> str:
    """The median certainty of a cell's claims, as a CSS class suffix."""
    if not claims:
        return "none"
    ranks = sorted(CERTAINTY_RANK[c.certainty] for c in claims)
    median = ranks[(len(ranks) - 1) // 2]
    return next(c.value for c, rank in CERTAINTY_RANK.items() if rank == median)
