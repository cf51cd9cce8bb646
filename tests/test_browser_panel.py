"""The verdict panel as a reader meets it, in headless Chromium, on the repository's own built
knowledge base: the clinician's question answered within two clicks of the home page, the panel
above the fold on a laptop and on a phone, and her question typed into search finding the claim.

Skipped with a reason when no browser is installed, but failing under CI=true.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from chromium import chromium
from conftest import REPO

pytestmark = pytest.mark.browser

CLAIM = "chatbots-cannot-form-alliance"
CLAIM_FILE = REPO / "claims" / "alliance" / f"{CLAIM}.yaml"
QUESTION = "can chatbots form a therapeutic alliance"
SIZES = [(1366, 900), (390, 844)]


@pytest.fixture(scope="module")
def site(repository_site: Path) -> Path:
    """The repository's knowledge base, built once for the test session."""
    return repository_site


@pytest.fixture(scope="module")
def browser(site_url: str) -> Iterator[Any]:
    with chromium() as driver:
        yield driver


def _viewport(driver: Any, width: int, height: int) -> None:
    """The window sized so that the page's viewport is width x height."""
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight];")
    driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])


def _tallest_panels(site: Path, count: int = 8) -> list[str]:
    """The claims whose title and panel hold the most text (the tallest panels), then an
    incident, an untestable claim and the clinician's: every page would take a minute."""
    sizes: dict[str, int] = {}
    for page in (site / "claims").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        title = html.split('<h1 id="claim-title">', 1)[1].split("</h1>", 1)[0]
        panel = html.split('<section class="ekb-panel', 1)[1].split("</section>", 1)[0]
        sizes[page.parent.name] = len(re.sub(r"<[^>]+>", "", title + panel))
    assert len(sizes) > 40
    tallest = sorted(sizes, key=lambda claim: -sizes[claim])[:count]
    return [*tallest, "incident-raine-openai-2025", "chatbots-lack-reciprocal-alliance", CLAIM]


def _expected_sentence() -> str:
    """The claim's answer as its file says it, whitespace as the page shows it."""
    claim = yaml.safe_load(CLAIM_FILE.read_text(encoding="utf-8"))
    assert claim.get("answer"), f"{CLAIM} has no answer"
    return " ".join(claim["answer"].split())


def test_clinician_reaches_the_answer_in_two_clicks(browser: Any, site_url: str) -> None:
    from selenium.webdriver.common.by import By

    _viewport(browser, 1366, 900)
    browser.get(site_url + "/")
    target = f"a[href$='claims/{CLAIM}/']"
    clicks = 0
    if not browser.find_elements(By.CSS_SELECTOR, f"article {target}"):
        browser.find_element(By.LINK_TEXT, "Therapeutic alliance").click()
        clicks += 1
    browser.find_element(By.CSS_SELECTOR, f"article {target}").click()
    clicks += 1
    assert clicks <= 2
    answer = browser.find_element(By.CSS_SELECTOR, ".ekb-panel-answer")
    assert answer.is_displayed()
    assert answer.text == _expected_sentence()
    bottom = browser.execute_script("return arguments[0].getBoundingClientRect().bottom;", answer)
    assert bottom <= browser.execute_script("return window.innerHeight;")


@pytest.mark.parametrize("size", SIZES, ids=["1366x900", "390x844"])
def test_the_tallest_verdict_panels_are_first_and_above_the_fold(
    browser: Any, site_url: str, site: Path, size: tuple[int, int]
) -> None:
    from selenium.webdriver.common.by import By

    _viewport(browser, *size)
    try:
        for claim in _tallest_panels(site):
            browser.get(f"{site_url}/claims/{claim}/")
            panel = browser.find_element(By.CSS_SELECTOR, "article .ekb-panel")
            first = browser.execute_script(
                "const next = document.querySelector('article h1').nextElementSibling;"
                "return next !== null && next.classList.contains('ekb-panel');"
            )
            assert first, f"{claim}: the panel is not the first thing under the title"
            box = browser.execute_script(
                "const r = arguments[0].getBoundingClientRect();"
                "return [r.top, r.bottom, window.innerHeight];",
                panel,
            )
            assert 0 < box[0] < box[1] <= box[2], (claim, size, box)
            assert panel.find_element(
                By.CSS_SELECTOR, ".ekb-panel-verdict .ekb-badge"
            ).is_displayed()
    finally:
        _viewport(browser, 1280, 1000)


QUESTIONS = [
    (QUESTION, CLAIM, "Contradicted"),
    ("how much of therapy outcome does the alliance explain", "alliance-outcome-variance", None),
    ("7-14% of outcome variance", "alliance-outcome-variance", None),
    ("do therapy chatbots work", "chatbot-modest-efficacy-depression-anxiety", "Supported"),
    ("do chatbot benefits fade", "chatbot-gains-fade-at-follow-up", None),
    ("where is AI therapy banned", "guardrail-no-ai-clinical-assessment", None),
    ("can people get attached to a chatbot", "chatbots-do-not-meet-attachment-needs", None),
    ("can AI judge suicide risk", "harm-ai-lacks-risk-judgment", None),
]
"""Questions as readers type them, each with the claim it asks about (and, for some, the
verdict its search result must start with)."""


@pytest.mark.parametrize(("question", "claim", "verdict"), QUESTIONS)
def test_a_question_typed_into_search_finds_its_claim_in_the_first_three(
    browser: Any, site_url: str, question: str, claim: str, verdict: str | None
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    _viewport(browser, 1366, 900)
    browser.get(site_url + "/")
    browser.find_element(By.CSS_SELECTOR, "label.md-search__icon, .md-search__input").click()
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.send_keys(question)
    WebDriverWait(browser, 10).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, ".md-search-result__item"))
    )
    # Material updates the results as the words arrive: wait until they settle.
    WebDriverWait(browser, 10).until(lambda _: _settled(browser))
    items = browser.find_elements(By.CSS_SELECTOR, "li.md-search-result__item")[:3]
    links = [item.find_element(By.TAG_NAME, "a").get_attribute("href") for item in items]
    assert any(f"/claims/{claim}/" in link for link in links), (question, links)
    if verdict:
        hit = next(i for i, link in zip(items, links, strict=True) if f"/claims/{claim}/" in link)
        lines = hit.text.split("\n")
        # the page title, the question if it matched, then the verdict before anything else
        assert any(line.startswith(verdict) for line in lines[1:3]), lines[:4]


def _settled(browser: Any) -> bool:
    """True once the search results have stayed the same for half a second."""
    import time

    from selenium.webdriver.common.by import By

    first = browser.find_element(By.CSS_SELECTOR, ".md-search-result").text
    time.sleep(0.5)
    return bool(first) and browser.find_element(By.CSS_SELECTOR, ".md-search-result").text == first
