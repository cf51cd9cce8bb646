"""One payload of each class, in every field at once, opened in headless Chromium: no payload
may run. A payload that ran would set a `window.pwnd...` global (see tests/hostile_corpus.py).
Pages are loaded (on-load payloads: onerror, onload, autofocus/onfocus, animation events) and
every claim link is hovered (Material shows the evidence card as a tooltip)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chromium import chromium, require_browser, serving
from test_hostile_corpus import built_corpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ONE_PER_CLASS = [
    "tag-img-onerror",
    "tag-svg-onload",
    "attribute-breakout-double",
    "attr-list-braces",
    "escape-sequences",
    "comment-cdata",
    "template-syntax",
]
PAGES = [
    "/",
    "/topics/",
    "/topics/alpha/",
    "/claims/claim-one/",
    "/claims/incident-one/",
    "/claims/guardrail-one/",
    "/sources/smith2020trial/",
    "/sources/opinion-piece/",
    "/bibliography/",
    "/harm-cases/",
    "/guardrails/",
    "/articles/",
]
_PWNED = "return Object.keys(window).filter(k => k.startsWith('pwnd'));"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_browser()
    with chromium() as driver:
        yield driver


@pytest.mark.parametrize("payload", ONE_PER_CLASS)
def test_no_payload_runs_in_the_browser(browser: Any, payload: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    root, code, output = built_corpus(payload)
    assert code == 0, output
    with serving(root / "site") as base:
        for path in PAGES:
            browser.get(base + path)
            assert browser.find_element(By.TAG_NAME, "h1")  # the page is there
            for link in browser.find_elements(By.CSS_SELECTOR, "article a[title]")[:10]:
                ActionChains(browser).move_to_element(link).perform()
            assert browser.execute_script(_PWNED) == [], path
