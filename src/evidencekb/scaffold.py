"""`evidencekb new`: a claim file from the template, in the right folder, never overwriting."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from jinja2 import Environment, PackageLoader

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.discover import is_valid_name, readable_file
from evidencekb.load import checked_settings, load_settings, read_yaml_file
from evidencekb.model import SLUG_PATTERN


class ScaffoldError(Exception):
    pass


def scaffold_claim(root: Path, topic: str, claim_id: str, title: str = "") -> Path:
    settings = checked_settings(root, load_settings(root))
    if not re.match(SLUG_PATTERN, claim_id) or len(claim_id) > 80:
        raise ScaffoldError(
            f"{claim_id!r} is not a valid claim id: use lowercase letters, digits and single "
            "hyphens, e.g. 'alliance-predicts-outcome'"
        )
    topics = _declared_topics(root, settings.topics_file, settings.max_file_bytes)
    if topic not in topics or not is_valid_name(topic):
        known = ", ".join(topics) or "none declared"
        raise ScaffoldError(f"unknown topic {topic!r} (declared topics: {known})")
    claims_dir = root / settings.claims_dir
    existing = [p for p in claims_dir.rglob(f"{claim_id}.yaml")] if claims_dir.is_dir() else []
    if existing:
        raise ScaffoldError(f"{existing[0].relative_to(root)} already exists; not overwriting")
    path = claims_dir / topic / f"{claim_id}.yaml"
    env = Environment(loader=PackageLoader("evidencekb", "templates"), keep_trailing_newline=True)
    text = env.get_template("new-claim.yaml.j2").render(
        id=claim_id,
        topic=topic,
        title=title or "TODO: a short headline",
        today=dt.date.today().isoformat(),
        schema=_relative_schema(path, root),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
        handle.write(text)
    return path.relative_to(root)


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
