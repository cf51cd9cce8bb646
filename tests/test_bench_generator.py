"""The benchmark's synthetic knowledge base passes `check --strict`: a benchmark that measures
a failing check measures the wrong thing (rules added since must be kept in step here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from evidencekb.project import Project

ROOT = Path(__file__).resolve().parent.parent


def test_the_generated_knowledge_base_passes_the_strict_check(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), str(kb), "60"],
        check=True,
        capture_output=True,
    )
    result = Project(kb).check()
    assert [d.format_text() for d in result.diagnostics] == []
