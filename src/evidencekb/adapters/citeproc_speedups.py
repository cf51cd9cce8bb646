"""Memoised style lookups for citeproc-py (with `citeproc_substitute`, the only modules that
know its internals).

citeproc-py finds macros, terms and ancestors by evaluating an XPath expression on the style on
every use (130,000 times for 500 references), and asks every group, macro and condition whether
it calls a variable by walking its whole subtree again (140,000 calls for 250 references):
about two thirds of its time. The style never changes while references are formatted, so each
(element, expression) gives the same elements and each element the same answer every time.
The caches' keys hold lxml's element proxies, which keeps them (and so their identity) alive.

This replaces `citeproc.model.CitationStylesElement.xpath_search` and the `calls_variable` of
`model.Parent` and `model.Text`, so it is applied only to the releases it was written and tested
for (0.6 to 0.11.x); on any other release, or if those methods are not there, nothing is patched
and citeproc-py formats references as it is, only slower. tests/test_adapters.py holds the
output to what citeproc-py gives without the caches, and runs the unpatched path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from evidencekb.adapters import versions

WRITTEN_FOR = ((0, 6), (0, 12))
_CALLERS = ("Parent", "Text")  # the two kinds whose calls_variable looks into other elements
_PATCHED = (("CitationStylesElement", "xpath_search"), *((k, "calls_variable") for k in _CALLERS))


def install() -> bool:
    """Memoise citeproc-py's style lookups if its release is one this was written for.

    Returns whether they are memoised (now or already). Call it before formatting references
    (and before worker processes start, so they inherit it).
    """
    if installed():
        return True
    if not versions.written_for("citeproc-py", *WRITTEN_FOR, what="memoised style lookups"):
        return False
    from citeproc import model

    element = getattr(model, "CitationStylesElement", None)
    callers = [getattr(model, name, None) for name in _CALLERS]
    if not hasattr(element, "xpath_search") or not all(
        hasattr(kind, "calls_variable") for kind in callers
    ):
        versions.log.info("citeproc-py: style lookups not found; memoised lookups left out")
        return False
    element.xpath_search = _memoised_xpath_search(element.xpath_search)  # type: ignore[union-attr]
    for kind in callers:
        kind.calls_variable = _memoised_calls_variable(kind.calls_variable)  # type: ignore[union-attr]
    return True


def installed() -> bool:
    """Whether citeproc-py's style lookups are memoised in this process."""
    from citeproc import model

    search = getattr(getattr(model, "CitationStylesElement", None), "xpath_search", None)
    return getattr(search, "memoised", False)


def uninstall() -> None:
    """Put citeproc-py's own methods back (the caches go with the memoised ones)."""
    from citeproc import model

    versions.restore(model, _PATCHED)


def _memoised_xpath_search(evaluate: Callable[[Any, str], list]) -> Callable[[Any, str], list]:
    found: dict[tuple[object, str], list] = {}

    def xpath_search(self: object, expression: str) -> list:
        key = (self, expression)
        if key not in found:
            found[key] = evaluate(self, expression)
        return list(found[key])

    xpath_search.memoised = True  # type: ignore[attr-defined]
    xpath_search.original = evaluate  # type: ignore[attr-defined]
    return xpath_search


def _memoised_calls_variable(calls_variable: Callable[[Any], bool]) -> Callable[[Any], bool]:
    answers: dict[object, bool] = {}

    def memoised(self: object) -> bool:
        if self not in answers:
            answers[self] = calls_variable(self)
        return answers[self]

    memoised.memoised = True  # type: ignore[attr-defined]
    memoised.original = calls_variable  # type: ignore[attr-defined]
    return memoised
