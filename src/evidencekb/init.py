"""`evidencekb init DIR`: a complete, working knowledge base from the starter in the package.

The starter (`evidencekb/starter/`) holds settings, site configuration, one topic, one worked
example claim citing real, verified sources, the hand-written pages (about, methodology) as
starting points, the CI workflow, the pre-commit configuration, the locked requirements and a
README. `check` passes and `build` produces a site straight after `init`. Nothing that exists is
overwritten: if any file `init` would write is there already, it writes nothing.

The few values a team chooses (the name, a description, where evidencekb is installed from) are
escaped for each file they land in (TOML, YAML, Markdown), then every TOML and YAML file written
is read back to check it says what was meant.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml
from jinja2 import Environment, StrictUndefined
from markupsafe import escape

from evidencekb import __version__
from evidencekb.engines.site_text import MARKUP
from evidencekb.scaffold import ScaffoldError, checked_title
from evidencekb.schema import SCHEMA_PATH, claim_schema_text

DEFAULT_TITLE = "Evidence knowledge base"
EXAMPLE_TOPIC = "examples"
EXAMPLE_CLAIM = "example-summaries-state-certainty"
MAX_DESCRIPTION = 600
_REQUIREMENT = re.compile(r"evidencekb(?=$|[\s=<>!~@\[;])", re.IGNORECASE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


class InitError(Exception):
    """`init` cannot write the knowledge base (exit code 2); nothing was written."""


@dataclass(frozen=True)
class StarterValues:
    title: str = DEFAULT_TITLE
    description: str = ""
    requirement: str = f"evidencekb=={__version__}"
    today: dt.date = field(default_factory=dt.date.today)


# Each file `init` writes: its path in the new project -> (its name in the starter, how it is
# filled in). `None`: copied as it is.
Filler = Callable[[str, StarterValues], str] | None


def _toml(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, once control characters are refused."""
    return json.dumps(value, ensure_ascii=False)


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar."""
    dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=float("inf"))
    return dumped.removesuffix("\n...\n").rstrip("\n")


def markdown_text(value: str) -> str:
    """Plain text for Markdown: HTML-escaped, and Markdown's punctuation backslash-escaped."""
    return str(escape(_MARKDOWN_SPECIAL.sub(r"\\\1", value)))


def _render(text: str, **values: str) -> str:
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    return env.from_string(text).render(**values)


def _settings_file(text: str, values: StarterValues) -> str:
    return _render(text, site_name=_toml(values.title), site_description=_toml(values.description))


def _site_config(text: str, values: StarterValues) -> str:
    return _render(text, site_name=_yaml(values.title), site_description=_yaml(values.description))


def _readme(text: str, values: StarterValues) -> str:
    return _render(
        text,
        title_markdown=markdown_text(values.title),
        version=__version__,
        topic=EXAMPLE_TOPIC,
        example=EXAMPLE_CLAIM,
    )


def _requirement_file(text: str, values: StarterValues) -> str:
    return _render(text, requirement=values.requirement)


def _hooks(text: str, values: StarterValues) -> str:
    return _render(text, requirement=_yaml(values.requirement))


def _claim(text: str, values: StarterValues) -> str:
    return _render(text, reviewed=values.today.isoformat())


STARTER: dict[str, tuple[str, Filler]] = {
    "pyproject.toml": ("pyproject.toml.j2", _settings_file),
    "mkdocs.yml": ("mkdocs.yml.j2", _site_config),
    "README.md": ("README.md.j2", _readme),
    "topics.yaml": ("topics.yaml", None),
    f"claims/{EXAMPLE_TOPIC}/{EXAMPLE_CLAIM}.yaml": ("claims/example.yaml.j2", _claim),
    "sources/references.bib": ("sources/references.bib", None),
    "docs/about.md": ("about.md", None),
    "docs/methodology.md": ("methodology.md", None),
    "requirements/lock.txt": ("requirements/lock.txt", None),
    "requirements/evidencekb.txt": ("requirements/evidencekb.txt.j2", _requirement_file),
    ".github/workflows/evidencekb.yml": ("workflow.yml", None),
    ".pre-commit-config.yaml": ("pre-commit-config.yaml.j2", _hooks),
    ".gitignore": ("gitignore", None),
}


