"""Generate a synthetic, valid knowledge base of N claims and N/2 sources for the benchmark.

Shapes follow the real content: claim files of about 40 lines with GRADE reasons, nested evidence
(quotes, locators, notes), related claims and Markdown summaries; BibTeX with LaTeX accents, long
author lists, DOIs, ISBNs, PMIDs and web pages; one article under review for every 20 claims, as
in this repository (43 claims from 2 articles). Of the N/2 sources, N/20 are those articles.
Same seed, same files.

    python bench/generate.py /tmp/kb-1000 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from pathlib import Path

from evidencekb.model import Design
from evidencekb.rules.certainty import STARTING_LEVEL

REPOSITORY = Path(__file__).resolve().parent.parent
TOPICS = 12
CLAIMS_PER_ARTICLE = 20
SECTIONS = ("Introduction", "What the trials show", "Where it breaks", "Conclusion")
PARAGRAPHS = 5  # per section; claims name paragraphs 1-5, the rest are marked not checkable
ENTRIES_PER_BIB = 1000
FAMILY = (
    'M{\\"u}ller',
    "Garc{\\'\\i}a",
    "{\\O}stergaard",
    "Nakamura",
    "Smith",
    "Dubois",
    "Kowalczyk",
    "{\\c{C}}elik",
    "O'Brien",
    "Nguyen",
    "Fern{\\'a}ndez",
    "Andersson",
    'Schr{\\"o}der',
    "Rossi",
    "Okafor",
    "Lefebvre",
    "Wang",
    "Jensen",
    "Silva",
    "Novak",
)
GIVEN = ("Jane", "Hans", "Ana", "Lars", "Yuki", "Chlo{\\'e}", "Piotr", "Emre", "S{\\o}ren", "Mei")
_WORD_TEXT = (
    "alliance therapy chatbot outcome trial anxiety depression engagement rupture repair "
    "attunement regulation attachment presence empathy adherence dropout safety crisis "
    "escalation disclosure privacy oversight licensing regulation guideline evidence bias "
    "placebo waitlist control effect variance moderator mediator adolescent adult clinician "
    "supervision triage psychoeducation loneliness companion dependence harm suicide "
    "self-harm eating disorder insomnia mindfulness behavioural cognitive relational bond "
    "goal task agreement digital app text voice avatar large language model wellbeing "
    "symptom remission relapse follow-up retention usability acceptability trust warmth"
)
WORDS = tuple(_WORD_TEXT.split())
DESIGNS = ("rct", "meta-analysis", "systematic-review", "cohort", "cross-sectional", "qualitative")
STANCES = ("supports", "supports", "contradicts", "qualifies", "context")
RELATIONS = ("refines", "supports", "contradicts", "depends-on")
TODAY = dt.date(2026, 11, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("claims", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.root, args.claims, args.seed)


def generate(root: Path, claims: int, seed: int = 1) -> None:
    """Write pyproject.toml, topics.yaml, sources/ and claims/ under a fresh `root`."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "sources").mkdir(parents=True)
    articles = [f"opinion-{n:04d}" for n in range(max(claims // CLAIMS_PER_ARTICLE, 2))]
    sources = max(claims // 2, 10) - len(articles)
    (root / "pyproject.toml").write_text(
        '[tool.evidencekb]\nmax_review_age_days = 0\nsite_name = "Benchmark"\n'
    )
    (root / "topics.yaml").write_text(_topics())
    config = (REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8")  # the real site setup
    (root / "mkdocs.yml").write_text(re.sub(r"(?m)^site_name: .*$", "site_name: Benchmark", config))
    shutil.copytree(REPOSITORY / "docs", root / "docs")  # the real prose pages
    (root / "sources" / "outlines.yaml").write_text(_outlines(articles, claims))
    for start in range(0, sources, ENTRIES_PER_BIB):
        stop = min(start + ENTRIES_PER_BIB, sources)
        entries = [_entry(i, rng) for i in range(start, stop)]
        if start == 0:
            entries.extend(_article(key) for key in articles)
        (root / "sources" / f"refs-{start // ENTRIES_PER_BIB:03d}.bib").write_text(
            "\n".join(entries)
        )
    for i in range(claims):
        topic = f"topic-{i % TOPICS:02d}"
        folder = root / "claims" / topic
        folder.mkdir(parents=True, exist_ok=True)
        article = articles[i % len(articles)]
        (folder / f"{_claim_id(i)}.yaml").write_text(
            _claim(i, claims, sources, topic, article, rng)
        )


def _claim_id(i: int) -> str:
    return f"claim-{i:05d}"


def _topics() -> str:
    lines = ["topics:"]
    for t in range(TOPICS):
        lines += [
            f"  - id: topic-{t:02d}",
            f"    title: Topic {t:02d}",
            f"    description: Synthetic topic number {t} for the benchmark.",
        ]
    return "\n".join(lines) + "\n"


def _outlines(articles: list[str], claims: int) -> str:
    """Every paragraph accounted for: named by a claim, or marked not checkable."""
    named = {(articles[i % len(articles)], *_passage(i)) for i in range(claims)}
    lines = ["articles:"]
    for key in articles:
        lines += [
            f"  {key}:",
            "    about: {author: John Doe, venue: Example Blog, recorded_from: the generator}",
            "    sections:",
        ]
        for section in SECTIONS:
            lines += [f"      - heading: {section}", f"        paragraphs: {PARAGRAPHS}"]
            unnamed = [p for p in range(1, PARAGRAPHS + 1) if (key, section, p) not in named]
            if unnamed:
                lines.append("        not_checkable:")
                lines += [f"          {p}: a rhetorical aside" for p in unnamed]
    return "\n".join(lines) + "\n"


def _passage(i: int) -> tuple[str, int]:
    """The section and paragraph claim i is asserted in."""
    return SECTIONS[i % len(SECTIONS)], 1 + i % PARAGRAPHS


def _design(i: int) -> str:
    """The design of source i (as `_entry` writes it)."""
    return {9: "narrative-review", 8: "guideline"}.get(i % 10, DESIGNS[i % len(DESIGNS)])


def _phrase(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _entry(i: int, rng: random.Random) -> str:
    key = f"src{i:05d}"
    authors = " and ".join(
        f"{rng.choice(FAMILY)}, {rng.choice(GIVEN)} {chr(65 + rng.randrange(26))}."
        for _ in range(rng.choice((1, 2, 3, 6, 12, 25)))
    )
    title = f"{_phrase(rng, 9).capitalize()} ({i})"
    year = 1990 + rng.randrange(36)
    kind = i % 10
    if kind == 9:
        return (
            f"@book{{{key},\n  author    = {{{authors}}},\n  title     = {{{title}}},\n"
            f"  publisher = {{Synthetic Press}},\n  year      = {{{year}}},\n"
            f"  isbn      = {{{_isbn13(i)}}},\n  url       = {{https://example.org/books/{i}}},\n"
            f"  design    = {{{_design(i)}}},\n}}\n"
        )
    if kind == 8:
        return (
            f"@online{{{key},\n  author  = {{{{Agency for Synthetic Health {i}}}}},\n"
            f"  title   = {{{title}}},\n  organization = {{Example Health Agency}},\n"
            f"  year    = {{{year}}},\n  url     = {{https://example.org/statements/{i}}},\n"
            f"  urldate = {{2026-11-01}},\n  design  = {{{_design(i)}}},\n}}\n"
        )
    return (
        f"@article{{{key},\n  author  = {{{authors}}},\n  title   = {{{title}}},\n"
        f"  journal = {{Journal of Synthetic {rng.choice(WORDS).capitalize()} Studies}},\n"
        f"  year    = {{{year}}},\n  volume  = {{{1 + i % 60}}},\n  number  = {{{1 + i % 12}}},\n"
        f"  pages   = {{{100 + i % 900}--{110 + i % 900}}},\n  doi     = {{10.5555/bench.{i}}},\n"
        f"  pmid    = {{{30000000 + i}}},\n  design  = {{{_design(i)}}},\n}}\n"
    )


def _article(key: str) -> str:
    return (
        f"@online{{{key},\n  author  = {{Doe, John}},\n  title   = {{Opinion {key}}},\n"
        f"  organization = {{Example Blog}},\n  url     = {{https://example.org/{key}}},\n"
        f"  urldate = {{2026-11-01}},\n  design  = {{opinion}},\n}}\n"
    )


def _isbn13(i: int) -> str:
    digits = f"978{i:09d}"
    check = (10 - sum(int(d) * (1 if n % 2 == 0 else 3) for n, d in enumerate(digits)) % 10) % 10
    return digits + str(check)


def _claim(i: int, claims: int, sources: int, topic: str, article: str, rng: random.Random) -> str:
    others = rng.sample(range(sources), k=min(sources, rng.randint(2, 4)))
    cited = [i % sources, *[s for s in others if s != i % sources]]  # every source gets cited
    evidence = []
    weighed = []
    for n, s in enumerate(cited):
        stance = "supports" if n == 0 else rng.choice(STANCES)
        if stance != "context":
            weighed.append(Design(_design(s)))
        evidence += [
            f"  - source: src{s:05d}",
            f"    stance: {stance}",
            f'    locator: "Table {1 + n}, p. {10 + s % 300}"',
            f'    quote: "{_phrase(rng, 8)}"',
            f'    note: "{_phrase(rng, 14).capitalize()}; d = 0.{rng.randrange(10, 90)}."',
        ]
    related = sorted({(i + 1) % claims, (i + 7) % claims} - {i})
    reviewed = TODAY - dt.timedelta(days=rng.randrange(300))
    lines = [
        "# yaml-language-server: $schema=../../schema/claim.schema.json",
        f"id: {_claim_id(i)}",
        f"title: {_phrase(rng, 8).capitalize()} ({i})",
        "statement: >-",
        f"  {_phrase(rng, 16).capitalize()}",
        f"  {_phrase(rng, 16)}.",
        f"topic: {topic}",
        "kind: empirical",
        "asserted_in:",
        f"  - source: {article}",
        "    locator: \"section '{}', paragraph {}\"".format(*_passage(i)),
        f'    quote: "{_phrase(rng, 5)}"',
        "verdict: partly-supported",
        f"certainty: {_certainty(weighed)}",
        "certainty_reasons:",
        '  risk_of_bias: {concern: serious, note: "Most trials were unblinded."}',
        "  inconsistency: {concern: none}",
        '  indirectness: {concern: none, note: "Populations match the claim."}',
        "  imprecision: {concern: none}",
        "  publication_bias: {concern: none}",
        "evidence:",
        *evidence,
        "related:",
        *[f"  - claim: {_claim_id(r)}\n    relation: {rng.choice(RELATIONS)}" for r in related],
        f"reviewed: {reviewed.isoformat()}",
        "summary: |",
        f"  {_phrase(rng, 14).capitalize()} **{_phrase(rng, 2)}**.",
        f"  {_phrase(rng, 16).capitalize()}, see [the registry](https://example.org/r/{i}).",
    ]
    return "\n".join(lines) + "\n"


def _certainty(weighed: list[Design]) -> str:
    """What `check` derives: the best design's starting level, one down for risk of bias."""
    start = max(STARTING_LEVEL[design].rank for design in weighed)
    return {4: "moderate", 3: "low", 2: "very-low", 1: "very-low"}[start]


if __name__ == "__main__":
    main()
