"""The overviews as a policy adviser uses them, in headless Chromium on this repository's site:
harm cases and guardrails one click from the home page, the matrix at the top of the guardrails
page, its CSV downloaded, the evidence map with no horizontal scrolling, and pictures with
accessible names (issue 15, points 2 and 3)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest

from chromium import chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(site_url: str) -> Iterator[object]:
    with chromium() as driver:
        driver.set_window_size(1366, 900)
        yield driver


@pytest.mark.parametrize(
    ("link", "heading"),
    [("Harm cases", "Harm cases: every documented incident"), ("Guardrails", "Guardrails")],
)
def test_harm_cases_and_guardrails_are_one_click_from_home(
    browser, site_url: str, link: str, heading: str
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site_url + "/")
    start = browser.find_element(By.CSS_SELECTOR, "article nav.ekb-start")
    target = start.find_element(By.PARTIAL_LINK_TEXT, link)
    assert target.is_displayed()
    target.click()
    assert browser.find_element(By.TAG_NAME, "h1").text == heading


def test_the_matrix_is_seen_on_opening_the_guardrails_page(browser, site_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site_url + "/guardrails/")
    matrix = browser.find_element(By.CSS_SELECTOR, "article table.ekb-matrix")
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top;", matrix)
    assert top < 900 - 100, top  # its header and first rows in the first screen
    first_section = browser.find_element(By.CSS_SELECTOR, "article h2[id^='guardrail-']")
    assert matrix.location["y"] < first_section.location["y"]
    statuses = {e.text for e in matrix.find_elements(By.CSS_SELECTOR, "td a.ekb-status")}
    assert statuses <= {"adopted", "proposed", "debated", "rejected"} and "adopted" in statuses
    headers = matrix.find_elements(By.CSS_SELECTOR, "thead th[scope='col']")
    assert headers[0].text == "Jurisdiction or body" and headers[1].text.startswith("G1")


def test_the_adoptions_csv_downloads(browser, site_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(site_url + "/guardrails/")
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "Download every record (CSV)")
    browser.set_script_timeout(10)
    text = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text()).then(done, e => done('error: ' + e));",
        link.get_attribute("href"),
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["guardrail", "guardrail_title", "jurisdiction"]
    shown = browser.find_elements(By.CSS_SELECTOR, "table.ekb-matrix td a.ekb-status")
    assert len(rows) - 1 == len(shown) > 10


@pytest.mark.parametrize("width", [1280, 1366])
def test_the_evidence_map_fits_with_its_legend_beside_it(browser, site_url: str, width) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(width, 900)
    try:
        browser.get(site_url + "/")
        table = browser.find_element(By.CSS_SELECTOR, "table.ekb-map-table")
        legend = browser.find_element(By.CSS_SELECTOR, ".ekb-map-legend")
        box = "return arguments[0].getBoundingClientRect().toJSON();"
        table_box, legend_box = (browser.execute_script(box, e) for e in (table, legend))
        article = browser.execute_script(box, browser.find_element(By.TAG_NAME, "article"))
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth;"
        )
        assert overflow <= 0
        assert table_box["right"] <= article["right"] + 1
        assert legend_box["left"] >= table_box["right"]  # beside, not below
        assert legend_box["top"] < table_box["bottom"]
        cell = table.find_element(By.CSS_SELECTOR, "a.ekb-cell .ekb-grade")
        assert set(cell.text) <= {"⨁", "◯"} and len(cell.text) == 4
    finally:
        browser.set_window_size(1366, 900)


@pytest.mark.parametrize("path", ["/harm-cases/", "/articles/", "/sources/chen-limits-ai-healing/"])
def test_the_pictures_have_accessible_names(browser, site_url: str, path: str) -> None:
    browser.get(site_url + path)
    names = browser.execute_script(
        "return [...document.querySelectorAll('article svg[role=img]')].map(svg => {"
        "  const ids = (svg.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);"
        "  return (svg.getAttribute('aria-label') || ids.map("
        "    id => document.getElementById(id).textContent).join(' ')).trim();"
        "});"
    )
    assert names and all(len(name) > 20 for name in names), names
    hidden = browser.execute_script(
        "return [...document.querySelectorAll('article svg:not([role=img])')]"
        ".every(svg => svg.getAttribute('aria-hidden') === 'true');"
    )
    assert hidden  # legend swatches are decoration, their words are beside them


@pytest.mark.parametrize(
    "path", ["/", "/harm-cases/", "/guardrails/", "/articles/", "/sources/chen-limits-ai-healing/"]
)
def test_overview_pages_fit_a_phone(browser, site_url: str, path: str) -> None:
    browser.set_window_size(390, 844)
    try:
        browser.get(site_url + path)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth;"
        )
        assert overflow <= 0, (path, overflow)
    finally:
        browser.set_window_size(1366, 900)
