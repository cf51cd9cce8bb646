"""Generated Markdown and data, tested as text (not theme HTML)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from evidencekb.load.tool_docs import TOOL_PAGES
from evidencekb.project import Project
from evidencekb.render import RenderOptions, render_site


def pages_for(kb_root: Path, **options: str) -> dict[str, str]:
    return render_site(Project(kb_root).check().kb, RenderOptions(**options))


SOURCE_KEYS = ("smith2020trial", "opinion-piece", "jones2019meta")


def test_a_page_for_every_claim_topic_and_source(valid_kb: Path) -> None:
    pages = pages_for(valid_kb)
    expected = {
        "index.md",
        "topics/index.md",
        "topics/alpha.md",
        "topics/beta.md",
        "claims/claim-one.md",
        "claims/claim-two.md",
        "sources/smith2020trial.md",
        "sources/opinion-piece.md",
        "sources/jones2019meta.md",
        "bibliography.md",  # one page: the fixture has fewer sources than a page holds
        "about.md",
        "methodology.md",
        *TOOL_PAGES,  # the tool's own documentation, in every site
        "data/sources.csl.json",
        "rules.md",
        "harm-cases.md",
        "guardrails.md",
        "articles/index.md",
        "data/claims.json",
        "data/sources.bib",
        "data/guardrail-adoptions.csv",
        *(f"data/sources/{key}.{kind}" for key in SOURCE_KEYS for kind in ("bib", "ris")),
    }
    assert set(pages) == expected


def test_home_evidence_map_links_each_cell(valid_kb: Path) -> None:
    home = pages_for(valid_kb)["index.md"]
    headers = ["Topic", "Supported", "Partly sup\u00adported", "Disputed"]
    assert "".join(f'<th scope="col">{header}</th>' for header in headers) in home
    assert '<a class="ekb-cell ekb-shade-moderate" href="topics/alpha/#supported"' in home
    assert '<a class="ekb-cell ekb-shade-low" href="topics/beta/#contradicted"' in home


def test_claim_page_groups_evidence_by_stance(valid_kb: Path) -> None:
    page = pages_for(valid_kb)["claims/claim-one.md"]
    assert "### Supporting evidence (1) { #supports }" in page
    assert (
        '<tr><td data-label="Source"><a href="../../sources/smith2020trial/">Smith et al., 2020</a>'
        '</td><td data-label="Design">Randomised controlled trial</td><td data-label="Where">p. 104'
        '</td><td data-label="Quote">“the intervention worked”</td>'
        '<td data-label="What it shows">Effect d &#61; 0.4.</td></tr>'
    ) in page
    assert "### Qualifying evidence (1) { #qualifies }" in page
    assert (
        '<td data-label="GRADE domain">Inconsistency</td><td data-label="Concern">serious</td>'
        '<td data-label="Why">Trials disagree on size.</td>'
    ) in page
    assert "section &#39;The Middle&#39;, paragraph 2: “things work”" in page
    assert "Source file <code>claims/alpha/claim-one.yaml</code>" in page


def test_related_claims_link_both_ways(valid_kb: Path) -> None:
    pages = pages_for(valid_kb)
    assert (
        '<li>Refines: <a href="../claim-two/" title="Contradicted, low certainty.'
        in (pages["claims/claim-one.md"])
    )
    assert (
        '<li>Refined by: <a href="../claim-one/" title="Supported, moderate'
        in pages["claims/claim-two.md"]
    )


def test_edit_link_when_configured(valid_kb: Path) -> None:
    page = pages_for(valid_kb, edit_url="https://example.org/edit/{path}")["claims/claim-one.md"]
    assert '<a href="https://example.org/edit/claims/alpha/claim-one.yaml">' in page


def test_source_page_has_apa_reference_and_backlinks(valid_kb: Path) -> None:
    page = pages_for(valid_kb)["sources/smith2020trial.md"]
    assert (
        "Smith, J., Müller, H., &amp; García, A. (2020). A Randomised Trial of Something. "
        "<i>Journal of Tests</i>, <i>12</i>(3), 100–110."
    ) in page
    assert '<td><a href="../../claims/claim-one/" title="Supported, moderate certainty.' in page
    assert "<td>supports</td><td>p. 104</td><td>“the intervention worked”</td>" in page


def test_article_page_lists_its_claims_in_reading_order(valid_kb: Path) -> None:
    page = pages_for(valid_kb)["sources/opinion-piece.md"]
    intro = page.index(">Introduction</h3>")
    middle = page.index(">The Middle</h3>")
    assert intro < page.index(">Things always work</a>") < middle < page.index(">Things work</a>")


def test_csl_json_export(valid_kb: Path) -> None:
    items = json.loads(pages_for(valid_kb)["data/sources.csl.json"])
    smith = next(item for item in items if item["id"] == "smith2020trial")
    assert smith["type"] == "article-journal"
    assert smith["author"][1] == {"family": "Müller", "given": "Hans"}
    assert smith["DOI"] == "10.1000/test.2020.1"


def test_text_is_escaped_and_summary_html_sanitised(valid_kb: Path) -> None:
    path = valid_kb / "claims/alpha/claim-one.yaml"
    text = path.read_text().replace("title: Things work", "title: A <b>bold</b> | claim")
    text = text.replace(
        "  Trials find an effect;",
        '  <script>alert(1)</script> [x](javascript:alert(1)) <a onclick="x()">y</a>\n'
        "  Trials find an effect;",
    )
    path.write_text(text)
    page = pages_for(valid_kb)["claims/claim-one.md"]
    assert '<h1 id="claim-title">A &lt;b&gt;bold&lt;/b&gt; &#124; claim</h1>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # prose keeps its text
    assert "<script>" not in page and "alert(1)</script>" not in page
    assert page.count("<script") == 1  # only the ClaimReview JSON-LD
    assert re.search(r"<[a-z][^>]*\son\w+=", page) is None  # no element with a handler
    assert 'href="javascript' not in page
    assert "[x](javascript:alert(1))" in page  # shown as written, not linked


def test_claims_json_export_is_versioned(valid_kb: Path) -> None:
    data = json.loads(pages_for(valid_kb)["data/claims.json"])
    assert data["version"] == 2
    first = data["claims"][0]
    assert first["id"] == "claim-one"
    assert first["url"] == "claims/claim-one/"
    assert first["reviewed"] == "2026-11-01"
    assert first["evidence"][0]["source"] == "smith2020trial"


def test_bibtex_export_round_trips(valid_kb: Path) -> None:
    from evidencekb.diagnostics import DiagnosticSink
    from evidencekb.load import parse_bib

    text = pages_for(valid_kb)["data/sources.bib"]
    sink = DiagnosticSink()
    entries = {entry.key: entry for entry in parse_bib(text, "sources.bib", sink)}
    assert sink.diagnostics == []
    smith = entries["smith2020trial"]
    assert smith.fields["author"][1] == {"family": "Müller", "given": "Hans"}
    assert smith.fields["pages"] == "100–110"  # "--" decoded to an en dash
    assert smith.fields["design"] == "rct"


def test_claim_page_has_claimreview_json_ld_and_citation(valid_kb: Path) -> None:
    page = pages_for(valid_kb, site_url="https://kb.example.org/")["claims/claim-two.md"]
    script = page.split('<script type="application/ld+json">\n', 1)[1].split("</script>")[0]
    review = json.loads(script)
    assert review["@type"] == "ClaimReview"
    assert review["url"] == "https://kb.example.org/claims/claim-two/"
    assert review["reviewRating"]["ratingValue"] == 1
    assert review["reviewRating"]["alternateName"] == "Contradicted"
    assert review["claimReviewed"] == "Things always work for everyone."
    link = "https://kb.example.org/claims/claim-two/"
    assert f'<a href="{link}">{link}</a>' in page
    assert "[Claim <code>claim-two</code>, last reviewed 2026-11-01]" in page


def test_harm_cases_and_guardrails_pages(valid_kb: Path) -> None:
    pages = pages_for(valid_kb)
    assert pages["harm-cases.md"].count("<tr>") == 1  # the header only: no incidents
    assert "\n# Guardrails\n" in pages["guardrails.md"]


def test_check_and_render_gives_what_check_then_render_give(valid_kb: Path) -> None:
    result, pages = Project(valid_kb).check_and_render()
    project = Project(valid_kb)
    assert pages == project.render(project.check())

    bib = next((valid_kb / "sources").glob("*.bib"))
    bib.write_text(bib.read_text() + "\n@artcle{typo2020, title = {T}, year = {2020}}\n")
    result, pages = Project(valid_kb).check_and_render()
    assert {d.code for d in result.diagnostics} == {"EKB204"}  # from the BibTeX read early
    assert result.diagnostics == Project(valid_kb).check().diagnostics


def test_check_and_render_renders_nothing_when_the_check_fails(valid_kb: Path) -> None:
    claim = valid_kb / "claims" / "beta" / "claim-two.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("verdict:", "verdikt:"))
    result, pages = Project(valid_kb).check_and_render()
    assert result.failed() and pages is None


def test_references_an_early_formatting_missed_are_formatted_when_asked(valid_kb: Path) -> None:
    from evidencekb.render.citations import apa_references, formatting_references

    sources = list(Project(valid_kb).check().kb.sources.values())
    cache: dict[str, str] = {}
    with (
        formatting_references(sources[:1], cache) as early,  # e.g. a file changed meanwhile
        formatting_references(sources, cache, ahead=early) as references,
    ):
        assert references() == apa_references(sources)
