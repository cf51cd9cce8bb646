"""`evidencekb serve` as a contributor uses it: save a claim file, see the page change."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from watchdog.events import FileMovedEvent, FileOpenedEvent

from evidencekb.engines.mkdocs_serve import SITE_PREFIX, visible_files
from evidencekb.serve import _Debounced

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


# Runs the CLI, first making the version reader give these versions (argv[1], e.g.
# "mkdocs=1.7.0"), and without checking the address first if argv[2] is "unchecked".
_SERVE = """
import sys
from evidencekb import serve
from evidencekb.adapters import versions
real, pretended = versions.installed_version, dict(a.split("=") for a in sys.argv[1:2] if a)
versions.installed_version = lambda name: pretended.get(name) or real(name)
if sys.argv[2] == "unchecked":
    serve.check_address = lambda address: None
from evidencekb.cli import main
sys.exit(main(sys.argv[3:]))
"""


def _serve(
    kb: Path,
    address: str,
    tmp_path: Path,
    pretend: str = "",
    checked: bool = True,
    engine: str = "mkdocs",
) -> subprocess.Popen:
    """`evidencekb serve` on `kb` at `address`, its temporary files in tmp_path/tmp and its
    output in tmp_path/serve.log; `pretend`: what the version reader gives, "mkdocs=1.7.0"."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    serve = ["serve", "-C", str(kb), "--dev-addr", address, "--engine", engine]
    kb.joinpath("mkdocs.yml").write_text("site_name: Test\ntheme:\n  name: material\n")
    with (tmp_path / "serve.log").open("w") as output:
        return subprocess.Popen(
            [sys.executable, "-c", _SERVE, pretend, "checked" if checked else "unchecked", *serve],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(tmp_path / "tmp")},
        )


def _shows_edits(kb: Path, url: str, log: Path) -> None:
    assert _wait_until_shown(url, "Things always work", 120), log.read_text()
    _retitle(kb, "Saved by renaming", by_renaming=True)
    assert _wait_until_shown(url, "Saved by renaming", 30), log.read_text()
    _retitle(kb, "Saved in place", by_renaming=False)
    assert _wait_until_shown(url, "Saved in place", 30), log.read_text()


def test_a_saved_claim_shows_in_the_served_page(valid_kb: Path, tmp_path: Path) -> None:
    address = f"127.0.0.1:{_free_port()}"
    log, temporary = tmp_path / "serve.log", tmp_path / "tmp"
    server = _serve(valid_kb, address, tmp_path)
    try:
        _shows_edits(valid_kb, f"http://{address}/claims/claim-two/", log)
        assert [p.name[: len(SITE_PREFIX)] for p in temporary.iterdir()] == [SITE_PREFIX]
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Traceback" not in log.read_text()
    assert "internal error" not in log.read_text()
    assert not list(temporary.iterdir())


def test_zensical_serves_the_generated_tree_and_shows_saved_edits(
    valid_kb: Path, tmp_path: Path
) -> None:
    address = f"127.0.0.1:{_free_port()}"
    log = tmp_path / "serve.log"
    server = _serve(valid_kb, address, tmp_path, engine="zensical")
    try:
        _shows_edits(valid_kb, f"http://{address}/claims/claim-two/", log)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=10) == 0, log.read_text()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert "Traceback" not in log.read_text()
    assert not [p for p in (valid_kb / "build").iterdir() if p.name.startswith(".zensical")]


def test_serve_works_on_an_mkdocs_release_its_patches_were_not_written_for(
    valid_kb: Path, tmp_path: Path
) -> None:
    """The fallback: MkDocs' own `serve` (it watches the generated folder), no patch applied."""
    address = f"127.0.0.1:{_free_port()}"
    log, temporary = tmp_path / "serve.log", tmp_path / "tmp"
    server = _serve(valid_kb, address, tmp_path, pretend="mkdocs=1.7.0")
    try:
        _shows_edits(valid_kb, f"http://{address}/claims/claim-two/", log)
        assert [p.name[:7] for p in temporary.iterdir()] == ["mkdocs_"]  # MkDocs' own folder
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert "mkdocs 1.7.0: live-reload speed-ups left out (written for 1.6.x)" in text
    assert "Traceback" not in text
    assert not list(temporary.iterdir())


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_serve_removes_its_temporary_folder(
    stop: signal.Signals, valid_kb: Path, tmp_path: Path
) -> None:
    address = f"127.0.0.1:{_free_port()}"
    log, temporary = tmp_path / "serve.log", tmp_path / "tmp"
    server = _serve(valid_kb, address, tmp_path)
    try:
        assert _wait_until_shown(f"http://{address}/", "Test", 120), log.read_text()
        assert len(list(temporary.iterdir())) == 1  # the site MkDocs builds and serves
        server.send_signal(stop)
        assert server.wait(timeout=10) == 0, log.read_text()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert not list(temporary.iterdir()), log.read_text()
    assert "Traceback" not in log.read_text()


def test_a_busy_port_is_a_plain_message(valid_kb: Path) -> None:
    (valid_kb / "mkdocs.yml").write_text("site_name: Test\n")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        address = f"127.0.0.1:{busy.getsockname()[1]}"
        result = subprocess.run(
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
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2
    assert result.stderr == (
        f"error: cannot serve on {address}: the address is in use; "
        "choose another with --dev-addr HOST:PORT\n"
    )


def test_a_port_taken_after_the_check_is_a_plain_message_too(
    valid_kb: Path, tmp_path: Path
) -> None:
    """Taken between the check and MkDocs binding it: said after the first build, and the
    temporary folder is removed."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        address = f"127.0.0.1:{busy.getsockname()[1]}"
        server = _serve(valid_kb, address, tmp_path, checked=False)
        assert server.wait(timeout=120) == 2
    log = (tmp_path / "serve.log").read_text()
    assert (
        f"error: cannot serve on {address}: the address is in use; "
        "choose another with --dev-addr HOST:PORT\n"
    ) in log
    assert "Documentation built" in log  # the check really was skipped
    assert "Traceback" not in log
    assert not list((tmp_path / "tmp").iterdir())


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

    get_env = getattr(Theme.get_env, "original", Theme.get_env)  # MkDocs' own
    loader = get_env(Theme(name="material")).loader
    every_file = loader.list_templates()
    visible = [name for name in every_file if not name.startswith(".") and "/." not in name]

    assert visible_files(list(loader.searchpath)) == visible
    assert len(visible) < len(every_file) / 10  # the icons are most of the theme
