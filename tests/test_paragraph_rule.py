"""The paragraph rule (README "Paragraphs") as properties over generated texts: both conventions, empty
paragraphs at the start, middle and end, white-space-only lines of every kind, lines of invisible characters
(zero-width spaces and joiners, word joiners, soft hyphens, BOMs: blank, like white space), invisible characters
inside the text (kept), CRLF and CR, BOMs.

For the Python API and the command line: the same number of paragraphs and the same convention come back,
the output reads back the same way, and a paragraph's sentences joined back give its source byte for byte.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.app.cli import main
from translate.engine.segment import build_document
from translate.kernel.paragraphs import split_paragraphs
from translate.kernel.textio import is_blank

from pipelines import translator_for

FRAGMENTS = [
    "Der Bundestag hat am 3. Oktober abgestimmt.", "Dazu gehören z.B. Ärzte u.a. Berufe.",
    "Berlin (dpa) - Die Regierung schweigt.", '„Wir sind bereit“, sagte Dr. Müller.', "Wann kommt er?",
    "Niemand weiß es!", "...!!! ??? ---", "Der Text.</p>", "Kiew meldet 1.500 Soldaten (ca. 3 Brigaden).",
    "die Lage bleibt unklar.", "NATO-Staaten beraten", "Das kostet 2,4 Mio. Euro.",
    "Der Bundes\u00adtag tagt.", "Die\u200b Lage\u2060 ist\u200d ernst.", "\u200bKiew meldet Angriffe.\u200b",
]
INVISIBLE_LINES = ["\u200b", "\u200c\u200d", "\u2060", "\ufeff", "\u00ad", " \u200b\t", "\u00a0\u2060\u200e"]
BLANKS = st.sampled_from(["", " ", "\t", "\u00a0", "\x0c", " \u00a0\t", *INVISIBLE_LINES])
SPACES = st.sampled_from([" ", "  ", "\u00a0"])


@st.composite
def paragraph_texts(draw) -> str:
    """A paragraph: sentences, sometimes soft-wrapped and indented."""
    sentences = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=3))
    text = ""
    for sentence in sentences:
        if text:
            text += draw(st.sampled_from([" ", "  ", "\n", "\n  "]))
        text += sentence
    return draw(st.sampled_from(["", " "])) + text


@st.composite
def texts(draw) -> tuple[str, list[str], str]:
    """(text as a user's file holds it, the paragraphs the rule finds in it, its convention)."""
    convention = draw(st.sampled_from(["blank-line", "line"]))
    if convention == "line":
        paragraphs = draw(st.lists(paragraph_texts().filter(lambda p: "\n" not in p), min_size=1, max_size=5))
        body = "\n".join(paragraphs)
    else:
        inner = draw(st.lists(st.one_of(paragraph_texts(), st.just("")), min_size=0, max_size=4))
        paragraphs = [draw(paragraph_texts()), *inner, draw(paragraph_texts())]
        # As the output is written: paragraphs joined by a blank line, so an empty one adds two blank lines.
        lines: list[str] = []
        for index, paragraph in enumerate(paragraphs):
            if index:
                lines.append(draw(BLANKS))
            lines.append(paragraph or draw(BLANKS))
        body = "\n".join(lines)
    # Blank lines around the text are not paragraphs.
    leading = "".join(draw(BLANKS) + "\n" for _ in range(draw(st.integers(0, 2))))
    trailing = "".join("\n" + draw(BLANKS) for _ in range(draw(st.integers(0, 2))))
    text = leading + body + trailing + draw(st.sampled_from(["", "\n"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return bom + text.replace("\n", newline), paragraphs, convention


def _assert_sentences_rebuild_their_paragraphs(document) -> None:
    for paragraph in document.paragraphs:
        rebuilt, cursor = "", 0
        for segment in paragraph.segments:
            gap = paragraph.source[cursor:segment.start]
            assert is_blank(gap), (paragraph.source, gap)
            exact = paragraph.source[segment.start:segment.end]
            assert exact.replace("\n", " ") == segment.source
            rebuilt += gap + exact
            cursor = segment.end
        rebuilt += paragraph.source[cursor:]
        assert is_blank(paragraph.source[cursor:])
        assert rebuilt == paragraph.source


@given(texts())
@settings(max_examples=300, deadline=None)
def test_documents_keep_every_paragraph_and_every_byte(case):
    text, paragraphs, convention = case
    document = build_document(text)
    assert document.convention == convention
    assert [p.source for p in document.paragraphs] == paragraphs
    _assert_sentences_rebuild_their_paragraphs(document)


def _reads_back(output: str, paragraphs: list[str], convention: str) -> None:
    again = split_paragraphs(output)
    assert again.convention == convention
    assert len(again.texts) == len(paragraphs)
    assert [bool(t) for t in again.texts] == [bool(p) for p in paragraphs]


@given(texts())
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_python_api_translates_paragraph_for_paragraph(tiny_model_dir, case):
    text, paragraphs, convention = case
    document = translator_for(tiny_model_dir).translate_text(text)
    assert document.convention == convention
    assert [p.source for p in document.paragraphs] == paragraphs
    _assert_sentences_rebuild_their_paragraphs(document)
    _reads_back(document.to_text(), paragraphs, convention)


@given(texts())
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_command_line_translates_paragraph_for_paragraph(tiny_model_dir, case):
    text, paragraphs, convention = case
    with tempfile.TemporaryDirectory() as folder:
        story, out = Path(folder) / "story.txt", Path(folder) / "story.en.txt"
        story.write_bytes(text.encode("utf-8"))
        assert main(["translate", "--model", str(tiny_model_dir), "--no-default-glossary", "-o", str(out), str(story)]) == 0
        _reads_back(out.read_text(encoding="utf-8"), paragraphs, convention)


@pytest.mark.parametrize("invisible", INVISIBLE_LINES)
def test_a_line_of_invisible_characters_is_a_blank_line(tiny_model_dir, tmp_path, invisible):
    """3 lines, the middle one showing nothing: 2 paragraphs in, 2 out (it used to be 3 in and 2 out)."""
    text = f"Der Bundestag tagt.\n{invisible}\nDie Lage bleibt unklar.\n"
    assert split_paragraphs(text).texts == ["Der Bundestag tagt.", "Die Lage bleibt unklar."]
    assert split_paragraphs(f"A.\n\n{invisible}\n\nB.").texts == ["A.", "", "B."]  # as white space: an empty one
    story, out = tmp_path / "story.txt", tmp_path / "story.en.txt"
    story.write_text(text, encoding="utf-8")
    assert main(["translate", "--model", str(tiny_model_dir), "--no-default-glossary", "-o", str(out), str(story)]) == 0
    _reads_back(out.read_text(encoding="utf-8"), ["Der Bundestag tagt.", "Die Lage bleibt unklar."], "blank-line")
