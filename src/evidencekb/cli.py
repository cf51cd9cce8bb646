"""The command line: thin wrappers over `evidencekb.project`, `evidencekb.build` and the engines.

Exit codes: 0 clean, 1 content findings, 2 could not run (usage, configuration, I/O).
"""

from __future__ import annotations

import argparse
import io
import sys
import tarfile
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from rich.console import Console

import evidencekb.adapters.preflight  # noqa: F401  first: refuses a library version it cannot use
from evidencekb import __version__
from evidencekb.engines import DEFAULT as DEFAULT_ENGINE
from evidencekb.engines import ENGINES, RENDER_ONLY
from evidencekb.load import ConfigError
from evidencekb.project import Project
from evidencekb.report import escape, print_diagnostics
from evidencekb.site import OutputError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evidencekb",
        description="Validate an evidence knowledge base and build its website.",
    )
    parser.add_argument("--version", action="version", version=f"evidencekb {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add = partial(_add_command, commands)

    check_cmd = add("check", "Validate every claim and source; print every problem found.")
    check_cmd.add_argument(
        "--format",
        choices=["text", "json", "github", "sarif"],
        default="text",
        help="text (coloured on a terminal), json, github workflow annotations, or sarif "
        "(SARIF 2.1.0, for code scanning)",
    )
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _build_options(add("build", "Check, then render the site into the site folder."))
    _serve_options(add("serve", "Preview the site; rebuild and reload on every change."))

    schema_cmd = add("schema", "Write the JSON Schema of a claim file to schema/claim.schema.json.")
    schema_cmd.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the committed schema differs from the models",
    )

    diff_cmd = add("diff", "Summarise, in Markdown, what changed since a git revision.")
    diff_cmd.add_argument("ref", help="git revision to compare with, e.g. origin/main")

    _init_options(commands)

    new_cmd = add("new", "Scaffold a claim file from the template; never overwrites.")
    new_cmd.add_argument("topic", help="topic id, as declared in topics.yaml")
    new_cmd.add_argument("id", help="claim id: lowercase words joined by hyphens")
    new_cmd.add_argument(
        "--title",
        default=None,
        help="the claim's headline: one line, at most 140 characters (default: a TODO placeholder)",
    )
    return parser


def _add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str
) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=help_text, description=help_text)
    sub.add_argument(
        "-C",
        "--root",
        type=Path,
        default=Path("."),
        help="the knowledge base's folder (default: the current folder)",
    )
    return sub


def _init_options(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    help_text = "Start a new knowledge base in a folder: a complete, working project."
    init_cmd = commands.add_parser("init", help=help_text, description=help_text)
    init_cmd.add_argument("folder", type=Path, help="where to write it (made if missing)")
    init_cmd.add_argument(
        "--title",
        default=None,
        help="the knowledge base's name, one line of at most 140 characters (asked on a "
        "terminal; default: 'Evidence knowledge base')",
    )
    init_cmd.add_argument(
        "--description",
        default=None,
        help="one or two sentences on what it tracks, for the home page (asked on a terminal)",
    )
    init_cmd.add_argument(
        "--requirement",
        default=None,
        metavar="SPEC",
        help=f"where the new project installs evidencekb from, as pip reads it (default: "
        f"evidencekb=={__version__}; e.g. 'evidencekb @ git+https://github.com/OWNER/"
        f"evidencekb@v{__version__}')",
    )


def _build_options(build_cmd: argparse.ArgumentParser) -> None:
    build_cmd.add_argument(
        "--engine",
        choices=[*ENGINES, RENDER_ONLY],
        default=DEFAULT_ENGINE,
        help=f"what turns the Markdown into HTML: {' or '.join(ENGINES)} (both read mkdocs.yml; "
        f"default: {DEFAULT_ENGINE}); {RENDER_ONLY}: only write the Markdown and data tree into "
        "the build folder, for any engine to build",
    )
    build_cmd.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (ours and the engine's) as errors; the site is left untouched",
    )
    build_cmd.add_argument(
        "--site-url",
        metavar="URL",
        help="the site's public http(s) address, for citations, canonical links, the sitemap and "
        "ClaimReview (default: EVIDENCEKB_SITE_URL, else [tool.evidencekb] site_url)",
    )
    build_cmd.add_argument(
        "--timings",
        action="store_true",
        help="print the seconds each stage took: checking, rendering and writing the Markdown "
        "(they overlap), then the engine",
    )


def _serve_options(serve_cmd: argparse.ArgumentParser) -> None:
    serve_cmd.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="HOST:PORT",
        help="where to serve (default: %(default)s)",
    )
    serve_cmd.add_argument(
        "--engine", choices=ENGINES, default=DEFAULT_ENGINE, help="(default: %(default)s)"
    )
    serve_cmd.add_argument(
        "--explain",
        action="store_true",
        help="after each save, print why each page was rendered again (what it read changed)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {
        "check": _check,
        "build": _build,
        "serve": _serve,
        "new": _new,
        "init": _init,
        "schema": _schema,
        "diff": _diff,
    }
    try:
        return handlers[args.command](args)
    except (ConfigError, OutputError) as error:
        Console(stderr=True, soft_wrap=True).print(
            f"[bold red]error:[/] {escape(str(error))}", highlight=False
        )
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    except Exception as error:  # the last resort: a bug of ours, never a traceback for users
        Console(stderr=True, soft_wrap=True).print(
            f"[bold red]internal error:[/] {type(error).__name__}: {escape(str(error))}\n"
            "This is a bug in evidencekb; please report it with the file that triggered it.",
            highlight=False,
        )
        return EXIT_ERROR


# --- check --------------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    result = Project(args.root).check()
    print_diagnostics(result, args.format, args.strict)
    return EXIT_FINDINGS if result.failed(args.strict) else EXIT_CLEAN


