"""The verdict panel at the top of every claim page, and the hover card that shares its tally
and sentence: generated Markdown of the fixture knowledge base (tests/fixtures/valid, where
claim-one has a question and an answer and claim-two has neither) and small overlays."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from evidencekb.model import Certainty, Verdict
from evidencekb.project import Project
from evidencekb.render import RenderOptions, panel, render_site
from evidencekb.rules.answers import HEDGES, wording_problem

UNTESTABLE = """\
id: claim-three
title: No machine will ever care
statement: No machine, however advanced, will ever care for a client.
topic: alpha
kind: mechanism
verdict: {verdict}
certainty: very-low
certainty_reasons:
  risk_of_bias: {{concern: none}}
  inconsistency: {{concern: none}}
  indirectness: {{concern: none}}
  imprecision: {{concern: none}}
  publication_bias: {{concern: none}}
evidence:
  - source: opinion-piece
    stance: supports
  - source: jones2019meta
    stance: context
reviewed: 2026-11-01
summary: A prediction about every future system; no study could test it.
"""

INCIDENT = """\
id: incident-one
title: A chatbot advised a user badly
statement: In 2023 a chatbot gave a user harmful advice and was withdrawn.
topic: alpha
kind: incident
verdict: supported
evidence:
  - source: smith2020trial
    stance: supports
    locator: "p. 101"
  - source: jones2019meta
    stance: supports
incident:
  date: "2023-05"
  product: A chatbot
  what_happened: It advised a user badly.
  outcome: It was withdrawn.
  documented: several-reports
