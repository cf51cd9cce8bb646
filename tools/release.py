"""Releases: the version in one place, CHANGELOG.md in step with it, a tag per release.

    python tools/release.py check             # version valid, changelog has its section, in order
    python tools/release.py check --tagged    # also: the tag v<version> points at HEAD
    python tools/release.py prepare X.Y.Z [--date YYYY-MM-DD]
                                              # set __version__, Unreleased -> ## [X.Y.Z] - date

The policy (what counts as breaking, which number goes up) and the steps of a release are in
src/evidencekb/docs/versions.md. tests/test_release.py runs the same checks. The standard library
only; it runs git only for --tagged and never commits or tags.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = Path("src/evidencekb/__init__.py")
CHANGELOG = Path("CHANGELOG.md")
ATTR = "evidencekb.__version__"

# A normal version of Semantic Versioning 2.0.0 (its suggested expression without pre-release
# or build metadata, which Python's packaging would spell differently).
NORMAL_VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
UNRELEASED = "Unreleased"
# Keep a Changelog 1.1.0: `## [1.0.0] - 2017-06-20`, a yanked release ends in `[YANKED]`.
HEADING = re.compile(r"## \[(?P<name>[^\]]*)\](?: - (?P<date>\S+))?(?P<yanked> \[YANKED\])?")
CHANGE_TYPES = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")


def parse_version(text: str) -> tuple[int, int, int] | None:
    match = NORMAL_VERSION.fullmatch(text)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def read_version(root: Path = ROOT) -> str:
    """`__version__` as written: a string literal (setuptools' attr reads it without importing)."""
    tree = ast.parse((root / VERSION_FILE).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__version__" for target in node.targets
        ):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                return node.value.value
            raise ValueError(f"{VERSION_FILE}: __version__ is not a string literal")
    raise ValueError(f"{VERSION_FILE}: no __version__")


@dataclass(frozen=True)
class Section:
    line: int
    name: str
    date: str | None


def sections(text: str) -> list[Section]:
    """Every `## ` heading of a changelog, in order."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("## "):
            match = HEADING.fullmatch(line.rstrip())
            name = match["name"] if match else line[3:].strip()
            found.append(Section(number, name, match["date"] if match else None))
    return found


def _valid_date(text: str | None) -> bool:
    try:
        return text is not None and dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def changelog_problems(text: str, version: str) -> list[str]:
    """Keep a Changelog's shape: Unreleased first, then releases, newest first, each dated."""
    problems = []
    found = sections(text)
    if not found or found[0].name != UNRELEASED:
        problems.append(f"{CHANGELOG}: the first section must be '## [{UNRELEASED}]'")
    previous: tuple[int, int, int] | None = None
    for section in found:
        where = f"{CHANGELOG}:{section.line}"
        if section.name == UNRELEASED:
            if section is not found[0]:
                problems.append(f"{where}: '## [{UNRELEASED}]' must come first, and only once")
            continue
        parsed = parse_version(section.name)
        if parsed is None or not _valid_date(section.date):
            problems.append(f"{where}: a release heading is '## [X.Y.Z] - YYYY-MM-DD'")
            continue
        if previous is not None and parsed >= previous:
            problems.append(f"{where}: {section.name} is not older than the release above it")
        previous = parsed
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("### ") and line[4:].strip() not in CHANGE_TYPES:
            problems.append(
                f"{CHANGELOG}:{number}: a change type is one of {', '.join(CHANGE_TYPES)}"
            )
    if not any(section.name == version for section in found):
        problems.append(f"{CHANGELOG}: no '## [{version}] - YYYY-MM-DD' section for __version__")
    return problems


def pyproject_problems(root: Path = ROOT) -> list[str]:
    """The version is dynamic, read from __version__, and not also written in pyproject.toml."""
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    problems = []
    if "version" in data.get("project", {}):
        problems.append("pyproject.toml: [project] must not set version (it is dynamic)")
    if "version" not in data.get("project", {}).get("dynamic", []):
        problems.append("pyproject.toml: [project] dynamic must list 'version'")
    dynamic = data.get("tool", {}).get("setuptools", {}).get("dynamic", {})
    if dynamic.get("version") != {"attr": ATTR}:
        problems.append(
            f"pyproject.toml: [tool.setuptools.dynamic] version must be {{attr = {ATTR!r}}}"
        )
    return problems


def problems(root: Path = ROOT) -> list[str]:
    try:
        version = read_version(root)
    except ValueError as error:
        return [str(error)]
    found = [] if parse_version(version) else [f"{VERSION_FILE}: {version!r} is not X.Y.Z"]
    changelog = (root / CHANGELOG).read_text(encoding="utf-8")
    return found + changelog_problems(changelog, version) + pyproject_problems(root)


def tag_problems(root: Path, version: str) -> list[str]:
    """The annotated tag v<version> exists and points at HEAD."""
    tag = f"v{version}"

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    if git("cat-file", "-t", f"refs/tags/{tag}") != "tag":
        return [f"no annotated tag {tag} (git tag -a {tag} -m 'evidencekb {version}')"]
    if git("rev-parse", f"{tag}^{{commit}}") != git("rev-parse", "HEAD"):
        return [f"the tag {tag} does not point at HEAD"]
    return []


def prepare(root: Path, version: str, date: str) -> list[str]:
    """Set __version__ and move the Unreleased changes into a new section; [] or the problems."""
    current = read_version(root)
    new, old = parse_version(version), parse_version(current)
    if new is None or not _valid_date(date):
        return [f"want X.Y.Z and YYYY-MM-DD, got {version!r} and {date!r}"]
    if old is not None and new <= old:
        return [f"{version} is not newer than the current version {current}"]
    path = root / CHANGELOG
    text = path.read_text(encoding="utf-8")
    heading = f"## [{UNRELEASED}]"
    start = text.find(heading + "\n")
    if start < 0:
        return [f"{CHANGELOG}: no '{heading}' section"]
    body_start = start + len(heading) + 1
    next_section = text.find("\n## ", body_start)
    body = text[body_start : next_section + 1 if next_section >= 0 else len(text)]
    if not body.strip():
        return [f"{CHANGELOG}: the Unreleased section is empty: nothing to release"]
    release = f"{heading}\n\n## [{version}] - {date}\n"
    path.write_text(text[:start] + release + text[body_start:], encoding="utf-8")
    version_path = root / VERSION_FILE
    source = version_path.read_text(encoding="utf-8")
    assignment = f'__version__ = "{current}"'
    version_path.write_text(source.replace(assignment, f'__version__ = "{version}"', 1), "utf-8")
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check the version, the changelog and pyproject")
    check.add_argument("--tagged", action="store_true", help="also: tag v<version> is at HEAD")
    make = commands.add_parser("prepare", help="set the version, date the Unreleased changes")
    make.add_argument("version")
    make.add_argument("--date", default=dt.date.today().isoformat())
    args = parser.parse_args(argv)
    if args.command == "prepare":
        found = prepare(ROOT, args.version, args.date)
        done = (
            f"Now {args.version}: review CHANGELOG.md, run `python tools/release.py check`, commit"
        )
    else:
        found = problems(ROOT)
        if args.tagged and not found:
            found = tag_problems(ROOT, read_version(ROOT))
        done = f"{read_version(ROOT)}: version, changelog and pyproject.toml agree"
    for problem in found:
        print(problem, file=sys.stderr)
    if not found:
        print(done)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
