"""Small, pure helpers that turn model text into safe Markdown."""

from __future__ import annotations

import html
import re

import nh3

_ALLOWED_SCHEMES = {"http", "https", "mailto"}
_MD_LINK = re.compile(r"\]\(\s*<?([a-zA-Z][a-zA-Z0-9+.-]*):")


def inline(text: str | None) -> str:
    """Plain text for a single Markdown line or table cell: HTML and pipes escaped."""
    if not text:
        return ""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return escaped.replace("|", "&#124;").replace("[", "&#91;").replace("]", "&#93;")


def block(text: str | None) -> str:
    """Contributor Markdown: raw HTML sanitised, links other than http(s)/mailto neutralised."""
    if not text:
        return ""
    cleaned = nh3.clean(text, url_schemes=_ALLOWED_SCHEMES, link_rel="noopener noreferrer")
    return _MD_LINK.sub(_neutralise_scheme, cleaned)


def _neutralise_scheme(match: re.Match[str]) -> str:
    scheme = match.group(1).lower()
    if scheme in _ALLOWED_SCHEMES:
        return match.group(0)
    return "](#unsafe-link-removed:"


def label(value: str) -> str:
    """`partly-supported` -> `partly supported`."""
    return str(value).replace("-", " ").replace("_", " ")
