"""Each rule has a tiny knowledge base under fixtures/rules/<CODE>/ that triggers it.

The expected output is in expected.txt beside it: exact text, as `evidencekb check` prints it.
Regenerate after a deliberate change with `python tests/update_golden.py`, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, make_scenario
from evidencekb.diagnostics import Diagnostic
from evidencekb.pipeline import check
from evidencekb.rules import RULES

RULE_DIRS = sorted(path for path in (FIXTURES / "rules").iterdir() if path.is_dir())


def plain(diagnostics: list[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        lines.append(f"{d.format_text()} [{d.severity.value}]")
        if d.hint:
            lines.append(f"  hint: {d.hint}")
    return "\n".join(lines) + "\n"


def test_valid_fixture_has_no_diagnostics(valid_kb: Path) -> None:
    assert check(valid_kb).diagnostics == []


@pytest.mark.parametrize("fixture", RULE_DIRS, ids=[p.name for p in RULE_DIRS])
def test_rule_fixture_gives_exact_diagnostics(fixture: Path, tmp_path: Path) -> None:
    kb = make_scenario(tmp_path / "kb", fixture)
    diagnostics = check(kb).diagnostics
    assert fixture.name in {d.code for d in diagnostics}
    assert plain(diagnostics) == (fixture / "expected.txt").read_text(encoding="utf-8")


def test_every_rule_has_a_fixture() -> None:
    assert sorted(RULES) == [path.name for path in RULE_DIRS]


def test_rule_codes_are_stable_and_unique() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))
    assert all(code.startswith("EKB") and len(code) == 6 for code in RULES)
