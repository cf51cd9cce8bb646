"""The tool's own documentation: Markdown pages shipped in the package (`evidencekb/docs/`).

How to write claims, the versions and releases policy, security, architecture and performance
are the same for every knowledge base, so they ship with evidencekb and every site built with
it publishes them, beside its generated rules and command-line pages. A knowledge base's own
pages (about, methodology) are its `docs/` folder's.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

TOOL_PAGES = (
    "architecture.md",
    "contributing.md",
    "performance.md",
    "security.md",
    "versions.md",
)
"""The pages in the package's docs/ folder, by the path each has in every site."""


@cache
def tool_page(name: str) -> str:
    """The Markdown of one of TOOL_PAGES, as shipped in the installed package."""
    if name not in TOOL_PAGES:
        raise KeyError(name)
    return resources.files("evidencekb").joinpath("docs", name).read_text(encoding="utf-8")
