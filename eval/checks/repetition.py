"""`repetition`: the output loops, repeating a stretch of words back to back more than the source does.

Neural systems that lose their place repeat themselves: "the house, the house, the house" or the
whole sentence twice. Natural English repeats a word twice ("very, very") but hardly ever a word
three times or a long stretch twice, unless the source does the same. An output far longer than
its source without a back-to-back repeat is left to `length-ratio`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from translate.kernel.document import Flag, TermMatch

from .base import Check

WORD = re.compile(r"\w+")
LONG_STRETCH = 4  # words; a stretch this long repeated even once is a loop


class Loop(NamedTuple):
    words: tuple[str, ...]
    times: int  # how often the stretch occurs back to back
    text_words: int  # words in the whole text

    @property
    def share(self) -> float:
        """The part of the text the loop takes up."""
        return self.times * len(self.words) / self.text_words


def longest_loop(text: str) -> Loop | None:
    """The back-to-back repetition that covers most words, or None when nothing repeats."""
    words = tuple(word.lower() for word in WORD.findall(text))
    best: Loop | None = None
    for size in range(1, len(words) // 2 + 1):
        # `run` counts words equal to the word `size` places on; a run of `size` or more is a repeat.
        run = 0
        for k in range(len(words) - size):
            run = run + 1 if words[k] == words[k + size] else 0
            if run >= size and (best is None or (1 + run // size) * size > best.times * len(best.words)):
                start = k - run + 1
                best = Loop(words[start : start + size], 1 + run // size, len(words))
    return best


def is_loop(loop: Loop | None) -> bool:
    if loop is None:
        return False
    # "The cars collided. The cars collided.": a short sentence said twice.
    whole_text_repeated = loop.times * len(loop.words) == loop.text_words and len(loop.words) > 1
    return loop.times >= 3 or len(loop.words) >= LONG_STRETCH or whole_text_repeated


def excused_by(source_loop: Loop | None, loop: Loop) -> bool:
    """The source repeats itself as often and as much ("Nein, nein, nein" → "No, no, no")."""
    return source_loop is not None and source_loop.times >= loop.times and source_loop.share >= loop.share / 2


class Repetition(Check):
    code = "repetition"
    severity = "warning"
    max_chars = 10_000  # every stretch length is tried at every place: time grows with the square of the words

    def run(self, source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
        loop = longest_loop(target)
        if not is_loop(loop):
            return []
        if excused_by(longest_loop(source), loop):
            return []
        stretch = " ".join(loop.words)
        return [self.flag(f'the output repeats "{stretch}" {loop.times} times in a row')]
