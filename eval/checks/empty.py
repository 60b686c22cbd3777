"""`empty`: the system produced nothing for a sentence that has content."""
from __future__ import annotations

from collections.abc import Sequence

from translate.kernel.document import Flag, TermMatch

from .base import Check


class EmptyOutput(Check):
    code = "empty"
    severity = "error"

    def run(self, source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
        if source.strip() and not target.strip():
            return [self.flag("the output is empty")]
        return []
