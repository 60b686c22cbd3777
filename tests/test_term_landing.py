"""Where glossary terms land, on a model that really writes text: a MarianMT trained to copy its input, so the
right output is the sentence with each German term replaced by its English one (benchmarks/copy_model.py).

The bundled `news` suite's sentences with the bundled glossary: terms must land in place — not next to the
model's own rendering, not appended — for both backends, and without injection fewer must land in place, or the
test would prove nothing.
"""
from __future__ import annotations

import pytest
from term_placement import classify, expected_copy

from glossaries import GlossaryMatcher, load_glossaries
from translate import Translator

from pipelines import backend_for

pytestmark = pytest.mark.slow  # trains the copy model (kept in pytest's cache between runs)


def _verdicts(model_dir, backend: str, injection: bool) -> dict[str, int]:
    from eval.suite import find_suite, load_suite

    sentences = load_suite(find_suite("news")).testsets[0].sources
    translator = Translator(
        backend_for(model_dir, backend), term_matcher=GlossaryMatcher([load_glossaries([])]), term_injection=injection
    )
    counts: dict[str, int] = {}
    for segment in translator.translate_lines(sentences).segments:
        expected = expected_copy(segment.source, segment.terms)
        for term in segment.terms:
            verdict = classify(segment.source, term, segment.target, expected)
            counts[verdict] = counts.get(verdict, 0) + 1
    return counts


def test_the_copy_model_copies(copy_model_dir, newstest2019_de):
    unseen = [line for line in newstest2019_de[:60] if len(line) < 120]
    outputs = [t.text for t in backend_for(copy_model_dir).translate_batch(unseen)]
    assert sum(out == line for out, line in zip(outputs, unseen)) / len(unseen) >= 0.6


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
def test_terms_land_in_place(copy_model_dir, backend):
    counts = _verdicts(copy_model_dir, backend, injection=True)
    total = sum(counts.values())
    assert total >= 70
    assert counts.get("duplicated", 0) == 0 and counts.get("missing", 0) == 0
    # Measured on this seeded model: 69 (transformers) and 70 (ctranslate2) of 71 in place.
    assert counts.get("in place", 0) / total >= 0.95, counts


def test_without_injection_the_fallback_places_terms_but_fewer_in_place(copy_model_dir):
    """Without injection the model never sees a term and writes the German: the old fall-back (end-of-sentence
    blocked, the term forced in near the limit) put more terms next to the model's own rendering than in place.
    The guided re-decode puts each where its German was (none duplicated or missing; measured 1 duplicated of 71),
    but the copy model, continuing after an English term it was never given, garbles the next words more often than
    with injection (measured 24 in place, 42 misplaced, 4 appended): injection is still what lands terms in place."""
    counts = _verdicts(copy_model_dir, "transformers", injection=False)
    assert counts.get("missing", 0) == 0 and counts.get("duplicated", 0) <= 2, counts
    assert counts.get("in place", 0) < 0.5 * sum(counts.values()), counts
