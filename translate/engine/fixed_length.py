"""Benchmarks only: make beam search write exactly N tokens per sentence (end-of-sentence ignored until then,
forced right after), so that a random-weight model costs what a real one would, in full batches."""
from __future__ import annotations

from collections.abc import Sequence

import torch
from transformers import LogitsProcessor


class FixedLengths(LogitsProcessor):
    def __init__(self, lengths: Sequence[int], *, eos_token_id: int, num_beams: int):
        self.lengths = list(lengths)
        self.eos_token_id = eos_token_id
        self.num_beams = num_beams

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        written = input_ids.shape[1] - 1  # the first position is the decoder's start token
        for row in range(scores.shape[0]):
            wanted = self.lengths[row // self.num_beams]
            if written < wanted:
                scores[row, self.eos_token_id] = float("-inf")
            else:
                keep = scores[row, self.eos_token_id].clone()
                scores[row] = float("-inf")
                scores[row, self.eos_token_id] = keep if torch.isfinite(keep) else 0.0
        return scores
