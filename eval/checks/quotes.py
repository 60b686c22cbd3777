"""`unbalanced-quotes`: quotation marks or brackets that pair up in the source but not in the output.

Double quotation marks are counted, not paired, because “ closes a German quote („…“) but opens an
English one (“…”): an odd count is the language-independent sign of a lost mark. Single quotes are
left out, as ’ and ' are also apostrophes. Brackets must nest.
"""
from __future__ import annotations

from collections.abc import Sequence

from translate.kernel.document import Flag, TermMatch

from .base import Check

DOUBLE_QUOTES = frozenset('"„“”«»')
CLOSING_BRACKET = {")": "(", "]": "[", "}": "{"}
OPENING_BRACKETS = frozenset(CLOSING_BRACKET.values())


def quotes_balanced(text: str) -> bool:
    return sum(char in DOUBLE_QUOTES for char in text) % 2 == 0


def brackets_balanced(text: str) -> bool:
    open_brackets: list[str] = []
    for char in text:
        if char in OPENING_BRACKETS:
            open_brackets.append(char)
        elif char in CLOSING_BRACKET:
            if not open_brackets or open_brackets.pop() != CLOSING_BRACKET[char]:
                return False
    return not open_brackets


class UnbalancedQuotes(Check):
    code = "unbalanced-quotes"
    severity = "warning"  # usually a dropped mark, which an editor fixes in seconds

    def run(self, source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
        flags = []
        # A quote may open in one sentence and close in the next; only a source that pairs up is a yardstick.
        if quotes_balanced(source) and not quotes_balanced(target):
            flags.append(self.flag("a quotation mark is unpaired in the output but paired in the source"))
        if brackets_balanced(source) and not brackets_balanced(target):
            flags.append(self.flag("a bracket is unpaired in the output but paired in the source"))
        return flags
