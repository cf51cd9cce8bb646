"""Diagnostics as a SARIF 2.1.0 log, for code-scanning tools (`check --format sarif`).

One run: the tool (every registered rule, with its documentation and default level), one result
per diagnostic, and the invocation. Paths stay relative to the knowledge base's folder (the
`%SRCROOT%` base, left unresolved so that the log is the same on every machine); lines and
columns are 1-based and columns count Unicode code points, as `Position` does.

GitHub's `upload-sarif` action fills in `partialFingerprints` from the files when they are
absent, so none are computed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from evidencekb.diagnostics import Diagnostic, Severity
from evidencekb.rules.registry import Rule

# The schema's own id (its `id` in OASIS's sarif-schema-2.1.0.json, errata 01).
SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}

_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z])")


def sarif_log(
    diagnostics: Iterable[Diagnostic],
    rules: Iterable[Rule],
    version: str,
    overrides: Mapping[str, str] | None = None,
    exit_code: int | None = None,
) -> dict[str, Any]:
    """The SARIF log of one check: `rules` in code order, a result per diagnostic.

    `overrides` are the project's severity settings (code -> error/warning/notice/off);
    `exit_code` is the command's exit code, when the caller knows it.
    """
    ordered = sorted(rules, key=lambda rule: rule.code)
    index = {rule.code: number for number, rule in enumerate(ordered)}
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if exit_code is not None:
        invocation["exitCode"] = exit_code
    configured = _overrides(overrides or {}, index)
    if configured:
        invocation["ruleConfigurationOverrides"] = configured
    run = {
        "tool": {
            "driver": {
                "name": "evidencekb",
                "version": version,
                "rules": [_descriptor(rule) for rule in ordered],
            }
        },
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The knowledge base's folder (where check ran)."}}
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, index) for d in diagnostics],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _descriptor(rule: Rule) -> dict[str, Any]:
    """A rule as on the rules page: what triggers it, how to fix it, its default severity."""
    text = f"{rule.summary}\n\nHow to fix it: {rule.hint}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": first_sentence(rule.summary)},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": f"{rule.summary}\n\n**How to fix it:** {rule.hint}"},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _result(d: Diagnostic, index: Mapping[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": d.code}
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    result["level"] = LEVELS[d.severity]
    result["message"] = {"text": f"{d.message}. {d.hint}" if d.hint else d.message}
    region = {"startLine": d.position.line, "startColumn": d.position.column}
    result["locations"] = [
        {"physicalLocation": {"artifactLocation": artifact_location(d.path), "region": region}}
    ]
    return result


def artifact_location(path: str) -> dict[str, str]:
    """A diagnostic's path (`/`-separated, as diagnostics write it) as a URI: a reference
    relative to `%SRCROOT%`, percent-encoded, or a file URI when the path is absolute."""
    if PurePath(path).is_absolute():
        return {"uri": PurePath(path).as_uri()}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def _overrides(overrides: Mapping[str, str], index: Mapping[str, int]) -> list[dict[str, Any]]:
    """The severity settings as SARIF configuration overrides ("off" disables the rule)."""
    found = []
    for code, setting in sorted(overrides.items()):
        if code not in index:
            continue
        configuration: dict[str, Any] = (
            {"enabled": False} if setting == "off" else {"level": LEVELS[Severity(setting)]}
        )
        found.append(
            {"descriptor": {"id": code, "index": index[code]}, "configuration": configuration}
        )
    return found


def first_sentence(text: str) -> str:
    """The first sentence of a rule's summary (a full stop followed by a capital, outside code
    and brackets), or all of it."""
    for match in _SENTENCE_END.finditer(text):
        head = text[: match.end()]
        if head.count("`") % 2 == 0 and head.count("(") == head.count(")"):
            return head
    return text
