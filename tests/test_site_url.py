"""site_url: from pyproject.toml, EVIDENCEKB_SITE_URL or `build --site-url`; checked as an
http(s) URL; with it the claim pages' citation and ClaimReview, the engine's sitemap and
canonical links carry the site's addresses, and a build without one says so."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import bibtexparser
import pytest
import rispy

from chromium import chromium, serving
from conftest import REPO, make_scenario
from evidencekb.cli import main
from evidencekb.load import ConfigError, load_settings

SITE = "https://owner.github.io/kb/"
NOTE = "note: no site_url set: citations, canonical links, the sitemap and ClaimReview carry no URL"


def _kb(tmp_path: Path, site_url: str | None = None) -> Path:
    root = make_scenario(tmp_path / "kb")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n")[0]
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")  # its pages are not the fixture's
    with (root / "docs" / "methodology.md").open("a", encoding="utf-8") as methodology:
        methodology.write("\n## Data and exports\n\nThe data.\n\n## Incidents\n\nEvents.\n")
    if site_url is not None:
        pyproject = root / "pyproject.toml"
        pyproject.write_text(
            pyproject.read_text(encoding="utf-8") + f'site_url = "{site_url}"\n', encoding="utf-8"
        )
    return root


@pytest.mark.parametrize(
    "value",
    [
        "ftp://example.org/",
        "example.org",
        "javascript:alert(1)",
        "https://",
        "https://a b/",
        'https://x/"><script>',
        "https://x/?a=1",
        "https://user@x/",
    ],
)
def test_a_bad_site_url_is_a_configuration_error_that_says_what_is_wrong(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _kb(tmp_path)
    assert main(["build", "-C", str(root), "--engine", "none", "--site-url", value]) == 2
    error = capsys.readouterr().err
    assert "--site-url" in error and "must be an http(s) URL" in error
    assert "Traceback" not in error
    assert not (root / "build").exists()


def test_the_setting_is_checked_and_the_environment_and_option_override_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _kb(tmp_path, "https://set.example.org/")
    monkeypatch.delenv("EVIDENCEKB_SITE_URL", raising=False)
    assert load_settings(root).site_url == "https://set.example.org/"
    monkeypatch.setenv("EVIDENCEKB_SITE_URL", "https://env.example.org/kb/")
    assert load_settings(root).site_url == "https://env.example.org/kb/"
    assert load_settings(root, "http://localhost:8000/").site_url == "http://localhost:8000/"
    monkeypatch.setenv("EVIDENCEKB_SITE_URL", "")  # empty: not set
    assert load_settings(root).site_url == "https://set.example.org/"
    monkeypatch.setenv("EVIDENCEKB_SITE_URL", "file:///etc/")
    with pytest.raises(ConfigError, match="EVIDENCEKB_SITE_URL"):
        load_settings(root)
    bad = _kb(tmp_path / "bad", "mailto:x@example.org")
    monkeypatch.delenv("EVIDENCEKB_SITE_URL")
    with pytest.raises(ConfigError, match=r"pyproject.toml \[tool.evidencekb\]: site_url"):
        load_settings(bad)


def test_a_build_without_a_site_url_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EVIDENCEKB_SITE_URL", raising=False)
    root = _kb(tmp_path)
    assert main(["build", "-C", str(root), "--engine", "none"]) == 0
    assert capsys.readouterr().err.count(NOTE) == 1
    assert main(["build", "-C", str(root), "--engine", "none", "--site-url", SITE]) == 0
    assert NOTE not in capsys.readouterr().err


def _cite(page: str) -> str:
    """The text of a claim page's citation, tags dropped."""
    found = re.search(r'<p class="ekb-cite"[^>]*>(.*?)</p>', page, re.DOTALL)
    assert found, "no citation"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture knowledge base built as CI builds it for Pages: with the site's address."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("EVIDENCEKB_SITE_URL", SITE)
        root = _kb(tmp_path_factory.mktemp("published"))
        assert main(["build", "-C", str(root), "--strict"]) == 0
    return root


