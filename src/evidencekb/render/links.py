"""Where a generated page ends up in the site, and relative links between pages.

Links inside generated pages are HTML, which the site engine does not rewrite, so they are made
here to the pages' final URLs: `claims/x.md` is served at `claims/x/` (or `claims/x.html`
without directory URLs, as MkDocs and Zensical do).
"""

from __future__ import annotations

import posixpath


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL (relative to the site root) of the page generated at `path` in the docs folder;
    other files keep their path."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        folder = stem[: -len("index")]
        return folder if directory_urls else f"{folder}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_url(
    from_page: str, to_path: str, directory_urls: bool = True, anchor: str = ""
) -> str:
    """A link from the page at `from_page` to the page or file at `to_path` (docs-folder paths)."""
    base = page_url(from_page, directory_urls)
    base_dir = base.rstrip("/") if base.endswith("/") or not base else posixpath.dirname(base)
    target = page_url(to_path, directory_urls)
    relative = posixpath.relpath(target.rstrip("/") or ".", base_dir or ".")
    if target.endswith("/") or not target:
        relative = "./" if relative == "." else f"{relative}/"
    return f"{relative}#{anchor}" if anchor else relative
