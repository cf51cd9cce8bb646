"""The one-shot API for tests and adapters: each call makes a `Project` and asks it.

Anything long-lived (`serve`) holds a `project.Project` instead, which keeps what it read.
"""

from __future__ import annotations

from pathlib import Path

from evidencekb.project import CheckResult, Project

__all__ = ["CheckResult", "check", "check_and_render", "render"]


def check(root: Path) -> CheckResult:
    """Load, validate and index the project at `root`; never raises for content problems."""
    return Project(root).check()


def render(result: CheckResult) -> dict[str, str]:
    """Every page of a checked project (the pages the CLI adds, e.g. its reference, aside)."""
    return Project(Path(".")).render(result)


def check_and_render(root: Path, strict: bool = False) -> tuple[CheckResult, dict[str, str] | None]:
    """`check`, then `render` unless the check failed: what `build` does."""
    return Project(root).check_and_render(strict)
