"""What a claim file that failed the schema, or could not be read, still tells the other checks.

A typo in one claim must not make problems appear in files nobody touched. So a claim that
fails still exists (other claims may relate to it), still cites the sources it names (they are
not "cited by no claim") and still counts in the summary. Its partial record is taken from the
raw YAML; it is never rendered (the build stops on the file's own errors anyway).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from evidencekb.diagnostics import Diagnostic
from evidencekb.load import CLAIM_SUFFIXES, LocatedDocument, files, is_valid_name, yaml_reader

# The problems after which the loader gives no document for a file: the file is a claim file,
# but what it says is unknown.
UNREADABLE_CODES = frozenset(
    rule.code
    for rule in (
        yaml_reader.YAML_SYNTAX,
        yaml_reader.YAML_DUPLICATE_KEY,
        yaml_reader.YAML_NOT_MAPPING,
        yaml_reader.YAML_MULTIPLE_DOCUMENTS,
        yaml_reader.YAML_UNSAFE_CONSTRUCT,
        files.FILE_ENCODING,
        files.EMPTY_FILE,
        files.FILE_TOO_LARGE,
    )
)


@dataclass(frozen=True)
class PartialClaim:
    id: str  # its `id:` value when that is a valid id, else the file name
    path: str
    topic: str | None
    sources: frozenset[str]  # keys named in evidence, asserted_in and guardrail adoptions
    related: tuple[str, ...]  # ids named in related
    readable: bool = True  # False: the file could not be parsed; what it cites is unknown


def partial_claim(document: LocatedDocument, claims_root: PurePosixPath) -> PartialClaim:
    """The record of a claim file whose data failed the schema."""
    data = document.data if isinstance(document.data, dict) else {}
    path = PurePosixPath(document.path)
    claim_id = _text(data.get("id"))
    topic = _text(data.get("topic"))
    guardrail = data.get("guardrail")
    items = [*_mappings(data.get("evidence")), *_mappings(data.get("asserted_in"))]
    if isinstance(guardrail, dict):
        items += _mappings(guardrail.get("adoptions"))
    return PartialClaim(
        id=claim_id if claim_id and is_valid_name(claim_id) else path.stem,
        path=document.path,
        topic=topic or _folder_topic(path, claims_root),
        sources=frozenset(key for item in items if (key := _text(item.get("source")))),
        related=tuple(
            claim for item in _mappings(data.get("related")) if (claim := _text(item.get("claim")))
        ),
    )


def unread_claims(
    diagnostics: Iterable[Diagnostic],
    claims_root: PurePosixPath,
    loaded: set[str],
    other_files: set[str],
) -> list[PartialClaim]:
    """A record for each claim file the loader reported as unreadable: its id is its file name.

    `loaded`: the paths of the claim files that were read; `other_files`: files that may lie
    in the claims folder but are not claims (the topics and outlines files)."""
    paths = sorted(
        {
            d.path
            for d in diagnostics
            if d.code in UNREADABLE_CODES
            and d.path.endswith(tuple(CLAIM_SUFFIXES))
            and d.path not in loaded | other_files
            and PurePosixPath(d.path).is_relative_to(claims_root)
        }
    )
    return [
        PartialClaim(
            id=PurePosixPath(path).stem,
            path=path,
            topic=_folder_topic(PurePosixPath(path), claims_root),
            sources=frozenset(),
            related=(),
            readable=False,
        )
        for path in paths
    ]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _mappings(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _folder_topic(path: PurePosixPath, claims_root: PurePosixPath) -> str | None:
    if not path.is_relative_to(claims_root):
        return None
    folder = path.parent.relative_to(claims_root)
    return str(folder) if str(folder) != "." else None
