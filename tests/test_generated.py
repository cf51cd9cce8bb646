"""Generated files: each has a regenerate command and fails here when it drifts."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import yaml

from conftest import REPO
from evidencekb.cli import main
from evidencekb.project import Project
from evidencekb.render import render_site
from evidencekb.rules.catalog import RULES
from evidencekb.schema import SCHEMA_PATH, claim_schema_text


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_committed_schema_matches_the_models() -> None:
    committed = (REPO / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == claim_schema_text(), "run `evidencekb schema` and commit the result"
    assert main(["schema", "--check", "-C", str(REPO)]) == 0


def test_every_claim_file_validates_against_the_published_schema() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(claim_schema_text()))
    paths = sorted((REPO / "claims").rglob("*.yaml"))
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert text.startswith(
            "# yaml-language-server: $schema=../../schema/claim.schema.json\n"
        ), path
        errors = list(validator.iter_errors(_plain(yaml.safe_load(text))))
        assert errors == [], (path, errors[:1])


def test_schema_check_reports_drift(tmp_path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / SCHEMA_PATH).write_text("{}\n")
    assert main(["schema", "--check", "-C", str(tmp_path)]) == 1
    assert main(["schema", "-C", str(tmp_path)]) == 0
    assert main(["schema", "--check", "-C", str(tmp_path)]) == 0


def test_every_rule_is_documented_on_the_rules_page(valid_kb) -> None:
    page = render_site(Project(valid_kb).check().kb)["rules.md"]
    for code, rule in RULES.items():
        assert rule.summary.strip() and rule.hint.strip(), code
        assert f"## {code} {rule.name} {{ #{code.lower()} }}" in page
