"""Where a generated page ends up in the site, and relative links between pages.

Links inside generated pages are HTML, which the site engine does not rewrite, so they are made
here to the pages' final URLs: `claims/x.md` is served at `claims/x/` (or `claims/x.html`
without directory URLs, as MkDocs and Zensical do).
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
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
    relative = _relative(page_url(from_page, directory_urls), page_url(to_path, directory_urls))
    return f"{relative}#{anchor}" if anchor else relative


def _relative(base: str, target: str) -> str:
    """`target` relative to the folder of the URL `base` (both relative to the site root)."""
    folder = base.split("/")[:-1]  # "claims/x/" -> ["claims", "x"]; "a.html" -> []
    parts = target.split("/")
    common = 0
    while common < min(len(folder), len(parts) - 1) and folder[common] == parts[common]:
        common += 1
    relative = "../" * (len(folder) - common) + "/".join(parts[common:])
    return relative or "./"
