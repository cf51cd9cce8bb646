"""Data exports: claims.json, the bibliography as BibTeX, ClaimReview JSON-LD (strings only)."""

from __future__ import annotations

import csv
import io
import json
from functools import partial

from markupsafe import Markup

from evidencekb.index import KnowledgeBase
from evidencekb.memo import NO_MEMO, Memo
from evidencekb.model import Claim, Source
from evidencekb.model.bibtex_fields import source_fields
from evidencekb.render.citations import to_csl
from evidencekb.render.html import script_json

# 2: incident claims carry `incident.documented` (a Documentation level) and no `certainty` or
# `certainty_reasons`; `incident.documentation` is gone.
CLAIMS_JSON_VERSION = 2


def permalink(site_url: str, claim_id: str) -> str:
    path = f"claims/{claim_id}/"
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def claims_json(kb: KnowledgeBase, site_url: str, memo: Memo = NO_MEMO) -> str:
    def line(claim: Claim) -> str:
        data = claim.model_dump(mode="json", exclude_none=True)
        data["url"] = permalink(site_url, claim.id)
        return json_line(data)

    lines = [memo.get(("claims.json", site_url), c, partial(line, c)) for c in kb.claims.values()]
    return json_lines(
        {"version": CLAIMS_JSON_VERSION, "schema": "schema/claim.schema.json"}, "claims", lines
    )


def json_line(item: object) -> str:
    """One item of a JSON list written one item per line: readable and diff-friendly like
    indented JSON, and encoded by the C encoder (indenting makes `json` fall back to pure
    Python, ten times slower for 10,000 claims)."""
    return json.dumps(item, ensure_ascii=False)


def json_lines(header: dict, key: str, lines: list[str]) -> str:
    """A JSON object with `header`'s fields and the `json_line`s under `key`."""
    head = json.dumps(header, ensure_ascii=False, indent=2)[:-2]  # without the closing brace
    items = ",\n".join("    " + line for line in lines)
    return f'{head},\n  "{key}": [\n{items}\n  ]\n}}\n'


def sources_csl_json(kb: KnowledgeBase, memo: Memo = NO_MEMO) -> str:
    """The bibliography as a CSL-JSON array (what Zotero and pandoc read), one item per line."""
    lines = ["  " + memo.get("csl.json", s, partial(_csl_line, s)) for s in kb.sources.values()]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def _csl_line(source: Source) -> str:
    return json_line(to_csl(source))


def claim_review(kb: KnowledgeBase, claim: Claim, site_url: str, site_name: str) -> Markup:
    """A schema.org ClaimReview for one claim, as the text of a JSON-LD script element.

    The rating is the verdict alone (docs/methodology.md, Data and exports): certainty, or an
    incident's documentation level, has no place in a schema.org Rating. Verdicts of rank 0
    (`unverifiable`, `untestable`) get no `ratingValue`, only their `alternateName`."""
    rating: dict = {
        "@type": "Rating",
        "alternateName": claim.verdict.label.capitalize(),
        "bestRating": 5,
        "worstRating": 1,
    }
    value = claim.verdict.rank  # 0: unrated
    if value:
        rating["ratingValue"] = value
    appearances = []
    for assertion in claim.asserted_in:
        source = kb.sources.get(assertion.source)
        if source is not None:
            appearance = {"@type": "CreativeWork", "headline": source.title}
            if source.link:
                appearance["url"] = source.link
            appearances.append(appearance)
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.statement,
        "datePublished": claim.reviewed.isoformat(),
        "author": {"@type": "Organization", "name": site_name},
        "reviewRating": rating,
        "itemReviewed": {"@type": "Claim", "appearance": appearances},
    }
    if site_url:
        review["url"] = permalink(site_url, claim.id)
    return script_json(review)


def _bib_value(value: str) -> str:
    return "{" + value.replace("{", "").replace("}", "") + "}"


def _names(people: list) -> str:
    return " and ".join(
        f"{{{p.literal}}}" if p.literal else ", ".join(x for x in (p.family, p.given) if x)
        for p in people
    )


def _bib_text(source: Source, name: str) -> str:
    """A Source field's value as sources.bib writes it (empty: the field is left out)."""
    if name in {"authors", "editors"}:
        return _names(getattr(source, name))
    if name == "pages":
        return source.pages.replace("–", "--")
    if name == "design":
        return source.design.value
    if name == "retracted":
        return "true" if source.retracted else ""
    return str(getattr(source, name))


def source_bibtex(source: Source) -> str:
    """The source as a BibTeX entry, each field where `model.bibtex_fields` writes it."""
    fields = [
        (bib.write, value)
        for name, bib in source_fields(source.entry_type)
        if bib.write and (value := _bib_text(source, name))
    ]
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(
        f"  {name.ljust(width)} = "
        + ("{" + value + "}" if name in {"author", "editor"} else _bib_value(value))
        for name, value in fields
    )
    return f"@{source.entry_type}{{{source.key},\n{body},\n}}\n"


def sources_bibtex(kb: KnowledgeBase, memo: Memo = NO_MEMO) -> str:
    return "\n".join(memo.get("bibtex", s, partial(source_bibtex, s)) for s in kb.sources.values())


ADOPTION_COLUMNS = (
    "guardrail",
    "guardrail_title",
    "jurisdiction",
    "instrument",
    "date",
    "status",
    "source",
)


def spreadsheet_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run: a value that would start a formula (`=`, `+`,
    `-`, `@`, a tab or a carriage return, even after spaces) gets a leading apostrophe (OWASP, CSV
    injection)."""
    text = str(value)
    starts = {text[:1], text.lstrip()[:1]}
    return "'" + text if starts & _FORMULA_STARTS else text


_FORMULA_STARTS = frozenset("=+-@\t\r")


def guardrail_adoptions_csv(kb: KnowledgeBase) -> str:
    """Every adoption, proposal, debate or rejection of every guardrail, one row each (the
    guardrails in id order, each one's records by date), written by the csv module."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ADOPTION_COLUMNS)
    for claim in kb.guardrails:
        adoptions = claim.guardrail.adoptions if claim.guardrail else []
        for adoption in sorted(adoptions, key=lambda a: a.date):
            row = (claim.id, claim.title, adoption.jurisdiction, adoption.instrument,
                   adoption.date, adoption.status.value, adoption.source)  # fmt: skip
            writer.writerow([spreadsheet_cell(value) for value in row])
    return out.getvalue()
