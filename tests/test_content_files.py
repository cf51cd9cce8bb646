"""Content is data: names, paths, links and odd files in a pull request never escape the project.

Each scenario is a tiny knowledge base (the valid fixture plus one hostile change) inside a
folder that also holds a file of its own beside the project, so a test can check that nothing
outside the project changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, make_scenario
from evidencekb.cli import main
from evidencekb.load import is_generated
from evidencekb.project import Project
from evidencekb.site import SITE_MARKER, OutputError, write_docs

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    (tmp_path / "beside.txt").write_text("not the project's\n")
    project = make_scenario(tmp_path / "kb")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # not strict: the repository's nav names pages the tiny fixture does not have
    (project / "mkdocs.yml").write_text(config.replace("strict: true", "strict: false"))
    return project


def located(project: Path) -> list[tuple[str, str, int, int]]:
    return [
        (d.path, d.code, d.position.line, d.position.column)
        for d in Project(project).check().diagnostics
    ]


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file and link under `folder` (outside `skip`), with a digest of what it holds."""
    found = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = Path(directory, name)
            if skip is not None and path.is_relative_to(skip):
                continue
            content = os.readlink(path) if path.is_symlink() else path.read_bytes()
            found[str(path)] = hashlib.sha256(str(content).encode()).hexdigest()
    return found


def build(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["build", "-C", str(project)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def set_setting(project: Path, line: str) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + line + "\n")


# --- names ---------------------------------------------------------------------------------


def test_source_key_with_a_path_is_refused_and_never_rendered(
    kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb / "sources" / "evil.bib").write_text(
        "@misc{../../../docs/about,\n  title = {Overwrite},\n"
        "  url = {https://example.org/x},\n  design = {opinion},\n}\n"
    )
    assert located(kb) == [("sources/evil.bib", "EKB109", 1, 7)]
    assert "../../../docs/about" not in Project(kb).check().kb.sources
    outside = snapshot(kb.parent, skip=kb / "build")
    code, output = build(kb, capsys)
    assert code == 1
    assert "sources/evil.bib:1:7: EKB109" in output
    assert snapshot(kb.parent, skip=kb / "build") == outside


def test_topic_id_with_a_path_is_refused_at_its_position(kb: Path) -> None:
    topics = kb / "topics.yaml"
    topics.write_text(topics.read_text().replace("id: alpha", 'id: "../x"', 1))
    assert located(kb) == [("topics.yaml", "EKB203", 2, 9)]
    assert Project(kb).check().kb.topics == []


# --- settings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "setting"),
    [
        ('site_dir = "."', "site_dir"),
        ('site_dir = ".."', "site_dir"),
        ('build_dir = "claims"', "build_dir"),
        ('site_dir = "docs"', "site_dir"),
        ('site_dir = ".git"', "site_dir"),
        ('claims_dir = "/etc"', "claims_dir"),
        ('sources_dir = "../elsewhere"', "sources_dir"),
    ],
)
def test_settings_that_point_at_content_or_outside_exit_2(
    kb: Path, capsys: pytest.CaptureFixture[str], line: str, setting: str
) -> None:
    set_setting(kb, line)
    before = snapshot(kb.parent)
    code, output = build(kb, capsys)
    assert code == 2
    assert output.startswith(f"error: pyproject.toml [tool.evidencekb]: {setting} = ")
    assert output.count("[tool.evidencekb]") == 1  # one sentence, about the setting at fault
    assert "Traceback" not in output
    assert snapshot(kb.parent) == before
    assert main(["check", "-C", str(kb)]) == 2


