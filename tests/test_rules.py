"""Each registered rule has a tiny knowledge base under fixtures/rules/<CODE>/ that triggers it.

The expected output is in expected.txt beside it: exact text, as `evidencekb check` prints it.
Regenerate after a deliberate change with `python tests/update_golden.py`, then review the diff.
The registry (`evidencekb.rules.RULES`) drives the list: a rule without a fixture fails here.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, make_scenario
from evidencekb.diagnostics import Diagnostic, DiagnosticSink, Position, Severity
from evidencekb.load import load_project, load_settings
from evidencekb.memo import Memo
from evidencekb.project import Project
from evidencekb.render import render_site
from evidencekb.rules import run
from evidencekb.rules.catalog import RULES
from evidencekb.rules.registry import Registry, Rule, Scope, checks

SRC = Path(__file__).parent.parent / "src" / "evidencekb"
RULE_DIRS = [FIXTURES / "rules" / code for code in sorted(RULES)]


def plain(diagnostics: list[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        lines.append(f"{d.format_text()} [{d.severity.value}]")
        if d.hint:
            lines.append(f"  hint: {d.hint}")
    return "\n".join(lines) + "\n"


def test_valid_fixture_has_no_diagnostics(valid_kb: Path) -> None:
    assert Project(valid_kb).check().diagnostics == []


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
    diagnostics = Project(kb).check().diagnostics
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


def test_every_rule_has_a_fixture_and_every_fixture_a_rule() -> None:
    missing = [path.name for path in RULE_DIRS if not (path / "expected.txt").is_file()]
    assert missing == []
    on_disk = sorted(path.name for path in (FIXTURES / "rules").iterdir() if path.is_dir())
    assert on_disk == sorted(RULES)


def test_rule_codes_are_stable_and_unique() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"EKB\d{3}", code) and RULES[code].code == code for code in RULES)
    assert all(rule.summary.strip() and rule.hint.strip() for rule in RULES.values())


def _rule(code: str, name: str, scope: Scope = Scope.FILE) -> Rule:
    return Rule(code, name, Severity.ERROR, scope, "Summary.", "Hint.")


def test_a_duplicate_code_or_name_cannot_be_registered() -> None:
    registry = Registry()
    registry.add(_rule("EKB999", "one"))
    with pytest.raises(ValueError, match="EKB999"):
        registry.add(_rule("EKB999", "two"))
    with pytest.raises(ValueError, match="one"):
        registry.add(_rule("EKB998", "one"))
    assert list(registry) == ["EKB999"]


def test_every_declaration_is_registered() -> None:
    """A code declared twice would fail at import; this also catches a declaration that does
    not reach the registry (a module, in rules/ or in load/, that the catalog does not import)."""
    declared = [
        code
        for path in sorted(SRC.rglob("*.py"))
        for code in re.findall(r"declare\(\s*\"(EKB\d{3})\"", path.read_text(encoding="utf-8"))
    ]
    assert sorted(declared) == sorted(RULES)


def test_findings_are_reported_through_rules_not_codes() -> None:
    """`RULE.report(sink, ...)` everywhere: no report names its rule by a code string, and
    every code written in the source is a registered rule's."""
    texts = {path: path.read_text(encoding="utf-8") for path in sorted(SRC.rglob("*.py"))}
    by_code = [
        f"{path.relative_to(SRC)}: {match.group(0)}"
        for path, text in texts.items()
        for match in re.finditer(r"\.(?:report|_fail)\(\s*\"EKB\d{3}\"", text)
    ]
    assert by_code == []
    literals = {code for text in texts.values() for code in re.findall(r"\"(EKB\d{3})\"", text)}
    assert literals and literals <= set(RULES)


def test_a_check_has_the_scope_of_its_rules() -> None:
    with pytest.raises(ValueError, match="one scope"):
        checks(_rule("EKB997", "a", Scope.CLAIM), _rule("EKB996", "b", Scope.PROJECT))
    assert RULES.checks(Scope.FILE) == []  # file rules are checked where the file is read
    assert all(RULES.checks(scope) for scope in (Scope.CLAIM, Scope.SOURCE, Scope.PROJECT))


def test_a_rule_reports_with_its_severity_and_hint() -> None:
    sink = DiagnosticSink()
    rule = RULES["EKB506"]
    rule.report(sink, "claims/a/x.yaml", Position(3, 1), "one source")
    sink.report(rule, "claims/a/x.yaml", Position(4, 1), "another", "Another hint.")
    assert [(d.code, d.severity, d.hint) for d in sink.diagnostics] == [
        ("EKB506", Severity.WARNING, rule.hint),
        ("EKB506", Severity.WARNING, "Another hint."),
    ]


def test_the_rules_page_lists_the_registry(valid_kb: Path) -> None:
    page = render_site(Project(valid_kb).check().kb)["rules.md"]
    assert re.findall(r"^## (EKB\d{3}) ", page, re.MULTILINE) == sorted(RULES)
    rows = re.findall(r"<tr><td><a href=\"#(ekb\d{3})\">", page)
    assert rows == [code.lower() for code in sorted(RULES)]


def test_claim_and_source_findings_are_kept_while_the_file_is_unchanged(
    valid_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the scope promises: claim- and source-scope checks run once per unchanged claim or
    entry; project-scope checks run every time."""
    raw = load_project(valid_kb, load_settings(valid_kb))
    calls: dict[str, int] = {"claim": 0, "source": 0}
    for what, name in (("claim", "_claim_findings"), ("source", "_source_of")):
        original = getattr(run, name)

        def counted(*args: object, _what: str = what, _original=original) -> object:
            calls[_what] += 1
            return _original(*args)

        monkeypatch.setattr(run, name, counted)
    memo, today = Memo(), dt.date(2026, 11, 29)
    first = run.validate(raw, today, memo).diagnostics
    counts = dict(calls)
    assert counts["claim"] == len(raw.claims) and counts["source"] > 0
    assert run.validate(raw, today, memo).diagnostics == first
    assert calls == counts
