"""Every page of the built site, read as a reader would, in headless Chromium: on a phone
(390x844) nothing scrolls sideways and no table is wider than the page; axe-core finds no
serious or critical violation in the light scheme (at phone width) nor in the dark one (at
1366x900); the header's toggle switches the scheme and remembers it; printing keeps every column
of a table; the contributor pages are grouped after the readers' pages in the navigation.

Skipped with a reason when no browser (or axe-core) is installed, but failing under CI=true.
Each site-wide pass is run once per module and timed (`pytest -s` prints the times).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chromium import built_repository, chromium, emulate, serving, site_paths, viewport
from conftest import REPO

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCHEME = {"light": "default", "dark": "slate"}
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SEARCH_INDEX = ["*/search/search_index.json", "*/workers/search.*"]
CONTRIBUTOR_PAGES = [
    "Contributing",
    "Rules",
    "Command line",
    "Architecture",
    "Performance",
    "Security",
    "Versions and releases",
]

# Whatever is wider than the content area or scrolls sideways. A code block (<pre>) may scroll
# inside itself, as the theme makes it do, as long as its own box fits.
OVERFLOW = """
const content = document.querySelector('.md-content').getBoundingClientRect();
const found = [];
const page = document.documentElement.scrollWidth - document.documentElement.clientWidth;
if (page > 0) found.push('the page scrolls sideways by ' + page + 'px');
const boxes = '.md-content :is(table, .md-typeset__scrollwrap, figure, svg, img, pre, iframe)';
for (const el of document.querySelectorAll(boxes)) {
  const box = el.getBoundingClientRect();
  if (box.width === 0) continue;
  const name = el.tagName.toLowerCase() + (el.className.baseVal ?? el.className
    ? '.' + String(el.className.baseVal ?? el.className).trim().split(/\\s+/).join('.') : '');
  if (box.left < content.left - 1 || box.right > content.right + 1)
    found.push(name + ' is ' + Math.round(box.width) + 'px wide, wider than the page');
  else if (el.tagName !== 'PRE' && el.scrollWidth > el.clientWidth + 1)
    found.push(name + ' scrolls sideways (' + el.scrollWidth + 'px in ' + el.clientWidth + ')');
}
return found;
"""

# axe-core on the whole page: every WCAG 2.1 A and AA rule and the best practices, or (for the
# second scheme, which changes only colours) the rules about colour.
AXE_RUN = """
const done = arguments[arguments.length - 1];
const only = arguments[0] ? {type: 'rule', values: arguments[0]}
  : {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']};
axe.run(document, {runOnly: only, resultTypes: ['violations']})
  .then(r => done(r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
  .catch(e => done(['axe-error: ' + e]));
"""

# Every table cell printed: shown, with a width, inside the page and not cut by a scroll box.
PRINTED_CELLS = """
const width = document.documentElement.clientWidth;
const hidden = '[class*="visually-hidden"], [class*="sr-only"]';
const cut = [];
let cells = 0;
for (const cell of document.querySelectorAll('article :is(th, td)')) {
  if (cell.closest(hidden)) continue;
  cells += 1;
  const box = cell.getBoundingClientRect();
  const style = getComputedStyle(cell);
  let clipped = null;
  for (let up = cell.parentElement; up && up.tagName !== 'ARTICLE'; up = up.parentElement) {
    if (getComputedStyle(up).overflowX !== 'visible' && up.scrollWidth > up.clientWidth + 1)
      clipped = up;
  }
  if (style.display === 'none' || style.visibility === 'hidden' || box.width <= 0
      || box.left < 0 || box.right > width + 1 || clipped)
    cut.push(cell.textContent.trim().slice(0, 40) + ' @' + Math.round(box.left) + '-'
      + Math.round(box.right) + (clipped ? ' cut by ' + clipped.className : ''));
}
return [cells, cut];
"""


def _require_axe() -> None:
    if AXE.is_file():
        return
    reason = "axe-core not installed: run `npm install` in the repository"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


def _built(tmp_path_factory: pytest.TempPathFactory, *engine: str) -> Path:
    """This repository's knowledge base, built (by MkDocs unless an engine is named)."""
    return built_repository(tmp_path_factory.mktemp("layout"), *engine)


@pytest.fixture(scope="module")
def site(repository_site: Path) -> Path:
    return repository_site


@pytest.fixture(scope="module")
def browser(site_url: str) -> Iterator[Any]:
    """One browser for the module; axe-core, where installed, is put into every page it loads."""
    with chromium() as driver:
        if AXE.is_file():
            source = AXE.read_text(encoding="utf-8")
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
        driver.set_script_timeout(60)
        yield driver


def _read_as(driver: Any, url: str, scheme: str) -> None:
    """The reader's system scheme set and no choice of the toggle remembered."""
    emulate(driver, scheme=scheme)
    driver.get(url + "/")
    driver.execute_script("localStorage.clear()")


def _scheme(driver: Any) -> str:
    return str(driver.execute_script("return document.body.dataset.mdColorScheme"))


def _pass(driver: Any, site: Path, url: str, scheme: str, first: bool) -> dict[str, Any]:
    """Every page in one colour scheme: on the first pass what sticks out and all of axe-core's
    rules, on the second the rules about colour. The search index is not loaded: the theme's
    search worker indexing the site on every page would take most of the time."""
    _read_as(driver, url, scheme)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": SEARCH_INDEX})
    rules = None if first else COLOUR_RULES
    started, found = time.perf_counter(), {}
    try:
        for path in site_paths(site):
            driver.get(url + path)
            found[path] = {
                "scheme": _scheme(driver),
                "overflow": driver.execute_script(OVERFLOW) if first else [],
                "axe": driver.execute_async_script(AXE_RUN, rules) if AXE.is_file() else [],
            }
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    print(f"\n{len(found)} pages, {scheme} scheme: {time.perf_counter() - started:.0f} s")
    return found


@pytest.fixture(scope="module")
def on_a_phone(browser: Any, site: Path, site_url: str) -> Iterator[dict[str, Any]]:
    """Every page at 390x844 in the light scheme."""
    viewport(browser, 390, 844)
    try:
        yield _pass(browser, site, site_url, "light", first=True)
    finally:
        viewport(browser, 1366, 900)


@pytest.fixture(scope="module")
def in_the_dark(browser: Any, site: Path, site_url: str) -> Iterator[dict[str, Any]]:
    """Every page at 1366x900 in the dark scheme."""
    viewport(browser, 1366, 900)
    try:
        yield _pass(browser, site, site_url, "dark", first=False)
    finally:
        emulate(browser, scheme="light")


def test_the_whole_site_is_crawled(site: Path) -> None:
    paths = site_paths(site)
    assert {"/", "/harm-cases/", "/claims/alliance-outcome-variance/"} <= set(paths)
    assert len(paths) >= 150


def test_no_page_scrolls_sideways_or_has_a_table_wider_than_a_phone(
    on_a_phone: dict[str, Any],
) -> None:
    wide = {path: page["overflow"] for path, page in on_a_phone.items() if page["overflow"]}
    assert wide == {}, f"{len(wide)} of {len(on_a_phone)} pages: {wide}"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/claims/alliance-outcome-variance/",
        "/harm-cases/",
        "/guardrails/",
        "/rules/",
        "/performance/",
        "/methodology/",
    ],
)
def test_pages_fit_a_phone_without_script(browser: Any, site_url: str, path: str) -> None:
    """Tables without data-label (the docs pages' Markdown) wrap when no script labels them."""
    viewport(browser, 390, 844)
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(site_url + path)
        wide = browser.execute_script(OVERFLOW)
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        viewport(browser, 1366, 900)
    assert wide == []


def test_no_serious_accessibility_violation_in_the_light_scheme(
    on_a_phone: dict[str, Any],
) -> None:
    _require_axe()
    assert {page["scheme"] for page in on_a_phone.values()} == {SCHEME["light"]}
    found = {path: page["axe"] for path, page in on_a_phone.items() if page["axe"]}
    assert found == {}, f"{len(found)} of {len(on_a_phone)} pages: {found}"


def test_no_serious_accessibility_violation_in_the_dark_scheme(
    in_the_dark: dict[str, Any],
) -> None:
    _require_axe()
    assert {page["scheme"] for page in in_the_dark.values()} == {SCHEME["dark"]}
    found = {path: page["axe"] for path, page in in_the_dark.items() if page["axe"]}
    assert found == {}, f"{len(found)} of {len(in_the_dark)} pages: {found}"


def _toggle(driver: Any) -> None:
    from selenium.webdriver.common.by import By

    labels = driver.find_elements(By.CSS_SELECTOR, "form[data-md-component=palette] label")
    [shown] = [label for label in labels if label.is_displayed()]
    shown.click()


def test_the_toggle_switches_the_scheme_and_remembers_it(browser: Any, site_url: str) -> None:
    viewport(browser, 1366, 900)
    _read_as(browser, site_url, "light")
    try:
        browser.get(site_url + "/claims/alliance-outcome-variance/")
        assert _scheme(browser) == "default"  # the system's setting
        seen = []
        for _ in range(3):  # automatic -> light -> dark -> automatic
            _toggle(browser)
            seen.append(_scheme(browser))
        assert seen == ["default", "slate", "default"]
        _toggle(browser)
        _toggle(browser)
        browser.get(site_url + "/harm-cases/")
        assert _scheme(browser) == "slate"  # the reader's choice, on the next page
        _toggle(browser)  # back to automatic: the system's setting, whichever it is
        for system, scheme in SCHEME.items():
            emulate(browser, scheme=system)
            browser.get(site_url + "/")
            assert _scheme(browser) == scheme
    finally:
        _read_as(browser, site_url, "light")


@pytest.mark.parametrize("path", ["/harm-cases/", "/claims/alliance-outcome-variance/"])
def test_printing_keeps_every_column(browser: Any, site_url: str, path: str) -> None:
    viewport(browser, 718, 1000)  # A4 less the margins, at 96 CSS pixels to the inch
    emulate(browser, media="print")
    try:
        browser.get(site_url + path)
        cells, cut = browser.execute_script(PRINTED_CELLS)
    finally:
        emulate(browser)
        viewport(browser, 1366, 900)
    assert cells >= 10
    assert cut == []


def test_contributor_pages_come_after_the_readers_pages_under_one_heading(
    browser: Any, site_url: str
) -> None:
    viewport(browser, 1366, 900)
    browser.get(site_url + "/")
    top = browser.execute_script(
        "return [...document.querySelectorAll("
        "'.md-nav--primary > .md-nav__list > .md-nav__item')].map(item => [item.querySelector("
        "'.md-nav__link').textContent.trim(), [...item.querySelectorAll('.md-nav__item')]"
        ".map(sub => sub.textContent.trim())])"
    )
    headings = [label for label, _ in top]
    assert headings[0] == "Home" and headings[-1] == "For contributors"
    assert not set(CONTRIBUTOR_PAGES) & set(headings)
    assert top[-1][1] == CONTRIBUTOR_PAGES


ZENSICAL_PAGES = ["/", "/claims/alliance-outcome-variance/", "/harm-cases/", "/rules/"]


def test_zensical_builds_the_same_layout_and_schemes(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Zensical reads the same mkdocs.yml and stylesheets: a few pages fit a phone and pass
    axe-core in both schemes (its theme's footer and navigation colours differ from Material's)."""
    pytest.importorskip("zensical")
    _require_axe()
    site = _built(tmp_path_factory, "--engine", "zensical")
    found = {}
    with serving(site) as url:
        for scheme, (width, height), rules in (
            ("light", (390, 844), None),
            ("dark", (1366, 900), COLOUR_RULES),
        ):
            viewport(browser, width, height)
            _read_as(browser, url, scheme)
            for path in ZENSICAL_PAGES:
                browser.get(url + path)
                assert _scheme(browser) == SCHEME[scheme]
                wide = browser.execute_script(OVERFLOW) if scheme == "light" else []
                axe = browser.execute_async_script(AXE_RUN, rules)
                if wide or axe:
                    found[f"{scheme} {path}"] = wide + axe
        _read_as(browser, url, "light")
    viewport(browser, 1366, 900)
    assert found == {}
