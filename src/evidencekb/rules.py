"""The rule registry: one stable code per kind of problem, with its default severity and hint.

The rules reference page and the tests that require a fixture per rule are both driven from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidencekb.diagnostics import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    hint: str


_E = Severity.ERROR
_W = Severity.WARNING

_RULES = [
    # 1xx: files that cannot be read as YAML claims
    Rule(
        "EKB101",
        "yaml-syntax",
        _E,
        "A claim or topics file is not valid YAML.",
        "Fix the YAML syntax at the position shown; indent with spaces, never tabs.",
    ),
    Rule(
        "EKB102",
        "yaml-duplicate-key",
        _E,
        "A mapping repeats a key (YAML parsers silently keep the last one).",
        "Remove or rename one of the repeated keys.",
    ),
    Rule(
        "EKB103",
        "yaml-not-mapping",
        _E,
        "The file's top level is not a mapping of fields.",
        "A claim file is a mapping: `id: ...`, `title: ...`, and so on.",
    ),
    Rule(
        "EKB104",
        "yaml-multiple-documents",
        _E,
        "The file holds more than one YAML document.",
        "Keep one claim per file; remove the `---` separator and split the file.",
    ),
    Rule(
        "EKB105",
        "yaml-unsafe-construct",
        _E,
        "The file uses a YAML tag, anchor or alias, which claim files do not allow.",
        "Write plain values: no `!tags`, `&anchors` or `*aliases`.",
    ),
    Rule(
        "EKB106",
        "file-encoding",
        _E,
        "The file is not valid UTF-8 text.",
        "Save the file as UTF-8.",
    ),
    Rule(
        "EKB107",
        "empty-file",
        _E,
        "The file is empty.",
        "Fill it in (`evidencekb new` scaffolds a claim) or delete it.",
    ),
    Rule(
        "EKB108",
        "file-too-large",
        _E,
        "The file is larger than the configured maximum.",
        "Split it up; a claim file is a few dozen lines.",
    ),
    # 2xx: schema
    Rule(
        "EKB201",
        "claim-schema",
        _E,
        "A claim field is missing, unknown or has a wrong value.",
        "See the claim format in docs/contributing.md or the JSON Schema in schema/.",
    ),
    Rule(
        "EKB202",
        "claim-id-mismatch",
        _E,
        "A claim's `id` differs from its file name.",
        "Rename the file or change `id` so that `claims/<topic>/<id>.yaml` matches.",
    ),
    Rule(
        "EKB203",
        "topics-schema",
        _E,
        "The topics file is missing or malformed.",
        "Declare each topic once in topics.yaml with `id`, `title` and `description`.",
    ),
    Rule(
        "EKB204",
        "source-schema",
        _E,
        "A BibTeX entry lacks a required field or has a wrong value (for example `design`).",
        "Add the field; `design` is one of the study designs listed in docs/methodology.md.",
    ),
    Rule(
        "EKB205",
        "claim-topic-folder",
        _E,
        "A claim's `topic` differs from the folder it is in.",
        "Move the file to claims/<topic>/ or fix `topic`.",
    ),
    # 3xx: BibTeX
    Rule(
        "EKB301",
        "bib-parse-error",
        _E,
        "A BibTeX block could not be parsed.",
        "Check braces and commas in the block; every field ends with `,` and the entry with `}`.",
    ),
    Rule(
        "EKB302",
        "bib-duplicate-key",
        _E,
        "Two BibTeX entries share a key (in one file or across files).",
        "Keys must be unique across all sources/*.bib files; rename or merge the entries.",
    ),
    Rule(
        "EKB303",
        "bib-duplicate-field",
        _E,
        "A BibTeX entry repeats a field.",
        "Keep one of the repeated fields.",
    ),
    # 4xx: cross-references
    Rule(
        "EKB401",
        "unknown-source",
        _E,
        "A claim cites a source key that no .bib file defines.",
        "Fix the key or add the source to sources/*.bib.",
    ),
    Rule(
        "EKB402",
        "unknown-related-claim",
        _E,
        "A claim relates to a claim id that does not exist.",
        "Fix the id; claim ids are the file names under claims/.",
    ),
    Rule(
        "EKB403",
        "duplicate-claim-id",
        _E,
        "Two claim files have the same id.",
        "Claim ids are unique across all topics; rename one of the files.",
    ),
    Rule(
        "EKB404",
        "unknown-topic",
        _E,
        "A claim names a topic that topics.yaml does not declare.",
        "Use a declared topic id, or declare the topic in topics.yaml.",
    ),
    Rule(
        "EKB405",
        "unknown-article-section",
        _E,
        "An `asserted_in` locator names a section the article outline does not list.",
        "Use `section '<heading>', paragraph N` with a heading from sources/articles.yaml.",
    ),
    # 5xx: evidence
    Rule(
        "EKB501",
        "no-evidence",
        _E,
        "A claim lists no evidence.",
        "Add at least one evidence item, or record the claim as `unverifiable` with context.",
    ),
    Rule(
        "EKB502",
        "supported-without-support",
        _E,
        "A claim is rated `supported` but no evidence item supports it.",
        "Add the supporting evidence, or choose a verdict that matches the evidence.",
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}
