"""`evidencekb new` writes a file that passes the schema step for any title, or refuses it.

A fresh scaffold deliberately keeps placeholders that later rules flag, and nothing else:
the two TODO source keys (EKB401, in asserted_in and evidence) and its single evidence source
(EKB506). Everything about the title, and any YAML problem (EKB1xx), would be a bug.
"""

from __future__ import annotations

import io
import tempfile
import unicodedata
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import make_scenario
from evidencekb.cli import main
from evidencekb.diagnostics import DiagnosticSink
from evidencekb.load import read_yaml_file
from evidencekb.project import Project
from evidencekb.scaffold import PLACEHOLDER_TITLE

NEW_FILE = "claims/alpha/fresh-claim.yaml"
# What a fresh scaffold legitimately has: its placeholders, flagged by the rules meant for them.
SCAFFOLD_CODES = [("EKB401", 9), ("EKB506", 20), ("EKB401", 21)]
NOT_IN_A_TITLE = {"Cc", "Cs", "Zl", "Zp"}  # control characters, surrogates, line separators


def new(kb: Path, *title: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["new", "-C", str(kb), "alpha", "fresh-claim", *title])
    return code, out.getvalue(), err.getvalue()


def assert_fresh_scaffold(kb: Path, title: str) -> None:
    """The new file parses, passes the schema, has only the placeholders' diagnostics, and
    holds the title as given."""
    result = Project(kb).check()
    assert [(d.path, d.code, d.position.line) for d in result.diagnostics] == [
        (NEW_FILE, code, line) for code, line in SCAFFOLD_CODES
    ]
    assert result.kb.claims["fresh-claim"].title == title.strip()  # the model strips
    sink = DiagnosticSink()
    document = read_yaml_file(kb / NEW_FILE, kb, sink, 1_000_000)
    assert document is not None and sink.diagnostics == []
    assert document.data["title"] == title


@pytest.mark.parametrize(
    "title",
    [
        "Chatbots: a review",
        "Chatbots #1 in therapy",
        'It\'s "the" alliance',
        "'quoted'",
        "- a list item?",
        "-- two dashes",
        "? a question",
        "Über-Bindung: ça marche — 治療 🤖",
        "yes",
        "2020",
        "null",
        "[x] {y} &z *w !t %u @v `q` |p >f",
        " padded ",
        "a\u00a0b\u00a0",
        "\ufeffBOM inside",
        "x" * 140,
    ],
)
def test_new_writes_any_typed_title(valid_kb: Path, title: str) -> None:
    assert new(valid_kb, f"--title={title}")[0] == 0
    assert_fresh_scaffold(valid_kb, title)


@pytest.mark.parametrize("args", [[], ["--title="], ["--title", ""]])
def test_new_without_a_title_writes_the_placeholder(valid_kb: Path, args: list[str]) -> None:
    assert new(valid_kb, *args)[0] == 0
    assert_fresh_scaffold(valid_kb, PLACEHOLDER_TITLE)


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("x" * 141, "the title is 141 characters long; a title has at most 140"),
        ("   ", "the title is blank"),
        ("two\nlines", "line break (U+000A) at character 4"),
        ("bell\a", "control character or line break (U+0007)"),
        ("line\u2028separator", "(U+2028)"),
    ],
)
def test_new_refuses_a_title_that_cannot_pass(valid_kb: Path, title: str, message: str) -> None:
    code, out, err = new(valid_kb, f"--title={title}")
    assert code == 2
    assert message in err
    assert out == ""
    assert not (valid_kb / NEW_FILE).exists()


def refusal_is_right(title: str) -> bool:
    return (
        any(unicodedata.category(char) in NOT_IN_A_TITLE for char in title)
        or not title.strip()
        or len(title.strip()) > 140
    )


@settings(deadline=None, max_examples=150)
@example(title="--")  # argparse before Python 3.13 read it as an empty list
@given(
    title=st.text()
    | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
    | st.text(st.characters(blacklist_categories=tuple(NOT_IN_A_TITLE)), min_size=1)
)
def test_new_then_check_for_any_title(title: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        kb = make_scenario(Path(tmp) / "kb")
        code, _, err = new(kb, f"--title={title}")
        if code == 2:
            assert title and refusal_is_right(title), err
            assert err.startswith("error: the title ")
            assert not (kb / NEW_FILE).exists()
            return
        assert code == 0, err
        assert_fresh_scaffold(kb, title or PLACEHOLDER_TITLE)
