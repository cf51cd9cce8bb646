"""Render: pure functions from the knowledge base to Markdown pages and data files.

Nothing here reads or writes files; the result is a mapping of relative path -> text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from evidencekb.index import KnowledgeBase
from evidencekb.memo import NO_MEMO, Memo
from evidencekb.model import (
    Certainty,
    Claim,
    EvidenceItem,
    Source,
    Stance,
    Verdict,
)
from evidencekb.render import html
from evidencekb.render.citations import formatting_references
from evidencekb.render.exports import (
    claim_review,
    claims_json,
    permalink,
    sources_bibtex,
    sources_csl_json,
)
from evidencekb.render.links import relative_url
from evidencekb.rules import RULES


@dataclass(frozen=True)
class RenderOptions:
    edit_url: str = ""  # with {path}
    site_url: str = ""
    site_name: str = "evidencekb"
    directory_urls: bool = True  # the engine's use_directory_urls: claims/x/ or claims/x.html


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("evidencekb", "templates"),
        autoescape=False,  # html.finalize escapes every value for HTML where it lands
        finalize=html.finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["label"] = label
    env.globals.update(
        front_matter=html.front_matter,
        markdown=html.markdown,
        markdown_inline=html.markdown_inline,
        claim_path=claim_path,
        source_path=source_path,
        topic_path=topic_path,
        doi_url=doi_url,
        external_link=external_link,
        href=_href,
        source_link=_source_link,
        claim_link=_claim_link,
    )
    return env


def label(value: str) -> str:
    """`partly-supported` -> `partly supported`."""
    return str(value).replace("-", " ").replace("_", " ")


@pass_context
def _href(context: Context, path: str, anchor: str = "") -> str:
    """A link from the page being rendered to the page or file at `path`."""
    options: RenderOptions = context["options"]
    return relative_url(context["page"], path, options.directory_urls, anchor)


@pass_context
def _source_link(context: Context, key: str, text: str) -> Markup:
    return html.link(_href(context, source_path(key)), text)


@pass_context
def _claim_link(context: Context, claim: Claim, with_badges: bool = True) -> Markup:
    links: ClaimLinks = context["links"]
    return links.link(claim, context["page"], with_badges)


def edit_link(template: str, path: str) -> str:
    """The link to edit a claim file, from the `edit_url` setting; none unless it is http(s)."""
    if not template:
        return ""
    return html.url(template.replace("{path}", quote(path))) or ""


def doi_url(doi: str) -> str:
    return "https://doi.org/" + quote(doi, safe="/:;()._-<>[]")


def external_link(target: str, text: str) -> Markup:
    """A link to another site if `target` is an http(s) URL; otherwise the text, unlinked."""
    checked = html.url(target)
    if checked is None:
        return html.text(text)
    return html.link(checked, text)


def claim_path(claim_id: str) -> str:
    return f"claims/{claim_id}.md"


def source_path(key: str) -> str:
    return f"sources/{key}.md"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}.md"



def strongest(kb: KnowledgeBase, claim: Claim, stances: tuple[Stance, ...]) -> Source | None:
    """The source of the strongest design among a claim's evidence with these stances."""
    found = [
        kb.sources[e.source]
        for e in claim.evidence
        if e.stance in stances and e.source in kb.sources
    ]
    return max(found, key=lambda s: s.design.rank, default=None)


def evidence_card(kb: KnowledgeBase, claim: Claim) -> str:
    """One line shown on hover wherever a claim is linked: verdict and the strongest sources."""
    verdict, certainty = claim.verdict.label, claim.certainty.label
    parts = [f"{verdict.capitalize()}, {certainty} certainty."]
    for heading, stances in (
        ("For", (Stance.SUPPORTS,)),
        ("Against or limiting", (Stance.CONTRADICTS, Stance.QUALIFIES)),
    ):
        source = strongest(kb, claim, stances)
        if source is not None:
            parts.append(f"{heading}: {source.short_citation} ({source.design.label}).")
    return " ".join(parts)


class ClaimLinks:
    """Links to claims for one render: a claim is linked from about ten pages (topic, related
    claims, sources, lists), so each claim's evidence card and link are made once per folder."""

    def __init__(self, kb: KnowledgeBase, options: RenderOptions) -> None:
        self.kb = kb
        self.options = options
        self._cards: dict[str, str] = {}
        self._links: dict[tuple[str, bool], Markup] = {}

    def card(self, claim: Claim) -> str:
        if claim.id not in self._cards:
            self._cards[claim.id] = evidence_card(self.kb, claim)
        return self._cards[claim.id]

    def link(self, claim: Claim, page: str, with_badges: bool = True) -> Markup:
        """An HTML link from `page` to a claim, its evidence card as tooltip, then its badges.

        Kept by the relative link itself, which every page at the same depth shares (and two
        pages of one folder need not: `topics/index.md` is served one level above
        `topics/alpha.md`)."""
        target = relative_url(page, claim_path(claim.id), self.options.directory_urls)
        key = (target, with_badges)
        if key not in self._links:
            made = html.link(target, claim.title, title=self.card(claim))
            self._links[key] = made + Markup(" ") + badges(claim) if with_badges else made
        return self._links[key]


