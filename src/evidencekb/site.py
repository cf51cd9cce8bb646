"""The build's I/O, the same for every engine: writing the generated tree (`write_docs`), and
replacing the site folder with a built one (`publish`) only if it is a site this tool built."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from evidencekb.csp import secure_site


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def _assets() -> dict[str, bytes]:
    folder = resources.files("evidencekb") / "assets"
    return {f"assets/{item.name}": item.read_bytes() for item in folder.iterdir() if item.is_file()}


class OutputError(Exception):
    """The build would write where it must not (exit code 2); nothing was written there."""


def write_docs(
    pages: dict[str, str],
    docs_dir: Path,
    previous: Mapping[str, str] | None = None,
    files: Mapping[str, bytes] | None = None,
) -> WriteReport:
    """Make docs_dir hold exactly `pages` (plus packaged assets and `files`, copied as they
    are), rewriting only what changed.

    `previous`: the pages written last time, so unchanged ones need not be read back.
    Every path must stay inside docs_dir (else OutputError, before anything is written);
    links found in docs_dir are removed, never written through.
    """
    report = WriteReport()
    previous = previous or {}
    binary = {**(files or {}), **_assets()}
    wanted = pages.keys() | binary.keys()
    docs_dir.mkdir(parents=True, exist_ok=True)
    existing = _existing_files(docs_dir)
    _check_inside(docs_dir, wanted)
    for relative in sorted(wanted):  # encoded one at a time: 15,000 pages are 300 MB as bytes
        if (
            relative in existing
            and relative in previous
            and previous[relative] == pages.get(relative)
        ):
            report.unchanged += 1
            continue
        target = docs_dir / relative
        content = binary[relative] if relative in binary else pages[relative].encode("utf-8")
        if relative in existing and _digest(target.read_bytes()) == _digest(content):
            report.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(content)
        tmp.replace(target)
        report.written.append(relative)
    for relative in sorted(existing - wanted):
        (docs_dir / relative).unlink()
        report.removed.append(relative)
    return report


def _check_inside(docs_dir: Path, relatives: Iterable[str]) -> None:
    """OutputError unless every relative path resolves to a place inside docs_dir."""
    root = docs_dir.resolve()
    checked: set[str] = set()
    for relative in relatives:
        parts = relative.split("/")
        folder = "/".join(parts[:-1])
        if (
            not relative
            or relative.startswith("/")
            or any(part in {"", ".", ".."} for part in parts)
            or any(char in relative for char in "\\\0")
            or (folder not in checked and not (root / folder).resolve().is_relative_to(root))
        ):
            raise OutputError(f"refusing to write {relative!r}: it is not a path inside {root}")
        checked.add(folder)


def _existing_files(docs_dir: Path) -> set[str]:
    """The files in docs_dir, relative to it, in one pass over the folder; links (to files or
    folders) are removed as they are met, so nothing is read, written or deleted through one."""
    found: set[str] = set()
    pending = [("", str(docs_dir))]
    while pending:
        prefix, directory = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_symlink():
                    os.unlink(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    found.add(prefix + entry.name)
    return found


def files_under(folder: Path | str, hidden_folders: bool = True) -> set[str]:
    """Paths of the files under `folder`, relative to it, with forward slashes."""
    found: set[str] = set()
    for directory, subfolders, names in os.walk(folder):  # links to folders: not followed
        if not hidden_folders:
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        prefix = os.path.relpath(directory, folder).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found.update(prefix + name for name in names)
    return found


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


SITE_MARKER = ".evidencekb-site"
"""Written into every site built, so that a later build replaces only a folder it made."""


def check_replaceable(site_dir: Path) -> None:
    """OutputError unless site_dir is absent, empty, or a site this tool built (its marker)."""
    if not site_dir.exists():
        return
    if not site_dir.is_dir():
        raise OutputError(f"{site_dir} is a file, not a site folder; move it away first")
    if (site_dir / SITE_MARKER).is_file() or not any(site_dir.iterdir()):
        return
    raise OutputError(
        f"refusing to replace {site_dir}: it is not empty and has no {SITE_MARKER} file, so it "
        "is not a site evidencekb built; move it away, or set site_dir in pyproject.toml "
        "[tool.evidencekb] to another folder"
    )


def publish(staging: Path, site_dir: Path) -> list[str]:
    """Secure the site an engine built into `staging` (the Content Security Policy) and swap it
    in for `site_dir`, whose replaceability `check_replaceable` checked before the build.
    Returns the policy's warnings."""
    warnings = secure_site(staging)
    _swap(staging, site_dir)
    return warnings


def _swap(new: Path, target: Path) -> None:
    (new / SITE_MARKER).write_text("Built by evidencekb; each build replaces this folder.\n")
    old = target.with_name(f".{target.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