def checked_values(values: StarterValues) -> StarterValues:
    """`values`, if each can be written where it goes; else InitError saying which and why."""
    try:
        title = checked_title(values.title).strip()
    except ScaffoldError as error:
        raise InitError(str(error).replace("the title", "the name", 1)) from error
    for name, value in (("name", title), ("description", values.description)):
        found = sorted(set(value) & MARKUP)
        if found:
            raise InitError(
                f"the {name} has {' '.join(found)}: the site's theme writes it into every page "
                "without escaping it, so these characters are refused; use words instead"
            )
    description = " ".join(values.description.split())
    unprintable = any(unicodedata.category(char) in {"Cc", "Cs"} for char in description)
    if len(description) > MAX_DESCRIPTION or unprintable:
        raise InitError(
            f"the description must be text of at most {MAX_DESCRIPTION} characters, with no "
            "control characters"
        )
    requirement = values.requirement.strip()
    if not requirement.isprintable() or len(requirement) > 500 or "#" in requirement:
        raise InitError(f"{requirement!r} is not a requirement pip can read on one line")
    if not _REQUIREMENT.match(requirement):
        raise InitError(
            f"{requirement!r} does not name evidencekb: give a requirement such as "
            f"'evidencekb=={__version__}' or 'evidencekb @ git+https://github.com/OWNER/"
            f"evidencekb@v{__version__}'"
        )
    return StarterValues(title, description, requirement, values.today)


def starter_files(values: StarterValues) -> dict[str, str]:
    """Path in the new project -> text, for every file `init` writes (no I/O but the package's
    own starter files)."""
    values = checked_values(values)
    starter = resources.files("evidencekb").joinpath("starter")
    files = {}
    for path, (name, fill) in STARTER.items():
        text = starter.joinpath(*name.split("/")).read_text(encoding="utf-8")
        files[path] = fill(text, values) if fill else text
    files[SCHEMA_PATH] = claim_schema_text()
    _check_values_landed(files, values)
    return files


def _check_values_landed(files: dict[str, str], values: StarterValues) -> None:
    """Read back what the chosen values went into; a mismatch is a bug of ours."""
    settings = tomllib.loads(files["pyproject.toml"])["tool"]["evidencekb"]
    site = yaml.safe_load(files["mkdocs.yml"])
    hooks = yaml.safe_load(files[".pre-commit-config.yaml"])["repos"][0]["hooks"]
    landed = [
        settings["site_name"] == site["site_name"] == values.title,
        settings["site_description"] == site["site_description"] == values.description,
        all(hook["additional_dependencies"] == [values.requirement] for hook in hooks),
        files["requirements/evidencekb.txt"].splitlines()[-1] == values.requirement,
    ]
    if not all(landed):
        raise InitError("the starter files would not say what was given (a bug in evidencekb)")


def _taken(root: Path, path: str) -> bool:
    """Whether writing `path` under `root` would replace a file or pass through a link."""
    target = root / path
    if target.exists() or target.is_symlink():
        return True
    parents = target.relative_to(root).parents
    return any((root / parent).is_symlink() for parent in parents if str(parent) != ".")


def init_project(root: Path, values: StarterValues) -> list[str]:
    """Write the starter into `root` (made if missing); the paths written, in order. Refuses,
    writing nothing, when any of them exists or `root` is a file."""
    files = starter_files(values)
    if root.exists() and not root.is_dir():
        raise InitError(f"{root} exists and is not a folder")
    existing = [path for path in files if _taken(root, path)]
    if existing:
        raise InitError(
            f"{root} already has {', '.join(existing)}; init never overwrites, so it wrote "
            "nothing (choose an empty or new folder)"
        )
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    return list(files)
