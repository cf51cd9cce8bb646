"""Settings: `[tool.evidencekb]` in pyproject.toml (all optional), read and checked.

A project whose settings cannot be read, or name a place they may not, cannot be loaded at
all: that is a `ConfigError` (exit code 2), not a diagnostic.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

RULE_CODE = re.compile(r"EKB\d{3}")
"""The form of a rule code (which codes exist is the rule registry's to say)."""
SITE_URL_VARIABLE = "EVIDENCEKB_SITE_URL"
"""An environment variable that, when set and not empty, overrides the `site_url` setting."""


class ConfigError(Exception):
    """The project cannot be loaded at all (exit code 2)."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claims_dir: str = Field("claims", description="Folder of claim files, one folder per topic.")
    sources_dir: str = Field("sources", description="Folder of BibTeX files (*.bib).")
    docs_dir: str = Field("docs", description="Hand-written Markdown pages copied into the site.")
    topics_file: str = Field("topics.yaml", description="Where topics are declared.")
    outlines_file: str = Field(
        "sources/outlines.yaml",
        description="Section headings, in order, of each article under review.",
    )
    build_dir: str = Field("build", description="Generated Markdown, MkDocs' docs_dir.")
    site_dir: str = Field("site", description="Where `evidencekb build` writes the HTML site.")
    site_url: str = Field(
        "",
        description=(
            "Public http(s) URL of the published site, e.g. https://OWNER.github.io/REPO/: "
            "citations, canonical links, the sitemap and ClaimReview carry URLs made from it. "
            "Overridden by `build --site-url` or the EVIDENCEKB_SITE_URL environment variable."
        ),
    )
    site_name: str = Field(
        "Evidence knowledge base",
        max_length=140,
        description="The knowledge base's name: the home page's heading, and the name used in "
        "citations and ClaimReview (mkdocs.yml's site_name is the one in the page header).",
    )
    site_description: str = Field(
        "",
        max_length=600,
        description="One or two plain sentences under the home page's heading: what the "
        "knowledge base tracks.",
    )
    edit_url: str = Field(
        "",
        description=(
            "Template of a link to edit a file, with `{path}`, e.g. "
            "https://github.com/OWNER/REPO/edit/main/{path}. Defaults to one built from "
            "GITHUB_REPOSITORY when that is set."
        ),
    )
    max_review_age_days: int = Field(
        365, description="Warn when a claim was last reviewed longer ago than this; 0: never."
    )
    max_file_bytes: int = Field(
        1_000_000,
        gt=0,
        description=(
            "Largest claim file, and topics file, in bytes; a larger one is refused (EKB108). "
            "A claim file is a few kilobytes (10 KB at most in practice): 1 MB leaves a hundred "
            "times that. Also the least `max_bib_bytes` and `max_outlines_bytes` take when they "
            "are not set, as when this one setting covered every file."
        ),
    )
    max_bib_bytes: int = Field(
        64_000_000,
        gt=0,
        description=(
            "Largest .bib file, in bytes; a larger one is refused (EKB108) and its keys count as "
            "unavailable, not unknown. A reference manager's export weighs 0.5-2 KB per entry "
            "(about 1.7 KB with abstracts), so 64 MB holds some 40,000 entries; reading takes "
            "about 1 s and 30 MB of memory per MB, and several files are read in parallel."
        ),
    )
    max_outlines_bytes: int = Field(
        16_000_000,
        gt=0,
        description=(
            "Largest outlines file, in bytes; a larger one is refused (EKB108). It grows by 1-4 "
            "KB for each article under review: 16 MB holds several thousand articles."
        ),
    )
    severity: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Per-rule severity overrides: {'EKB123' = 'error' | 'warning' | 'notice' | 'off'}."
        ),
    )

    @model_validator(mode="after")
    def _old_limit_still_counts(self) -> Settings:
        """`max_file_bytes` once limited every file: a project that raised it for a large
        bibliography or outlines file keeps reading them while the newer settings are unset."""
        for name in ("max_bib_bytes", "max_outlines_bytes"):
            if name not in self.model_fields_set:
                setattr(self, name, max(getattr(self, name), self.max_file_bytes))
        return self

    @field_validator("site_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        problem = site_url_problem(value) if value else None
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("severity")
    @classmethod
    def _rule_codes_and_levels(cls, value: dict[str, str]) -> dict[str, str]:
        """Each override is a rule code and a level. Whether a rule has the code is checked
        where every rule is known (`evidencekb.rules.catalog.known_rules`), after loading."""
        for code, level in value.items():
            if not RULE_CODE.fullmatch(code):
                raise ValueError(f"unknown rule code {code!r} in severity")
            if level not in {"error", "warning", "notice", "off"}:
                raise ValueError(f"{code}: severity must be 'error', 'warning', 'notice' or 'off'")
        return value


INPUT_SETTINGS = ("claims_dir", "sources_dir", "docs_dir", "topics_file", "outlines_file")
OUTPUT_SETTINGS = ("build_dir", "site_dir")


def site_url_problem(value: str) -> str | None:
    """Why `value` cannot be the site's public URL, or None if it can: an absolute http(s)
    URL with a host, no query or fragment, nothing but printable characters (it is put into
    every page's links, the sitemap and JSON-LD)."""
    example = "an http(s) URL such as https://owner.github.io/repo/"
    if not value.isprintable() or any(c in value for c in " \"'<>\\`{}|^"):
        return f"site_url must be {example}, with no spaces, quotes or control characters"
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError as error:
        return f"site_url must be {example} ({error})"
    if parts.scheme not in {"http", "https"} or not parts.hostname or not port_ok:
        return f"site_url must be {example}, not {value!r}"
    if parts.query or parts.fragment or "@" in parts.netloc:
        return f"site_url must be {example}, without a query, fragment or user name: {value!r}"
    return None


def load_settings(root: Path, site_url: str | None = None) -> Settings:
    """The settings of the project at `root`; `site_url` (e.g. `build --site-url`), else the
    environment's EVIDENCEKB_SITE_URL, overrides the one in pyproject.toml."""
    table = _settings_table(root)
    override = _site_url_override(site_url)
    if override is not None and isinstance(table, dict):
        table = {**table, "site_url": override}
    try:
        return Settings.model_validate(table)
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(part) for part in detail['loc']) or 'settings'}: {detail['msg']}"
            for detail in error.errors(include_url=False)
        ]
        raise ConfigError(settings_error(root, problems)) from error


