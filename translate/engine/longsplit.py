"""Fit an over-long sentence into the model's input limit without dropping a word.

A sentence over the limit is cut at clause boundaries first (after ; and :, then after commas,
then before a dash), greedily packing clauses into parts that fit; only a single clause still
too long is cut between words, and only a single "word" too long (a URL, a table row without
spaces) between characters. The parts, joined with single spaces, give back the sentence.
"""
from __future__ import annotations

import re
from collections.abc import Callable

TokenCounter = Callable[[str], int]

# Whitespace that may separate two parts, from the most natural boundary to the last resort.
_BOUNDARIES = (
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"(?<=,)\s+"),
    re.compile(r"\s+(?=[–—-]\s)"),
    re.compile(r"\s+"),
)


def split_to_fit(sentence: str, count_tokens: TokenCounter, limit: int) -> list[str]:
    """Parts of `sentence` each within `limit` tokens; a sentence that fits comes back whole."""
    if count_tokens(sentence) <= limit:
        return [sentence]
    return _split(sentence, count_tokens, limit, level=0)


def _split(text: str, count_tokens: TokenCounter, limit: int, level: int) -> list[str]:
    if level == len(_BOUNDARIES):
        return _split_characters(text, count_tokens, limit)
    pieces = [p for p in _BOUNDARIES[level].split(text) if p]
    parts: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}" if current else piece
        if count_tokens(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        if count_tokens(piece) <= limit:
            current = piece
        else:
            parts.extend(_split(piece, count_tokens, limit, level + 1))
            current = ""
    if current:
        parts.append(current)
    return parts


def _split_characters(word: str, count_tokens: TokenCounter, limit: int) -> list[str]:
    parts = []
    start = 0
    while start < len(word):
        rest = len(word) - start
        # A part as long as the limit in characters is tried first and doubled while it fits, so that no
        # count is of more than a part's text (counting the whole rest each time made this quadratic).
        size = min(rest, limit)
        while size < rest and count_tokens(word[start : start + 2 * size]) <= limit:
            size = min(2 * size, rest)
        while size > 1 and count_tokens(word[start : start + size]) > limit:
            size = max(1, size * limit // max(count_tokens(word[start : start + size]), 1) - 1)
        parts.append(word[start : start + size])
        start += size
    return parts
