"""Rewrite fixtures/rules/*/expected.txt from the current output. Review the diff afterwards."""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import FIXTURES, make_scenario
from evidencekb.project import Project
from evidencekb.rules.catalog import RULES
from test_rules import plain

for fixture in [FIXTURES / "rules" / code for code in sorted(RULES)]:
    with tempfile.TemporaryDirectory() as tmp:
        kb = make_scenario(Path(tmp) / "kb", fixture)
        (fixture / "expected.txt").write_text(
            plain(Project(kb).check().diagnostics), encoding="utf-8"
        )
        print(f"updated {fixture.name}")
