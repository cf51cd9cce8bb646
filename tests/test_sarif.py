"""`check --format sarif`: a SARIF 2.1.0 log that the official schema accepts, with every rule
once and a result per diagnostic where the other formats put it; and the CI step uploading it.

The schema is OASIS's own file, vendored in tests/data (see tests/data/README.md): no network.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
import yaml

from conftest import FIXTURES, REPO, make_scenario
from evidencekb import __version__
from evidencekb.cli import main
from evidencekb.diagnostics import Diagnostic, Position, Severity
from evidencekb.project import Project
from evidencekb.report import sarif_json
from evidencekb.report.sarif import artifact_location, first_sentence, sarif_log
from evidencekb.rules.catalog import RULES

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
VALIDATOR = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def _valid(log: dict[str, Any]) -> dict[str, Any]:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(log)]
    assert errors == []
    return log


def _check(capsys: pytest.CaptureFixture[str], kb: Path, *args: str) -> tuple[int, dict]:
    code = main(["check", "-C", str(kb), "--format", "sarif", *args])
    return code, _valid(json.loads(capsys.readouterr().out))


def test_the_vendored_schema_is_the_sarif_2_1_0_schema() -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]


def test_a_finding_is_one_result_where_the_other_formats_put_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = make_scenario(tmp_path / "kb", FIXTURES / "rules" / "EKB401")
    code, log = _check(capsys, kb)
    assert code == 1  # the format changes nothing of the exit code
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    (result,) = run["results"]
    assert result == {
        "ruleId": "EKB401",
        "ruleIndex": result["ruleIndex"],
        "level": "error",
        "message": {"text": "unknown source key 'smith2020trail'. Did you mean 'smith2020trial'?"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": "claims/alpha/claim-one.yaml",
                        "uriBaseId": "%SRCROOT%",
                    },
                    "region": {"startLine": 19, "startColumn": 13},
                }
            }
        ],
    }
    assert rules[result["ruleIndex"]]["id"] == "EKB401"
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]
    assert run["columnKind"] == "unicodeCodePoints"
    assert "%SRCROOT%" in run["originalUriBaseIds"]


def test_a_clean_check_is_a_log_without_results(
    valid_kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, log = _check(capsys, valid_kb, "--strict")
    assert code == 0
    (run,) = log["runs"]
    assert run["results"] == []
    assert run["tool"]["driver"]["name"] == "evidencekb"
    assert run["tool"]["driver"]["version"] == __version__
    assert "informationUri" not in run["tool"]["driver"]  # the project has no public address


def test_every_rule_once_with_its_documentation_and_default_level(valid_kb: Path) -> None:
    log = _valid(sarif_json(Project(valid_kb).check()))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(RULES)
    levels = {"error": "error", "warning": "warning", "notice": "note"}
    for descriptor in rules:
        rule = RULES[descriptor["id"]]
        assert descriptor["name"] == rule.name
        assert descriptor["defaultConfiguration"] == {"level": levels[rule.severity.value]}
        assert rule.summary.startswith(descriptor["shortDescription"]["text"])
        assert rule.summary in descriptor["fullDescription"]["text"]
        assert rule.hint in descriptor["fullDescription"]["text"]
        assert rule.hint in descriptor["help"]["markdown"]
        assert descriptor["help"]["text"]
        # GitHub's limits: name 255 characters, either description 1024
        assert len(descriptor["name"]) <= 255
        assert len(descriptor["shortDescription"]["text"]) <= 1024
        assert len(descriptor["fullDescription"]["text"]) <= 1024
        assert "helpUri" not in descriptor  # the rules page has no fixed public address


def test_a_notice_is_a_note_and_strict_gives_the_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = make_scenario(tmp_path / "kb", FIXTURES / "rules" / "EKB509")
    code, log = _check(capsys, kb, "--strict")
    assert code == 0
    assert [(r["ruleId"], r["level"]) for r in log["runs"][0]["results"]] == [("EKB509", "note")]
    result = Project(kb).check()
    for strict in (False, True):
        invocation = _valid(sarif_json(result, strict))["runs"][0]["invocations"][0]
        assert invocation == {"executionSuccessful": True, "exitCode": 0}


def test_a_severity_override_sets_the_level_and_is_recorded(tmp_path: Path) -> None:
    kb = make_scenario(tmp_path / "kb", FIXTURES / "rules" / "EKB401")
    with (kb / "pyproject.toml").open("a", encoding="utf-8") as settings:
        settings.write('\n[tool.evidencekb.severity]\nEKB401 = "warning"\nEKB509 = "off"\n')
    result = Project(kb).check()
    log = _valid(sarif_json(result, strict=True))
    (run,) = log["runs"]
    index = {rule["id"]: n for n, rule in enumerate(run["tool"]["driver"]["rules"])}
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [("EKB401", "warning")]
    assert run["tool"]["driver"]["rules"][index["EKB401"]]["defaultConfiguration"] == {
        "level": "error"
    }
    (invocation,) = run["invocations"]
    assert invocation["exitCode"] == 1  # a warning fails --strict
    assert invocation["ruleConfigurationOverrides"] == [
        {
            "descriptor": {"id": "EKB401", "index": index["EKB401"]},
            "configuration": {"level": "warning"},
        },
        {
            "descriptor": {"id": "EKB509", "index": index["EKB509"]},
            "configuration": {"enabled": False},
        },
    ]
    assert _valid(sarif_json(result, strict=False))["runs"][0]["invocations"][0]["exitCode"] == 0


def test_a_path_is_percent_encoded_as_a_relative_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = make_scenario(tmp_path / "kb")
    name = "claims/alpha/notes (draft) #1 100% ü.txt"
    (kb / name).write_text("not a claim\n", encoding="utf-8")
    _, log = _check(capsys, kb)
    (result,) = log["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {
        "uri": "claims/alpha/notes%20%28draft%29%20%231%20100%25%20%C3%BC.txt",
        "uriBaseId": "%SRCROOT%",
    }
    assert unquote(location["uri"]) == name
    assert artifact_location("/outside/the project.yaml") == {
        "uri": "file:///outside/the%20project.yaml"
    }
    assert artifact_location("a:b.yaml")["uri"] == "a%3Ab.yaml"  # never read as a scheme


def test_untrusted_text_stays_data() -> None:
    hostile = 'quote " backslash \\ newline\n</script> ${{ github.token }} \u2028 \U0001f600'
    diagnostic = Diagnostic("docs/x.md", Position(3, 2), "EKB120", Severity.ERROR, hostile, hostile)
    log = _valid(sarif_log([diagnostic], RULES.values(), "1"))
    text = json.dumps(log)
    assert json.loads(text)["runs"][0]["results"][0]["message"]["text"] == f"{hostile}. {hostile}"


def test_the_short_description_is_the_summarys_first_sentence() -> None:
    assert first_sentence("One `a. B` thing (e.g. C. D). Two.") == "One `a. B` thing (e.g. C. D)."
    assert first_sentence("Only one sentence.") == "Only one sentence."
    for rule in RULES.values():
        short = first_sentence(rule.summary)
        assert short and rule.summary.startswith(short), rule.code


def test_ci_uploads_the_log_to_code_scanning() -> None:
    ci = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    check = ci["jobs"]["check"]
    assert check["permissions"] == {
        "contents": "read",
        "security-events": "write",
        "actions": "read",  # GitHub's example: needed in a private repository
    }
    steps = {step.get("id"): step for step in check["steps"]}
    assert "evidencekb check --format sarif > evidencekb.sarif" in steps["sarif"]["run"]
    assert "steps.install.outcome == 'success'" in steps["sarif"]["if"]
    upload = next(s for s in check["steps"] if "upload-sarif@" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == "evidencekb.sarif"
    assert "steps.sarif.outcome == 'success'" in upload["if"]
