"""What a page read while it rendered, so `serve` re-renders exactly the pages an edit changes.

Pages render from a recording view of the knowledge base (`recording_view`): its mappings and
lists note each read in a `Reads` as a key `(field, item)`: `("claims", "x")` for claim x,
`("claims", None)` for all of them (iterating, counting), `("citations", "k")` for the claims
citing source k, `("references", "k")`, `("options", None)`... A page is up to date while the
value behind each of its keys is the same (`Changes`); nothing restates what a template shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from typing import Any, TypeVar, cast

from evidencekb.index import KnowledgeBase

Key = tuple[str, Hashable]  # (field, item); item None: the whole field
_T = TypeVar("_T")

# The fields of the knowledge base a page can read, and how `explain` names their items.
_WORDS = {
    "claims": ("claim", "all claims"),
    "sources": ("source", "all sources"),
    "claim_paths": ("the file of claim", "the claim files"),
    "outlines": ("the outline of", "the outlines"),
    "docs": ("doc", "the docs"),
    "citations": ("the claims citing", "all citations"),
    "assertions": ("the claims asserted in", "all assertions"),
    "backlinks": ("the claims relating to", "all relations"),
    "claims_by_topic": ("the claims of topic", "the claims by topic"),
    "failed_claims": ("failed claim", "the failed claims"),
    "topics": ("topic", "the topics"),
    "references": ("the reference of", "the references"),
    "options": ("option", "the settings"),
}
_MAPPINGS = [field for field in _WORDS if field not in {"topics", "references", "options"}]


class Reads:
    """The keys read by the page being rendered; `kept` values carry their reads along."""

    def __init__(self) -> None:
        self.current: set[Key] = set()

    def add(self, key: Key) -> None:
        self.current.add(key)

    def of(self, render: Callable[[], _T]) -> tuple[_T, frozenset[Key]]:
        """`render()`, and what it read."""
        outer, self.current = self.current, set()
        try:
            value = render()
            return value, frozenset(self.current)
        finally:
            self.current = outer

    def kept(self, store: dict[Hashable, tuple[Any, frozenset[Key]]], key: Hashable,
             compute: Callable[[], _T]) -> _T:  # fmt: skip
        """`compute()` kept in `store` for later pages of the same render, which read what it
        read as if they had computed it themselves."""
        entry = store.get(key)
        if entry is None:
            entry = store[key] = self.of(compute)
        self.current |= entry[1]
        return cast(_T, entry[0])


class RecordedMapping(Mapping[Any, Any]):
    """A read-only mapping that records `(field, key)` per lookup, `(field, None)` per scan."""

    __slots__ = ("_data", "_field", "_reads")

    def __init__(self, data: Mapping[Any, Any], field: str, reads: Reads) -> None:
        self._data, self._field, self._reads = data, field, reads

    def __getitem__(self, key: Any) -> Any:
        self._reads.current.add((self._field, key))
        return self._data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._reads.current.add((self._field, key))
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._reads.current.add((self._field, key))
        return key in self._data

    def __iter__(self) -> Iterator[Any]:
        self._reads.current.add((self._field, None))
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.current.add((self._field, None))
        return len(self._data)

    def values(self) -> Any:
        self._reads.current.add((self._field, None))
        return self._data.values()

    def items(self) -> Any:
        self._reads.current.add((self._field, None))
        return self._data.items()


class RecordedList(Sequence[Any]):
    """A read-only list that records `(field, None)` whenever it is read."""

    __slots__ = ("_data", "_field", "_reads")

    def __init__(self, data: Sequence[Any], field: str, reads: Reads) -> None:
        self._data, self._field, self._reads = data, field, reads

    def __getitem__(self, index: Any) -> Any:
        self._reads.current.add((self._field, None))
        return self._data[index]

    def __iter__(self) -> Iterator[Any]:
        self._reads.current.add((self._field, None))
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.current.add((self._field, None))
        return len(self._data)


def recording_view(kb: KnowledgeBase, reads: Reads) -> KnowledgeBase:
    """The knowledge base as pages see it: the same fields and methods, every read recorded."""
    fields: dict[str, Any] = {
        field: RecordedMapping(getattr(kb, field), field, reads) for field in _MAPPINGS
    }
    fields["topics"] = RecordedList(kb.topics, "topics", reads)
    return dataclasses.replace(kb, **fields)


_MISSING = object()


class Changes:
    """Which keys have another value now than in the previous render (each looked at once)."""

    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self._old, self._new = old, new  # field -> its whole value, in each render
        self._known: dict[Key, bool] = {}

    def changed(self, key: Key) -> bool:
        known = self._known.get(key)
        if known is None:
            old, new = self._value(self._old, key), self._value(self._new, key)
            known = self._known[key] = not (old is new or old == new)
        return known

    def why(self, reads: frozenset[Key]) -> str | None:
        """Why a page that read `reads` must be rendered again; None: it need not."""
        changed = sorted((key for key in reads if self.changed(key)), key=repr)
        if not changed:
            return None
        return ", ".join(f"reads {describe(key)} ({self._how(key)})" for key in changed[:3]) + (
            f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        )

    def _how(self, key: Key) -> str:
        if self._value(self._old, key) is _MISSING:
            return "added"
        return "removed" if self._value(self._new, key) is _MISSING else "changed"

    @staticmethod
    def _value(fields: Mapping[str, Any], key: Key) -> Any:
        whole = fields.get(key[0], _MISSING)
        if key[1] is None or whole is _MISSING:
            return whole
        return whole.get(key[1], _MISSING)


def describe(key: Key) -> str:
    """A key in words: `claim x`, `the sources`."""
    one, every = _WORDS.get(key[0], (key[0], key[0]))
    return every if key[1] is None else f"{one} {key[1]}"


def fields_of(kb: KnowledgeBase, **more: Any) -> dict[str, Any]:
    """The values a render's keys are looked up in: the knowledge base's fields, and `more`."""
    return {field: getattr(kb, field) for field in [*_MAPPINGS, "topics"]} | more
