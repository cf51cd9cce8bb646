"""Meta-tests: the newcomer's path and the docs stay in step with the code."""

from __future__ import annotations

import ast
import os
import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO
from evidencekb.model import Certainty, Design, Stance, Verdict


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text()
    return re.findall(r"```sh\n(python3 -m venv .venv &&[^\n]+)\n```", readme)


def test_readme_has_a_build_and_a_test_command() -> None:
    build, test = _readme_commands()[:2]
    assert "evidencekb build" in build
    assert "pytest" in test


def test_ci_runs_readmes_test_command_verbatim() -> None:
    test_command = _readme_commands()[1]
    assert test_command in (REPO / ".ci" / "run").read_text().splitlines()


def test_methodology_documents_every_verdict_certainty_stance_and_design() -> None:
    text = (REPO / "docs" / "methodology.md").read_text()
    for vocabulary in (Verdict, Certainty, Stance, Design):
        for member in vocabulary:
            assert f"`{member.value}`" in text, member


# The locks: README's commands and .ci/run install exact, hash-checked versions from
# requirements/, which requirements/refresh writes from pyproject.toml's ranges.

LOCKS = {"site.txt": (), "test.txt": ("test",), "bench.txt": ("bench",)}


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _lock(name: str) -> dict[str, list[tuple[str, str, list[str]]]]:
    """Each package in a lock file: its pins as (version, environment marker, hashes)."""
    text = (REPO / "requirements" / name).read_text(encoding="utf-8")
    pins: dict[str, list[tuple[str, str, list[str]]]] = {}
    for entry in re.sub(r"\s*\\\n\s*", " ", text).splitlines():
        if not entry.strip() or entry.lstrip().startswith("#"):
            continue
        requirement, _, hashes = entry.partition(" --hash=")
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)\s*(?:;\s*(.+?))?\s*", requirement)
        assert match, f"{name}: not an exact pin: {entry!r}"
        package, version, marker = match.groups()
        hash_list = re.findall(r"sha256:[0-9a-f]{64}", hashes)
        pins.setdefault(canonicalize_name(package), []).append((version, marker or "", hash_list))
    return pins


def test_readme_commands_install_from_the_hash_checked_locks() -> None:
    build, test = _readme_commands()[:2]
    assert "--require-hashes -r requirements/site.txt" in build
    assert "--require-hashes -r requirements/test.txt" in test
    for command in (build, test):
        assert "pip install --no-deps -e ." in command


def test_every_lock_pins_every_package_exactly_with_hashes() -> None:
    for name in LOCKS:
        pins = _lock(name)
        assert pins, name
        for package, versions in pins.items():
            for version, _, hashes in versions:
                assert hashes, f"{name}: {package}=={version} has no hash"


def test_locks_hold_every_dependency_in_a_version_pyproject_allows() -> None:
    project = _pyproject()["project"]
    for name, extras in LOCKS.items():
        pins = _lock(name)
        wanted = list(project["dependencies"])
        for extra in extras:
            wanted += project["optional-dependencies"][extra]
        for line in wanted:
            requirement = Requirement(line)
            package = canonicalize_name(requirement.name)
            assert package in pins, f"{name} lacks {package}: run requirements/refresh"
            for version, _, _ in pins[package]:
                assert requirement.specifier.contains(version, prereleases=True), (
                    f"{name}: {package}=={version} is outside {requirement.specifier}: "
                    "run requirements/refresh"
                )


def test_locks_agree_on_every_package_they_share() -> None:
    locks = {name: _lock(name) for name in LOCKS}
    site = locks["site.txt"]
    for name, pins in locks.items():
        assert site.keys() <= pins.keys(), f"{name} lacks {sorted(site.keys() - pins.keys())}"
        for other, other_pins in locks.items():
            for package in pins.keys() & other_pins.keys():
                versions = {(v, m) for v, m, _ in pins[package]}
                assert versions == {(v, m) for v, m, _ in other_pins[package]}, (name, other)


def test_readme_documents_refreshing_the_locks_and_testing_the_newest_releases() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "```sh\nrequirements/refresh\n```" in readme
    refresh = REPO / "requirements" / "refresh"
    assert refresh.is_file() and os.access(refresh, os.X_OK)
    [newest] = re.findall(r"```sh\n(python3 -m venv --clear .venv-newest &&[^\n]+)\n```", readme)
    assert "requirements/" not in newest and '-e ".[test]"' in newest
    run_tests = _readme_commands()[1].rsplit(" && ", 1)[1]
    assert newest.endswith(run_tests.replace(".venv/", ".venv-newest/"))


def test_the_package_carries_its_licence() -> None:
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 the evidencekb contributors" in text
    pyproject = _pyproject()
    assert pyproject["project"]["license"] == "MIT"
    assert pyproject["project"]["license-files"] == ["LICENSE"]
    # license-files and an SPDX string as license need setuptools 77 (76 and older refuse them).
    assert pyproject["build-system"]["requires"] == ["setuptools>=77"]


def test_no_property_test_depends_on_machine_speed() -> None:
    """Every @given has @settings(deadline=None): a slow or busy machine must not fail a test."""
    missing = []
    for path in sorted((REPO / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            names = {_decorator_name(decorator): decorator for decorator in node.decorator_list}
            if "given" not in names:
                continue
            settings = names.get("settings")
            deadlines = [
                keyword.value
                for keyword in getattr(settings, "keywords", [])
                if keyword.arg == "deadline"
            ]
            if not (
                deadlines and isinstance(deadlines[0], ast.Constant) and deadlines[0].value is None
            ):
                missing.append(f"{path.name}:{node.lineno} {node.name}")
    assert missing == []


def _decorator_name(decorator: ast.expr) -> str:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")


def test_quick_start_has_exactly_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"```sh\n(.*?)\n```", quick_start, re.DOTALL) == _readme_commands()[:2]
