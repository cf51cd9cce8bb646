"""The overview pictures and pages (issue 15, points 2, 3 and 8), read from the generated
Markdown and data of the fixture with incidents and guardrails added: the incidents timeline,
the jurisdiction x guardrail matrix and its CSV, the verdict bars, the home page, and hostile
values escaped in HTML and SVG and guarded in the CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from evidencekb.project import Project
from evidencekb.render import RenderOptions, render_site
from evidencekb.render.exports import spreadsheet_cell

HOSTILE_JURISDICTION = "<img src=x onerror=alert(1)>"
FORMULA_JURISDICTION = '=HYPERLINK("https://evil.example/","click")'


def _incident(name: str, date: str | None, documented: str, product: str = "A chatbot") -> str:
    when = f'  date: "{date}"\n' if date else "  date: null\n"
    return f"""\
id: {name}
title: Incident {name}
statement: Something happened with a chatbot ({name}).
topic: alpha
kind: incident
verdict: supported
evidence:
  - source: smith2020trial
    stance: supports
    locator: "p. 101"
  - source: jones2019meta
    stance: supports
    locator: "abstract"
incident:
{when}  product: "{product}"
  what_happened: It gave harmful advice.
  outcome: It was withdrawn.
  documented: {documented}
reviewed: 2026-11-01
summary: Reported.
"""


def _adoption(jurisdiction: str, status: str, date: str, instrument: str = "An act") -> str:
    return f"""\
    - jurisdiction: '{jurisdiction}'
      instrument: '{instrument}'
      date: "{date}"
      status: {status}
      source: smith2020trial
"""


def _guardrail(name: str, title: str, adoptions: list[str]) -> str:
    return f"""\
id: {name}
title: {title}
statement: Chatbots should be overseen ({name}).
topic: beta
kind: recommendation
asserted_in:
  - source: opinion-piece
    locator: "section 'Introduction', paragraph 1"
verdict: partly-supported
certainty: low
certainty_reasons:
  risk_of_bias: {{concern: serious, note: "Open-label trials."}}
  inconsistency: {{concern: none}}
  indirectness: {{concern: none}}
  imprecision: {{concern: serious, note: "Few participants."}}
  publication_bias: {{concern: none}}
evidence:
  - source: smith2020trial
    stance: supports
    locator: "p. 102"
reviewed: 2026-11-01
summary: Partly.
guardrail:
  adoptions:
