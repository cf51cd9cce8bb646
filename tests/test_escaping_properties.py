"""Property tests of the escapers: whatever text a field holds, the page Python-Markdown makes of
it (with this repository's Markdown extensions, as MkDocs and Zensical would) shows the text and
gains no element, attribute or link from it."""

from __future__ import annotations

import html as stdlib_html
import json
from functools import cache
from pathlib import Path

import markdown as python_markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, REPO
from evidencekb.render import RenderOptions, render_site
from evidencekb.render.html import front_matter, markdown, plain, script_json, text
from html_safety import Page

# Text that leans on what HTML, Markdown and its extensions read as syntax.
syntax_heavy = st.text(
    alphabet=st.sampled_from(list("<>&\"'`*_{}[]()|~=^$\\#!:;/ -.\n\tabcXYZ0\x02\x03é")),
    max_size=120,
)
any_text = st.one_of(st.text(max_size=120), syntax_heavy)


@cache
def _engine_extensions() -> tuple[list[str], dict]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name, settings_ = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        options[name] = settings_ or {}
    return names, options


def engine_html(page: str) -> str:
    """What the site engine makes of a generated page (front matter removed, as it does)."""
    body = page.split("---\n", 2)[2] if page.startswith("---\n") else page
    names, options = _engine_extensions()
    return python_markdown.markdown(body, extensions=names, extension_configs=options)


def inspect(fragment: str) -> tuple[list[str], str]:
    """Unsafe constructs in an HTML fragment, and its text (whitespace runs as one space)."""
    parser = Page("page", markers=("\x00never",))
    parser.feed(fragment)
    parser.close()
    return parser.findings, " ".join(" ".join(parser.text).split())


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_text_escapes_for_html_and_keeps_the_text(value: str) -> None:
    escaped = str(text(value))
    assert not set(escaped) & set("<>\"'`*_{}[]|~=^$\\")
    assert stdlib_html.unescape(escaped) == plain(value)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_markdown_fields_gain_no_handler_or_dangerous_link(value: str) -> None:
    findings, _ = inspect(str(markdown(value)))
    assert findings == []


@settings(max_examples=200, deadline=None)
@given(st.recursive(any_text, lambda inner: st.lists(inner, max_size=3), max_leaves=5))
def test_script_json_cannot_end_its_script_element(value: object) -> None:
    encoded = str(script_json(value))
    assert "<" not in encoded and ">" not in encoded
    assert json.loads(encoded) == value


@cache
def _claim_file() -> str:
    return (FIXTURES / "valid/claims/alpha/claim-one.yaml").read_text(encoding="utf-8")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=any_text.filter(lambda t: t.strip()), quote=any_text, note=any_text)
def test_a_claim_page_shows_any_text_and_gains_nothing(
    valid_kb: Path, title: str, quote: str, note: str
) -> None:
    from evidencekb.project import Project

    data = yaml.safe_load(_claim_file())
    data["title"], data["evidence"][0]["quote"], data["evidence"][0]["note"] = title, quote, note
    path = valid_kb / "claims/alpha/claim-one.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = Project(valid_kb).check()
    if result.failed():  # e.g. a title over 140 characters: refused, with a located error
        assert all(d.path == "claims/alpha/claim-one.yaml" for d in result.diagnostics)
        return
    page = render_site(result.kb, RenderOptions())["claims/claim-one.md"]
    findings, shown = inspect(engine_html(page))
    assert findings == []
    for value in (title, quote, note):
        assert plain(value) in shown


paragraph_like = st.text(
    alphabet=st.sampled_from(list("ab é.,;:()'\"-+=#>0123456789\n    \t\xa0*_<&")), max_size=80
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(paragraph_like, st.text(max_size=80)))
def test_the_plain_paragraph_shortcut_gives_what_markdown_it_gives(value: str) -> None:
    from evidencekb.render import html

    if not value:
        return
    rendered = html._PARSER.render(html._CONTROL.sub("\ufffd", value))
    expected = html._sanitise(rendered, html._MARKDOWN_TAGS, html._MARKDOWN_ATTRIBUTES)
    assert str(markdown(value)) == expected


@settings(max_examples=300, deadline=None)
@given(any_text, st.lists(any_text, max_size=3))
def test_front_matter_reads_back_as_the_escaped_values(title: str, items: list[str]) -> None:
    from markupsafe import escape

    written = str(front_matter({"title": title, "hide": items}))
    assert written.startswith("---\n") and written.endswith("\n---\n")
    assert yaml.safe_load(written[4:-4]) == {
        "title": str(escape(plain(title))),
        "hide": [str(escape(plain(item))) for item in items],
    }


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_every_template_expression_is_escaped(value: str) -> None:
    from markupsafe import Markup

    from evidencekb.render.pages import _environment

    template = _environment().from_string('<a title="{{ v }}">{{ v }}</a>{{ m }}{{ n }}')
    out = template.render(v=value, m=Markup("<b>made</b>"), n=3)
    assert out == f'<a title="{text(value)}">{text(value)}</a><b>made</b>3'
