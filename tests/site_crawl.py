"""A link crawl of a built site: every internal link and resource of every page is a file."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

_LINKING = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src")}


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (tag, name) in _LINKING and value:
                self.urls.append(value)


def _internal(url: str) -> bool:
    return not (urlparse(url).scheme or url.startswith("//"))


def broken_links(site: Path) -> tuple[int, list[str]]:
    """(pages crawled, "page -> url" for each internal href or src that names no file)."""
    site = site.resolve()
    pages = sorted(site.rglob("*.html"))
    broken = []
    for page in pages:
        if page.name == "404.html":  # served at any URL, so engines give it absolute links
            continue
        parser = _References()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in filter(_internal, parser.urls):
            path = unquote(urlparse(urldefrag(url).url).path)
            if not path:
                continue
            target = (page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not target.is_relative_to(site):
                broken.append(f"{page.relative_to(site)} -> {url}")
    return len(pages), broken
