"""The coverage of an article under review: each passage of each section with the claims that
name it, or the reason it makes no checkable claim, and the share of passages accounted for."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from evidencekb.index import AssertionRef
from evidencekb.model import ArticleOutline, Passage


@dataclass(frozen=True)
class PassageCoverage:
    passage: Passage
    refs: list[AssertionRef]
    reason: str | None  # why it makes no checkable claim, when marked so

    @property
    def label(self) -> str:
        return f"¶ {self.passage}" if isinstance(self.passage, int) else self.passage.capitalize()

    @property
    def accounted(self) -> bool:
        return bool(self.refs) or self.reason is not None


@dataclass(frozen=True)
class SectionCoverage:
    index: int
    heading: str
    passages: list[PassageCoverage]


@dataclass(frozen=True)
class ArticleCoverage:
    sections: list[SectionCoverage]
    unplaced: list[AssertionRef]  # locators naming no passage of the outline

    @property
    def total(self) -> int:
        return sum(len(section.passages) for section in self.sections)

    @property
    def accounted(self) -> int:
        return sum(p.accounted for section in self.sections for p in section.passages)

    @property
    def percent(self) -> int:
        """Whole percent, rounded down, so that 100 means every passage."""
        return 100 * self.accounted // self.total if self.total else 100


def article_coverage(outline: ArticleOutline, refs: list[AssertionRef]) -> ArticleCoverage:
    placed: dict[tuple[int, Passage], list[AssertionRef]] = defaultdict(list)
    unplaced = []
    for ref in refs:
        found = outline.locate(ref.assertion.locator)
        if found is None or found[1] not in outline.sections[found[0]].passages:
            unplaced.append(ref)
        else:
            placed[found].append(ref)  # type: ignore[index]
    sections = [
        SectionCoverage(
            index,
            section.heading,
            [
                PassageCoverage(
                    passage, placed.get((index, passage), []), section.not_checkable.get(passage)
                )
                for passage in section.passages
            ],
        )
        for index, section in enumerate(outline.sections)
    ]
    return ArticleCoverage(sections, unplaced)
