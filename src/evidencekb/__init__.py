"""evidencekb: YAML claims and BibTeX sources in, a validated, cross-referenced site out.

The public API is `evidencekb.pipeline` (check, render) plus the CLI in `evidencekb.cli`.
"""

__version__ = "0.1.0"
