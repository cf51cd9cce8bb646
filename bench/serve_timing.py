"""Timing `serve`: seconds from saving a claim file to the browser showing the change.

A headless Chromium (through Selenium) has the claim page open and reloads by itself when the
server says so; without chromium and chromedriver, an HTTP poll of the page instead.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


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
