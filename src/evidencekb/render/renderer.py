"""Rendering the registered pages, again only where what a page read has changed.

`SiteRenderer` keeps, for each page of its last render, the text and the keys the page read
(`render.reads`). The next render lists the pages again; a page is rendered again if it is new
or if one of its keys has another value, and reused otherwise. Why each page was rendered is
kept (`Rendered.reasons`), for `serve --explain`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from evidencekb.index import KnowledgeBase
from evidencekb.memo import NO_MEMO, Memo
from evidencekb.model import Certainty, Documentation, Stance, Verdict
from evidencekb.render.pages import UNITS, Page, PageContext
from evidencekb.render.reads import (
    Changes,
    Key,
    Reads,
    RecordedMapping,
    fields_of,
    recording_view,
)
from evidencekb.render.templating import (
    ClaimLinks,
    RenderOptions,
    badges,
    cell_shade,
    evidence_by_stance,
)

_OPTIONS: Key = ("options", None)  # every page links to others, as the options say


@dataclass
class Rendered:
    pages: dict[str, str]
    reasons: dict[str, str] = field(default_factory=dict)  # path -> why it was rendered


@dataclass
class _Last:
    pages: dict[str, str]
    reads: dict[str, frozenset[Key]]
    fields: dict[str, Any]  # the values the keys were read from


class _Lazy(Mapping[str, Markup]):
    """The formatted references, waited for when a page first reads one."""

    def __init__(self, compute: Callable[[], Mapping[str, str]]) -> None:
        self._compute = compute
        self._data: dict[str, Markup] | None = None

    @property
    def data(self) -> dict[str, Markup]:
        if self._data is None:
            self._data = {key: Markup(text) for key, text in self._compute().items()}
        return self._data

    def __getitem__(self, key: str) -> Markup:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


class SiteRenderer:
    """Renders every registered page; with `keep`, re-renders only pages whose reads changed."""

    def __init__(self, memo: Memo = NO_MEMO, keep: bool = False) -> None:
        self.memo = memo
        self.keep = keep
        self._last: _Last | None = None

    def render(
        self,
        kb: KnowledgeBase,
        options: RenderOptions,
        references: Callable[[], Mapping[str, str]],
        extra: Mapping[str, Callable[[], str]] | None = None,
    ) -> Rendered:
        """All pages; `references` is called when a page first needs one. `extra`: pages made
        elsewhere (the CLI reference), which read nothing of the knowledge base."""
        reads = Reads()
        lazy = _Lazy(references)
        # A one-shot render will not be compared with a later one: it need not record.
        view = recording_view(kb, reads) if self.keep else kb
        context = _context(view, options, lazy, reads, self.memo, self.keep)
        fields = fields_of(kb, references=lazy, options=options)
        changes = Changes(self._last.fields, fields) if self._last else None
        result = Rendered({})
        page_reads: dict[str, frozenset[Key]] = {}
        for page in [*_pages(kb), *_extra(extra or {})]:
            why = self._why(page.path, changes)
            if why is None and self._last is not None:
                result.pages[page.path] = self._last.pages[page.path]
                page_reads[page.path] = self._last.reads[page.path]
                continue
            text, read = reads.of(lambda page=page: page.render(context))  # type: ignore[misc]
            result.pages[page.path], page_reads[page.path] = text, read | {_OPTIONS}
            result.reasons[page.path] = why or "first render"
        if self.keep:
            fields["references"] = dict(lazy.data)  # compared with the next render's
            self._last = _Last(result.pages, page_reads, fields)
        return result

    def _why(self, path: str, changes: Changes | None) -> str | None:
        if self._last is None or changes is None:
            return "first render"
        read = self._last.reads.get(path)
        return "new page" if read is None else changes.why(read)


def _pages(kb: KnowledgeBase) -> Iterator[Page]:
    for unit in UNITS:
        yield from unit(kb)


def _extra(extra: Mapping[str, Callable[[], str]]) -> Iterator[Page]:
    for path, make in extra.items():
        yield Page(path, lambda context, make=make: make())  # type: ignore[misc]


def _context(
    kb: KnowledgeBase,
    options: RenderOptions,
    references: _Lazy,
    reads: Reads,
    memo: Memo,
    record: bool,
) -> PageContext:
    recorded = RecordedMapping(references, "references", reads) if record else references
    common = {
        "kb": kb,
        "badges": badges,
        "references": recorded,
        "Verdict": Verdict,
        "Certainty": Certainty,
        "Documentation": Documentation,
        "Stance": Stance,
        "cell_shade": cell_shade,
        "links": ClaimLinks(kb, options, reads),
        "evidence_by_stance": evidence_by_stance,
        "options": options,
    }
    return PageContext(kb, options, recorded, common, memo)


def render_site(kb: KnowledgeBase, options: RenderOptions | None = None) -> dict[str, str]:
    """Every generated page and data file of `kb`, keyed by its path in the docs folder."""
    from evidencekb.render.citations import formatting_references

    with formatting_references(list(kb.sources.values())) as references:
        return SiteRenderer().render(kb, options or RenderOptions(), references).pages
