"""Property tests: whatever text a contributor writes, the loaders report, never crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.load import parse_bib, parse_yaml

yaml_like = st.text(
    alphabet=st.sampled_from(list("ab:-{}[]!&*|>'\"#\t\n %@,=0123456789")), max_size=200
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), yaml_like))
def test_parse_yaml_never_raises(text: str) -> None:
    sink = DiagnosticSink()
    document = parse_yaml(text, "claims/x/y.yaml", sink)
    if document is None:
        assert sink.diagnostics, "a rejected file must say why"
    for diagnostic in sink.diagnostics:
        assert diagnostic.position.line >= 1 and diagnostic.position.column >= 1


bib_like = st.text(alphabet=st.sampled_from(list("@article{}=,\"#abc \n\\'%")), max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), bib_like))
def test_parse_bib_never_raises(text: str) -> None:
    sink = DiagnosticSink()
    entries = parse_bib(text, "sources/x.bib", sink)
    for entry in entries:
        assert entry.position.line >= 1


@settings(deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "title", "topic"]), st.text(max_size=20)))
def test_yaml_positions_are_recorded_for_every_key(mapping: dict[str, str]) -> None:
    import yaml

    text = yaml.safe_dump(mapping) if mapping else "id: x\n"
    document = parse_yaml(text, "c.yaml", DiagnosticSink())
    assert document is not None
    lines = text.splitlines()
    for key in document.data:
        position = document.position_of((key,), key=True)
        assert lines[position.line - 1][position.column - 1 :].startswith(f"{key}:")


def test_bibtex_names_are_split_before_latex_decoding() -> None:
    text = (
        "@misc{fda2020, author = {{U.S. Food and Drug Administration} and "
        "M{\\\"u}ller, J{\\'e}r{\\^o}me and {Hooper, Lundy \\& Bookman}}, title = {T}}\n"
    )
    (entry,) = parse_bib(text, "sources/x.bib", DiagnosticSink())
    assert entry.fields["author"] == [
        {"literal": "U.S. Food and Drug Administration"},
        {"family": "Müller", "given": "Jérôme"},
        {"literal": "Hooper, Lundy & Bookman"},
    ]


def test_verbatim_fields_are_not_latex_decoded() -> None:
    url = "https://example.org/a?b=1&c=2%E2%84%A2~x_y"
    text = f"@misc{{a, title = {{T --- {{\\'e}}}}, url = {{{url}}}, doi = {{10.1/a_b%c}}}}\n"
    (entry,) = parse_bib(text, "sources/x.bib", DiagnosticSink())
    assert entry.fields["url"] == url
    assert entry.fields["doi"] == "10.1/a_b%c"
    assert entry.fields["title"] == "T — é"


LATEX_TOKENS = [
    '{\\"u}', '\\"{u}', "\\'E", "{\\c{C}}", "{\\c C}", "\\u{g}", "\\v{s}", "\\H{o}", "{\\o}",
    "\\O", "\\ss{}", "\\aa", "\\l", "\\&", "{\\'\\i}", "\\~n", "\\^o", "\\`a", "\\=a", "\\.z",
    "\\k{a}", "\\r{a}", "\\oe", "x\\o y", "Ab", " ", "-", "{", "}", "'", ".", ",", "~", "--",
    "---", "$x$", "\\emph{b}",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LATEX_TOKENS), min_size=1, max_size=6).map("".join))
def test_fast_latex_decoding_agrees_with_pylatexenc(value: str) -> None:
    from pylatexenc import latexwalker
    from pylatexenc.latex2text import LatexNodes2Text

    from evidencekb.load.latex import accents_only

    fast = accents_only(value)
    if fast is not None:
        context = latexwalker.get_default_latex_context_db()
        text = LatexNodes2Text(math_mode="verbatim").latex_to_text(value, latex_context=context)
        assert fast == " ".join(text.split())
