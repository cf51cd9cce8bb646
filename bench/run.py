"""Benchmark: check, build and serve on synthetic knowledge bases of 100 to 10,000 claims.

Everything is measured side by side in one run, and targets are ratios, so they hold on a
noisy machine:

- check at 10,000 claims: at most 1.5x the bare floor (the same files loaded with PyYAML's
  CSafeLoader and bibtexparser, nothing else) and at least 6x faster than check-jsonschema
  on the same claim files against schema/claim.schema.json;
- build: our own work (everything but MkDocs, start-up included) at most 15% of the build at
  1,000 claims; 10x the claims costs at most 12x the time (1,000 -> 10,000); peak memory at
  most 1 GiB at 10,000;
- serve at 1,000 claims: after a claim file is saved, the browser shows the change within 2 s.

Times of check and floor are the best of `--repeat` runs; of build, the median of `--repeat`
cold builds (one at 10,000 claims); memory is the peak resident set of the process and its
workers, the highest of the runs. The table goes to stdout and, with --write, into
src/evidencekb/docs/performance.md. Exit status 1 when a target is missed.

    python bench/run.py                       # 100, 1,000 and 10,000 claims (about 15 minutes)
    python bench/run.py --sizes 100 1000 --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import REPOSITORY, generate

FLOOR = """
import sys, yaml, bibtexparser
from pathlib import Path
root = Path(sys.argv[1])
for path in sorted((root / "claims").rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
for path in sorted((root / "sources").glob("*.bib")):
    bibtexparser.parse_string(path.read_text(encoding="utf-8"))
"""
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


@dataclass
class Run:
    seconds: float
    peak_mib: float
    output: str = ""
    status: int = 0


@dataclass
class Row:
    claims: int
    check: Run | None = None
    floor: Run | None = None
    jsonschema: Run | None = None
    build: Run | None = None
    stages: dict[str, float] = field(default_factory=dict)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of check, floor and build")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve measurement")
    parser.add_argument(
        "--write",
        action="store_true",
        help="update src/evidencekb/docs/performance.md (the site's performance page)",
    )
    parser.add_argument("--keep", type=Path, help="generate knowledge bases here and keep them")
    args = parser.parse_args()

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="evidencekb-bench-"))
    rows = []
    for size in args.sizes:
        root = workdir / f"kb-{size}"
        print(f"== {size:,} claims: generating in {root}", file=sys.stderr, flush=True)
        generate(root, size)
        # Let the disk take in what was just deleted and written first: otherwise the
        # kernel's write-back of 15,000 removed and created files slows the runs measured next.
        os.sync()
        rows.append(measure(root, size, args.repeat))
    serve_seconds = None
    if not args.no_serve and 1000 in args.sizes:
        print("== serve: edit one claim of 1,000, wait for the browser", file=sys.stderr)
        serve_seconds = measure_serve(workdir / "kb-1000")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)

    report = render_report(rows, serve_seconds)
    print(report)
    if args.write:
        write_performance_page(report)
    return 0 if all(ok for _, _, ok in targets(rows, serve_seconds) if ok is not None) else 1


# --- measuring ----------------------------------------------------------------------------


def run(command: list[str], cwd: Path) -> Run:
    """Run a command; its wall time and the peak memory of it and its worker processes."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        sampler = _TreeMemory(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    # The largest single process (exact, from the kernel) or the whole tree at once (sampled).
    peak_mib = max(usage.ru_maxrss / 1024, sampler.peak_kib / 1024)
    return Run(seconds, peak_mib, text, process.returncode)


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


def measure(root: Path, size: int, repeat: int) -> Row:
    row = Row(size)
    python = sys.executable
    for _ in range(repeat):  # interleaved, so both see the same machine
        check = run([python, "-m", "evidencekb", "check"], root)
        floor = run([python, "-c", FLOOR, str(root)], root)
        _expect(check, "check")
        _expect(floor, "floor")
        row.check = _faster(row.check, check)
        row.floor = _faster(row.floor, floor)
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


def _faster(current: Run | None, new: Run) -> Run:
    if current is None:
        return new
    winner = new if new.seconds < current.seconds else current
    winner.peak_mib = max(current.peak_mib, new.peak_mib)
    return winner


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


def measure_serve(root: Path) -> float | None:
    """Seconds from saving a claim file to the new title showing in the served page (the
    median of five edits)."""
    port = _free_port()
    log = (root / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "evidencekb", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/claims/claim-00042/"
    try:
        _wait_for(url, timeout=600)
        browser = _browser()
        try:
            run_id = int(time.time())  # every edit changes the file, whatever an earlier run left
            times = [_time_edit(root, url, browser, f"Edit {n} of run {run_id}") for n in range(5)]
            print(f"   serve: {', '.join(f'{t:.2f}' for t in times)} s", file=sys.stderr)
            return sorted(times)[len(times) // 2]
        finally:
            if browser is not None:
                browser.quit()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _time_edit(root: Path, url: str, browser, marker: str) -> float:
    """Seconds from saving the claim file to the browser having loaded the page that shows it.

    The browser is not polled meanwhile (polling 50 times a second would take CPU from the
    server being measured): it reloads by itself when the server says so, and its navigation
    timing tells when the reloaded page finished loading. Without a browser, an HTTP poll.
    """
    claim = root / "claims" / "topic-06" / "claim-00042.yaml"
    if browser is not None:
        browser.get(url)
    time.sleep(2)  # let the live-reload script connect, and the last rebuild settle
    text = claim.read_text(encoding="utf-8")
    claim.write_text(
        re.sub(r"(?m)^title: .*$", f"title: {marker}", text, count=1), encoding="utf-8"
    )
    saved = time.time()
    if browser is None:
        while time.time() < saved + 60:
            if marker in _fetch(url):
                return time.time() - saved
            time.sleep(0.02)
        raise RuntimeError("the edit never showed up in the served page")
    for _ in range(60):
        time.sleep(1)
        if marker in browser.title:
            loaded = browser.execute_script(
                "const [n] = performance.getEntriesByType('navigation');"
                "return performance.timeOrigin + n.loadEventEnd;"
            )
            return loaded / 1000 - saved
    raise RuntimeError("the edit never showed up in the browser")


def _browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        print("   no chromium/chromedriver: timing an HTTP poll instead", file=sys.stderr)
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='bench-chromium-')}")
    return webdriver.Chrome(service=Service(driver), options=options)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if _fetch(url):
            return
        time.sleep(0.5)
    raise RuntimeError(f"serve did not answer at {url}")


# --- reporting ----------------------------------------------------------------------------


def targets(rows: list[Row], serve_seconds: float | None) -> list[tuple[str, str, bool | None]]:
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
    return found


def own_share(row: Row) -> float:
    """Everything in a build that is not MkDocs (start-up included), as a share of it."""
    assert row.build is not None
    mkdocs = row.stages.get("mkdocs", 0.0)
    return (row.build.seconds - mkdocs) / row.build.seconds


def render_report(rows: list[Row], serve_seconds: float | None) -> str:
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine()}.",
        "",
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
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    for name, measured, met in targets(rows, serve_seconds):
        lines.append(f"| {name} | {measured} | {'yes' if met else '**no**'} |")
    return "\n".join(lines) + "\n"


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


def write_performance_page(report: str) -> None:
    page = REPOSITORY / "src" / "evidencekb" / "docs" / "performance.md"
    text = page.read_text(encoding="utf-8")
    start, end = text.index(MARK_START) + len(MARK_START), text.index(MARK_END)
    page.write_text(text[:start] + "\n" + report + text[end:], encoding="utf-8")
    print(f"updated {page.relative_to(REPOSITORY)}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
