"""Hand-written docs pages: no raw HTML, no unsafe URL, no attribute list beyond id and class.

The pages reach MkDocs as Markdown, rendered by Python-Markdown with raw HTML allowed and the
`attr_list` extension (and `md_in_html`, where a knowledge base's mkdocs.yml enables it), so a
pull request could put a script on the site.
Each page is parsed here with markdown-it-py (line maps; code spans, fences and indented code
left alone) and every construct that could carry script is reported with file:line:column.

Where the two parsers may disagree, this check takes the stricter reading: an indented code
block is checked as Markdown (Python-Markdown reads admonition and list bodies that way), and a
fence counts as code only when Python-Markdown would read it as code too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token

from evidencekb.diagnostics import DiagnosticSink, Position
from evidencekb.rules.registry import RULES, Rule, Scope, Severity, declare

ERROR = Severity.ERROR

RAW_HTML = declare(
    "EKB120",
    "docs-raw-html",
    ERROR,
    Scope.FILE,
    "A docs page contains raw HTML (a tag, comment or `<` followed by a letter, `/`, `!` "
    "or `?` outside code), which MkDocs would publish as it is. Plain `<!-- comments -->` "
    "are allowed.",
    "Write it in Markdown, or put it in `code` or a fenced code block; write a literal `<` "
    "as `&lt;`.",
)

UNSAFE_URL = declare(
    "EKB121",
    "docs-unsafe-url",
    ERROR,
    Scope.FILE,
    "A link, image, autolink or reference definition in a docs page has a URL scheme other "
    "than http, https or mailto (such as javascript:, data: or vbscript:).",
    "Link to an http(s) address or mailto:, or to a page or #anchor of the site.",
)

ATTRIBUTES = declare(
    "EKB122",
    "docs-attribute-list",
    ERROR,
    Scope.FILE,
    "An attribute list `{...}` in a docs page sets more than `#id` and `.class` (for "
    "example an `on...` handler, `style` or `href`).",
    "Keep only `#id` and `.class` in the braces, e.g. `## Verdicts { #verdicts }`.",
)

SAFE_SCHEMES = {"http", "https", "mailto"}

_HTML_START = re.compile(r"<[A-Za-z/!?]")
# A plain comment (say, a marker a script looks for) is allowed: nothing in it can end it early.
_PLAIN_COMMENT = re.compile(r"<!--(?:[^<>!-]|-(?!-))*(?<!-)-->")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROLS = re.compile(r"[\t\n\r]")
# Python-Markdown's attr_list: `{: ...}` or `{...}` after an inline element or ending a block.
_ATTR_AFTER = re.compile(r"^\{:?[ ]*([^}\n ][^\n]*?)[ ]*\}")
_ATTR_AT_END = re.compile(r"\{:?[ ]*([^}\n ][^\n]*)[ ]*\}[ ]*$")
_ID_OR_CLASS = re.compile(r"[#.][A-Za-z0-9_-]+")
# Python-Markdown's reference definitions (its URL may stand on the next line).
_REFERENCE = re.compile(r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*\n?[ ]*(\S+)", re.MULTILINE)
_FENCE_INFO = re.compile(r"[\w#.+-]*")
_AFTER_ELEMENT = {
    "em_close",
    "strong_close",
    "link_close",
    "s_close",
    "code_inline",
    "image",
    "html_inline",
}


@dataclass(frozen=True, order=True)
class Finding:
    line: int
    column: int
    code: str
    message: str


def check_docs(docs: dict[str, str], docs_dir: str, sink: DiagnosticSink) -> None:
    """Report the findings of every `.md` page in `docs` (paths relative to `docs_dir`)."""
    for name in sorted(docs):
        if name.endswith(".md"):
            for finding in page_findings(docs[name]):
                position = Position(finding.line, finding.column)
                path = (PurePosixPath(docs_dir) / name).as_posix()
                RULES[finding.code].report(sink, path, position, finding.message)


def page_findings(text: str) -> list[Finding]:
    """Every finding in one page, in order, at most one per line and code."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd").split("\n")
    scanner = _Scanner(lines)
    scanner.document("\n".join(lines), 0, nested=False)
    kept: dict[tuple[int, str], Finding] = {}
    for finding in sorted(scanner.findings):
        kept.setdefault((finding.line, finding.code), finding)
    return sorted(kept.values())


def unsafe_scheme(url: str) -> str | None:
    """The scheme of `url` as a browser would read it, when it is not http, https or mailto."""
    text = _CONTROLS.sub("", html.unescape(url)).strip("".join(map(chr, range(33))))
    match = _SCHEME.match(text)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return match.group(1).lower()
    return None


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.disable(["text_join", "reference"])  # escapes stay apart; definitions checked as text
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link, judge it here
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]  # the URL as written
    return md


_MD = _parser()


