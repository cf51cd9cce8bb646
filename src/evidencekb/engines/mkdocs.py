"""MkDocs (with Material), the default engine: built in this process, its log collected.

MkDocs is pointed at the generated tree by overriding `docs_dir` (and `site_dir`) when the
project's `mkdocs.yml` is loaded; serving is in `mkdocs_serve`, with its patches of MkDocs'
live-reload server.
"""

from __future__ import annotations

import logging
from pathlib import Path

from evidencekb.engines.base import EngineError, Rebuilds


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class MkDocs:
    name = "mkdocs"

    def build(
        self, config_file: Path, docs_dir: Path, site_dir: Path, strict: bool, site_url: str = ""
    ) -> list[str]:
        """Run MkDocs; its warnings are returned, its errors raised as EngineError (`strict` is
        applied by the caller: MkDocs' own `strict` setting is the project's). `site_url`, if
        given, overrides mkdocs.yml's (MkDocs writes it into the sitemap and canonical links)."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        collector = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collector)
        try:
            overrides = {"site_url": site_url} if site_url else {}
            config = load_config(
                config_file=str(config_file),
                site_dir=str(site_dir),
                docs_dir=str(docs_dir),
                **overrides,
            )
            if not config["use_directory_urls"]:
                raise MkDocsException(
                    f"{config_file.name}: use_directory_urls: false is not supported; the pages "
                    "evidencekb generates link to each other as folders (claims/<id>/)"
                )
            build(config)
        except (MkDocsException, OSError) as error:
            raise EngineError([*collector.messages, str(error)]) from error
        finally:
            logger.removeHandler(collector)
        return collector.messages

    def serve(self, config_file: Path, docs_dir: Path, dev_addr: str, pages: Rebuilds) -> None:
        from evidencekb.engines.mkdocs_serve import serve_site

        serve_site(config_file, docs_dir, dev_addr, pages)
