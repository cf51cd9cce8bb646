"""Failure scenarios: `check` on a generated knowledge base with one thing broken, timed beside
the clean check of the same knowledge base.

- **missing .bib file**: the `.bib` file holding the most entries is deleted (`refs-000.bib`,
  which also holds the articles under review, so every claim loses the source it is asserted in);
- **10% of references misspelled**: every 10th evidence `source:` key of the claim files (counted
  across the files in path order) has its last letter changed (`src00042` -> `srd00042`);
- **one claim file broken**: the first claim file is not valid YAML (its title opens a list that
  is never closed).

Each maker changes the knowledge base in place and returns the original bytes of every file it
changed or deleted; `restore` puts them back. The target: each scenario checks within 1.5x of
the clean check at the same size. A run still going after 10x the clean time (at least 60 s) is
stopped and reported as such.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from measure import Run, faster, run

Undo = dict[Path, bytes]  # the original content of each file a scenario changed or deleted
CLEAN = "clean"
TARGET_RATIO = 1.5
MISSPELL_EVERY = 10
MIN_TIMEOUT = 60.0
TIMEOUT_FACTOR = 10
_EVIDENCE_SOURCE = re.compile(r"^(  - source: )(\S+)$")


def missing_bib(root: Path) -> Undo:
    """Delete the .bib file with the most entries (the first in name order if several)."""
    files = sorted((root / "sources").rglob("*.bib"))
    biggest = max(files, key=lambda path: _entries(path.read_text(encoding="utf-8")))
    undo = {biggest: biggest.read_bytes()}
    biggest.unlink()
    return undo


def _entries(bibtex: str) -> int:
    return sum(1 for line in bibtex.splitlines() if line.startswith("@"))


def misspell(key: str) -> str:
    """The key with its last letter replaced by the next one in the alphabet (z becomes a)."""
    at = max(i for i, char in enumerate(key) if char.isalpha())
    letter = key[at]
    after = "a" if letter == "z" else "A" if letter == "Z" else chr(ord(letter) + 1)
    return key[:at] + after + key[at + 1 :]


def misspelled_references(root: Path, every: int = MISSPELL_EVERY) -> Undo:
    """Misspell every `every`-th evidence source key, counted across the claim files."""
    undo: Undo = {}
    seen = 0
    for path in sorted((root / "claims").rglob("*.yaml")):
        original = path.read_bytes()
        lines = original.decode("utf-8").split("\n")
        in_evidence = False
        for n, line in enumerate(lines):
            if line and not line.startswith((" ", "#")):
                in_evidence = line.rstrip() == "evidence:"
            elif in_evidence and (found := _EVIDENCE_SOURCE.match(line)):
                seen += 1
                if seen % every == 0:
                    lines[n] = found.group(1) + misspell(found.group(2))
        changed = "\n".join(lines).encode("utf-8")
        if changed != original:
            undo[path] = original
            path.write_bytes(changed)
    return undo


def broken_claim(root: Path) -> Undo:
    """Make the first claim file invalid YAML: its title opens a flow sequence never closed."""
    path = sorted((root / "claims").rglob("*.yaml"))[0]
    original = path.read_bytes()
    text = re.sub(r"(?m)^title: ", "title: [", original.decode("utf-8"), count=1)
    path.write_bytes(text.encode("utf-8"))
    return {path: original}


def restore(undo: Undo) -> None:
    for path, content in undo.items():
        path.write_bytes(content)


SCENARIOS: dict[str, Callable[[Path], Undo]] = {
    "missing .bib file": missing_bib,
    "10% of references misspelled": misspelled_references,
    "one claim file broken": broken_claim,
}


@dataclass
class Failure:
    claims: int
    scenario: str  # CLEAN or a key of SCENARIOS
    check: Run


def measure_failures(root: Path, size: int, repeat: int, stop_after: float) -> list[Failure]:
    """The clean check and each scenario's check at one size, best of `repeat` (interleaved).

    The clean check is stopped after `stop_after` seconds; each scenario after 10x the clean
    time (at least 60 s; `stop_after` if the clean check was stopped). A stopped run is not
    repeated.
    """
    best: dict[str, Run] = {}
    command = [sys.executable, "-m", "evidencekb", "check"]
    for _ in range(repeat):
        for scenario in (CLEAN, *SCENARIOS):
            if scenario in best and best[scenario].stopped:
                continue
            undo = SCENARIOS[scenario](root) if scenario != CLEAN else {}
            try:
                result = run(command, root, timeout=_timeout(best.get(CLEAN), stop_after))
            finally:
                restore(undo)
            best[scenario] = faster(best.get(scenario), result)
            print(f"   {scenario}: {describe(result)}", file=sys.stderr, flush=True)
    return [Failure(size, scenario, check) for scenario, check in best.items()]


def _timeout(clean: Run | None, stop_after: float) -> float:
    if clean is None or clean.stopped:
        return stop_after
    return max(MIN_TIMEOUT, TIMEOUT_FACTOR * clean.seconds)


def describe(check: Run) -> str:
    """`12.34 s`, `> 60 s (stopped)`, or the time with an exit status no scenario should give."""
    if check.stopped:
        return f"> {check.seconds:.0f} s (stopped)"
    note = " (crashed)" if "Traceback" in check.output else ""
    return f"{check.seconds:.2f} s{note}"


def render_failures(failures: list[Failure]) -> list[str]:
    """The failure table's lines: each scenario's check beside the clean one at its size."""
    clean = {f.claims: f.check for f in failures if f.scenario == CLEAN}
    lines = [
        "| claims (sources) | scenario | check | / clean | check peak | exit |",
        "|---|---|---|---|---|---|",
    ]
    for failure in failures:
        check, base = failure.check, clean.get(failure.claims)
        lines.append(
            f"| {failure.claims:,} ({max(failure.claims // 2, 10):,}) | {failure.scenario} "
            f"| {describe(check)} | {_ratio(check, base)} | {check.peak_mib:,.0f} MiB "
            f"| {'-' if check.stopped else check.status} |"
        )
    return lines


def _ratio(check: Run, base: Run | None) -> str:
    if base is None or base.stopped:
        return "n/a"
    return f"{'> ' if check.stopped else ''}{check.seconds / base.seconds:.2f}x"


def failure_targets(failures: list[Failure]) -> list[tuple[str, str, bool | None]]:
    """Per size: every failure scenario within 1.5x of the clean check (the worst one shown)."""
    found: list[tuple[str, str, bool | None]] = []
    for size in dict.fromkeys(f.claims for f in failures):
        here = [f for f in failures if f.claims == size]
        name = f"failure scenarios <= {TARGET_RATIO}x clean check at {size:,}"
        clean = next((f.check for f in here if f.scenario == CLEAN), None)
        if clean is None or clean.stopped or clean.status != 0:
            found.append((name, "clean check " + (describe(clean) if clean else "missing"), False))
            continue
        worst = max((f for f in here if f.scenario != CLEAN), key=lambda f: f.check.seconds)
        ratio = worst.check.seconds / clean.seconds
        stopped = " (stopped)" if worst.check.stopped else ""
        measured = f"{'> ' if stopped else ''}{ratio:.2f}x ({worst.scenario}{stopped})"
        crashed = any("Traceback" in f.check.output for f in here)
        found.append((name, measured, ratio <= TARGET_RATIO and not stopped and not crashed))
    return found
