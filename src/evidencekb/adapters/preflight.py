"""Imported first by the CLI, before the libraries it checks: a major version evidencekb cannot
work with (pydantic 1, bibtexparser 1, MkDocs 2) stops it here with one sentence and exit
code 2, not with a traceback from inside the import of that library."""

from evidencekb.adapters.versions import refuse_unsupported

refuse_unsupported()
