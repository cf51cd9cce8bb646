"""The code's shape holds: the import graph follows the pipeline, sizes stay small, types check.

The same checks run by hand with `python tools/architecture.py`;
src/evidencekb/docs/architecture.md shows the layers, and a test keeps it listing the same ones.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "architecture", ROOT / "tools" / "architecture.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["architecture"] = module
    spec.loader.exec_module(module)
    return module


architecture = _tool()


def test_every_module_belongs_to_a_layer_and_imports_only_its_own_or_earlier_ones() -> None:
    assert [str(p) for p in architecture.layering_problems(architecture.import_graph())] == []


def test_no_modules_import_each_other() -> None:
    assert architecture.cycles(architecture.import_graph()) == []


def test_modules_and_functions_stay_small() -> None:
    assert [str(p) for p in architecture.size_problems()] == []


def test_the_checker_sees_an_upstream_import_and_a_cycle() -> None:
    graph = {"load": {"render"}, "render": {"load"}, "model": set()}
    problems = [str(p) for p in architecture.layering_problems(graph)]
    assert problems == ["load: imports render (render), a later stage than its own (load)"]
    assert architecture.cycles(graph) == [["load", "render"]]


def test_imports_inside_functions_and_relative_imports_count(tmp_path: Path) -> None:
    module = tmp_path / "late.py"
    module.write_text(
        "def f():\n    from evidencekb.render import pages\n    from . import cli\n",
        encoding="utf-8",
    )
    found = architecture.imports_of("late", module, {"render.pages", "cli", "render"})
    assert found == {"render.pages", "cli"}


def test_the_architecture_page_lists_the_layers_in_order() -> None:
    page = (ROOT / "src" / "evidencekb" / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| `([a-z]+)` \| ([^|]+) \|", page, flags=re.MULTILINE)
    listed = [(int(n), name, re.findall(r"`([a-z_.]+)`", members)) for n, name, members in rows]
    expected = [(n, name, list(members)) for n, (name, members) in enumerate(architecture.LAYERS)]
    assert listed == expected


def test_the_command_prints_the_graph_and_exits_clean() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "architecture.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "0 problem(s)" in run.stderr
    assert " 0 diagnostics" in run.stdout


def test_mypy_finds_no_type_error(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
