"""One knowledge base on disk, and everything derived from it while the object lives.

A `Project` owns the settings and every cache: the parsed files (`load.FileCache`), what was
derived from them (`memo.Memo`), the formatted APA references, and the pages of the last render
with what each page read. The CLI makes one per command (`Project(root).check()`); `serve` keeps
one (`Project(root, keep=True)`) and asks it to `refresh()` after each save, which costs work
for what the save changed only.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekb.diagnostics import Diagnostic, Severity
from evidencekb.index import KnowledgeBase, build_index
from evidencekb.load import FileCache, Settings, Sources, load_project, load_settings, load_sources
from evidencekb.memo import NO_MEMO, Memo
from evidencekb.rules.catalog import known_rules
from evidencekb.rules.run import valid_sources, validate

if TYPE_CHECKING:
    from evidencekb.render import Rendered, RenderOptions, SiteRenderer


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


@dataclass
class Refresh:
    """One `refresh`: the check, and the pages unless it failed, with why each page that was
    rendered (not reused from the previous refresh) was rendered."""

    result: CheckResult
    pages: dict[str, str] | None
    reasons: dict[str, str] = field(default_factory=dict)


class Project:
    """The knowledge base at `root`. `keep`: keep what was read and derived between calls (for
    `serve`); without it each call starts afresh and nothing is held after it (`check`,
    `build`). `extra_pages`: pages made by the caller (e.g. the CLI reference), path -> text.
    `site_url`: overrides the setting (`build --site-url`; see `load_settings`)."""

    def __init__(
        self,
        root: Path,
        *,
        keep: bool = False,
        extra_pages: Mapping[str, Callable[[], str]] | None = None,
        site_url: str | None = None,
    ) -> None:
        self.root = root
        self.site_url = site_url
        self.keep = keep
        self.extra_pages = dict(extra_pages or {})
        self._settings: Settings | None = None
        self._files = FileCache() if keep else None
        self._memo = Memo() if keep else NO_MEMO
        self._references: dict[str, str] = {}  # CSL-JSON text -> formatted APA reference
        self._renderer: SiteRenderer | None = None  # made by the first render
        self._previous: dict[str, str] | None = None

    @property
    def settings(self) -> Settings:
        """The settings as the last check read them (read now if there was none)."""
        return self._settings or self._load_settings()

    @property
    def previous_pages(self) -> dict[str, str] | None:
        """The pages of the last render, if the project keeps them."""
        return self._previous

    def check(self) -> CheckResult:
        """Load, validate and index; never raises for content problems."""
        return self._check(self._load_settings(), None)

    def render(self, result: CheckResult | None = None) -> dict[str, str]:
        """All pages of a check's knowledge base (a new check's if none is given)."""
        return self._render(result or self.check(), None).pages

    def check_and_render(self, strict: bool = False) -> tuple[CheckResult, dict[str, str] | None]:
        """`check`, then `render` unless the check failed: what `build` does.

        Formatting APA references is the slowest part of rendering and needs only the sources,
        so it starts on the other cores as soon as the sources are read, while the claims are
        checked (and the claim pages rendered). Slow imports needed only by the check (idutils)
        then happen while the references are being formatted.
        """
        from evidencekb.render.citations import formatting_references

        settings = self._load_settings()
        sources = load_sources(self.root, settings)
        with formatting_references(valid_sources(sources[0]), self._references) as ahead:
            result = self._check(settings, sources)
            if result.failed(strict):
                return result, None
            return result, self._render(result, ahead).pages

    def refresh(self) -> Refresh:
        """Check and render again, re-rendering only the pages whose reads changed since the
        last refresh; after a failed check the last pages stay the ones to compare with."""
        result = self.check()
        if result.failed():
            return Refresh(result, None)
        rendered = self._render(result, None)
        self._memo.sweep()
        return Refresh(result, rendered.pages, rendered.reasons)

    def _load_settings(self) -> Settings:
        """Read again for every check: `serve` picks up an edited pyproject.toml."""
        self._settings = known_rules(self.root, load_settings(self.root, self.site_url))
        return self._settings

    def _check(self, settings: Settings, sources: Sources | None) -> CheckResult:
        with _gc_paused():
            raw = load_project(self.root, settings, self._files, sources)
            validated = validate(raw, memo=self._memo)
            kb = build_index(validated)
        return CheckResult(settings, validated.diagnostics, kb)

    def _render(self, result: CheckResult, ahead: Callable[[], object] | None) -> Rendered:
        # Imported here, not at the top: `check` needs none of rendering (Jinja, markdown-it,
        # citeproc-py), and its start-up is part of every check a contributor runs.
        from evidencekb.render import SiteRenderer
        from evidencekb.render.citations import formatting_references

        if self._renderer is None:
            self._renderer = SiteRenderer(self._memo, keep=self.keep)
        sources = list(result.kb.sources.values())
        options = render_options(result.settings)
        with formatting_references(sources, self._references, self._memo, ahead) as references:
            rendered = self._renderer.render(result.kb, options, references, self.extra_pages)
        if self.keep:
            self._previous = rendered.pages
        return rendered


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
    from evidencekb.render import RenderOptions

    return RenderOptions(
        edit_url=edit_url,
        site_url=settings.site_url,
        site_name=settings.site_name,
        site_description=settings.site_description,
    )
