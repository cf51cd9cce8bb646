"""Source rules: identifiers, required fields, plausible years, duplicates, citation use."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from urllib.parse import urlparse

from stdnum import isbn as stdnum_isbn

from evidencekb.diagnostics import DiagnosticSink, Position
from evidencekb.discover import is_valid_name
from evidencekb.load import BibEntry
from evidencekb.model import Source

KNOWN_ENTRY_TYPES = {
    "article",
    "book",
    "inbook",
    "incollection",
    "inproceedings",
    "conference",
    "report",
    "techreport",
    "online",
    "misc",
    "legislation",
    "jurisdiction",
    "phdthesis",
    "mastersthesis",
    "thesis",
    "unpublished",
    "manual",
    "dataset",
}

# Fields each entry type needs, beyond `title` and `design` (which every entry needs).
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "article": ("author", "journal", "year"),
    "book": ("year",),
    "inbook": ("year", "booktitle"),
    "incollection": ("author", "booktitle", "year"),
    "inproceedings": ("author", "booktitle", "year"),
    "report": ("year",),
    "techreport": ("year",),
    "online": ("url",),
    "legislation": ("year",),
    "jurisdiction": ("year",),
}
_ALIASES = {"journal": ("journal", "journaltitle"), "year": ("year", "date")}


def check_key(entry: BibEntry, sink: DiagnosticSink) -> bool:
    """Whether the entry's key may become a file name (sources/<key>.md); reports it if not."""
    if is_valid_name(entry.key):
        return True
    sink.report(
        "EKB109",
        entry.path,
        entry.key_position,
        f"source key {entry.key!r} is not a valid name: use lowercase letters and digits "
        "joined by single hyphens",
    )
    return False


def check_entry(source: Source, entry: BibEntry, sink: DiagnosticSink, today: dt.date) -> None:
    """The rules one entry alone decides."""
    _check_entry_type(entry, sink)
    _check_required_fields(entry, sink)
    _check_identifiers(source, entry, sink)
    _check_year(source, entry, sink, today)


def check_sources(
    sources: dict[str, Source], entries: dict[str, BibEntry], sink: DiagnosticSink
) -> None:
    """The rules that compare entries with each other."""
    _check_duplicate_dois(sources, entries, sink)
    _check_near_duplicate_titles(sources, entries, sink)


def _position(entry: BibEntry, field: str) -> Position:
    return entry.field_positions.get(field, entry.key_position)


def _check_entry_type(entry: BibEntry, sink: DiagnosticSink) -> None:
    if entry.entry_type not in KNOWN_ENTRY_TYPES:
        match = difflib.get_close_matches(entry.entry_type, sorted(KNOWN_ENTRY_TYPES), n=1)
        hint = f"Did you mean @{match[0]}?" if match else None
        sink.report(
            "EKB304",
            entry.path,
            entry.position,
            f"unknown entry type @{entry.entry_type} for {entry.key!r}",
            hint,
        )


def _check_required_fields(entry: BibEntry, sink: DiagnosticSink) -> None:
    for field in REQUIRED_FIELDS.get(entry.entry_type, ()):
        names = _ALIASES.get(field, (field,))
        if not any(str(entry.fields.get(name) or "").strip() for name in names):
            sink.report(
                "EKB606",
                entry.path,
                entry.key_position,
                f"@{entry.entry_type} entry {entry.key!r} has no {field!r} field",
            )


