"""evidencekb: YAML claims and BibTeX sources in, a validated, cross-referenced site out.

The public API is `evidencekb.project.Project` (one knowledge base on disk: its settings and
every cache) plus the CLI in `evidencekb.cli`:

    from pathlib import Path
    from evidencekb.project import Project
    result, pages = Project(Path("my-kb")).check_and_render(strict=False)
    for diagnostic in result.diagnostics:
        print(diagnostic.format_text())

`Project(root).check()` only loads, validates and indexes; `.render(result)` gives the pages
(path -> text) of a check that did not fail; `pages` is None when the check failed.
"""

__version__ = "0.2.0"
