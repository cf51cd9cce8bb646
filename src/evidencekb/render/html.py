"""One escaper per output context, applied where a value lands in a generated page.

Generated pages are Markdown files for the site engine, but every value taken from content is
placed in them as already-escaped HTML inside block-level HTML elements, which Python-Markdown
(MkDocs and Zensical) passes through untouched. The contexts and their escapers:

- HTML text and attribute values: `text` (the templates' autoescape): markupsafe's escaping,
  plus every character Markdown or its extensions give a meaning to as a numeric character
  reference, so a value cannot form Markdown syntax (`*`, `[`, `{: onclick }` braces, `|`...)
  even if a template ever placed it outside HTML. Control characters become U+FFFD.
- URLs in `href`: `url`, which admits http and https only (and mailto where meant); anything
  else is not linked. The result is then attribute-escaped like any value.
- Markdown fields (summaries, descriptions): `markdown`, rendered by markdown-it-py with raw
  HTML and images off and links validated, then sanitised by nh3 with an allow-list, last.
- JSON inside `<script>`: `script_json`, with `<`, `>` and `&` as `\\u003c`, `\\u003e`, `\\u0026`.
- YAML front matter: `front_matter`, written by `yaml.safe_dump`.
- HTML given by citeproc: built from escaped input, then allow-listed by `reference_html`.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# HTML's five (as markupsafe writes them), and the characters that Python-Markdown or a common
# extension reads as inline syntax anywhere in a line (line-start syntax cannot arise: values
# are one line, inside tags), as character references; one `str.translate` does it all.
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
    | {char: f"&#{ord(char)};" for char in "\\`*_{}[]|~=^$"}
)


def plain(value: object) -> str:
    """A plain-text value on one line: whitespace runs (newlines too) become one space, as
    HTML would show them anyway; control characters become U+FFFD."""
    value = str(value)
    if value.isprintable() and "  " not in value and value.strip() == value:
        return value  # the common case, without the work below
    return _CONTROL.sub("\ufffd", " ".join(value.split()))


def _escaped(value: object) -> str:
    return plain(value).translate(_ESCAPES)


def text(value: object) -> Markup:
    """A plain-text value escaped for HTML text or a quoted attribute value."""
    if isinstance(value, Markup):
        return value
    return Markup(_escaped(value))


def finalize(value: Any) -> str:
    """The templates' autoescape: Jinja calls it for every `{{ value }}`, which is written as
    `text` escapes it unless it is Markup (made by one of the escapers here) or a number.
    (Jinja's own autoescape cannot take another escaper than markupsafe's, so the templates
    are rendered with it off and this in its place: escaping is still by construction.)"""
    if type(value) is str:  # the common case first
        return _escaped(value)
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _escaped(value)


def link(href: str, content: object, title: object = None) -> Markup:
    """An `<a>` element: `href` (already checked, or made by the renderer) and `title` escaped
    for the attribute, `content` escaped as text unless it is Markup."""
    title_attribute = f' title="{text(title)}"' if title is not None else ""
    return Markup(f'<a href="{text(href)}"{title_attribute}>{text(content)}</a>')


_WEB = frozenset({"http", "https"})


def url(value: object, schemes: frozenset[str] = _WEB) -> str | None:
    """The URL if it is absolute with an allowed scheme and a host (or a mailto address), and
    free of whitespace and control characters; otherwise None (show it as text, unlinked)."""
    candidate = str(value).strip()
    if not candidate or _CONTROL.search(candidate) or any(c.isspace() for c in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        return None
    if scheme != "mailto" and not parts.netloc:
        return None
    return candidate


def script_json(data: object) -> Markup:
    """JSON for the inside of a `<script>` element: it can neither end the element nor open a
    comment, whatever the strings hold."""
    encoded = json.dumps(data, ensure_ascii=False, indent=2)
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        encoded = encoded.replace(char, code)
    encoded = encoded.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(encoded)


def front_matter(fields: dict[str, object]) -> Markup:
    """A page's YAML front matter. String values are HTML-escaped first: themes print a page's
    title as HTML (Material's header, navigation and `<title>`).

    Each value is written by `json.dumps`, whose output is YAML as well (a JSON string is a YAML
    double-quoted scalar, a JSON list a flow sequence): a real serialiser, never string
    formatting, and many times faster than `yaml.safe_dump` for 10,000 pages. A property test
    holds PyYAML to reading back exactly the values meant.
    """
    lines = [
        f"{key}: {json.dumps(_front_value(value), ensure_ascii=False)}\n"
        for key, value in fields.items()
    ]
    return Markup("---\n" + "".join(lines) + "---\n")


def _front_value(value: object) -> object:
    if isinstance(value, str):
        return str(escape(plain(value)))
    if isinstance(value, list):
        return [_front_value(item) for item in value]
    return value


_MARKDOWN_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
_MARKDOWN_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
_LINK_SCHEMES = {"http", "https", "mailto"}


class _SafeLinks(MarkdownIt):
    """markdown-it's documented hook for which link targets become links: ours allows
    http(s) and mailto only; any other target stays text."""

    def validateLink(self, url: str) -> bool:
        return _allowed_link(url)


def _allowed_link(target: str) -> bool:
    return url(target, frozenset(_LINK_SCHEMES)) is not None


def _markdown_parser() -> MarkdownIt:
    parser = _SafeLinks("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.disable("image")  # no remote images (trackers) from content; the text stays
    return parser


_PARSER = _markdown_parser()


def markdown(source: object) -> Markup:
    """Contributor Markdown as sanitised HTML. A `<` is text; a link with another scheme than
    http, https or mailto stays visible as its Markdown text, unlinked."""
    if not source:
        return Markup("")
    text = _CONTROL.sub("\ufffd", str(source))
    paragraph = _plain_paragraph(text)
    if paragraph is not None:
        return Markup(paragraph)
    rendered = _PARSER.render(text)
    return Markup(_sanitise(rendered, _MARKDOWN_TAGS, _MARKDOWN_ATTRIBUTES))


# What makes Markdown more than one paragraph of plain text: inline syntax, characters that
# need escaping, whitespace other than spaces and newlines, and line starts that open a block.
_NOT_PLAIN = re.compile(r"[\\`*_\[\]!<>&{}~|]|[^\S \n]|\xa0|  \n|  $|\n\s*\n|(^|\n) *[-+=#>0-9]")


def _plain_paragraph(text: str) -> str | None:
    """The HTML of Markdown that is one paragraph of plain text, as markdown-it-py and the
    sanitiser would give it; None when the text is anything else. Most summaries are like this,
    and this is a hundred times faster; a property test holds the two to the same output."""
    text = text.strip(" \n")
    if not text or _NOT_PLAIN.search(text):
        return None
    lines = [line.strip(" ") for line in text.split("\n")]
    return "<p>" + "\n".join(lines) + "</p>\n"


def markdown_inline(source: object) -> Markup:
    """Contributor Markdown for a single line (no paragraphs or lists)."""
    if not source:
        return Markup("")
    rendered = _PARSER.renderInline(plain(source))
    return Markup(_sanitise(rendered, _MARKDOWN_TAGS, _MARKDOWN_ATTRIBUTES))


_REFERENCE_TAGS = {"i", "b", "em", "strong", "sup", "sub", "span", "a"}
_REFERENCE_ATTRIBUTES = {"a": {"href"}}


def reference_html(formatted: str) -> Markup:
    """A formatted reference (citeproc output from escaped input, URLs linked), allow-listed."""
    return Markup(_sanitise(formatted, _REFERENCE_TAGS, _REFERENCE_ATTRIBUTES))


def _sanitise(html: str, tags: set[str], attributes: dict[str, set[str]]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes=_LINK_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).translate(_BRACES)


# Sanitised HTML keeps Markdown-significant characters as text; inside our HTML blocks nothing
# reads them, but braces are the one syntax (attr_list) that could add attributes if a block
# were ever reinterpreted, so they are kept as references too.
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
