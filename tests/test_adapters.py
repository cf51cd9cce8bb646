"""Adapters: each patch of a library's internals changes no output, is applied only to the
releases it was written for, and on any other release the public API gives the same result."""

from __future__ import annotations

import logging
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest

from evidencekb.adapters import citeproc_speedups, versions
from evidencekb.engines import mkdocs_serve
from evidencekb.project import Project
from evidencekb.render import citations

REPO = Path(__file__).parent.parent


def _pretend(monkeypatch: pytest.MonkeyPatch, **installed: str | None) -> None:
    """Make the version reader give these versions (keys: distribution names, _ for -)."""
    real = versions.installed_version
    pretended = {name.replace("_", "-"): version for name, version in installed.items()}
    monkeypatch.setattr(
        versions,
        "installed_version",
        lambda name: pretended[name] if name in pretended else real(name),
    )


@pytest.fixture
def unpatched_citeproc() -> Iterator[None]:
    """citeproc-py as it is, and the style parsed again; as it was afterwards."""
    was_installed = citeproc_speedups.installed()
    citeproc_speedups.uninstall()
    citations._apa_style.cache_clear()
    yield
    citeproc_speedups.uninstall()
    citations._apa_style.cache_clear()
    if was_installed:
        citeproc_speedups.install()


@pytest.fixture(scope="module")
def sources() -> list:
    return list(Project(REPO).check().kb.sources.values())


# --- citeproc-py -------------------------------------------------------------------------


def test_memoised_citeproc_lookups_change_no_reference(
    sources: list, unpatched_citeproc, monkeypatch: pytest.MonkeyPatch
) -> None:
    memoised = citations.apa_references(sources)
    assert citeproc_speedups.installed()

    citeproc_speedups.uninstall()
    citations._apa_style.cache_clear()
    monkeypatch.setattr(citeproc_speedups, "install", lambda: False)
    plain = citations.apa_references(sources)

    assert not citeproc_speedups.installed()
    assert memoised == plain
    assert len(plain) == len(sources)


def test_an_unknown_citeproc_release_is_not_patched_and_gives_the_same_references(
    sources: list, unpatched_citeproc, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    assert citeproc_speedups.install()
    expected = citations.apa_references(sources)
    citeproc_speedups.uninstall()
    citations._apa_style.cache_clear()
    _pretend(monkeypatch, citeproc_py="0.12.0")

    with caplog.at_level(logging.INFO, logger="evidencekb"):
        assert citations.apa_references(sources) == expected

    assert not citeproc_speedups.installed()
    assert [r.getMessage() for r in caplog.records] == [
        "citeproc-py 0.12.0: memoised style lookups left out (written for 0.6 to 0.11.x); "
        "using its public API only"
    ]


def test_citeproc_without_the_methods_it_patches_is_left_alone(
    unpatched_citeproc, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citeproc import model

    original = model.CitationStylesElement.xpath_search
    monkeypatch.delattr(model.Text, "calls_variable")

    assert not citeproc_speedups.install()
    assert model.CitationStylesElement.xpath_search is original


# --- MkDocs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "way"), [("1.6.1", "patched"), ("1.6.9", "patched"), ("1.7.0", "plain")]
)
def test_mkdocs_internals_are_used_only_on_the_release_they_were_written_for(
    version: str, way: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    called: list[str] = []
    monkeypatch.setattr(mkdocs_serve, "_serve_patched", lambda *a: called.append("patched"))
    monkeypatch.setattr(mkdocs_serve, "_serve_plain", lambda *a: called.append("plain"))
    _pretend(monkeypatch, mkdocs=version)

    mkdocs_serve.serve_site(tmp_path / "mkdocs.yml", tmp_path, "127.0.0.1:8000", None)  # type: ignore[arg-type]

    assert called == [way]


def test_a_configuration_mkdocs_refuses_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.theme import Theme

    from evidencekb.load import ConfigError

    monkeypatch.setattr(Theme, "get_env", Theme.get_env)  # as it is after the test

    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: Test\ntheme:\n  name: no-such-theme\n")

    pages = SimpleNamespace(on_written=lambda: None)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))

    with pytest.raises(ConfigError, match=r"^mkdocs: Aborted with a configuration error"):
        mkdocs_serve.serve_site(config_file, tmp_path, "127.0.0.1:8000", pages)
    assert not list(temporary.iterdir())  # the temporary site folder is removed


# --- versions ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pydantic", "bibtexparser", "mkdocs", "citeproc-py", "Jinja2"])
def test_the_version_reader_gives_what_importlib_metadata_gives(name: str) -> None:
    assert versions.installed_version(name) == metadata.version(name)


def test_the_version_reader_gives_none_for_what_is_not_installed() -> None:
    assert versions.installed_version("no-such-distribution-evidencekb") is None


@pytest.mark.parametrize(
    ("version", "release"),
    [("2.0.0b7", (2, 0, 0)), ("0.11.1", (0, 11, 1)), ("1.6.1.dev0", (1, 6, 1)), ("x", ())],
)
def test_release_numbers(version: str, release: tuple[int, ...]) -> None:
    assert versions.release(version) == release


@pytest.mark.parametrize(
    ("version", "written_for"),
    [("0.5.1", False), ("0.6.0", True), ("0.11.9", True), ("0.12.0", False), (None, False)],
)
def test_written_for_is_a_half_open_range(
    version: str | None, written_for: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pretend(monkeypatch, citeproc_py=version)
    assert versions.written_for("citeproc-py", (0, 6), (0, 12), "x") is written_for


def test_the_installed_libraries_are_supported() -> None:
    assert versions.unsupported() is None


@pytest.mark.parametrize(
    ("installed", "sentence"),
    [
        (
            {"pydantic": "1.10.13"},
            "evidencekb works with pydantic 2.x, not the installed 1.10.13 "
            "(pip install 'pydantic>=2,<3').",
        ),
        (
            {"bibtexparser": "1.4.1"},
            "evidencekb works with bibtexparser 2.x, not the installed 1.4.1 "
            "(pip install 'bibtexparser>=2,<3').",
        ),
        (
            {"mkdocs": "2.0.0"},
            "evidencekb works with mkdocs 1.x, not the installed 2.0.0 "
            "(pip install 'mkdocs>=1,<2').",
        ),
        (
            {"mkdocs": None},
            "evidencekb needs mkdocs 1.x, which is not installed (pip install 'mkdocs>=1,<2').",
        ),
    ],
)
def test_an_unsupported_major_version_is_one_sentence(
    installed: dict, sentence: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pretend(monkeypatch, **installed)
    assert versions.unsupported() == sentence


def test_the_cli_refuses_an_unsupported_major_version_before_importing_it() -> None:
    script = (
        "from evidencekb.adapters import versions\n"
        "versions.installed_version = lambda name: '1.10.13' if name == 'pydantic' else '9'\n"
        "import sys\n"
        "from evidencekb.cli import main\n"
        "print('pydantic' in sys.modules)\n"
        "main(['check'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 2
    assert result.stdout == ""  # stopped before the CLI's imports, not after them
    assert result.stderr == (
        "error: evidencekb works with pydantic 2.x, not the installed 1.10.13 "
        "(pip install 'pydantic>=2,<3').\n"
    )
