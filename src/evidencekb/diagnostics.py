"""Diagnostics: every content problem found in a run, with where it is and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How a finding counts. Errors fail `check`; warnings fail it with `--strict`; notices never
    do (they report something to look at, such as a review growing old, never a fault)."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, order=True, slots=True)
class Position:
    """A 1-based line and column in a file."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    path: str
    position: Position
    code: str
    severity: Severity
    message: str
    hint: str = ""

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.position.line, self.position.column, self.code)

    def format_text(self) -> str:
        return (
            f"{self.path}:{self.position.line}:{self.position.column}: {self.code} {self.message}"
        )


@dataclass
class DiagnosticSink:
    """Collects diagnostics; rules report here instead of raising."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(
        self,
        code: str,
        path: str,
        position: Position,
        message: str,
        hint: str | None = None,
    ) -> None:
        from evidencekb.rules import RULES

        rule = RULES[code]
        self.diagnostics.append(
            Diagnostic(
                path=path,
                position=position,
                code=code,
                severity=rule.severity,
                message=message,
                hint=rule.hint if hint is None else hint,
            )
        )

    def extend(self, other: DiagnosticSink) -> None:
        self.diagnostics.extend(other.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: d.sort_key)
