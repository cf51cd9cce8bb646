"""Identifier rules: DOI, ISBN, PMID, arXiv id and URL as a reader can follow them.

idutils is imported where it is used: compiling its patterns takes 0.4 s, which `build`
overlaps with formatting references (see `project.Project.check_and_render`).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

from stdnum import isbn as stdnum_isbn

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.load import BibEntry
from evidencekb.model import Source
from evidencekb.rules.registry import Scope, Severity, checks, declare
from evidencekb.rules.sources import field_position

ERROR = Severity.ERROR

DOI_SYNTAX = declare(
    "EKB601",
    "doi-syntax",
    ERROR,
    Scope.SOURCE,
    "A `doi` field is not a bare, valid DOI.",
    "Write it as 10.xxxx/suffix, without 'doi:' or https://doi.org/.",
)


_PLAIN_DOI = re.compile(r"10\.\d+(?:\.\d+)*/.+")
"""A bare DOI as idutils.is_doi accepts it. Importing idutils compiles its IRI expressions
(about 0.25 s, a quarter of `check` on 1,000 claims), so a DOI of this plain form is accepted
without it; idutils judges every other value and writes the hint."""


@checks(DOI_SYNTAX)
def check_doi(source: Source, entry: BibEntry, today: dt.date, sink: DiagnosticSink) -> None:
    if not source.doi:
        return
    bare = not re.match(r"(?i)^(doi:|https?://)", source.doi)
    if bare and _PLAIN_DOI.fullmatch(source.doi):
        return  # what idutils.is_doi accepts, without importing it
    import idutils

    if not (bare and idutils.is_doi(source.doi)):
        normalised = idutils.normalize_doi(source.doi) if idutils.is_doi(source.doi) else ""
        hint = (
            f"Write the bare DOI: {normalised}"
            if normalised
            else "A DOI looks like 10.1037/pst0000172 (no 'doi:' or https://doi.org/)."
        )
        DOI_SYNTAX.report(
            sink,
            entry.path,
            field_position(entry, "doi"),
            f"{source.doi!r} is not a bare DOI",
            hint,
        )


ISBN_CHECKSUM = declare(
    "EKB602",
    "isbn-checksum",
    ERROR,
    Scope.SOURCE,
    "An `isbn` field fails the ISBN length or check digit.",
    "Copy the ISBN again from the book's record.",
)


@checks(ISBN_CHECKSUM)
def check_isbn(source: Source, entry: BibEntry, today: dt.date, sink: DiagnosticSink) -> None:
    if source.isbn and not stdnum_isbn.is_valid(source.isbn):
        ISBN_CHECKSUM.report(
            sink,
            entry.path,
            field_position(entry, "isbn"),
            f"ISBN {source.isbn!r} is not valid (wrong length or check digit)",
        )


PMID_SYNTAX = declare(
    "EKB603",
    "pmid-syntax",
    ERROR,
    Scope.SOURCE,
    "A `pmid` field is not a PubMed identifier.",
    "A PMID is digits only, e.g. 23688145.",
)


@checks(PMID_SYNTAX)
def check_pmid(source: Source, entry: BibEntry, today: dt.date, sink: DiagnosticSink) -> None:
    if not source.pmid or (source.pmid.isascii() and source.pmid.isdigit()):
        return  # what idutils.is_pmid accepts, without importing it
    import idutils

    if not (source.pmid.isdigit() and idutils.is_pmid(source.pmid)):
        PMID_SYNTAX.report(
            sink,
            entry.path,
            field_position(entry, "pmid"),
            f"PMID {source.pmid!r} is not a PubMed identifier (digits only)",
        )


ARXIV_SYNTAX = declare(
    "EKB604",
    "arxiv-syntax",
    ERROR,
    Scope.SOURCE,
    "An arXiv `eprint` is not a valid arXiv identifier.",
    "Use the form 2504.18412 (or archive/YYMMNNN for old papers).",
)


@checks(ARXIV_SYNTAX)
def check_arxiv(source: Source, entry: BibEntry, today: dt.date, sink: DiagnosticSink) -> None:
    if not source.eprint or source.eprinttype not in {"", "arxiv"}:
        return
    import idutils

    if not idutils.is_arxiv(source.eprint):
        ARXIV_SYNTAX.report(
            sink,
            entry.path,
            field_position(entry, "eprint"),
            f"{source.eprint!r} is not an arXiv identifier",
        )


URL_SCHEME = declare(
    "EKB605",
    "url-scheme",
    ERROR,
    Scope.SOURCE,
    "A `url` is not an http(s) address.",
    "Only http:// and https:// links are allowed.",
)


@checks(URL_SCHEME)
def check_url(source: Source, entry: BibEntry, today: dt.date, sink: DiagnosticSink) -> None:
    if not source.url:
        return
    parsed = urlparse(source.url)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        URL_SCHEME.report(
            sink,
            entry.path,
            field_position(entry, "url"),
            f"URL {source.url!r} is not an http(s) address",
        )


NO_IDENTIFIER = declare(
    "EKB608",
    "no-identifier",
    ERROR,
    Scope.SOURCE,
    "A source has neither a DOI nor a URL.",
    "Add `doi` or, failing that, an official `url` a reader can follow.",
)


@checks(NO_IDENTIFIER)
def check_some_identifier(
    source: Source, entry: BibEntry, today: dt.date, sink: DiagnosticSink
) -> None:
    if not (source.doi or source.url):
        NO_IDENTIFIER.report(
            sink,
            entry.path,
            entry.key_position,
            f"entry {entry.key!r} has neither a 'doi' nor a 'url' a reader can follow",
        )
