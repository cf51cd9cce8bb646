"""One real build of this repository's own content, and the build's failure behaviour."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from conftest import REPO, make_scenario
from evidencekb.cli import main
from evidencekb.project import Project

pytestmark = pytest.mark.slow


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(page: Path, href: str, site: Path) -> tuple[Path, str]:
    url, fragment = urldefrag(href)
    if not url:
        return page, fragment
    resolved = (page.parent / unquote(url)).resolve()
    if resolved.is_dir() or url.endswith("/"):
        resolved = resolved / "index.html"
    return resolved, fragment


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo") / "kb"
    for name in ("claims", "sources", "docs", "topics.yaml", "mkdocs.yml", "pyproject.toml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            root.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, root / name)
    assert main(["build", "-C", str(root), "--strict"]) == 0
    return root


def test_repository_content_checks_clean() -> None:
    assert Project(REPO).check().diagnostics == []


def test_every_claim_and_source_has_a_page(built_site: Path) -> None:
    kb = Project(built_site).check().kb
    site = built_site / "site"
    assert len(kb.claims) >= 10
    for claim_id in kb.claims:
        assert (site / "claims" / claim_id / "index.html").is_file(), claim_id
    for key in kb.sources:
        assert (site / "sources" / key / "index.html").is_file(), key
    for topic in kb.topics:
        assert len(kb.claims_by_topic.get(topic.id, [])) >= 2, topic.id


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    site = (built_site / "site").resolve()
    pages = {page.resolve(): _parse(page) for page in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        if page.name == "404.html":  # served at any URL, so MkDocs gives it absolute links
            continue
        for href in parsed.links:
            if urlparse(href).scheme or href.startswith("//") or href.startswith("mailto:"):
                continue
            target, fragment = _target(page, href, site)
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)} -> {href} (no #{fragment})")
    assert broken == []


def test_build_with_errors_exits_1_and_keeps_the_previous_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = make_scenario(tmp_path / "kb")
    shutil.copyfile(REPO / "mkdocs.yml", kb / "mkdocs.yml")
    previous = kb / "site" / "index.html"
    previous.parent.mkdir()
    previous.write_text("previous site")
    claim = kb / "claims/alpha/claim-one.yaml"
    claim.write_text(claim.read_text().replace("smith2020trial", "smith2020trail"))
    assert main(["build", "-C", str(kb)]) == 1
    assert previous.read_text() == "previous site"
    assert sorted(p.name for p in (kb / "site").iterdir()) == ["index.html"]
    assert "EKB401 unknown source key 'smith2020trail'" in capsys.readouterr().out


def test_build_is_reproducible_with_source_date_epoch(
    built_site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = tmp_path / "first"
    assert main(["build", "-C", str(built_site)]) == 0
    shutil.copytree(built_site / "site", first)
    shutil.rmtree(built_site / "build")
    assert main(["build", "-C", str(built_site)]) == 0
    second = built_site / "site"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []
