"""Source rules: valid keys, known entry types, required fields, plausible years; and across the
collection, duplicates, uncited and retracted sources."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict

from evidencekb.diagnostics import DiagnosticSink, Position
from evidencekb.load import BibEntry, is_valid_name
from evidencekb.model import Source
from evidencekb.model.bibtex_fields import ENTRY_TYPES, required_fields
from evidencekb.rules.project import ProjectView
from evidencekb.rules.references import cited_keys
from evidencekb.rules.registry import Scope, Severity, checks, declare

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def field_position(entry: BibEntry, field: str) -> Position:
    """Where `field` of the entry is written, else its key."""
    return entry.field_positions.get(field, entry.key_position)


INVALID_NAME = declare(
    "EKB109",
    "invalid-name",
    ERROR,
    Scope.SOURCE,
    "A source key is not a valid name. Source keys, topic ids and claim ids become file "
    "names, so all three follow one pattern: lowercase letters and digits in words joined "
    "by single hyphens (never `/`, `\\`, `..`, a leading `.`, spaces or control "
    "characters). The entry is left out of the site.",
    "Rename the key, e.g. smith2020trial or who-guidance-2021, and the citations of it.",
)


def check_key(entry: BibEntry, sink: DiagnosticSink) -> bool:
    """Whether the entry's key may become a file name (sources/<key>.md); reports it if not.
    The runner calls it before anything else of the entry: an invalid key is left out."""
    if is_valid_name(entry.key):
        return True
    INVALID_NAME.report(
        sink,
        entry.path,
        entry.key_position,
        f"source key {entry.key!r} is not a valid name: use lowercase letters and digits "
        "joined by single hyphens",
    )
    return False


BIB_UNKNOWN_ENTRY_TYPE = declare(
    "EKB304",
    "bib-unknown-entry-type",
    ERROR,
    Scope.SOURCE,
    "A BibTeX entry has a type evidencekb does not know.",
    "Use @article, @book, @incollection, @inproceedings, @report, @online, @misc, "
    "@legislation or @jurisdiction.",
)


@checks(BIB_UNKNOWN_ENTRY_TYPE)
def check_entry_type(source: Source, entry: BibEntry, today: dt.date, sink: DiagnosticSink) -> None:
    if entry.entry_type not in ENTRY_TYPES:
        match = difflib.get_close_matches(entry.entry_type, sorted(ENTRY_TYPES), n=1)
        hint = f"Did you mean @{match[0]}?" if match else None
        BIB_UNKNOWN_ENTRY_TYPE.report(
            sink,
            entry.path,
            entry.position,
            f"unknown entry type @{entry.entry_type} for {entry.key!r}",
            hint,
        )


BIB_REQUIRED_FIELD = declare(
    "EKB606",
    "bib-required-field",
    ERROR,
    Scope.SOURCE,
    "An entry lacks a field its type requires.",
    "Add the field from the source's public record; if the record lacks it, use @misc.",
)


@checks(BIB_REQUIRED_FIELD)
def check_required_fields(
    source: Source, entry: BibEntry, today: dt.date, sink: DiagnosticSink
) -> None:
    for field, names in required_fields(entry.entry_type):
        if not any(str(entry.fields.get(name) or "").strip() for name in names):
            BIB_REQUIRED_FIELD.report(
                sink,
                entry.path,
                entry.key_position,
                f"@{entry.entry_type} entry {entry.key!r} has no {field!r} field",
            )


IMPLAUSIBLE_YEAR = declare(
    "EKB607",
    "implausible-year",
    ERROR,
    Scope.SOURCE,
    "A year is not a plausible four-digit year.",
    "Copy the year from the source's public record: four digits, from 1800 to next year.",
)


@checks(IMPLAUSIBLE_YEAR)
def check_year(source: Source, entry: BibEntry, today: dt.date, sink: DiagnosticSink) -> None:
    text = source.year or source.date[:4]
    if not text:
        return
    field = "year" if source.year else "date"
    year = int(text) if re.fullmatch(r"\d{4}", text) else None
    if year is None or not 1800 <= year <= today.year + 1:
        IMPLAUSIBLE_YEAR.report(
            sink,
            entry.path,
            field_position(entry, field),
            f"{field} {text!r} of {entry.key!r} is not a plausible year",
        )


DUPLICATE_DOI = declare(
    "EKB701",
    "duplicate-doi",
    ERROR,
    Scope.PROJECT,
    "Two source keys share a DOI.",
    "Merge the entries and cite one key.",
)


@checks(DUPLICATE_DOI)
def check_duplicate_dois(view: ProjectView, sink: DiagnosticSink) -> None:
    entries = view.entries
    by_doi: dict[str, list[str]] = defaultdict(list)
    for key, source in view.project.sources.items():
        if source.doi:
            by_doi[source.doi.lower().replace("//", "/")].append(key)
    for doi, keys in by_doi.items():
        first, *others = sorted(keys, key=lambda k: (entries[k].path, entries[k].position))
        for key in others:
            DUPLICATE_DOI.report(
                sink,
                entries[key].path,
                field_position(entries[key], "doi"),
                f"DOI {doi} of {key!r} is already the DOI of {first!r}",
            )


NEAR_DUPLICATE_SOURCE = declare(
    "EKB702",
    "near-duplicate-source",
    WARNING,
    Scope.PROJECT,
    "Two sources of the same year have nearly the same title.",
    "If they are the same work, merge them; if not, ignore or turn the rule off.",
)


def _normal_title(title: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", title.lower()).strip()


@checks(NEAR_DUPLICATE_SOURCE)
def check_near_duplicate_titles(view: ProjectView, sink: DiagnosticSink) -> None:
    """Compare titles only within blocks (same year, same first or last two words): linear-ish."""
    sources, entries = view.project.sources, view.entries
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
                    NEAR_DUPLICATE_SOURCE.report(
                        sink,
                        entries[key].path,
                        field_position(entries[key], "title"),
                        f"{key!r} has nearly the same title and year as {other!r}",
                    )
                    break


UNCITED_SOURCE = declare(
    "EKB703",
    "uncited-source",
    WARNING,
    Scope.PROJECT,
    "A source is cited by no claim.",
    "Cite it from a claim, or remove it from sources/.",
)


@checks(UNCITED_SOURCE)
def check_uncited(view: ProjectView, sink: DiagnosticSink) -> None:
    project = view.project
    if not all(partial.readable for partial in project.partial_claims):
        return  # with a claim file that cannot be read, which sources are cited is not known
    for key in sorted(set(project.sources) - cited_keys(project)):
        UNCITED_SOURCE.report(
            sink,
            view.entries[key].path,
            view.entries[key].key_position,
            f"source {key!r} is cited by no claim",
        )


RETRACTED_SOURCE = declare(
    "EKB704",
    "retracted-source",
    ERROR,
    Scope.PROJECT,
    "A claim cites a source marked `retracted`.",
    "Remove the evidence item or explain the retraction and re-judge the claim.",
)


@checks(RETRACTED_SOURCE)
def check_retracted(view: ProjectView, sink: DiagnosticSink) -> None:
    sources = view.project.sources
    for record in view.project.claims:
        for index, item in enumerate(record.claim.evidence):
            source = sources.get(item.source)
            if source is not None and source.retracted:
                RETRACTED_SOURCE.report(
                    sink,
                    record.path,
                    record.document.position_of(("evidence", index, "source")),
                    f"source {item.source!r} has been retracted",
                )
