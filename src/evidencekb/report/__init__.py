"""Reporting diagnostics: as text for people, JSON for tools, GitHub workflow commands, or a
SARIF log for code scanning (`evidencekb.report.sarif`).

Used by `check`, `build` and `serve`; it knows nothing of how diagnostics were found.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

from evidencekb import __version__
from evidencekb.diagnostics import Diagnostic, Severity
from evidencekb.project import CheckResult
from evidencekb.report.sarif import sarif_log
from evidencekb.rules.catalog import RULES


def print_diagnostics(result: CheckResult, fmt: str = "text", strict: bool | None = None) -> None:
    """Print `result` in `fmt`; `strict` (when given) lets the SARIF log carry the exit code."""
    diagnostics = result.diagnostics
    if fmt == "json":
        sys.stdout.write(json.dumps(diagnostics_json(result), indent=2) + "\n")
        return
    if fmt == "sarif":
        sys.stdout.write(json.dumps(sarif_json(result, strict), indent=2) + "\n")
        return
    if fmt == "github":
        for d in diagnostics:
            level = d.severity.value  # ::error, ::warning or ::notice
            properties = (
                f"file={_gh_property(d.path)},line={d.position.line},"
                f"col={d.position.column},title={d.code}"
            )
            sys.stdout.write(f"::{level} {properties}::{_gh_data(f'{d.message}. {d.hint}')}\n")
        return
    print_text(diagnostics, scope(result))


def print_text(diagnostics: list[Diagnostic], scope: str) -> None:
    console = Console(highlight=False, soft_wrap=True)
    if console.color_system is None:  # not a terminal (a pipe, a CI log): the same text, plain
        sys.stdout.write("".join(_plain_lines(diagnostics)) + _summary(diagnostics, scope) + "\n")
        return
    for d in diagnostics:
        colour = _COLOURS[d.severity]
        console.print(
            f"[bold]{d.path}:{d.position.line}:{d.position.column}:[/] "
            f"[{colour}]{d.code}[/] {escape(d.message)}"
        )
        if d.hint:
            console.print(f"  [dim]hint:[/] {escape(d.hint)}")
    failing = any(d.severity is not Severity.NOTICE for d in diagnostics)
    console.print(_summary(diagnostics, scope), style="bold" if failing else "green")


# Control characters from content (a message quotes it) are shown, never sent to a terminal.
_CONTROLS = {code: f"\\x{code:02x}" for code in [*range(32), 127] if code != 9}


def _plain_lines(diagnostics: list[Diagnostic]) -> list[str]:
    lines = []
    for d in diagnostics:
        where = f"{d.path}:{d.position.line}:{d.position.column}".translate(_CONTROLS)
        lines.append(f"{where}: {d.code} {d.message.translate(_CONTROLS)}\n")
        if d.hint:
            lines.append(f"  hint: {d.hint.translate(_CONTROLS)}\n")
    return lines


_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTICE: "cyan"}


def _gh_data(text: str) -> str:
    """Escape a workflow-command message (GitHub's toolkit escapes %, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def scope(result: CheckResult) -> str:
    """Claim files that failed the check count too: a typo never changes the count."""
    return f"{result.kb.claim_count} claims and {len(result.kb.sources)} sources"


def _counts(diagnostics: list[Diagnostic]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for d in diagnostics:
        counts[d.severity] += 1
    return counts


def _summary(diagnostics: list[Diagnostic], scope: str) -> str:
    counts = _counts(diagnostics)
    notices = f" {counts[Severity.NOTICE]} notice(s)." if counts[Severity.NOTICE] else ""
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    if not errors and not warnings:
        return f"All checks passed: {scope}.{notices}"
    return f"Found {errors} error(s) and {warnings} warning(s) in {scope}.{notices}"


def sarif_json(result: CheckResult, strict: bool | None = None) -> dict[str, Any]:
    """The SARIF 2.1.0 log of a check (every registered rule, a result per diagnostic)."""
    # check's exit code: 1 when the check failed, else 0 (a run that could not start exits 2
    # before anything is printed)
    exit_code = None if strict is None else int(result.failed(strict))
    return sarif_log(
        result.diagnostics, RULES.values(), __version__, result.settings.severity, exit_code
    )


def diagnostics_json(result: CheckResult) -> dict:
    def one(d: Diagnostic) -> dict:
        return {
            "path": d.path,
            "line": d.position.line,
            "column": d.position.column,
            "code": d.code,
            "severity": d.severity.value,
            "message": d.message,
            "hint": d.hint,
        }

    counts = _counts(result.diagnostics)
    return {
        "version": 1,
        "diagnostics": [one(d) for d in result.diagnostics],
        "summary": {
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "notices": counts[Severity.NOTICE],
            "claims": result.kb.claim_count,
            "sources": len(result.kb.sources),
        },
    }
