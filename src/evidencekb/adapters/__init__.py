"""Adapters: the libraries evidencekb builds on, their versions checked and citeproc-py patched.

- `citeproc_speedups`: a patch of citeproc-py's private code (memoised style lookups),
  applied only to the releases it was written for (`versions.written_for`); on any other
  release citeproc-py's public API is used as it is: a new release can cost speed, never
  correctness.
- `citeproc_substitute`: the other patch of citeproc-py's private code: variables a
  `cs:substitute` rendered through a macro are suppressed in the rest of the reference, as CSL
  says (APA 7 moves the title of a work without an author to the author position; without it
  the title is printed twice). Applied the same way, only to the releases it was written for.
- `versions`: the installed versions; `refuse_unsupported` stops the CLI early, with exit code 2,
  on a major version it cannot work with (pydantic 1, bibtexparser 1, MkDocs 2).
- `preflight`: imported first by the CLI, runs that check before those libraries are imported.

What knows an engine's API and internals is not here but in `evidencekb.engines` (MkDocs'
live-reload patch in `engines/mkdocs_serve.py`, Zensical in `engines/zensical.py`).
"""
