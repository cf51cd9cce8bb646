"""The Content Security Policy put into every built page: a second wall behind escaping.

Unit tests on tiny HTML folders; one real build; and, in headless Chromium, that the theme
still works under the policy and that a script injected into a page is refused.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from chromium import chromium, require_browser, serving
from conftest import REPO
from evidencekb.cli import main
from evidencekb.csp import (
    body_script_hashes,
    inline_scripts,
    meta_element,
    policy,
    script_hash,
    secure_site,
    with_policy,
)

THEME_SCRIPT = b"var palette=1"
NOT_FOUND = (
    b'<html><head><script>var scope="/"</script></head><body>'
    b"<script>" + THEME_SCRIPT + b"</script>"
    b'<script type="application/json">{"a": 1}</script>'
    b'<script src="bundle.js"></script></body></html>'
)
INJECTED = b"<script>window.__pwned2=1</script>"
PAGE = NOT_FOUND.replace(b"</body>", INJECTED + b"</body>")
PWNED = b'<img src=x onerror="window.__pwned=1">' + INJECTED
META = b'<meta http-equiv="Content-Security-Policy"'


def _site(tmp_path: Path, pages: dict[str, bytes]) -> Path:
    for name, html in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(html)
    return tmp_path


def test_policy_lists_each_directive_and_the_sorted_hashes() -> None:
    assert policy(["b=", "a=", "b="]) == (
        "default-src 'self'; script-src 'self' 'sha256-a=' 'sha256-b='; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'"
    )


def test_meta_content_is_escaped_for_a_double_quoted_attribute() -> None:
    assert meta_element('a"<&>') == (
        '<meta http-equiv="Content-Security-Policy" content="a&quot;&lt;&amp;&gt;">'
    )


def test_script_hash_is_the_base64_sha256_of_the_text_as_the_parser_sees_it() -> None:
    assert script_hash(b"alert(1)") == "bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
    assert script_hash(b"a\r\nb\rc") == script_hash(b"a\nb\nc")


def test_only_executable_inline_scripts_count() -> None:
    html = (
        b"<script>a</script><SCRIPT type='module'>b</SCRIPT>"
        b'<script type="text/javascript">c</script><script type=application/ld+json>d</script>'
        b'<script type="application/json">e</script><script src="x.js">f</script>'
        b"<script data-src=y>g</script>"
    )
    assert inline_scripts(html) == [b"a", b"b", b"c", b"g"]


def test_hashes_come_from_the_body_only() -> None:
    assert body_script_hashes(NOT_FOUND) == [script_hash(THEME_SCRIPT)]


def test_meta_goes_right_before_the_first_head_end_and_replaces_an_earlier_one() -> None:
    once = with_policy(b"<head><title>t</title></head><p></head>", b"<M1>")
    assert once == b"<head><title>t</title><M1></head><p></head>"
    meta = meta_element("default-src 'none'").encode()
    first = with_policy(b"<head></HEAD>", meta)
    assert with_policy(first, meta) == first == b"<head>" + meta + b"</HEAD>"
    other = meta_element("default-src 'self'").encode()
    assert with_policy(first, other) == b"<head>" + other + b"</HEAD>"
    assert with_policy(b"<p>no head", meta) == b"<p>no head"


def test_secure_site_allows_the_theme_scripts_and_not_an_injected_one(tmp_path: Path) -> None:
    site = _site(tmp_path, {"404.html": NOT_FOUND, "a/index.html": PAGE, "b.txt": b"<head>"})
    assert secure_site(site) == []
    page = (site / "a" / "index.html").read_bytes()
    expected = meta_element(policy([script_hash(THEME_SCRIPT)])).encode()
    assert page == PAGE.replace(b"</head>", expected + b"</head>")
    assert script_hash(b"window.__pwned2=1").encode() not in page
    assert (site / "404.html").read_bytes().count(META) == 1
    assert (site / "b.txt").read_bytes() == b"<head>"
    assert secure_site(site) == []
    assert (site / "a" / "index.html").read_bytes() == page


def test_without_404_no_inline_script_is_allowed_and_a_warning_says_so(tmp_path: Path) -> None:
    site = _site(tmp_path, {"index.html": PAGE})
    (warning,) = secure_site(site)
    assert "no 404.html" in warning
    assert b"script-src 'self'; " in (site / "index.html").read_bytes()


def test_warns_of_pages_without_head_end_or_with_an_extra_head_script(tmp_path: Path) -> None:
    head_injected = PAGE.replace(b"</head>", INJECTED + b"</head>")
    site = _site(tmp_path, {"404.html": NOT_FOUND, "x.html": b"<p>hi", "y.html": head_injected})
    assert secure_site(site) == [
        "Content Security Policy: no </head>, so no policy, in x.html",
        "Content Security Policy: an inline script in the head, before the policy, in y.html",
    ]


def _build_repo_site(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in ("claims", "sources", "docs"):
        shutil.copytree(REPO / name, root / name)
    for name in ("topics.yaml", "mkdocs.yml", "pyproject.toml"):
        shutil.copyfile(REPO / name, root / name)
    assert main(["build", "-C", str(root), "--strict"]) == 0
    return root / "site"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_repo_site(tmp_path_factory.mktemp("csp") / "kb")


@pytest.mark.slow
def test_every_built_page_has_one_policy_allowing_each_of_its_inline_scripts(
    built: Path,
) -> None:
    allowed = body_script_hashes((built / "404.html").read_bytes())
    assert len(allowed) >= 1
    expected = meta_element(policy(allowed)).encode() + b"</head>"
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_bytes()
        assert html.count(META) == 1 and expected in html, page
        assert set(body_script_hashes(html)) <= set(allowed), page


# --- in the browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(built: Path) -> Iterator[str]:
    require_browser()
    index = (built / "index.html").read_bytes()
    assert index.count(b"</article>") == 1
    (built / "pwned.html").write_bytes(index.replace(b"</article>", PWNED + b"</article>"))
    with serving(built) as url:
        yield url


@pytest.fixture(scope="module")
def browser(site_url: str) -> Iterator[object]:
    with chromium() as driver:
        yield driver


def _csp_messages(driver) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]


@pytest.mark.browser
def test_the_theme_works_under_the_policy(browser, site_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(site_url + "/")
    _csp_messages(browser)
    # The head script before the policy runs; the palette script after it runs by its hash.
    assert browser.execute_script("return typeof __md_scope") == "object"
    palette = '{"index": 0, "color": {"media": "", "ekbprobe": "ran"}}'
    browser.execute_script("localStorage.setItem('/.__palette', arguments[0])", palette)
    browser.refresh()
    probe = browser.find_element(By.TAG_NAME, "body").get_attribute("data-md-color-ekbprobe")
    browser.execute_script("localStorage.removeItem('/.__palette')")
    assert probe == "ran"
    browser.find_element(By.CSS_SELECTOR, "label.md-search__icon, .md-search__input").click()
    browser.find_element(By.CSS_SELECTOR, "input.md-search__input").send_keys("dwarfing")
    WebDriverWait(browser, 10).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, ".md-search-result__item"))
    )
    assert "outcome variance" in browser.find_element(By.CSS_SELECTOR, ".md-search-result").text
    browser.get(site_url + "/")
    link = browser.find_element(By.CSS_SELECTOR, ".md-sidebar--primary a[href$='methodology/']")
    browser.execute_script("arguments[0].click()", link)
    WebDriverWait(browser, 10).until(lambda d: "/methodology/" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Methodology"
    browser.get(site_url + "/methodology/#verdicts")
    assert browser.execute_script("return typeof __md_get") == "function"
    assert _csp_messages(browser) == []


@pytest.mark.browser
def test_an_injected_script_and_handler_are_refused(browser, site_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site_url + "/")
    _csp_messages(browser)
    browser.get(site_url + "/pwned.html")
    browser.find_element(By.CSS_SELECTOR, "article img[onerror]")
    browser.execute_script("return new Promise(r => setTimeout(r, 300))")
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return typeof window.__pwned2") == "undefined"
    refused = _csp_messages(browser)
    assert any("inline event handler" in m for m in refused), refused
    assert any("inline script" in m for m in refused), refused


@pytest.mark.browser
def test_without_the_policy_the_same_injection_would_run(
    browser,
    site_url: str,
    built: Path,
) -> None:
    html = (built / "pwned.html").read_bytes()
    start = html.index(META)
    bare = html[:start] + html[html.index(b">", start) + 1 :]
    (built / "bare.html").write_bytes(bare)
    browser.get(site_url + "/bare.html")
    browser.execute_script("return new Promise(r => setTimeout(r, 300))")
    assert browser.execute_script("return window.__pwned2") == 1
    assert browser.execute_script("return window.__pwned") == 1
