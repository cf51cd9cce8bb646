"""Every rule family, imported so that `RULES` holds every rule and every check."""

from __future__ import annotations

from evidencekb.rules import (  # noqa: F401  (imported to register their rules)
    articles,
    bibtex,
    docs,
    files,
    grading,
    identifiers,
    references,
    schema,
    sources,
    yaml,
)
from evidencekb.rules.registry import RULES

__all__ = ["RULES"]
