"""References in APA 7 (works without an author, group authors that are also the publisher) and
each source's own BibTeX and RIS files, read back by bibtexparser and rispy.

The APA 7 rules held here, as the APA's own guidance states them (checked 2026-11-29):
- no author: the title moves to the author position, before the date, and is not repeated
  (Publication Manual 7th ed., Table 9.1 "How to Create a Reference When Information Is
  Missing": "Title. (Date). Source."; APA Style blog, "Missing Pieces", 2012);
- group author that is also the publisher: the publisher is left out ("Guide to What's New in
  the Publication Manual, 7th ed.", p. 6: the American Psychiatric Association DSM-5 example,
  author and publisher the same, so the publisher is omitted); for a webpage, when the group
  author and the site name are the same the site name is left out (APA Style reference
  examples, "Webpage on a website with an organizational group author").
"""

from __future__ import annotations

import re

import bibtexparser
import pytest
import rispy

from evidencekb.adapters import citeproc_substitute
from evidencekb.model import Person, Source
from evidencekb.render.citations import apa_references, source_download, source_ris, to_csl
from evidencekb.render.exports import source_bibtex


def _source(**fields: object) -> Source:
    values: dict = {"key": "item", "entry_type": "online", "title": "A title", "design": "news"}
    values.update(fields)
    return Source(**values)


def _text(source: Source) -> str:
    """The reference as plain text (its HTML's tags dropped, entities as they are)."""
    return re.sub(r"<[^>]+>", "", apa_references([source])[source.key])


def test_a_webpage_without_an_author_puts_its_title_first_and_only_once() -> None:
    source = _source(
        title="Family sues over a chatbot",
        container="Example News",
        date="2025-08-27",
        year="2025",
        url="https://news.example.org/a",
    )
    assert _text(source) == (
        "Family sues over a chatbot. (2025, August 27). Example News. https://news.example.org/a"
    )


def test_a_report_without_an_author_puts_its_title_first_and_only_once() -> None:
    source = _source(
        entry_type="report",
        title="Digital mental health in schools",
        publisher="Example Institute",
        year="2024",
        design="guideline",
    )
    assert _text(source) == ("Digital mental health in schools. (2024). Example Institute.")


def test_a_group_author_that_is_also_the_site_or_publisher_is_not_repeated() -> None:
    webpage = _source(
        authors=[Person(literal="World Health Organization")],
        container="World Health Organization",
        title="WHO releases guidance",
        date="2024-01-18",
        year="2024",
        url="https://www.who.int/news/item/x",
        design="official-statement",
    )
    assert _text(webpage) == (
        "World Health Organization. (2024, January 18). WHO releases guidance. "
        "https://www.who.int/news/item/x"
    )
    report = _source(
        entry_type="report",
        authors=[Person(literal="Ropes & Gray")],
        publisher="Ropes & Gray LLP",  # the same firm: its legal form does not make another
        title="Final guidance",
        year="2016",
        design="guideline",
    )
    assert _text(report) == "Ropes &amp; Gray. (2016). Final guidance."


def test_a_publisher_that_is_a_unit_of_the_group_author_keeps_only_the_unit() -> None:
    report = _source(
        entry_type="report",
        authors=[Person(literal="U.S. Food and Drug Administration")],
        publisher="U.S. Food and Drug Administration, Center for Devices and Radiological Health",
        title="Enforcement policy",
        year="2020",
        design="guideline",
    )
    assert _text(report) == (
        "U.S. Food and Drug Administration. (2020). Enforcement policy. "
        "Center for Devices and Radiological Health."
    )


def test_a_group_author_with_another_publisher_keeps_the_publisher() -> None:
    source = _source(
        authors=[Person(literal="American Psychological Association")],
        container="EurekAlert!",
        title="Wellness apps alone cannot solve the crisis",
        year="2025",
        url="https://www.eurekalert.org/news-releases/1",
        design="official-statement",
    )
    assert _text(source) == (
        "American Psychological Association. (2025). Wellness apps alone cannot solve the "
        "crisis. EurekAlert!. https://www.eurekalert.org/news-releases/1"
    )
    assert to_csl(source)["container-title"] == "EurekAlert!"


def test_a_journal_article_is_as_apa_gives_it() -> None:
    source = _source(
        key="fluckiger2018alliance",
        entry_type="article",
        authors=[
            Person(family="Flückiger", given="Christoph"),
            Person(family="Del Re", given="A. C."),
            Person(family="Wampold", given="Bruce E."),
            Person(family="Horvath", given="Adam O."),
        ],
        title="The Alliance in Adult Psychotherapy: A Meta-Analytic Synthesis",
        container="Psychotherapy",
        year="2018",
        volume="55",
        issue="4",
        pages="316–340",
        doi="10.1037/pst0000172",
        design="meta-analysis",
    )
    assert _text(source) == (
        "Flückiger, C., Del Re, A. C., Wampold, B. E., &amp; Horvath, A. O. (2018). The "
        "Alliance in Adult Psychotherapy: A Meta-Analytic Synthesis. Psychotherapy, 55(4), "
        "316–340. https://doi.org/10.1037/pst0000172"
    )


def test_without_the_adapter_citeproc_repeats_the_title(monkeypatch: pytest.MonkeyPatch) -> None:
    """What citeproc_substitute is for; and it can be taken out again."""
    source = _source(title="Untitled harm", container="Site", year="2023")
    assert _text(source) == "Untitled harm. (2023). Site."
    citeproc_substitute.uninstall()
    try:
        assert not citeproc_substitute.installed()
        monkeypatch.setattr(citeproc_substitute, "install", lambda: False)
        assert _text(source.model_copy(update={"key": "other"})) == (
            "Untitled harm. (2023). Untitled harm. Site."
        )
    finally:
        monkeypatch.undo()
        assert citeproc_substitute.install()


HOSTILE = 'Evil }\n@misc{x, title={pwn}}\r\nER  - \nTY  - JOUR\u2028"<script>"'


def test_each_source_file_reads_back_as_one_record_with_its_fields() -> None:
    source = _source(
        key="hostile2024",
        entry_type="article",
        authors=[Person(family="O'Brien", given="Ann"), Person(literal="Group & Co")],
        title=HOSTILE,
        container="Journal of Tests",
        year="2024",
        volume="3",
        issue="2",
        pages="10–12",
        doi="10.1000/xyz",
        note="line one\nline two",
        design="rct",
    )
    library = bibtexparser.parse_string(source_bibtex(source))
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.key == "hostile2024"
    assert entry.fields_dict["doi"].value == "10.1000/xyz"
    assert "pwn" in entry.fields_dict["title"].value  # as text inside the one title
    [record] = rispy.loads(source_ris(source))
    assert record["type_of_reference"] == "JOUR"
    assert record["id"] == "hostile2024"
    assert record["title"] == " ".join(HOSTILE.split())
    assert record["authors"] == ["O'Brien, Ann", "Group & Co"]
    assert (record["start_page"], record["end_page"]) == ("10", "12")
    assert record["notes"] == ["line one line two"]
    assert source_ris(source).count("ER  - ") == 1


def test_a_source_file_is_named_by_its_key_and_nothing_else() -> None:
    assert source_download("who2024lmm", "ris") == "data/sources/who2024lmm.ris"
    for key in ("../x", "a/b", "A", "", "x.y", "..", "a\nb"):
        with pytest.raises(ValueError):
            source_download(key, "bib")
    with pytest.raises(ValueError):
        source_download("fine", "html")
