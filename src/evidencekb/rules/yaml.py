"""YAML rules: a claim, topics or outlines file that cannot be read as plain YAML mappings.

Checked while the file is parsed (`evidencekb.load.yaml_reader`), which reports these codes;
a file with any of them gives no document."""

from __future__ import annotations

from evidencekb.rules.registry import Scope, Severity, declare

ERROR, WARNING = Severity.ERROR, Severity.WARNING

YAML_SYNTAX = declare(
    "EKB101",
    "yaml-syntax",
    ERROR,
    Scope.FILE,
    "A claim or topics file is not valid YAML.",
    "Fix the YAML syntax at the position shown; indent with spaces, never tabs.",
)

YAML_DUPLICATE_KEY = declare(
    "EKB102",
    "yaml-duplicate-key",
    ERROR,
    Scope.FILE,
    "A mapping repeats a key (YAML parsers silently keep the last one).",
    "Remove or rename one of the repeated keys.",
)

YAML_NOT_MAPPING = declare(
    "EKB103",
    "yaml-not-mapping",
    ERROR,
    Scope.FILE,
    "The file's top level is not a mapping of fields.",
    "A claim file is a mapping: `id: ...`, `title: ...`, and so on.",
)

YAML_MULTIPLE_DOCUMENTS = declare(
    "EKB104",
    "yaml-multiple-documents",
    ERROR,
    Scope.FILE,
    "The file holds more than one YAML document.",
    "Keep one claim per file; remove the `---` separator and split the file.",
)

YAML_UNSAFE_CONSTRUCT = declare(
    "EKB105",
    "yaml-unsafe-construct",
    ERROR,
    Scope.FILE,
    "The file uses a YAML tag, anchor or alias, which claim files do not allow.",
    "Write plain values: no `!tags`, `&anchors` or `*aliases`.",
)
