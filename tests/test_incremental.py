"""`serve` re-reads only changed files and re-renders only affected pages: the result must be
byte-identical to a full render, whatever the edit."""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import REPO, make_scenario
from evidencekb.model import Stance, Verdict
from evidencekb.project import Project
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
    # a claim no article paragraph depends on: deleting the only claim naming a paragraph is an
    # error (EKB407), and a project with errors renders nothing
    "claim deleted": _delete("claims/harm-cases/incident-bromism-chatgpt-2025.yaml"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_incremental_render_equals_a_full_render(
    repository_copy: Path, tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    root = tmp_path / "kb"
    shutil.copytree(repository_copy, root)
    project = Project(root, keep=True)
    assert project.refresh().pages is not None

    edit(root)
    after = project.refresh()
    assert after.pages is not None

    full = Project(root).check()
    assert after.pages == Project(root).render(full)
    assert after.result.diagnostics == full.diagnostics
    assert 0 < len(after.reasons) < len(after.pages)  # some pages, not all, rendered again


def test_diagnostics_of_unchanged_files_are_still_reported(valid_kb: Path) -> None:
    project = Project(valid_kb, keep=True)
    _replace("claims/alpha/claim-one.yaml", "id: claim-one", "id: claim-1")(valid_kb)
    first = project.refresh().result

    _replace("claims/beta/claim-two.yaml", "title: ", "title: Now ")(valid_kb)
    second = project.refresh().result

    assert [d.code for d in first.diagnostics] == ["EKB202"]
    assert second.diagnostics == first.diagnostics == Project(valid_kb).check().diagnostics


def test_each_page_rendered_again_says_what_it_read_that_changed(valid_kb: Path) -> None:
    project = Project(valid_kb, keep=True)
    first = project.refresh()
    assert set(first.reasons.values()) == {"first render"}

    _replace("claims/beta/claim-two.yaml", "title: ", "title: Now ")(valid_kb)
    reasons = project.refresh().reasons

    assert reasons["claims/claim-two.md"] == "reads claim claim-two (changed)"
    assert "reads claim claim-two (changed)" in reasons["claims/claim-one.md"]  # related
    assert "the claims of topic beta" in reasons["topics/beta.md"]
    assert "sources/smith2020trial.md" in reasons  # cites it
    assert "topics/alpha.md" not in reasons and "bibliography.md" not in reasons


def test_serve_explain_prints_why_pages_were_rendered_again(
    valid_kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    regenerate = Regenerator(valid_kb, explain=True)
    regenerate()
    _replace("claims/beta/claim-two.yaml", "verdict: contradicted", "verdict: disputed")(valid_kb)
    regenerate()
    printed = capsys.readouterr().err
    assert "claims/claim-two.md: reads claim claim-two (changed)" in printed
    assert "\n  index.md: reads " in printed and "reads all claims (changed)" in printed


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


# --- random edit sequences -------------------------------------------------------------------

WORD = st.from_regex(r"[A-Z][a-z]{1,8}( [a-z]{1,8}){0,3}", fullmatch=True)
PICK = st.integers(0, 20)  # an index into what exists then, modulo its length
EDIT = st.one_of(
    st.tuples(st.just("claim title"), PICK, WORD),
    st.tuples(st.just("claim verdict"), PICK, st.sampled_from([v.value for v in Verdict])),
    st.tuples(st.just("claim evidence"), PICK, PICK, st.sampled_from([s.value for s in Stance])),
    st.tuples(st.just("add claim"), PICK, WORD),
    st.tuples(st.just("delete claim"), PICK),
    st.tuples(st.just("source field"), PICK, st.sampled_from(["title", "year", "author"]), WORD),
    st.tuples(st.just("add source"), PICK, WORD),
    st.tuples(st.just("delete source"), PICK),
)


class _Content:
    """The claims and sources of a knowledge base as data, written back after each edit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.claims = {
            path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((root / "claims").rglob("*.yaml"))
        }
        self.sources = [
            {"type": "article", "key": key, "title": key.capitalize(), "author": "Smith, Ann",
             "year": "2020", "journal": "Journal", "design": design,
             "url": f"https://example.org/{key}"}
            for key, design in (
                ("smith2020trial", "rct"), ("opinion-piece", "opinion"),
                ("jones2019meta", "meta-analysis"),
            )
        ]  # fmt: skip
        self.added = 0

    def apply(self, edit: tuple) -> None:
        kind, *args = edit
        getattr(self, "_" + kind.replace(" ", "_"))(*args)
        self.write()

    def _claim(self, pick: int) -> dict | None:
        ids = sorted(self.claims)
        return self.claims[ids[pick % len(ids)]] if ids else None

    def _claim_title(self, pick: int, title: str) -> None:
        if claim := self._claim(pick):
            claim["title"] = title

    def _claim_verdict(self, pick: int, verdict: str) -> None:
        if claim := self._claim(pick):
            claim["verdict"] = verdict

    def _claim_evidence(self, pick: int, source: int, stance: str) -> None:
        claim = self._claim(pick)
        if claim and self.sources:
            key = self.sources[source % len(self.sources)]["key"]
            item = {"source": key, "stance": stance, "locator": "p. 1"}
            claim["evidence"] = [item, *claim["evidence"][1:]]

    def _add_claim(self, pick: int, title: str) -> None:
        self.added += 1
        claim_id = f"added-{'abcdefghijklmnopqrstuvwxyz'[self.added % 26]}-claim"
        template = copy.deepcopy(self._claim(pick) or {})
        if not template:
            return
        related = self._claim(pick + 1)
        template.update(id=claim_id, title=title, topic=("alpha", "beta")[pick % 2])
        template["related"] = [{"claim": related["id"], "relation": "refines"}] if related else []
        self.claims[claim_id] = template

    def _delete_claim(self, pick: int) -> None:
        if claim := self._claim(pick):
            del self.claims[claim["id"]]

    def _source_field(self, pick: int, name: str, value: str) -> None:
        if self.sources:
            source = self.sources[pick % len(self.sources)]
            source[name] = {"year": str(1990 + pick), "author": f"{value}, Bo"}.get(name, value)

    def _add_source(self, pick: int, title: str) -> None:
        self.added += 1
        key = f"added{self.added}source"
        self.sources.append({"type": "book", "key": key, "title": title, "year": "2001",
                             "publisher": "Press", "design": "narrative-review",
                             "url": f"https://example.org/{key}"})  # fmt: skip

    def _delete_source(self, pick: int) -> None:
        if self.sources:
            del self.sources[pick % len(self.sources)]

    def write(self) -> None:
        for path in (self.root / "claims").rglob("*.yaml"):
            path.unlink()
        for claim in self.claims.values():
            path = self.root / "claims" / claim["topic"] / f"{claim['id']}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump(claim, sort_keys=False), encoding="utf-8")
        (self.root / "sources" / "refs.bib").write_text(
            "\n".join(_bib(source) for source in self.sources), encoding="utf-8"
        )


def _bib(source: dict) -> str:
    fields = "".join(f"  {k} = {{{v}}},\n" for k, v in source.items() if k not in {"type", "key"})
    return f"@{source['type']}{{{source['key']},\n{fields}}}\n"


@settings(max_examples=25, deadline=None)
@given(edits=st.lists(EDIT, min_size=1, max_size=5))
@example(edits=[("source field", 1, "title", "Aa"), ("claim evidence", 0, 1, "supports")])
@example(edits=[("add claim", 1, "New"), ("delete source", 2), ("claim title", 1, "Other")])
def test_incremental_render_equals_a_full_render_after_every_edit(edits: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_scenario(Path(folder) / "kb")
        content = _Content(root)
        content.write()
        project = Project(root, keep=True)
        project.refresh()
        for edit in edits:
            content.apply(edit)
            refreshed = project.refresh()
            full = Project(root).check()
            assert refreshed.result.diagnostics == full.diagnostics
            if refreshed.pages is None:
                assert full.failed()
                continue
            assert refreshed.pages == Project(root).render(full), edit
