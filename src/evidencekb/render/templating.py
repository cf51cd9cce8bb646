"""What every page template is rendered with: the Jinja environment, links between pages,
badges and evidence cards."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from evidencekb.index import KnowledgeBase
from evidencekb.model import Certainty, Claim, Documentation, EvidenceItem, Source, Stance, Verdict
from evidencekb.render import charts, html, panel
from evidencekb.render.links import relative_url
from evidencekb.render.reads import Key, Reads


@dataclass(frozen=True)
class RenderOptions:
    edit_url: str = ""  # with {path}
    site_url: str = ""
    site_name: str = "evidencekb"
    site_description: str = ""
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
    env.globals.update(panel.GLOBALS)
    env.globals.update(charts.GLOBALS)
    return env


@cache
def template(name: str) -> Template:
    """A template of the package, loaded once (the package's templates do not change)."""
    return _environment().get_template(name)


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


def evidence_card(kb: KnowledgeBase, claim: Claim, summary: panel.Summary) -> Markup:
    """One line shown on hover wherever a claim is linked: verdict, the verdict panel's sentence
    and tally, and the strongest sources (templates/evidence-card.html.j2), escaped for the
    `title` of a link."""
    return Markup(
        template("evidence-card.html.j2").render(
            claim=claim,
            summary=summary,
            rated=panel.rates_certainty(claim),
            supporting=strongest(kb, claim, (Stance.SUPPORTS,)),
            limiting=strongest(kb, claim, (Stance.CONTRADICTS, Stance.QUALIFIES)),
        )
    )


class ClaimLinks:
    """Links to claims for one render: a claim is linked from about ten pages (topic, related
    claims, sources, lists), so each claim's evidence card and link are made once per folder.
    A page given a kept link reads what making it read (`Reads.kept`)."""

    def __init__(self, kb: KnowledgeBase, options: RenderOptions, reads: Reads) -> None:
        self.kb = kb
        self.options = options
        self.reads = reads
        self._cards: dict[Any, tuple[Any, frozenset[Key]]] = {}
        self._links: dict[Any, tuple[Any, frozenset[Key]]] = {}
        self._summaries: dict[Any, tuple[Any, frozenset[Key]]] = {}

    def summary(self, claim: Claim) -> panel.Summary:
        """The verdict panel's sentence and tally, shared by the claim page and its card."""
        return self.reads.kept(self._summaries, claim.id, lambda: panel.summary(claim))

    def card(self, claim: Claim) -> Markup:
        return self.reads.kept(
            self._cards, claim.id, lambda: evidence_card(self.kb, claim, self.summary(claim))
        )

    def link(self, claim: Claim, page: str, with_badges: bool = True) -> Markup:
        """An HTML link from `page` to a claim, its evidence card as tooltip, then its badges.

        Kept by the relative link itself, which every page at the same depth shares (and two
        pages of one folder need not: `topics/index.md` is served one level above
        `topics/alpha.md`)."""
        target = relative_url(page, claim_path(claim.id), self.options.directory_urls)

        def make() -> Markup:
            made = html.link(target, claim.title, title=self.card(claim))
            return made + Markup(" ") + badges(claim) if with_badges else made

        return self.reads.kept(self._links, (target, with_badges), make)


def evidence_by_stance(claim: Claim) -> dict[Stance, list[EvidenceItem]]:
    grouped: dict[Stance, list[EvidenceItem]] = {}
    for item in claim.evidence:
        grouped.setdefault(item.stance, []).append(item)
    return grouped


def badges(claim: Claim) -> Markup:
    """The verdict badge, then the certainty badge, or for an incident its documentation's."""
    if claim.incident is not None:
        return _incident_badges(claim.verdict, claim.incident.documented)
    if not claim.verdict.rates_evidence:  # no body of evidence to rate: no certainty badge
        return _badges(claim.verdict, None)
    return _badges(claim.verdict, claim.certainty)


def _verdict_badge(verdict: Verdict) -> str:
    label = verdict.label
    return (
        f'<span class="ekb-badge ekb-verdict-{verdict.value}" title="Verdict: {label}">'
        f"{label}</span> "
    )


@cache
def _badges(verdict: Verdict, certainty: Certainty | None) -> Markup:
    """Made from the vocabularies' values, which hold no character that needs escaping."""
    if certainty is None:  # a claim EKB511 reports
        return Markup(_verdict_badge(verdict).rstrip())
    certainty_label = certainty.label
    return Markup(
        _verdict_badge(verdict) + f'<span class="ekb-badge ekb-certainty-{certainty.value}" '
        f'title="GRADE certainty: {certainty_label}">{certainty_label} certainty</span>'
    )


@cache
def _incident_badges(verdict: Verdict, documented: Documentation) -> Markup:
    """Like `_badges`: an event is rated by how well it is documented, not by certainty."""
    documented_label = documented.label
    return Markup(
        _verdict_badge(verdict) + f'<span class="ekb-badge ekb-documented-{documented.value}" '
        f'title="Event documented: {documented_label}">{documented_label}</span>'
    )


def cell_shade(claims: list[Claim]) -> str:
    """The median certainty of a cell's claims, as a CSS class suffix. Incidents carry no
    certainty and do not shade: a cell of incidents alone is `none`."""
    ranks = sorted(c.certainty.rank for c in claims if c.certainty is not None)
    if not ranks:
        return "none"
    return Certainty.ranked(ranks[(len(ranks) - 1) // 2]).value
