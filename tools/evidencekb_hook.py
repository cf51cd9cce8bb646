"""Run evidencekb for this repository's own pre-commit hooks, in any clone.

    python tools/evidencekb_hook.py check            # what .pre-commit-config.yaml runs
    python tools/evidencekb_hook.py schema --check

It runs the evidencekb of this clone's `.venv` (README's setup installs this checkout there, so
the hooks check with the code being committed), else an `evidencekb` on PATH, else it exits 1
saying how to set up. The standard library only, so pre-commit's own Python can run it.

Other repositories do not use this: they use the hooks in `.pre-commit-hooks.yaml`, which
pre-commit installs from a tagged release (see src/evidencekb/docs/versions.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# README's setup command (its Quick start), kept in step by tests/test_release.py.
SETUP = (
    "python3 -m venv .venv && .venv/bin/pip install --require-hashes -r requirements/site.txt"
    " && .venv/bin/pip install --no-deps -e ."
)
EXIT_COULD_NOT_RUN = 1


def find_evidencekb(root: Path) -> str | None:
    """The project's .venv first (POSIX, then Windows layout), then PATH."""
    for candidate in (
        root / ".venv" / "bin" / "evidencekb",
        root / ".venv" / "Scripts" / "evidencekb.exe",
    ):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("evidencekb")


def main(argv: list[str]) -> int:
    executable = find_evidencekb(Path.cwd())
    if executable is None:
        print(
            "evidencekb is not installed: there is no .venv/bin/evidencekb in this clone and no "
            "evidencekb on PATH.\nSet up the project first (README, Quick start), from the "
            f"repository's root:\n\n    {SETUP}\n",
            file=sys.stderr,
        )
        return EXIT_COULD_NOT_RUN
    return subprocess.run([executable, *argv], check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
