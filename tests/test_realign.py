"""The term fall-back (translate/engine/realign.py): a term the model did not write is placed by a second decode where
its source aligns in the first output, and only when that fails inserted; the order model → realigned → inserted,
the same on both backends, each placement reported and flagged when the model did not write the term."""
from __future__ import annotations

import pytest

from glossaries import Glossary, GlossaryEntry, GlossaryMatcher
from translate import Translator
from translate.engine.length_bound import LengthBound
from translate.engine.realign import aligned_position, word_start
from translate.kernel.presence import find_term

from pipelines import backend_for

ENGINES = ["transformers", pytest.param("ctranslate2", marks=pytest.mark.skipif(
    __import__("importlib").util.find_spec("ctranslate2") is None, reason="no ctranslate2"))]
# German and English share no first piece: the copy model, given the German (no term injection), writes the German
# and so misses the term, and transformers' forcing (which only completes a term the model started) cannot help.
MISSILES = Glossary.from_entries([GlossaryEntry("Marschflugkörper", "cruise missiles")], "t")
SENTENCE = "Russland hat in der Nacht erneut Kiew mit Drohnen und Marschflugkörpern angegriffen."


def test_the_aligned_position_is_the_start_of_the_word_that_attended_most_to_the_span():
    pieces = ["▁Der", "▁Kre", "ml", "▁schweigt", "."]
    attention = [[0.9, 0.1, 0.0, 0.0], [0.1, 0.8, 0.1, 0.0], [0.0, 0.2, 0.7, 0.1], [0.0, 0.0, 0.1, 0.9],
                 [0.0, 0.0, 0.0, 1.0]]
    assert aligned_position(attention, range(1, 3), pieces) == 1  # "ml" (row 2) attends most, its word starts at 1
    assert aligned_position(attention, range(3, 4), pieces) == 3
    assert word_start(pieces, 2) == 1 and word_start(pieces, 5) == 5 and word_start(pieces, -1) == -1


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_a_term_the_model_missed_lands_where_the_german_was(copy_model_dir, engine):
    translator = Translator(backend_for(copy_model_dir, engine), term_matcher=GlossaryMatcher([MISSILES]),
                            term_injection=False)
    first = translator.backend.translate_batch([SENTENCE])[0].text
    assert "cruise missiles" not in first and "Marschflugkörpern" in first  # the first decode misses it
    segment = translator.translate_text(SENTENCE).segments[0]
    [term] = segment.terms
    assert term.placement == "realigned" and term.applied
    start, _ = find_term("cruise missiles", segment.target)
    # Where the German span was: after exactly the words that precede it in the source, instead of them.
    assert segment.target[:start] == SENTENCE[: term.start]
    assert "Marschflugkörper" not in segment.target
    assert "term-realigned" in [f.code for f in segment.flags]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_the_fallback_order_is_model_then_realigned_then_inserted(copy_model_dir, engine):
    glossary = Glossary.from_entries([GlossaryEntry("Marschflugkörper", "cruise missiles"),
                                      GlossaryEntry("Drohnen", "Drohnen")], "t")  # the second the model copies

    def placements(**options) -> tuple[dict, list[str]]:
        translator = Translator(backend_for(copy_model_dir, engine), term_matcher=GlossaryMatcher([glossary]),
                                term_injection=False, **options)
        segment = translator.translate_text(SENTENCE).segments[0]
        return {t.target: t.placement for t in segment.terms}, [f.code for f in segment.flags]

    placed, flags = placements()
    assert placed == {"Drohnen": "model", "cruise missiles": "realigned"}
    assert flags == ["term-realigned"]
    # A bound of one token leaves no room for the term: the re-decode cannot place it, so it is inserted.
    placed, flags = placements(length_bound=LengthBound(0.01, 0))
    assert placed["cruise missiles"] == "inserted"
    assert flags[0] == "length-bound" and flags.count("term-inserted") == list(placed.values()).count("inserted")
