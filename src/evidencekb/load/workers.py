"""Spreading independent, CPU-bound work (parsing files, formatting references) over cores."""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

_T = TypeVar("_T")
_Item = TypeVar("_Item")


class Workers:
    """Runs tasks in worker processes (one per core) when `parallel`, else in this process;
    results come back in task order either way.

    Workers are forked, and only from a single-threaded process (`serve` runs threads, so it
    works in-process), so they start in milliseconds and inherit what is already loaded.
    """

    def __init__(self, parallel: bool) -> None:
        cores = min(os.cpu_count() or 1, 8)
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        context = _fork_context() if parallel and cores > 1 else None
        if context is not None:
            with contextlib.suppress(OSError):
                self._pool = concurrent.futures.ProcessPoolExecutor(cores, mp_context=context)
        self.count = cores if self._pool else 1

    def map(self, task: Callable[..., _T], batches: Sequence[Any], *args: Any) -> Iterator[_T]:
        """Start `task(batch, *args)` for each batch now; yield the results in order."""
        if self._pool is None:
            return (task(batch, *args) for batch in batches)
        futures = [self._pool.submit(task, batch, *args) for batch in batches]
        return (future.result() for future in futures)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def run_apart(task: Callable[..., _T], *args: Any) -> _T:
    """`task(*args)` in a forked process that ends when the task does, so everything the task
    allocated goes back to the system; in this process where it cannot fork (as `Workers`).
    The task's result (and any exception) comes back pickled."""
    context = _fork_context()
    if context is None:
        return task(*args)
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(task, *args).result()


def _fork_context() -> multiprocessing.context.BaseContext | None:
    """Forking, when this platform can and this process is single-threaded (forking a process
    with other threads can copy a lock one of them holds)."""
    if threading.active_count() != 1:
        return None
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform
        return None


def chunks(items: Sequence[_Item], count: int) -> list[list[_Item]]:
    """`items` split into at most `count` runs of nearly equal length, in order."""
    size = max(1, -(-len(items) // count))
    return [list(items[start : start + size]) for start in range(0, len(items), size)]
