"""The bibliography in pages of bounded size (render/bibliography.py): paths, links, the bound."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, make_scenario
from evidencekb.cli import main
from evidencekb.load import is_generated
from evidencekb.project import Project
from evidencekb.render import RenderOptions, bibliography, render_site
from site_crawl import broken_links

BOUND = 7
FAMILIES = (
    "Smith",
    "{\\O}stergaard",  # Ø: no accent to strip, listed under O
    "{\\c{C}}elik",  # Ç: under C
    'M{\\"u}ller',
    "Nguyen",
    "Abbott",
    "Zhang",
)
_NUMBER = r"(?:-[2-9]|-[1-9][0-9]+)?"  # the first part of a letter has no number
_PAGE = re.compile(rf"bibliography(?:/(?:[a-z]|other){_NUMBER})?\.md")
_ENTRY = re.compile(r'<span class="ekb-ref" id="ref-([a-z0-9-]+)">')


def _entries(count: int) -> str:
    """`count` BibTeX entries: people, an organisation, works without an author by title."""
    entries = []
    for n in range(count):
        if n % 10 == 9:
            who = ""  # by title: some start with a digit, so on the page of other initials
        elif n % 10 == 8:
            who = f"  author = {{{{World Health Organization {n}}}}},\n"
        else:
            who = f"  author = {{{FAMILIES[n % len(FAMILIES)]}, Ann and Roe, Bo}},\n"
        title = f"{n} reasons" if n % 20 == 19 else f"Study number {n}"
        kind = "misc" if n % 10 == 9 else "article"
        entries.append(
            f"@{kind}{{gen{n:04d},\n{who}  title = {{{title}}},\n  journal = {{J}},\n"
            f"  year = {{{1800 + n}}},\n  doi = {{10.5555/gen.{n}}},\n  design = {{rct}},\n}}\n"
        )
    return "\n".join(entries)


@pytest.fixture
def many_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The valid fixture with 200 more sources, and a bibliography page bound of 7."""
    monkeypatch.setattr(bibliography, "PAGE_ENTRIES", BOUND)
    root = make_scenario(tmp_path / "kb")
    (root / "sources" / "more.bib").write_text(_entries(200), encoding="utf-8")
    return root


def _bibliography(pages: dict[str, str]) -> dict[str, list[str]]:
    """Each bibliography page's keys, in order."""
    return {
        path: _ENTRY.findall(text)
        for path, text in pages.items()
        if path.startswith("bibliography")
    }


def test_a_small_bibliography_is_one_page(valid_kb: Path) -> None:
    pages = _bibliography(render_site(Project(valid_kb).check().kb))
    assert pages == {"bibliography.md": ["opinion-piece", "jones2019meta", "smith2020trial"]}


def test_no_page_exceeds_the_bound_and_every_source_is_on_exactly_one(many_sources: Path) -> None:
    kb = Project(many_sources).check().kb
    pages = _bibliography(render_site(kb))
    assert all(_PAGE.fullmatch(path) and is_generated(path) for path in pages)
    assert pages["bibliography.md"] == []  # the landing page lists the letters
    assert max(len(keys) for keys in pages.values()) <= BOUND
    listed = [key for keys in pages.values() for key in keys]
    assert sorted(listed) == sorted(kb.sources) and len(listed) == len(set(listed))
    letters = bibliography.split(kb.sources.values())
    in_order = [key for letter in letters for part in letter.parts for key in part.keys]
    assert in_order == bibliography.entries(kb.sources.values())  # APA order across pages
    assert {"bibliography/o.md", "bibliography/c.md", "bibliography/other.md"} <= set(pages)
    assert "bibliography/s-2.md" in pages and "bibliography/s-1.md" not in pages


def test_pages_link_to_the_letters_and_to_the_page_before_and_after(many_sources: Path) -> None:
    pages = render_site(Project(many_sources).check().kb, RenderOptions())
    landing = pages["bibliography.md"]
    assert '<td data-label="Letter"><a href="c/">C</a></td><td data-label="Sources">' in landing
    assert "at most 7 to a page" in landing
    assert "[methodology](methodology.md#data-and-exports)" in landing
    second = pages["bibliography/s-2.md"]
    assert 'title: "Bibliography: S 2"' in second
    assert '<li><a href="../s/" aria-current="page">S</a></li>' in second
    assert '<a href="../s/" rel="prev">Previous: S</a>' in second
    assert '<a href="../../sources/gen0000/"><code>gen0000</code></a>' in pages["bibliography/s.md"]
    assert "whose reference starts with no letter from A to Z" in pages["bibliography/other.md"]
    last = pages["bibliography/other-2.md"]
    assert '<a href="../other/" rel="prev">' in last and 'rel="next"' not in last


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_built_bibliography_in_pages_has_no_broken_link(many_sources: Path, engine: str) -> None:
    shutil.copyfile(REPO / "mkdocs.yml", many_sources / "mkdocs.yml")  # nav: bibliography.md
    shutil.rmtree(many_sources / "docs")
    shutil.copytree(REPO / "docs", many_sources / "docs")
    assert main(["build", "-C", str(many_sources), "--engine", engine]) == 0
    site = many_sources / "site"
    assert (site / "bibliography" / "index.html").is_file()  # bibliography.md, as always
    assert (site / "bibliography" / "s-2" / "index.html").is_file()
    crawled, broken = broken_links(site)
    assert crawled > 40 and broken == []
    if engine == "mkdocs":
        index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        found = {doc["location"] for doc in index["docs"] if "Study number 7." in doc["text"]}
        assert found == {"sources/gen0007/"}  # indexed on its page, not in the bibliography


@pytest.mark.parametrize("name", ["", "A", "a-1", "a-02", "../a", "a/b", "ab", "other-x"])
def test_a_page_name_is_checked_before_it_becomes_a_path(name: str) -> None:
    with pytest.raises(ValueError, match="not a bibliography page name"):
        bibliography.part_path(name)


def test_sorting_folds_accents_and_case() -> None:
    assert bibliography._fold("Østergaard") == "ostergaard"
    assert bibliography._fold("Çelik") == "celik"


def test_lists_that_grow_with_the_knowledge_base_are_left_out_of_search(valid_kb: Path) -> None:
    """Each item of these lists is indexed on its own page; a list in the index would grow a
    section past what a search index takes (Zensical's limit shrinks as the index grows)."""
    pages = render_site(Project(valid_kb).check().kb)
    assert '<ul data-search-exclude>\n<li><a href="../../claims/' in pages["topics/alpha.md"]
    assert '<section data-search-exclude>\n<ul class="ekb-articles">' in pages["articles/index.md"]
    assert '<ul data-search-exclude>\n<li><a href="sources/opinion-piece/">' in pages["index.md"]
    assert '<section data-search-exclude>\n<table class="ekb-wrap' in pages["harm-cases.md"]
    assert '<ul class="ekb-bibliography" data-search-exclude>' in pages["bibliography.md"]
