"""`truncated`: the source is a finished sentence but the output stops mid-sentence."""
from __future__ import annotations

import re
from collections.abc import Sequence

from translate.kernel.document import Flag, TermMatch

from .base import Check

# A full stop, question or exclamation mark (or an ellipsis), then any closing quotes or brackets.
SENTENCE_END = re.compile(r"""[.!?…][\s"'“”‘’«»)\]]*$""")


def ends_sentence(text: str) -> bool:
    return SENTENCE_END.search(text) is not None


class Truncated(Check):
    code = "truncated"
    severity = "warning"

    def run(self, source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
        if target.strip() and ends_sentence(source) and not ends_sentence(target):
            ending = target.rstrip()[-30:]
            return [self.flag(f'the output stops mid-sentence: "…{ending}"')]
        return []
