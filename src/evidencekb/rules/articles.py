"""Article rules: where a claim says an article asserts it must be a section and paragraph of
that article (when `sources/outlines.yaml` outlines it), and every paragraph of an outlined
article is accounted for: named by some claim's `asserted_in`, or marked not checkable."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from evidencekb.diagnostics import DiagnosticSink, Position
from evidencekb.load import LocatedDocument
from evidencekb.model import ArticleOutline, ArticleSection, Passage
from evidencekb.rules.project import ClaimRecord, ProjectView
from evidencekb.rules.registry import Scope, Severity, checks, declare
from evidencekb.rules.suggestions import Suggestions

ERROR, WARNING = Severity.ERROR, Severity.WARNING

UNKNOWN_ARTICLE_SECTION = declare(
    "EKB405",
    "unknown-article-section",
    ERROR,
    Scope.PROJECT,
    "An `asserted_in` locator names a section the article outline does not list.",
    "Use `section '<heading>', paragraph N` with a heading from sources/outlines.yaml.",
)

UNACCOUNTED_PARAGRAPH = declare(
    "EKB407",
    "unaccounted-article-paragraph",
    ERROR,
    Scope.PROJECT,
    "A paragraph of an article under review is neither named by a claim's `asserted_in` nor "
    "marked not checkable in its outline.",
    "Add an `asserted_in` entry to each claim the paragraph makes, or, if it makes none, add "
    "`N: <reason>` under the section's `not_checkable` in sources/outlines.yaml.",
)

UNKNOWN_ARTICLE_PARAGRAPH = declare(
    "EKB408",
    "unknown-article-paragraph",
    ERROR,
    Scope.PROJECT,
    "A locator or a `not_checkable` entry names a paragraph the section does not have (beyond "
    "its `paragraphs` count, or none at all).",
    "Count the section's paragraphs again, or correct the number: `paragraph N` with N from 1 "
    "to the section's `paragraphs`, or one of its `named` passages.",
)

CLAIMED_AND_NOT_CHECKABLE = declare(
    "EKB409",
    "claimed-paragraph-marked-not-checkable",
    WARNING,
    Scope.PROJECT,
    "A paragraph is marked not checkable although a claim names it as where it is asserted.",
    "Remove the `not_checkable` entry, or narrow its reason to the part of the paragraph "
    "that makes no claim and note that in the reason.",
)

Claimed = dict[tuple[str, int, Passage], list[str]]  # (article, section, passage) -> claim ids


@checks(
    UNKNOWN_ARTICLE_SECTION,
    UNACCOUNTED_PARAGRAPH,
    UNKNOWN_ARTICLE_PARAGRAPH,
    CLAIMED_AND_NOT_CHECKABLE,
)
def check_articles(view: ProjectView, sink: DiagnosticSink) -> None:
    outlines = view.project.outlines
    claimed: Claimed = defaultdict(list)
    for record in view.project.claims:
        for index, assertion in enumerate(record.claim.asserted_in):
            outline = outlines.get(assertion.source)
            if outline is not None:
                found = _locate(record, index, assertion.source, outline, view.suggestions, sink)
                if found is not None:
                    claimed[(assertion.source, *found)].append(record.claim.id)
    document = view.project.outline_document
    if document is not None:
        pending = _pending_articles(view)
        for key, outline in outlines.items():
            _check_coverage(key, outline, claimed, document, key not in pending, sink)


def _pending_articles(view: ProjectView) -> set[str] | _Everything:
    """Articles named by a claim file that failed the schema (its locators are unknown), or
    every article when such a file could not be read at all: their coverage waits for a fix,
    rather than reporting paragraphs that the failed file may well name."""
    partial = view.project.partial_claims
    if any(not claim.readable for claim in partial):
        return _Everything()
    return {key for claim in partial for key in claim.sources}


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


def _locate(
    record: ClaimRecord,
    index: int,
    key: str,
    outline: ArticleOutline,
    suggestions: Suggestions,
    sink: DiagnosticSink,
) -> tuple[int, Passage] | None:
    locator = record.claim.asserted_in[index].locator
    found = outline.locate(locator)
    if found is not None and found[1] in outline.sections[found[0]].passages:
        return found[0], found[1]  # the usual case: no position needed
    position = record.document.position_of(("asserted_in", index, "locator"))
    if found is None:
        name = outline.section_name(locator)
        if name is None:
            message = f"locator {locator!r} names no section of {key!r}"
        else:
            message = f"{key!r} has no section {name!r}"
        at = (record.path, position)
        hint = suggestions.hint("section", name or locator, outline.headings, at, group=key)
        UNKNOWN_ARTICLE_SECTION.report(sink, record.path, position, message, hint)
        return None
    section_index, passage = found
    section = outline.sections[section_index]
    if passage is None or passage not in section.passages:
        what = "no paragraph" if passage is None else f"no paragraph {passage!r}"
        UNKNOWN_ARTICLE_PARAGRAPH.report(
            sink,
            record.path,
            position,
            f"locator {locator!r} names {what} of {section.heading!r} "
            f"({_extent(section)} in the outline of {key!r})",
        )
        return None
    return section_index, passage


def _extent(section: ArticleSection) -> str:
    count = f"{section.paragraphs} paragraph{'s' if section.paragraphs != 1 else ''}"
    return f"{count} and {', '.join(section.named)}" if section.named else count


def _check_coverage(
    key: str,
    outline: ArticleOutline,
    claimed: Claimed,
    document: LocatedDocument,
    complete: bool,
    sink: DiagnosticSink,
) -> None:
    """`complete`: every claim naming the article was read, so unaccounted paragraphs count."""
    path = document.path
    for index, section in enumerate(outline.sections):
        where = ("articles", key, "sections", index)
        for passage, reason in section.not_checkable.items():
            position = document.position_of((*where, "not_checkable", str(passage)), key=True)
            claims = claimed.get((key, index, passage))
            if passage not in section.passages:
                UNKNOWN_ARTICLE_PARAGRAPH.report(
                    sink,
                    path,
                    position,
                    f"{section.heading!r} has no paragraph {passage!r} to mark not checkable "
                    f"({_extent(section)})",
                )
            elif claims:
                CLAIMED_AND_NOT_CHECKABLE.report(
                    sink,
                    path,
                    position,
                    f"{key!r}, {section.heading!r}, paragraph {passage} is marked not checkable "
                    f"({reason!r}) but {', '.join(sorted(claims))} names it",
                )
        missing = list(_unaccounted(key, index, section, claimed)) if complete else []
        if missing:
            _report_unaccounted(key, section, missing, document.position_of(where), path, sink)


def _unaccounted(
    key: str, index: int, section: ArticleSection, claimed: Claimed
) -> Iterator[Passage]:
    for passage in section.passages:
        if (key, index, passage) not in claimed and passage not in section.not_checkable:
            yield passage


def _report_unaccounted(
    key: str,
    section: ArticleSection,
    missing: list[Passage],
    position: Position,
    path: str,
    sink: DiagnosticSink,
) -> None:
    for passage in missing:
        what = f"paragraph {passage}" if isinstance(passage, int) else passage
        UNACCOUNTED_PARAGRAPH.report(
            sink,
            path,
            position,
            f"{key!r}, section {section.heading!r}, {what} is not accounted for: no claim "
            "names it and it is not marked not checkable",
        )
