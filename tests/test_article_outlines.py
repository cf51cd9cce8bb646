"""Article outlines: every paragraph accounted for, the coverage and what is known about each
article shown on its page, and the old shape (a bare list of headings) reported, not raised."""

from __future__ import annotations

from pathlib import Path

import yaml

from evidencekb.project import Project
from evidencekb.render import RenderOptions, render_site

OUTLINES = "sources/outlines.yaml"


def _edit_outline(root: Path, edit) -> None:  # type: ignore[no-untyped-def]
    path = root / OUTLINES
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data["articles"]["opinion-piece"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_the_old_shape_gets_one_clear_diagnostic(valid_kb: Path) -> None:
    path = valid_kb / OUTLINES
    path.write_text("articles:\n  opinion-piece:\n    - Introduction\n    - The Middle\n")
    diagnostics = Project(valid_kb).check().diagnostics
    found = [d for d in diagnostics if d.path == OUTLINES]
    assert [(d.code, d.position.line) for d in found] == [("EKB203", 2)]
    assert "bare list of headings (the old shape)" in found[0].message
    assert "paragraphs" in (found[0].hint or "")


def test_the_article_page_shows_every_paragraph_and_the_coverage(valid_kb: Path) -> None:
    pages = render_site(Project(valid_kb).check().kb, RenderOptions())
    page = pages["sources/opinion-piece.md"]
    assert "3 of 3 passages accounted for (100%)" in page
    assert "<strong>¶ 1</strong>: <em>no checkable claim: a rhetorical question</em>" in page
    assert 'href="../../claims/claim-one/"' in page
    assert "“things work”" in page
    assert "(100%)" in pages["articles/index.md"]


def test_what_is_known_about_an_article_is_escaped(valid_kb: Path) -> None:
    def edit(article: dict) -> None:
        article["about"]["author"] = "<script>alert(1)</script>"
        article["about"]["machine_generation"] = [
            {"where": "section 'Introduction', paragraph 1", "quote": "in<b>语音</b>", "note": "x"}
        ]

    _edit_outline(valid_kb, edit)
    page = render_site(Project(valid_kb).check().kb, RenderOptions())["sources/opinion-piece.md"]
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "“in&lt;b&gt;语音&lt;/b&gt;”" in page


def test_a_paragraph_left_out_is_reported_and_shown(valid_kb: Path) -> None:
    _edit_outline(valid_kb, lambda article: article["sections"][1]["not_checkable"].clear())
    result = Project(valid_kb).check()
    assert [d.code for d in result.diagnostics] == ["EKB407"]
