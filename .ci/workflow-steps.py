#!/usr/bin/env python3
"""Run one job of a GitHub Actions workflow on this machine, step by step, as GitHub would.

    .ci/workflow-steps.py check                 # ci.yml's check job, in a scratch clone of HEAD
    .ci/workflow-steps.py test --matrix python=3.12 --worktree
    .ci/workflow-steps.py check --event pull_request --base-ref main
    .ci/workflow-steps.py build --plan          # which steps would run, and why; runs nothing

Each `run:` step runs in order with the shell GitHub uses (`bash -e`, or the step's `shell:`),
in a scratch clone of the repository (`git clone`; `--worktree` also copies uncommitted and
untracked files in), with what a runner provides: CI=true, GITHUB_ACTIONS, GITHUB_WORKSPACE,
RUNNER_TEMP, and GITHUB_STEP_SUMMARY, GITHUB_ENV, GITHUB_PATH and GITHUB_OUTPUT as files that
are read back after each step. The environment starts from yours without any virtualenv, so a
tool the job does not install is missing here as it would be on a fresh runner.

`uses:` steps are printed, not run. Three are stood in for: actions/checkout (the scratch clone
is the checkout), actions/setup-python (a fresh venv of the requested Python if this machine has
it, else of this one, with a note), and an upload with a `path` (the path must exist, as the
action requires). `if:` conditions and `${{ }}` expressions are evaluated for the contexts known
here (github.event_name, ref, base_ref, matrix, steps, env, runner, inputs, the status
functions); a step whose expression needs anything else (secrets, github.token, hashFiles, ...)
is skipped with a note saying so.

Exit status: 0 when every step that ran succeeded, 1 when one failed, 2 on a usage error.
`--plan --json` prints the plan as JSON for tests/test_workflows.py.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
STATUS_FUNCTIONS = ("success(", "failure(", "always(", "cancelled(")


class Unevaluable(Exception):
    """An expression needs something only GitHub has (a secret, the token, hashFiles, ...)."""


# --- expressions ------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>==|!=|<=|>=|&&|\|\||[()!<>,.\[\]])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*))"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise Unevaluable(f"cannot parse {text!r} at {text[pos:]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def _truthy(value: Any) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return False
    return value not in (None, False, 0, "")


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip()) if value.strip() else 0.0
        except ValueError:
            return math.nan
    return math.nan


def _compare(op: str, left: Any, right: Any) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        a, b = left.casefold(), right.casefold()
    elif type(left) is type(right) and not isinstance(left, dict | list):
        a, b = left, right
    else:
        a, b = _number(left), _number(right)
    return {
        "==": lambda: a == b,
        "!=": lambda: a != b,
        "<": lambda: a < b,
        ">": lambda: a > b,
        "<=": lambda: a <= b,
        ">=": lambda: a >= b,
    }[op]()


class _Parser:
    """GitHub's expression syntax, enough of it: literals, contexts, ! == != < > && || ()."""

    def __init__(self, text: str, context: dict[str, Any], status: dict[str, bool]) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.pos = 0
        self.context = context
        self.status = status

    def parse(self) -> Any:
        value = self._or()
        if self.pos != len(self.tokens):
            raise Unevaluable(f"unexpected {self.tokens[self.pos][1]!r} in {self.text!r}")
        return value

    def _peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def _take(self, expected: str | None = None) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise Unevaluable(f"unexpected end of {self.text!r}")
        token = self.tokens[self.pos]
        if expected is not None and token[1] != expected:
            raise Unevaluable(f"expected {expected!r} in {self.text!r}")
        self.pos += 1
        return token

    def _or(self) -> Any:
        value = self._and()
        while self._peek() == "||":
            self._take()
            right = self._and()
            value = value if _truthy(value) else right
        return value

    def _and(self) -> Any:
        value = self._cmp()
        while self._peek() == "&&":
            self._take()
            right = self._cmp()
            value = right if _truthy(value) else value
        return value

    def _cmp(self) -> Any:
        value = self._unary()
        while self._peek() in ("==", "!=", "<", ">", "<=", ">="):
            op = self._take()[1]
            value = _compare(op, value, self._unary())
        return value

    def _unary(self) -> Any:
        if self._peek() == "!":
            self._take()
            return not _truthy(self._unary())
        return self._primary()

    def _primary(self) -> Any:
        kind, text = self._take()
        if text == "(":
            value = self._or()
            self._take(")")
            return value
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "num":
            return float(text) if "." in text else int(text)
        if kind != "name":
            raise Unevaluable(f"unexpected {text!r} in {self.text!r}")
        if text in ("true", "false"):
            return text == "true"
        if text == "null":
            return None
        if self._peek() == "(":
            return self._call(text)
        if text not in self.context:
            raise Unevaluable(f"the context {text!r} is not available locally")
        value = self.context[text]
        while self._peek() in (".", "["):
            if self._take()[1] == ".":
                key = self._take()[1]
            else:
                key = self._or()
                self._take("]")
            if isinstance(value, Unknown):
                raise Unevaluable(f"{value.what} is not available locally")
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, Unknown):
            raise Unevaluable(f"{value.what} is not available locally")
        return value

    def _call(self, name: str) -> Any:
        self._take("(")
        args = []
        while self._peek() != ")":
            args.append(self._or())
            if self._peek() == ",":
                self._take()
        self._take(")")
        lowered = name.lower()
        if lowered in ("success", "failure", "always", "cancelled"):
            return self.status[lowered]
        if lowered in ("contains", "startswith", "endswith") and len(args) == 2:
            haystack, needle = args
            if lowered == "contains" and isinstance(haystack, list):
                return any(_compare("==", item, needle) for item in haystack)
            haystack, needle = str(haystack or "").casefold(), str(needle or "").casefold()
            return {
                "contains": needle in haystack,
                "startswith": haystack.startswith(needle),
                "endswith": haystack.endswith(needle),
            }[lowered]
        raise Unevaluable(f"the function {name}() is not evaluated locally")


