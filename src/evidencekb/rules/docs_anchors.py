"""The knowledge base's pages that generated pages link into are there, with the headings linked.

Claim pages, the home page and the tool's own pages (contributing, versions) link to sections of
a knowledge base's methodology page (`methodology.md#certainty` and others), which the knowledge
base writes itself (`evidencekb init` gives a starting point). If a heading is renamed or the
page removed, MkDocs would fail the build with a warning about another page; this reports it in
the page at fault, with the headings that are missing.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from evidencekb.diagnostics import DiagnosticSink, Position
from evidencekb.rules.registry import Scope, Severity, declare

LINKED_ANCHORS: dict[str, tuple[str, ...]] = {
    "methodology.md": ("certainty", "answer", "incidents", "data-and-exports"),
}
"""Page -> the section ids that generated pages and the tool's pages link to
(tests/test_init.py checks this against every link in the templates and the tool's pages)."""

LINKED_SECTION_MISSING = declare(
    "EKB123",
    "docs-linked-section-missing",
    Severity.ERROR,
    Scope.FILE,
    "A docs page that generated pages link into is missing, or lacks a heading they link to: "
    "methodology.md must have sections with the ids certainty, answer, incidents and "
    "data-and-exports (claim pages, the home page and the tool's pages link to them).",
    "Keep those headings (an explicit id such as `## Certainty { #certainty }` keeps the link "
    "when the wording changes); `evidencekb init` writes a methodology page that has them all.",
)

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")
_EXPLICIT_ID = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def heading_ids(text: str) -> set[str]:
    """The ids of a Markdown page's ATX headings, as Python-Markdown's toc extension gives them:
    an explicit `{ #id }`, else the heading's words slugified (fenced code skipped)."""
    ids, fence = set(), ""
    for line in text.splitlines():
        opened = _FENCE.match(line)
        if opened and (not fence or opened.group(1).startswith(fence)):
            fence = "" if fence else opened.group(1)[:3]
            continue
        heading = None if fence else _HEADING.match(line)
        if heading:
            explicit = _EXPLICIT_ID.search(heading.group(1))
            ids.add(explicit.group(1) if explicit else _slug(heading.group(1)))
    return ids


def _slug(words: str) -> str:
    """Python-Markdown's toc `slugify`: ASCII, no punctuation, lowercase, hyphens for spaces."""
    ascii_words = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_words).strip().lower())


def check_linked_anchors(docs: dict[str, str], docs_dir: str, sink: DiagnosticSink) -> None:
    for name, wanted in LINKED_ANCHORS.items():
        path = (PurePosixPath(docs_dir) / name).as_posix()
        if name not in docs:
            LINKED_SECTION_MISSING.report(
                sink, path, Position(1, 1), f"no {name}: generated pages link to its sections"
            )
            continue
        found = heading_ids(docs[name])
        missing = [anchor for anchor in wanted if anchor not in found]
        if missing:
            LINKED_SECTION_MISSING.report(
                sink,
                path,
                Position(1, 1),
                f"{name} has no section {', '.join('#' + a for a in missing)}, "
                "which generated pages link to",
            )