def _check_identifiers(source: Source, entry: BibEntry, sink: DiagnosticSink) -> None:
    import idutils  # imported late: compiling its patterns takes 0.4 s (see check_and_render)

    if not (source.doi or source.url):
        sink.report(
            "EKB608",
            entry.path,
            entry.key_position,
            f"entry {entry.key!r} has neither a 'doi' nor a 'url' a reader can follow",
        )
    if source.doi:
        bare = not re.match(r"(?i)^(doi:|https?://)", source.doi)
        if not (bare and idutils.is_doi(source.doi)):
            normalised = idutils.normalize_doi(source.doi) if idutils.is_doi(source.doi) else ""
            hint = (
                f"Write the bare DOI: {normalised}"
                if normalised
                else "A DOI looks like 10.1037/pst0000172 (no 'doi:' or https://doi.org/)."
            )
            sink.report(
                "EKB601",
                entry.path,
                _position(entry, "doi"),
                f"{source.doi!r} is not a bare DOI",
                hint,
            )
    if source.isbn and not stdnum_isbn.is_valid(source.isbn):
        sink.report(
            "EKB602",
            entry.path,
            _position(entry, "isbn"),
            f"ISBN {source.isbn!r} is not valid (wrong length or check digit)",
        )
    if source.pmid and not (source.pmid.isdigit() and idutils.is_pmid(source.pmid)):
        sink.report(
            "EKB603",
            entry.path,
            _position(entry, "pmid"),
            f"PMID {source.pmid!r} is not a PubMed identifier (digits only)",
        )
    if source.eprint and source.eprinttype in {"", "arxiv"} and not idutils.is_arxiv(source.eprint):
        sink.report(
            "EKB604",
            entry.path,
            _position(entry, "eprint"),
            f"{source.eprint!r} is not an arXiv identifier",
        )
    if source.url:
        parsed = urlparse(source.url)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            sink.report(
                "EKB605",
                entry.path,
                _position(entry, "url"),
                f"URL {source.url!r} is not an http(s) address",
            )


def _check_year(source: Source, entry: BibEntry, sink: DiagnosticSink, today: dt.date) -> None:
    text = source.year or source.date[:4]
    if not text:
        return
    field = "year" if source.year else "date"
    year = int(text) if re.fullmatch(r"\d{4}", text) else None
    if year is None or not 1800 <= year <= today.year + 1:
        sink.report(
            "EKB607",
            entry.path,
            _position(entry, field),
            f"{field} {text!r} of {entry.key!r} is not a plausible year",
        )


def _check_duplicate_dois(
    sources: dict[str, Source], entries: dict[str, BibEntry], sink: DiagnosticSink
) -> None:
    by_doi: dict[str, list[str]] = defaultdict(list)
    for key, source in sources.items():
        if source.doi:
            by_doi[source.doi.lower().replace("//", "/")].append(key)
    for doi, keys in by_doi.items():
        first, *others = sorted(keys, key=lambda k: (entries[k].path, entries[k].position))
        for key in others:
            sink.report(
                "EKB701",
                entries[key].path,
                _position(entries[key], "doi"),
                f"DOI {doi} of {key!r} is already the DOI of {first!r}",
            )


def _normal_title(title: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", title.lower()).strip()


def _check_near_duplicate_titles(
    sources: dict[str, Source], entries: dict[str, BibEntry], sink: DiagnosticSink
) -> None:
    """Compare titles only within blocks (same year, same first or last two words): linear-ish."""
    blocks: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    titles = {key: _normal_title(source.title) for key, source in sources.items()}
    for key, source in sources.items():
        words = titles[key].split()
        year = (source.year or source.date)[:4]
        blocks[(year, "head", " ".join(words[:2]))].append(key)
        blocks[(year, "tail", " ".join(words[-2:]))].append(key)
    reported: set[str] = set()
    for keys in blocks.values():
        ordered = sorted(keys, key=lambda k: (entries[k].path, entries[k].position, k))
        for index, key in enumerate(ordered):
            if key in reported:
                continue
            for other in ordered[:index]:
                ratio = difflib.SequenceMatcher(None, titles[key], titles[other]).ratio()
                if ratio >= 0.92:
                    reported.add(key)
                    sink.report(
                        "EKB702",
                        entries[key].path,
                        _position(entries[key], "title"),
                        f"{key!r} has nearly the same title and year as {other!r}",
                    )
                    break


def check_uncited(
    sources: dict[str, Source],
    entries: dict[str, BibEntry],
    cited: set[str],
    sink: DiagnosticSink,
) -> None:
    for key in sorted(set(sources) - cited):
        sink.report(
            "EKB703",
            entries[key].path,
            entries[key].key_position,
            f"source {key!r} is cited by no claim",
        )
