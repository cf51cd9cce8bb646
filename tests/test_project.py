"""Meta-tests: the newcomer's path and the docs stay in step with the code."""

from __future__ import annotations

import re

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
