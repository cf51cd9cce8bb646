"""The rule registry: one stable code per kind of problem, with its default severity and hint.

The rules reference page and the tests that require a fixture per rule are both driven from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from evidencekb.diagnostics import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    hint: str


_E = Severity.ERROR
_W = Severity.WARNING
_N = Severity.NOTICE  # reported, never counted for the exit code

_RULES = [
    # 1xx: files that cannot be read (EKB120-EKB129 are reserved)
    Rule(
        "EKB101",
        "yaml-syntax",
        _E,
        "A claim or topics file is not valid YAML.",
        "Fix the YAML syntax at the position shown; indent with spaces, never tabs.",
    ),
    Rule(
        "EKB102",
        "yaml-duplicate-key",
        _E,
        "A mapping repeats a key (YAML parsers silently keep the last one).",
        "Remove or rename one of the repeated keys.",
    ),
    Rule(
        "EKB103",
        "yaml-not-mapping",
        _E,
        "The file's top level is not a mapping of fields.",
        "A claim file is a mapping: `id: ...`, `title: ...`, and so on.",
    ),
    Rule(
        "EKB104",
        "yaml-multiple-documents",
        _E,
        "The file holds more than one YAML document.",
        "Keep one claim per file; remove the `---` separator and split the file.",
    ),
    Rule(
        "EKB105",
        "yaml-unsafe-construct",
        _E,
        "The file uses a YAML tag, anchor or alias, which claim files do not allow.",
        "Write plain values: no `!tags`, `&anchors` or `*aliases`.",
    ),
    Rule(
        "EKB106",
        "file-encoding",
        _E,
        "The file is not valid UTF-8 text.",
        "Save the file as UTF-8.",
    ),
    Rule(
        "EKB107",
        "empty-file",
        _E,
        "The file is empty.",
        "Fill it in (`evidencekb new` scaffolds a claim) or delete it.",
    ),
    Rule(
        "EKB108",
        "file-too-large",
        _E,
        "The file is larger than the configured maximum.",
        "Split it up; a claim file is a few dozen lines.",
    ),
    Rule(
        "EKB109",
        "invalid-name",
        _E,
        "A source key is not a valid name. Source keys, topic ids and claim ids become file "
        "names, so all three follow one pattern: lowercase letters and digits in words joined "
        "by single hyphens (never `/`, `\\`, `..`, a leading `.`, spaces or control "
        "characters). The entry is left out of the site.",
        "Rename the key, e.g. smith2020trial or who-guidance-ai-health, and the citations of it.",
    ),
    Rule(
        "EKB110",
        "file-not-read",
        _W,
        "A file in claims/, sources/ or docs/ is not read: its extension is not one the tool "
        "reads there (claims: .yaml, .yml; sources: .bib in any subfolder; docs: .md pages and "
        "images, PDF, .txt, .csv). Hidden files (names starting with `.`) and README files in "
        "sources/ are skipped without a warning.",
        "Rename the file to the extension meant, move it out of the folder, or delete it.",
    ),
    Rule(
        "EKB111",
        "symlink-outside-project",
        _E,
        "A symbolic link points outside the project; it is not followed and its target is "
        "never read.",
        "Replace the link with the file itself, or point it at a file inside the project.",
    ),
    Rule(
        "EKB112",
        "dangling-symlink",
        _E,
        "A symbolic link points to nothing (or to a loop of links).",
        "Delete the link, or point it at the file meant.",
    ),
    Rule(
        "EKB113",
        "not-a-regular-file",
        _E,
        "A FIFO, socket or device is where a file is read; it is never opened.",
        "Delete it; claims, sources and pages are ordinary files.",
    ),
    Rule(
        "EKB114",
        "docs-page-generated",
        _E,
        "A docs/ file has the path of a page the build generates (index.md, README.md, "
        "bibliography.md, guardrails.md, harm-cases.md, rules.md, cli.md, 404.html, sitemap.xml, "
        "or anything under articles/, assets/, claims/, data/, search/, sources/, topics/); "
        "it is left out rather than replace the generated page.",
        "Rename or move the file.",
    ),
    # 120-129: hand-written docs pages (evidencekb.docs_rules)
    Rule(
        "EKB120",
        "docs-raw-html",
        _E,
        "A docs page contains raw HTML (a tag, comment or `<` followed by a letter, `/`, `!` "
        "or `?` outside code), which MkDocs would publish as it is. Plain `<!-- comments -->` "
        "are allowed.",
        "Write it in Markdown, or put it in `code` or a fenced code block; write a literal `<` "
        "as `&lt;`.",
    ),
    Rule(
        "EKB121",
        "docs-unsafe-url",
        _E,
        "A link, image, autolink or reference definition in a docs page has a URL scheme other "
        "than http, https or mailto (such as javascript:, data: or vbscript:).",
        "Link to an http(s) address or mailto:, or to a page or #anchor of the site.",
    ),
    Rule(
        "EKB122",
        "docs-attribute-list",
        _E,
        "An attribute list `{...}` in a docs page sets more than `#id` and `.class` (for "
        "example an `on...` handler, `style` or `href`).",
        "Keep only `#id` and `.class` in the braces, e.g. `## Verdicts { #verdicts }`.",
    ),
    # 2xx: schema
    Rule(
        "EKB201",
        "claim-schema",
        _E,
        "A claim field is missing, unknown or has a wrong value.",
        "See the claim format in docs/contributing.md or the JSON Schema in schema/.",
    ),
    Rule(
        "EKB202",
        "claim-id-mismatch",
        _E,
        "A claim's `id` differs from its file name.",
        "Rename the file or change `id` so that `claims/<topic>/<id>.yaml` matches.",
    ),
    Rule(
        "EKB203",
        "topics-schema",
        _E,
        "The topics file is missing or malformed.",
        "Declare each topic once in topics.yaml with `id`, `title` and `description`.",
    ),
    Rule(
        "EKB204",
        "source-schema",
        _E,
        "A BibTeX entry lacks a required field or has a wrong value (for example `design`).",
        "Add the field; `design` is one of the study designs listed in docs/methodology.md.",
    ),
    Rule(
        "EKB205",
        "claim-topic-folder",
        _E,
        "A claim's `topic` differs from the folder it is in.",
        "Move the file to claims/<topic>/ or fix `topic`.",
    ),
    # 3xx: BibTeX
    Rule(
        "EKB301",
        "bib-parse-error",
        _E,
        "A BibTeX block could not be parsed.",
        "Check braces and commas in the block; every field ends with `,` and the entry with `}`.",
    ),
    Rule(
        "EKB302",
        "bib-duplicate-key",
        _E,
        "Two BibTeX entries share a key (in one file or across files).",
        "Keys must be unique across all sources/*.bib files; rename or merge the entries.",
    ),
    Rule(
        "EKB303",
        "bib-duplicate-field",
        _E,
        "A BibTeX entry repeats a field.",
        "Keep one of the repeated fields.",
    ),
    Rule(
        "EKB304",
        "bib-unknown-entry-type",
        _E,
        "A BibTeX entry has a type evidencekb does not know.",
        "Use @article, @book, @incollection, @inproceedings, @report, @online, @misc, "
        "@legislation or @jurisdiction.",
    ),
    Rule(
        "EKB305",
        "bib-string-macro",
        _E,
        "A .bib file defines an @string macro.",
        "Write the value out in each entry; macros hide what a reader sees.",
    ),
    Rule(
        "EKB306",
        "bib-stray-text",
        _W,
        "A .bib file has text outside any entry.",
        "BibTeX ignores it: make it a `%` comment, or fix the entry it belongs to.",
    ),
    # 4xx: cross-references
    Rule(
        "EKB401",
        "unknown-source",
        _E,
        "A claim cites a source key that no .bib file defines.",
        "Fix the key or add the source to sources/*.bib.",
    ),
    Rule(
        "EKB402",
        "unknown-related-claim",
        _E,
        "A claim relates to a claim id that does not exist.",
        "Fix the id; claim ids are the file names under claims/.",
    ),
    Rule(
        "EKB403",
        "duplicate-claim-id",
        _E,
        "Two claim files have the same id.",
        "Claim ids are unique across all topics; rename one of the files.",
    ),
    Rule(
        "EKB404",
        "unknown-topic",
        _E,
        "A claim names a topic that topics.yaml does not declare.",
        "Use a declared topic id, or declare the topic in topics.yaml.",
    ),
    Rule(
        "EKB405",
        "unknown-article-section",
        _E,
        "An `asserted_in` locator names a section the article outline does not list.",
        "Use `section '<heading>', paragraph N` with a heading from sources/articles.yaml.",
    ),
    Rule(
        "EKB406",
        "related-to-self",
        _E,
        "A claim lists itself among its related claims.",
        "Remove the entry, or point it at the claim you meant.",
    ),
    # 5xx: evidence
    Rule(
        "EKB501",
        "no-evidence",
        _E,
        "A claim lists no evidence.",
        "Add at least one evidence item, or record the claim as `unverifiable` with context.",
    ),
    Rule(
        "EKB502",
        "supported-without-support",
        _E,
        "A claim is rated `supported` but no evidence item supports it.",
        "Add the supporting evidence, or choose a verdict that matches the evidence.",
    ),
]

_RULES += [
    Rule(
        "EKB503",
        "certainty-above-downgrades",
        _E,
        "A claim's certainty is higher than its GRADE downgrades allow.",
        "Lower `certainty` one level per `serious` and two per `very-serious` concern, "
        "or revise the concerns.",
    ),
    Rule(
        "EKB504",
        "weak-sources-rated-above-low",
        _E,
        "A claim rests only on opinion or news sources but is rated above low certainty.",
        "Rate it `low` or `very-low`, or add stronger evidence.",
    ),
    Rule(
        "EKB506",
        "single-source",
        _W,
        "A claim's evidence comes from a single source.",
        "Look for a second, independent source, for or against.",
    ),
    Rule(
        "EKB507",
        "quantitative-evidence-without-locator",
        _E,
        "Evidence for a claim with figures has no locator.",
        "Add `locator` (page, table, section or 'abstract') so readers can check the number.",
    ),
    Rule(
        "EKB508",
        "reviewed-in-future",
        _E,
        "A claim's `reviewed` date is in the future.",
        "Use the date the evidence was actually reviewed.",
    ),
    Rule(
        "EKB509",
        "review-stale",
        _N,
        "A claim was last reviewed longer ago than `max_review_age_days`. A notice: it never "
        "fails a check, even with `--strict`, so builds do not turn red by the calendar.",
        "Re-check its evidence and update `reviewed`. Stale reviews also reach maintainers "
        "through a weekly scheduled workflow that opens one issue listing them.",
    ),
    # 6xx: identifiers and bibliographic fields
    Rule(
        "EKB601",
        "doi-syntax",
        _E,
        "A `doi` field is not a bare, valid DOI.",
        "Write it as 10.xxxx/suffix, without 'doi:' or https://doi.org/.",
    ),
    Rule(
        "EKB602",
        "isbn-checksum",
        _E,
        "An `isbn` field fails the ISBN length or check digit.",
        "Copy the ISBN again from the book's record.",
    ),
    Rule(
        "EKB603",
        "pmid-syntax",
        _E,
        "A `pmid` field is not a PubMed identifier.",
        "A PMID is digits only, e.g. 23688145.",
    ),
    Rule(
        "EKB604",
        "arxiv-syntax",
        _E,
        "An arXiv `eprint` is not a valid arXiv identifier.",
        "Use the form 2504.18412 (or archive/YYMMNNN for old papers).",
    ),
    Rule(
        "EKB605",
        "url-scheme",
        _E,
        "A `url` is not an http(s) address.",
        "Only http:// and https:// links are allowed.",
    ),
    Rule(
        "EKB606",
        "bib-required-field",
        _E,
        "An entry lacks a field its type requires.",
        "Add the field from the source's public record; if the record lacks it, use @misc.",
    ),
    Rule(
        "EKB607",
        "implausible-year",
        _E,
        "A year is not a plausible four-digit year.",
        "Copy the year from the source's public record: four digits, from 1800 to next year.",
    ),
    Rule(
        "EKB608",
        "no-identifier",
        _E,
        "A source has neither a DOI nor a URL.",
        "Add `doi` or, failing that, an official `url` a reader can follow.",
    ),
    # 7xx: the collection as a whole
    Rule(
        "EKB701",
        "duplicate-doi",
        _E,
        "Two source keys share a DOI.",
        "Merge the entries and cite one key.",
    ),
    Rule(
        "EKB702",
        "near-duplicate-source",
        _W,
        "Two sources of the same year have nearly the same title.",
        "If they are the same work, merge them; if not, ignore or turn the rule off.",
    ),
    Rule(
        "EKB703",
        "uncited-source",
        _W,
        "A source is cited by no claim.",
        "Cite it from a claim, or remove it from sources/.",
    ),
    Rule(
        "EKB704",
        "retracted-source",
        _E,
        "A claim cites a source marked `retracted`.",
        "Remove the evidence item or explain the retraction and re-judge the claim.",
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}
