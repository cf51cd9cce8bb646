"""The generated tree as Zensical reads it: raw HTML links made relative to the Markdown file.

MkDocs leaves the `href` and `src` of raw HTML as they are, so the generated pages write them
relative to the page's URL (`claims/x.md` is served at `claims/x/`, so a link to a source is
`../../sources/key/`). Zensical (0.0.56 and later) resolves them against the Markdown file's
folder instead, as it does Markdown links, and rewrites them for the page's URL, which puts
one `../` too many into every link of a page that is not an `index.md`. So Zensical builds from
a copy of the tree in which those links are relative to the file (`../sources/key/`); index
pages, whose file and URL share a folder, are copied as they are.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path, PurePosixPath

from evidencekb.site import WriteReport, files_under, write_docs

_URL = re.compile(r'\b(href|src)="([^"]*)"')
_INDEX_NAMES = {"index.md", "README.md"}


def mirror(docs_dir: Path, target: Path) -> WriteReport:
    """Make `target` hold the tree of `docs_dir` as Zensical reads it (rewriting only the files
    that changed, removing those that went)."""
    pages: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for relative in files_under(docs_dir):
        content = (docs_dir / relative).read_bytes()
        if relative.endswith(".md"):
            pages[relative] = file_relative(content.decode("utf-8"), relative)
        else:
            files[relative] = content
    return write_docs(pages, target, files=files)


def file_relative(markdown: str, page: str) -> str:
    """`markdown`, the page at `page` (relative to the tree), with the relative URLs of its
    raw HTML made relative to its file's folder instead of its URL."""
    path = PurePosixPath(page)
    if path.name in _INDEX_NAMES:
        return markdown
    return _URL.sub(lambda match: _moved(match, path.stem), markdown)


def _moved(match: re.Match[str], stem: str) -> str:
    attribute, url = match.groups()
    if not url or url.startswith(("#", "?", "/")) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url):
        return match.group(0)
    cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
    path, rest = url[:cut], url[cut:]
    moved = posixpath.normpath(f"{stem}/{path}") + ("/" if path.endswith("/") else "")
    return f'{attribute}="{moved}{rest}"'
