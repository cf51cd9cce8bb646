from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No test may depend on the machine's speed: no deadline, and no "too slow" health check
# (a loaded CI machine generates examples slowly).
settings.register_profile("evidencekb", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("evidencekb")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def make_scenario(target: Path, overlay: Path | None = None) -> Path:
    """A copy of the valid fixture with an overlay's files added or replaced.

    An overlay may list paths to delete, one per line, in `_delete.txt`, FIFOs to make (git
    cannot hold them) in `_fifos.txt`, and symbolic links to make as `PATH TARGET` lines in
    `_links.txt` (an sdist cannot hold a link out of the tree or a dangling one).
    """
    shutil.copytree(FIXTURES / "valid", target)
    if overlay is not None:
        for path in sorted(overlay.rglob("*")):
            relative = path.relative_to(overlay)
            if relative.name in SCENARIO_LISTS:
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
        links = overlay / "_links.txt"
        for line in links.read_text().splitlines() if links.is_file() else []:
            path, link_target = line.split()
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(link_target, target / path)
    return target


SCENARIO_LISTS = {"expected.txt", "_delete.txt", "_fifos.txt", "_links.txt"}
"""Files of an overlay that describe the scenario rather than belong to it."""


def scenario_paths(overlay: Path) -> set[str]:
    """The paths an overlay adds, replaces, deletes or makes, relative to the project."""
    changed = {
        path.relative_to(overlay).as_posix()
        for path in overlay.rglob("*")
        if (path.is_symlink() or path.is_file()) and path.name not in SCENARIO_LISTS
    }
    for listing in ("_delete.txt", "_fifos.txt"):
        if (overlay / listing).is_file():
            changed.update((overlay / listing).read_text().split())
    if (overlay / "_links.txt").is_file():
        changed.update(
            line.split()[0] for line in (overlay / "_links.txt").read_text().splitlines()
        )
    return changed


@pytest.fixture
def valid_kb(tmp_path: Path) -> Path:
    return make_scenario(tmp_path / "kb")


@pytest.fixture(scope="session")
def repository_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's knowledge base built once for every browser test that reads it (none
    writes to it)."""
    from chromium import built_repository

    return built_repository(tmp_path_factory.mktemp("repository"))


@pytest.fixture(scope="session")
def site_url(repository_site: Path) -> Iterator[str]:
    """The repository's site served over HTTP, for every browser module that reads it (a module
    with a site of its own defines its own `site_url`)."""
    from chromium import serving

    with serving(repository_site) as url:
        yield url
