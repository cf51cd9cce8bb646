"""Headless Chromium for the browser tests: found or skipped with a reason (failing under
CI=true), started with the flags DEVELOPERS.md lists, a local server for a built site, the
pages of a built site, and the viewport, media and colour scheme a test reads a page in."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
)


def require_browser() -> None:
    if CHROMIUM and CHROMEDRIVER:
        return
    reason = "no headless Chromium: apt-get install chromium chromium-driver"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Any]:
    """A Selenium driver for headless Chromium with a fresh profile, its console log kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    require_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    profile = tempfile.mkdtemp(prefix="ekb-chromium-")
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """The folder served over HTTP on a free local port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def site_paths(site: Path) -> list[str]:
    """The URL path of every page of a built site ("/", "/claims/x/"...), 404.html aside."""
    folders = sorted(page.relative_to(site).parent for page in site.rglob("index.html"))
    return ["/" + "".join(f"{part}/" for part in folder.parts) for folder in folders]


def viewport(driver: Any, width: int, height: int) -> None:
    """The page's viewport exactly width x height CSS pixels (a window size would include the
    browser's scroll bar)."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def emulate(driver: Any, *, scheme: str = "light", media: str = "") -> None:
    """The reader's system colour scheme ("light" or "dark") and the media type ("print" or
    "" for the screen) for the pages loaded next."""
    features = [{"name": "prefers-color-scheme", "value": scheme}]
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media, "features": features})


def built_repository(folder: Path, *build_args: str) -> Path:
    """A copy of this repository's knowledge base in `folder`, built (by MkDocs unless
    `--engine` is given); returns its site folder. Skips or fails like `require_browser`."""
    from conftest import REPO
    from evidencekb.cli import main

    require_browser()
    root = folder / "kb"
    root.mkdir()
    for name in ("claims", "sources", "docs"):
        shutil.copytree(REPO / name, root / name)
    for name in ("topics.yaml", "mkdocs.yml", "pyproject.toml"):
        shutil.copyfile(REPO / name, root / name)
    assert main(["build", "-C", str(root), *build_args]) == 0
    return root / "site"