def _settings_table(root: Path) -> Any:
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{pyproject}: cannot read settings: {error}") from error
    return data.get("tool", {}).get("evidencekb", {})  # not a table: refused by the model


def _site_url_override(given: str | None) -> str | None:
    """The site_url given on the command line or in the environment (checked here, so the
    message names where it came from), or None if neither gives one."""
    named = f"--site-url {given!r}"
    if given is None:
        given = os.environ.get(SITE_URL_VARIABLE) or None
        named = f"{SITE_URL_VARIABLE}={given!r}"
    if given is None:
        return None
    problem = site_url_problem(given)
    if problem:
        raise ConfigError(f"{named}: {problem}")
    return given


def settings_error(root: Path, problems: list[str]) -> str:
    """The message of a ConfigError about `[tool.evidencekb]` (one problem per item)."""
    return f"{root / 'pyproject.toml'} [tool.evidencekb]: " + "; ".join(problems)


def checked_settings(root: Path, settings: Settings) -> Settings:
    """`settings`, if every folder and file they name lies where it may; else ConfigError."""
    problems = location_problems(settings, root)
    if problems:
        raise ConfigError(" ".join(problems))
    return settings


def location_problems(settings: Settings, root: Path) -> list[str]:
    """One sentence per setting that names a place it may not: every folder and file lies
    inside the project (links resolved), and the output folders (which the build empties or
    replaces) are neither the project, nor inside .git, nor overlap an input or each other."""
    root = root.resolve()
    places = {
        name: (root / getattr(settings, name)).resolve()
        for name in (*INPUT_SETTINGS, *OUTPUT_SETTINGS)
    }
    places["build_dir"] = (root / settings.build_dir / "docs").resolve()  # what is written
    problems = [
        _problem(settings, name, "lies outside the project folder")
        for name, place in places.items()
        if not place.is_relative_to(root)
    ]
    for name in OUTPUT_SETTINGS:
        place = places[name]
        if place == root:
            problems.append(_problem(settings, name, "is the project folder"))
        if place == root or not place.is_relative_to(root):
            continue
        if ".git" in place.relative_to(root).parts:
            problems.append(_problem(settings, name, "is inside .git"))
            continue
        for other, other_place in places.items():
            if other == name or other_place == root or not other_place.is_relative_to(root):
                continue  # the project itself (claims_dir = "."), or reported above
            if _overlap(place, other_place):
                value = getattr(settings, other)
                problems.append(_problem(settings, name, f"overlaps {other} = {value!r}"))
                break
    return problems


def _overlap(one: Path, other: Path) -> bool:
    return one == other or one.is_relative_to(other) or other.is_relative_to(one)


def _problem(settings: Settings, name: str, problem: str) -> str:
    value = getattr(settings, name)
    return (
        f"pyproject.toml [tool.evidencekb]: {name} = {value!r} {problem}; "
        f"the build writes there, so it must be a folder of its own inside the project."
        if name in OUTPUT_SETTINGS
        else f"pyproject.toml [tool.evidencekb]: {name} = {value!r} {problem}."
    )
