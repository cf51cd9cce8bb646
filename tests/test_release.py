"""Releases a team can pin: one version, a changelog in step with it, pre-commit hooks that work.

The same checks run by hand with `python tools/release.py check`; the policy is
src/evidencekb/docs/versions.md.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest
import yaml

import evidencekb
from evidencekb.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


release = _tool("release")
hook = _tool("evidencekb_hook")


# --- the version ---------------------------------------------------------------------------


def test_version_is_a_normal_semantic_version_written_once() -> None:
    assert release.parse_version(evidencekb.__version__), evidencekb.__version__
    assert release.read_version(ROOT) == evidencekb.__version__
    assert release.pyproject_problems(ROOT) == []


def test_installed_metadata_has_the_version() -> None:
    installed = metadata.version("evidencekb")
    assert installed == evidencekb.__version__, (
        f"the installed metadata says {installed}: reinstall with `pip install --no-deps -e .`"
    )


def test_version_option_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"evidencekb {evidencekb.__version__}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.2.0", (0, 2, 0)),
        ("10.0.12", (10, 0, 12)),
        ("1.02.0", None),
        ("1.2", None),
        ("1.0.0-rc.1", None),
        ("v1.0.0", None),
    ],
)
def test_parse_version(text: str, expected: tuple[int, int, int] | None) -> None:
    assert release.parse_version(text) == expected


# --- the changelog -------------------------------------------------------------------------


def test_repository_agrees_with_itself() -> None:
    assert release.problems(ROOT) == []


GOOD = """# Changelog

## [Unreleased]

### Added

- something new

## [0.10.0] - 2026-12-01

### Fixed

- a fix

## [0.9.1] - 2026-11-30 [YANKED]

## [0.2.0] - 2026-11-29
"""


def test_a_well_formed_changelog_passes() -> None:
    assert release.changelog_problems(GOOD, "0.10.0") == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("## [0.9.1]", "## [0.11.0]"), "not older than the release above"),
        (("## [0.2.0]", "## [0.9.1]"), "not older than the release above"),
        (("## [Unreleased]\n", ""), "first section must be"),
        (("- 2026-12-01", "- 2026-13-01"), "'## [X.Y.Z] - YYYY-MM-DD'"),
        (("- 2026-12-01", ""), "'## [X.Y.Z] - YYYY-MM-DD'"),
        (("### Fixed", "### Bug fixes"), "a change type is one of"),
        (("## [0.10.0]", "## [0.10]"), "no '## [0.10.0] - YYYY-MM-DD' section"),
    ],
)
def test_changelog_problems(change: tuple[str, str], problem: str) -> None:
    text = GOOD.replace(*change, 1)
    assert any(problem in found for found in release.changelog_problems(text, "0.10.0"))


def _project(tmp_path: Path, changelog: str, version: str = "0.2.0") -> Path:
    (tmp_path / "src" / "evidencekb").mkdir(parents=True)
    (tmp_path / "src" / "evidencekb" / "__init__.py").write_text(
        f'"""Doc."""\n\n__version__ = "{version}"\n', encoding="utf-8"
    )
    (tmp_path / "CHANGELOG.md").write_text(changelog, encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_prepare_dates_the_unreleased_changes_and_sets_the_version(tmp_path: Path) -> None:
    root = _project(tmp_path, GOOD.replace("## [0.10.0]", "## [0.2.0]").split("## [0.9.1]")[0])
    assert release.prepare(root, "0.3.0", "2026-12-24") == []
    assert release.read_version(root) == "0.3.0"
    text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]\n\n## [0.3.0] - 2026-12-24\n\n### Added\n\n- something new" in text
    assert release.problems(root) == []


@pytest.mark.parametrize(
    ("version", "date", "problem"),
    [("0.1.9", "2026-12-24", "not newer"), ("0.3", "2026-12-24", "want X.Y.Z")],
)
def test_prepare_refuses(tmp_path: Path, version: str, date: str, problem: str) -> None:
    root = _project(tmp_path, GOOD)
    before = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert problem in release.prepare(root, version, date)[0]
    assert (root / "CHANGELOG.md").read_text(encoding="utf-8") == before


def test_prepare_refuses_an_empty_release(tmp_path: Path) -> None:
    root = _project(tmp_path, "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-11-29\n")
    assert "nothing to release" in release.prepare(root, "0.3.0", "2026-12-24")[0]
    assert release.read_version(root) == "0.2.0"


# --- pre-commit ----------------------------------------------------------------------------


def _yaml(name: str) -> object:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def _command(arguments: list[str]) -> str:
    """The command a hook's arguments name, parsed as the command line parses them."""
    return str(build_parser().parse_args(arguments).command)


