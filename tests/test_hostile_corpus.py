"""The hostile-content corpus, built for real with MkDocs and checked two ways: the HTML parsed
(no event handler, no live dangerous URL, no script from content, every JSON-LD block parses,
and the text of every field shown), and, in tests/test_browser.py, pages opened in Chromium.

Fields and payloads are tables in tests/hostile_corpus.py.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest

from conftest import REPO, make_scenario
from evidencekb.cli import main
from hostile_corpus import (
    FIELDS,
    IDENTIFIER_FIELDS,
    PAYLOADS,
    add_extra_claims,
    marker,
    payload_text,
)
from html_safety import inspect_site

pytestmark = pytest.mark.slow

_WORK: list[Path] = []


def corpus_base(target: Path) -> Path:
    """The valid fixture with this repository's mkdocs.yml (its Markdown extensions are what a
    payload would try to use) and an incident and a guardrail claim."""
    root = make_scenario(target)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.rmtree(root / "docs")
    shutil.copytree(REPO / "docs", root / "docs")
    add_extra_claims(root)
    return root


@cache
def built_corpus(payload: str) -> tuple[Path, int, str]:
    """A knowledge base with `payload` in every field, built once per payload for the tests
    here and the browser tests. Returns the project, build's exit code and its output."""
    import contextlib
    import io
    import tempfile

    root = corpus_base(Path(tempfile.mkdtemp(prefix=f"ekb-corpus-{payload}-")) / "kb")
    _WORK.append(root.parent)
    for field in FIELDS:
        field.inject(root, payload_text(field.name, payload))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["build", "-C", str(root)])
    return root, code, out.getvalue() + err.getvalue()


@pytest.fixture(scope="module", autouse=True)
def _clean_up() -> object:
    yield
    for folder in _WORK:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_corpus_base_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = corpus_base(tmp_path / "kb")
    assert main(["check", "-C", str(root), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["diagnostics"] == []


def test_corpus_size() -> None:
    assert len(FIELDS) * len(PAYLOADS) >= 300  # fields x payloads built and inspected


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
def test_payload_in_every_field_builds_inert(payload: str) -> None:
    root, code, output = built_corpus(payload)
    assert code == 0, output
    findings, shown = inspect_site(root / "site")
    assert findings == []
    missing = [f.name for f in FIELDS if marker(f.name, payload) not in shown]
    assert missing == [], "fields whose text the site does not show"


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
@pytest.mark.parametrize("field", IDENTIFIER_FIELDS, ids=[f.name for f in IDENTIFIER_FIELDS])
def test_payload_in_a_name_or_address_is_refused_where_it_is(
    field: object, payload: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = corpus_base(tmp_path / "kb")
    before = _snapshot(root)
    field.inject(root, payload_text(field.name, payload))  # type: ignore[attr-defined]
    changed = {path for path, digest in _snapshot(root).items() if before.get(path) != digest}
    code = main(["check", "-C", str(root), "--format", "json"])
    captured = capsys.readouterr()
    if code == 2:  # a maintainer's setting: refused as a configuration error
        assert "pyproject.toml" in captured.err and "Traceback" not in captured.err
        return
    diagnostics = json.loads(captured.out)["diagnostics"]
    if code == 0:
        assert main(["build", "-C", str(root)]) == 0
        findings, _ = inspect_site(root / "site")
        assert findings == []
        return
    assert code == 1
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert errors and all(d["line"] >= 1 and d["column"] >= 1 for d in errors)
    assert {d["path"] for d in errors} <= changed | _referring(root, changed), errors


def _snapshot(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): hash(p.read_bytes()) for p in root.rglob("*") if p.is_file()
    }


def _referring(root: Path, changed: set[str]) -> set[str]:
    """Files that may rightly be reported when a name they refer to changes (a renamed topic
    leaves the claims that name it pointing nowhere)."""
    if "topics.yaml" in changed or "sources/refs.bib" in changed:
        return {p.relative_to(root).as_posix() for p in (root / "claims").rglob("*.yaml")}
    return set()


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
def test_payload_in_a_docs_page_is_refused_or_inert(
    payload: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = corpus_base(tmp_path / "kb")
    page = root / "docs/about.md"
    page.write_text("# About\n\n" + payload_text("docs page", payload) + "\n", encoding="utf-8")
    code = main(["check", "-C", str(root), "--format", "json"])
    diagnostics = json.loads(capsys.readouterr().out)["diagnostics"]
    if code == 1:
        assert {d["path"] for d in diagnostics} == {"docs/about.md"}
        assert all(d["code"].startswith("EKB12") and d["line"] >= 3 for d in diagnostics)
        return
    assert code == 0 and main(["build", "-C", str(root)]) == 0
    findings, _ = inspect_site(root / "site")
    assert findings == []