reviewed: 2026-11-01
summary: Reported twice.
"""


def _pages(kb: Path) -> dict[str, str]:
    result = Project(kb).check()
    assert [d for d in result.diagnostics if d.severity.value == "error"] == []
    return render_site(result.kb, RenderOptions())


def _panel(page: str) -> str:
    start = page.index('<section class="ekb-panel')
    return page[start : page.index("</section>", start)]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_panel_comes_first_under_the_title_in_order(valid_kb: Path) -> None:
    page = _pages(valid_kb)["claims/claim-one.md"]
    after_title = page.split('<h1 id="claim-title">Things work</h1>', 1)[1]
    assert after_title.lstrip().startswith('<section class="ekb-panel ekb-panel-supported"')
    order = [
        '<strong class="ekb-panel-verdict"><span class="ekb-badge ekb-verdict-supported"',
        "Supported</span>",
        'class="ekb-symbols ekb-symbols-moderate"',
        '<h2 id="question" class="ekb-panel-question">Do things work?</h2>',
        '<div class="ekb-panel-answer"><span class="ekb-search-only">Supported: </span>',
        "Things probably work well for most people, though less",
        '<div class="ekb-panel-tally">',
        "<figcaption>",
        "<blockquote>“things work”</blockquote>",
        "</section>",
        '<p class="ekb-paraphrase">',
        "## Why this verdict { #verdict }",
        "## Evidence",
    ]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_the_tally_counts_evidence_by_stance_and_links_the_sections(valid_kb: Path) -> None:
    pages = _pages(valid_kb)
    one = _panel(pages["claims/claim-one.md"])
    assert (
        '<div class="ekb-panel-tally">Evidence: 0 against, '
        '<a href="#qualifies">1 qualifying</a>, <a href="#supports">1 for</a></div>'
    ) in one
    two = _panel(pages["claims/claim-two.md"])
    assert 'Evidence: <a href="#contradicts">1 against</a>, ' in two
    assert "1 qualifying</a>, 0 for</div>" in two
    for anchor in ("#qualifies", "#supports"):  # every linked section is on the page
        assert "{ " + anchor + " }" in pages["claims/claim-one.md"]


def test_context_is_counted_only_when_there_is_some(valid_kb: Path) -> None:
    (valid_kb / "claims/alpha/claim-three.yaml").write_text(UNTESTABLE.format(verdict="supported"))
    page = _pages(valid_kb)["claims/claim-three.md"]
    assert '<a href="#supports">1 for</a>, <a href="#context">1 context</a></div>' in page
    assert "context" not in _panel(_pages(valid_kb)["claims/claim-one.md"])


@pytest.mark.parametrize("certainty", list(Certainty))
def test_certainty_symbols_fill_one_circle_per_level(certainty: Certainty) -> None:
    symbols = str(panel.certainty_symbols(certainty))
    shown = re.search(r'aria-hidden="true">(\S+) </span>', symbols)
    assert shown is not None
    assert shown.group(1) == "\u2a01" * certainty.rank + "\u25ef" * (4 - certainty.rank)
    assert f"{certainty.label.capitalize()} certainty" in symbols
    assert f'class="ekb-visually-hidden"> of the evidence ({certainty.rank} of 4)' in symbols


def test_the_panel_links_its_certainty_to_the_methodology(valid_kb: Path) -> None:
    one = _panel(_pages(valid_kb)["claims/claim-one.md"])
    assert '<a class="ekb-panel-certainty" href="../../methodology/#certainty"' in one
    assert "\u2a01\u2a01\u2a01\u25ef </span>Moderate certainty" in one


RATED = [v for v in Verdict if v.rates_evidence]


@pytest.mark.parametrize("certainty", [*Certainty, None])
@pytest.mark.parametrize("verdict", RATED)
def test_fallback_sentences_carry_the_certainty_in_their_wording(
    verdict: Verdict, certainty: Certainty | None
) -> None:
    sentence = panel.graded_sentence(verdict, certainty)
    assert sentence.endswith(".") and sentence[0].isupper()
    assert wording_problem(sentence, certainty or Certainty.HIGH) is None  # EKB517 holds
    if certainty is None or certainty is Certainty.HIGH:
        assert not any(w in sentence for words in HEDGES.values() for w in words)


def test_fallback_sentences_by_verdict() -> None:
    assert panel.graded_sentence(Verdict.SUPPORTED, Certainty.MODERATE) == (
        "The evidence probably supports this claim."
    )
    assert panel.graded_sentence(Verdict.SUPPORTED, Certainty.LOW) == (
        "The evidence may support this claim."
    )
    assert panel.graded_sentence(Verdict.CONTRADICTED, Certainty.MODERATE) == (
        "The evidence probably goes against this claim."
    )
    assert panel.graded_sentence(Verdict.CONTRADICTED, Certainty.VERY_LOW).startswith(
        "The evidence is very uncertain: "
    )
    assert panel.graded_sentence(Verdict.DISPUTED, Certainty.HIGH) == (
        "The evidence on this claim points both ways."
    )
    sentences = {panel.graded_sentence(v, Certainty.LOW) for v in RATED}
    assert len(sentences) == len(RATED)  # each verdict says something different


def test_a_claim_without_an_answer_gets_the_fallback(valid_kb: Path) -> None:
    two = _panel(_pages(valid_kb)["claims/claim-two.md"])  # contradicted, low, no answer
    assert '<div class="ekb-panel-answer">The evidence may go against this claim.</div>' in two
    assert "ekb-panel-question" not in two  # no question: none shown


@pytest.mark.parametrize("verdict", ["untestable", "unverifiable"])
def test_untestable_and_unverifiable_rate_no_certainty_and_say_why(
    valid_kb: Path, verdict: str
) -> None:
    (valid_kb / "claims/alpha/claim-three.yaml").write_text(UNTESTABLE.format(verdict=verdict))
    pages = _pages(valid_kb)
    box = _panel(pages["claims/claim-three.md"])
    assert "ekb-symbols" not in box and "ekb-certainty-" not in box
    assert '<span class="ekb-panel-certainty ekb-panel-unrated">No certainty rating: ' in box
    expected = (
        "This cannot be settled by evidence: "
        if verdict == "untestable"
        else ("This cannot be checked: ")
    )
    assert f'<div class="ekb-panel-answer">{expected}' in box
    assert "Certainty of the evidence:" not in pages["claims/claim-three.md"]
    topic = pages["topics/alpha.md"]  # its badge elsewhere does not rate certainty either
    line = next(line for line in topic.splitlines() if "claim-three/" in line)
    assert f"ekb-verdict-{verdict}" in line and "ekb-certainty-" not in line


def test_an_incident_is_worded_by_its_documentation(valid_kb: Path) -> None:
    (valid_kb / "claims/alpha/incident-one.yaml").write_text(INCIDENT)
    page = _pages(valid_kb)["claims/incident-one.md"]
    box = _panel(page)
    assert "ekb-symbols" not in box and "ekb-certainty-" not in page
    assert (
        'Documented: <span class="ekb-badge ekb-documented-several-reports">several reports'
    ) in box
    assert (
        '<div class="ekb-panel-answer">The record bears this account out: the event is '
        "described by several independent reports, none confirmed by a party.</div>"
    ) in box
    # The incident's facts: a definition list, not a table with an empty header.
    assert '<dl class="ekb-incident">\n<dt>Date</dt><dd>2023-05</dd>' in page
    assert "<tbody>\n<tr><th>Date" not in page


def test_the_articles_words_are_a_quote_apart_from_our_paraphrase(valid_kb: Path) -> None:
    page = _pages(valid_kb)["claims/claim-one.md"]
    box = _panel(page)
    figure = box[box.index('<figure class="ekb-panel-quote">') : box.index("</figure>")]
    assert (
        '<cite><a href="../../sources/opinion-piece/">Why Things Are So</a></cite>, '
        "section &#39;The Middle&#39;, paragraph 2:</figcaption>"
    ) in figure
    assert "<blockquote>“things work”</blockquote>" in figure
    assert "Things work well for most people." not in box  # the paraphrase is not in it
    assert (
        '<p class="ekb-paraphrase"><strong class="ekb-paraphrase-label">In our words:</strong> '
        "Things work well for most people.</p>"
    ) in page
    assert "<blockquote><p>Things work well" not in page  # no longer looks like a quote


def test_related_claims_are_listed_once_with_every_relation(valid_kb: Path) -> None:
    # claim-one refines claim-two; claim-two now also names claim-one: one line each way
    _edit(
        valid_kb / "claims/beta/claim-two.yaml",
        "reviewed: 2026-11-01",
        "related:\n  - claim: claim-one\n    relation: see-also\nreviewed: 2026-11-01",
    )
    pages = _pages(valid_kb)
    two = pages["claims/claim-two.md"].split("## Related claims", 1)[1].split("## Cite", 1)[0]
    assert two.count('href="../claim-one/"') == 1
    assert '<li>See also; refined by: <a href="../claim-one/"' in two
    one = pages["claims/claim-one.md"].split("## Related claims", 1)[1].split("## Cite", 1)[0]
    assert one.count('href="../claim-two/"') == 1
    assert '<li>Refines; see also: <a href="../claim-two/"' in one


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.titles: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("title") is not None:
            self.titles[found.get("href") or ""] = found["title"] or ""


def _card(page: str, href: str) -> str:
    parser = _Links()
    parser.feed(page)
    return parser.titles[href]


def test_the_hover_card_has_the_panels_sentence_and_tally(valid_kb: Path) -> None:
    pages = _pages(valid_kb)
    card = _card(pages["claims/claim-two.md"], "../claim-one/")
    assert card == (
        "Supported, moderate certainty. Things probably work well for most people, though less "
        "well later on. Evidence: 0 against, 1 qualifying, 1 for. Strongest for: Smith et al., "
        "2020 (Randomised controlled trial). Strongest against or limiting: Jones, 2019 "
        "(Meta-analysis)."
    )
    back = _card(pages["claims/claim-one.md"], "../claim-two/")
    assert back.startswith(
        "Contradicted, low certainty. The evidence may go against this claim. "
        "Evidence: 1 against, 1 qualifying, 0 for."
    )


def test_hostile_question_and_answer_are_escaped(valid_kb: Path) -> None:
    hostile = 'Things "probably" <script>alert(1)</script> work & {: onclick=x } |a|'
    _edit(valid_kb / "claims/alpha/claim-one.yaml", "question: Do things work?",
          "question: '<img src=x onerror=alert(1)> \"why\"?'")  # fmt: skip
    _edit(
        valid_kb / "claims/alpha/claim-one.yaml",
        "answer: Things probably work well for most people, though less well later on.",
        "answer: '" + hostile.replace("'", "''") + "'",
    )
    pages = _pages(valid_kb)
    page = pages["claims/claim-one.md"]
    box = _panel(page)
    assert "<img" not in page and "<script>alert" not in page
    question = '<h2 id="question" class="ekb-panel-question">'
    assert question + "&lt;img src&#61;x onerror&#61;alert(1)&gt; &#34;" in box
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in box and "&#123;: onclick" in box
    card = _card(pages["claims/claim-two.md"], "../claim-one/")  # one attribute, read back
    assert hostile in card


def test_claim_pages_rank_above_source_pages_in_search(valid_kb: Path) -> None:
    pages = _pages(valid_kb)
    assert pages["claims/claim-one.md"].startswith(
        '---\ntitle: "Things work"\nsearch: {"boost": 2}\n---\n'
    )
    assert 'search: {"boost": 0.5}' in pages["sources/smith2020trial.md"]


def test_every_table_cell_of_a_claim_page_has_its_label(valid_kb: Path) -> None:
    page = _pages(valid_kb)["claims/claim-one.md"]
    cells = re.findall(r"<td[ >]", page)
    assert len(cells) > 5
    assert re.findall(r"<td data-label=\"[^\"]+\">", page).__len__() == len(cells)


def test_the_summary_is_made_once_per_claim(valid_kb: Path, monkeypatch) -> None:
    calls: list[str] = []
    made = panel.summary

    def counting(claim):  # type: ignore[no-untyped-def]
        calls.append(claim.id)
        return made(claim)

    monkeypatch.setattr(panel, "summary", counting)
    _pages(valid_kb)
    assert sorted(calls) == ["claim-one", "claim-two"]


def test_a_topic_page_lists_each_claim_with_its_question(valid_kb: Path) -> None:
    topic = _pages(valid_kb)["topics/alpha.md"]
    line = next(line for line in topic.splitlines() if "claim-one/" in line)
    assert line.endswith('<br><span class="ekb-topic-question">Do things work?</span></li>')
    beta = _pages(valid_kb)["topics/beta.md"]  # claim-two has no question: none shown
    assert "ekb-topic-question" not in beta
