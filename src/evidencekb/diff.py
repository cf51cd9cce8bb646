"""`evidencekb diff`: what a change does to the knowledge base, as Markdown for a PR comment.

Pure: compares two checked knowledge bases; reading the old one from git is the CLI's job.
"""

from __future__ import annotations

from evidencekb.diagnostics import Diagnostic
from evidencekb.index import KnowledgeBase
from evidencekb.model import Claim
from evidencekb.render.html import text as inline


def _grade(claim: Claim) -> str:
    if claim.incident is not None:  # an event is rated by its documentation
        return f"{claim.verdict.label}, documented: {claim.incident.documented.label}"
    certainty = claim.certainty.label if claim.certainty else "no"
    return f"{claim.verdict.label}, {certainty} certainty"


def _evidence_keys(claim: Claim) -> set[tuple[str, str]]:
    return {(item.source, item.stance.value) for item in claim.evidence}


def _diagnostic_key(d: Diagnostic) -> tuple[str, str, str]:
    return (d.path, d.code, d.message)


def knowledge_base_diff(
    ref: str,
    old: KnowledgeBase,
    old_diagnostics: list[Diagnostic],
    new: KnowledgeBase,
    new_diagnostics: list[Diagnostic],
) -> str:
    lines = [f"## Knowledge base changes since `{ref}`", ""]
    lines += [
        "| | Before | After |",
        "| :-- | --: | --: |",
        f"| Claims | {len(old.claims)} | {len(new.claims)} |",
        f"| Sources | {len(old.sources)} | {len(new.sources)} |",
        f"| Errors and warnings | {_problems(old_diagnostics)} | {_problems(new_diagnostics)} |",
    ]
    old_notices = len(old_diagnostics) - _problems(old_diagnostics)
    new_notices = len(new_diagnostics) - _problems(new_diagnostics)
    if old_notices or new_notices:
        lines.append(f"| Notices | {old_notices} | {new_notices} |")
    lines.append("")
    sections = [
        _claims_added(old, new),
        _claims_removed(old, new),
        _grades_changed(old, new),
        _evidence_changed(old, new),
        _sources_changed(old, new),
        _new_diagnostics(old_diagnostics, new_diagnostics),
    ]
    body = [line for section in sections for line in section]
    if not body:
        body = ["No claim, verdict, evidence or source changed.", ""]
    return "\n".join(lines + body).rstrip() + "\n"


def _section(title: str, items: list[str]) -> list[str]:
    return [f"### {title} ({len(items)})", "", *items, ""] if items else []


def _claims_added(old: KnowledgeBase, new: KnowledgeBase) -> list[str]:
    added = [new.claims[i] for i in sorted(set(new.claims) - set(old.claims))]
    return _section(
        "Claims added", [f"- **{inline(c.title)}** (`{c.id}`): {_grade(c)}" for c in added]
    )


def _claims_removed(old: KnowledgeBase, new: KnowledgeBase) -> list[str]:
    removed = [old.claims[i] for i in sorted(set(old.claims) - set(new.claims))]
    return _section("Claims removed", [f"- ~~{inline(c.title)}~~ (`{c.id}`)" for c in removed])


def _grades_changed(old: KnowledgeBase, new: KnowledgeBase) -> list[str]:
    items = []
    for claim_id in sorted(set(old.claims) & set(new.claims)):
        before, after = old.claims[claim_id], new.claims[claim_id]
        if _grade(before) != _grade(after):
            items.append(
                f"- **{inline(after.title)}** (`{claim_id}`): {_grade(before)} → {_grade(after)}"
            )
    return _section("Verdict or certainty changed", items)


def _evidence_changed(old: KnowledgeBase, new: KnowledgeBase) -> list[str]:
    items = []
    for claim_id in sorted(set(old.claims) & set(new.claims)):
        before, after = _evidence_keys(old.claims[claim_id]), _evidence_keys(new.claims[claim_id])
        changes = [f"+ `{key}` ({stance})" for key, stance in sorted(after - before)]
        changes += [f"− `{key}` ({stance})" for key, stance in sorted(before - after)]
        if changes:
            items.append(f"- **{inline(new.claims[claim_id].title)}**: {'; '.join(changes)}")
    return _section("Evidence added or removed", items)


def _sources_changed(old: KnowledgeBase, new: KnowledgeBase) -> list[str]:
    added = [
        f"- + `{k}`: {inline(new.sources[k].title)}"
        for k in sorted(set(new.sources) - set(old.sources))
    ]
    removed = [
        f"- − `{k}`: {inline(old.sources[k].title)}"
        for k in sorted(set(old.sources) - set(new.sources))
    ]
    return _section("Sources added or removed", added + removed)


def _problems(diagnostics: list[Diagnostic]) -> int:
    return sum(d.severity.value != "notice" for d in diagnostics)


def _new_diagnostics(old: list[Diagnostic], new: list[Diagnostic]) -> list[str]:
    seen = {_diagnostic_key(d) for d in old}
    fresh = [d for d in new if _diagnostic_key(d) not in seen]
    return _section(
        "New problems and notices"
        if any(d.severity.value == "notice" for d in fresh)
        else "New errors and warnings",
        [
            f"- `{d.path}:{d.position.line}:{d.position.column}` {d.code} "
            f"({d.severity.value}): {inline(d.message)}"
            for d in fresh
        ],
    )
