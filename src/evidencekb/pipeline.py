"""The public API: one function per stage combination, used by the CLI and any adapter."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from evidencekb.diagnostics import Diagnostic, Severity
from evidencekb.index import KnowledgeBase, build_index
from evidencekb.load import (
    BibEntry,
    FileCache,
    Settings,
    load_project,
    load_settings,
    load_sources,
)
from evidencekb.memo import NO_MEMO, Memo
from evidencekb.render import RenderOptions, render_site
from evidencekb.render.citations import formatting_references
from evidencekb.rules.run import valid_sources, validate


@dataclass
class CheckResult:
    settings: Settings
    diagnostics: list[Diagnostic]
    kb: KnowledgeBase

    def failed(self, strict: bool = False) -> bool:
        return any(
            d.severity is Severity.ERROR or (strict and d.severity is Severity.WARNING)
            for d in self.diagnostics
        )


def check(
    root: Path,
    settings: Settings | None = None,
    cache: FileCache | None = None,
    memo: Memo = NO_MEMO,
    sources: tuple[list[BibEntry], list[Diagnostic]] | None = None,
) -> CheckResult:
    """Load, validate and index a project; never raises for content problems.

    A long-lived caller (`serve`) passes the `cache` of parsed files and the `memo` of what was
    derived from them, so that only changed files cost work. `sources`: the BibTeX files as
    `load_sources` read them, not to be read again.
    """
    settings = settings or load_settings(root)
    with _gc_paused():
        raw = load_project(root, settings, cache, sources)
        validated = validate(raw, memo=memo)
        kb = build_index(validated)
    return CheckResult(settings, validated.diagnostics, kb)


def check_and_render(
    root: Path, settings: Settings | None = None, strict: bool = False
) -> tuple[CheckResult, dict[str, str] | None]:
    """`check`, then `render` unless the check failed: what `build` does.

    Formatting APA references is the slowest part of rendering and needs only the sources, so
    it starts on the other cores as soon as the sources are read, while the claims are checked
    (and the claim pages rendered). Slow imports needed only by the check (idutils) then
    happen while the references are being formatted.
    """
    settings = settings or load_settings(root)
    formatted: dict[str, str] = {}
    sources = load_sources(root, settings)
    with formatting_references(valid_sources(sources[0]), formatted) as ahead:
        result = check(root, settings, sources=sources)
        if result.failed(strict):
            return result, None
        return result, render(result, formatted, references_ahead=ahead)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading allocates millions of small, long-lived objects and almost no cyclic garbage;
    CPython's cycle collector would rescan them again and again (a third of the load time at
    10,000 claims). Pause it while loading; it runs again as usual afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_options(settings: Settings) -> RenderOptions:
    edit_url = settings.edit_url
    repository = os.environ.get("GITHUB_REPOSITORY")
    if not edit_url and repository:
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
        branch = os.environ.get("GITHUB_REF_NAME", "main")
        edit_url = f"{server}/{repository}/edit/{branch}/{{path}}"
    return RenderOptions(
        edit_url=edit_url, site_url=settings.site_url, site_name=settings.site_name
    )


def render(
    result: CheckResult,
    reference_cache: dict[str, str] | None = None,
    previous: tuple[KnowledgeBase, dict[str, str]] | None = None,
    memo: Memo = NO_MEMO,
    references_ahead: Callable[[], object] | None = None,
) -> dict[str, str]:
    """All pages; given the `previous` knowledge base and its pages, only what changed."""
    from evidencekb.cli import cli_reference
    from evidencekb.render.incremental import stale_pages

    old_kb, old_pages = previous if previous else (None, None)
    pages = render_site(
        result.kb,
        render_options(result.settings),
        reference_cache,
        previous=old_pages,
        stale=stale_pages(old_kb, result.kb),
        memo=memo,
        references_ahead=references_ahead,
    )
    pages["cli.md"] = cli_reference()
    return pages
