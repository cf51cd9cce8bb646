"""Rules: every check, registered with its code, severity, scope and docs, one module per family.

- `registry`: `Rule`, `Scope`, `declare` and `@checks`, and `RULES`, the registry itself.
- Families, each declaring its rules beside the checks that report them: `docs` (hand-written
  pages), `schema` (claims, topics, sources against the model), `references` (what a claim
  names exists), `articles` (article sections), `sources` (BibTeX entries and the collection),
  `identifiers` (DOI, ISBN, PMID, arXiv, URL), `grading` (verdict and certainty against the
  evidence), `incidents` (events rated by their documentation, not by certainty).
- The loader declares the rules it checks while reading: `load.yaml_reader` (YAML),
  `load.files` and `load.discover` (files), `load.bibtex` (BibTeX blocks).
- `catalog`: imports every family and those load modules, so `RULES` is complete.
- `project` (the validated project), `partial` (claims that failed), `run` (`validate`, which
  runs the checks of each scope).

This package module imports nothing, so that the loader can declare and report its rules;
`RULES` is the complete registry (imported on first use).
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "RULES":
        from evidencekb.rules.catalog import RULES

        return RULES
    raise AttributeError(name)
