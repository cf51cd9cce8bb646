"""The BibTeX side of a Source, stated once: which BibTeX fields each Source field is read from
(in order), which one it is written to, and which fields each entry type requires.

Reading (`bib_fields_to_source`), writing `data/sources.bib` (`render.exports`), the CSL item
(`render.citations`), the required-field rule (`rules.sources`) and the field a schema error
points at (`rules.schema`) all take it from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

ENTRY_TYPES = frozenset(
    {
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
)
"""The entry types evidencekb knows (any other is reported, EKB304)."""

THESES = frozenset({"thesis", "phdthesis", "mastersthesis"})
ISSUED_BY_INSTITUTION = frozenset({"report", "techreport"}) | THESES
"""Entry types an institution issues: its institution (or school) is the publisher, and its
`number` is a report number (CSL `number`), not a journal issue (CSL `issue`)."""


@dataclass(frozen=True)
class BibField:
    """How one Source field is kept in BibTeX."""

    read: tuple[str, ...]  # tried in order: the first one with a value gives the Source's value
    write: str | None  # written to data/sources.bib (None: not written); named in diagnostics


_CONTAINER = ("journal", "journaltitle", "booktitle")
_CONTAINER_OR_BODY = (*_CONTAINER, "organization", "institution")
_PUBLISHER = ("publisher", "institution", "school")

# Source field -> entry type -> BibField; "*" is every entry type not named. In the order
# data/sources.bib writes them.
SOURCE_FIELDS: dict[str, dict[str, BibField]] = {
    "authors": {"*": BibField(("author",), "author")},
    "editors": {"*": BibField(("editor",), "editor")},
    "title": {"*": BibField(("title",), "title")},
    "container": {
        "*": BibField(_CONTAINER_OR_BODY, "organization"),
        "article": BibField(_CONTAINER_OR_BODY, "journal"),
        **{
            entry_type: BibField(_CONTAINER_OR_BODY, "booktitle")
            for entry_type in ("incollection", "inproceedings", "inbook")
        },
        # an institution's report names its institution as publisher, not as container
        **{
            entry_type: BibField(_CONTAINER, "organization") for entry_type in ISSUED_BY_INSTITUTION
        },
    },
    "publisher": {
        "*": BibField(("publisher",), "publisher"),
        "report": BibField(_PUBLISHER, "institution"),
        "techreport": BibField(_PUBLISHER, "institution"),
        **{entry_type: BibField(_PUBLISHER, "school") for entry_type in THESES},
    },
    "genre": {"*": BibField(("type",), "type")},
    "year": {"*": BibField(("year",), "year")},
    "date": {"*": BibField(("date",), "date")},
    "volume": {"*": BibField(("volume",), "volume")},
    "issue": {"*": BibField(("number", "issue"), "number")},
    "pages": {"*": BibField(("pages",), "pages")},
    "doi": {"*": BibField(("doi",), "doi")},
    "url": {"*": BibField(("url",), "url")},
    "urldate": {"*": BibField(("urldate",), "urldate")},
    "isbn": {"*": BibField(("isbn",), "isbn")},
    "pmid": {"*": BibField(("pmid",), "pmid")},
    "eprint": {"*": BibField(("eprint",), None)},
    "eprinttype": {"*": BibField(("eprinttype", "archiveprefix"), None)},
    "note": {"*": BibField(("note",), "note")},
    "design": {"*": BibField(("design",), "design")},
    "retracted": {"*": BibField(("retracted",), "retracted")},
}

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
"""BibTeX fields each entry type needs, beyond `title` and `design` (which every entry needs)."""

REQUIRED_ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "journal": ("journal", "journaltitle"),  # biblatex's name for it
    "year": ("year", "date"),  # a full date gives the year
}
"""A required field is there when any of these is."""


@lru_cache(maxsize=64)
def source_fields(entry_type: str) -> tuple[tuple[str, BibField], ...]:
    """Each Source field kept in BibTeX, with how an entry of `entry_type` keeps it."""
    return tuple(
        (name, types.get(entry_type) or types["*"]) for name, types in SOURCE_FIELDS.items()
    )


def bibtex_name(source_field: str, entry_type: str) -> str:
    """The BibTeX field that holds `source_field` in an entry of `entry_type` (the field itself
    for a Source field not kept in BibTeX, such as `key`)."""
    types = SOURCE_FIELDS.get(source_field)
    if types is None:
        return source_field
    return (types.get(entry_type) or types["*"]).write or source_field


def required_fields(entry_type: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each field an entry of `entry_type` requires, with the fields that satisfy it."""
    return [
        (name, REQUIRED_ALTERNATIVES.get(name, (name,)))
        for name in REQUIRED_FIELDS.get(entry_type, ())
    ]


def _text(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip() if value is not None else ""


def bib_fields_to_source(key: str, entry_type: str, fields: dict[str, Any], path: str) -> dict:
    """Map decoded BibTeX fields to the Source model's input (validation happens in the model)."""
    data: dict[str, Any] = {"key": key, "entry_type": entry_type}
    for name, bib in source_fields(entry_type):
        if name in {"authors", "editors"}:  # lists of names, split by the loader
            data[name] = next((fields[f] for f in bib.read if fields.get(f)), [])
        else:
            data[name] = next((t for t in (_text(fields.get(f, "")) for f in bib.read) if t), "")
    data["title"] = data["title"].replace("{", "").replace("}", "")
    data["design"] = data["design"] or None
    data["pages"] = data["pages"].replace("--", "–")
    data["eprinttype"] = data["eprinttype"].lower()
    data["retracted"] = data["retracted"].lower() in {"true", "yes", "1"}
    data["path"] = path
    return data