@pytest.mark.slow
def test_with_a_site_url_citations_claimreview_sitemap_and_canonical_links_carry_it(
    published: Path,
) -> None:
    root = published
    permalink = f"{SITE}claims/claim-one/"
    markdown = (root / "build/docs/claims/claim-one.md").read_text(encoding="utf-8")
    cite = _cite(markdown)
    assert cite.startswith("Evidence knowledge base. (")  # the site (default name): the author
    assert cite.endswith(permalink)
    page = (root / "site/claims/claim-one/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{permalink}">' in page
    [ld] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert json.loads(ld)["url"] == permalink
    sitemap = (root / "site/sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert permalink in locs and f"{SITE}bibliography/" in locs
    assert all(loc.startswith(SITE) for loc in locs)


@pytest.mark.slow
def test_without_a_site_url_the_sitemap_is_empty_and_the_citation_links_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EVIDENCEKB_SITE_URL", raising=False)
    root = _kb(tmp_path)
    assert main(["build", "-C", str(root), "--strict"]) == 0
    markdown = (root / "build/docs/claims/claim-one.md").read_text(encoding="utf-8")
    assert _cite(markdown).endswith("Permalink")
    assert "data-ekb-copy-href" in markdown  # copied as the address the reader has
    page = (root / "site/claims/claim-one/index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page
    assert "<loc>" not in (root / "site/sitemap.xml").read_text(encoding="utf-8")


# --- in the browser: what a reader does with a citation ----------------------------------


def _click_copy(driver: object, selector: str) -> str:
    """Click the copy button, return what the clipboard then holds and what the page said."""
    button = driver.find_element("css selector", selector)  # type: ignore[attr-defined]
    assert button.is_displayed() and button.accessible_name
    button.click()
    status = button.find_element("xpath", "following-sibling::*[1]")
    clipboard = driver.execute_script("return navigator.clipboard.readText()")  # type: ignore[attr-defined]
    return f"{clipboard}\n{status.text}"


@pytest.mark.slow
@pytest.mark.browser
def test_a_reader_copies_a_claims_citation_and_a_sources_reference_and_files(
    published: Path,
) -> None:
    with serving(published / "site") as base, chromium() as driver:
        permissions = ["clipboardReadWrite", "clipboardSanitizedWrite"]
        driver.execute_cdp_cmd("Browser.grantPermissions", {"permissions": permissions})
        driver.get(base + "/claims/claim-one/")
        copied, said = _click_copy(driver, "button.ekb-copy").split("\n")
        assert copied.startswith("Evidence knowledge base. (")
        assert copied.endswith(f"{SITE}claims/claim-one/") and "<" not in copied
        assert said == "Copied to the clipboard."
        driver.get(base + "/sources/smith2020trial/")
        reference = driver.find_element("css selector", ".ekb-reference").text
        copied, _ = _click_copy(driver, ".ekb-downloads button.ekb-copy").split("\n")
        assert copied == " ".join(reference.split())
        links = driver.find_elements("css selector", ".ekb-downloads a[download]")
        files = {
            link.text: urllib.request.urlopen(link.get_attribute("href")).read() for link in links
        }
        [entry] = bibtexparser.parse_string(files["BibTeX (.bib)"].decode()).entries
        assert entry.key == "smith2020trial"
        [record] = rispy.loads(files["RIS (.ris)"].decode())
        assert record["id"] == "smith2020trial"
        driver.get(base + "/bibliography/")
        buttons = driver.find_elements("css selector", ".ekb-bibliography button.ekb-copy")
        assert len(buttons) == 3
        assert all(b.accessible_name.startswith("Copy reference: ") for b in buttons)


@pytest.mark.slow
@pytest.mark.browser
def test_without_script_there_is_no_dead_button_and_the_citation_stays(published: Path) -> None:
    with serving(published / "site") as base, chromium() as driver:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        driver.get(base + "/claims/claim-one/")
        assert not driver.find_element("css selector", "button.ekb-copy").is_displayed()
        cite = driver.find_element("css selector", ".ekb-cite").text
        assert cite.endswith(f"{SITE}claims/claim-one/")
