"""The identifier rules accept a plain DOI or PMID without importing idutils (whose import
compiles large IRI expressions); what they accept that way, idutils accepts too."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO
from evidencekb.rules.identifiers import _PLAIN_DOI

DOI_LIKE = st.from_regex(r"10\.[0-9]{1,6}(\.[0-9]{1,3})?/.{1,20}", fullmatch=True)


@settings(deadline=None)
@given(st.one_of(DOI_LIKE, st.text(max_size=30)))
def test_a_doi_accepted_without_idutils_is_one_idutils_accepts(doi: str) -> None:
    import idutils

    if _PLAIN_DOI.fullmatch(doi):
        assert idutils.is_doi(doi)


def test_checking_this_knowledge_base_does_not_import_idutils() -> None:
    code = (
        "import sys; from pathlib import Path; from evidencekb.project import Project; "
        f"Project(Path({str(REPO)!r})).check(); print('idutils' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
