"""The engine seam: a real build of a small knowledge base with each engine (Zensical with the
real package), a link crawl of each site, and the render-only mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, make_scenario
from evidencekb.cli import main
from evidencekb.engines import ENGINES, get_engine
from evidencekb.engines.zensical import TREE, _messages
from evidencekb.engines.zensical_tree import file_relative
from evidencekb.site import SITE_MARKER
from site_crawl import broken_links

pytestmark = pytest.mark.slow
_POLICY = b'<meta http-equiv="Content-Security-Policy"'


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """The fixture knowledge base with this repository's mkdocs.yml, less its navigation (which
    names the repository's own pages), and the methodology section the bibliography links to."""
    root = make_scenario(tmp_path / "kb")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n")[0]
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    with (root / "docs" / "methodology.md").open("a", encoding="utf-8") as methodology:
        methodology.write("\n## Data and exports\n\nThe data folder.\n")
    return root


@pytest.mark.parametrize("engine", ENGINES)
def test_each_engine_builds_a_site_whose_links_all_resolve(
    engine: str, kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "-C", str(kb), "--engine", engine, "--strict"]) == 0, capsys.readouterr()
    site = kb / "site"
    assert (site / SITE_MARKER).is_file()
    for page in ("index.html", "claims/claim-one/index.html", "sources/smith2020trial/index.html"):
        assert (site / page).is_file(), page
    pages, broken = broken_links(site)
    assert pages >= 10
    assert broken == []
    assert all(_POLICY in page.read_bytes() for page in site.rglob("*.html"))
    leftovers = {p.name for p in (kb / "build").iterdir()} - {"docs", TREE, ".cache"}
    assert leftovers == set()  # no derived configuration, no temporary site (Zensical's cache)


def test_a_rebuild_with_the_other_engine_replaces_the_site(kb: Path) -> None:
    assert main(["build", "-C", str(kb), "--engine", "zensical"]) == 0
    assert main(["build", "-C", str(kb), "--engine", "zensical"]) == 0  # from Zensical's cache
    cached = sorted(p.relative_to(kb / "site") for p in (kb / "site").rglob("*.html"))
    assert main(["build", "-C", str(kb)]) == 0
    assert sorted(p.relative_to(kb / "site") for p in (kb / "site").rglob("*.html")) == cached


def test_render_only_writes_the_markdown_and_data_tree_and_no_html(
    kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb / "mkdocs.yml").unlink()  # no engine, no engine configuration needed
    assert main(["build", "-C", str(kb), "--engine", "none"]) == 0
    docs = kb / "build" / "docs"
    assert (docs / "index.md").is_file()
    assert (docs / "claims" / "claim-one.md").is_file() or (
        docs / "claims/claim-one/index.md"
    ).is_file()
    assert list(docs.rglob("*.json"))  # the data tree
    assert not list(kb.rglob("*.html"))
    assert not (kb / "site").exists()
    assert "no engine run" in capsys.readouterr().err


def test_an_engine_failure_leaves_the_previous_site(kb: Path) -> None:
    previous = kb / "site" / "index.html"
    previous.parent.mkdir()
    previous.write_text("previous site")
    (kb / "site" / SITE_MARKER).write_text("")
    (kb / "mkdocs.yml").write_text("site_name: T\ntheme:\n  name: no-such-theme\n")
    for engine in ENGINES:
        assert main(["build", "-C", str(kb), "--engine", engine]) == 1
        assert previous.read_text() == "previous site"
    assert sorted(p.name for p in kb.iterdir() if p.name.startswith(".site")) == []


def test_unknown_engines_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine 'hugo'"):
        get_engine("hugo")


def test_zensical_warnings_become_one_line_each() -> None:
    output = (
        "\x1b[33mWarning:\x1b[0m page does not exist\n"
        "   \x1b[38;5;246m╭─[\x1b[0m index.md:3:5 \x1b[38;5;246m]\x1b[0m\n"
        " 3 │ [x](nope.md)\n"
        "Error: Theme 'nosuch' is not installed.\n"
        "2 issues found\n"
    )
    assert _messages(output) == [
        "index.md:3:5: page does not exist",
        "Theme 'nosuch' is not installed.",
    ]


@pytest.mark.parametrize(
    ("page", "link", "for_zensical"),
    [
        ("claims/one.md", "../../sources/key/", "../sources/key/"),
        ("claims/one.md", "../two/#evidence", "two/#evidence"),
        ("claims/one.md", "./", "one/"),
        ("bibliography.md", "../sources/key/?q=1", "sources/key/?q=1"),
        ("topics/index.md", "../claims/one/", "../claims/one/"),  # an index: as it is
        ("claims/one.md", "https://example.org/", "https://example.org/"),
        ("claims/one.md", "#top", "#top"),
        ("claims/one.md", "mailto:a@example.org", "mailto:a@example.org"),
    ],
)
def test_zensical_reads_raw_html_links_relative_to_the_markdown_file(
    page: str, link: str, for_zensical: str
) -> None:
    markdown = f'[md](x.md) <a href="{link}">a</a>'
    assert file_relative(markdown, page) == f'[md](x.md) <a href="{for_zensical}">a</a>'
