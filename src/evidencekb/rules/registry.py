"""The rule registry: one stable code per kind of problem, declared beside the check that
reports it.

A module declares each of its rules once, with `declare(...)`, and reports a finding through
the rule (`RULE.report(sink, path, position, message)`). A family of `evidencekb.rules` marks
the functions that check its rules with `@checks(RULE)`, and the runner (`evidencekb.rules.run`)
calls them by scope; the loader (`evidencekb.load`) declares the rules it checks while it reads
(YAML, files, BibTeX). `evidencekb.rules.catalog` imports every declaring module, the rules
reference page lists `RULES`, and the tests require a fixture per rule.

This module imports nothing of evidencekb, so that every stage (load included) can declare and
report rules without an import cycle; `evidencekb.diagnostics` builds on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, TypeVar


class Severity(StrEnum):
    """How a finding counts. Errors fail `check`; warnings fail it with `--strict`; notices never
    do (they report something to look at, such as a review growing old, never a fault)."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


class Scope(StrEnum):
    """What a rule looks at, and so what a long-lived run may keep between saves: the findings
    of a `file`, `claim` or `source` rule stay valid while that file, claim or BibTeX entry is
    unchanged; `project` rules compare several of them and run again every time."""

    FILE = "file"
    CLAIM = "claim"
    SOURCE = "source"
    PROJECT = "project"


class _Sink(Protocol):
    def report(
        self, rule: Rule, path: str, position: Any, message: str, hint: str | None = None
    ) -> None: ...


@dataclass(frozen=True)
class Rule:
    """A kind of problem: its code, name, default severity, scope and documentation."""

    code: str
    name: str
    severity: Severity
    scope: Scope
    summary: str  # what triggers it (the rules page)
    hint: str  # how to fix it (the default hint of every diagnostic)

    def report(
        self, sink: _Sink, path: str, position: Any, message: str, hint: str | None = None
    ) -> None:
        """One finding of this rule at `path`:`position` (a `diagnostics.Position`)."""
        sink.report(self, path, position, message, hint)


_Check = TypeVar("_Check", bound=Callable[..., None])


class Registry(Mapping[str, Rule]):
    """Rules by code, in the order declared, and the check functions of each scope."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}
        self._checks: dict[Scope, list[Callable[..., None]]] = {scope: [] for scope in Scope}

    def __getitem__(self, code: str) -> Rule:
        return self._rules[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def add(self, rule: Rule) -> Rule:
        """Register `rule`; a code or name already registered is a programming error."""
        for other in self._rules.values():
            if rule.code == other.code or rule.name == other.name:
                raise ValueError(f"rule {rule.code} {rule.name} repeats {other.code} {other.name}")
        self._rules[rule.code] = rule
        return rule

    def add_check(self, scope: Scope, check: Callable[..., None]) -> None:
        self._checks[scope].append(check)

    def checks(self, scope: Scope) -> list[Callable[..., None]]:
        """The check functions of one scope, in the order their modules declared them."""
        return list(self._checks[scope])


RULES = Registry()
"""Every rule, once the family modules are imported (`evidencekb.rules.catalog` imports all)."""


def declare(
    code: str, name: str, severity: Severity, scope: Scope, summary: str, hint: str
) -> Rule:
    """Declare a rule in `RULES` and return it, for its checks to report with."""
    return RULES.add(Rule(code, name, severity, scope, summary, hint))


def checks(*rules: Rule) -> Callable[[_Check], _Check]:
    """Mark a function as the check of `rules` (all of one scope); the runner calls it with the
    arguments of that scope (see `evidencekb.rules.run`)."""
    scopes = {rule.scope for rule in rules}
    if len(scopes) != 1:
        raise ValueError(f"a check's rules must share one scope, not {sorted(scopes)}")

    (scope,) = scopes

    def register(check: _Check) -> _Check:
        RULES.add_check(scope, check)
        return check

    return register
