"""Load: the only stage that reads files.

YAML claim files and BibTeX sources are parsed into plain data that remembers where each value
came from, so later stages can point at the exact line and column. Problems that make a file
unreadable are reported as diagnostics; nothing is dropped silently.

Modules, in the order a load runs them:

- `settings`: `[tool.evidencekb]` in pyproject.toml, and where its folders may lie.
- `discover`: which files are read, refused or skipped, and why.
- `files`: one file's text, as UTF-8 within the size limit.
- `yaml_reader`: YAML mappings with the position of every key and value.
- `bibtex` and `latex`: BibTeX entries with positions, LaTeX decoded to Unicode; `bib_keys`:
  the keys of a refused .bib file, which count as unavailable rather than unknown.
- `cache`: parsed files kept between `serve` saves while their bytes stay the same.
- `workers`: spreading independent work over processes.
- `project`: all of it together, `load_project` and `load_sources`.
"""

from __future__ import annotations

from evidencekb.load.bibtex import BibEntry, parse_bib, read_bib_file
from evidencekb.load.cache import FileCache
from evidencekb.load.discover import CLAIM_SUFFIXES, is_generated, is_valid_name, readable_file
from evidencekb.load.files import read_text, relative
from evidencekb.load.project import RawProject, Sources, load_project, load_sources
from evidencekb.load.settings import ConfigError, Settings, checked_settings, load_settings
from evidencekb.load.workers import Workers, chunks, run_apart
from evidencekb.load.yaml_reader import LocatedDocument, YamlPath, parse_yaml, read_yaml_file

__all__ = [
    "CLAIM_SUFFIXES",
    "BibEntry",
    "ConfigError",
    "FileCache",
    "LocatedDocument",
    "RawProject",
    "Settings",
    "Sources",
    "Workers",
    "YamlPath",
    "checked_settings",
    "chunks",
    "is_generated",
    "is_valid_name",
    "load_project",
    "load_settings",
    "load_sources",
    "parse_bib",
    "parse_yaml",
    "read_bib_file",
    "read_text",
    "read_yaml_file",
    "readable_file",
    "relative",
    "run_apart",
]
