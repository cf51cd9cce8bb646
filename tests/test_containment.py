"""A problem in one file is reported in that file only.

Every rule fixture under fixtures/rules/<CODE>/ changes a few files of the valid knowledge base;
none of its diagnostics may name another file, except for the rules below, which are about
the relation between files. Each fixture runs twice: as it is, and with an observer claim
added that relates to both claims of the valid fixture, so that a claim dropped because of its
own problem would show up as an unknown related claim in the observer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, make_scenario, scenario_paths
from evidencekb.cli import main
from evidencekb.project import Project
from evidencekb.rules.catalog import RULES

RULE_DIRS = [FIXTURES / "rules" / code for code in sorted(RULES)]

# Rules whose diagnostic rightly names a file the fixture did not change.
CROSS_FILE_RULES = {
    "EKB302": "a duplicate key is reported at the later of the two definitions, in another file",
    "EKB704": "a retraction (in the .bib file) is reported where each claim cites the source",
    "EKB515": "two claims rated differently on the same evidence are both reported",
    "EKB407": "a paragraph no claim names any more is reported at its section of the outline",
}

OBSERVER = """\
id: observer
title: An observer of the other claims
statement: Relates to both claims of the valid fixture.
topic: beta
kind: empirical
asserted_in:
  - source: opinion-piece
    locator: "section 'Introduction', paragraph 1"
verdict: disputed
certainty: low
certainty_reasons:
  risk_of_bias: {concern: serious}
  inconsistency: {concern: none}
  indirectness: {concern: none}
  imprecision: {concern: serious}
  publication_bias: {concern: none}
evidence:
  - source: smith2020trial
    stance: supports
    locator: "p. 104"
  - source: jones2019meta
    stance: contradicts
    locator: "abstract"
related:
  - claim: claim-one
    relation: see-also
  - claim: claim-two
    relation: see-also
reviewed: 2026-11-01
summary: Watches the others.
"""


def changed_files(fixture: Path) -> set[str]:
    """The paths a fixture adds, replaces, deletes or makes, relative to the project."""
    return scenario_paths(fixture)


def test_observer_alone_is_clean(valid_kb: Path) -> None:
    (valid_kb / "claims/beta/observer.yaml").write_text(OBSERVER)
    assert Project(valid_kb).check().diagnostics == []


@pytest.mark.parametrize("observer", [False, True], ids=["as-is", "observed"])
@pytest.mark.parametrize("fixture", RULE_DIRS, ids=[p.name for p in RULE_DIRS])
def test_problems_stay_in_the_files_changed(fixture: Path, observer: bool, tmp_path: Path) -> None:
    kb = make_scenario(tmp_path / "kb", fixture)
    if observer:
        (kb / "claims/beta/observer.yaml").write_text(OBSERVER)
    allowed = changed_files(fixture)
    elsewhere = [
        d.format_text()
        for d in Project(kb).check().diagnostics
        if d.path not in allowed and d.code not in CROSS_FILE_RULES
    ]
    assert elsewhere == []


def test_cross_file_rules_are_project_rules() -> None:
    assert all(RULES[code].scope == "project" for code in CROSS_FILE_RULES)


# --- one typo in one claim ------------------------------------------------------------------

EXTRA_BIB = """\
@article{lee2021cohort,
  author  = {Lee, Ann},
  title   = {A Cohort Study of Some Things},
  journal = {Cohort Journal},
  year    = {2021},
  doi     = {10.1000/test.2021.3},
  design  = {cohort},
}
"""


def typo_scenario(root: Path) -> Path:
    """claim-two, which claim-one relates to, is the only claim citing lee2021cohort."""
    kb = make_scenario(root)
    (kb / "sources/extra.bib").write_text(EXTRA_BIB)
    claim = kb / "claims/beta/claim-two.yaml"
    claim.write_text(
        claim.read_text().replace(
            "reviewed:",
            '  - source: lee2021cohort\n    stance: qualifies\n    locator: "p. 3"\nreviewed:',
        )
    )
    return kb


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_verdict_typo_is_reported_in_its_file_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = typo_scenario(tmp_path / "kb")
    assert main(["check", "-C", str(kb)]) == 0
    assert capsys.readouterr().out == "All checks passed: 2 claims and 4 sources.\n"
    claim_two = kb / "claims/beta/claim-two.yaml"
    replace_in(claim_two, "verdict: contradicted", "verdict: partly-suported")
    assert main(["check", "-C", str(kb)]) == 1
    first, hint, summary = capsys.readouterr().out.splitlines()
    assert first.startswith("claims/beta/claim-two.yaml:10:10: EKB201 verdict: ")  # pydantic's
    assert (
        hint
        == "  hint: See the claim format in docs/contributing.md or the JSON Schema in schema/."
    )
    assert summary == "Found 1 error(s) and 0 warning(s) in 2 claims and 4 sources."


def test_an_unreadable_claim_file_is_reported_in_its_file_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = typo_scenario(tmp_path / "kb")
    replace_in(kb / "claims/beta/claim-two.yaml", "verdict: contradicted", "verdict: [contradicted")
    assert main(["check", "-C", str(kb)]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if ": EKB" in line]
    assert len(lines) == 1
    assert lines[0].startswith("claims/beta/claim-two.yaml:") and " EKB101 " in lines[0]
    assert out.endswith("Found 1 error(s) and 0 warning(s) in 2 claims and 4 sources.\n")


def test_a_failed_claim_is_known_by_its_file_name_when_its_id_is_broken(tmp_path: Path) -> None:
    kb = typo_scenario(tmp_path / "kb")
    replace_in(kb / "claims/beta/claim-two.yaml", "id: claim-two", "id: Claim Two")
    diagnostics = Project(kb).check().diagnostics
    assert [(d.path, d.code) for d in diagnostics] == [("claims/beta/claim-two.yaml", "EKB201")]


def test_a_source_that_fails_the_schema_is_reported_in_its_file_only(tmp_path: Path) -> None:
    kb = make_scenario(tmp_path / "kb")
    replace_in(kb / "sources/refs.bib", "design  = {rct}", "design  = {rtc}")
    diagnostics = Project(kb).check().diagnostics
    assert [(d.path, d.code) for d in diagnostics] == [("sources/refs.bib", "EKB204")]
