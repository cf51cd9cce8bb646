"""The hostile-content corpus: every field a pull request (or a maintainer's setting) can change,
crossed with every class of payload, as tables. A new field is covered by adding one line.

Each payload holds `MARK`, replaced by a marker naming the field and the payload class; a payload
that ran would set `window.<marker>`. Markers are letters only, so that every file format keeps
them as they are (BibTeX and LaTeX treat `_` specially).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MARK = "MARK"
PREFIX = "pwnd"

PAYLOADS: dict[str, str] = {
    "tag-script": "<script>window.MARK=1</script>",
    "tag-img-onerror": "<img src=x onerror=window.MARK=1>",
    "tag-svg-onload": "<svg onload=window.MARK=1>",
    "attribute-breakout-double": '" autofocus onfocus="window.MARK=1" x="',
    "attribute-breakout-single": "' autofocus onfocus='window.MARK=1' x='",
    "attr-list-braces": 'Things *x*{ style="animation:pulse 1s" onanimationstart="window.MARK=1" }',
    "attr-list-colon": 'A heading {: onmouseover="window.MARK=1" }',
    "link-javascript": "[click](javascript:window.MARK=1) [two](JaVaScRiPt:window.MARK=1)",
    "link-reference": "[click][r]\n\n[r]: javascript:window.MARK=1",
    "autolink-schemes": "<javascript:window.MARK=1> <vbscript:MARK> <data:text/html,MARK>",
    "link-data-vbscript": "[a](data:text/html;base64,PHNjcmlwdD4=) [b](vbscript:window.MARK=1)",
    "escape-sequences": (
        r"\x3cimg src=x onerror=window.MARK=1\x3e \u003cscript\u003eMARK\u003c/script\u003e"
    ),
    "comment-cdata": "--><script>window.MARK=1</script><!-- ]]><![CDATA[ </script><!--MARK",
    "template-syntax": "{{ 7*7 }} {% raw %} ${window.MARK=1} {# MARK #} {{ config }}",
    "path-traversal": "../../../../etc/passwd ..\\..\\MARK %2e%2e%2fMARK",
    "markdown-structure": "| a | b |\n# MARK\n    code\n- [x] item `x` **b** _i_ ~~s~~ ==m==",
}


def marker(field: str, payload: str) -> str:
    """Short (titles are limited to 140 characters) and unique: the field's and the payload's
    initials and a digest of both names."""
    initials = "".join(word[0] for word in re.split(r"[^a-z0-9]+", f"{field} {payload}") if word)
    digest = sum(ord(c) * (i + 1) for i, c in enumerate(f"{field}|{payload}")) % 9973
    return f"{PREFIX}{initials}{digest}"


def payload_text(field: str, payload: str) -> str:
    return PAYLOADS[payload].replace(MARK, marker(field, payload))


# --- where a value is put -------------------------------------------------------------------


def _set_yaml(
    relative: str, path: tuple[Any, ...], prefix: str = ""
) -> Callable[[Path, str], None]:
    def inject(root: Path, value: str) -> None:
        value = prefix + value
        file = root / relative
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    return inject


def _bib_value(value: str) -> str:
    """A value for a braced BibTeX field: braces and backslashes taken literally by LaTeX."""
    out = value.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}")
    return out.replace("\\textbackslash\\{\\}", "\\textbackslash{}").replace("%", "\\%")


def _set_bib(key: str, field: str) -> Callable[[Path, str], None]:
    def inject(root: Path, value: str) -> None:
        file = root / "sources/refs.bib"
        text = file.read_text(encoding="utf-8")
        start = text.index("{" + key + ",")
        end = text.index("\n}", start)
        entry = text[start:end]
        pattern = re.compile(rf"^(\s*{field}\s*=\s*)\{{.*\}},$", re.MULTILINE)
        line = f"  {field} = {{{_bib_value(value)}}},"
        if pattern.search(entry):
            entry = pattern.sub(lambda m: line, entry, count=1)
        else:
            entry = entry + "\n" + line
        file.write_text(text[:start] + entry + text[end:], encoding="utf-8")

    return inject


def _set_setting(name: str) -> Callable[[Path, str], None]:
    def inject(root: Path, value: str) -> None:
        file = root / "pyproject.toml"
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        table = data.setdefault("tool", {}).setdefault("evidencekb", {})
        table[name] = value
        lines = ["[tool.evidencekb]"]
        lines += [f"{k} = {_toml_string(v)}" for k, v in table.items() if isinstance(v, str)]
        lines += [f"{k} = {v}" for k, v in table.items() if isinstance(v, int)]
        file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return inject


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


_FIRST_HEADING = ("articles", "opinion-piece", "sections", 0, "heading")


def _outline_heading(root: Path, value: str) -> None:
    _set_yaml("sources/outlines.yaml", _FIRST_HEADING)(root, value)
    quoted = value.replace("'", "’")  # a locator names its section between single quotes
    if quoted != value:
        _set_yaml("sources/outlines.yaml", _FIRST_HEADING)(root, quoted)
    locator = f"section '{quoted}', paragraph 1"
    _set_yaml("claims/beta/claim-two.yaml", ("asserted_in", 0, "locator"))(root, locator)


@dataclass(frozen=True)
class Field:
    name: str
    inject: Callable[[Path, str], None]
    markdown: bool = False  # rendered as Markdown, so the text shows transformed


CLAIM = "claims/alpha/claim-one.yaml"
TOPICS = "topics.yaml"
ADOPTION = ("guardrail", "adoptions", 0)
ARTICLE_PLACE = "section 'The Middle', paragraph 2: "  # an article's locator names a section
INCIDENT = "claims/alpha/incident-one.yaml"
GUARDRAIL = "claims/beta/guardrail-one.yaml"

FIELDS: list[Field] = [
    Field("claim title", _set_yaml(CLAIM, ("title",))),
    Field("claim statement", _set_yaml(CLAIM, ("statement",))),
    Field("claim summary", _set_yaml(CLAIM, ("summary",)), markdown=True),
    Field("assertion locator", _set_yaml(CLAIM, ("asserted_in", 0, "locator"), ARTICLE_PLACE)),
    Field("assertion quote", _set_yaml(CLAIM, ("asserted_in", 0, "quote"))),
    Field("evidence locator", _set_yaml(CLAIM, ("evidence", 0, "locator"))),
    Field("evidence quote", _set_yaml(CLAIM, ("evidence", 0, "quote"))),
    Field("evidence note", _set_yaml(CLAIM, ("evidence", 0, "note"))),
    Field("grade note", _set_yaml(CLAIM, ("certainty_reasons", "inconsistency", "note"))),
    Field("incident product", _set_yaml(INCIDENT, ("incident", "product"))),
    Field("incident what happened", _set_yaml(INCIDENT, ("incident", "what_happened"))),
    Field("incident outcome", _set_yaml(INCIDENT, ("incident", "outcome"))),
    Field(
        "adoption jurisdiction", _set_yaml(GUARDRAIL, ("guardrail", "adoptions", 0, "jurisdiction"))
    ),
    Field("adoption instrument", _set_yaml(GUARDRAIL, ("guardrail", "adoptions", 0, "instrument"))),
    Field("guardrail title", _set_yaml(GUARDRAIL, ("title",))),
    Field("topic title", _set_yaml("topics.yaml", ("topics", 0, "title"))),
    Field(
        "topic description", _set_yaml("topics.yaml", ("topics", 0, "description")), markdown=True
    ),
    Field("outline heading", _outline_heading),
    Field("bib title", _set_bib("smith2020trial", "title")),
    Field("bib author", _set_bib("jones2019meta", "author")),
    Field("bib journal", _set_bib("smith2020trial", "journal")),
    Field("bib note", _set_bib("smith2020trial", "note")),
    Field("bib organization", _set_bib("opinion-piece", "organization")),
    Field("site name", _set_setting("site_name")),
]

# Values that are names or addresses: each must be refused with a located diagnostic or, where
# the value is acceptable as it is, be rendered inert.
IDENTIFIER_FIELDS: list[Field] = [
    Field("claim id", _set_yaml(CLAIM, ("id",))),
    Field("claim topic", _set_yaml(CLAIM, ("topic",))),
    Field("evidence source key", _set_yaml(CLAIM, ("evidence", 0, "source"))),
    Field("bib url", _set_bib("opinion-piece", "url")),
    Field("bib doi", _set_bib("smith2020trial", "doi")),
    Field("topic id", _set_yaml("topics.yaml", ("topics", 1, "id"))),
    Field("edit url", _set_setting("edit_url")),
    Field("site url", _set_setting("site_url")),
]

GRADE_DOMAINS = ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")


def _claim(claim_id: str, topic: str, kind: str, **fields: object) -> dict[str, object]:
    """A valid claim of two sources, with `fields` added (the incident or guardrail block)."""
    return {
        "id": claim_id,
        "title": f"The {claim_id} claim",
        "statement": f"What the {claim_id} claim says.",
        "topic": topic,
        "kind": kind,
        "asserted_in": [],
        "verdict": "supported",
        "certainty": "high",  # a trial supports it, no downgrades: derived high (EKB513)
        "certainty_reasons": {name: {"concern": "none"} for name in GRADE_DOMAINS},
        "evidence": [
            {"source": "smith2020trial", "stance": "supports", "locator": "p. 1"},
            {"source": "jones2019meta", "stance": "context", "locator": "p. 3"},
        ],
        **fields,
        "reviewed": "2026-11-01",
        "summary": "Documented.",
    }


def _incident(claim_id: str, topic: str, **fields: object) -> dict[str, object]:
    """An incident claim: rated by how well it is documented, so no GRADE certainty."""
    claim = _claim(claim_id, topic, "incident", **fields)
    del claim["certainty"], claim["certainty_reasons"]
    return claim


EXTRA_CLAIMS = {
    INCIDENT: _incident(
        "incident-one",
        "alpha",
        incident={
            "date": "2023-05",
            "product": "A chatbot",
            "what_happened": "It advised a user badly.",
            "outcome": "It was withdrawn.",
            "documented": "one-report",
        },
    ),
    GUARDRAIL: _claim(
        "guardrail-one",
        "beta",
        "recommendation",
        guardrail={
            "adoptions": [
                {
                    "jurisdiction": "Somewhere",
                    "instrument": "A law",
                    "date": "2025",
                    "status": "adopted",
                    "source": "jones2019meta",
                }
            ]
        },
    ),
}


def add_extra_claims(root: Path) -> None:
    for relative, data in EXTRA_CLAIMS.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (root / relative).write_text(text, encoding="utf-8")
