"""Memo: values derived from an object, kept while the very same object comes back."""

from __future__ import annotations

from evidencekb.memo import Memo


def test_the_same_object_gets_the_kept_value_and_an_equal_one_does_not() -> None:
    memo, calls = Memo(), []

    def compute(value: list[int]) -> int:
        calls.append(value)
        return sum(value)

    first, twin = [1, 2], [1, 2]
    assert memo.get("sum", first, lambda: compute(first)) == 3
    assert memo.get("sum", first, lambda: compute(first)) == 3
    assert memo.get("sum", twin, lambda: compute(twin)) == 3
    assert memo.get("len", first, lambda: len(first)) == 2

    assert calls == [first, twin]


def test_sweep_forgets_what_was_not_asked_for_since_the_last_sweep() -> None:
    memo, calls = Memo(), []
    kept, dropped = object(), object()
    for obj in (kept, dropped):
        memo.get("x", obj, lambda obj=obj: calls.append(obj))
    memo.sweep()
    memo.get("x", kept, lambda: calls.append(kept))
    memo.sweep()
    memo.get("x", kept, lambda: calls.append(kept))
    memo.get("x", dropped, lambda: calls.append(dropped))

    assert calls == [kept, dropped, dropped]


def test_a_memo_that_does_not_keep_computes_every_time() -> None:
    memo, calls = Memo(keep=False), []
    obj = object()
    memo.get("x", obj, lambda: calls.append(obj))
    memo.get("x", obj, lambda: calls.append(obj))
    assert calls == [obj, obj]
