"""Paragraphs → sentences, and the Document built from a text. Pure functions, no model.

Sentence splitting is pysbd's German rules (abbreviations, ordinals, dates, numbers), followed by a few
repairs for what it gets wrong in wire copy: a closing quote pushed to the next sentence, a sentence
"starting" with a comma or a lowercase word, agency tags such as "(dpa)" cut off from the sentence they
introduce, and pieces without a letter or digit ("</p>", "???") that are not sentences of their own.
Sentences are kept as offsets into the paragraph, so the paragraph can always be rebuilt byte for byte.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from translate.kernel.document import Convention, Document, Paragraph, Segment
from translate.kernel.errors import InputError
from translate.kernel.paragraphs import split_paragraphs
from translate.kernel.report import plural
from translate.kernel.textio import normalise_text, split_lines

# What ends the sentence before it: closing quotes, stray punctuation and markup ("</p>") followed by a space.
_TRAILER_START = re.compile(r"(?:</?[A-Za-z][^<>]*>|[^\w\s„‚(\[<])+(?=\s|$)")
_CONTINUATION_START = re.compile(r"[,;:)\]\-–]|[a-zäöüß]")
_AGENCY_TAG = re.compile(r"\([A-Za-z/ ]{2,12}\)")
_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>")


def _has_content(text: str) -> bool:
    return re.search(r"\w", _MARKUP.sub("", text)) is not None


# pysbd keeps the text it splits on its Segmenter (and the desk parses requests in a thread pool), so each
# thread has a Segmenter of its own.
_thread_state = threading.local()

# pysbd's time grows with the square of the text it is given, so it is given windows of at most this many
# characters, cut after a sentence it found (or, in a sentence longer than a window, at a space); the
# sentences of consecutive windows are stitched. Real paragraphs (newstest lines, wire copy) are far shorter
# and are split in one piece, as before.
WINDOW_CHARS = 2000
_LAST_SPACE = re.compile(r"\s(?=\S*$)")
# What pysbd pairs up across sentences (it does not split inside them); '"' opens and closes, so only its
# count's parity tells whether one is open.
_PAIRS = (('"', '"'), ("«", "»"), ("“", "”"), ("(", ")"), ("[", "]"))


def _segmenter():
    segmenter = getattr(_thread_state, "segmenter", None)
    if segmenter is None:
        import pysbd

        segmenter = _thread_state.segmenter = pysbd.Segmenter(language="de", clean=False)
    return segmenter


def _window_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """pysbd's sentences of text[start:end] as offsets into `text`, trimmed of white space, in order.

    pysbd's own char_span option finds each sentence again by a search from the text's start (quadratic);
    the sentences come in order, so each is looked for after the one before."""
    window = text[start:end]
    spans = []
    cursor = 0
    for sentence in _segmenter().processor(window).process():
        sentence = sentence.strip()
        found = window.find(sentence, cursor) if sentence else -1
        if found < 0:
            continue  # a piece pysbd changed: its characters fall into the neighbours' gaps (see _cover)
        spans.append((start + found, start + found + len(sentence)))
        cursor = found + len(sentence)
    return spans


def _window_end(text: str, start: int) -> int:
    """Where a window starting at `start` ends: the text's end, or the last space within WINDOW_CHARS."""
    limit = start + WINDOW_CHARS
    if limit >= len(text):
        return len(text)
    space = _LAST_SPACE.search(text, start + WINDOW_CHARS // 2, limit)
    return space.start() if space else limit


def _restart(text: str, start: int, pieces: list[tuple[int, int]]) -> int:
    """Which of a window's sentences (not the first) the next window starts with: the last one outside
    quotation marks and brackets, as pysbd pairs them within the text it sees, else the last one."""
    opened = [0] * len(_PAIRS)
    balanced_at = len(pieces) - 1
    for index in range(1, len(pieces)):
        between = text[pieces[index - 1][0] if index > 1 else start : pieces[index][0]]
        for pair, (opening, closing) in enumerate(_PAIRS):
            opened[pair] += between.count(opening) - (between.count(closing) if closing != opening else 0)
        if all(count == 0 if pair else count % 2 == 0 for pair, count in enumerate(opened)):
            balanced_at = index
    return balanced_at


def _pysbd_spans(text: str) -> list[tuple[int, int]]:
    """pysbd's sentences as (start, end) offsets with surrounding white space trimmed, window by window."""
    spans: list[tuple[int, int]] = []
    start = 0
    continues = False  # the last span was cut at a window's end: it goes on in the next window
    while start < len(text):
        end = _window_end(text, start)
        pieces = _window_spans(text, start, end)
        if end < len(text) and len(pieces) > 1:
            # The last sentence may go on beyond the window: it is split again with what follows.
            restart = _restart(text, start, pieces)
            start = pieces[restart][0]
            del pieces[restart:]
            cut = False
        else:
            start = end
            cut = end < len(text) and bool(pieces)
        if continues and pieces:
            spans[-1] = (spans[-1][0], pieces.pop(0)[1])
        spans.extend(pieces)
        continues = cut
    return _cover(text, spans)


def _cover(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Make the spans cover every non-space character: a gap with content joins the span before it."""
    covered: list[tuple[int, int]] = []
    cursor = 0
    for start, end in spans:
        gap = text[cursor:start]
        if gap.strip():
            if covered:
                covered[-1] = (covered[-1][0], start if not gap[-1:].isspace() else cursor + len(gap.rstrip()))
            else:
                start = cursor + len(gap) - len(gap.lstrip())
        covered.append((start, end))
        cursor = end
    tail = text[cursor:]
    if tail.strip():
        tail_end = cursor + len(tail.rstrip())
        if covered:
            covered[-1] = (covered[-1][0], tail_end)
        else:
            covered.append((cursor + len(tail) - len(tail.lstrip()), tail_end))
    return covered


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each German sentence of a paragraph; between them there is only white space."""
    if not paragraph.strip():
        return []
    flat = paragraph.replace("\n", " ")  # soft wraps are spaces; the same length keeps the offsets
    sentences: list[tuple[int, int]] = []
    for start, end in _pysbd_spans(flat):
        if sentences:
            last_start, last_end = sentences[-1]
            trailer = _TRAILER_START.match(flat, start)
            if trailer:
                sentences[-1] = (last_start, trailer.end())
                start = trailer.end()
                while start < end and flat[start].isspace():
                    start += 1
                if start == end:
                    continue
                last_end = trailer.end()
            if (
                _CONTINUATION_START.match(flat, start)
                or _AGENCY_TAG.fullmatch(flat, last_start, last_end)
                or not _has_content(flat[start:end])
            ):
                sentences[-1] = (last_start, end)
                continue
        sentences.append((start, end))
    if len(sentences) > 1 and not _has_content(flat[slice(*sentences[0])]):
        sentences[0:2] = [(sentences[0][0], sentences[1][1])]  # leading "…" or "---" belongs to what follows
    return sentences


def split_sentences(paragraph: str) -> list[str]:
    """German sentences of one paragraph, as the model sees them (soft wraps read as spaces)."""
    flat = paragraph.replace("\n", " ")
    return [flat[start:end] for start, end in sentence_spans(paragraph)]


def build_document(
    text: str,
    name: str | None = None,
    convention: Convention | None = None,
    term_lists: Sequence[Any] | None = None,
) -> Document:
    """Paragraphs and sentences of a text; `convention="line"` forces one paragraph per line (line-aligned
    test sets). `term_lists`, if given, holds one term list per paragraph (WMT 2023 style)."""
    text = normalise_text(text)
    if convention == "line":
        return document_from_paragraphs(split_lines(text), "line", name, term_lists)
    split = split_paragraphs(text)
    return document_from_paragraphs(split.texts, split.convention, name, term_lists)


def document_from_paragraphs(
    texts: Sequence[str], convention: Convention, name: str | None = None, term_lists: Sequence[Any] | None = None
) -> Document:
    """A Document whose paragraphs are given (one per line of a line-aligned file, one per block of an HTML
    page…): each is split into sentences, none is merged, dropped or split."""
    if term_lists is not None and len(term_lists) != len(texts):
        raise InputError(
            f"{name or 'input'}: has {plural(len(texts), 'paragraph')} but the term lists have "
            f"{plural(len(term_lists), 'line')}; "
            "give one list per paragraph (line)"
        )
    paragraphs = []
    for index, source in enumerate(texts):
        flat = source.replace("\n", " ")
        segments = [Segment(flat[start:end], start=start, end=end) for start, end in sentence_spans(source)]
        paragraphs.append(Paragraph(source, segments, term_lists[index] if term_lists is not None else None))
    return Document(paragraphs, convention, name)
