"""The site name and description in `mkdocs.yml`, which both engines' themes write into every
page without escaping them (as text, and inside double-quoted attributes such as `aria-label`
and the description meta tag; seen in Material 9 and Zensical 0.0.x). `mkdocs.yml` is content
a pull request can change, so characters that would start markup or end an attribute are
refused before an engine runs, rather than published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MARKUP = frozenset('<>"`')
FIELDS = ("site_name", "site_description")


class _TolerantLoader(yaml.SafeLoader):
    """Safe loading that reads any tag (`!ENV`, `!!python/name:...`) as null: only two plain
    strings are wanted here, and nothing is constructed from a tag."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def markup_problems(config_file: Path) -> list[str]:
    """One sentence per site text in `config_file` that holds a character the theme would
    publish as markup; nothing if the file cannot be read here (the engine reports that)."""
    try:
        data: Any = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    if not isinstance(data, dict):
        return []
    problems = []
    for key in FIELDS:
        value = data.get(key)
        found = sorted(set(value) & MARKUP) if isinstance(value, str) else []
        if found:
            problems.append(
                f"{config_file.name}: {key} has {' '.join(found)}, which the theme would write "
                "into every page as markup (it does not escape it); use words instead"
            )
    return problems
