"""The positions found for a diagnostic in a file the fast path read are the ones the careful
path records: `node_positions` (marks only) against `_parse_yaml_with_positions` (data, checks
and marks), on every claim file of this repository and of the test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.load.yaml_reader import (
    _load_plain_mapping,
    _parse_yaml_with_positions,
    node_positions,
)

REPO = Path(__file__).resolve().parent.parent
CLAIMS = sorted((REPO / "claims").rglob("*.yaml")) + sorted(
    (REPO / "tests" / "fixtures").rglob("claims/**/*.yaml")
)


@pytest.mark.parametrize("path", CLAIMS, ids=lambda p: str(p.relative_to(REPO)))
def test_marks_only_gives_the_careful_positions(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        pytest.skip("not a readable UTF-8 file (a fixture of a rule about that)")
    if _load_plain_mapping(text) is None:
        pytest.skip("the fast path refuses it, so the careful path finds its positions")
    careful = _parse_yaml_with_positions(text, path.name, DiagnosticSink())
    assert careful is not None
    assert node_positions(text) == (careful.values, careful.keys)