def test_a_wrong_setting_type_is_explained_in_full(
    kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_setting(kb, "site_dir = 1")
    assert main(["check", "-C", str(kb)]) == 2
    error = capsys.readouterr().err
    assert "[tool.evidencekb]: site_dir: " in error  # then pydantic's sentence, in full
    assert "string" in error


def test_existing_site_folder_without_marker_is_not_replaced(
    kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb / "site").mkdir()
    (kb / "site" / "mine.txt").write_text("kept")
    code, output = build(kb, capsys)
    assert code == 2
    assert f"has no {SITE_MARKER} file" in output
    assert sorted(p.name for p in (kb / "site").iterdir()) == ["mine.txt"]


# --- links and special files ---------------------------------------------------------------


def test_link_to_a_file_outside_the_project_is_not_read(
    kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb / "claims" / "alpha" / "passwd.yaml").symlink_to("/etc/passwd")
    assert located(kb) == [("claims/alpha/passwd.yaml", "EKB111", 1, 1)]
    assert main(["check", "-C", str(kb)]) == 1
    assert "root:" not in capsys.readouterr().out


def test_link_to_a_folder_outside_the_project_is_not_walked(kb: Path) -> None:
    outside = kb.parent / "outside"
    outside.mkdir()
    (outside / "claim.yaml").write_text("id: x\n")
    (kb / "claims" / "gamma").symlink_to(outside)
    (kb / "claims" / "loop").symlink_to(kb / "claims")
    assert located(kb) == [("claims/gamma", "EKB111", 1, 1)]


def test_dangling_link_is_reported(kb: Path) -> None:
    (kb / "sources" / "gone.bib").symlink_to("missing.bib")
    (kb / "docs" / "gone.md").symlink_to("nowhere.md")
    assert located(kb) == [
        ("docs/gone.md", "EKB112", 1, 1),
        ("sources/gone.bib", "EKB112", 1, 1),
    ]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own, so a hang on a FIFO ends the test at 60 s."""
    return subprocess.run(
        [sys.executable, "-m", "evidencekb", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_fifo_is_refused_without_being_opened(kb: Path) -> None:
    os.mkfifo(kb / "claims" / "alpha" / "pipe.yaml")
    (kb / "topics.yaml").unlink()
    os.mkfifo(kb / "topics.yaml")
    run = run_cli("check", "-C", str(kb))
    assert run.returncode == 1
    assert "claims/alpha/pipe.yaml:1:1: EKB113 a FIFO (named pipe)" in run.stdout
    assert "topics.yaml:1:1: EKB113" in run.stdout


# --- files not read ------------------------------------------------------------------------


def test_files_the_tool_does_not_read_are_named(kb: Path) -> None:
    (kb / "claims" / "alpha" / "x.txt").write_text("id: x\n")
    (kb / "claims" / "alpha" / "y.json").write_text("{}\n")
    (kb / "claims" / "alpha" / ".gitkeep").write_text("")
    (kb / "sources" / "notes.txt").write_text("to do\n")
    (kb / "sources" / "README.md").write_text("# Sources\n")
    assert located(kb) == [
        ("claims/alpha/x.txt", "EKB110", 1, 1),
        ("claims/alpha/y.json", "EKB110", 1, 1),
        ("sources/notes.txt", "EKB110", 1, 1),
    ]


def test_bib_files_in_subfolders_are_read(kb: Path) -> None:
    (kb / "sources" / "sub").mkdir()
    (kb / "sources" / "sub" / "more.bib").write_text(
        "@misc{more2020,\n  title = {More},\n  url = {https://example.org/m},\n"
        "  design = {opinion},\n}\n"
    )
    result = Project(kb).check()
    assert "more2020" in result.kb.sources
    assert located(kb) == [("sources/sub/more.bib", "EKB703", 1, 7)]


# --- docs ----------------------------------------------------------------------------------


def test_images_in_docs_are_published_unchanged(
    kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb / "docs" / "img.png").write_bytes(PNG)
    outside = snapshot(kb.parent, skip=kb)
    code, output = build(kb, capsys)
    assert code == 0, output
    assert (kb / "build" / "docs" / "img.png").read_bytes() == PNG
    assert (kb / "site" / "img.png").read_bytes() == PNG
    assert (kb / "site" / SITE_MARKER).is_file()
    assert snapshot(kb.parent, skip=kb) == outside
    code, output = build(kb, capsys)  # a site with the marker is replaced
    assert code == 0, output
    assert "0 pages written" in output


def test_docs_page_with_a_generated_path_is_an_error(kb: Path) -> None:
    (kb / "docs" / "index.md").write_text("# Mine\n")
    (kb / "docs" / "claims").mkdir()
    (kb / "docs" / "claims" / "claim-one.md").write_text("# Fake claim\n")
    result = Project(kb).check()
    assert located(kb) == [
        ("docs/claims/claim-one.md", "EKB114", 1, 1),
        ("docs/index.md", "EKB114", 1, 1),
    ]
    assert "index.md" not in result.kb.docs


def test_docs_page_that_is_not_utf8_is_located(kb: Path) -> None:
    (kb / "docs" / "bad.md").write_bytes(b"# Title\n\ncaf\xe9\n")
    (kb / "docs" / "page.html").write_text("<script>alert(1)</script>\n")
    assert located(kb) == [
        ("docs/bad.md", "EKB106", 3, 4),
        ("docs/page.html", "EKB110", 1, 1),
    ]


def test_every_generated_page_is_a_reserved_path(valid_kb: Path) -> None:
    project = Project(valid_kb)
    result = project.check()
    pages = project.render(result)
    generated = [name for name in pages if name not in result.kb.docs]
    assert generated
    assert [name for name in generated if not is_generated(name)] == []
    assert all(is_generated(name) for name in ["assets/evidencekb.css", "data/claims.json"])


# --- writing -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../evil.md", "/tmp/evil.md", "a/../../evil.md", "a\\b.md"])
def test_write_docs_refuses_a_path_outside_the_docs_folder(tmp_path: Path, name: str) -> None:
    docs = tmp_path / "build" / "docs"
    with pytest.raises(OutputError, match="refusing to write"):
        write_docs({"index.md": "# Home\n", name: "x"}, docs)
    assert not (tmp_path / "build" / "evil.md").exists()
    assert not (tmp_path / "evil.md").exists()


def test_write_docs_removes_links_instead_of_writing_through_them(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.md").write_text("kept")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "claims").symlink_to(outside)
    report = write_docs({"claims/keep.md": "new", "index.md": "# Home\n"}, docs, files={})
    assert (outside / "keep.md").read_text() == "kept"
    assert not (docs / "claims").is_symlink()
    assert (docs / "claims" / "keep.md").read_text() == "new"
    assert "claims/keep.md" in report.written


def test_write_docs_copies_bytes_and_skips_unchanged_ones(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    first = write_docs({"index.md": "# Home\n"}, docs, files={"img.png": PNG})
    assert "img.png" in first.written
    again = write_docs({"index.md": "# Home\n"}, docs, files={"img.png": PNG})
    assert "img.png" not in again.written
    assert (docs / "img.png").read_bytes() == PNG


# --- new ---------------------------------------------------------------------------------


def test_new_refuses_a_declared_topic_that_is_not_a_name(
    kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    topics = kb / "topics.yaml"
    topics.write_text(topics.read_text().replace("id: alpha", 'id: "../../x"', 1))
    before = snapshot(kb.parent)
    assert main(["new", "-C", str(kb), "../../x", "some-claim"]) == 2
    assert "unknown topic '../../x'" in capsys.readouterr().err
    assert snapshot(kb.parent) == before


def test_new_does_not_open_a_fifo_topics_file(kb: Path) -> None:
    (kb / "topics.yaml").unlink()
    os.mkfifo(kb / "topics.yaml")
    run = run_cli("new", "-C", str(kb), "alpha", "x")
    assert run.returncode == 2
    assert "unknown topic 'alpha'" in run.stderr


# --- the repository's own claims ---------------------------------------------------------


def test_every_claim_here_has_a_question_and_a_one_sentence_answer_and_a_few_are_featured() -> None:
    claims = Project(REPO).check().kb.claims.values()
    assert len(claims) > 0
    for claim in claims:
        assert claim.question and claim.question.rstrip().endswith("?"), claim.id
        assert claim.answer and claim.answer.rstrip().endswith("."), claim.id
        # one sentence: no full stop, question or exclamation mark followed by a new sentence
        assert not re.search(r"[.?!] [A-Z]", claim.answer), claim.id
    featured = [claim for claim in claims if claim.featured]
    assert 3 <= len(featured) <= 8, [claim.id for claim in featured]
    assert len({claim.topic for claim in featured}) >= 3
