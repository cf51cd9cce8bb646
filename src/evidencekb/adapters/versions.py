"""Installed versions of the libraries evidencekb builds on, and whether they suit it.

- `refuse_unsupported`: a major version evidencekb cannot work with at all (pydantic 1,
  bibtexparser 1, MkDocs 2) stops the CLI before that library is imported, with one sentence on
  stderr and exit code 2 instead of a traceback from deep inside an import.
- `written_for`: a patch of a library's internals is applied only to the releases it was
  written for; on any other release it is skipped, with one log line.
"""

from __future__ import annotations

import logging
import re
import sys
from importlib import metadata

log = logging.getLogger("evidencekb")

MAJORS: dict[str, int] = {  # distribution -> the one major version evidencekb works with
    "pydantic": 2,
    "bibtexparser": 2,
    "mkdocs": 1,
    "mkdocs-material": 9,
}
EXIT_ERROR = 2
_VERSION = re.compile(r"^Version:[ \t]*(\S+)", re.MULTILINE)
_RELEASE = re.compile(r"\d+(?:\.\d+)*")


def installed_version(distribution: str) -> str | None:
    """The installed version of a distribution, None if it is not installed.

    What `importlib.metadata.version` gives, reading only the Version field of the metadata:
    parsing the whole file (its long description too) costs the CLI 7 ms per library.
    """
    try:
        found = metadata.Distribution.from_name(distribution)
    except metadata.PackageNotFoundError:
        return None
    match = _VERSION.search((found.read_text("METADATA") or "").split("\n\n", 1)[0])
    return match.group(1) if match else found.version


def release(version: str) -> tuple[int, ...]:
    """The release numbers at the start of a version: '2.0.0b7' -> (2, 0, 0); '' -> ()."""
    match = _RELEASE.match(version)
    return tuple(int(part) for part in match.group().split(".")) if match else ()


def unsupported() -> str | None:
    """One sentence on the first library whose major version evidencekb cannot use, or None."""
    for distribution, major in MAJORS.items():
        version = installed_version(distribution)
        if version is None:
            return (
                f"evidencekb needs {distribution} {major}.x, which is not installed "
                f"(pip install '{distribution}>={major},<{major + 1}')."
            )
        if release(version)[:1] != (major,):
            return (
                f"evidencekb works with {distribution} {major}.x, not the installed {version} "
                f"(pip install '{distribution}>={major},<{major + 1}')."
            )
    return None


def refuse_unsupported() -> None:
    """Exit with code 2 and one sentence on stderr if a library's major version will not do."""
    problem = unsupported()
    if problem is not None:
        sys.stderr.write(f"error: {problem}\n")
        raise SystemExit(EXIT_ERROR)


def written_for(
    distribution: str, lowest: tuple[int, ...], below: tuple[int, ...], what: str
) -> bool:
    """Whether the installed release is in [lowest, below), the releases a patch was written
    for; if not, log (info) that `what` is left out. Not installed counts as not written for."""
    version = installed_version(distribution)
    if version is not None and lowest <= release(version) < below:
        return True
    log.info(
        "%s %s: %s left out (written for %s); using its public API only",
        distribution,
        version or "(not installed)",
        what,
        _span(lowest, below),
    )
    return False


def _span(lowest: tuple[int, ...], below: tuple[int, ...]) -> str:
    """(0, 6), (0, 12) -> '0.6 to 0.11.x'; (1, 6), (1, 7) -> '1.6.x'."""
    first = ".".join(map(str, lowest))
    if not below[-1]:
        return f"{first} to below {'.'.join(map(str, below))}"
    last = (*below[:-1], below[-1] - 1)
    dotted = ".".join(map(str, last)) + ".x"
    return dotted if last == lowest else f"{first} to {dotted}"


def restore(owners: object, patched: tuple[tuple[str, str], ...]) -> None:
    """Put back a library's own methods that a patch wrapped: each `(class name, method)` of
    `patched` on the module `owners`, whose wrapper keeps the method it replaced as `original`."""
    for name, method in patched:
        owner = getattr(owners, name)
        original = getattr(getattr(owner, method), "original", None)
        if original is not None:
            setattr(owner, method, original)
