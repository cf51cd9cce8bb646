"""Size limits per kind of file: configurable, explained, and a refused file reported once.

Each folder under fixtures/limits/ is an overlay on the valid fixture with its exact expected
diagnostics beside it (as under fixtures/rules/). A .bib file that is refused (over
`max_bib_bytes`, or not UTF-8) is one diagnostic: the keys of its entries count as unavailable,
so the claims citing them get no "unknown source" error each, while a key that no file holds
still does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, make_scenario
from evidencekb.load import ConfigError, Settings, load_project, load_settings
from evidencekb.load.bib_keys import refused_keys
from evidencekb.project import Project
from test_rules import plain

LIMIT_DIRS = sorted((FIXTURES / "limits").iterdir())
LIMIT_SETTINGS = ("max_file_bytes", "max_bib_bytes", "max_outlines_bytes")


@pytest.mark.parametrize("fixture", LIMIT_DIRS, ids=[p.name for p in LIMIT_DIRS])
def test_limit_fixture_gives_exact_diagnostics(fixture: Path, tmp_path: Path) -> None:
    kb = make_scenario(tmp_path / "kb", fixture)
    expected = (fixture / "expected.txt").read_text(encoding="utf-8")
    assert plain(Project(kb).check().diagnostics) == expected
    # `build` reads the sources apart (load_sources) while the claims are checked: the same
    result, pages = Project(kb).check_and_render()
    assert plain(result.diagnostics) == expected
    assert pages is None


def test_refused_bib_is_one_diagnostic_and_its_keys_are_unavailable(tmp_path: Path) -> None:
    kb = make_scenario(tmp_path / "kb", FIXTURES / "limits" / "bib-over-limit")
    raw = load_project(kb)
    assert [entry.key for entry in raw.sources] == ["lee2018cohort"]  # sources/extra.bib
    assert raw.unavailable_keys == {"smith2020trial", "opinion-piece", "jones2019meta"}
    diagnostics = Project(kb).check().diagnostics
    assert [(d.path, d.code) for d in diagnostics] == [
        ("claims/beta/claim-two.yaml", "EKB401"),  # nowhere2021: in no file at all
        ("sources/refs.bib", "EKB108"),
    ]
    assert "nowhere2021" in diagnostics[0].message
    # claim-one's certainty is not derived from lee2018cohort alone while its other evidence
    # waits in the refused file (no EKB513)


def test_bib_limit_message_names_size_and_setting(tmp_path: Path) -> None:
    kb = make_scenario(tmp_path / "kb", FIXTURES / "limits" / "bib-over-limit")
    (refused,) = [d for d in Project(kb).check().diagnostics if d.code == "EKB108"]
    assert "725 bytes" in refused.message and "500" in refused.message
    assert "max_bib_bytes" in refused.message and "max_bib_bytes" in refused.hint


def test_a_fixed_bib_file_brings_back_unknown_keys(tmp_path: Path) -> None:
    """Unavailable lasts while the file is refused: once read, a key it lacks is unknown."""
    kb = make_scenario(tmp_path / "kb", FIXTURES / "limits" / "bib-over-limit")
    pyproject = kb / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("max_bib_bytes = 500", ""))
    diagnostics = Project(kb).check().diagnostics
    assert [(d.code, d.message) for d in diagnostics] == [
        ("EKB401", "unknown source key 'nowhere2021'")
    ]


# --- settings ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", LIMIT_SETTINGS)
@pytest.mark.parametrize("value", ["0", "-1", '"big"', "1.5"])
def test_limit_settings_must_be_positive_integers(tmp_path: Path, name: str, value: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.evidencekb]\n{name} = {value}\n")
    with pytest.raises(ConfigError, match=name):
        load_settings(tmp_path)


def test_defaults_fit_real_files() -> None:
    """A claim file is kilobytes; a reference manager's export of thousands of entries with
    abstracts is several megabytes; the outlines file grows with the articles under review."""
    settings = Settings()
    assert settings.max_file_bytes == 1_000_000
    assert settings.max_bib_bytes == 64_000_000
    assert settings.max_outlines_bytes == 16_000_000


def test_old_setting_still_lifts_every_limit_it_once_held() -> None:
    """`max_file_bytes` once held for .bib and outlines files too: raised above the newer
    defaults, it still lifts them unless they are set themselves."""
    raised = Settings.model_validate({"max_file_bytes": 100_000_000})
    assert (raised.max_bib_bytes, raised.max_outlines_bytes) == (100_000_000, 100_000_000)
    both = Settings.model_validate({"max_file_bytes": 100_000_000, "max_bib_bytes": 2_000})
    assert both.max_bib_bytes == 2_000
    lowered = Settings.model_validate({"max_file_bytes": 2_000})
    assert lowered.max_bib_bytes == 64_000_000


@pytest.mark.parametrize("name", LIMIT_SETTINGS)
def test_limit_settings_are_documented(name: str) -> None:
    description = Settings.model_fields[name].description or ""
    assert "bytes" in description and "EKB108" in description
    contributing = (REPO / "src" / "evidencekb" / "docs" / "contributing.md").read_text()
    assert f"`{name}`" in contributing


# --- the keys of a refused file --------------------------------------------------------------


def test_refused_keys_are_read_from_entry_openings_only(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_bytes(
        b"\xef\xbb\xbf@article{first2020,\n  title = {@misc{not-a-key, x}},\n}\n"
        b"@string{jan = {January}}\n@comment{ignored,}\n@preamble{x,}\n"
        b"  @Book ( second-2021 ,\n  note = {caf\xe9},\n)\n"
        + b"%" * 200_000  # a long line is read in pieces, never whole
        + b"\n@misc{third:3,\n}\n"
    )
    assert refused_keys(bib) == {"first2020", "second-2021", "third:3"}


def test_refused_keys_scan_is_bounded(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("".join(f"@misc{{key{i},\n  title = {{T}},\n}}\n" for i in range(100)))
    assert len(refused_keys(bib)) == 100
    assert len(refused_keys(bib, scan_bytes=300)) < 100
    assert refused_keys(tmp_path / "missing.bib") == frozenset()
