"""The pages of the site, each kind a registered unit.

A unit (`@page_unit`) lists the pages of its kind for a knowledge base, by path, each with the
function that renders it. That function gets only ids and the `PageContext`, and reads what it
shows through the context's knowledge base, which records each read (`render.reads`): what a
page depends on is what it read, by construction. Nothing here reads or writes files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from evidencekb.index import KnowledgeBase
from evidencekb.load.tool_docs import TOOL_PAGES, tool_page
from evidencekb.memo import Memo
from evidencekb.model import Claim, Verdict
from evidencekb.render import bibliography, listing
from evidencekb.render.citations import source_download, source_ris
from evidencekb.render.coverage import ArticleCoverage, article_coverage
from evidencekb.render.exports import (
    claim_review,
    claims_json,
    guardrail_adoptions_csv,
    permalink,
    source_bibtex,
    sources_bibtex,
    sources_csl_json,
)
from evidencekb.render.templating import (
    RenderOptions,
    _environment,
    claim_path,
    edit_link,
    source_path,
    template,
    topic_path,
)
from evidencekb.rules.catalog import RULES
from evidencekb.rules.certainty import Derivation, derive

__all__ = ["UNITS", "Page", "PageContext", "_environment", "page_unit"]


@dataclass
class PageContext:
    """What a page renders from: `kb` records what the page reads; `common` is what every
    template gets (the same `kb`, the references, links, options, helpers)."""

    kb: KnowledgeBase
    options: RenderOptions
    references: Mapping[str, Any]
    common: dict[str, Any]
    memo: Memo

    def render(self, name: str, page: str, **values: Any) -> str:
        return template(name).render(self.common, page=page, **values)


@dataclass(frozen=True)
class Page:
    path: str  # in the docs folder
    render: Callable[[PageContext], str]


Unit = Callable[[KnowledgeBase], Iterator[Page]]
UNITS: list[Unit] = []


def page_unit(unit: Unit) -> Unit:
    """Register a kind of page; units render in the order they are registered."""
    UNITS.append(unit)
    return unit


def _template_page(path: str, name: str) -> Page:
    return Page(path, lambda context: context.render(name, path))


@page_unit
def overviews(kb: KnowledgeBase) -> Iterator[Page]:
    yield Page("index.md", _home_page)
    yield _template_page("topics/index.md", "topics.md.j2")


def _home_page(context: PageContext) -> str:
    """The home page lists the first articles under review only (render/listing.py)."""
    return context.render("home.md.j2", "index.md", home_articles=listing.HOME_ARTICLES)


@page_unit
def topic_pages(kb: KnowledgeBase) -> Iterator[Page]:
    """Each topic's page, then the pages of its verdicts of more claims than the topic page
    lists (render/listing.py)."""
    for topic in kb.topics:
        yield Page(topic_path(topic.id), partial(_topic_page, topic.id))
        for verdict in Verdict:
            total = len(kb.cell(topic.id, verdict))
            for n, path in enumerate(listing.verdict_pages(topic.id, verdict, total)):
                yield Page(path, partial(_verdict_page, topic.id, verdict, n + 1))


def _topic_page(topic_id: str, context: PageContext) -> str:
    kb = context.kb
    continued = {
        verdict: listing.verdict_pages(topic_id, verdict, len(kb.cell(topic_id, verdict)))
        for verdict in Verdict
    }
    more = {verdict: pages[0] for verdict, pages in continued.items() if pages}
    return context.render(
        "topic.md.j2",
        topic_path(topic_id),
        topic=kb.topic(topic_id),
        claims=kb.claims_by_topic.get(topic_id, []),
        preview=listing.TOPIC_PREVIEW,
        more=more,
    )


def _verdict_page(topic_id: str, verdict: Verdict, number: int, context: PageContext) -> str:
    """Page `number` of the claims of a topic with a verdict, the most certain first."""
    group = context.kb.cell(topic_id, verdict)
    pager = listing.Pager(listing.verdict_pages(topic_id, verdict, len(group)), number)
    return context.render(
        "topic-verdict.md.j2",
        pager.path,
        topic=context.kb.topic(topic_id),
        verdict=verdict,
        total=len(group),
        claims=listing.page_items(group, number, listing.PAGE_CLAIMS),
        first=(number - 1) * listing.PAGE_CLAIMS + 1,
        pager=pager,
    )


@page_unit
def claim_pages(kb: KnowledgeBase) -> Iterator[Page]:
    for claim_id in kb.claims:
        yield Page(claim_path(claim_id), partial(_claim_page, claim_id))


def _claim_page(claim_id: str, context: PageContext) -> str:
    kb, options = context.kb, context.options
    claim, path = kb.claims[claim_id], kb.claim_paths[claim_id]
    return context.render(
        "claim.md.j2",
        claim_path(claim_id),
        claim=claim,
        file_path=path,
        edit_link=edit_link(options.edit_url, path),
        permalink=permalink(options.site_url, claim_id),
        claim_review=claim_review(kb, claim, options.site_url, options.site_name),
        backlinks=kb.backlinks.get(claim_id, []),
        derivation=_derivation(kb, claim),
    )


def _derivation(kb: KnowledgeBase, claim: Claim) -> Derivation | None:
    """How the claim's certainty follows from the designs of its evidence (rules/certainty.py)."""
    sources = (kb.sources.get(item.source) for item in claim.evidence)
    return derive(claim, {source.key: source.design for source in sources if source})


@page_unit
def source_pages(kb: KnowledgeBase) -> Iterator[Page]:
    """After the claim pages, so that the references formatted meanwhile are ready."""
    for key in kb.sources:
        yield Page(source_path(key), partial(_source_page, key))


