"""How many tokens the decoder may write for one sentence: relative to its source, never above the model's limit.

A model that loops or hallucinates (or a random-weight one, which never ends a sentence) otherwise decodes up to the
model's 512-token limit, and a batch runs until its longest sentence is done. The default, ceil(1.5 × source
tokens) + 10, covers every one of the 4,998 newstest2018/2019 pairs (references and opus-mt-de-en's own output),
with at least 3 tokens to spare, on every stand-in tokenizer measured (benchmarks/length_bound.py, README).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

DEFAULT_RATIO = 1.5
DEFAULT_MARGIN = 10


def max_target_tokens(source_tokens: int, model_limit: int, *, ratio: float = DEFAULT_RATIO,
                      margin: int = DEFAULT_MARGIN) -> int:
    """Target tokens (end-of-sentence not counted) a sentence of `source_tokens` input tokens (end-of-sentence
    counted, as `count_tokens` gives them) may have: ceil(ratio × source) + margin, at most `model_limit`, at least 1."""
    if ratio <= 0 or margin < 0:
        raise ValueError(f"a length bound needs a positive ratio and a margin ≥ 0, not {ratio} and {margin}")
    return max(1, min(model_limit, math.ceil(ratio * source_tokens) + margin))


@dataclass(frozen=True)
class LengthBound:
    """The bound's settings, as the translator's options carry them."""

    ratio: float = DEFAULT_RATIO
    margin: int = DEFAULT_MARGIN

    def __post_init__(self):
        max_target_tokens(1, 1, ratio=self.ratio, margin=self.margin)  # refuses impossible settings at once

    def tokens(self, source_tokens: int, model_limit: int) -> int:
        return max_target_tokens(source_tokens, model_limit, ratio=self.ratio, margin=self.margin)

    @property
    def signature(self) -> str:
        return f"max-length:{self.ratio:g}x+{self.margin}"