class _Locator:
    """Finds the source position of inline pieces, in order, within a block's lines."""

    def __init__(self, lines: list[str], start: int, end: int) -> None:
        self.lines, self.end = lines, end
        self.line, self.column = start, 0

    def find(self, needle: str) -> tuple[int, int]:
        """The 1-based line and column of `needle` from the last piece found on; where it is
        not written as such (escapes, continuation indents), the block's current line."""
        needle = needle.split("\n")[0]
        for number in range(self.line, min(self.end, len(self.lines))):
            start = self.column if number == self.line else 0
            index = self.lines[number].find(needle, start) if needle else -1
            if index >= 0:
                self.line, self.column = number, index + len(needle)
                return number + 1, index + 1
        return self.line + 1, _indent(self.lines, self.line) + 1


def _indent(lines: list[str], number: int) -> int:
    line = lines[number] if number < len(lines) else ""
    return len(line) - len(line.lstrip())


class _Scanner:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.findings: list[Finding] = []

    def add(self, where: tuple[int, int], rule: Rule, message: str) -> None:
        self.findings.append(Finding(where[0], where[1], rule.code, message))

    def document(self, text: str, base: int, nested: bool) -> None:
        for token in _MD.parse(text):
            first = base + (token.map[0] if token.map else 0)
            if token.type == "html_block" and not _PLAIN_COMMENT.fullmatch(token.content.strip()):
                where = (first + 1, _indent(self.lines, first) + 1)
                self.add(where, RAW_HTML, f"raw HTML: {_excerpt(token.content)}")
            elif token.type == "inline" and token.map:
                self.inline(token, first, base + token.map[1])
            elif token.type == "code_block" and token.map:
                self.document(token.content, first, nested=True)
            elif token.type == "fence" and token.map and not self.is_code(token, first, nested):
                self.untrusted_fence(first, base + token.map[1])

    def is_code(self, token: Token, first: int, nested: bool) -> bool:
        """Whether Python-Markdown reads this fence as code too: a closed fence at the start of
        a line with a plain language, or else backticks with no blank line (one code span)."""
        last = first + token.map[1] - token.map[0] - 1 if token.map else first
        closing = self.lines[last].strip() if first < last < len(self.lines) else ""
        if closing != token.markup:
            return False
        top = not nested and self.lines[first].startswith(token.markup)
        if top and self.lines[last].rstrip() == token.markup:
            return _FENCE_INFO.fullmatch(token.info.strip()) is not None
        lines = self.lines[first : last + 1]
        return token.markup.startswith("`") and all(line.strip() for line in lines)

    def untrusted_fence(self, first: int, end: int) -> None:
        for number in range(first, min(end, len(self.lines))):
            for match in _HTML_START.finditer(self.lines[number]):
                self.add(
                    (number + 1, match.start() + 1),
                    RAW_HTML,
                    "raw HTML in a fence Python-Markdown does not read as code: "
                    + _excerpt(self.lines[number][match.start() :]),
                )

    def inline(self, token: Token, first: int, end: int) -> None:
        self.references(token.content, first)
        locator = _Locator(self.lines, first, end)
        children = token.children or []
        for index, child in enumerate(children):
            before = children[index - 1] if index else None
            after = children[index + 1] if index + 1 < len(children) else None
            if child.type == "html_inline" and _PLAIN_COMMENT.fullmatch(child.content):
                locator.find(child.content)
            elif child.type == "html_inline":
                where = locator.find(child.content)
                self.add(where, RAW_HTML, f"raw HTML: {_excerpt(child.content)}")
            elif child.type == "text":
                self.text(child.content, locator.find(child.content), before, after)
            elif child.type in {"link_open", "image"}:
                self.link(child, locator)
            elif child.type == "code_inline":
                locator.find(child.content)

    def text(
        self, content: str, where: tuple[int, int], before: Token | None, after: Token | None
    ) -> None:
        line, column = where
        for match in _HTML_START.finditer(content):
            self.add(
                (line, column + match.start()),
                RAW_HTML,
                f"raw HTML: {_excerpt(content[match.start() :])}",
            )
        matches: list[re.Match[str] | None] = []
        if before is not None and before.type in _AFTER_ELEMENT:
            matches.append(_ATTR_AFTER.match(content))
        if after is None or after.type in {"softbreak", "hardbreak"}:
            matches.append(_ATTR_AT_END.search(content))
        for found in matches:
            if found and not all(_ID_OR_CLASS.fullmatch(t) for t in found.group(1).split()):
                self.add(
                    (line, column + found.start()),
                    ATTRIBUTES,
                    f"attribute list `{_excerpt(found.group(0))}` sets more than #id and .class",
                )

    def link(self, token: Token, locator: _Locator) -> None:
        url = str(token.attrGet("src" if token.type == "image" else "href") or "")
        if token.type == "image":
            where = locator.find("![")
        else:
            where = locator.find("<" if token.markup == "autolink" else "[")
        scheme = unsafe_scheme(url)
        if scheme:
            self.add(where, UNSAFE_URL, f"{scheme}: URL {_excerpt(url)}")

    def references(self, content: str, first: int) -> None:
        for match in _REFERENCE.finditer(content):
            url = match.group(2).lstrip("<").rstrip(">")
            scheme = unsafe_scheme(url)
            if scheme:
                line = first + content.count("\n", 0, match.start(2))
                column = max(self.lines[line].find(match.group(2)), 0) + 1
                self.add((line + 1, column), UNSAFE_URL, f"{scheme}: URL {_excerpt(url)}")


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
