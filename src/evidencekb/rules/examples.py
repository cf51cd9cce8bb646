"""The worked example `evidencekb init` writes is noted until it is deleted: a knowledge base
should not publish an example as one of its own claims without knowing it does."""

from __future__ import annotations

from evidencekb.diagnostics import DiagnosticSink
from evidencekb.rules.project import ClaimContext, ClaimRecord
from evidencekb.rules.registry import Scope, Severity, checks, declare

EXAMPLE_CLAIM = declare(
    "EKB518",
    "example-claim",
    Severity.NOTICE,
    Scope.CLAIM,
    "A claim is marked `example: true`: a worked example of the format, such as the one "
    "`evidencekb init` writes. Its page says it is an example. A notice never fails a check.",
    "Delete the file once your knowledge base has claims of its own (and its source and topic "
    "if nothing else uses them), or remove `example: true` if it is now a claim you stand by.",
)


@checks(EXAMPLE_CLAIM)
def check_example_claim(record: ClaimRecord, context: ClaimContext, sink: DiagnosticSink) -> None:
    if record.claim.example:
        EXAMPLE_CLAIM.report(
            sink,
            record.path,
            record.document.position_of(("example",)),
            f"{record.claim.id!r} is an example claim",
        )
