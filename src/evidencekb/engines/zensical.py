"""Zensical, the second engine: run as its own command on a configuration derived from
`mkdocs.yml`.

Zensical reads `mkdocs.yml` (it runs no MkDocs plugins or hooks) and resolves `docs_dir` and
`site_dir` against the configuration file's folder, refusing folders outside it (and, on
0.0.x, panicking on absolute paths). So each build writes a small configuration into the build
folder, next to the generated `docs/`, that inherits the project's `mkdocs.yml` and names both
folders relatively; Zensical's cache (`.cache`) then lands in the build folder too. Zensical
builds from a copy of the tree with its raw HTML links adapted (`zensical_tree`). It runs in
a process of its own: it prints its warnings (to stderr, coloured) instead of logging them, and
keeps its configuration in a module global.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from evidencekb.engines.base import EngineError, Rebuilds
from evidencekb.engines.zensical_tree import mirror
from evidencekb.load import ConfigError

DERIVED_CONFIG = ".evidencekb-zensical.yml"
TREE = "zensical-docs"  # in the build folder, beside docs/: the tree Zensical builds from
INSTALL = "pip install 'evidencekb[zensical]'"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WHERE = re.compile(r"\[\s*(\S+:\d+:\d+)\s*\]")


class Zensical:
    name = "zensical"

    def __init__(self) -> None:
        if importlib.util.find_spec("zensical") is None:
            raise ConfigError(f"the zensical engine is not installed ({INSTALL})")

    def build(
        self, config_file: Path, docs_dir: Path, site_dir: Path, strict: bool, site_url: str = ""
    ) -> list[str]:
        """Build into `site_dir` (empty); Zensical's warnings are returned, its errors (and, with
        `strict`, its warnings) raised as EngineError. `site_url` overrides mkdocs.yml's."""
        scratch = Path(tempfile.mkdtemp(prefix=".zensical-site-", dir=docs_dir.parent))
        tree = docs_dir.parent / TREE
        try:
            mirror(docs_dir, tree)
            arguments = ["build", "--strict"] if strict else ["build"]
            done = _run(arguments, config_file, tree, scratch, site_url)
            messages = _messages(done.stderr + done.stdout)
            if done.returncode != 0:
                raise EngineError(messages or [_last_line(done.stderr + done.stdout)])
            site_dir.rmdir()
            shutil.move(scratch, site_dir)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return messages

    def serve(self, config_file: Path, docs_dir: Path, dev_addr: str, pages: Rebuilds) -> None:
        """Zensical's own `serve`, which watches its copy of the tree (`zensical_tree`): every
        page `pages` writes is copied and shows after Zensical's rebuild. Its site folder is a
        temporary one in the build folder."""
        scratch = Path(tempfile.mkdtemp(prefix=".zensical-serve-", dir=docs_dir.parent))
        tree = docs_dir.parent / TREE
        try:
            mirror(docs_dir, tree)

            def copy_written() -> None:
                mirror(docs_dir, tree)

            pages.on_written = copy_written
            derived = _derived_config(config_file, tree, scratch)
            process = subprocess.Popen(_command(["serve", "--dev-addr", dev_addr], derived))
            try:
                returncode = process.wait()
            finally:
                if process.poll() is None:
                    process.terminate()
                    process.wait()
            if returncode != 0:
                raise ConfigError(f"zensical serve stopped (exit code {returncode})")
        finally:
            pages.on_written = lambda: None
            shutil.rmtree(scratch, ignore_errors=True)


def _run(
    arguments: list[str], config_file: Path, docs_dir: Path, site_dir: Path, site_url: str = ""
) -> subprocess.CompletedProcess[str]:
    derived = _derived_config(config_file, docs_dir, site_dir, site_url)
    try:
        return subprocess.run(
            _command(arguments, derived),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    finally:
        derived.unlink(missing_ok=True)


def _command(arguments: list[str], derived: Path) -> list[str]:
    return [sys.executable, "-m", "zensical", *arguments, "--config-file", str(derived)]


def _derived_config(config_file: Path, docs_dir: Path, site_dir: Path, site_url: str = "") -> Path:
    """A configuration in docs_dir's parent that is `config_file` with both folders (and, if
    given, `site_url`) replaced (relative paths: JSON strings are YAML strings)."""
    folder = docs_dir.parent
    derived = folder / DERIVED_CONFIG
    lines = [
        "# Written by evidencekb for Zensical: the project's mkdocs.yml, pointed at the tree.",
        f"INHERIT: {json.dumps(os.path.relpath(config_file, folder))}",
        f"docs_dir: {json.dumps(os.path.relpath(docs_dir, folder))}",
        f"site_dir: {json.dumps(os.path.relpath(site_dir, folder))}",
        *([f"site_url: {json.dumps(site_url)}"] if site_url else []),
    ]
    derived.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return derived


def _messages(output: str) -> list[str]:
    """Zensical's warnings and errors, one line each: `index.md:3:5: page does not exist`."""
    messages: list[str] = []
    pending: str | None = None
    for line in _ANSI.sub("", output).splitlines():
        text = line.strip()
        where = _WHERE.search(text)
        if pending is not None and where:
            messages[-1] = f"{where.group(1)}: {pending}"
            pending = None
        elif text.startswith(("Warning:", "Error:")):
            pending = text.partition(":")[2].strip()
            messages.append(pending)
        elif text.startswith(("RuntimeError:", "ConfigurationError:")):
            messages.append(text)
    return messages


def _last_line(output: str) -> str:
    lines = [line.strip() for line in _ANSI.sub("", output).splitlines() if line.strip()]
    return lines[-1] if lines else "zensical failed without a message"
