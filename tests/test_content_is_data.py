"""The examples of the 'content is data' report that reach the page, each built for real and
now inert (the names, paths and odd files of the report are in tests/test_content_files.py; the
whole corpus of fields x payloads is in tests/test_hostile_corpus.py)."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, make_scenario
from evidencekb.cli import main
from html_safety import inspect_site

pytestmark = pytest.mark.slow


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    project = make_scenario(tmp_path / "kb")
    shutil.copyfile(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.rmtree(project / "docs")
    shutil.copytree(REPO / "docs", project / "docs")
    return project


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(page: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def test_attr_list_braces_in_a_title_stay_text(kb: Path) -> None:
    title = 'Things *x*{ style="animation:pulse 1s" onanimationstart="alert(1)" }'
    _replace(kb / "claims/alpha/claim-one.yaml", "title: Things work", f"title: '{title}'")
    assert main(["build", "-C", str(kb)]) == 0
    findings, shown = inspect_site(kb / "site", markers=("alert(1)",))
    assert findings == []
    assert title in shown
    headings = [a for tag, a in elements(kb / "site/claims/claim-one/index.html") if tag == "h1"]
    assert headings == [{"id": "claim-title"}]  # no attribute added to the heading


def test_a_quote_in_a_topic_title_does_not_end_the_map_cell_attribute(kb: Path) -> None:
    _replace(kb / "topics.yaml", "title: Alpha topic", """title: 'Alpha "topic" onmouseover="x'""")
    assert main(["build", "-C", str(kb)]) == 0
    cells = [
        a for tag, a in elements(kb / "site/index.html") if "ekb-cell" in (a.get("class") or "")
    ]
    titles = [a["title"] for a in cells if a.get("title")]
    assert '1 supported claim on Alpha "topic" onmouseover="x, median certainty moderate' in titles
    assert all(set(a) <= {"class", "href", "title"} for a in cells)


def test_markup_in_a_bibtex_title_is_text_in_the_reference(kb: Path) -> None:
    _replace(
        kb / "sources/refs.bib",
        "title   = {A Randomised Trial of Something}",
        "title   = {A Trial <img src=x onerror=alert(3)>}",
    )
    assert main(["build", "-C", str(kb)]) == 0
    findings, shown = inspect_site(kb / "site", markers=("alert(3)",))
    assert findings == []
    assert "A Trial <img src=x onerror=alert(3)>" in shown
    for page in ("bibliography/index.html", "sources/smith2020trial/index.html"):
        assert "img" not in {tag for tag, _ in elements(kb / "site" / page)}


def test_a_lt_sign_in_a_summary_is_prose(kb: Path) -> None:
    _replace(
        kb / "claims/alpha/claim-one.yaml",
        "  Trials find an effect;",
        "  Effects were small (d < 0.2 in 3 of 4 trials) and <b>faded</b>;",
    )
    assert main(["build", "-C", str(kb)]) == 0
    _, shown = inspect_site(kb / "site")
    assert "Effects were small (d < 0.2 in 3 of 4 trials) and <b>faded</b>;" in shown


def test_a_site_without_directory_urls_is_refused(
    kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _replace(kb / "mkdocs.yml", "use_directory_urls: true", "use_directory_urls: false")
    assert main(["build", "-C", str(kb)]) == 1
    assert "use_directory_urls: false is not supported" in capsys.readouterr().err
    assert not (kb / "site").exists()
