"""Benchmark: check, build and serve on synthetic knowledge bases of 100 to 50,000 claims.

Everything is measured side by side in one run, and targets are ratios, so they hold on a
noisy machine:

- check at 10,000 claims: at most 1.5x the bare floor (the same files loaded with PyYAML's
  CSafeLoader and bibtexparser, nothing else) and at least 6x faster than check-jsonschema
  on the same claim files against schema/claim.schema.json;
- build: our own work (everything but MkDocs, start-up included) at most 15% of the build at
  1,000 claims; 10x the claims costs at most 12x the time (1,000 -> 10,000); peak memory at
  most 1 GiB at 10,000;
- serve at 1,000 claims: after a claim file is saved, the browser shows the change within 2 s;
- failure scenarios (bench/failures.py) at 10,000 and 50,000 claims: `check` with the largest
  .bib file deleted, with 10% of the evidence source keys misspelled, and with one claim file
  that is not valid YAML, each within 1.5x of the clean check of the same files. A run still
  going after 10x the clean time (at least 60 s) is stopped and reported "> N s (stopped)".

Times of check and floor are the best of `--repeat` runs; of build, the median of `--repeat`
cold builds (one at 10,000 claims); memory is the peak resident set of the process and its
workers, the highest of the runs. The table goes to stdout and, with --write, into
src/evidencekb/docs/performance.md (the clean sizes and the failure scenarios each into a
section of their own, so a run of either updates only its own). Exit status 1 when a target is
missed.

    python bench/run.py                       # 100, 1,000 and 10,000 claims, failures at 10,000
                                              # and 50,000 (about 40 minutes)
    python bench/run.py --sizes 100 1000 --no-failures --write
    python bench/run.py --sizes --failure-sizes 10000 50000 --no-serve --write  # failures only
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from failures import Failure, failure_targets, measure_failures, render_failures
from generate import REPOSITORY, generate
from measure import Run, faster, run
from serve_timing import measure_serve

FLOOR = """
import sys, yaml, bibtexparser
from pathlib import Path
root = Path(sys.argv[1])
for path in sorted((root / "claims").rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
for path in sorted((root / "sources").glob("*.bib")):
    bibtexparser.parse_string(path.read_text(encoding="utf-8"))
"""
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"
# The failure scenarios have a section of their own, so a run of only them (`--sizes` with no
# size) updates it without a full run.
FAILURE_MARKS = ("<!-- bench-failures:start -->", "<!-- bench-failures:end -->")


@dataclass
class Row:
    claims: int
    check: Run | None = None
    floor: Run | None = None
    jsonschema: Run | None = None
    build: Run | None = None
    stages: dict[str, float] = field(default_factory=dict)


def main() -> int:
    args = _arguments()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="evidencekb-bench-"))
    rows = []
    for size in args.sizes:
        root = _generate(workdir, size)
        rows.append(measure(root, size, args.repeat))
    serve_seconds = None
    if not args.no_serve and 1000 in args.sizes:
        print("== serve: edit one claim of 1,000, wait for the browser", file=sys.stderr)
        serve_seconds = measure_serve(workdir / "kb-1000")
    failures: list[Failure] = []
    for size in [] if args.no_failures else args.failure_sizes:
        root = workdir / f"kb-{size}" if size in args.sizes else _generate(workdir, size)
        print(f"== {size:,} claims: failure scenarios", file=sys.stderr, flush=True)
        failures += measure_failures(root, size, args.repeat, args.stop_after)
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)

    report = render_report(rows, serve_seconds, failures)
    print(report)
    if args.write and rows:
        write_performance_page(render_report(rows, serve_seconds), (MARK_START, MARK_END))
    if args.write and failures:
        write_performance_page(render_report([], None, failures), FAILURE_MARKS)
    met = [ok for _, _, ok in targets(rows, serve_seconds, failures) if ok is not None]
    return 0 if all(met) else 1


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of check, floor and build")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve measurement")
    parser.add_argument(
        "--failure-sizes",
        type=int,
        nargs="*",
        default=[10000, 50000],
        help="sizes to run the failure scenarios of check at",
    )
    parser.add_argument("--no-failures", action="store_true", help="skip the failure scenarios")
    parser.add_argument(
        "--stop-after",
        type=float,
        default=600,
        metavar="SECONDS",
        help="stop a clean check at a failure size after this long (default 600)",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="update src/evidencekb/docs/performance.md (the site's performance page)",
    )
    parser.add_argument("--keep", type=Path, help="generate knowledge bases here and keep them")
    return parser.parse_args()


def _generate(workdir: Path, size: int) -> Path:
    root = workdir / f"kb-{size}"
    print(f"== {size:,} claims: generating in {root}", file=sys.stderr, flush=True)
    generate(root, size)
    # Let the disk take in what was just deleted and written first: otherwise the
    # kernel's write-back of 15,000 removed and created files slows the runs measured next.
    os.sync()
    return root


# --- measuring ----------------------------------------------------------------------------


def measure(root: Path, size: int, repeat: int) -> Row:
    row = Row(size)
    python = sys.executable
    for _ in range(repeat):  # interleaved, so both see the same machine
        check = run([python, "-m", "evidencekb", "check"], root)
        floor = run([python, "-c", FLOOR, str(root)], root)
        _expect(check, "check")
        _expect(floor, "floor")
        row.check = faster(row.check, check)
        row.floor = faster(row.floor, floor)
    print(f"   check {row.check.seconds:.2f}s, floor {row.floor.seconds:.2f}s", file=sys.stderr)
    row.jsonschema = _check_jsonschema(root)
    builds = [_cold_build(root) for _ in range(1 if size >= 10000 else repeat)]
    row.build = sorted(builds, key=lambda b: b.seconds)[len(builds) // 2]  # the median
    row.build.peak_mib = max(b.peak_mib for b in builds)
    found = re.search(r"timings: (.*)", row.build.output)
    row.stages = {
        name: float(value)
        for name, value in (pair.split("=") for pair in (found.group(1).split() if found else []))
    }
    return row


def _cold_build(root: Path) -> Run:
    """`build` with no earlier output to reuse."""
    shutil.rmtree(root / "build", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)
    os.sync()  # see main()
    result = run([sys.executable, "-m", "evidencekb", "build", "--timings"], root)
    _expect(result, "build")
    timings = re.search(r"timings: .*", result.output)
    print(f"   build {result.seconds:.1f}s {timings and timings[0]}", file=sys.stderr, flush=True)
    return result


def _expect(result: Run, what: str) -> None:
    if result.status != 0:
        sys.exit(f"{what} failed with status {result.status}:\n{result.output[-2000:]}")


def _check_jsonschema(root: Path) -> Run | None:
    beside_python = Path(sys.executable).parent / "check-jsonschema"
    executable = str(beside_python) if beside_python.exists() else shutil.which("check-jsonschema")
    if executable is None:
        print("   check-jsonschema not installed (pip install -e '.[bench]')", file=sys.stderr)
        return None
    files = sorted(str(p.relative_to(root)) for p in (root / "claims").rglob("*.yaml"))
    schema = REPOSITORY / "schema" / "claim.schema.json"
    result = run([executable, "--schemafile", str(schema), *files], root)
    _expect(result, "check-jsonschema")
    print(f"   check-jsonschema {result.seconds:.1f}s", file=sys.stderr, flush=True)
    return result


# --- reporting ----------------------------------------------------------------------------


def targets(
    rows: list[Row], serve_seconds: float | None, failures: Sequence[Failure] = ()
) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for every target the measured sizes allow."""
    by_size = {row.claims: row for row in rows}
    found: list[tuple[str, str, bool | None]] = []
    if (big := by_size.get(10000)) and big.check and big.floor:
        ratio = big.check.seconds / big.floor.seconds
        found.append(("check <= 1.5x floor at 10,000", f"{ratio:.2f}x", ratio <= 1.5))
        if big.jsonschema:
            speedup = big.jsonschema.seconds / big.check.seconds
            found.append(
                ("check >= 6x faster than check-jsonschema", f"{speedup:.1f}x", speedup >= 6)
            )
    if (mid := by_size.get(1000)) and mid.build:
        share = own_share(mid)
        found.append(("build: own work <= 15% at 1,000", f"{share:.1%}", share <= 0.15))
    if mid and big and mid.build and big.build:
        growth = big.build.seconds / mid.build.seconds
        found.append(("build 1,000 -> 10,000 <= 12x", f"{growth:.1f}x", growth <= 12))
    if big and big.build:
        peak = big.build.peak_mib
        found.append(("build peak memory <= 1 GiB", f"{peak:,.0f} MiB", peak <= 1024))
    if serve_seconds is not None:
        found.append(
            ("serve: edit shown <= 2 s at 1,000", f"{serve_seconds:.2f} s", serve_seconds <= 2)
        )
    return found + failure_targets(list(failures))


def own_share(row: Row) -> float:
    """Everything in a build that is not MkDocs (start-up included), as a share of it."""
    assert row.build is not None
    mkdocs = row.stages.get("mkdocs", 0.0)
    return (row.build.seconds - mkdocs) / row.build.seconds


def render_report(
    rows: list[Row], serve_seconds: float | None, failures: Sequence[Failure] = ()
) -> str:
    lines = [f"Measured {dt.date.today().isoformat()} on {machine()}.", ""]
    if rows:
        lines += _clean_table(rows)
    if failures:
        lines += [*render_failures(list(failures)), ""]
    lines += ["| target | measured | met |", "|---|---|---|"]
    for name, measured, met in targets(rows, serve_seconds, failures):
        lines.append(f"| {name} | {measured} | {'yes' if met else '**no**'} |")
    return "\n".join(lines) + "\n"


def _clean_table(rows: list[Row]) -> list[str]:
    lines = [
        "| claims (sources) | check | floor | check / floor | check-jsonschema | speed-up "
        "| check peak | build | own work | MkDocs | build peak |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        assert row.check and row.floor and row.build
        schema = row.jsonschema
        lines.append(
            f"| {row.claims:,} ({max(row.claims // 2, 10):,}) "
            f"| {row.check.seconds:.2f} s | {row.floor.seconds:.2f} s "
            f"| {row.check.seconds / row.floor.seconds:.2f}x "
            f"| {f'{schema.seconds:.1f} s' if schema else 'n/a'} "
            f"| {f'{schema.seconds / row.check.seconds:.1f}x' if schema else 'n/a'} "
            f"| {row.check.peak_mib:,.0f} MiB | {row.build.seconds:.1f} s "
            f"| {own_share(row):.1%} | {row.stages.get('mkdocs', 0):.1f} s "
            f"| {row.build.peak_mib:,.0f} MiB |"
        )
    return [*lines, ""]


def machine() -> str:
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        info = []
    names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
    cpu = names[0] if names else platform.machine()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def write_performance_page(report: str, marks: tuple[str, str]) -> None:
    """Replace what is between `marks` on the performance page with `report`."""
    page = REPOSITORY / "src" / "evidencekb" / "docs" / "performance.md"
    text = page.read_text(encoding="utf-8")
    start, end = text.index(marks[0]) + len(marks[0]), text.index(marks[1])
    page.write_text(text[:start] + "\n" + report + text[end:], encoding="utf-8")
    print(f"updated {page.relative_to(REPOSITORY)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
