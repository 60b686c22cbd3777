"""`missing-term`: a glossary term found in the source whose required English is not in the output."""
from __future__ import annotations

from collections.abc import Sequence

from translate.kernel.document import Flag, TermMatch
from translate.kernel.presence import term_present

from .base import Check


class MissingTerm(Check):
    code = "missing-term"
    severity = "error"  # the glossary is an editorial decision; not following it is a mistake

    def run(self, source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
        # Each required English form is looked for once, however often the sentence has its term: linear time.
        present = {english: term_present(english, target) for english in {term.target for term in terms}}
        return [
            self.flag(f'glossary term "{term.source}" must be rendered "{term.target}"', (term.start, term.end))
            for term in terms
            if not present[term.target]
        ]
