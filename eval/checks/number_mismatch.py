"""`number-mismatch`: a number in the source that the output lacks or states differently."""
from __future__ import annotations

from collections.abc import Sequence

from translate.kernel.document import Flag, TermMatch

from .base import Check
from .numbers import english_numbers, german_numbers, unmatched_mentions


class NumberMismatch(Check):
    code = "number-mismatch"
    # A wrong figure in a news story is serious, but so many are rephrased ("zwei" → "a couple",
    # "Tausend" → "a thousand") that a flag here means "look", not "wrong".
    severity = "warning"
    # The pairing tries every output number for every source number, recursively: quadratic, and too deep
    # for Python's stack with thousands of numbers.
    max_chars = 10_000

    def run(self, source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
        source_mentions = german_numbers(source)
        if not source_mentions:
            return []
        target_mentions = english_numbers(target)
        missing = unmatched_mentions(source_mentions, target_mentions)
        if not missing:
            return []
        spare = unmatched_mentions(target_mentions, source_mentions)
        instead = f' (the output has "{", ".join(dict.fromkeys(m.text for m in spare))}")' if spare else ""
        return [self.flag(f'"{m.text}" is not in the output{instead}', m.span) for m in missing]
