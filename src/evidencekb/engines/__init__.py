"""Engines: what turns the generated Markdown tree into an HTML site, behind one seam.

The pipeline writes the Markdown and data tree (`<build_dir>/docs`) the same way for any engine;
an engine only builds that tree into a folder, or serves it. Everything that knows an engine's
API, and every patch of an engine library's internals, is in this package and nowhere else:

- `mkdocs` (the default): MkDocs with Material, run in this process;
- `zensical`: Zensical, which reads the same `mkdocs.yml` (no MkDocs plugins or hooks run);
- `none` (`RENDER_ONLY`): no engine; `build` stops once the tree is written.

What is the same for every engine is done here and in `evidencekb.site`: the site is built
into a temporary folder next to `site_dir`, the Content Security Policy is added to every page
(`evidencekb.csp`), and the folder replaces `site_dir` only if the build succeeded and
`site_dir` is a site this tool built (its marker file).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from evidencekb.engines.base import Engine, EngineError, Rebuilds
from evidencekb.engines.site_text import markup_problems
from evidencekb.load import ConfigError
from evidencekb.site import check_replaceable, publish

__all__ = [
    "DEFAULT",
    "ENGINES",
    "RENDER_ONLY",
    "Engine",
    "EngineError",
    "Rebuilds",
    "build_site",
    "config_file",
    "get_engine",
]

ENGINES = ("mkdocs", "zensical")
RENDER_ONLY = "none"
DEFAULT = "mkdocs"
CONFIG_NAME = "mkdocs.yml"  # both engines read it


def get_engine(name: str) -> Engine:
    """The engine called `name` (one of ENGINES); ValueError for any other name."""
    if name == "mkdocs":
        from evidencekb.engines.mkdocs import MkDocs

        return MkDocs()
    if name == "zensical":
        from evidencekb.engines.zensical import Zensical

        return Zensical()
    raise ValueError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")


def config_file(root: Path) -> Path:
    """The project's engine configuration, `mkdocs.yml` (ConfigError if there is none)."""
    found = root / CONFIG_NAME
    if not found.is_file():
        raise ConfigError(f"{found}: no {CONFIG_NAME} (needed to build the site)")
    return found


def build_site(
    engine: Engine,
    config: Path,
    docs_dir: Path,
    site_dir: Path,
    strict: bool = False,
    site_url: str = "",
) -> list[str]:
    """Build `docs_dir` with `engine` into a temporary folder, secure it and swap it in for
    `site_dir` only when the build succeeded. `site_url` (the public address, or ""): the
    engine puts it in the sitemap and canonical links, over any in the configuration.

    Returns the engine's warnings (and the policy's); raises EngineError (leaving `site_dir`
    untouched) on failure, and with `strict` also when the engine warned.
    """
    site_dir = site_dir.resolve()
    check_replaceable(site_dir)
    problems = markup_problems(config)
    if problems:
        raise EngineError(problems)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    try:
        warnings = engine.build(config, docs_dir, staging, strict, site_url)
        if strict and warnings:
            raise EngineError(warnings)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return warnings + publish(staging, site_dir)
