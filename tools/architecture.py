"""The shape of `src/evidencekb`, checked: the import graph follows the pipeline, sizes stay small.

    python tools/architecture.py            # the layers, each module's imports, and any problem
    python tools/architecture.py --mermaid  # the layer graph as a Mermaid diagram

Exit status 1 when a module imports a later stage (an upstream import), modules import each other
in a cycle, a module is over 400 lines or a function over 50. `tests/test_architecture.py` runs the
same checks, and src/evidencekb/docs/architecture.md shows the same layers.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "evidencekb"
SOURCE = Path(__file__).resolve().parent.parent / "src" / PACKAGE
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50

# The pipeline, first stage first. A module may import its own layer and earlier ones only.
# Each entry: the layer's name and the modules (or packages, with everything under them) in it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("diagnostics", ("diagnostics", "rules.registry", "memo")),
    ("model", ("model",)),
    ("adapters", ("adapters",)),
    ("load", ("load",)),
    ("rules", ("rules",)),
    ("index", ("index",)),
    ("render", ("render",)),
    ("output", ("site", "csp")),
    ("engines", ("engines",)),
    ("project", ("project", "diff", "scaffold", "schema", "init")),
    ("commands", ("report", "build", "serve")),
    ("cli", ("cli", "cli_reference", "__main__", "__init__")),
]


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def modules() -> dict[str, Path]:
    """Dotted name (without the package prefix) -> file, for every module of the package."""
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts.pop()
        found[".".join(parts)] = path
    return found


def layer_of(module: str) -> int:
    """The index of the module's layer: the longest matching entry wins."""
    best, best_length = -1, -1
    for index, (_, members) in enumerate(LAYERS):
        for member in members:
            if (module == member or module.startswith(member + ".")) and len(member) > best_length:
                best, best_length = index, len(member)
    return best


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `module` imports, anywhere in the file (also inside
    functions and under TYPE_CHECKING: each is a dependency all the same)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package_parts = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package_parts[: len(package_parts) - node.level + 1]
                base = ".".join([PACKAGE, *anchor, *([base] if base else [])])
            # `from package import module` depends on the module; `from module import name`
            # on the module (resolved below to the longest known prefix).
            names = [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            if name == PACKAGE or not name.startswith(PACKAGE + "."):
                continue
            target = _known_prefix(name[len(PACKAGE) + 1 :], known)
            if target and target != module:
                found.add(target)
    return found


def _known_prefix(name: str, known: set[str]) -> str | None:
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in known:
            return candidate
    return None


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {module: imports_of(module, path, known) for module, path in found.items()}


def layering_problems(graph: dict[str, set[str]]) -> Iterator[Problem]:
    for module, targets in sorted(graph.items()):
        if layer_of(module) < 0:
            yield Problem(module, "belongs to no layer (add it to LAYERS in tools/architecture.py)")
            continue
        for target in sorted(targets):
            if layer_of(target) > layer_of(module):
                yield Problem(
                    module,
                    f"imports {target} ({LAYERS[layer_of(target)][0]}), a later stage than "
                    f"its own ({LAYERS[layer_of(module)][0]})",
                )


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def size_problems() -> Iterator[Problem]:
    for module, path in modules().items():
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            yield Problem(module, f"{lines} lines (at most {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    yield Problem(
                        f"{module}.{node.name} (line {node.lineno})",
                        f"{length} lines (at most {MAX_FUNCTION_LINES})",
                    )


def problems() -> list[Problem]:
    graph = import_graph()
    found = list(layering_problems(graph))
    found += [Problem(" <-> ".join(c), "import each other (a cycle)") for c in cycles(graph)]
    return found + list(size_problems())


def mermaid(graph: dict[str, set[str]]) -> str:
    edges = {
        (LAYERS[layer_of(module)][0], LAYERS[layer_of(target)][0])
        for module, targets in graph.items()
        for target in targets
        if layer_of(module) >= 0 and layer_of(target) >= 0 and layer_of(module) != layer_of(target)
    }
    lines = ["flowchart RL"] + [f"  {a} --> {b}" for a, b in sorted(edges)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mermaid", action="store_true", help="print the layer graph only")
    args = parser.parse_args(argv)
    graph = import_graph()
    if args.mermaid:
        print(mermaid(graph))
        return 0
    for number, (name, _) in enumerate(LAYERS):
        print(f"{number:2} {name}")
        for module in sorted(m for m in graph if layer_of(m) == number):
            targets = ", ".join(sorted(graph[module])) or "-"
            print(f"     {module} -> {targets}")
    found = problems()
    for problem in found:
        print(f"problem: {problem}", file=sys.stderr)
    print(f"{len(graph)} modules, {len(found)} problem(s)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
