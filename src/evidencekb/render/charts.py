"""The overview pictures, as data their templates draw at build time (static HTML and SVG).

Each function here turns claims into the numbers and positions of one picture: the certainty
symbols of the evidence map, the verdict distribution bar of an article, the incidents
timeline of the harm-cases page, the jurisdiction x guardrail matrix of the guardrails page.
The templates (`templates/chart-*.html.j2`) draw them, every value escaped as everywhere else;
nothing here writes HTML from content. Each picture is computed once per page that shows it,
in one pass over the claims it shows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from evidencekb.index import AssertionRef
from evidencekb.model import Adoption, AdoptionStatus, Certainty, Claim, Documentation, Verdict
from evidencekb.render import html

# GRADE's own notation of certainty, filled circles out of four, in the characters GRADEpro
# writes (⨁ and ◯, which render at one size where ⊕ and ○ do not).
_GRADE = {rank: "\u2a01" * rank + "\u25ef" * (4 - rank) for rank in range(1, 5)}


def grade_symbols(certainty: Certainty | str | None) -> str:
    """`⨁⨁◯◯` for low certainty; empty for none (incidents carry no certainty)."""
    if certainty is None or certainty == "none":
        return ""
    return _GRADE[Certainty(certainty).rank]


# Where a verdict's label may break in a narrow column header (a soft hyphen, U+00AD).
_BREAKS = {
    Verdict.PARTLY_SUPPORTED: "Partly sup\u00adported",
    Verdict.UNSUPPORTED: "Un\u00adsupported",
    Verdict.CONTRADICTED: "Contra\u00addicted",
    Verdict.UNVERIFIABLE: "Un\u00adverifiable",
    Verdict.UNTESTABLE: "Un\u00adtestable",
}


def verdict_heading(verdict: Verdict) -> Markup:
    """A verdict's label for a narrow column header, with soft hyphens where it may break.
    Made from the vocabulary, which holds no character that needs escaping."""
    return Markup(_BREAKS.get(verdict, verdict.label.capitalize()))


def distinct_claims(refs: Iterable[AssertionRef]) -> list[Claim]:
    """The claims an article makes, each once, in reading order (a claim may be asserted in
    several passages)."""
    seen: dict[str, Claim] = {}
    for ref in refs:
        seen.setdefault(ref.claim.id, ref.claim)
    return list(seen.values())


@dataclass(frozen=True)
class Segment:
    verdict: Verdict
    count: int
    start: int  # in claims, from the left end of the bar


@dataclass(frozen=True)
class VerdictBar:
    segments: list[Segment]  # verdicts with at least one claim, best first
    total: int

    @property
    def summary(self) -> str:
        """The bar in words: its text alternative."""
        parts = ", ".join(f"{s.count} {s.verdict.label}" for s in self.segments)
        return f"Verdicts of {self.total} distinct claim{_s(self.total)}: {parts or 'none'}"


def verdict_bar(claims: Iterable[Claim]) -> VerdictBar:
    counts = Counter(claim.verdict for claim in claims)
    segments, start = [], 0
    for verdict in Verdict:
        if counts[verdict]:
            segments.append(Segment(verdict, counts[verdict], start))
            start += counts[verdict]
    return VerdictBar(segments, start)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


# The timeline's geometry, in SVG user units.
_COLUMN, _MARK, _STEP, _TOP, _BOTTOM = 46, 16, 20, 28, 26
_MAX_SPAN = 16  # years; a longer span shows only the years with incidents


@dataclass(frozen=True)
class Mark:
    claim: Claim
    documented: Documentation
    x: int  # the centre of the mark
    y: int  # the centre of the mark


@dataclass(frozen=True)
class Year:
    label: str  # "2023", or "undated"
    x: int  # the centre of the column
    marks: list[Mark]

    @property
    def count(self) -> int:
        return len(self.marks)

    @property
    def summary(self) -> str:
        if not self.marks:
            return f"{self.label}: none"
        levels = Counter(mark.documented for mark in self.marks)
        parts = ", ".join(f"{levels[doc]} {doc.label}" for doc in Documentation if levels[doc])
        return f"{self.label}: {self.count} ({parts})"


@dataclass(frozen=True)
class Timeline:
    years: list[Year]
    width: int
    height: int
    baseline: int  # y of the axis

    @property
    def total(self) -> int:
        return sum(year.count for year in self.years)

    @property
    def summary(self) -> str:
        counted = "; ".join(year.summary for year in self.years if year.count)
        return f"{self.total} incident{_s(self.total)} by year of the event. {counted}."


def incident_timeline(incidents: Iterable[Claim]) -> Timeline:
    """Incidents per year of the event, the best documented at the bottom of each column; the
    years between the first and the last are shown even when empty, so that gaps are seen."""
    by_year: dict[str, list[tuple[Documentation, Claim]]] = defaultdict(list)
    for claim in incidents:
        if claim.incident is not None:
            date = claim.incident.date
            by_year[date[:4] if date else "undated"].append((claim.incident.documented, claim))
    labels = _year_labels(by_year)
    tallest = max((len(found) for found in by_year.values()), default=0)
    baseline = _TOP + max(tallest, 1) * _STEP
    years = []
    for index, label in enumerate(labels):
        x = index * _COLUMN + _COLUMN // 2
        ranked = sorted(by_year.get(label, []), key=lambda pair: -pair[0].rank)
        bottom = baseline - _STEP // 2
        marks = [Mark(claim, doc, x, bottom - i * _STEP) for i, (doc, claim) in enumerate(ranked)]
        years.append(Year(label, x, marks))
    return Timeline(years, max(len(labels), 1) * _COLUMN, baseline + _BOTTOM, baseline)


def _year_labels(by_year: dict[str, Any]) -> list[str]:
    dated = sorted(int(year) for year in by_year if year != "undated")
    years = [str(year) for year in dated]
    if dated and dated[-1] - dated[0] < _MAX_SPAN:
        years = [str(year) for year in range(dated[0], dated[-1] + 1)]
    return years + (["undated"] if "undated" in by_year else [])


def mark_svg(documented: Documentation, x: int, y: int, title: object = "") -> Markup:
    """One mark of the timeline, centred on (x, y): its shape tells the documentation level,
    not its colour alone (square confirmed, diamond court record, disc several reports, ring
    one report, dashed square untraceable). The numbers are ours; `title` is escaped."""
    h = _MARK // 2
    tip = f"<title>{html.text(title)}</title>" if title else ""
    css = f"ekb-mark ekb-mark-{documented.value}"
    if documented in (Documentation.CONFIRMED, Documentation.UNTRACEABLE):
        corner, side = f'x="{x - h + 1}" y="{y - h + 1}"', _MARK - 2
        return Markup(f'<rect class="{css}" {corner} width="{side}" height="{side}">{tip}</rect>')
    if documented is Documentation.COURT_RECORD:
        points = f"{x},{y - h} {x + h},{y} {x},{y + h} {x - h},{y}"
        return Markup(f'<polygon class="{css}" points="{points}">{tip}</polygon>')
    return Markup(f'<circle class="{css}" cx="{x}" cy="{y}" r="{h - 1}">{tip}</circle>')


@dataclass(frozen=True)
class MatrixColumn:
    claim: Claim
    label: str  # "G1"


@dataclass(frozen=True)
class MatrixRow:
    jurisdiction: str
    cells: list[list[Adoption]]  # one list per column, by date


@dataclass(frozen=True)
class Matrix:
    columns: list[MatrixColumn]
    rows: list[MatrixRow]

    @property
    def adoptions(self) -> int:
        return sum(len(cell) for row in self.rows for cell in row.cells)

    def count(self, status: AdoptionStatus) -> int:
        return sum(a.status is status for row in self.rows for cell in row.cells for a in cell)


def guardrail_matrix(guardrails: Iterable[Claim]) -> Matrix:
    """Jurisdictions or bodies (rows, by name) against guardrails (columns, G1, G2...): in
    each cell, every adoption, proposal, debate or rejection recorded, by date."""
    columns = [MatrixColumn(claim, f"G{i}") for i, claim in enumerate(guardrails, start=1)]
    found: dict[str, list[list[Adoption]]] = {}
    for index, column in enumerate(columns):
        adoptions = column.claim.guardrail.adoptions if column.claim.guardrail else []
        for adoption in adoptions:
            cells = found.setdefault(adoption.jurisdiction, [[] for _ in columns])
            cells[index].append(adoption)
    rows = [
        MatrixRow(name, [sorted(cell, key=lambda a: a.date) for cell in found[name]])
        for name in sorted(found, key=str.casefold)
    ]
    return Matrix(columns, rows)


GLOBALS: dict[str, Any] = {
    "grade_symbols": grade_symbols,
    "verdict_heading": verdict_heading,
    "distinct_claims": distinct_claims,
    "verdict_bar": verdict_bar,
    "incident_timeline": incident_timeline,
    "guardrail_matrix": guardrail_matrix,
    "mark_svg": mark_svg,
    "MARK_HALF": _MARK // 2,
    "MARK_STEP": _STEP,
    "AdoptionStatus": AdoptionStatus,
}
"""What this module gives every template (merged into the environment by render.templating)."""
