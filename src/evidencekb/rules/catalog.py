"""Every rule, wherever it is declared, so that `RULES` holds every rule and every check.

The loader declares the rules it reports while it reads (YAML, files, BibTeX); the families of
`evidencekb.rules` declare the rest beside their checks. Importing this module imports them all.
"""

from __future__ import annotations

from pathlib import Path

from evidencekb.load import (  # noqa: F401  (imported to register their rules)
    bibtex,
    discover,
    files,
    yaml_reader,
)
from evidencekb.load.settings import ConfigError, Settings, settings_error
from evidencekb.rules import (  # noqa: F401  (imported to register their rules)
    answers,
    articles,
    certainty,
    docs,
    docs_anchors,
    examples,
    grading,
    identifiers,
    incidents,
    references,
    schema,
    sources,
)
from evidencekb.rules.registry import RULES

__all__ = ["RULES", "known_rules", "unknown_codes"]


def unknown_codes(settings: Settings) -> list[str]:
    """The codes of the severity overrides that no rule has (their form is checked on loading)."""
    return [code for code in settings.severity if code not in RULES]


def known_rules(root: Path, settings: Settings) -> Settings:
    """`settings`, if every severity override names a rule; else ConfigError (exit code 2)."""
    problems = [
        f"severity: unknown rule code {code!r} in severity" for code in unknown_codes(settings)
    ]
    if problems:
        raise ConfigError(settings_error(root, problems))
    return settings
