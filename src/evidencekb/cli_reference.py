"""The command-line reference page (`cli.md`), written from the argument parser's help."""

from __future__ import annotations

import argparse
import os


def reference_page(parser: argparse.ArgumentParser) -> str:
    """The command-line reference page, generated from the argument parser itself."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    lines = [
        "# Command line",
        "",
        "Generated from `evidencekb --help` at build time, so it cannot drift from the code.",
        "Exit codes: 0 clean, 1 content findings, 2 could not run (usage, configuration, I/O).",
        "",
        "```text",
        _help_text(parser),
        "```",
        "",
    ]
    subparsers = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    for name, sub in subparsers.choices.items():
        lines += [f"## `evidencekb {name}`", "", "```text", _help_text(sub), "```", ""]
    return "\n".join(lines)


def _help_text(parser: argparse.ArgumentParser) -> str:
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"  # stable wrapping, whatever the terminal
    try:
        return parser.format_help().rstrip()
    finally:
        if previous is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = previous
