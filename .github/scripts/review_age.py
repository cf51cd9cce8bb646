#!/usr/bin/env python3
"""List the claims due for review in ONE GitHub issue (run weekly by review-age.yml).

Runs `evidencekb check --format json`, keeps the diagnostics of the rule named `review-stale`
(its code is looked up in evidencekb's rule registry, so a renumbering cannot break this), and,
with the GitHub CLI (`gh`, which reads GH_TOKEN and GH_REPO):

- claims due, no open issue titled TITLE: creates it;
- claims due, an open issue titled TITLE: replaces its body with the current list;
- none due, an open issue titled TITLE: closes it with a comment;
- none due, no such issue: does nothing.

`--dry-run` prints the issue body and calls nothing. Exit 2 if the check could not run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TITLE = "Claims due for review"
RULE_NAME = "review-stale"
MARKER = "<!-- evidencekb:review-age -->"


def rule_code() -> str:
    from evidencekb.rules import RULES

    for code, rule in RULES.items():
        if rule.name == RULE_NAME:
            return code
    raise SystemExit(f"evidencekb has no rule named {RULE_NAME!r}")


def stale_diagnostics(root: Path) -> tuple[str, list[dict]]:
    run = subprocess.run(
        [sys.executable, "-m", "evidencekb", "check", "-C", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode not in (0, 1):  # 0 clean, 1 findings, 2 could not run
        sys.stderr.write(run.stdout + run.stderr)
        raise SystemExit(2)
    code = rule_code()
    found = [d for d in json.loads(run.stdout)["diagnostics"] if d["code"] == code]
    return code, sorted(found, key=lambda d: (d["path"], d["line"], d["column"]))


def issue_body(code: str, stale: list[dict], today: dt.date) -> str:
    run_url = ""
    if os.environ.get("GITHUB_RUN_ID") and os.environ.get("GITHUB_REPOSITORY"):
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
        run_url = (
            f" ([run]({server}/{os.environ['GITHUB_REPOSITORY']}"
            f"/actions/runs/{os.environ['GITHUB_RUN_ID']}))"
        )
    lines = [
        MARKER,
        f"{len(stale)} claim(s) were last reviewed longer ago than `max_review_age_days` "
        f"(rule {code} `{RULE_NAME}`). Re-check each one's evidence and update its `reviewed` "
        "date; the list below is rewritten every week by the Review age workflow, and this "
        "issue is closed when it is empty.",
        "",
        f"Checked on {today.isoformat()}{run_url}.",
        "",
    ]
    for d in stale:
        claim = Path(d["path"]).stem
        lines.append(f"- [ ] **{claim}**: `{d['path']}:{d['line']}`: {d['message']}")
    return "\n".join(lines) + "\n"


def gh(*args: str) -> str:
    print("+ gh " + " ".join(args), flush=True)
    return subprocess.run(["gh", *args], capture_output=True, text=True, check=True).stdout


def open_issue() -> int | None:
    listed = json.loads(
        gh("issue", "list", "--state", "open", "--limit", "500", "--json", "number,title")
    )
    numbers = sorted(issue["number"] for issue in listed if issue["title"] == TITLE)
    return numbers[0] if numbers else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-C", dest="root", type=Path, default=Path.cwd(), help="knowledge base")
    parser.add_argument("--dry-run", action="store_true", help="print the body, call nothing")
    args = parser.parse_args(argv)

    today = dt.datetime.now(dt.UTC).date()
    code, stale = stale_diagnostics(args.root)
    body = issue_body(code, stale, today)
    print(f"{len(stale)} claim(s) due for review ({code} {RULE_NAME}).")
    if args.dry_run:
        print(body, end="")
        return 0

    number = open_issue()
    if stale:
        with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False) as handle:
            handle.write(body)
        try:
            if number is None:
                gh("issue", "create", "--title", TITLE, "--body-file", handle.name)
            else:
                gh("issue", "edit", str(number), "--body-file", handle.name)
        finally:
            os.unlink(handle.name)
    elif number is not None:
        comment = f"No claim is due for review any more (checked on {today.isoformat()})."
        gh("issue", "close", str(number), "--comment", comment)
    return 0


if __name__ == "__main__":
    sys.exit(main())
