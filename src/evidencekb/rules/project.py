"""What the checks are given, by scope, and what `validate` returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from evidencekb.diagnostics import Diagnostic, Severity
from evidencekb.load import BibEntry, LocatedDocument
from evidencekb.model import ArticleOutline, Claim, Source, Topic
from evidencekb.rules.partial import PartialClaim
from evidencekb.rules.suggestions import Suggestions


@dataclass(frozen=True)
class ClaimRecord:
    claim: Claim
    document: LocatedDocument

    @property
    def path(self) -> str:
        return self.document.path


@dataclass
class ValidatedProject:
    claims: list[ClaimRecord] = field(default_factory=list)
    # claim files that failed the schema or could not be read: they count, are related to and
    # cite their sources, but are not rendered (see evidencekb.rules.partial)
    partial_claims: list[PartialClaim] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)
    outlines: dict[str, ArticleOutline] = field(default_factory=dict)
    outline_document: LocatedDocument | None = None  # where the outlines were read, if anywhere
    docs: dict[str, str] = field(default_factory=dict)
    doc_files: dict[str, bytes] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


@dataclass(frozen=True)
class ClaimContext:
    """What a claim-scope check may read besides its claim (part of what its findings are kept
    by: they stay valid while the claim file and this context are unchanged)."""

    today: dt.date
    max_review_age_days: int


@dataclass(frozen=True)
class ProjectView:
    """What a project-scope check reads: the validated project, and the first BibTeX entry of
    each key (failed entries included: their keys are defined, just not valid sources), the
    run's "Did you mean" suggestions (`evidencekb.rules.suggestions`), and the keys of refused
    .bib files (unavailable, not unknown: `evidencekb.load.bib_keys`)."""

    project: ValidatedProject
    entries: dict[str, BibEntry]
    suggestions: Suggestions = field(default_factory=Suggestions)
    unavailable: frozenset[str] = frozenset()
