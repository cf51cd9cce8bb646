"""Events are rated as events, and untestable is not unsupported: the pages and exports."""

from __future__ import annotations

import json
from pathlib import Path

from evidencekb.project import Project
from evidencekb.render import RenderOptions, render_site

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
    locator: "abstract"
incident:
  date: "2023-05"
  product: "A <b>chatbot</b>"
  what_happened: "It advised a user badly <script>alert(1)</script>."
  outcome: It was withdrawn.
  documented: several-reports
reviewed: 2026-11-01
summary: Reported twice.
"""

UNTESTABLE = """\
id: claim-three
title: No machine will ever care
statement: No machine, however advanced, will ever care for a client.
topic: alpha
kind: mechanism
verdict: untestable
certainty: very-low
certainty_reasons:
  risk_of_bias: {concern: none}
  inconsistency: {concern: none}
  indirectness: {concern: none}
  imprecision: {concern: none}
  publication_bias: {concern: none}
evidence:
  - source: opinion-piece
    stance: supports
  - source: jones2019meta
    stance: context
reviewed: 2026-11-01
summary: A prediction about every future system; no study could test it.
"""


def _kb(valid_kb: Path) -> tuple[Project, dict[str, str]]:
    (valid_kb / "claims" / "alpha" / "incident-one.yaml").write_text(INCIDENT, encoding="utf-8")
    (valid_kb / "claims" / "alpha" / "claim-three.yaml").write_text(UNTESTABLE, encoding="utf-8")
    project = Project(valid_kb)
    result = project.check()
    assert [d for d in result.diagnostics if d.severity.value == "error"] == []
    return project, render_site(result.kb, RenderOptions(site_url="https://kb.example.org/"))


def test_an_incident_shows_its_documentation_not_a_certainty(valid_kb: Path) -> None:
    _, pages = _kb(valid_kb)
    page = pages["claims/incident-one.md"]
    assert 'class="ekb-badge ekb-documented-several-reports"' in page
    assert "ekb-certainty-" not in page
    assert "GRADE domain" not in page  # no table of GRADE domains
    assert "How well the event is documented: <strong>several reports</strong>." in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    harm = pages["harm-cases.md"]
    assert "ekb-documented-several-reports" in harm
    assert "A &lt;b&gt;chatbot&lt;/b&gt;" in harm and "<b>chatbot" not in harm


def test_claims_json_carries_documented_and_no_certainty_for_incidents(valid_kb: Path) -> None:
    _, pages = _kb(valid_kb)
    data = json.loads(pages["data/claims.json"])
    assert data["version"] == 2
    incident = next(c for c in data["claims"] if c["id"] == "incident-one")
    assert incident["incident"]["documented"] == "several-reports"
    assert "certainty" not in incident and "certainty_reasons" not in incident
    other = next(c for c in data["claims"] if c["id"] == "claim-one")
    assert other["certainty"] == "moderate"


def test_untestable_gets_no_rating_value_in_claimreview(valid_kb: Path) -> None:
    _, pages = _kb(valid_kb)
    page = pages["claims/claim-three.md"]
    assert 'class="ekb-badge ekb-verdict-untestable"' in page
    script = page.split('<script type="application/ld+json">\n', 1)[1].split("</script>")[0]
    rating = json.loads(script)["reviewRating"]
    assert rating["alternateName"] == "Untestable" and "ratingValue" not in rating


def test_incidents_count_on_the_evidence_map_but_do_not_shade(valid_kb: Path) -> None:
    _, pages = _kb(valid_kb)
    home = pages["index.md"]
    assert '<th scope="col">Un\u00adtestable</th>' in home
    # alpha: claim-one (supported, moderate) and incident-one (supported): moderate shade
    assert 'class="ekb-cell ekb-shade-moderate" href="topics/alpha/#supported"' in home
    assert "median certainty moderate" in home
    (valid_kb / "claims" / "alpha" / "claim-one.yaml").unlink()
    pages = render_site(Project(valid_kb).check().kb, RenderOptions())
    assert 'class="ekb-cell ekb-shade-none"' in pages["index.md"]
    assert "incidents only, no certainty" in pages["index.md"]
