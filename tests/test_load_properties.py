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


@given(st.dictionaries(st.sampled_from(["id", "title", "topic"]), st.text(max_size=20)))
def test_yaml_positions_are_recorded_for_every_key(mapping: dict[str, str]) -> None:
    import yaml

    text = yaml.safe_dump(mapping) if mapping else "id: x\n"
    document = parse_yaml(text, "c.yaml", DiagnosticSink())
    assert document is not None
    for key in document.data:
        assert (key,) in document.keys


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