def evidence_by_stance(claim: Claim) -> dict[Stance, list[EvidenceItem]]:
    grouped: dict[Stance, list[EvidenceItem]] = {}
    for item in claim.evidence:
        grouped.setdefault(item.stance, []).append(item)
    return grouped


def badges(claim: Claim) -> Markup:
    return _badges(claim.verdict, claim.certainty)


@cache
def _badges(verdict: Verdict, certainty: Certainty) -> Markup:
    """Made from the vocabularies' values, which hold no character that needs escaping."""
    verdict_label, certainty_label = verdict.label, certainty.label
    return Markup(
        f'<span class="ekb-badge ekb-verdict-{verdict.value}" title="Verdict: {verdict_label}">'
        f"{verdict_label}</span> "
        f'<span class="ekb-badge ekb-certainty-{certainty.value}" '
        f'title="GRADE certainty: {certainty_label}">{certainty_label} certainty</span>'
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
    links = ClaimLinks(kb, options)
    common = {
        "kb": kb,
        "badges": badges,
        "references": {},  # until the claim pages are done (they need none)
        "Verdict": Verdict,
        "Certainty": Certainty,
        "Stance": Stance,
        "cell_shade": cell_shade,
        "links": links,
        "evidence_by_stance": evidence_by_stance,
        "options": options,
    }
    pages: dict[str, str] = {}
    pages["index.md"] = env.get_template("home.md.j2").render(common, page="index.md")
    pages["topics/index.md"] = env.get_template("topics.md.j2").render(
        common, page="topics/index.md"
    )
    for topic in kb.topics:
        if _reuse(pages, topic_path(topic.id), reusable, stale):
            continue
        pages[topic_path(topic.id)] = env.get_template("topic.md.j2").render(
            common,
            page=topic_path(topic.id),
            topic=topic,
            claims=kb.claims_by_topic.get(topic.id, []),
        )
    claim_template = env.get_template("claim.md.j2")
    for claim in kb.claims.values():
        if _reuse(pages, claim_path(claim.id), reusable, stale):
            continue
        path = kb.claim_paths[claim.id]
        pages[claim_path(claim.id)] = claim_template.render(
            common,
            page=claim_path(claim.id),
            claim=claim,
            file_path=path,
            edit_link=edit_link(options.edit_url, path),
            permalink=permalink(options.site_url, claim.id),
            claim_review=claim_review(kb, claim, options.site_url, options.site_name),
            backlinks=kb.backlinks.get(claim.id, []),
        )
    common["references"] = {key: Markup(text) for key, text in references().items()}
    source_template = env.get_template("source.md.j2")
    for source in kb.sources.values():
        if _reuse(pages, source_path(source.key), reusable, stale):
            continue
        pages[source_path(source.key)] = source_template.render(
            common,
            page=source_path(source.key),
            source=source,
            citations=kb.citations.get(source.key, []),
            assertions=kb.assertions.get(source.key, []),
            sections=kb.outlines.get(source.key, []),
        )
    for path, template in _SITE_WIDE_PAGES:
        pages[path] = env.get_template(template).render(common, page=path)
    pages["rules.md"] = env.get_template("rules.md.j2").render(
        common, page="rules.md", rules=sorted(RULES.values(), key=lambda rule: rule.code)
    )
    for name, text in kb.docs.items():
        pages[name] = text
    pages["data/claims.json"] = claims_json(kb, options.site_url, memo)
    pages["data/sources.bib"] = sources_bibtex(kb, memo)
    pages["data/sources.csl.json"] = sources_csl_json(kb, memo)
    return pages


_SITE_WIDE_PAGES = [
    ("bibliography.md", "bibliography.md.j2"),
    ("harm-cases.md", "harm-cases.md.j2"),
    ("guardrails.md", "guardrails.md.j2"),
    ("articles/index.md", "articles.md.j2"),
]


def _reuse(pages: dict[str, str], path: str, previous: Mapping[str, str], stale: set[str]) -> bool:
    if path in stale or path not in previous:
        return False
    pages[path] = previous[path]
    return True


def cell_shade(claims: list[Claim]) -> str:
    """The median certainty of a cell's claims, as a CSS class suffix."""
    if not claims:
        return "none"
    ranks = sorted(c.certainty.rank for c in claims)
    return Certainty.ranked(ranks[(len(ranks) - 1) // 2]).value
