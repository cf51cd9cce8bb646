"""`serve` re-reads only changed files and re-renders only affected pages: the result must be
byte-identical to a full render, whatever the edit."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO
from evidencekb.load import FileCache
from evidencekb.memo import Memo
from evidencekb.pipeline import check, render
from evidencekb.serve import Regenerator


@pytest.fixture(scope="module")
def repository_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    for name in ("claims", "sources", "docs"):
        shutil.copytree(REPO / name, root / name)
    for name in ("topics.yaml", "pyproject.toml", "mkdocs.yml"):
        shutil.copyfile(REPO / name, root / name)
    return root


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        _touch_later(file)

    return edit


def _touch_later(file: Path) -> None:
    """Make sure the modification time moves even on coarse-grained file systems."""
    status = file.stat()
    os.utime(file, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


def _delete(path: str) -> Callable[[Path], None]:
    return lambda root: (root / path).unlink()


VARIANCE = "claims/alliance/alliance-outcome-variance.yaml"
EDITS = {
    "claim title": _replace(VARIANCE, "dwarfing any single modality", "dwarfing modality"),
    "claim verdict": _replace(VARIANCE, "verdict: partly-supported", "verdict: supported"),
    "related link removed": _replace(
        VARIANCE, "related:\n  - claim: alliance-predicts-outcome\n    relation: refines\n", ""
    ),
    "source author": _replace("sources/references.bib", 'Fl{\\"u}ckiger', "Fluckiger"),
    "article title": _replace("sources/articles.bib", "The Limits of", "On the Limits of"),
    "claim deleted": _delete("claims/harm-cases/harm-cptsd-case-report-2025.yaml"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_incremental_render_equals_a_full_render(
    repository_copy: Path, tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    root = tmp_path / "kb"
    shutil.copytree(repository_copy, root)
    cache, memo, references = FileCache(), Memo(), {}
    before = check(root, cache=cache, memo=memo)
    previous = (before.kb, render(before, references, memo=memo))
    memo.sweep()

    edit(root)
    after = check(root, cache=cache, memo=memo)
    assert not after.failed()
    incremental = render(after, references, previous, memo)

    full = check(root)
    assert incremental == render(full)
    assert after.diagnostics == full.diagnostics


def test_diagnostics_of_unchanged_files_are_still_reported(valid_kb: Path) -> None:
    cache, memo = FileCache(), Memo()
    _replace("claims/alpha/claim-one.yaml", "id: claim-one", "id: claim-1")(valid_kb)
    first = check(valid_kb, cache=cache, memo=memo)
    memo.sweep()

    _replace("claims/beta/claim-two.yaml", "title: ", "title: Now ")(valid_kb)
    second = check(valid_kb, cache=cache, memo=memo)

    assert [d.code for d in first.diagnostics] == ["EKB202"]
    assert second.diagnostics == first.diagnostics == check(valid_kb).diagnostics


def test_regenerator_writes_only_the_pages_an_edit_changes(valid_kb: Path) -> None:
    regenerate = Regenerator(valid_kb)
    regenerate()
    docs = valid_kb / "build" / "docs"
    stamps = {path: path.stat().st_mtime_ns for path in docs.rglob("*") if path.is_file()}

    _replace("claims/beta/claim-two.yaml", "title: ", "title: Now ")(valid_kb)
    result = regenerate()

    assert not result.failed()
    changed = sorted(
        path.relative_to(docs).as_posix()
        for path in docs.rglob("*")
        if path.is_file() and path.stat().st_mtime_ns != stamps.get(path)
    )
    assert changed == [
        "claims/claim-one.md",  # relates to claim-two
        "claims/claim-two.md",
        "data/claims.json",
        "sources/jones2019meta.md",  # cited by claim-two
        "sources/opinion-piece.md",  # the article page walks claim-two
        "sources/smith2020trial.md",
        "topics/beta.md",
    ]
