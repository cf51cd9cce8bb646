"""Topic pages and the articles under review in pages of bounded size (render/listing.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, make_scenario
from evidencekb.cli import main
from evidencekb.load import is_generated
from evidencekb.model import Verdict
from evidencekb.project import Project
from evidencekb.render import RenderOptions, listing, render_site
from site_crawl import broken_links

PREVIEW, PER_PAGE, ARTICLES_PER_PAGE, HOME = 4, 9, 2, 1
CLAIMS = 300
VERDICTS = ("supported", "partly-supported", "disputed", "contradicted")
ARTICLES = 4  # beside the fixture's opinion-piece: 5 articles, on 3 pages of 2
_CLAIM = re.compile(r'<li><a href="(?:\.\./)*claims/([a-z0-9-]+)/"')
_ARTICLE = re.compile(r'<li><p><a href="(?:\.\./)*sources/([a-z0-9-]+)/"')
_LIST = re.compile(r"<ul data-search-exclude>\n(.*?)</ul>", re.DOTALL)


def _claims(root: Path) -> None:
    """`CLAIMS` more claims in topic alpha, of four verdicts: most supported."""
    one = (root / "claims" / "alpha" / "claim-one.yaml").read_text(encoding="utf-8")
    base = one.split("related:")[0].replace("featured: true\n", "")
    for n in range(CLAIMS):
        verdict = VERDICTS[0] if n % 3 else VERDICTS[n % 4]
        text = (
            base.replace("id: claim-one", f"id: gen-{n:03d}")
            .replace("title: Things work", f"title: Generated claim {n}")
            .replace("verdict: supported", f"verdict: {verdict}")
        )
        if n < ARTICLES:  # each article makes a claim
            text = text.replace("source: opinion-piece", f"source: article-{n}").replace(
                "section 'The Middle', paragraph 2", "section 'Only', paragraph 1"
            )
        path = root / "claims" / "alpha" / f"gen-{n:03d}.yaml"
        path.write_text(text + "reviewed: 2026-11-01\nsummary: Generated.\n", encoding="utf-8")


def _articles(root: Path) -> None:
    bib = "".join(
        f"@online{{article-{n},\n  author = {{Doe, Ann}},\n  title = {{Article {n}}},\n"
        f"  url = {{https://example.org/{n}}},\n  design = {{opinion}},\n}}\n\n"
        for n in range(ARTICLES)
    )
    (root / "sources" / "articles.bib").write_text(bib, encoding="utf-8")
    outline = "    sections:\n      - heading: Only\n        paragraphs: 1\n"
    with (root / "sources" / "outlines.yaml").open("a", encoding="utf-8") as outlines:
        outlines.writelines(f"  article-{n}:\n{outline}" for n in range(ARTICLES))


@pytest.fixture
def many_claims(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The valid fixture with 300 more claims in topic alpha, 4 more articles, small bounds."""
    monkeypatch.setattr(listing, "TOPIC_PREVIEW", PREVIEW)
    monkeypatch.setattr(listing, "PAGE_CLAIMS", PER_PAGE)
    monkeypatch.setattr(listing, "PAGE_ARTICLES", ARTICLES_PER_PAGE)
    monkeypatch.setattr(listing, "HOME_ARTICLES", HOME)
    root = make_scenario(tmp_path / "kb")
    _claims(root)
    _articles(root)
    return root


def _pages(root: Path) -> tuple[Project, dict[str, str]]:
    project = Project(root)
    result = project.check()
    assert [d.format_text() for d in result.diagnostics] == []
    return project, render_site(result.kb, RenderOptions())


def test_no_topic_page_lists_more_than_the_bound(many_claims: Path) -> None:
    project, pages = _pages(many_claims)
    kb = project.check().kb
    topic = pages["topics/alpha.md"]
    assert [len(_CLAIM.findall(block)) for block in _LIST.findall(topic)] == [PREVIEW] * 4
    for verdict in VERDICTS:
        cell = [claim.id for claim in kb.cell("alpha", Verdict(verdict))]
        assert len(cell) > PER_PAGE
        assert f'<a href="{verdict}/">All {len(cell)} {Verdict(verdict).label} claims</a>' in topic
        assert _CLAIM.findall(topic.split(f"{{ #{verdict} }}")[1])[:PREVIEW] == cell[:PREVIEW]
        paths = listing.verdict_pages("alpha", verdict, len(cell))
        assert paths[:2] == (f"topics/alpha/{verdict}.md", f"topics/alpha/{verdict}-2.md")
        listed = [_CLAIM.findall(pages[path]) for path in paths]
        assert all(0 < len(ids) <= PER_PAGE for ids in listed)
        assert [claim for ids in listed for claim in ids] == cell  # each once, in order
    continued = {path for path in pages if path.startswith("topics/alpha/")}
    assert continued == {
        path
        for verdict in VERDICTS
        for path in listing.verdict_pages("alpha", verdict, len(kb.cell("alpha", Verdict(verdict))))
    }
    assert all(is_generated(path) for path in continued)
    assert not any(path.startswith("topics/beta/") for path in pages)  # one claim: no more
    assert "ekb-more" not in pages["topics/beta.md"]


