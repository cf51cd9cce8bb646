"""Diagnostics: every content problem found in a run, with where it is and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field

from evidencekb.rules.registry import Rule, Severity

__all__ = ["Diagnostic", "DiagnosticSink", "Position", "Severity"]


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
        rule: Rule,
        path: str,
        position: Position,
        message: str,
        hint: str | None = None,
    ) -> None:
        """A finding of `rule` (usually written `RULE.report(sink, ...)`), with the rule's
        hint unless `hint` is given."""
        self.diagnostics.append(
            Diagnostic(
                path=path,
                position=position,
                code=rule.code,
                severity=rule.severity,
                message=message,
                hint=rule.hint if hint is None else hint,
            )
        )

    def extend(self, other: DiagnosticSink) -> None:
        self.diagnostics.extend(other.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: d.sort_key)
