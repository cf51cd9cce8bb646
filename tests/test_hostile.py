"""Broken and hostile input: a located diagnostic, exit 1, no traceback, nothing dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekb.cli import main

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)

CLAIM_CASES = {
    # EKB101: the column is where PyYAML gave up, which may move between its releases (None: any)
    "invalid-yaml": ("claims/alpha/bad.yaml", b"id: [unclosed\n", "EKB101", (2, None)),
    "tab-indent": ("claims/alpha/bad.yaml", b"id: x\n\ttitle: y\n", "EKB101", (2, None)),
    "duplicate-key": ("claims/alpha/bad.yaml", b"id: a\nid: b\n", "EKB102", (2, 1)),
    "not-a-mapping": ("claims/alpha/bad.yaml", b"just a string\n", "EKB103", (1, 1)),
    "two-documents": ("claims/alpha/bad.yaml", b"id: a\n---\nid: b\n", "EKB104", (3, 1)),
    "python-tag": (
        "claims/alpha/bad.yaml",
        b"id: !!python/object/apply:os.system [ls]\n",
        "EKB105",
        (1, 5),
    ),
    "alias-bomb": ("claims/alpha/bad.yaml", ALIAS_BOMB.encode(), "EKB105", (2, 8)),
    "latin-1": ("claims/alpha/bad.yaml", "id: café\n".encode("latin-1"), "EKB106", (1, 8)),
    "bom": ("claims/alpha/bad.yaml", b"\xef\xbb\xbfid: x\n", "EKB106", (1, 1)),
    "empty": ("claims/alpha/bad.yaml", b"", "EKB107", (1, 1)),
    "only-comments": ("claims/alpha/bad.yaml", b"# nothing\n", "EKB107", (1, 1)),
    "oversized": ("claims/alpha/bad.yaml", b"id: x\n" + b"# pad\n" * 200_000, "EKB108", (1, 1)),
    "deep-nesting": (
        "claims/alpha/bad.yaml",
        b"id: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "EKB101",
        (1, None),  # the column is where PyYAML gave up, which differs between its releases
    ),
    "bib-stray-text": ("sources/bad.bib", b"% ok\nstray words\n", "EKB306", (2, 1)),
    "nul-bytes": ("claims/alpha/bad.yaml", b"id: x\x00\n", "EKB101", (1, None)),
    "unbalanced-braces": (
        "sources/bad.bib",
        b"@article{k1,\n  title = {Open {brace},\n  year = 2020,\n",
        "EKB301",
        (1, 1),
    ),
    "bib-duplicate-field": (
        "sources/bad.bib",
        b"@misc{k2,\n title = {A},\n title = {B},\n"
        b" url = {https://x.org},\n design = {other},\n}\n",
        "EKB303",
        (3, 2),
    ),
    "bib-string-macro": ("sources/bad.bib", b'@string{j = "J"}\n', "EKB305", (1, 1)),
    "bib-missing-key": (
        "sources/bad.bib",
        b"@article{,\n title = {No key},\n}\n",
        "EKB301",
        (1, 1),
    ),
    "bib-unknown-type": (
        "sources/bad.bib",
        b"@blogpost{k3,\n title = {T},\n url = {https://x.org},\n design = {news},\n}\n",
        "EKB304",
        (1, 1),
    ),
}


@pytest.mark.parametrize("case", sorted(CLAIM_CASES), ids=sorted(CLAIM_CASES))
def test_hostile_file_gives_located_error(
    case: str, valid_kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    relative, content, code, (line, column) = CLAIM_CASES[case]
    target = valid_kb / relative
    target.write_bytes(content)
    # --strict so that the one warning here (stray text in a .bib file) fails as well
    assert main(["check", "-C", str(valid_kb), "--format", "json", "--strict"]) == 1
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    located = [
        (d["path"], d["code"], d["line"], d["column"] if column is not None else None)
        for d in found
    ]
    assert (relative, code, line, column) in located, located


@pytest.mark.parametrize("claim_id", ["../../x", "Has Spaces", "UPPER", "trailing-", "a--b"])
def test_unsafe_claim_ids_are_refused(
    claim_id: str, valid_kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = valid_kb / "claims/alpha/claim-one.yaml"
    path.write_text(path.read_text().replace("id: claim-one", f"id: {json.dumps(claim_id)}"))
    assert main(["check", "-C", str(valid_kb), "--format", "json"]) == 1
    diagnostics = json.loads(capsys.readouterr().out)["diagnostics"]
    assert any(
        d["code"] == "EKB201"
        and d["message"].startswith("id: ")  # then pydantic's words
        and (d["line"], d["column"]) == (1, 5)
        for d in diagnostics
    ), diagnostics


def test_strict_turns_warnings_into_failures(valid_kb: Path) -> None:
    path = valid_kb / "claims/beta/claim-two.yaml"
    text = path.read_text()
    start = text.index("  - source: smith2020trial")
    path.write_text(text[:start] + text[text.index("reviewed:") :])  # now a single source
    assert main(["check", "-C", str(valid_kb)]) == 0
    assert main(["check", "-C", str(valid_kb), "--strict"]) == 1


def test_severity_can_be_changed_per_rule(valid_kb: Path) -> None:
    path = valid_kb / "claims/beta/claim-two.yaml"
    text = path.read_text()
    start = text.index("  - source: smith2020trial")
    path.write_text(text[:start] + text[text.index("reviewed:") :])
    settings = valid_kb / "pyproject.toml"
    settings.write_text(settings.read_text() + '\n[tool.evidencekb.severity]\nEKB506 = "error"\n')
    assert main(["check", "-C", str(valid_kb)]) == 1
    settings.write_text(settings.read_text().replace('"error"', '"off"'))
    assert main(["check", "-C", str(valid_kb), "--strict"]) == 0


def test_bad_severity_setting_is_a_usage_error(
    valid_kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = valid_kb / "pyproject.toml"
    settings.write_text(settings.read_text() + '\n[tool.evidencekb.severity]\nEKB999 = "error"\n')
    assert main(["check", "-C", str(valid_kb)]) == 2
    assert "unknown rule code 'EKB999'" in capsys.readouterr().err


def test_nested_positions_are_exact(valid_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = valid_kb / "claims/alpha/claim-one.yaml"
    text = path.read_text().replace(
        "related:",
        "  - source: smith2020trial\n    stance: context\n"
        "  - source: nosuchkey\n    stance: context\nrelated:",
    )
    path.write_text(text)
    assert main(["check", "-C", str(valid_kb), "--format", "json"]) == 1
    [diagnostic] = json.loads(capsys.readouterr().out)["diagnostics"]
    third_source_line = text.splitlines().index("  - source: nosuchkey") + 1
    assert (diagnostic["line"], diagnostic["column"]) == (third_source_line, 13)
    assert diagnostic["message"] == "unknown source key 'nosuchkey'"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(claim_text=st.text(max_size=400), bib_text=st.text(max_size=400))
def test_arbitrary_text_never_gives_a_traceback(
    claim_text: str, bib_text: str, valid_kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (valid_kb / "claims/alpha/fuzz.yaml").write_text(claim_text, encoding="utf-8")
    (valid_kb / "sources/fuzz.bib").write_text(bib_text, encoding="utf-8")
    assert main(["check", "-C", str(valid_kb)]) in {0, 1}
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internal error" not in captured.err