def test_a_verdict_page_links_back_and_to_the_page_before_and_after(many_claims: Path) -> None:
    pages = _pages(many_claims)[1]
    second = pages["topics/alpha/supported-2.md"]
    assert 'title: "Alpha topic: supported claims (page 2)"' in second
    assert '<a href="../#supported">Alpha topic</a>' in second
    assert f": {PER_PAGE + 1} to {2 * PER_PAGE} on this page." in second
    assert '<a href="../supported/" rel="prev">Previous page</a>' in second
    assert '<a href="../supported-3/" rel="next">Next page</a>' in second
    assert '<p><a href="../">Back to Alpha topic</a></p>' in second
    first = pages["topics/alpha/supported.md"]
    assert 'rel="prev"' not in first and 'title: "Alpha topic: supported claims"' in first


def test_the_articles_index_and_the_home_page_are_bounded(many_claims: Path) -> None:
    project, pages = _pages(many_claims)
    articles = [source.key for source in project.check().kb.articles]
    paths = ["articles/index.md", "articles/page-2.md", "articles/page-3.md"]
    assert sorted(path for path in pages if path.startswith("articles/")) == sorted(paths)
    listed = [_ARTICLE.findall(pages[path]) for path in paths]
    assert [len(keys) for keys in listed] == [2, 2, 1]
    assert [key for keys in listed for key in keys] == articles
    assert '<a href="../page-3/" rel="next">Next page</a>' in pages["articles/page-2.md"]
    assert '<a href="../" rel="prev">Previous page</a>' in pages["articles/page-2.md"]
    assert "5 articles, at most 2 to a page: 3 to 4 on this page." in pages["articles/page-2.md"]
    home = pages["index.md"].split("## Articles under review")[1].split("## How to read")[0]
    assert len(re.findall(r'<li><a href="sources/', home)) == HOME
    assert '<a href="articles/">All 5 articles under review</a>' in home


def test_a_short_list_has_no_more_pages(valid_kb: Path) -> None:
    pages = render_site(Project(valid_kb).check().kb)
    assert not any(path.startswith("topics/alpha/") for path in pages)
    assert "ekb-pages" not in pages["articles/index.md"] and "ekb-more" not in pages["index.md"]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_built_site_of_list_pages_has_no_broken_link(many_claims: Path, engine: str) -> None:
    shutil.copyfile(REPO / "mkdocs.yml", many_claims / "mkdocs.yml")
    shutil.rmtree(many_claims / "docs")
    shutil.copytree(REPO / "docs", many_claims / "docs")
    assert main(["build", "-C", str(many_claims), "--engine", engine]) == 0
    site = many_claims / "site"
    assert (site / "topics" / "alpha" / "index.html").is_file()  # topics/alpha.md
    assert (site / "topics" / "alpha" / "supported-2" / "index.html").is_file()
    assert (site / "articles" / "page-2" / "index.html").is_file()
    crawled, broken = broken_links(site)
    assert crawled > CLAIMS and broken == []
    home = (site / "index.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'href="(topics/[a-z0-9-]+/)#([a-z-]+)"', home))
    assert ("topics/alpha/", "supported") in anchors and len(anchors) == 5
    for folder, anchor in anchors:  # the evidence map's links to a topic's verdicts
        assert f'id="{anchor}"' in (site / folder / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("topic", "verdict", "number"),
    [("../a", "supported", 1), ("a/b", "supported", 1), ("A", "supported", 1),
     ("alpha", "fine", 1), ("alpha", "../supported", 1), ("alpha", "supported", 0)],
)  # fmt: skip
def test_a_verdict_page_name_is_checked_before_it_becomes_a_path(
    topic: str, verdict: str, number: int
) -> None:
    with pytest.raises(ValueError, match="not a topic's verdict page"):
        listing.verdict_path(topic, verdict, number)
