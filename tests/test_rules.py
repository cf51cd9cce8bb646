"""Each rule has a tiny knowledge base under fixtures/rules/<CODE>/ that triggers it.

The expected output is in expected.txt beside it: exact text, as `evidencekb check` prints it.
Regenerate after a deliberate change with `python tests/update_golden.py`, then review the diff.
"""

from __future__ import annotations

import re
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


# Words and positions that come from a library, not from this project: PyYAML's account and
# column of a syntax error (EKB101), pydantic's sentence about a field (EKB201, EKB204). The
# project promises the file, the line (and, for a field, its column), the code, the field and
# the hint; the library's wording may change with any release, so it is not compared.
_LIBRARY_WORDED = [
    (re.compile(r"^(\S+:\d+):\d+: (EKB101) .*$", re.MULTILINE), r"\1: \2 (PyYAML's words)"),
    (
        re.compile(r"^(\S+:\d+:\d+: EKB20[14] [\w.\[\]]+): [A-Z].*?( \[\w+\])$", re.MULTILINE),
        r"\1: (pydantic's words)\2",
    ),
]


def without_library_words(text: str) -> str:
    for pattern, replacement in _LIBRARY_WORDED:
        text = pattern.sub(replacement, text)
    return text


@pytest.mark.parametrize("fixture", RULE_DIRS, ids=[p.name for p in RULE_DIRS])
def test_rule_fixture_gives_exact_diagnostics(fixture: Path, tmp_path: Path) -> None:
    kb = make_scenario(tmp_path / "kb", fixture)
    diagnostics = check(kb).diagnostics
    assert fixture.name in {d.code for d in diagnostics}
    expected = (fixture / "expected.txt").read_text(encoding="utf-8")
    assert without_library_words(plain(diagnostics)) == without_library_words(expected)


def test_library_words_are_masked_and_ours_are_not() -> None:
    ours = "claims/a/x.yaml:1:1: EKB201 missing required field 'summary' [error]"
    theirs = "claims/a/x.yaml:6:10: EKB201 verdict: Input should be 'a' or 'b' [error]"
    yaml_error = "claims/a/x.yaml:3:7: EKB101 found a tab character [error]"
    assert without_library_words(ours) == ours
    assert (
        without_library_words(theirs)
        == "claims/a/x.yaml:6:10: EKB201 verdict: (pydantic's words) [error]"
    )
    assert without_library_words(yaml_error) == "claims/a/x.yaml:3: EKB101 (PyYAML's words)"


def test_every_rule_has_a_fixture() -> None:
    assert sorted(RULES) == [path.name for path in RULE_DIRS]


def test_rule_codes_are_stable_and_unique() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))
    assert all(code.startswith("EKB") and len(code) == 6 for code in RULES)