def test_published_hooks_run_real_commands_when_they_should() -> None:
    hooks = _yaml(".pre-commit-hooks.yaml")
    assert isinstance(hooks, list)
    by_id = {entry["id"]: entry for entry in hooks}
    assert set(by_id) == {"evidencekb-check", "evidencekb-schema"}
    for entry in hooks:
        assert {"id", "name", "entry", "language"} <= set(entry)
        assert entry["language"] == "python"  # pre-commit installs evidencekb at the tag
        program, *arguments = entry["entry"].split()
        assert program == "evidencekb"
        assert _command(arguments) == arguments[0]
        assert entry["pass_filenames"] is False
    assert "files" not in by_id["evidencekb-check"]  # every commit: check reads everything
    schema = re.compile(by_id["evidencekb-schema"]["files"])
    for path in ("schema/claim.schema.json", ".pre-commit-config.yaml"):
        assert schema.search(path), path
    for path in ("claims/a/b.yaml", "src/evidencekb/model/__init__.py", "docs/schema/x.json"):
        assert not schema.search(path), path


def test_own_hooks_need_no_venv_and_match_the_locks() -> None:
    config = _yaml(".pre-commit-config.yaml")
    assert isinstance(config, dict)
    hooks = [entry for repo in config["repos"] for entry in repo["hooks"]]
    locked = re.search(r"^ruff==(\S+)", (ROOT / "requirements/test.txt").read_text(), re.M)
    assert locked
    for entry in hooks:
        assert ".venv" not in entry["entry"], entry["id"]
        assert entry["language"] == "python", entry["id"]
        if entry["entry"].startswith("ruff "):
            assert entry["additional_dependencies"] == [f"ruff=={locked[1]}"]
        else:
            python, script, *arguments = entry["entry"].split()
            assert python == "python" and (ROOT / script).is_file()
            assert _command(arguments) == arguments[0]
    schema = re.compile(next(e for e in hooks if e["id"] == "evidencekb-schema")["files"])
    assert schema.search("src/evidencekb/model/__init__.py")
    assert schema.search("src/evidencekb/schema.py")
    assert schema.search("schema/claim.schema.json")


def test_hook_script_names_readmes_setup_command() -> None:
    assert hook.SETUP in (ROOT / "README.md").read_text(encoding="utf-8")


def _run_hook(cwd: Path, path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": str(path)}
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "evidencekb_hook.py"), "schema", "--check"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_hook_script_without_evidencekb_says_how_to_set_up(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = _run_hook(tmp_path, empty)
    assert result.returncode == 1
    assert "evidencekb is not installed" in result.stderr
    assert hook.SETUP in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="a POSIX shell script stands in for evidencekb")
def test_hook_script_runs_the_clones_venv_first(tmp_path: Path) -> None:
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    fake = venv_bin / "evidencekb"
    fake.write_text('#!/bin/sh\necho "venv evidencekb $*"\nexit 3\n', encoding="utf-8")
    fake.chmod(0o755)
    result = _run_hook(tmp_path, tmp_path / "nothing-here")
    assert (result.returncode, result.stdout) == (3, "venv evidencekb schema --check\n")
