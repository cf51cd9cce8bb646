from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def make_scenario(target: Path, overlay: Path | None = None) -> Path:
    """A copy of the valid fixture with an overlay's files added or replaced.

    An overlay may list paths to delete, one per line, in `_delete.txt`, and FIFOs to make
    (git cannot hold them) in `_fifos.txt`. Symbolic links are copied as links.
    """
    shutil.copytree(FIXTURES / "valid", target)
    if overlay is not None:
        for path in sorted(overlay.rglob("*")):
            relative = path.relative_to(overlay)
            if relative.name in {"expected.txt", "_delete.txt", "_fifos.txt"}:
                continue
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink():
                os.symlink(os.readlink(path), destination)
            elif not path.is_dir():
                shutil.copyfile(path, destination)
        deletions = overlay / "_delete.txt"
        if deletions.is_file():
            for line in deletions.read_text().split():
                (target / line).unlink()
        fifos = overlay / "_fifos.txt"
        for line in fifos.read_text().split() if fifos.is_file() else []:
            os.mkfifo(target / line)
    return target


@pytest.fixture
def valid_kb(tmp_path: Path) -> Path:
    return make_scenario(tmp_path / "kb")
