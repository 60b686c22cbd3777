"""Batches counted in tokens: sentences sorted by length, so that a batch of short sentences is not padded to
the length of a long one and one huge batch cannot exhaust memory."""
from __future__ import annotations

from collections.abc import Sequence

# Padded source tokens per model call. Measured with `newsmt bench` on 2 CPU cores, beam 4: 512 beats 2048 on both
# backends (transformers 4.7 vs 3.6 sentences/s) — a batch runs until its longest sentence is done, and smaller
# batches keep CTranslate2's parallel workers busy. GPUs want more (see README, Performance).
DEFAULT_MAX_BATCH_TOKENS = 512
DEFAULT_MAX_BATCH_SENTENCES = 64


def token_batches(lengths: Sequence[int], *, max_tokens: int, max_sentences: int) -> list[list[int]]:
    """Indexes of `lengths`, longest first (ties in input order), cut into batches whose padded size
    (sentences × longest) stays within `max_tokens`, with at most `max_sentences` each. An item longer than
    `max_tokens` gets a batch of its own."""
    if max_tokens < 1 or max_sentences < 1:
        raise ValueError("max_tokens and max_sentences must be at least 1")
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    for index in order:
        batch = batches[-1] if batches else None
        # Longest first: the batch's first item is its longest, so adding one costs its length again.
        if batch and len(batch) < max_sentences and (len(batch) + 1) * lengths[batch[0]] <= max_tokens:
            batch.append(index)
        else:
            batches.append([index])
    return batches
