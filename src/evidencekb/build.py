"""`evidencekb build`: check, render and write the Markdown and data tree, then run an engine
(or none: `--engine none` stops once the tree is written)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from evidencekb.diagnostics import Diagnostic
from evidencekb.engines import RENDER_ONLY, Engine, EngineError, build_site, config_file, get_engine
from evidencekb.load import run_apart
from evidencekb.project import Project
from evidencekb.report import print_text, scope
from evidencekb.site import write_docs

NO_SITE_URL = (
    "note: no site_url set: citations, canonical links, the sitemap and ClaimReview carry no "
    "URL (set [tool.evidencekb] site_url, EVIDENCEKB_SITE_URL or --site-url)"
)


@dataclass(frozen=True)
class Markdown:
    diagnostics: list[Diagnostic]
    counts: str
    docs_dir: Path | None  # None: the check failed, nothing was written
    site_dir: str  # as the settings give it, relative to the project
    site_url: str  # as the settings give it, or --site-url / EVIDENCEKB_SITE_URL ("": none)
    written: int = 0
    unchanged: int = 0


def build(
    root: Path,
    engine_name: str,
    strict: bool,
    timings: bool,
    extra_pages: Mapping[str, Callable[[], str]] | None = None,
    site_url: str | None = None,
) -> bool:
    """Build the site at `root` with the engine named (or only its tree, with RENDER_ONLY);
    False if the check or the engine failed, leaving the site as it was. `site_url`
    overrides the setting."""
    timer = StageTimer()
    engine = None if engine_name == RENDER_ONLY else get_engine(engine_name)
    config = None if engine is None else config_file(root)
    # Everything before the engine runs in a process of its own that ends before the engine
    # starts: all it allocated goes back to the system, and MkDocs (which holds every page in
    # memory) does not run on top of what is left of a freed knowledge base (a quarter of a
    # GiB at 10,000 claims).
    markdown = run_apart(write_markdown, root, strict, extra_pages, site_url)
    timer.lap("check+render+write")
    if markdown.diagnostics:
        print_text(markdown.diagnostics, markdown.counts)
    if markdown.docs_dir is None:
        _console().print("[red]Build stopped:[/] fix the problems above; the site was not changed.")
        return False
    written = f"({markdown.written} pages written, {markdown.unchanged} unchanged)"
    url = markdown.site_url
    if not url:
        _console().print(NO_SITE_URL, markup=False)
    if engine is None or config is None:
        tree = markdown.docs_dir.relative_to(root).as_posix()
        _console().print(f"Wrote {tree}/ from {markdown.counts} {written}; no engine run.")
    elif _run_engine(engine, config, markdown.docs_dir, root / markdown.site_dir, strict, url):
        timer.lap(engine.name)
        _console().print(f"Built {markdown.site_dir}/ from {markdown.counts} {written}.")
    else:
        return False
    if timings:
        _console().print(timer.summary())
    return True


def _run_engine(
    engine: Engine, config: Path, docs_dir: Path, site_dir: Path, strict: bool, site_url: str
) -> bool:
    console = _console()
    try:
        warnings = build_site(engine, config, docs_dir, site_dir, strict, site_url)
    except EngineError as error:
        for message in error.messages:
            console.print(f"[red]{engine.name}:[/] {escape(message)}")
        console.print("[red]Build failed;[/] the previous site was left untouched.")
        return False
    for message in warnings:
        console.print(f"[yellow]{engine.name} warning:[/] {escape(message)}")
    return True


def _console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def write_markdown(
    root: Path,
    strict: bool,
    extra_pages: Mapping[str, Callable[[], str]] | None = None,
    site_url: str | None = None,
) -> Markdown:
    """Check, render and write the Markdown (references are formatted while claims are
    checked: see `Project.check_and_render`); `extra_pages`, `site_url`: see `Project`."""
    project = Project(root, extra_pages=extra_pages, site_url=site_url)
    result, pages = project.check_and_render(strict)
    settings = result.settings
    if pages is None:
        return Markdown(
            result.diagnostics, scope(result), None, settings.site_dir, settings.site_url
        )
    docs_dir = root / settings.build_dir / "docs"
    report = write_docs(pages, docs_dir, files=result.kb.doc_files)
    return Markdown(
        result.diagnostics,
        scope(result),
        docs_dir,
        settings.site_dir,
        settings.site_url,
        len(report.written),
        report.unchanged,
    )


class StageTimer:
    """Wall-clock seconds per build stage, for `build --timings` and the benchmark."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = now - self._last
        self._last = now

    def summary(self) -> str:
        return "timings: " + " ".join(f"{name}={secs:.3f}" for name, secs in self.stages.items())
