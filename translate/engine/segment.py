"""Text → paragraphs → sentences, and back. Pure functions, no model.

Sentence splitting is pysbd's German rules (abbreviations, ordinals, dates, numbers), followed by
a few repairs for what it gets wrong in wire copy: a closing quote pushed to the next sentence,
a sentence "starting" with a comma or a lowercase word, and agency tags such as "(dpa)" cut off
from the sentence they introduce.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from translate.kernel.document import Convention

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_CLOSING_QUOTE_START = re.compile(r"^[\"“”»«'’]+(?=\s|$)")
_CONTINUATION_START = re.compile(r"^[,;:)\]\-–]|^[a-zäöüß]")
_AGENCY_TAG = re.compile(r"^\([A-Za-z/ ]{2,12}\)$")


@dataclass(frozen=True)
class Paragraphs:
    texts: list[str]  # one per input paragraph, soft wraps joined, surrounding whitespace removed
    convention: Convention


def split_paragraphs(text: str) -> Paragraphs:
    """Blank-line separated paragraphs if the text has blank lines, else one paragraph per line."""
    text = text.strip("\n")
    if not text.strip():
        return Paragraphs([], "line")
    if _BLANK_LINE.search(text):
        blocks = _BLANK_LINE.split(text)
        # Single newlines inside a block are soft wraps.
        return Paragraphs([" ".join(line.strip() for line in b.split("\n") if line.strip()) for b in blocks], "blank-line")
    return Paragraphs([line.strip() for line in text.split("\n")], "line")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="de", clean=False, char_span=True)


def split_sentences(paragraph: str) -> list[str]:
    """German sentences of one paragraph, stripped. Their concatenation keeps every character."""
    if not paragraph.strip():
        return []
    pieces = [span.sent.strip() for span in _segmenter().segment(paragraph)]
    pieces = [p for p in pieces if p]
    sentences: list[str] = []
    for piece in pieces:
        if sentences:
            quote = _CLOSING_QUOTE_START.match(piece)
            if quote:
                sentences[-1] += quote.group()
                piece = piece[quote.end():].lstrip()
                if not piece:
                    continue
            if _CONTINUATION_START.match(piece) or _AGENCY_TAG.match(sentences[-1]):
                joiner = "" if piece[0] in "-–" and not sentences[-1].endswith(" ") and piece[1:2] != " " else " "
                sentences[-1] += joiner + piece
                continue
        sentences.append(piece)
    return sentences
