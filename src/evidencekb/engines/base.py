"""The seam every engine implements, and what engines share (no engine-specific code here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol


class EngineError(Exception):
    """The engine failed (or, with strict, warned): its messages; the site was not changed."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


class Rebuilds(Protocol):
    """What writes the pages: told what to call once it has written some."""

    on_written: Callable[[], None]


class Engine(Protocol):
    name: str

    def build(
        self, config_file: Path, docs_dir: Path, site_dir: Path, strict: bool, site_url: str = ""
    ) -> list[str]:
        """Build `docs_dir` into the empty folder `site_dir`; return the engine's warnings.
        `site_url`, if not empty, is the site's public address (sitemap, canonical links),
        taking the place of the configuration's. Raises EngineError if it failed."""
        ...

    def serve(self, config_file: Path, docs_dir: Path, dev_addr: str, pages: Rebuilds) -> None:
        """Serve `docs_dir` at `dev_addr`, showing each change `pages` writes, until
        KeyboardInterrupt. Raises ConfigError if the engine refuses the configuration, OSError
        if the address cannot be served on."""
        ...
