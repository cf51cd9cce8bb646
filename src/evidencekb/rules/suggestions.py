""" "Did you mean": the known value closest to an unknown one, with work bounded per run.

One `Suggestions` serves one run of the project-scope checks (`ProjectView.suggestions`). Each
candidate list (source keys, claim ids, topics, an article's section headings) is sorted once,
each distinct unknown value of a list is looked up once (later ones reuse its hint), and only
the first `cap` distinct values of the run are looked up at all: a renamed or missing .bib file
can leave thousands of keys unknown, and comparing each with every key would make the slowest
path of `check` quadratic. With the cap, the matching work of a run is at most `cap` passes over
a candidate list, so it grows linearly with the knowledge base.

Matching is rapidfuzz's `fuzz.ratio` (the Indel similarity 2·LCS/(len a + len b), in C++),
with difflib's customary cutoff of 0.6. It is never below difflib's `SequenceMatcher.ratio`
(whose matching blocks are one common subsequence), so whatever difflib would suggest, a match
is found too. Ties go to the first candidate in sorted order.

The checks ask in a fixed order (the registry's order of checks, each over claims in path
order), so which values get a suggestion does not depend on worker processes or timing; the
values left without one are counted for a single notice, reported where the first of them is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from evidencekb.diagnostics import Position

CAP = 200
"""Distinct unknown values looked up per run. A person fixes a handful of misspellings at a
time; hundreds of unknown values have one cause (a renamed or missing .bib file, a renamed
topic) that no single suggestion names. 200 lookups over 25,000 source keys take about a
second on one core, well inside a clean check of such a knowledge base."""

CUTOFF = 60.0  # per cent, as difflib.get_close_matches' default cutoff of 0.6


@dataclass
class Unsuggested:
    """The unknown values of a run that were not looked up, and where the first one is."""

    count: int
    path: str
    position: Position


@dataclass
class Suggestions:
    """The suggestions of one run: sorted candidate lists, hints by value, the cap."""

    cap: int = CAP
    lookups: int = 0  # distinct (list, value) pairs compared with their candidate list
    _candidates: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _hints: dict[tuple[str, str, str], str] = field(default_factory=dict)
    _first_skipped: tuple[str, Position] | None = None
    _closed: bool = False

    def hint(
        self,
        what: str,
        value: str,
        candidates: Iterable[str],
        at: tuple[str, Position],
        group: str = "",
    ) -> str:
        """The hint for `value`, an unknown `what` (a "source key", a "claim id"...) reported at
        `at` (path, position): the closest of `candidates`, or why there is none. `what` and
        `group` (say, the article whose sections are the candidates) name one candidate list
        per run: the list given first is the one used."""
        if self._closed:
            raise RuntimeError("suggestions were asked for after their notice was reported")
        key = (what, group, value)
        known = self._hints.get(key)
        if known is None:
            known = self._decide(what, group, value, candidates)
            self._hints[key] = known
        if known == _OVER_CAP:
            self._skipped_at(at)
            return f"No suggestion: over {self.cap} unknown values in this run; check the spelling."
        return known

    def close(self) -> Unsuggested | None:
        """The values left without a suggestion (None if every one was looked up). No hint may
        be asked for afterwards: the count would miss it."""
        self._closed = True
        skipped = sum(1 for hint in self._hints.values() if hint == _OVER_CAP)
        if self._first_skipped is None:
            return None
        return Unsuggested(skipped, *self._first_skipped)

    def _decide(self, what: str, group: str, value: str, candidates: Iterable[str]) -> str:
        if self.lookups >= self.cap:
            return _OVER_CAP
        self.lookups += 1
        choices = self._candidates.get((what, group))
        if choices is None:
            choices = self._candidates[(what, group)] = sorted(set(candidates))
        match = closest(value, choices)
        if match is None:
            return f"No {what} is close to {value!r}; check the spelling."
        return f"Did you mean {match!r}?"

    def _skipped_at(self, at: tuple[str, Position]) -> None:
        if self._first_skipped is None or at < self._first_skipped:
            self._first_skipped = at


_OVER_CAP = "\0over cap"  # a marker no hint text can equal


def closest(value: str, choices: list[str]) -> str | None:
    """The candidate of `choices` most similar to `value` (ties: the earliest), if any reaches
    the cutoff."""
    found = process.extractOne(value, choices, scorer=fuzz.ratio, score_cutoff=CUTOFF)
    return None if found is None else found[0]