# --- build --------------------------------------------------------------------------------


def _build(args: argparse.Namespace) -> int:
    from evidencekb.build import build

    root = args.root.resolve()
    ok = build(root, args.engine, args.strict, args.timings, CLI_PAGES, args.site_url)
    return EXIT_CLEAN if ok else EXIT_FINDINGS


# --- serve --------------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    from evidencekb.engines import config_file, get_engine
    from evidencekb.serve import serve

    root = args.root.resolve()  # a ServeError (e.g. the address is in use) is a ConfigError
    engine, config = get_engine(args.engine), config_file(root)
    return serve(root, engine, config, args.dev_addr, CLI_PAGES, args.explain)


# --- new ----------------------------------------------------------------------------------


def _new(args: argparse.Namespace) -> int:
    from evidencekb.scaffold import ScaffoldError, scaffold_claim

    # argparse before Python 3.13 reads `--title=--` as an empty list (seen on 3.11 and 3.12)
    title = "--" if args.title == [] else args.title
    try:
        path = scaffold_claim(args.root.resolve(), args.topic, args.id, title)
    except ScaffoldError as error:
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        console.print(f"[bold red]error:[/] {escape(str(error))}")
        return EXIT_ERROR
    print(f"Created {path}. Fill in its fields, then run `evidencekb check`.")
    return EXIT_CLEAN


# --- init ---------------------------------------------------------------------------------


def _init(args: argparse.Namespace) -> int:
    from evidencekb.init import DEFAULT_TITLE, InitError, StarterValues, init_project

    title, description = args.title, args.description
    if sys.stdin.isatty() and sys.stdout.isatty():  # ask only a person at a terminal
        title = title if title is not None else _ask("Name of the knowledge base", DEFAULT_TITLE)
        description = description if description is not None else _ask("What it tracks", "")
    values = StarterValues(title or DEFAULT_TITLE, description or "")
    if args.requirement is not None:
        values = replace(values, requirement=args.requirement)
    try:
        written = init_project(args.folder, values)
    except InitError as error:
        console = Console(stderr=True, highlight=False, soft_wrap=True)
        console.print(f"[bold red]error:[/] {escape(str(error))}")
        return EXIT_ERROR
    print(_init_summary(args.folder, written))
    return EXIT_CLEAN


def _ask(question: str, default: str) -> str:
    shown = f" [{default}]" if default else ""
    try:
        return input(f"{question}{shown}: ").strip() or default
    except EOFError:
        return default


def _init_summary(folder: Path, written: list[str]) -> str:
    from evidencekb.init import EXAMPLE_CLAIM, EXAMPLE_TOPIC

    lines = [f"Created a knowledge base in {folder}/ ({len(written)} files):"]
    lines += [f"  {path}" for path in written]
    lines += [
        "",
        "Next, in that folder:",
        "  evidencekb check      # validate (an example claim is noted, EKB518)",
        "  evidencekb build      # the site, into site/ (open site/index.html)",
        f"  evidencekb new {EXAMPLE_TOPIC} my-first-claim --title 'A short headline'",
        "README.md has the two commands that set up a fresh machine from requirements/. "
        "requirements/evidencekb.txt and .pre-commit-config.yaml name where evidencekb is "
        "installed from; change both if your team gets it elsewhere.",
        f"claims/{EXAMPLE_TOPIC}/{EXAMPLE_CLAIM}.yaml is a worked example: delete it, its "
        "source and its topic once you have your own.",
    ]
    return "\n".join(lines)


# --- schema -------------------------------------------------------------------------------


def _schema(args: argparse.Namespace) -> int:
    from evidencekb.schema import SCHEMA_PATH, claim_schema_text

    target = args.root.resolve() / SCHEMA_PATH
    text = claim_schema_text()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current == text:
            print(f"{SCHEMA_PATH} is up to date.")
            return EXIT_CLEAN
        print(f"{SCHEMA_PATH} is out of date: run `evidencekb schema` and commit it.")
        return EXIT_FINDINGS
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"Wrote {SCHEMA_PATH}.")
    return EXIT_CLEAN


# --- diff ---------------------------------------------------------------------------------


def _safe_member(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """tarfile's "data" filter, skipping (instead of failing on) what it refuses: a link out of
    the tree, such as a test fixture's link to /etc/passwd, is no part of the old revision's
    knowledge base to compare."""
    try:
        return tarfile.data_filter(member, path)
    except tarfile.FilterError:
        return None


def _diff(args: argparse.Namespace) -> int:
    import subprocess
    import tempfile

    from evidencekb.diff import knowledge_base_diff

    root = args.root.resolve()
    with tempfile.TemporaryDirectory(prefix="evidencekb-diff-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", args.ref],
            capture_output=True,
            check=False,
        )
        if archive.returncode != 0:
            message = archive.stderr.decode(errors="replace").strip()
            raise ConfigError(f"git archive {args.ref}: {message}")
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter=_safe_member)
        prefix = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-prefix"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        old_root = Path(tmp) / prefix
        if not (old_root / "claims").is_dir():
            raise ConfigError(f"{args.ref}: no knowledge base at that revision")
        old = Project(old_root).check()
        new = Project(root).check()
        sys.stdout.write(
            knowledge_base_diff(args.ref, old.kb, old.diagnostics, new.kb, new.diagnostics)
        )
    return EXIT_CLEAN


# --- reference ----------------------------------------------------------------------------


def cli_reference() -> str:
    """The command-line reference page, generated from the argument parser itself."""
    from evidencekb.cli_reference import reference_page

    return reference_page(build_parser())


CLI_PAGES = {"cli.md": cli_reference}  # the pages the CLI adds to the site (see `Project`)
