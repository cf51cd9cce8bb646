"""The bibliography in pages of bounded size, so that no page grows with the knowledge base.

A knowledge base of up to `PAGE_ENTRIES` sources has one bibliography page, `bibliography.md`
(served at `bibliography/`). A larger one has that page as a landing page listing the initial
letters with their counts, and a page per letter in the folder of the same name,
`bibliography/a.md` (served at `bibliography/a/`); a letter of more than `PAGE_ENTRIES`
sources is split into parts of equal size, `bibliography/a.md`, `bibliography/a-2.md`... (the
first part keeps the letter's own address). Sources whose sorting name starts with no letter
a-z (a digit, a symbol, another script) are on `bibliography/other.md`.

Which page a source is on is decided from the knowledge base alone (its first author's family
name, or its title), before any reference is formatted, in the order APA 7 lists references:
by the first author's name, then the next authors', then the year, then the title. Nothing here
reads or writes files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from evidencekb.model import Person, Source
from evidencekb.render.listing import page_count

PAGE_ENTRIES = 200
"""The most sources on one bibliography page. A formatted reference is 400 to 700 bytes of
Markdown (APA lists at most 20 authors), so a page stays near 150 KB, whatever the size of the
knowledge base. Tests set a smaller bound.

The entries are left out of the search index (`data-search-exclude`, which MkDocs' Material
and Zensical both honour): each reference is indexed once, on its source's page. Zensical
limits the words of one section of its index, and the limit shrinks as the index grows (8,192
at the 10,000-claim benchmark's 97,372 sections); 200 references are about 12,000 words."""

FOLDER = "bibliography"
INDEX = f"{FOLDER}.md"  # the nav of every mkdocs.yml names it (not bibliography/index.md)
OTHER = "other"
_NAME = re.compile(r"(?:[a-z]|other)(?:-[2-9]|-[1-9][0-9]+)?")
# Letters that carry no combining mark to strip (NFKD leaves them as they are).
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th"})


@dataclass(frozen=True)
class Part:
    """One page of the bibliography: part `number` of the sources under `letter`."""

    letter: str  # "a" to "z", or "other"
    number: int  # from 1
    keys: tuple[str, ...]  # in order

    @property
    def name(self) -> str:
        return self.letter if self.number == 1 else f"{self.letter}-{self.number}"

    @property
    def path(self) -> str:
        return part_path(self.name)

    @property
    def label(self) -> str:
        letter = "Other" if self.letter == OTHER else self.letter.upper()
        return letter if self.number == 1 else f"{letter} {self.number}"


def part_path(name: str) -> str:
    """The page of the part `name` (`a`, `a-2`, `other`), checked before it becomes a path."""
    if _NAME.fullmatch(name) is None:
        raise ValueError(f"not a bibliography page name: {name!r}")
    return f"{FOLDER}/{name}.md"


@dataclass(frozen=True)
class Letter:
    """The sources under one initial letter, in one or more parts."""

    letter: str
    parts: tuple[Part, ...]

    @property
    def count(self) -> int:
        return sum(len(part.keys) for part in self.parts)


def split(sources: Iterable[Source], per_page: int | None = None) -> tuple[Letter, ...]:
    """The bibliography's pages by letter, or none when every source fits on the landing page
    (at most `per_page` sources, by default `PAGE_ENTRIES` as it is when called)."""
    bound = PAGE_ENTRIES if per_page is None else per_page
    if bound < 1:
        raise ValueError(f"a bibliography page holds at least one source, not {bound}")
    ordered = sorted(sources, key=_order)
    if len(ordered) <= bound:
        return ()
    groups: dict[str, list[str]] = {}
    for source in ordered:
        groups.setdefault(initial(source), []).append(source.key)
    return tuple(_letter(letter, keys, bound) for letter, keys in groups.items())


def _letter(letter: str, keys: list[str], bound: int) -> Letter:
    count = page_count(len(keys), bound)  # parts of equal size, each at most `bound`
    size = -(-len(keys) // count)
    return Letter(
        letter,
        tuple(Part(letter, n + 1, tuple(keys[n * size : (n + 1) * size])) for n in range(count)),
    )


def entries(sources: Iterable[Source]) -> list[str]:
    """The keys of `sources` in the bibliography's order (the landing page of a small one)."""
    return [source.key for source in sorted(sources, key=_order)]


def _order(source: Source) -> tuple[bool, tuple[tuple[str, ...], str, str, str]]:
    """Letter by letter, those under no letter last; within a letter, APA 7's order."""
    return initial(source) == OTHER, sort_key(source)


def sort_key(source: Source) -> tuple[tuple[str, ...], str, str, str]:
    """APA 7's order: the authors' names (or the editors', or the title), year, title, key."""
    people = source.authors or source.editors
    names = tuple(_fold(_person(person)) for person in people) or (_fold(source.title),)
    return names, (source.date or source.year)[:4], _fold(source.title), source.key


def initial(source: Source) -> str:
    """The letter a source is listed under: `a` to `z`, or `other`."""
    first = sort_key(source)[0][0].lstrip("\"'“‘([{¿¡ ")[:1]
    return first if "a" <= first <= "z" else OTHER


def _person(person: Person) -> str:
    return person.literal or f"{person.family} {person.given}".strip()


def _fold(text: str) -> str:
    """Lower case without accents (`Østergaard` -> `ostergaard`), for sorting and grouping."""
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_FOLD)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