""" + "".join(adoptions)


GUARDRAIL_ONE = _guardrail(
    "guard-one",
    "Humans must oversee chatbots",
    [
        _adoption("Utopia", "adopted", "2024-05"),
        _adoption("Utopia", "proposed", "2023", "A bill"),
        _adoption(HOSTILE_JURISDICTION, "debated", "2025-01", "+SUM(A1:A9)"),
    ],
)
GUARDRAIL_TWO = _guardrail(
    "guard-two",
    "Users must be told they talk to a machine",
    [
        _adoption("Utopia", "rejected", "2025-02-03"),
        _adoption(FORMULA_JURISDICTION.replace("'", "''"), "adopted", "2025", "@risk"),
    ],
)


@pytest.fixture
def pages(valid_kb: Path) -> dict[str, str]:
    claims = valid_kb / "claims"
    files = {
        "alpha/incident-a.yaml": _incident("incident-a", "2023-05", "several-reports"),
        "alpha/incident-b.yaml": _incident("incident-b", "2023-11", "confirmed"),
        "alpha/incident-c.yaml": _incident("incident-c", "2025", "court-record"),
        "alpha/incident-d.yaml": _incident("incident-d", None, "one-report", HOSTILE_JURISDICTION),
        "beta/guard-one.yaml": GUARDRAIL_ONE,
        "beta/guard-two.yaml": GUARDRAIL_TWO,
    }
    for name, text in files.items():
        (claims / name).write_text(text, encoding="utf-8")
    result = Project(valid_kb).check()
    errors = [d for d in result.diagnostics if d.severity.value == "error"]
    assert errors == []
    return render_site(result.kb, RenderOptions())


def _svg(page: str, label: str) -> str:
    """The first SVG element of the page whose text holds `label`."""
    found = [m for m in re.findall(r"<svg\b.*?</svg>", page, re.S) if label in m]
    assert found, label
    return found[0]


def test_timeline_counts_incidents_per_year_with_a_shape_per_documentation(pages) -> None:
    page = pages["harm-cases.md"]
    svg = _svg(page, "timeline-title")
    assert 'role="img"' in svg and 'aria-labelledby="timeline-title timeline-desc"' in svg
    assert '<title id="timeline-title">Documented harm incidents per year</title>' in svg
    # 2023 to 2025 with the empty 2024 shown, then the undated incident
    ticks = re.findall(r'<text class="ekb-tick" [^>]*>([^<]+)</text>', svg)
    assert ticks == ["2023", "2024", "2025", "undated"]
    counts = re.findall(r'<text class="ekb-tick-count[^"]*" [^>]*>(\d+)</text>', svg)
    assert counts == ["2", "0", "1", "1"]
    assert "4 incidents by year of the event. 2023: 2 (1 confirmed, 1 several reports)" in svg
    assert "2025: 1 (1 court record); undated: 1 (1 one report)." in svg
    # each level its own shape: square, diamond, disc, ring
    assert '<rect class="ekb-mark ekb-mark-confirmed"' in svg
    assert '<polygon class="ekb-mark ekb-mark-court-record"' in svg
    assert '<circle class="ekb-mark ekb-mark-several-reports"' in svg
    assert '<circle class="ekb-mark ekb-mark-one-report"' in svg
    assert "fill=" not in svg  # colours come from classes, for both schemes


def test_incident_table_keeps_every_column_each_cell_labelled(pages) -> None:
    page = pages["harm-cases.md"]
    table = page[page.index('<table class="ekb-wrap ekb-incidents">') :]
    table = table[: table.index("</table>")]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert headers == ["Date", "Product", "What happened", "Outcome", "Documented", "Sources"]
    rows = table.split("<tr>")[2:]
    assert len(rows) == 4
    for row in rows:
        assert re.findall(r'<td data-label="([^"]+)">', row) == headers
    assert 'data-label="Date">unknown</td>' in table


def test_distinct_titles_and_links_between_harm_pages(valid_kb: Path, pages) -> None:
    harm = pages["harm-cases.md"]
    assert "\n# Harm cases: every documented incident\n" in harm
    assert '<a href="../topics/alpha/">Alpha topic</a>' in harm  # the topic of its incidents
    topic = pages["topics/alpha.md"]
    assert '<a href="../../harm-cases/">Harm cases: every documented incident</a>' in topic
    assert '<a href="../../guardrails/">Guardrails</a>' in pages["topics/beta.md"]
    assert "harm-cases" not in pages["topics/beta.md"]


def test_the_repository_topic_and_page_titles_differ() -> None:
    import yaml

    from conftest import REPO

    topics = yaml.safe_load((REPO / "topics.yaml").read_text(encoding="utf-8"))["topics"]
    harm = next(topic for topic in topics if topic["id"] == "harm-cases")
    assert harm["title"] == "Harm cases: the evidence"


def _matrix(page: str) -> str:
    table = page[page.index('<table class="ekb-matrix">') :]
    return table[: table.index("</table>")]


def test_matrix_rows_jurisdictions_columns_guardrails_status_words(pages) -> None:
    page = pages["guardrails.md"]
    table = _matrix(page)
    assert page.index('<table class="ekb-matrix">') < page.index('<h2 id="guard-one">')
    head = table[: table.index("</thead>")]
    assert '<th scope="col">Jurisdiction or body</th>' in head
    assert re.findall(r'<th scope="col"><a href="#([^"]+)"', head) == ["guard-one", "guard-two"]
    rows = {
        re.search(r'<th scope="row"[^>]*>(.*?)</th>', row).group(1): re.findall(  # type: ignore[union-attr]
            r"<td [^>]*>(.*?)</td>", row
        )
        for row in table.split("<tr>")[2:]
    }
    assert list(rows) == [  # by name
        "&lt;img src&#61;x onerror&#61;alert(1)&gt;",
        "&#61;HYPERLINK(&#34;https://evil.example/&#34;,&#34;click&#34;)",
        "Utopia",
    ]
    utopia = rows["Utopia"]
    # two entries in one cell, by date; a status is a word with a colour class and a link
    assert re.findall(r">(\w+)</a> (\d{4})", utopia[0]) == [
        ("proposed", "2023"),
        ("adopted", "2024"),
    ]
    assert '<a class="ekb-status ekb-status-adopted" href="#guard-one"' in utopia[0]
    assert re.findall(r">(\w+)</a> (\d{4})", utopia[1]) == [("rejected", "2025")]
    assert rows["&lt;img src&#61;x onerror&#61;alert(1)&gt;"][1] == ""  # an empty cell
    assert "4 adopted" not in page and "2 adopted, 1 proposed, 1 debated, 1 rejected" in page


def test_matrix_cells_are_labelled_for_the_phone_layout(pages) -> None:
    table = _matrix(pages["guardrails.md"])
    for row in table.split("<tr>")[2:]:
        labels = re.findall(r'<t[dh] [^>]*data-label="([^"]+)"', row)
        assert labels == [
            "Jurisdiction or body",
            "G1: Humans must oversee chatbots",
            "G2: Users must be told they talk to a machine",
        ]


def test_adoptions_csv_rows_and_formula_guard(pages) -> None:
    page = pages["guardrails.md"]
    assert '<a href="../data/guardrail-adoptions.csv" download="guardrail-adoptions.csv">' in page
    rows = list(csv.reader(io.StringIO(pages["data/guardrail-adoptions.csv"])))
    assert rows[0] == [
        "guardrail",
        "guardrail_title",
        "jurisdiction",
        "instrument",
        "date",
        "status",
        "source",
    ]
    assert len(rows) == 1 + 5
    assert rows[1] == [
        "guard-one",
        "Humans must oversee chatbots",
        "Utopia",
        "A bill",
        "2023",
        "proposed",
        "smith2020trial",
    ]
    hostile = next(row for row in rows if row[2].startswith("<img"))
    assert hostile[2] == HOSTILE_JURISDICTION and hostile[3] == "'+SUM(A1:A9)"
    formula = next(row for row in rows if "HYPERLINK" in row[2])
    assert formula[2] == "'" + FORMULA_JURISDICTION and formula[3] == "'@risk"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("  =1", "'  =1"),
        ("\r=1", "'\r=1"),
        ("2025-01", "2025-01"),
        ("Utopia - the state", "Utopia - the state"),
        ("", ""),
    ],
)
def test_spreadsheet_cell_guards_formulas(value: str, written: str) -> None:
    assert spreadsheet_cell(value) == written


def test_hostile_values_are_escaped_in_html_and_svg(pages) -> None:
    for path in ("harm-cases.md", "guardrails.md"):
        page = pages[path]
        assert "<img" not in page, path
        assert "onerror=" not in page, path
    assert "&lt;img src&#61;x onerror&#61;alert(1)&gt;" in pages["harm-cases.md"]


def test_verdict_bar_counts_distinct_claims_of_an_article(pages) -> None:
    page = pages["sources/opinion-piece.md"]
    # claim-one, claim-two and the two guardrails, each asserted once
    assert (
        "<strong>3</strong> passages (3 accounted for) · <strong>4</strong> distinct claims" in page
    )
    svg = _svg(page, "ekb-bar-segment")
    assert 'viewBox="0 0 4 1"' in svg and 'role="img"' in svg
    label = "Verdicts of 4 distinct claims: 1 supported, 2 partly supported, 1 contradicted"
    assert f'aria-label="{label}"' in svg
    segments = re.findall(
        r'class="ekb-bar-segment ekb-fill-([a-z-]+)" x="(\d+)" y="0" width="(\d+)"', svg
    )
    assert segments == [
        ("supported", "0", "1"),
        ("partly-supported", "1", "2"),
        ("contradicted", "3", "1"),
    ]
    legend = re.findall(r"<strong>(\d+)</strong> ([a-z ]+)</li>", page)
    assert legend == [("1", "supported"), ("2", "partly supported"), ("1", "contradicted")]


def test_articles_index_counts_passages_and_distinct_claims(valid_kb: Path, pages) -> None:
    page = pages["articles/index.md"]
    assert (
        "<strong>3</strong> passages, 3 accounted for (100%) · <strong>4</strong> distinct claims"
        in page
    )
    assert 'aria-label="Verdicts of 4 distinct claims:' in page
    # a claim asserted in two passages is one distinct claim, named twice
    path = valid_kb / "claims/alpha/claim-one.yaml"
    text = path.read_text(encoding="utf-8").replace(
        '    quote: "things work"\n',
        '    quote: "things work"\n  - source: opinion-piece\n'
        "    locator: \"section 'Introduction', paragraph 1\"\n",
    )
    path.write_text(text, encoding="utf-8")
    again = render_site(Project(valid_kb).check().kb, RenderOptions())
    assert "<strong>4</strong> distinct claims" in again["articles/index.md"]
    assert "<strong>4</strong> distinct claims, named 5 times" in again["sources/opinion-piece.md"]


def test_home_features_questions_links_overviews_and_shows_certainty_as_symbols(pages) -> None:
    home = pages["index.md"]
    featured = home[home.index('<ul class="ekb-featured">') :]
    featured = featured[: featured.index("</ul>")]
    assert '<a href="claims/claim-one/">Do things work?</a>' in featured
    assert 'class="ekb-badge ekb-verdict-supported"' in featured
    assert "Things probably work well for most people" in featured
    assert "claim-two" not in featured  # not featured
    assert home.index('<ul class="ekb-featured">') < home.index("## Evidence map")
    for target in ("articles/", "topics/", "harm-cases/", "guardrails/"):
        assert f'<a href="{target}">' in home
    assert "4 documented incidents" in home
    assert "2 guardrails: where each was adopted, proposed, debated or rejected (5 records)" in home
    # the map: GRADE symbols in the cell and the legend beside the table, in one block
    assert re.search(
        r'href="topics/beta/#contradicted"[^>]*>1'
        r'<span class="ekb-grade" aria-hidden="true">⨁⨁◯◯</span>'
        r'<span class="ekb-visually-hidden"> contradicted, low certainty</span></a>',
        home,
    )
    assert 'href="topics/alpha/#supported"' in home and "events</span>" in home
    block = home[home.index('<div class="ekb-map">') :]
    assert block.index("</table>") < block.index('<div class="ekb-map-legend">')
    assert block.index('<div class="ekb-map-legend">') < block.index("## Articles under review")
    assert '<th scope="row" data-label="Topic">' in block
    assert '<td data-label="Partly supported">' in block


def test_home_counts_are_honest(pages) -> None:
    home = pages["index.md"]
    assert "<strong>8</strong> claims (4 of them incidents)" in home
    # the article is counted by distinct claims, not by its asserted_in entries
    assert "(4 distinct claims)" in home
