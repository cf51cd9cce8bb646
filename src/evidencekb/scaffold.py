"""`evidencekb new`: a claim file from the template, in the right folder, never overwriting."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader
from pydantic import ValidationError

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.load import (
    checked_settings,
    is_valid_name,
    load_settings,
    parse_yaml,
    read_yaml_file,
    readable_file,
)
from evidencekb.model import SLUG_PATTERN, Claim

PLACEHOLDER_TITLE = "TODO: a short headline"
MAX_TITLE = 140  # as the model's `title` field allows, after surrounding whitespace is stripped
_NOT_IN_A_TITLE = {"Cc", "Cs", "Zl", "Zp"}  # control characters, surrogates, line separators


class ScaffoldError(Exception):
    pass


def scaffold_claim(root: Path, topic: str, claim_id: str, title: str | None = None) -> Path:
    """Write claims/<topic>/<id>.yaml from the template. The file always passes the schema
    step (values are written by a YAML emitter, then read back and validated before anything
    is written); a title that cannot pass is refused with ScaffoldError."""
    settings = checked_settings(root, load_settings(root))
    if not re.match(SLUG_PATTERN, claim_id) or len(claim_id) > 80:
        raise ScaffoldError(
            f"{claim_id!r} is not a valid claim id: use lowercase letters, digits and single "
            "hyphens, e.g. 'carbon-tax-cuts-emissions'"
        )
    title = checked_title(title)
    topics = _declared_topics(root, settings.topics_file, settings.max_file_bytes)
    if topic not in topics or not is_valid_name(topic):
        known = ", ".join(topics) or "none declared"
        raise ScaffoldError(f"unknown topic {topic!r} (declared topics: {known})")
    claims_dir = root / settings.claims_dir
    existing = [p for p in claims_dir.rglob(f"{claim_id}.yaml")] if claims_dir.is_dir() else []
    if existing:
        raise ScaffoldError(f"{existing[0].relative_to(root)} already exists; not overwriting")
    path = claims_dir / topic / f"{claim_id}.yaml"
    text = claim_text(claim_id, topic, title, dt.date.today(), _relative_schema(path, root))
    _check_scaffold(text, path.relative_to(root).as_posix())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
        handle.write(text)
    return path.relative_to(root)


def checked_title(title: str | None) -> str:
    """The title to write: the placeholder when none is given; refuses one the schema would
    not take or that is not one line of text."""
    if not title:
        return PLACEHOLDER_TITLE
    for index, char in enumerate(title, start=1):
        if unicodedata.category(char) in _NOT_IN_A_TITLE:
            raise ScaffoldError(
                f"the title has a control character or line break (U+{ord(char):04X}) at "
                f"character {index}; a title is one line of text"
            )
    if not title.strip():
        raise ScaffoldError("the title is blank; give a short headline, or leave out --title")
    if len(title.strip()) > MAX_TITLE:
        raise ScaffoldError(
            f"the title is {len(title.strip())} characters long; a title has at most "
            f"{MAX_TITLE} (put the detail in `statement`)"
        )
    return title


def claim_text(claim_id: str, topic: str, title: str, today: dt.date, schema: str) -> str:
    """The template filled in; each value written by `yaml.safe_dump`, never by formatting."""
    env = Environment(loader=PackageLoader("evidencekb", "templates"), keep_trailing_newline=True)
    return env.get_template("new-claim.yaml.j2").render(
        id=_field("id", claim_id),
        topic=_field("topic", topic),
        title=_field("title", title),
        reviewed=_field("reviewed", today),
        schema=schema,
    )


def _field(name: str, value: object) -> str:
    """One `name: value` line, the value quoted and escaped as YAML needs."""
    line = yaml.safe_dump({name: value}, allow_unicode=True, width=float("inf"), sort_keys=False)
    return line.rstrip("\n")


def _check_scaffold(text: str, name: str) -> None:
    sink = DiagnosticSink()
    document = parse_yaml(text, name, sink)
    problems = [f"{d.code} {d.message}" for d in sink.diagnostics]
    if document is not None:
        try:
            Claim.model_validate(document.data)
        except ValidationError as error:
            problems += [f"{detail['loc']}: {detail['msg']}" for detail in error.errors()]
    if problems:  # a bug of ours: the checks above let through what the schema refuses
        raise ScaffoldError(f"the new claim would not pass the check: {'; '.join(problems)}")


def _declared_topics(root: Path, topics_file: str, max_bytes: int) -> list[str]:
    path, sink = root / topics_file, DiagnosticSink()
    if not readable_file(path, root, sink):
        return []
    document = read_yaml_file(path, root, sink, max_bytes)
    if document is None:
        return []
    topics = document.data.get("topics") or []
    return [str(t.get("id")) for t in topics if isinstance(t, dict)]


def _relative_schema(path: Path, root: Path) -> str:
    depth = len(path.relative_to(root).parts) - 1
    return "../" * depth + "schema/claim.schema.json"
