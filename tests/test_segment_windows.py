"""Sentence splitting in linear time (issue 18, item 4): pysbd, whose time grows with the square of its text,
is only ever given windows of at most WINDOW_CHARS characters, each character a bounded number of times;
the stitched sentences are those of the paragraph split whole, and still give it back byte for byte."""
from __future__ import annotations

import pytest

from translate.engine import segment
from translate.engine.segment import sentence_spans


@pytest.fixture()
def pysbd_inputs(monkeypatch):
    """The length of every text given to pysbd."""
    lengths: list[int] = []
    real = segment._segmenter

    class Recording:
        def processor(self, text):
            lengths.append(len(text))
            return real().processor(text)

    monkeypatch.setattr(segment, "_segmenter", Recording)
    return lengths


def _long_paragraph(lines: list[str], size: int) -> str:
    text = " ".join(lines)
    return (text + " ") * (size // len(text)) + text[: size % len(text)]


def _rebuilt(paragraph: str, spans) -> str:
    pieces, cursor = [], 0
    for start, end in spans:
        assert paragraph[cursor:start].strip() == "" and start < end
        pieces += [paragraph[cursor:start], paragraph[start:end]]
        cursor = end
    return "".join(pieces) + paragraph[cursor:]


@pytest.mark.parametrize("size", [50_000, 400_000])
def test_pysbd_only_sees_bounded_windows_and_each_character_a_bounded_number_of_times(
    pysbd_inputs, newstest2019_de, size
):
    paragraph = _long_paragraph(newstest2019_de, size)
    spans = sentence_spans(paragraph)
    assert max(pysbd_inputs) <= segment.WINDOW_CHARS
    assert sum(pysbd_inputs) <= 1.5 * len(paragraph)
    assert _rebuilt(paragraph, spans) == paragraph
    assert len(spans) > size / 300


def test_a_sentence_longer_than_a_window_stays_one_sentence(pysbd_inputs):
    clause = "die Soldaten zogen weiter nach Osten, "
    paragraph = "Am Morgen begann der Vormarsch, " + clause * 2000 + "und niemand hielt sie auf. Dann war es still."
    spans = sentence_spans(paragraph)
    assert len(paragraph) > 30 * segment.WINDOW_CHARS
    assert [paragraph[start:end] for start, end in spans] == [paragraph[: -len(" Dann war es still.")], "Dann war es still."]
    assert max(pysbd_inputs) <= segment.WINDOW_CHARS


def test_a_word_longer_than_a_window_is_not_lost(pysbd_inputs):
    paragraph = "Siehe " + "x" * (3 * segment.WINDOW_CHARS) + " und weiter. Ende."
    spans = sentence_spans(paragraph)
    assert [paragraph[s:e] for s, e in spans][1] == "Ende."
    assert _rebuilt(paragraph, spans) == paragraph


def test_windows_give_the_sentences_of_the_whole_paragraph(monkeypatch, newstest2019_de):
    """Real news joined into paragraphs of about 8,000 characters, split with 1,500-character windows and whole."""
    paragraphs = [" ".join(newstest2019_de[i : i + 60]) for i in range(0, 600, 60)]
    monkeypatch.setattr(segment, "WINDOW_CHARS", 10**9)
    whole = [sentence_spans(p) for p in paragraphs]
    monkeypatch.setattr(segment, "WINDOW_CHARS", 1500)
    assert [sentence_spans(p) for p in paragraphs] == whole
