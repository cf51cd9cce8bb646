"""The vocabularies: each term's label, rank and description are defined once, beside its value."""

from __future__ import annotations

import pytest

from evidencekb.model import Certainty, Concern, Design, Documentation, Relation, Stance, Verdict
from evidencekb.model.vocabulary import Term

VOCABULARIES = [cls for cls in Term.__subclasses__()]
RANKED = [Certainty, Concern, Design, Documentation]


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_term_has_a_label_and_reads_back_from_its_value(vocabulary: type[Term]) -> None:
    for term in vocabulary:
        assert term.label and term.label == term.label.strip()
        assert vocabulary(term.value) is term
        assert str(term) == term.value
        assert isinstance(term.rank, int) and isinstance(term.description, str)


@pytest.mark.parametrize("vocabulary", RANKED, ids=lambda v: v.__name__)
def test_ranked_vocabularies_rank_each_term_once(vocabulary: type[Term]) -> None:
    ranks = [term.rank for term in vocabulary]
    assert len(set(ranks)) == len(ranks)
    assert all(vocabulary.ranked(term.rank) is term for term in vocabulary)


def test_labels_and_ranks_readers_see() -> None:
    assert Verdict.PARTLY_SUPPORTED.label == "partly supported"
    assert Certainty.VERY_LOW.label == "very low"
    assert [c.rank for c in Certainty] == [4, 3, 2, 1]
    assert Design.RCT.label == "Randomised controlled trial"
    assert max(Design, key=lambda d: d.rank) is Design.META_ANALYSIS
    assert min(Design, key=lambda d: d.rank) is Design.OPINION
    assert [v.rank for v in Verdict] == [5, 4, 3, 2, 1, 0, 0]  # schema.org rating; 0 unrated
    assert [d.rank for d in Documentation] == [5, 4, 3, 2, 1]


def test_descriptions_of_verdicts_certainties_stances_and_inverse_relations() -> None:
    assert all(
        term.description
        for vocabulary in (Verdict, Certainty, Documentation, Stance, Relation)
        for term in vocabulary
    )
    assert Stance.QUALIFIES.description == "Qualifying evidence"
    assert Relation.REFINES.description == "refined by"
