"""Adapters: the only modules that know a library's internals.

Each patch of a library's private code lives in one module here, is applied only to the
releases it was written for (`versions.written_for`), and falls back to the library's public
API on any other release: a new release can cost speed, never correctness.
`versions.refuse_unsupported` stops the CLI early on a major version it cannot work with.
"""
