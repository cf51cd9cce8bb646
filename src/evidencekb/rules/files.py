"""File rules: files that are not read, or not read as they are (EKB120-EKB129, the
hand-written docs pages, are in `evidencekb.rules.docs`).

Checked by the loader (`evidencekb.load.discover` and `evidencekb.load.files`), which reports
these codes."""

from __future__ import annotations

from evidencekb.rules.registry import Scope, Severity, declare

ERROR, WARNING = Severity.ERROR, Severity.WARNING

FILE_ENCODING = declare(
    "EKB106",
    "file-encoding",
    ERROR,
    Scope.FILE,
    "The file is not valid UTF-8 text.",
    "Save the file as UTF-8.",
)

EMPTY_FILE = declare(
    "EKB107",
    "empty-file",
    ERROR,
    Scope.FILE,
    "The file is empty.",
    "Fill it in (`evidencekb new` scaffolds a claim) or delete it.",
)

FILE_TOO_LARGE = declare(
    "EKB108",
    "file-too-large",
    ERROR,
    Scope.FILE,
    "The file is larger than the configured maximum.",
    "Split it up; a claim file is a few dozen lines.",
)

FILE_NOT_READ = declare(
    "EKB110",
    "file-not-read",
    WARNING,
    Scope.FILE,
    "A file in claims/, sources/ or docs/ is not read: its extension is not one the tool "
    "reads there (claims: .yaml, .yml; sources: .bib in any subfolder; docs: .md pages and "
    "images, PDF, .txt, .csv). Hidden files (names starting with `.`) and README files in "
    "sources/ are skipped without a warning.",
    "Rename the file to the extension meant, move it out of the folder, or delete it.",
)

SYMLINK_OUTSIDE_PROJECT = declare(
    "EKB111",
    "symlink-outside-project",
    ERROR,
    Scope.FILE,
    "A symbolic link points outside the project; it is not followed and its target is never read.",
    "Replace the link with the file itself, or point it at a file inside the project.",
)

DANGLING_SYMLINK = declare(
    "EKB112",
    "dangling-symlink",
    ERROR,
    Scope.FILE,
    "A symbolic link points to nothing (or to a loop of links).",
    "Delete the link, or point it at the file meant.",
)

NOT_A_REGULAR_FILE = declare(
    "EKB113",
    "not-a-regular-file",
    ERROR,
    Scope.FILE,
    "A FIFO, socket or device is where a file is read; it is never opened.",
    "Delete it; claims, sources and pages are ordinary files.",
)

DOCS_PAGE_GENERATED = declare(
    "EKB114",
    "docs-page-generated",
    ERROR,
    Scope.FILE,
    "A docs/ file has the path of a page the build generates (index.md, README.md, "
    "bibliography.md, guardrails.md, harm-cases.md, rules.md, cli.md, 404.html, sitemap.xml, "
    "or anything under articles/, assets/, claims/, data/, search/, sources/, topics/); "
    "it is left out rather than replace the generated page.",
    "Rename or move the file.",
)
