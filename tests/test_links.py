"""Links between generated pages: relative, and landing where they should in the served site."""

from __future__ import annotations

from urllib.parse import urljoin

from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekb.render.links import page_url, relative_url

segment = st.sampled_from(["claims", "sources", "topics", "data", "a", "b", "index"])
page = st.lists(segment, min_size=1, max_size=3).map(lambda parts: "/".join(parts) + ".md")
data_file = st.sampled_from(["data/claims.json", "data/sources.bib", "assets/x.css"])


@settings(max_examples=500, deadline=None)
@given(page, st.one_of(page, data_file), st.booleans())
def test_a_relative_link_lands_on_its_target(source: str, target: str, directory: bool) -> None:
    base = "https://kb.example.org/site/"
    link = relative_url(source, target, directory)
    assert not link.startswith("/")
    assert urljoin(base + page_url(source, directory), link) == base + page_url(target, directory)


def test_page_urls() -> None:
    assert page_url("index.md") == ""
    assert page_url("topics/index.md") == "topics/"
    assert page_url("claims/x.md") == "claims/x/"
    assert page_url("claims/x.md", directory_urls=False) == "claims/x.html"
    assert relative_url("claims/x.md", "sources/k.md", anchor="cited") == "../../sources/k/#cited"
