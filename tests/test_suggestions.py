""" "Did you mean": hints from an index built once per run, each distinct value looked up once, a
cap per run with one notice (`evidencekb.rules.suggestions`, EKB410)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_scenario
from evidencekb.diagnostics import Position
from evidencekb.project import Project
from evidencekb.rules.suggestions import CAP, Suggestions

KEYS = ["garcia2018cohort", "jones2019meta", "opinion-piece", "smith2020trial"]
AT = ("claims/a/x.yaml", Position(3, 5))


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("smith2020trail", "Did you mean 'smith2020trial'?"),
        ("smith2002trial", "Did you mean 'smith2020trial'?"),
        ("jones2019", "Did you mean 'jones2019meta'?"),
        ("Garcia2018cohort", "Did you mean 'garcia2018cohort'?"),
        ("opinion_piece", "Did you mean 'opinion-piece'?"),
        ("wholly-unrelated", "No source key is close to 'wholly-unrelated'; check the spelling."),
    ],
)
def test_hints_name_the_closest_key(value: str, hint: str) -> None:
    assert Suggestions().hint("source key", value, KEYS, AT) == hint


def test_ties_go_to_the_first_candidate_in_sorted_order() -> None:
    # 'abc' is as close to 'abx' as to 'aby', whatever order the candidates come in
    assert Suggestions().hint("topic", "abc", ["aby", "abx"], AT) == "Did you mean 'abx'?"


def test_each_distinct_value_is_looked_up_once_per_list() -> None:
    suggestions = Suggestions()
    hints = {suggestions.hint("source key", "smith2020trail", KEYS, AT) for _ in range(50)}
    assert hints == {"Did you mean 'smith2020trial'?"}
    assert suggestions.lookups == 1
    # another list (an article's sections, a group) is another lookup, with its own candidates
    suggestions.hint("section", "smith2020trail", ["Methods"], AT, group="article-a")
    suggestions.hint("section", "smith2020trail", ["Methods"], AT, group="article-b")
    assert suggestions.lookups == 3


def test_the_candidate_list_given_first_is_the_one_used() -> None:
    suggestions = Suggestions()
    suggestions.hint("topic", "alpah", ["alpha"], AT)
    assert (
        suggestions.hint("topic", "bet", ["beta"], AT)
        == "No topic is close to 'bet'; check the spelling."
    )


def test_lookups_stop_at_the_cap_and_the_rest_are_counted_where_the_first_is() -> None:
    suggestions = Suggestions(cap=2)
    first = [suggestions.hint("claim id", v, ["claim-one"], AT) for v in ("claim-on", "clam-one")]
    assert first == ["Did you mean 'claim-one'?"] * 2
    later = ("claims/b/y.yaml", Position(9, 1))
    earlier = ("claims/b/y.yaml", Position(2, 7))
    over = [
        suggestions.hint("claim id", v, ["claim-one"], at)
        for v, at in [("claim-won", later), ("claim-onr", earlier), ("claim-won", earlier)]
    ]
    assert over == ["No suggestion: over 2 unknown values in this run; check the spelling."] * 3
    assert suggestions.lookups == 2
    left = suggestions.close()
    assert left is not None
    assert (left.count, left.path, left.position) == (2, "claims/b/y.yaml", Position(2, 7))


def test_no_notice_when_every_value_was_looked_up_and_none_after_it() -> None:
    suggestions = Suggestions()
    suggestions.hint("topic", "alpah", ["alpha"], AT)
    assert suggestions.close() is None
    with pytest.raises(RuntimeError):
        suggestions.hint("topic", "bet", ["beta"], AT)


names = st.text(alphabet="abcdeé-0123456789", min_size=1, max_size=16)


@settings(max_examples=300, deadline=None)
@given(value=names, candidates=st.lists(names, max_size=12))
def test_a_suggestion_is_a_candidate_and_the_same_input_gives_the_same_hint(
    value: str, candidates: list[str]
) -> None:
    hint = Suggestions().hint("source key", value, candidates, AT)
    assert hint == Suggestions().hint("source key", value, list(reversed(candidates)), AT)
    if hint.startswith("Did you mean "):
        assert hint.removeprefix("Did you mean ").removesuffix("?").strip("'") in candidates
    else:
        assert hint == f"No source key is close to {value!r}; check the spelling."
    # never a worse matcher than difflib's: whatever it would suggest, a suggestion is made
    if difflib.get_close_matches(value, candidates, n=1, cutoff=0.6):
        assert hint.startswith("Did you mean ")


def _misspell_cited_keys(kb: Path, count: int) -> None:
    """`count` claims, each citing a misspelling of its own of the fixture's source key."""
    template = (kb / "claims" / "alpha" / "claim-one.yaml").read_text(encoding="utf-8")
    assert "source: smith2020trial" in template
    for n in range(count):
        text = template.replace("id: claim-one", f"id: copy-{n:03}")
        text = text.replace("source: smith2020trial", f"source: smith2020trial{n:03}x")
        (kb / "claims" / "alpha" / f"copy-{n:03}.yaml").write_text(text, encoding="utf-8")


def test_a_run_over_the_cap_gives_one_notice_and_is_the_same_every_time(tmp_path: Path) -> None:
    kb = make_scenario(tmp_path / "kb")
    _misspell_cited_keys(kb, CAP + 5)
    runs = [Project(kb).check().diagnostics for _ in range(2)]
    assert runs[0] == runs[1]
    unknown = [d for d in runs[0] if d.code == "EKB401"]
    assert len(unknown) == CAP + 5
    suggested = [d for d in unknown if d.hint == "Did you mean 'smith2020trial'?"]
    assert [d.path for d in suggested] == [f"claims/alpha/copy-{n:03}.yaml" for n in range(CAP)]
    (notice,) = [d for d in runs[0] if d.code == "EKB410"]
    assert notice.path == f"claims/alpha/copy-{CAP:03}.yaml"
    assert notice.message.startswith("5 more unknown values got no")
