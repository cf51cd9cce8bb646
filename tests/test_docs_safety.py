"""Hand-written docs pages: raw HTML, unsafe URLs and attribute lists are reported exactly."""

from __future__ import annotations

import pytest

from conftest import REPO
from evidencekb.diagnostics import DiagnosticSink
from evidencekb.rules.docs import check_docs, page_findings, unsafe_scheme

HOSTILE = [
    ("# T\n\nText <script>alert(1)</script>\n", [("EKB120", 3, 6)]),
    ("<script>\nalert(1)\n</script>\n", [("EKB120", 1, 1)]),
    ("a <img src=x onerror=alert(1)> b\n", [("EKB120", 1, 3)]),
    ("a <img src=x onerror=alert(1)\n", [("EKB120", 1, 3)]),
    ("ok\n\n  </p><b>\n", [("EKB120", 3, 3)]),
    ("<!-- x --!><script>alert(1)</script> -->\n", [("EKB120", 1, 1)]),
    ("a <?php x ?> <!doctype\n", [("EKB120", 1, 3)]),
    ("x\n\n    <b> read as Markdown: admonition bodies look the same\n", [("EKB120", 3, 5)]),
    ("!!! note\n\n    <script>alert(1)</script>\n", [("EKB120", 3, 5)]),
    (" ```\nx\n\n<script>alert(1)</script>\n ```\n", [("EKB120", 4, 1)]),
    ("```\n\n<script>alert(1)</script>\n", [("EKB120", 3, 1)]),
    ("| a | b |\n|---|---|\n| <b>x</b> | y |\n", [("EKB120", 3, 3)]),
    ("see [x](javascript:alert(1)) now\n", [("EKB121", 1, 5)]),
    ("see [x](javascript&#58;alert(1))\n", [("EKB121", 1, 5)]),
    ("see [x](<java\tscript:alert(1)>)\n", [("EKB121", 1, 5)]),
    ("see [x][r]\n\n[r]: javascript:alert(1)\n", [("EKB121", 3, 6)]),
    ("[r]:\n   JavaScript:alert(1)\n", [("EKB121", 2, 4)]),
    ("go <javascript:alert(1)>\n", [("EKB121", 1, 4)]),
    ("![i](data:image/svg+xml,x)\n", [("EKB121", 1, 1)]),
    ("- [v](vbscript:x)\n", [("EKB121", 1, 3)]),
    ('a *x*{ onclick="alert(1)" } b\n', [("EKB122", 1, 6)]),
    ("para\n{: onmouseover=alert(1) }\n", [("EKB122", 2, 1)]),
    ("## I { #i onclick=x }\n", [("EKB122", 1, 6)]),
    ('[a](x.md){: style="x" }\n', [("EKB122", 1, 10)]),
    ("`c`{ href=x }\n", [("EKB122", 1, 4)]),
]

CLEAN = [
    "## Verdicts { #verdicts }\n\nText *em*{ .big #e } and [a](../b.md#c){: .button }\n",
    "[a](https://x) [b](#e) [m](mailto:a@b.org) <https://x> ![i](img.png) [r][r]\n\n"
    "[r]: http://example.org\n",
    "`<script>` and\n\n```html\n<script>x</script>\n```\n",
    "- item\n\n    ```sh\n    echo '<b>'\n    ```\n",
    "a &lt;b&gt; \\<i> 3 < 4 and 5 > 4 <!-- marker -->\n",
    "```python\n[x](javascript:1) *a*{ onclick=x }\n```\n",
]


@pytest.mark.parametrize(("text", "expected"), HOSTILE)
def test_hostile_page_is_reported_at_the_exact_place(
    text: str, expected: list[tuple[str, int, int]]
) -> None:
    assert [(f.code, f.line, f.column) for f in page_findings(text)] == expected


@pytest.mark.parametrize("text", CLEAN)
def test_clean_page_has_no_findings(text: str) -> None:
    assert page_findings(text) == []


def test_findings_are_reported_per_docs_page_with_its_path() -> None:
    sink = DiagnosticSink()
    pages = {"a/x.md": "[x](javascript:1)\n", "b.md": "fine\n", "c.txt": "<script>"}
    check_docs(pages, "docs/", sink)
    assert [(d.path, d.code, d.position.line) for d in sink.diagnostics] == [
        ("docs/a/x.md", "EKB121", 1)
    ]


def test_this_repositorys_docs_are_clean() -> None:
    pages = sorted((REPO / "docs").rglob("*.md"))
    assert pages
    assert {str(p): page_findings(p.read_text(encoding="utf-8")) for p in pages} == {
        str(p): [] for p in pages
    }


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:x", "javascript"),
        (" \x01JaVaScRiPt:x", "javascript"),
        ("java\nscript:x", "javascript"),
        ("data:text/html,x", "data"),
        ("https://x", None),
        ("mailto:a@b", None),
        ("../a.md", None),
        ("#x", None),
        ("a/b:c", None),
    ],
)
def test_unsafe_scheme(url: str, scheme: str | None) -> None:
    assert unsafe_scheme(url) == scheme
