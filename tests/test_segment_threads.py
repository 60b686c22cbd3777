"""Sentence splitting from many threads at once (the desk parses requests in a thread pool): every result
is the single-threaded one. pysbd keeps the text it splits on the Segmenter, so a shared one mixes texts up."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from translate.engine.segment import sentence_spans

THREADS = 8
ROUNDS = 3


def test_eight_threads_get_the_single_threaded_sentences(newstest2019_de):
    # Paragraphs of 1 to 8 consecutive newstest2019 lines: real German news of many lengths.
    paragraphs = [" ".join(newstest2019_de[i : i + 1 + i % 8]) for i in range(0, 1200, 3)][:400]
    expected = [sentence_spans(paragraph) for paragraph in paragraphs]
    with ThreadPoolExecutor(THREADS) as pool:
        for _ in range(ROUNDS):
            got = list(pool.map(sentence_spans, paragraphs))
            wrong = [i for i, (a, b) in enumerate(zip(got, expected)) if a != b]
            assert not wrong, f"{len(wrong)} of {len(paragraphs)} paragraphs split differently, e.g. {paragraphs[wrong[0]]!r}"