@dataclass
class Unknown:
    """A value only GitHub knows: reading it makes the expression unevaluable."""

    what: str


def evaluate(text: str, context: dict[str, Any], status: dict[str, bool]) -> Any:
    return _Parser(text, context, status).parse()


def evaluate_if(condition: Any, context: dict[str, Any], status: dict[str, bool]) -> bool:
    if isinstance(condition, bool):
        return condition and status["success"]
    text = str(condition).strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2].strip()
    value = _truthy(evaluate(text, context, status))
    if not any(name in text.replace(" ", "") for name in STATUS_FUNCTIONS):
        value = value and status["success"]
    return value


def _render(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def substitute(text: Any, context: dict[str, Any], status: dict[str, bool]) -> str:
    """Replace every ${{ expression }} in text by its value."""
    return re.sub(
        r"\$\{\{(.*?)\}\}",
        lambda m: _render(evaluate(m.group(1), context, status)),
        _render(text) if not isinstance(text, str) else text,
        flags=re.S,
    )


# --- the workflow -----------------------------------------------------------------------------


def load_workflow(path: Path) -> dict[str, Any]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in workflow:  # YAML 1.1 reads the key `on` as true
        workflow["on"] = workflow.pop(True)
    return workflow


def matrix_combinations(job: dict[str, Any]) -> list[dict[str, Any]]:
    matrix = (job.get("strategy") or {}).get("matrix") or {}
    if not isinstance(matrix, dict):
        raise Unevaluable(f"matrix {matrix!r} is computed on GitHub")
    matrix = dict(matrix)
    include = matrix.pop("include", []) or []
    exclude = matrix.pop("exclude", []) or []
    for key, values in matrix.items():
        if not isinstance(values, list):
            raise Unevaluable(f"matrix.{key} is computed on GitHub: {values!r}")
    keys = list(matrix)
    combos = [
        dict(zip(keys, values, strict=True)) for values in itertools.product(*matrix.values())
    ]
    combos = [
        c for c in combos if not any(all(c.get(k) == v for k, v in e.items()) for e in exclude)
    ]
    combos.extend(include)
    return combos or [{}]


def choose_matrix(job: dict[str, Any], wanted: list[str]) -> dict[str, Any]:
    pairs = dict(item.split("=", 1) for item in wanted)
    combos = matrix_combinations(job)
    for combo in combos:
        if all(_render(combo.get(k)) == v for k, v in pairs.items()):
            return combo
    raise SystemExit(f"no matrix combination has {pairs}; there are {combos}")


@dataclass
class Step:
    index: int
    raw: dict[str, Any]
    label: str
    action: str = "run"  # run | skip | uses
    reason: str = ""
    outcome: str = ""  # success | failure | skipped
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def step_label(step: dict[str, Any], index: int) -> str:
    if step.get("name"):
        return str(step["name"])
    if step.get("uses"):
        return f"uses {step['uses'].split('@')[0]}"
    first = str(step.get("run", "")).strip().splitlines()
    return f"run {first[0]}" if first else f"step {index}"


# --- the runner -------------------------------------------------------------------------------


class Runner:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.workflow_path = Path(args.workflow)
        self.workflow = load_workflow(self.workflow_path)
        jobs = self.workflow.get("jobs") or {}
        if args.job not in jobs:
            raise SystemExit(f"{self.workflow_path}: no job {args.job!r}; jobs: {', '.join(jobs)}")
        self.job = jobs[args.job]
        self.matrix = choose_matrix(self.job, args.matrix or [])
        self.workdir = Path(args.workdir) if args.workdir else None
        self.temp: Path | None = None
        self.env: dict[str, str] = {}
        self.path_prefix: list[str] = []
        self.steps_context: dict[str, Any] = {}
        self.failed = False
        self.notes: list[str] = []
        self.started = time.monotonic()

    # contexts

    def context(self) -> dict[str, Any]:
        ref = self.args.ref or (
            "refs/pull/1/merge" if self.args.event == "pull_request" else "refs/heads/main"
        )
        github = {
            "event_name": self.args.event,
            "ref": ref,
            "ref_name": ref.rsplit("/", 1)[-1] if ref.startswith("refs/heads/") else "1/merge",
            "base_ref": self.args.base_ref if self.args.event == "pull_request" else "",
            "head_ref": "local" if self.args.event == "pull_request" else "",
            "repository": self.args.repository,
            "repository_owner": self.args.repository.split("/")[0],
            "workspace": str(self.workdir or ""),
            "server_url": "https://github.com",
            "run_id": "0",
            "run_number": "0",
            "run_attempt": "1",
            "job": self.args.job,
            "actor": "local",
            "token": Unknown("github.token"),
            "event": Unknown("github.event"),
        }
        return {
            "github": github,
            "matrix": self.matrix,
            "steps": self.steps_context,
            "env": dict(self.env),
            "runner": {"os": "Linux", "arch": "X64", "temp": str(self.temp or "")},
            "inputs": {},
            "strategy": {"fail-fast": True, "job-index": 0},
            "job": {"status": "failure" if self.failed else "success"},
            "secrets": Unknown("secrets"),
            "vars": Unknown("vars"),
            "needs": Unknown("needs (outputs of other jobs)"),
        }

    def status(self) -> dict[str, bool]:
        return {
            "success": not self.failed,
            "failure": self.failed,
            "always": True,
            "cancelled": False,
        }

    # setup

    def prepare(self) -> None:
        self.temp = Path(tempfile.mkdtemp(prefix="workflow-steps-"))
        if self.workdir is None:
            self.workdir = self.temp / "workspace"
        if self.workdir.exists() and any(self.workdir.iterdir()):
            raise SystemExit(f"{self.workdir} exists and is not empty")
        source = Path(self.args.source).resolve()
        started = time.monotonic()
        subprocess.run(
            [
                *("git", "-c", "advice.detachedHead=false", "clone", "--quiet"),
                *("--no-hardlinks", str(source), str(self.workdir)),
            ],
            check=True,
        )
        if self.args.worktree:
            self.copy_worktree(source)
        if self.args.event == "pull_request":
            self.ensure_base_ref()
        print(
            f"scratch clone of {source} in {self.workdir}"
            f"{' with uncommitted changes' if self.args.worktree else ''}"
            f" ({time.monotonic() - started:.1f} s)",
            flush=True,
        )
        runner_temp = self.temp / "runner-temp"
        runner_temp.mkdir()
        inherited = dict(os.environ)
        virtualenv = inherited.pop("VIRTUAL_ENV", None)
        for name in ("PYTHONPATH", "PYTHONHOME", "PIP_REQUIRE_VIRTUALENV"):
            inherited.pop(name, None)
        path = [
            entry
            for entry in inherited.get("PATH", "").split(os.pathsep)
            if entry
            and not (virtualenv and entry.startswith(virtualenv))
            and not Path(entry, "activate").is_file()
        ]
        inherited["PATH"] = os.pathsep.join(path)
        context = self.context()
        github = context["github"]
        sha = subprocess.run(
            ["git", "-C", str(self.workdir), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        inherited.update(
            {
                "CI": "true",
                "GITHUB_ACTIONS": "true",
                "GITHUB_WORKSPACE": str(self.workdir),
                "GITHUB_EVENT_NAME": github["event_name"],
                "GITHUB_REF": github["ref"],
                "GITHUB_REF_NAME": github["ref_name"],
                "GITHUB_BASE_REF": github["base_ref"],
                "GITHUB_HEAD_REF": github["head_ref"],
                "GITHUB_REPOSITORY": github["repository"],
                "GITHUB_REPOSITORY_OWNER": github["repository_owner"],
                "GITHUB_SERVER_URL": github["server_url"],
                "GITHUB_SHA": sha,
                "GITHUB_JOB": self.args.job,
                "RUNNER_OS": "Linux",
                "RUNNER_ARCH": "X64",
                "RUNNER_TEMP": str(runner_temp),
                "GITHUB_STEP_SUMMARY": str(self.temp / "step-summary.md"),
            }
        )
        Path(inherited["GITHUB_STEP_SUMMARY"]).touch()
        self.base_env = inherited

    def ensure_base_ref(self) -> None:
        """origin/BASE as the checkout with fetch-depth: 0 has it; HEAD itself if the source
        has no such branch (a shallow CI checkout), so the steps that read it still run."""
        base = f"refs/remotes/origin/{self.args.base_ref}"
        git = ["git", "-C", str(self.workdir)]
        exists = subprocess.run(
            [*git, "rev-parse", "--verify", "--quiet", base], check=False, capture_output=True
        )
        if exists.returncode != 0:
            subprocess.run([*git, "update-ref", base, "HEAD"], check=True)
            self.notes.append(
                f"the source has no branch {self.args.base_ref!r}: "
                f"origin/{self.args.base_ref} is HEAD itself here"
            )

    def copy_worktree(self, source: Path) -> None:
        """Overlay the source's uncommitted changes and untracked (not ignored) files."""
        listed = subprocess.run(
            [
                "git",
                "-C",
                str(source),
                "ls-files",
                "-z",
                "--modified",
                "--others",
                "--exclude-standard",
            ],
            capture_output=True,
            check=True,
        ).stdout.split(b"\0")
        deleted = set(
            subprocess.run(
                ["git", "-C", str(source), "ls-files", "-z", "--deleted"],
                capture_output=True,
                check=True,
            ).stdout.split(b"\0")
        )
        for raw in filter(None, listed):
            relative = os.fsdecode(raw)
            target = self.workdir / relative
            if raw in deleted:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if (source / relative).is_symlink():
                target.unlink(missing_ok=True)
                os.symlink(os.readlink(source / relative), target)
            elif (source / relative).is_file():
                shutil.copy2(source / relative, target)

    # running

    def job_env(self) -> dict[str, Any]:
        env: dict[str, Any] = {}
        env.update(self.workflow.get("env") or {})
        env.update(self.job.get("env") or {})
        return env

    def run(self) -> int:
        plan = self.args.plan
        context = self.context()
        name = substitute(self.job.get("name", self.args.job), context, self.status())
        print(
            f"== {self.workflow_path.name} / {name}"
            f"{' ' + json.dumps(self.matrix) if self.matrix else ''}"
            f" (event {self.args.event})",
            flush=True,
        )
        result: dict[str, Any] = {
            "job": self.args.job,
            "matrix": self.matrix,
            "event": self.args.event,
            "needs": self.job.get("needs", []),
            "steps": [],
        }
        if "if" in self.job:
            try:
                runs = evaluate_if(self.job["if"], context, self.status())
            except Unevaluable as error:
                print(f"job skipped: its if: cannot be evaluated locally ({error})")
                result["runs"] = None
                return self.finish(result, 0)
            if not runs:
                print(f"job skipped: if: {self.job['if']} is false for event {self.args.event}")
                result["runs"] = False
                return self.finish(result, 0)
        result["runs"] = True
        for key in ("container", "services"):
            if key in self.job:
                self.notes.append(f"the job's {key}: is not emulated; steps run on this machine")
        if not plan:
            self.prepare()
        # evaluate the environment at workflow and job level once
        try:
            for key, value in self.job_env().items():
                self.env[key] = substitute(value, self.context(), self.status())
        except Unevaluable as error:
            self.notes.append(f"job env not evaluable locally: {error}")
        assumed_failure = set(self.args.assume_failure or [])
        for index, raw in enumerate(self.job.get("steps") or [], start=1):
            step = Step(index, raw, step_label(raw, index))
            result["steps"].append(step)
            self.decide(step)
            if plan:
                if step.action == "run":
                    failed = raw.get("id") in assumed_failure or step.label in assumed_failure
                    step.outcome = "failure" if failed else "success"
                    self.record(step)
                self.print_plan(step)
                continue
            self.execute(step)
        return self.finish(result, 1 if self.failed and not plan else 0)

    def decide(self, step: Step) -> None:
        raw = step.raw
        context = self.context()
        try:
            if "if" in raw and not evaluate_if(raw["if"], context, self.status()):
                step.action, step.reason = "skip", f"if: {raw['if']} is false"
                return
            if "if" not in raw and self.failed:
                step.action, step.reason = "skip", "an earlier step failed"
                return
        except Unevaluable as error:
            step.action = "skip"
            step.reason = f"if: {raw['if']} cannot be evaluated locally ({error})"
            return
        if "uses" in raw:
            step.action = "uses"
            step.reason = self.uses_note(raw)
            return
        try:
            step.extra["script"] = substitute(raw.get("run", ""), context, self.status())
            env = dict(self.env)
            for key, value in (raw.get("env") or {}).items():
                env[key] = substitute(value, context, self.status())
            step.extra["env"] = env
        except Unevaluable as error:
            step.action, step.reason = "skip", f"cannot be run locally: {error}"

    def uses_note(self, raw: dict[str, Any]) -> str:
        action = raw["uses"].split("@")[0]
        ref = raw["uses"].split("@")[1] if "@" in raw["uses"] else ""
        with_ = raw.get("with") or {}
        if action == "actions/checkout":
            return "not run: the scratch clone is the checkout"
        if action == "actions/setup-python":
            try:
                version = substitute(
                    with_.get("python-version", "3"), self.context(), self.status()
                )
            except Unevaluable:
                version = str(with_.get("python-version"))
            return f"stood in for: a fresh venv of Python {version}"
        if action == "actions/setup-node":
            return "not run: node and npm from this machine's PATH"
        if "path" in with_:
            return f"not run: checks that {with_['path']!r} exists, as the upload does"
        return f"not run (uses {action}@{ref[:12]})"

    def record(self, step: Step) -> None:
        if step.raw.get("id"):
            self.steps_context[step.raw["id"]] = {
                "outcome": step.outcome,
                "conclusion": "success"
                if step.raw.get("continue-on-error") is True
                else step.outcome,
                "outputs": step.extra.get("outputs", {}),
            }
        if step.outcome == "failure" and step.raw.get("continue-on-error") is not True:
            self.failed = True

    def print_plan(self, step: Step) -> None:
        mark = {"run": "RUN ", "skip": "SKIP", "uses": "USES"}[step.action]
        reason = step.reason or (
            "taken as failed (--assume-failure)" if step.outcome == "failure" else ""
        )
        print(f"{step.index:2}. {mark} {step.label}" + (f": {reason}" if reason else ""))

    def execute(self, step: Step) -> None:
        print(f"\n-- {step.index}. {step.label}", flush=True)
        if step.action == "skip":
            print(f"   skipped: {step.reason}", flush=True)
            step.outcome = "skipped"
            self.record(step)
            return
        started = time.monotonic()
        if step.action == "uses":
            print(f"   uses: {step.raw['uses']}\n   {step.reason}", flush=True)
            step.outcome = self.stand_in(step)
        else:
            step.outcome = self.run_script(step)
        step.seconds = time.monotonic() - started
        print(f"   {step.outcome} ({step.seconds:.1f} s)", flush=True)
        self.record(step)

    def stand_in(self, step: Step) -> str:
        raw = step.raw
        action = raw["uses"].split("@")[0]
        with_ = raw.get("with") or {}
        if action == "actions/setup-python":
            try:
                version = substitute(with_.get("python-version", ""), self.context(), self.status())
            except Unevaluable as error:
                version = ""
                self.notes.append(f"python-version not evaluable locally ({error})")
            wanted = f"python{version}" if version else "python3"
            python = shutil.which(wanted, path=self.base_env["PATH"])
            if python is None:
                python = sys.executable
                note = f"Python {version} is not on this machine: using {sys.version.split()[0]}"
                print(f"   NOTE {note}", flush=True)
                self.notes.append(note)
            venv = self.temp / f"python{version or ''}"
            made = subprocess.run(
                [python, "-m", "venv", str(venv)], capture_output=True, text=True, check=False
            )
            if made.returncode != 0:
                print(made.stdout + made.stderr)
                return "failure"
            self.path_prefix.insert(0, str(venv / "bin"))
            print(f"   python: {venv / 'bin' / 'python'}", flush=True)
            return "success"
        if "path" in with_:
            target = self.workdir / substitute(with_["path"], self.context(), self.status())
            files = [p for p in target.rglob("*") if p.is_file()] if target.is_dir() else []
            if not files:
                print(f"   {target} has no files: the upload would fail", flush=True)
                return "failure"
            size = sum(p.stat().st_size for p in files)
            print(f"   would upload {len(files)} files, {size / 1e6:.1f} MB", flush=True)
        return "success"

    def run_script(self, step: Step) -> str:
        raw = step.raw
        defaults = {
            **((self.workflow.get("defaults") or {}).get("run") or {}),
            **((self.job.get("defaults") or {}).get("run") or {}),
        }
        shell = raw.get("shell", defaults.get("shell"))
        script = self.temp / f"step-{step.index}.sh"
        script.write_text(step.extra["script"] + "\n", encoding="utf-8")
        command = {
            None: ["bash", "-e", str(script)],
            "bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            "sh": ["sh", "-e", str(script)],
            "python": ["python", str(script)],
        }.get(shell)
        if command is None:
            if "{0}" not in str(shell):
                print(f"   shell {shell!r} is not emulated", flush=True)
                return "failure"
            command = [part.replace("{0}", str(script)) for part in str(shell).split()]
        files = {}
        for name in ("GITHUB_ENV", "GITHUB_PATH", "GITHUB_OUTPUT"):
            files[name] = self.temp / f"{name.lower()}-{step.index}"
            files[name].touch()
        env = dict(self.base_env)
        env.update(step.extra["env"])
        env.update({name: str(path) for name, path in files.items()})
        env["PATH"] = os.pathsep.join([*self.path_prefix, self.base_env["PATH"]])
        cwd = self.workdir / str(
            raw.get("working-directory", defaults.get("working-directory", "."))
        )
        timeout = raw.get("timeout-minutes", self.job.get("timeout-minutes"))
        try:
            done = subprocess.run(
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=sys.stdout,
                check=False,
                timeout=float(timeout) * 60 if timeout else None,
            )
        except subprocess.TimeoutExpired:
            print(f"   timed out after {timeout} minutes", flush=True)
            return "failure"
        self.env.update(_env_file(files["GITHUB_ENV"]))
        step.extra["outputs"] = _env_file(files["GITHUB_OUTPUT"])
        for line in reversed(files["GITHUB_PATH"].read_text().splitlines()):
            if line.strip():
                self.path_prefix.insert(0, line.strip())
        if done.returncode != 0:
            print(f"   exit status {done.returncode}", flush=True)
        return "success" if done.returncode == 0 else "failure"

    def finish(self, result: dict[str, Any], status: int) -> int:
        steps: list[Step] = result["steps"]
        result["steps"] = [
            {
                "index": s.index,
                "name": s.label,
                "id": s.raw.get("id"),
                "action": s.action,
                "reason": s.reason,
                "uses": s.raw.get("uses"),
                "run": s.raw.get("run"),
                "outcome": s.outcome,
                "seconds": round(s.seconds, 1),
            }
            for s in steps
        ]
        result["notes"] = self.notes
        result["failed"] = bool(status)
        if not self.args.plan and steps:
            total = sum(s.seconds for s in steps)
            print(f"\n== {self.args.job}: {'FAILED' if status else 'passed'} in {total:.0f} s")
            for s in steps:
                print(f"   {s.outcome or '-':8} {s.seconds:7.1f} s  {s.label}")
            summary = Path(self.base_env["GITHUB_STEP_SUMMARY"])
            if summary.stat().st_size:
                print(f"\n-- GITHUB_STEP_SUMMARY ({summary}):\n{summary.read_text()}")
        for note in self.notes:
            print(f"NOTE {note}")
        self.result = result
        if self.temp and not self.args.keep:
            shutil.rmtree(self.temp, ignore_errors=True)
        elif self.temp:
            print(f"kept {self.temp}")
        if not self.args.plan:
            print(f"wall time {time.monotonic() - self.started:.0f} s, clone and clean-up included")
        return status


def _env_file(path: Path) -> dict[str, str]:
    """NAME=value lines and NAME<<DELIMITER blocks, as GitHub reads them."""
    values: dict[str, str] = {}
    lines = path.read_text().splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            while index < len(lines) and lines[index] != delimiter:
                body.append(lines[index])
                index += 1
            index += 1
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("job", help="the job's id under jobs:")
    parser.add_argument(
        "--workflow", default=str(REPO / ".github" / "workflows" / "ci.yml"), help="workflow file"
    )
    parser.add_argument("--source", default=str(REPO), help="repository to clone (default: this)")
    parser.add_argument("--worktree", action="store_true", help="copy uncommitted files in too")
    parser.add_argument(
        "--event",
        default="push",
        choices=["push", "pull_request", "schedule", "workflow_dispatch"],
        help="github.event_name (default: push)",
    )
    parser.add_argument("--ref", help="github.ref (default: refs/heads/main, or a PR merge ref)")
    parser.add_argument("--base-ref", default="main", help="github.base_ref for pull_request")
    parser.add_argument("--repository", default="local/evidencekb", help="github.repository")
    parser.add_argument(
        "--matrix", action="append", metavar="KEY=VALUE", help="pick a matrix combination"
    )
    parser.add_argument("--plan", action="store_true", help="print what would run; run nothing")
    parser.add_argument(
        "--assume-failure",
        action="append",
        metavar="STEP",
        help="with --plan: take this step (id or name) as failed, to see what runs after it",
    )
    parser.add_argument("--json", action="store_true", help="also print the result as JSON")
    parser.add_argument("--workdir", help="clone into this (empty) folder instead of a temp one")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    stdout = sys.stdout
    if args.json:  # the JSON alone on stdout; everything else, steps' output too, on stderr
        sys.stdout = sys.stderr
    try:
        runner = Runner(args)
        status = runner.run()
    except Unevaluable as error:
        print(f"cannot run locally: {error}", file=sys.stderr)
        return 2
    finally:
        sys.stdout.flush()
        sys.stdout = stdout
    if args.json:
        print(json.dumps(runner.result, indent=1))
    return status


if __name__ == "__main__":
    sys.exit(main())
