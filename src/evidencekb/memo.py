"""Remembering what was derived from an object while the same object keeps coming back.

`serve` keeps the parsed documents of unchanged files between saves (`load.FileCache`), so
what the later stages derive from one document alone (its validated model and diagnostics, its
JSON, its CSL item) can be kept too: a save then costs work for the changed file only.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

_T = TypeVar("_T")


class Memo:
    """Values keyed by (what, object identity), for objects that are not hashable by value.

    An entry holds its object, so the object's id cannot be reused while the entry lives.
    `sweep()` drops the entries not asked for since the previous sweep (deleted or changed
    files). `Memo(keep=False)` computes every time: the one-shot `check` and `build`.
    """

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self._kept: dict[tuple[Hashable, int], tuple[Any, Any]] = {}
        self._used: dict[tuple[Hashable, int], tuple[Any, Any]] = {}

    def get(self, what: Hashable, obj: object, compute: Callable[[], _T]) -> _T:
        """`compute()`, or its value from the last time it was asked for (what, obj)."""
        if not self.keep:
            return compute()
        key = (what, id(obj))
        entry = self._used.get(key) or self._kept.get(key)
        if entry is None or entry[0] is not obj:
            entry = (obj, compute())
        self._used[key] = entry
        return entry[1]

    def sweep(self) -> None:
        """Forget what was not asked for since the last sweep."""
        self._kept, self._used = self._used, {}


NO_MEMO = Memo(keep=False)
