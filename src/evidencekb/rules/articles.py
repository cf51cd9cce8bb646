"""Article rules: where a claim says an article asserts it must be a section of that article
(when `sources/articles.yaml` outlines it)."""

from __future__ import annotations

import re

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.rules.project import ClaimRecord, ProjectView
from evidencekb.rules.references import suggest
from evidencekb.rules.registry import Scope, Severity, checks, declare

ERROR = Severity.ERROR

_SECTION = re.compile(r"section\s+'(?P<name>[^']+)'")

UNKNOWN_ARTICLE_SECTION = declare(
    "EKB405",
    "unknown-article-section",
    ERROR,
    Scope.PROJECT,
    "An `asserted_in` locator names a section the article outline does not list.",
    "Use `section '<heading>', paragraph N` with a heading from sources/articles.yaml.",
)


@checks(UNKNOWN_ARTICLE_SECTION)
def check_sections(view: ProjectView, sink: DiagnosticSink) -> None:
    outlines = view.project.outlines
    for record in view.project.claims:
        for index, assertion in enumerate(record.claim.asserted_in):
            sections = outlines.get(assertion.source)
            if sections:
                _check_section(record, index, assertion.source, assertion.locator, sections, sink)


def _check_section(
    record: ClaimRecord,
    index: int,
    key: str,
    locator: str,
    sections: list[str],
    sink: DiagnosticSink,
) -> None:
    match = _SECTION.search(locator)
    name = match.group("name") if match else None
    if name in sections:
        return
    position = record.document.position_of(("asserted_in", index, "locator"))
    if name is None:
        message = f"locator {locator!r} names no section of {key!r}"
    else:
        message = f"{key!r} has no section {name!r}"
    hint = suggest(name or locator, sections, "section")
    UNKNOWN_ARTICLE_SECTION.report(sink, record.path, position, message, hint)
