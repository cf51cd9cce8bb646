"""Running one command for the benchmark: its wall time and the peak memory of its process tree.

A command given a timeout is stopped (with every worker it started) once the timeout passes;
its Run says so, with the time it was given.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_mib: float
    output: str = ""
    status: int = 0
    stopped: bool = False  # still running when its timeout passed, and stopped then


def run(command: list[str], cwd: Path, timeout: float | None = None) -> Run:
    """Run a command; its wall time and the peak memory of it and its worker processes."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=timeout is not None,  # its own group, to stop workers too
        )
        stopper = _Stopper(process.pid, timeout) if timeout is not None else None
        sampler = _TreeMemory(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.stop()
        stopped = stopper is not None and stopper.finish()
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    # The largest single process (exact, from the kernel) or the whole tree at once (sampled).
    peak_mib = max(usage.ru_maxrss / 1024, sampler.peak_kib / 1024)
    if stopped and timeout is not None:
        seconds = timeout
    return Run(seconds, peak_mib, text, process.returncode, stopped)


class _Stopper:
    """Kills a process group once `timeout` seconds have passed, unless finished first."""

    def __init__(self, pid: int, timeout: float) -> None:
        self.pid = pid
        self.fired = False
        self._timer = threading.Timer(timeout, self._kill)
        self._timer.daemon = True
        self._timer.start()

    def _kill(self) -> None:
        self.fired = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)

    def finish(self) -> bool:
        """Cancel the timer; whether the timeout was reached (and the group killed)."""
        self._timer.cancel()
        return self.fired


class _TreeMemory(threading.Thread):
    """Samples the memory of a process and all its descendants together, ten times a second.

    Each process counts its proportional set size (PSS: pages shared with forked workers are
    split between them, not counted in each), so the sum is what the tree really holds.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(0.1):
            total = sum(_pss_kib(pid) for pid in _descendants(self.pid))
            self.peak_kib = max(self.peak_kib, total)

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def _pss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # gone, or no /proc (then only the kernel's single-process peak counts)
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


def faster(current: Run | None, new: Run) -> Run:
    """The faster of two runs, with the higher peak memory of the two."""
    if current is None:
        return new
    winner = new if new.seconds < current.seconds else current
    winner.peak_mib = max(current.peak_mib, new.peak_mib)
    return winner
