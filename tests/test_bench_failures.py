"""The benchmark's failure scenarios change exactly what they say, on a small generated knowledge
base, and put it back; the report marks the failure target met or not (no timing is asserted)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from evidencekb.project import Project

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import failures  # noqa: E402
from generate import generate  # noqa: E402
from measure import Run, run  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "kb"
    generate(root, 60)
    return root


@pytest.fixture
def kb(generated: Path, tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(generated, root)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _codes(root: Path) -> list[str]:
    return [d.code for d in Project(root).check().diagnostics]


def test_missing_bib_deletes_the_file_with_the_most_entries_only(kb: Path) -> None:
    (kb / "sources" / "refs-zzz.bib").write_text("@misc{extra,\n  title = {One}\n}\n")
    before = _files(kb)
    undo = failures.missing_bib(kb)
    after = _files(kb)
    assert list(undo) == [kb / "sources" / "refs-000.bib"]
    assert set(before) - set(after) == {"sources/refs-000.bib"}
    assert all(after[name] == before[name] for name in after)
    failures.restore(undo)
    assert _files(kb) == before


def test_every_tenth_evidence_key_is_misspelled_and_nothing_else(kb: Path) -> None:
    before = _files(kb)
    evidence_keys = sum(
        text.split(b"\nevidence:\n")[1].split(b"\nrelated:\n")[0].count(b"  - source: ")
        for name, text in before.items()
        if name.startswith("claims/")
    )
    undo = failures.misspelled_references(kb)
    after = _files(kb)
    changed = [
        (old, new)
        for name in before
        for old, new in zip(before[name].split(b"\n"), after[name].split(b"\n"), strict=True)
        if old != new
    ]
    assert len(changed) == evidence_keys // 10
    for old, new in changed:
        assert old.startswith(b"  - source: src")
        assert new == b"  - source: srd" + old.removeprefix(b"  - source: src")
    assert {str(path.relative_to(kb)) for path in undo} == {
        name for name in before if before[name] != after[name]
    }
    assert _codes(kb).count("EKB401") == evidence_keys // 10
    failures.restore(undo)
    assert _files(kb) == before


def test_one_claim_file_is_broken_yaml(kb: Path) -> None:
    before = _files(kb)
    undo = failures.broken_claim(kb)
    after = _files(kb)
    broken = "claims/topic-00/claim-00000.yaml"
    assert [name for name in before if before[name] != after[name]] == [broken]
    assert list(undo) == [kb / broken]
    result = Project(kb).check()
    assert [(d.code, d.path, d.position.line) for d in result.diagnostics] == [
        ("EKB101", broken, 4)
    ]
    failures.restore(undo)
    assert _files(kb) == before


@pytest.mark.parametrize(
    ("key", "expected"), [("src00042", "srd00042"), ("smith2020a", "smith2020b"), ("xyz", "xya")]
)
def test_misspell_changes_the_last_letter(key: str, expected: str) -> None:
    assert failures.misspell(key) == expected


def test_a_command_past_its_timeout_is_stopped(tmp_path: Path) -> None:
    result = run([sys.executable, "-c", "import time; time.sleep(60)"], tmp_path, timeout=0.5)
    assert result.stopped
    assert result.seconds == 0.5
    assert failures.describe(result) == "> 0 s (stopped)"


def _failure(scenario: str, seconds: float, stopped: bool = False) -> failures.Failure:
    status = 0 if scenario == failures.CLEAN else 1
    return failures.Failure(10000, scenario, Run(seconds, 100.0, "", status, stopped))


def test_the_table_and_target_show_ratios_and_stopped_runs() -> None:
    found = [
        _failure(failures.CLEAN, 10.0),
        _failure("missing .bib file", 12.0),
        _failure("10% of references misspelled", 100.0, stopped=True),
        _failure("one claim file broken", 9.0),
    ]
    lines = failures.render_failures(found)
    assert lines[2:] == [
        "| 10,000 (5,000) | clean | 10.00 s | 1.00x | 100 MiB | 0 |",
        "| 10,000 (5,000) | missing .bib file | 12.00 s | 1.20x | 100 MiB | 1 |",
        "| 10,000 (5,000) | 10% of references misspelled | > 100 s (stopped) | > 10.00x "
        "| 100 MiB | - |",
        "| 10,000 (5,000) | one claim file broken | 9.00 s | 0.90x | 100 MiB | 1 |",
    ]
    assert failures.failure_targets(found) == [
        (
            "failure scenarios <= 1.5x clean check at 10,000",
            "> 10.00x (10% of references misspelled (stopped))",
            False,
        )
    ]
    found[2] = _failure("10% of references misspelled", 14.0)
    assert failures.failure_targets(found)[0][1:] == ("1.40x (10% of references misspelled)", True)


def test_the_performance_page_has_a_section_for_each_kind_of_run() -> None:
    """`--write` replaces the clean tables and the failure table each between its own marks."""
    import run as bench_run

    page = (ROOT / "src" / "evidencekb" / "docs" / "performance.md").read_text(encoding="utf-8")
    for start, end in ((bench_run.MARK_START, bench_run.MARK_END), bench_run.FAILURE_MARKS):
        assert page.count(start) == page.count(end) == 1
        assert page.index(start) < page.index(end)
