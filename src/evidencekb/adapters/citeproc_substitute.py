"""Substituted variables suppressed in the rest of a reference, as CSL 1.0.2 says, in citeproc-py.

CSL: "Substituted variables are suppressed in the rest of the output to prevent duplication"
(`cs:substitute`). citeproc-py suppresses a substituted variable only when the child of
`cs:substitute` that rendered names it itself (`<text variable="publisher"/>`), not when that
child is a macro (`<text macro="author-title-substitute"/>`), which is how the APA 7 style moves
the title of a work without an author to the author position. So every such reference printed
its title twice: "Title. (2023). Title. Site. URL" where APA 7 has "Title. (2023). Site. URL".

This records which variables produced text while `cs:substitute` rendered (wrapping
`citeproc.model.Text._variable`), and suppresses them in the rest of the reference as
citeproc-py does for a variable named directly (`Layout.repressed`, reset for every reference).
It replaces two of citeproc-py's private methods, so it is applied only to the releases it was
written and tested for (`WRITTEN_FOR`); on any other release nothing is patched (one log line)
and those references repeat their title again. tests/test_citations.py holds the exact text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from evidencekb.adapters import versions

WRITTEN_FOR = ((0, 6), (0, 12))
_PATCHED = (("Substitute", "render"), ("Text", "_variable"))
_recording: list[list[tuple[str, str]]] = []  # one list per cs:substitute being rendered


def install() -> bool:
    """Suppress variables rendered through a substitute macro, on the releases written for.

    Returns whether it is in effect (now or already). Call it before formatting references (and
    before worker processes start, so they inherit it)."""
    if installed():
        return True
    if not versions.written_for(
        "citeproc-py", *WRITTEN_FOR, what="suppression of variables substituted by a macro"
    ):
        return False
    from citeproc import model

    owners = [getattr(model, owner, None) for owner, _ in _PATCHED]
    if not all(hasattr(owner, method) for owner, (_, method) in zip(owners, _PATCHED, strict=True)):
        versions.log.info("citeproc-py: cs:substitute not found; suppression left out")
        return False
    substitute, text = owners
    substitute.render = _suppressing_render(substitute.render)  # type: ignore[union-attr]
    text._variable = _recorded_variable(text._variable)  # type: ignore[union-attr]
    return True


def installed() -> bool:
    from citeproc import model

    render = getattr(getattr(model, "Substitute", None), "render", None)
    return getattr(render, "suppressing", False)


def uninstall() -> None:
    """Put citeproc-py's own methods back."""
    from citeproc import model

    versions.restore(model, _PATCHED)


def _suppressing_render(render: Callable[..., Any]) -> Callable[..., Any]:
    def suppressing(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        _recording.append([])
        try:
            text = render(self, item, context=context, **kwargs)
        finally:
            rendered = _recording.pop()
        if text and context is not None:
            repressed = context.get_layout().repressed
            for tag, variable in rendered:
                repressed.setdefault(tag, []).append(variable)
        return text

    suppressing.suppressing = True  # type: ignore[attr-defined]
    suppressing.original = render  # type: ignore[attr-defined]
    return suppressing


def _recorded_variable(variable: Callable[[Any, Any, Any], Any]) -> Callable[[Any, Any, Any], Any]:
    def recorded(self: Any, item: Any, context: Any) -> Any:
        text = variable(self, item, context)
        if text and _recording:
            _recording[-1].append((self.tag, self.get("variable")))
        return text

    recorded.original = variable  # type: ignore[attr-defined]
    return recorded
