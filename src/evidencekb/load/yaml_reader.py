"""YAML files: one mapping per file, parsed into plain data that remembers where each key and
value was written, so later stages can point at the exact line and column.

Most files take a fast path (PyYAML's C parser and a lean walk over its nodes) and find their
positions only when a diagnostic first asks; a file the fast path refuses is parsed the careful
way, which reports every problem (tags, aliases, repeated keys, several documents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evidencekb.diagnostics import DiagnosticSink, Position
from evidencekb.load.files import EMPTY_FILE, read_text, relative
from evidencekb.rules.registry import Rule, Scope, Severity, declare

try:  # the C loader is about 8x faster; the pure-Python one reports the same positions
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

YamlPath = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}

YAML_SYNTAX = declare(
    "EKB101",
    "yaml-syntax",
    Severity.ERROR,
    Scope.FILE,
    "A claim or topics file is not valid YAML.",
    "Fix the YAML syntax at the position shown; indent with spaces, never tabs.",
)

YAML_DUPLICATE_KEY = declare(
    "EKB102",
    "yaml-duplicate-key",
    Severity.ERROR,
    Scope.FILE,
    "A mapping repeats a key (YAML parsers silently keep the last one).",
    "Remove or rename one of the repeated keys.",
)

YAML_NOT_MAPPING = declare(
    "EKB103",
    "yaml-not-mapping",
    Severity.ERROR,
    Scope.FILE,
    "The file's top level is not a mapping of fields.",
    "A claim file is a mapping: `id: ...`, `title: ...`, and so on.",
)

YAML_MULTIPLE_DOCUMENTS = declare(
    "EKB104",
    "yaml-multiple-documents",
    Severity.ERROR,
    Scope.FILE,
    "The file holds more than one YAML document.",
    "Keep one claim per file; remove the `---` separator and split the file.",
)

YAML_UNSAFE_CONSTRUCT = declare(
    "EKB105",
    "yaml-unsafe-construct",
    Severity.ERROR,
    Scope.FILE,
    "The file uses a YAML tag, anchor or alias, which claim files do not allow.",
    "Write plain values: no `!tags`, `&anchors` or `*aliases`.",
)


@dataclass
class LocatedDocument:
    """A parsed YAML mapping with the position of every key and value.

    A file read by the fast path keeps its text and finds positions only when a diagnostic
    first asks for one: most files have no problem, and positions cost as much as parsing.
    """

    path: str
    data: dict[str, Any]
    values: dict[YamlPath, Position] = field(default_factory=dict)
    keys: dict[YamlPath, Position] = field(default_factory=dict)
    text: str | None = field(default=None, repr=False)

    def position_of(self, loc: YamlPath, *, key: bool = False) -> Position:
        """The position of a value (or its key); falls back to the nearest enclosing value."""
        if self.text is not None:
            self.values, self.keys = node_positions(self.text)
            self.text = None
        table = self.keys if key else self.values
        for end in range(len(loc), -1, -1):
            found = table.get(loc[:end]) or self.values.get(loc[:end])
            if found:
                return found
        return Position(1, 1)


class _PositionLoader(_YamlLoader):
    """Composes nodes for their marks only: every node gets the same tag instead of the
    resolver's (a Python call per scalar, most of the cost of composing)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return ""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def node_positions(text: str) -> tuple[dict[YamlPath, Position], dict[YamlPath, Position]]:
    """The position of every value and key of a document that the fast path read (one plain
    mapping: no alias, tag or repeated key), as `_DocumentBuilder` records them, at a fraction
    of its cost: no data is built and nothing is checked again. Empty if it cannot be read."""
    values: dict[YamlPath, Position] = {}
    keys: dict[YamlPath, Position] = {}
    loader = _PositionLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return values, keys
    finally:
        loader.dispose()
    stack: list[tuple[yaml.Node, YamlPath]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        mark = node.start_mark
        values[path] = Position(mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = (*path, str(key_node.value))
                mark = key_node.start_mark
                keys[child] = Position(mark.line + 1, mark.column + 1)
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
    return values, keys


def read_yaml_file(
    path: Path, root: Path, sink: DiagnosticSink, max_bytes: int, setting: str = "max_file_bytes"
) -> LocatedDocument | None:
    text = read_text(path, root, sink, max_bytes, setting)
    if text is None:
        return None
    return parse_yaml(text, relative(path, root), sink)


def _mark(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def parse_yaml(text: str, name: str, sink: DiagnosticSink) -> LocatedDocument | None:
    """Parse one YAML mapping document, recording positions; report problems to `sink`."""
    try:
        return _parse_yaml(text, name, sink)
    except RecursionError:
        YAML_SYNTAX.report(sink, name, Position(1, 1), "values are nested too deeply")
        return None


def _parse_yaml(text: str, name: str, sink: DiagnosticSink) -> LocatedDocument | None:
    data = _load_plain_mapping(text)
    if data is not None:
        return LocatedDocument(path=name, data=data, text=text)
    return _parse_yaml_with_positions(text, name, sink)


class _Refused(Exception):
    """The fast path met something only the careful path reports well."""


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAX_NESTING = 64  # claims nest four levels; the careful path reports deeper files
_SCALARS = yaml.SafeLoader("")  # constructs the few scalars that are not strings


def _load_plain_mapping(text: str) -> dict[str, Any] | None:
    """The document's data when it is one plain mapping with nothing to report, else None.

    PyYAML's C parser composes the nodes; this walk turns them into data with a single call
    per node, where PyYAML's generic constructor makes several.
    """
    loader = _YamlLoader(text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):
            return None
        data: dict[str, Any] = _plain_value(node, 1, set())  # a mapping node's value: a dict
        return data
    except (_Refused, yaml.YAMLError, ValueError, OverflowError, TypeError, RecursionError):
        return None
    finally:
        loader.dispose()


def _plain_value(node: yaml.Node, depth: int, containers: set[int]) -> Any:
    tag = node.tag
    if tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.ScalarNode):
        if tag not in _ALLOWED_TAGS:
            raise _Refused
        return _SCALARS.yaml_constructors[tag](_SCALARS, node)  # int, float, bool, null, date
    if depth > _MAX_NESTING or id(node) in containers:
        raise _Refused  # too deep, or an alias
    containers.add(id(node))
    if tag == _SEQ_TAG and isinstance(node, yaml.SequenceNode):
        return [_plain_value(item, depth + 1, containers) for item in node.value]
    if tag != _MAP_TAG or not isinstance(node, yaml.MappingNode):
        raise _Refused
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key_node.tag != _STR_TAG or not isinstance(key, str) or key in result:
            raise _Refused  # a merge key, a key that is not a plain name, or a repeated key
        result[key] = _plain_value(value_node, depth + 1, containers)
    return result


def _parse_yaml_with_positions(
    text: str, name: str, sink: DiagnosticSink
) -> LocatedDocument | None:
    try:
        nodes = list(yaml.compose_all(text, Loader=_YamlLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if "\t" in problem or "'\\t'" in problem:
            problem = "a tab character cannot indent YAML"
        YAML_SYNTAX.report(sink, name, _mark(mark) if mark else Position(1, 1), problem)
        return None
    except yaml.YAMLError as error:  # e.g. a reader error on control characters
        YAML_SYNTAX.report(
            sink, name, _position_from_reader_error(error), str(error).split("\n")[0]
        )
        return None
    nodes = [node for node in nodes if node is not None]
    if not nodes:
        EMPTY_FILE.report(sink, name, Position(1, 1), "file holds no YAML content")
        return None
    if len(nodes) > 1:
        YAML_MULTIPLE_DOCUMENTS.report(
            sink,
            name,
            _mark(nodes[1].start_mark),
            f"file holds {len(nodes)} YAML documents; a claim file holds one",
        )
        return None
    root_node = nodes[0]
    if not isinstance(root_node, yaml.MappingNode):
        YAML_NOT_MAPPING.report(
            sink,
            name,
            _mark(root_node.start_mark),
            f"top level is a {_node_kind(root_node)}, not a mapping of fields",
        )
        return None
    builder = _DocumentBuilder(name, sink, text)
    data = builder.build(root_node, ())
    if builder.failed:
        return None
    return LocatedDocument(path=name, data=data, values=builder.values, keys=builder.keys)


_ALIAS = re.compile(r"(?<![\w'\"])\*[^\s,\[\]{}]+")


def _first_alias(text: str) -> Position:
    """Where the first `*alias` is written (composed nodes do not remember alias positions)."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ALIAS.search(line.split("#", 1)[0])
        if match:
            return Position(number, match.start() + 1)
    return Position(1, 1)


def _position_from_reader_error(error: yaml.YAMLError) -> Position:
    position = getattr(error, "position", None)
    return Position(1, (position or 0) + 1)


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    return "single value"


class _DocumentBuilder:
    """Turns a composed YAML node tree into Python data, refusing what claims must not use."""

    def __init__(self, name: str, sink: DiagnosticSink, text: str) -> None:
        self.name = name
        self.text = text
        self.sink = sink
        self.values: dict[YamlPath, Position] = {}
        self.keys: dict[YamlPath, Position] = {}
        self.failed = False
        self._seen: set[int] = set()
        self._aliased = False
        self._constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        if self.failed and self._aliased:
            return None  # stop at the first alias: an alias bomb must not be walked
        if id(node) in self._seen:
            self._aliased = True
            self.failed = True
            YAML_UNSAFE_CONSTRUCT.report(
                self.sink,
                self.name,
                _first_alias(self.text),
                "YAML aliases (*name) are not allowed in claim files",
            )
            return None
        self._seen.add(id(node))
        self.values[path] = _mark(node.start_mark)
        if node.tag not in _ALLOWED_TAGS:
            self._fail(YAML_UNSAFE_CONSTRUCT, node, f"YAML tag {node.tag!r} is not allowed")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        if node.tag == _STR_TAG:
            return node.value  # what the constructor would return, without its overhead
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            self._fail(YAML_SYNTAX, node, f"cannot read value: {error}".split("\n")[0])
            return None

    def _build_mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            is_merge = key_node.tag == "tag:yaml.org,2002:merge"
            if not isinstance(key_node, yaml.ScalarNode) or is_merge:
                self._fail(YAML_UNSAFE_CONSTRUCT, key_node, "mapping keys must be plain names")
                continue
            key = str(key_node.value)
            key_position = _mark(key_node.start_mark)
            if key in first_seen:
                earlier = first_seen[key]
                YAML_DUPLICATE_KEY.report(
                    self.sink,
                    self.name,
                    key_position,
                    f"key {key!r} repeats the one on line {earlier.line}",
                )
                self.failed = True
                continue
            first_seen[key] = key_position
            self.keys[(*path, key)] = key_position
            result[key] = self.build(value_node, (*path, key))
        return result

    def _fail(self, rule: Rule, node: yaml.Node, message: str) -> None:
        rule.report(self.sink, self.name, _mark(node.start_mark), message)
        self.failed = True
