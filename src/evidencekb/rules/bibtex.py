"""BibTeX rules: .bib files that cannot be read entry by entry.

Checked while the file is parsed (`evidencekb.load.bibtex`), which reports these codes; a key
defined in two files (EKB302) is reported by the runner, which sees all files."""

from __future__ import annotations

from evidencekb.rules.registry import Scope, Severity, declare

ERROR, WARNING = Severity.ERROR, Severity.WARNING

BIB_PARSE_ERROR = declare(
    "EKB301",
    "bib-parse-error",
    ERROR,
    Scope.FILE,
    "A BibTeX block could not be parsed.",
    "Check braces and commas in the block; every field ends with `,` and the entry with `}`.",
)

BIB_DUPLICATE_KEY = declare(
    "EKB302",
    "bib-duplicate-key",
    ERROR,
    Scope.PROJECT,
    "Two BibTeX entries share a key (in one file or across files).",
    "Keys must be unique across all sources/*.bib files; rename or merge the entries.",
)

BIB_DUPLICATE_FIELD = declare(
    "EKB303",
    "bib-duplicate-field",
    ERROR,
    Scope.FILE,
    "A BibTeX entry repeats a field.",
    "Keep one of the repeated fields.",
)

BIB_STRING_MACRO = declare(
    "EKB305",
    "bib-string-macro",
    ERROR,
    Scope.FILE,
    "A .bib file defines an @string macro.",
    "Write the value out in each entry; macros hide what a reader sees.",
)

BIB_STRAY_TEXT = declare(
    "EKB306",
    "bib-stray-text",
    WARNING,
    Scope.FILE,
    "A .bib file has text outside any entry.",
    "BibTeX ignores it: make it a `%` comment, or fix the entry it belongs to.",
)
