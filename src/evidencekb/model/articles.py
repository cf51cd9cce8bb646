"""The outline of an article under review: its sections, the paragraphs of each, which
paragraphs make no checkable claim (and why), and what is known about the article itself.

A passage is a numbered paragraph of a section (1, 2, ...) or a named passage outside the
numbered ones (`named`, e.g. a standfirst). A claim's `asserted_in.locator` names one as
`section '<heading>', paragraph N` or `section '<heading>', <name>`.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Passage = int | str

_SECTION = re.compile(r"section\s+'(?P<name>[^']+)'")
_PARAGRAPH = re.compile(r"\bparagraph\s+(?P<number>\d+)")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ArticleSection(_Strict):
    heading: NonEmpty = Field(description="The heading as the article prints it.")
    paragraphs: int = Field(ge=0, le=500, description="How many body paragraphs it has.")
    named: list[NonEmpty] = Field(
        default_factory=list,
        description="Passages outside the numbered paragraphs, e.g. `standfirst`.",
    )
    not_checkable: dict[int | NonEmpty, NonEmpty] = Field(
        default_factory=dict,
        description="Paragraph number (or named passage) -> why it makes no checkable claim.",
    )

    @field_validator("not_checkable", mode="before")
    @classmethod
    def _numbers_as_numbers(cls, value: object) -> object:
        """YAML readers may give mapping keys as text: a key of digits is a paragraph number."""
        if isinstance(value, dict):
            return {int(k) if str(k).isdigit() else k: v for k, v in value.items()}
        return value

    @property
    def passages(self) -> list[Passage]:
        """Every passage, named ones first (they precede the body), then 1..paragraphs."""
        return [*self.named, *range(1, self.paragraphs + 1)]

    def passage_in(self, locator: str) -> Passage | None:
        """The passage a locator names (after its section), or None."""
        rest = _SECTION.sub("", locator).lower()
        match = _PARAGRAPH.search(rest)
        if match:
            return int(match.group("number"))
        return next((name for name in self.named if name.lower() in rest), None)


class Observation(_Strict):
    where: NonEmpty = Field(description="Where in the article: section and paragraph.")
    quote: NonEmpty | None = Field(None, description="The passage, verbatim.")
    note: NonEmpty = Field(description="What it shows, in our words.")


class Paraphrase(_Strict):
    source: NonEmpty = Field(description="BibTeX key of the text the article paraphrases.")
    note: NonEmpty = Field(description="How closely, with example pairs.")
    verified: NonEmpty = Field(description="Who or what verified it, and when.")


class ArticleAbout(_Strict):
    """What is known about the article itself, each point as given or as verified."""

    author: str = Field("", description="The author as the article gives it ('' if none).")
    venue: str = Field("", description="Where it is published.")
    date: str = Field("", description="Its date as given ('' if none).")
    paraphrases: list[Paraphrase] = Field(default_factory=list)
    machine_generation: list[Observation] = Field(
        default_factory=list, description="Signs of machine generation or templating."
    )
    encoding_damage: list[Observation] = Field(default_factory=list)
    notes: list[NonEmpty] = Field(default_factory=list, description="Other observations.")
    recorded_from: NonEmpty = Field(description="Where these findings are documented.")


class ArticleOutline(_Strict):
    about: ArticleAbout | None = None
    sections: list[ArticleSection]

    @property
    def headings(self) -> list[str]:
        return [section.heading for section in self.sections]

    @staticmethod
    def section_name(locator: str) -> str | None:
        match = _SECTION.search(locator)
        return match.group("name") if match else None

    def locate(self, locator: str) -> tuple[int, Passage | None] | None:
        """(section index, passage or None) for a locator naming one of the sections."""
        name = self.section_name(locator)
        for index, section in enumerate(self.sections):
            if section.heading == name:
                return index, section.passage_in(locator)
        return None


class OutlinesFile(_Strict):
    """The outline of each article under review, keyed by BibTeX key."""

    articles: dict[str, ArticleOutline]
