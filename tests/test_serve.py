"""`evidencekb serve` as a contributor uses it: save a claim file, see the page change."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from watchdog.events import FileMovedEvent, FileOpenedEvent

from evidencekb.serve import _Debounced, _visible_files

pytestmark = pytest.mark.slow

CLAIM = "claims/beta/claim-two.yaml"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_until_shown(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _page(url):
            return True
        time.sleep(0.1)
    return False


def _retitle(root: Path, title: str, *, by_renaming: bool) -> None:
    path = root / CLAIM
    text = path.read_text(encoding="utf-8")
    new = text.replace(text.splitlines()[1], f"title: {title}", 1)
    if by_renaming:  # what many editors do: write a hidden temporary file, rename it over
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(new, encoding="utf-8")
        os.replace(temporary, path)
    else:
        path.write_text(new, encoding="utf-8")


def test_a_saved_claim_shows_in_the_served_page(valid_kb: Path, tmp_path: Path) -> None:
    (valid_kb / "mkdocs.yml").write_text("site_name: Test\ntheme:\n  name: material\n")
    address = f"127.0.0.1:{_free_port()}"
    url = f"http://{address}/claims/claim-two/"
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "evidencekb",
                "serve",
                "-C",
                str(valid_kb),
                "--dev-addr",
                address,
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            assert _wait_until_shown(url, "Things always work", 120), log.read_text()
            _retitle(valid_kb, "Saved by renaming", by_renaming=True)
            assert _wait_until_shown(url, "Saved by renaming", 30), log.read_text()
            _retitle(valid_kb, "Saved in place", by_renaming=False)
            assert _wait_until_shown(url, "Saved in place", 30), log.read_text()
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert "Traceback" not in log.read_text()
    assert "internal error" not in log.read_text()


def test_a_rename_onto_a_watched_file_regenerates_and_a_hidden_file_does_not(
    tmp_path: Path,
) -> None:
    ran = threading.Event()
    handler = _Debounced(lambda: ran.set(), [tmp_path / "claims"])  # type: ignore[arg-type]
    claim = str(tmp_path / "claims" / "a.yaml")
    hidden = str(tmp_path / "claims" / ".a.yaml.tmp")

    handler.on_any_event(FileOpenedEvent(hidden))
    handler.on_any_event(FileMovedEvent(hidden, str(tmp_path / "elsewhere.yaml")))
    assert not ran.wait(0.3)
    handler.on_any_event(FileMovedEvent(hidden, claim))
    assert ran.wait(5)


def test_the_theme_listing_without_hidden_folders_is_what_mkdocs_keeps() -> None:
    from mkdocs.theme import Theme

    loader = Theme(name="material").get_env().loader
    every_file = loader.list_templates()
    visible = [name for name in every_file if not name.startswith(".") and "/." not in name]

    assert _visible_files(list(loader.searchpath)) == visible
    assert len(visible) < len(every_file) / 10  # the icons are most of the theme
