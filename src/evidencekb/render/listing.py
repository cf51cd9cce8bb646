"""Lists of claims and articles in pages of bounded size, so that no page grows with the
knowledge base (the bibliography's own split is in render/bibliography.py).

A topic page keeps a section per verdict (the home page's evidence map links to
`topics/<id>/#<verdict>`) listing at most `TOPIC_PREVIEW` claims, the most certain first; a
verdict with more has its claims, all of them in the same order, on continuation pages in the
topic's folder: `topics/<id>/<verdict>.md` (served at `topics/<id>/<verdict>/`, beside the topic
page `topics/<id>.md` served at `topics/<id>/`), then `<verdict>-2.md`... each of at most
`PAGE_CLAIMS`.

The articles under review are listed on `articles/index.md`, then `articles/page-2.md`... at
most `PAGE_ARTICLES` each; the home page lists the first `HOME_ARTICLES` and links to the rest.
Nothing here reads or writes files; names are checked before they become paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from evidencekb.load.discover import is_valid_name
from evidencekb.model import Verdict

TOPIC_PREVIEW = 20
"""The most claims a topic page lists under one verdict. A claim's link with its evidence card
(the tooltip) and badges is about 640 bytes of Markdown, so with the 7 verdicts a topic page
stays under 100 KB (the 10,000-claim benchmark's topic pages of 833 claims each were 530 KB)."""

PAGE_CLAIMS = 200
"""The most claims on one continuation page of a topic's verdict: about 130 KB, as a
bibliography page (`bibliography.PAGE_ENTRIES`). Tests set smaller bounds."""

PAGE_ARTICLES = 100
"""The most articles on one page of the articles index. An article's entry, with its counts and
verdict bar, is about 730 bytes: a page stays near 75 KB (the benchmark's 500 articles on one
page were 365 KB)."""

HOME_ARTICLES = 10
"""The most articles the home page lists; a link leads to the index of all of them."""

_T = TypeVar("_T")


@dataclass(frozen=True)
class Pager:
    """Page `number` (from 1) of `count`, each page a path; links to the page before and after."""

    paths: tuple[str, ...]
    number: int

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def path(self) -> str:
        return self.paths[self.number - 1]

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def following(self) -> str | None:
        return self.paths[self.number] if self.number < len(self.paths) else None


def page_count(total: int, bound: int) -> int:
    """How many pages of at most `bound` items hold `total` items (at least one)."""
    if bound < 1:
        raise ValueError(f"a page lists at least one item, not {bound}")
    return max(1, -(-total // bound))


def page_items(items: Sequence[_T], number: int, bound: int) -> Sequence[_T]:
    """The items on page `number` (from 1) of pages of at most `bound` each."""
    return items[(number - 1) * bound : number * bound]


def verdict_path(topic_id: str, verdict: str, number: int = 1) -> str:
    """Continuation page `number` of the claims of a topic with a verdict, its names checked
    before they become a path (a topic id is a slug; a verdict one of the vocabulary's)."""
    if not is_valid_name(topic_id) or verdict not in set(Verdict) or number < 1:
        raise ValueError(f"not a topic's verdict page: {topic_id!r}, {verdict!r}, {number!r}")
    suffix = "" if number == 1 else f"-{number}"
    return f"topics/{topic_id}/{verdict}{suffix}.md"


def verdict_pages(topic_id: str, verdict: str, total: int) -> tuple[str, ...]:
    """The continuation pages of a topic's verdict of `total` claims: none while the topic page
    lists them all (at most `TOPIC_PREVIEW`, as it is when called)."""
    if total <= TOPIC_PREVIEW:
        return ()
    count = page_count(total, PAGE_CLAIMS)
    return tuple(verdict_path(topic_id, verdict, n + 1) for n in range(count))


def articles_path(number: int = 1) -> str:
    """Page `number` of the articles index: `articles/index.md`, then `articles/page-2.md`..."""
    if number < 1:
        raise ValueError(f"not a page of the articles index: {number!r}")
    return "articles/index.md" if number == 1 else f"articles/page-{number}.md"


def articles_pages(total: int) -> tuple[str, ...]:
    """The pages of an articles index of `total` articles (`PAGE_ARTICLES` as when called)."""
    return tuple(articles_path(n + 1) for n in range(page_count(total, PAGE_ARTICLES)))
