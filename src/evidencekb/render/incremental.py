"""Which generated pages an edit can change, so `serve` re-renders only those.

A claim page shows its own claim, its sources' labels and the evidence cards of the claims it
relates to or is related from; a source page shows the cards of the claims that cite it; a topic
page lists its claims. Site-wide pages (home, bibliography, harm cases, exports...) are always
re-rendered. Tests hold an incremental render to be byte-identical to a full one.
"""

from __future__ import annotations

from evidencekb.index import KnowledgeBase
from evidencekb.render.pages import claim_path, source_path, topic_path


def stale_pages(old: KnowledgeBase | None, new: KnowledgeBase) -> set[str] | None:
    """Paths of claim, source and topic pages that may differ from `old`'s; None: all."""
    if old is None or (old.topics, old.outlines, old.docs) != (new.topics, new.outlines, new.docs):
        return None
    changed_sources = _changed(old.sources, new.sources)
    shown = _changed(old.claims, new.claims) | _changed(old.claim_paths, new.claim_paths)
    for kb in (old, new):
        if changed_sources:
            shown.update(
                claim.id
                for claim in kb.claims.values()
                if not changed_sources.isdisjoint(claim.cited_sources())
            )
    claims, sources, topics = set(shown), set(changed_sources), set()
    for kb in (old, new):
        for claim_id in shown:
            claim = kb.claims.get(claim_id)
            if claim is None:
                continue
            claims.update(related.claim for related in claim.related)
            claims.update(link.claim.id for link in kb.backlinks.get(claim_id, []))
            sources.update(claim.cited_sources())
            topics.add(claim.topic)
    return (
        {claim_path(claim_id) for claim_id in claims}
        | {source_path(key) for key in sources}
        | {topic_path(topic_id) for topic_id in topics}
    )


def _changed(old: dict, new: dict) -> set[str]:
    """Keys whose values differ; values kept from the last run (see `memo`) are the very same
    objects, which saves comparing them field by field."""
    return {
        key
        for key in old.keys() | new.keys()
        if old.get(key) is not new.get(key) and old.get(key) != new.get(key)
    }
