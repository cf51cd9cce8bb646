"""Whatever shape of YAML a pull request puts in a claim, topics or outlines file (an outline's
old shape, or any value in a section or its `about` block; wrong types,
lists for strings, nesting, huge numbers, dates, nulls), `check` reports located diagnostics and
never raises, and a knowledge base that passes renders."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_scenario
from evidencekb.project import Project

NAMES = ["claim-two", "alpha", "smith2020trial", "supports", "supported", "", "..", "x/y"]
FIELDS = ["source", "stance", "locator", "quote", "note", "claim", "relation", "concern", "id"]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates(),
    st.sampled_from(NAMES),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4)
    ),
    max_leaves=8,
)
CLAIM_KEYS = [
    "id", "title", "statement", "topic", "kind", "asserted_in", "verdict", "certainty",
    "certainty_reasons", "evidence", "related", "reviewed", "summary", "incident", "guardrail",
    "unknown",
]  # fmt: skip
OUTLINE_KEYS = [
    "heading", "paragraphs", "named", "not_checkable", "about", "sections", "author", "unknown",
]  # fmt: skip


def _apply(root: Path, target: str, changes: dict[str, object]) -> None:
    path = root / target.partition("#")[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if target == "topics.yaml":
        data["topics"][0].update(changes)
    elif target == "sources/outlines.yaml":  # the old shape: a list of headings
        data["articles"]["opinion-piece"] = list(changes.values())
    elif target == "sources/outlines.yaml#section":
        data["articles"]["opinion-piece"]["sections"][1].update(changes)
    elif target == "sources/outlines.yaml#about":
        data["articles"]["opinion-piece"]["about"].update(changes)
    else:
        data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    changes=st.dictionaries(st.sampled_from(CLAIM_KEYS + OUTLINE_KEYS), values, max_size=6),
    target=st.sampled_from(
        [
            "claims/alpha/claim-one.yaml",
            "topics.yaml",
            "sources/outlines.yaml",
            "sources/outlines.yaml#section",
            "sources/outlines.yaml#about",
        ]
    ),
)
def test_any_shape_is_reported_never_raised(
    tmp_path_factory: pytest.TempPathFactory, changes: dict[str, object], target: str
) -> None:
    root = make_scenario(tmp_path_factory.mktemp("shape") / "kb")
    _apply(root, target, changes)
    project = Project(root)
    result = project.check()
    for diagnostic in result.diagnostics:
        assert diagnostic.position.line >= 1 and diagnostic.position.column >= 1
    if not result.failed():
        project.render(result)
