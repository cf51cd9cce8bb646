"""The entry keys of a .bib file that was refused (over `max_bib_bytes`, not UTF-8...).

A refused file's entries are not read, but the claims citing them are not wrong: their keys
count as *unavailable*, not unknown, so the one diagnostic about the file stands for all of
them instead of one "unknown source" error per citation. The keys are found cheaply, without
parsing: each line that opens an entry (`@article{key,`), read a line at a time.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from pathlib import Path

from evidencekb.diagnostics import Diagnostic

_ENTRY_START = re.compile(  # `@type{key,` at the start of a line (after a byte-order mark)
    rb"(?:\xef\xbb\xbf)?\s*@\s*([A-Za-z]+)\s*[{(]\s*([^\s,{}()\"#%'=\\]+)\s*,"
)
_NOT_ENTRIES = frozenset({b"string", b"comment", b"preamble"})
_LINE_BYTES = 1 << 16  # a longer line is read in pieces: memory stays bounded
SCAN_BYTES = 1 << 30
"""At most this much of a refused file is scanned for keys (bounded work); keys past it are
not known, so citations of them are reported as unknown."""


def refused_keys(path: Path, scan_bytes: int = SCAN_BYTES) -> frozenset[str]:
    """The keys of the entries a .bib file opens, from at most `scan_bytes` of it; none if
    it cannot be opened (that is reported where it is read)."""
    keys: set[str] = set()
    scanned = 0
    try:
        with path.open("rb") as handle:
            for line in iter(partial(handle.readline, _LINE_BYTES), b""):
                scanned += len(line)
                if scanned > scan_bytes:
                    break
                match = _ENTRY_START.match(line)
                if match and match[1].lower() not in _NOT_ENTRIES:
                    keys.add(match[2].decode("utf-8", "replace"))
    except OSError:
        return frozenset()
    return frozenset(keys)


def noting_unavailable(diagnostic: Diagnostic, keys: frozenset[str]) -> Diagnostic:
    """The diagnostic that refuses a .bib file, its hint saying what becomes of its keys."""
    if not keys:
        return diagnostic
    note = (
        f"Until it is read, its {len(keys):,} entry keys count as unavailable: claims citing "
        "them are not reported as citing unknown sources, nor is their certainty derived."
    )
    return replace(diagnostic, hint=f"{diagnostic.hint} {note}".strip())
