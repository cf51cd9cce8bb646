"""`evidencekb diff`: a Markdown summary of what a change does, ready for a PR comment."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from evidencekb.cli import main


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "HOME": str(root),
            "PATH": "/usr/bin:/bin",
        },
    )


def test_diff_summarises_claims_verdicts_evidence_and_new_warnings(
    valid_kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _git(valid_kb, "init", "-q", "-b", "main")
    _git(valid_kb, "add", "-A")
    _git(valid_kb, "commit", "-q", "-m", "base")
    claim = valid_kb / "claims/beta/claim-two.yaml"
    text = claim.read_text().replace("certainty: low", "certainty: very-low")
    start = text.index("  - source: smith2020trial")
    claim.write_text(text[:start] + text[text.index("reviewed:") :])
    assert main(["diff", "HEAD", "-C", str(valid_kb)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Knowledge base changes since `HEAD`\n")
    assert "| Claims | 2 | 2 |" in out
    assert (
        "- **Things always work** (`claim-two`): contradicted, low certainty → "
        "contradicted, very low certainty"
    ) in out
    assert "- **Things always work**: − `smith2020trial` (qualifies)" in out
    assert "EKB506 (warning): claim &#39;claim-two&#39; rests on a single source" in out


def test_diff_with_unknown_revision_exits_2(
    valid_kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _git(valid_kb, "init", "-q", "-b", "main")
    assert main(["diff", "no-such-ref", "-C", str(valid_kb)]) == 2
    assert "git archive no-such-ref" in capsys.readouterr().err


def test_diff_skips_links_out_of_the_tree_at_the_old_revision(
    valid_kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A repository may hold a link to an absolute path (this one's rule fixtures do): the old
    revision is extracted without it, never through it."""
    (valid_kb / "elsewhere").mkdir()
    (valid_kb / "elsewhere/passwd.yaml").symlink_to("/etc/passwd")
    _git(valid_kb, "init", "-q")
    _git(valid_kb, "add", "-A")
    _git(valid_kb, "commit", "-q", "-m", "base")
    assert main(["diff", "HEAD", "-C", str(valid_kb)]) == 0
    assert "No claim, verdict, evidence or source changed." in capsys.readouterr().out
