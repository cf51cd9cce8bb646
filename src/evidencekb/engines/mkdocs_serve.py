"""Serving with MkDocs' live-reload server: the only module that patches MkDocs' internals.

On the MkDocs releases this was written for (1.6.x), `serve_site` drives MkDocs' live-reload
server itself, with two changes to MkDocs' private code:

- the server is asked to rebuild as soon as evidencekb has written the pages (it sets the
  server's private `_want_rebuild` under `_rebuild_cond`, what MkDocs' own file watcher does),
  instead of MkDocs polling the generated folder, up to half a second late;
- the theme's Jinja environment (`mkdocs.theme.Theme.get_env`) keeps compiled templates between
  rebuilds and lists the theme without walking into hidden folders (`lighten_theme_rebuilds`).

On any other release nothing of MkDocs is patched: `serve_site` calls MkDocs' own
`mkdocs.commands.serve.serve` (what `mkdocs serve --dirty` runs), which watches the generated
folder itself. Slower by a second or so per save; the pages are the same.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from evidencekb.adapters import versions
from evidencekb.engines.base import Rebuilds
from evidencekb.load import ConfigError
from evidencekb.site import files_under

WRITTEN_FOR = ((1, 6), (1, 7))
SITE_PREFIX = "evidencekb-serve-"  # the temporary site folder's name starts with this


def serve_site(config_file: Path, docs_dir: Path, dev_addr: str, pages: Rebuilds) -> None:
    """Build `docs_dir` with MkDocs into a temporary folder and serve it at `dev_addr`, rebuilding
    (dirty: only pages newer than their HTML) after each change, until KeyboardInterrupt.

    The temporary folder is removed however this ends. Raises ConfigError if MkDocs refuses the
    configuration, OSError if the address cannot be served on.
    """
    from mkdocs.exceptions import MkDocsException

    try:
        if versions.written_for("mkdocs", *WRITTEN_FOR, what="live-reload speed-ups"):
            _serve_patched(config_file, docs_dir, dev_addr, pages)
        else:
            _serve_plain(config_file, docs_dir, dev_addr)
    except MkDocsException as error:
        raise ConfigError(f"mkdocs: {error}") from None


def _serve_plain(config_file: Path, docs_dir: Path, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve

    serve(
        config_file=str(config_file),
        livereload=True,
        build_type="dirty",
        docs_dir=str(docs_dir),
        dev_addr=dev_addr,
        strict=False,  # MkDocs warns on every dirty build; `build --strict` is the gate
    )


def _serve_patched(config_file: Path, docs_dir: Path, dev_addr: str, pages: Rebuilds) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = tempfile.mkdtemp(prefix=SITE_PREFIX)
    try:

        def get_config() -> Any:
            return load_config(
                config_file=str(config_file),
                site_dir=site_dir,
                docs_dir=str(docs_dir),
                dev_addr=dev_addr,
                strict=False,  # MkDocs warns on every dirty build; `build --strict` is the gate
            )

        config = get_config()
        lighten_theme_rebuilds()
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        serve_url = f"http://{f'[{host}]' if ':' in host else host}:{port}{mount_path}"

        def builder(config: Any = None) -> None:
            config = config or get_config()
            config.site_url = serve_url
            build(config, serve_url=serve_url, dirty=True)  # only pages newer than their HTML

        server = _make_server(
            builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path
        )
        server.error_handler = partial(_error_page, site_dir)
        server.build_delay = 0  # we ask for a rebuild once every page is written
        pages.on_written = server.request_rebuild
        _run(server, config, builder, config_file)
    finally:
        pages.on_written = lambda: None
        shutil.rmtree(site_dir, ignore_errors=True)


def _run(server: Any, config: Any, builder: Callable[..., None], config_file: Path) -> None:
    """What `mkdocs serve` does once the server is made: build, run the plugins' events, serve."""
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        builder(config)
        server.watch(str(config_file))
        server = config.plugins.on_serve(server, config=config, builder=builder)
        try:
            server.serve()
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()


def _make_server(**kwargs: Any) -> Any:
    """MkDocs' live-reload server, which we tell when to rebuild."""
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        def request_rebuild(self) -> None:
            """What MkDocs' own file watcher does when it sees a change (MkDocs 1.6)."""
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

    return Server(**kwargs)


def _error_page(site_dir: str, code: int) -> bytes | None:
    page = Path(site_dir) / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def lighten_theme_rebuilds() -> None:
    """Two things MkDocs redoes for the theme on every rebuild, each about 0.2 s at any size:

    - it makes a new Jinja environment, so it compiles the theme's 40 templates again: keep
      their bytecode in memory (Jinja keys it by name and source checksum, so an edited
      template is recompiled);
    - it lists every file of the theme to copy its static files, including the 14,000 icons
      of Material's `.icons` folder, only to filter out every hidden path: list the theme
      without walking into hidden folders (same result: MkDocs drops hidden paths).
    """
    from jinja2 import BytecodeCache, Environment, FileSystemLoader
    from jinja2.bccache import Bucket
    from mkdocs.theme import Theme

    if getattr(Theme.get_env, "lightened", False):
        return

    class InMemory(BytecodeCache):
        def __init__(self) -> None:
            self.compiled: dict[str, bytes] = {}

        def load_bytecode(self, bucket: Bucket) -> None:
            if bucket.key in self.compiled:
                bucket.bytecode_from_string(self.compiled[bucket.key])

        def dump_bytecode(self, bucket: Bucket) -> None:
            self.compiled[bucket.key] = bucket.bytecode_to_string()

    cache, get_env = InMemory(), Theme.get_env

    def lightened_env(theme: Theme) -> Environment:
        env = get_env(theme)
        env.bytecode_cache = cache
        loader = env.loader
        if isinstance(loader, FileSystemLoader):  # what MkDocs 1.6 uses; else left as it is
            searchpath = list(loader.searchpath)
            loader.list_templates = lambda: visible_files(searchpath)  # type: ignore[method-assign]
        return env

    lightened_env.lightened = True  # type: ignore[attr-defined]
    lightened_env.original = get_env  # type: ignore[attr-defined]
    Theme.get_env = lightened_env  # type: ignore[method-assign,assignment]


def visible_files(folders: list[str]) -> list[str]:
    """What Jinja's FileSystemLoader.list_templates gives, without hidden folders' files."""
    return sorted(set().union(*(files_under(folder, hidden_folders=False) for folder in folders)))
