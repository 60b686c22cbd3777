"""`length-ratio`: an output much shorter or longer than a translation of its source would be.

English runs a little shorter than German (0.93 × the characters in newstest2018/2019's human
references). The bounds are the 0.5% and 99.5% quantiles of the references' ratio, so a human
translation falls outside them about one time in a hundred; `python benchmarks/measure_checks.py`
recomputes them. A fixed number of characters is added to both lengths before dividing, so that a
short line ("Okay?" → "All right?") needs a large difference in characters, not just in proportion.
"""
from __future__ import annotations

from collections.abc import Sequence

from translate.kernel.document import Flag, TermMatch

from .base import Check

SMOOTHING_CHARS = 20
SHORTEST_RATIO = 0.69
LONGEST_RATIO = 1.32


def length_ratio(source: str, target: str) -> float:
    return (len(target.strip()) + SMOOTHING_CHARS) / (len(source.strip()) + SMOOTHING_CHARS)


class LengthRatio(Check):
    code = "length-ratio"
    severity = "warning"

    def run(self, source: str, target: str, terms: Sequence[TermMatch] = ()) -> list[Flag]:
        if not target.strip():  # that is `empty`
            return []
        ratio = length_ratio(source, target)
        if ratio < SHORTEST_RATIO:
            return [self.flag(f"the output is short for its source (length ratio {ratio:.2f} < {SHORTEST_RATIO})")]
        if ratio > LONGEST_RATIO:
            return [self.flag(f"the output is long for its source (length ratio {ratio:.2f} > {LONGEST_RATIO})")]
        return []
