"""Schema rules: claim, topics and outlines files, and BibTeX entries, against the model.

These checks build the models the other rules read (a file that fails gives no model), so the
runner calls them by name rather than by scope.
"""

from __future__ import annotations

import difflib
from pathlib import PurePosixPath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from evidencekb.diagnostics import DiagnosticSink, Position
from evidencekb.load import BibEntry, LocatedDocument, RawProject
from evidencekb.model import Claim, OutlinesFile, Source, Topic, TopicsFile
from evidencekb.model.bibtex_fields import bib_fields_to_source, bibtex_name
from evidencekb.rules.registry import Rule, Scope, Severity, declare

ERROR = Severity.ERROR
_Model = TypeVar("_Model", bound=BaseModel)

CLAIM_SCHEMA = declare(
    "EKB201",
    "claim-schema",
    ERROR,
    Scope.FILE,
    "A claim field is missing, unknown or has a wrong value.",
    "See the claim format in docs/contributing.md or the JSON Schema in schema/.",
)

CLAIM_ID_MISMATCH = declare(
    "EKB202",
    "claim-id-mismatch",
    ERROR,
    Scope.FILE,
    "A claim's `id` differs from its file name.",
    "Rename the file or change `id` so that `claims/<topic>/<id>.yaml` matches.",
)

TOPICS_SCHEMA = declare(
    "EKB203",
    "topics-schema",
    ERROR,
    Scope.FILE,
    "The topics file is missing or malformed.",
    "Declare each topic once in topics.yaml with `id`, `title` and `description`.",
)

SOURCE_SCHEMA = declare(
    "EKB204",
    "source-schema",
    ERROR,
    Scope.SOURCE,
    "A BibTeX entry lacks a required field or has a wrong value (for example `design`).",
    "Add the field; `design` is one of the study designs listed in docs/methodology.md.",
)

CLAIM_TOPIC_FOLDER = declare(
    "EKB205",
    "claim-topic-folder",
    ERROR,
    Scope.FILE,
    "A claim's `topic` differs from the folder it is in.",
    "Move the file to claims/<topic>/ or fix `topic`.",
)


def model_errors(
    model: type[_Model], data: Any, document: LocatedDocument, rule: Rule, sink: DiagnosticSink
) -> _Model | None:
    """`data` as `model`, or None after reporting each of its problems as `rule`."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = tuple(detail["loc"])
            kind = detail["type"]
            if kind == "extra_forbidden":
                position = document.position_of(loc, key=True)
                message = f"unknown field {_dotted(loc)!r}"
                hint = _did_you_mean_field(model, loc)
            elif kind == "missing":
                position = document.position_of(loc[:-1], key=True)
                message = f"missing required field {_dotted(loc)!r}"
                hint = None
            else:
                position = document.position_of(loc)
                message = f"{_dotted(loc) or 'claim'}: {_clean_message(detail['msg'])}"
                hint = None
            rule.report(sink, document.path, position, message, hint)
        return None


def _clean_message(message: str) -> str:
    return message.removeprefix("Value error, ")


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif "[" in str(part) or "function-after" in str(part):
            continue  # pydantic's internal union/validator labels
        else:
            text += f".{part}" if text else str(part)
    return text


def _did_you_mean_field(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    name = str(loc[-1])
    fields = _fields_at(model, loc[:-1])
    match = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
    if match:
        return f"Did you mean {match[0]!r}? Allowed fields: {', '.join(fields)}."
    return f"Allowed fields here: {', '.join(fields)}." if fields else None


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        for inner in getattr(candidate, "__args__", ()):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


def check_topics(raw: RawProject, sink: DiagnosticSink) -> list[Topic]:
    """The topics declared, each once."""
    if raw.topics is None:
        TOPICS_SCHEMA.report(
            sink,
            raw.settings.topics_file,
            Position(1, 1),
            f"no topics file at {raw.settings.topics_file}",
        )
        return []
    parsed = model_errors(TopicsFile, raw.topics.data, raw.topics, TOPICS_SCHEMA, sink)
    if parsed is None:
        return []
    topics: list[Topic] = []
    seen: set[str] = set()
    for index, topic in enumerate(parsed.topics):
        if topic.id in seen:
            TOPICS_SCHEMA.report(
                sink,
                raw.topics.path,
                raw.topics.position_of(("topics", index, "id")),
                f"topic {topic.id!r} is declared twice",
            )
            continue
        seen.add(topic.id)
        topics.append(topic)
    return topics


def check_outlines(document: LocatedDocument | None, sink: DiagnosticSink) -> dict:
    """The outline of each article, by key. An outline in the old shape (a bare list of
    headings) is reported as such and left out, rather than as a dozen type errors."""
    if document is None:
        return {}
    data = document.data
    articles = data.get("articles") if isinstance(data, dict) else None
    if isinstance(articles, dict):
        old = [key for key, value in articles.items() if isinstance(value, list)]
        for key in old:
            TOPICS_SCHEMA.report(
                sink,
                document.path,
                document.position_of(("articles", key), key=True),
                f"the outline of {key!r} is a bare list of headings (the old shape)",
                "Give `sections:`, each with `heading`, `paragraphs` (how many) and "
                "`not_checkable` (paragraph number: reason); see docs/methodology.md.",
            )
        data = {**data, "articles": {k: v for k, v in articles.items() if k not in old}}
    parsed = model_errors(OutlinesFile, data, document, TOPICS_SCHEMA, sink)
    return dict(parsed.articles) if parsed else {}


def source_model(entry: BibEntry) -> Source:
    """The entry as a Source; raises ValidationError."""
    data = bib_fields_to_source(entry.key, entry.entry_type, entry.fields, entry.path)
    return Source.model_validate(data)


def check_source(entry: BibEntry, sink: DiagnosticSink) -> Source | None:
    """The entry as a Source, or None after reporting why not."""
    try:
        return source_model(entry)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            name = str(detail["loc"][0]) if detail["loc"] else ""
            bib_name = bibtex_name(name, entry.entry_type)
            position = entry.field_positions.get(bib_name, entry.key_position)
            if detail["type"] in {"missing", "string_type"} or detail["input"] in ("", None):
                message = f"entry {entry.key!r} has no {bib_name!r} field"
            else:
                message = f"entry {entry.key!r}: {bib_name}: {_clean_message(detail['msg'])}"
            SOURCE_SCHEMA.report(sink, entry.path, position, message)
        return None


def check_claim(
    document: LocatedDocument, claims_root: PurePosixPath, sink: DiagnosticSink
) -> Claim | None:
    """One claim file as a Claim (or None), and whether its id and topic match its path."""
    claim = model_errors(Claim, document.data, document, CLAIM_SCHEMA, sink)
    if claim is None:
        return None
    path = PurePosixPath(document.path)
    if claim.id != path.stem:
        CLAIM_ID_MISMATCH.report(
            sink,
            document.path,
            document.position_of(("id",)),
            f"id {claim.id!r} differs from the file name {path.name!r}",
        )
    folder = path.parent.relative_to(claims_root) if path.is_relative_to(claims_root) else None
    if folder is not None and str(folder) != "." and str(folder) != claim.topic:
        CLAIM_TOPIC_FOLDER.report(
            sink,
            document.path,
            document.position_of(("topic",)),
            f"topic {claim.topic!r} differs from the folder {str(folder)!r}",
        )
    return claim
