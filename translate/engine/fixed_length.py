"""Per-sentence output lengths in transformers' beam search (one `max_length` holds for a whole batch):
- BoundedLengths: end-of-sentence forced once a sentence has written its bound (translate/engine/length_bound.py);
- FixedLengths, benchmarks only: exactly N tokens per sentence (end-of-sentence ignored until then, forced right
  after), so that a random-weight model costs what a real one would, in full batches."""
from __future__ import annotations

from collections.abc import Sequence

import torch
from transformers import LogitsProcessor


class BoundedLengths(LogitsProcessor):
    def __init__(self, lengths: Sequence[int], *, eos_token_id: int):
        self.lengths = list(lengths)
        self.eos_token_id = eos_token_id
        self._row_lengths: torch.Tensor | None = None

    def _rows(self, scores: torch.Tensor) -> torch.Tensor:
        if self._row_lengths is None:
            lengths = torch.tensor(self.lengths, device=scores.device)
            self._row_lengths = lengths.repeat_interleave(scores.shape[0] // len(self.lengths))  # beams in a row
        return self._row_lengths

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        written = input_ids.shape[1] - 1  # the first position is the decoder's start token
        done = written >= self._rows(scores)
        if done.any():
            # As transformers' own forced end-of-sentence at max_length: a score of 0, so that the bound ends every
            # hypothesis alike and a sentence gets the same output in a batch of longer ones as alone.
            scores[done] = float("-inf")
            scores[done, self.eos_token_id] = 0.0
        return scores


class FixedLengths(BoundedLengths):
    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        written = input_ids.shape[1] - 1
        scores[written < self._rows(scores), self.eos_token_id] = float("-inf")
        return super().__call__(input_ids, scores)