def _source_page(key: str, context: PageContext) -> str:
    kb = context.kb
    outline = kb.outlines.get(key)
    return context.render(
        "source.md.j2",
        source_path(key),
        source=kb.sources[key],
        citations=kb.citations.get(key, []),
        assertions=kb.assertions.get(key, []),
        sections=outline.headings if outline else [],
        about=outline.about if outline else None,
        coverage=_coverage(kb, key),
    )


def _coverage(kb: KnowledgeBase, key: str) -> ArticleCoverage | None:
    """How much of an article under review is accounted for, or None for other sources."""
    outline = kb.outlines.get(key)
    return article_coverage(outline, kb.assertions.get(key, [])) if outline else None


def _articles_page(number: int, context: PageContext) -> str:
    """Page `number` of the articles index (render/listing.py): which articles it lists
    depends on all of them."""
    kb = context.kb
    every = kb.articles
    pager = listing.Pager(listing.articles_pages(len(every)), number)
    articles = listing.page_items(every, number, listing.PAGE_ARTICLES)
    return context.render(
        "articles.md.j2",
        pager.path,
        articles=articles,
        coverage={source.key: _coverage(kb, source.key) for source in articles},
        total=len(every),
        first=(number - 1) * listing.PAGE_ARTICLES + 1,
        per_page=listing.PAGE_ARTICLES,
        pager=pager,
    )


@page_unit
def lists(kb: KnowledgeBase) -> Iterator[Page]:
    yield from _bibliography_pages(bibliography.split(kb.sources.values()))
    yield _template_page("harm-cases.md", "harm-cases.md.j2")
    yield _template_page("guardrails.md", "guardrails.md.j2")
    for n, path in enumerate(listing.articles_pages(len(kb.articles))):
        yield Page(path, partial(_articles_page, n + 1))


def _bibliography_pages(letters: tuple[bibliography.Letter, ...]) -> Iterator[Page]:
    """The bibliography's landing page, then a page per part of a letter (render/bibliography.py).
    Which sources a page lists depends on every source's names: each page reads them all (its
    count of sources)."""
    yield Page(bibliography.INDEX, partial(_bibliography_index, letters))
    parts = [part for letter in letters for part in letter.parts]
    for n, part in enumerate(parts):
        yield Page(part.path, partial(_bibliography_part, letters, n))


def _bibliography_index(letters: tuple[bibliography.Letter, ...], context: PageContext) -> str:
    sources = context.kb.sources
    return context.render(
        "bibliography.md.j2",
        bibliography.INDEX,
        letters=letters,
        keys=[] if letters else bibliography.entries(sources.values()),
        total=len(sources),
        per_page=bibliography.PAGE_ENTRIES,
        bibliography_index=bibliography.INDEX,
    )


def _bibliography_part(
    letters: tuple[bibliography.Letter, ...], n: int, context: PageContext
) -> str:
    """The `n`th page of a bibliography in pages, with links to the one before and after."""
    parts = [(letter, part) for letter in letters for part in letter.parts]
    letter, part = parts[n]
    return context.render(
        "bibliography-part.md.j2",
        part.path,
        letters=letters,
        group=letter,
        part=part,
        keys=part.keys,
        total=len(context.kb.sources),
        previous=parts[n - 1][1] if n else None,
        following=parts[n + 1][1] if n + 1 < len(parts) else None,
        bibliography_index=bibliography.INDEX,
    )


@page_unit
def rule_reference(kb: KnowledgeBase) -> Iterator[Page]:
    rules = sorted(RULES.values(), key=lambda rule: rule.code)
    yield Page("rules.md", lambda context: context.render("rules.md.j2", "rules.md", rules=rules))


@page_unit
def tool_docs(kb: KnowledgeBase) -> Iterator[Page]:
    """The tool's own documentation (load/tool_docs.py), the same in every site."""
    for name in TOOL_PAGES:
        yield Page(name, partial(_tool_doc, name))


def _tool_doc(name: str, context: PageContext) -> str:
    return tool_page(name)


@page_unit
def docs(kb: KnowledgeBase) -> Iterator[Page]:
    """The project's own Markdown pages, published as they are."""
    for name in kb.docs:
        yield Page(name, partial(_doc, name))


def _doc(name: str, context: PageContext) -> str:
    return str(context.kb.docs[name])


@page_unit
def exports(kb: KnowledgeBase) -> Iterator[Page]:
    yield Page(
        "data/claims.json",
        lambda context: claims_json(context.kb, context.options.site_url, context.memo),
    )
    yield Page("data/sources.bib", lambda context: sources_bibtex(context.kb, context.memo))
    yield Page("data/sources.csl.json", lambda context: sources_csl_json(context.kb, context.memo))
    yield Page("data/guardrail-adoptions.csv", lambda context: guardrail_adoptions_csv(context.kb))


@page_unit
def source_files(kb: KnowledgeBase) -> Iterator[Page]:
    """Each source's own BibTeX and RIS file, linked from its page (source-downloads.html.j2)."""
    for key in kb.sources:
        yield Page(source_download(key, "bib"), partial(_source_file, key, "bibtex"))
        yield Page(source_download(key, "ris"), partial(_source_file, key, "ris"))


_SOURCE_FORMATS = {"bibtex": source_bibtex, "ris": source_ris}


def _source_file(key: str, kind: str, context: PageContext) -> str:
    source = context.kb.sources[key]  # the memo's "bibtex" is the one sources.bib fills
    return context.memo.get(kind, source, partial(_SOURCE_FORMATS[kind], source))
