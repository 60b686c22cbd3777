"""Candidates for the gate made from a real translation: figures altered the way a wire desk fears most."""
from __future__ import annotations

import re

from eval.checks.number_mismatch import NumberMismatch


def alter_numbers(sources: list[str], hyps: list[str], count: int) -> tuple[list[str], list[int]]:
    """`count` sentences with one figure of two or more digits changed by one digit: a figure the source has as
    digits, which the translation copied and the checks did not flag; the new figure is not in the source."""
    altered, lines = list(hyps), []
    for i, (source, hyp) in enumerate(zip(sources, hyps)):
        source_figures = set(re.findall(r"\d+", source))
        if NumberMismatch().run(source, hyp):
            continue
        for match in re.finditer(r"(?<![\d.,:])\d{2,}(?![\d.,:]\d)", hyp):
            figure = match.group()
            changed = figure[:-1] + str((int(figure[-1]) + 1) % 10)
            if figure in source_figures and changed not in source:
                altered[i] = hyp[:match.start()] + changed + hyp[match.end():]
                lines.append(i)
                break
        if len(lines) == count:
            return altered, lines
    raise AssertionError("not enough figures to alter")
