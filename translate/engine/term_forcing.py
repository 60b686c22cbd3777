"""Glossary terms steered into beam search with a LogitsProcessor (transformers v5 has no constrained
beam search in core any more).

For every hypothesis, at every step, the processor looks at the English text decoded so far and at
the required terms still missing from it: a term whose first tokens were just produced is continued
(its next token is forced), so the model decides *where* a term goes and the glossary decides *how it
is spelled*. It never blocks end-of-sentence and never starts a term the model did not start: a
beam kept from ending wanders until the length limit (issue 17). A term the model did not write at
all is placed by the guided re-decode (translate/engine/realign.py), and only if that fails
inserted by the pipeline's check (translate/engine/pipeline.py: TermCheckStage).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
from transformers import LogitsProcessor

from translate.kernel.presence import term_present


@dataclass(frozen=True)
class ForcedTerm:
    text: str
    token_ids: tuple[int, ...]
    # How many of its first tokens a hypothesis must have written before the rest is forced: enough to hold a
    # letter or digit. A bare word-boundary piece ("▁") starts countless words, and forcing "rash" after any
    # "▁" wrote the term where the model meant another word.
    started_after: int = 1


class TermForcingProcessor(LogitsProcessor):
    def __init__(
        self,
        terms_per_sentence: Sequence[Sequence[ForcedTerm]],
        *,
        pieces_of: Callable[[list[int]], list[str]],
        eos_token_id: int,
        max_lengths: Sequence[int],
        num_beams: int,
        word_continuations: torch.Tensor | None = None,
    ):
        self.terms_per_sentence = terms_per_sentence
        self.pieces_of = pieces_of  # token ids → SentencePiece pieces
        self.eos_token_id = eos_token_id
        self.max_lengths = max_lengths  # per sentence, counted as transformers' max_length (start and </s> included)
        self.num_beams = num_beams
        # Pieces that glue onto the previous word (no "▁"): banned right after a term's last token, so a term
        # stays a whole word ("Agency" + "x" would hide it from the presence test and have it forced again).
        self.word_continuations = word_continuations
        # (sentence, decoded prefix) → (forced token, term): lets `forced_terms` tell, for the hypothesis
        # that won, which of its tokens were forced, although beams are reordered at every step.
        self._forced: dict[tuple[int, tuple[int, ...]], tuple[int, str]] = {}
        # Every term token this processor put in a hypothesis (chosen by the model or not): a term it started
        # is continued even from a first piece that alone would not count as a start.
        self._placed: dict[tuple[int, tuple[int, ...]], tuple[int, str]] = {}

    def _text(self, row: list[int]) -> str:
        return "".join(self.pieces_of(row[1:])).replace("▁", " ")  # row[0] is the decoder start token

    def _force(self, scores: torch.Tensor, row: int, token: int) -> None:
        keep = scores[row, token].clone()
        scores[row] = float("-inf")
        scores[row, token] = keep if torch.isfinite(keep) else 0.0

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        cur_len = input_ids.shape[1]
        rows = input_ids.tolist()
        best = scores.argmax(dim=-1).tolist()
        for row, tokens in enumerate(rows):
            terms = self.terms_per_sentence[row // self.num_beams]
            free_positions = self.max_lengths[row // self.num_beams] - 1 - cur_len  # the very last one is </s>'s
            if not terms or free_positions < 0:
                continue
            if self.word_continuations is not None and any(_ends_with(tokens, t.token_ids) for t in terms):
                scores[row, self.word_continuations] = float("-inf")
            text = self._text(tokens)
            missing = [t for t in terms if not term_present(t.text, text) and not _contains(tokens, t.token_ids)]
            if not missing:
                continue
            sentence = row // self.num_beams
            next_token, term = self._continuation(sentence, tokens, missing)
            if next_token is not None and free_positions > 0:
                self._placed[(sentence, tuple(tokens))] = (next_token, term)
                if best[row] != next_token:
                    self._forced[(sentence, tuple(tokens))] = (next_token, term)
                self._force(scores, row, next_token)
        return scores

    def forced_terms(self, sentence: int, output_ids: list[int]) -> frozenset[str]:
        """The terms of which at least one token in this final output was forced against the model's choice."""
        terms = set()
        for position in range(1, len(output_ids)):
            forced = self._forced.get((sentence, tuple(output_ids[:position])))
            if forced is not None and forced[0] == output_ids[position]:
                terms.add(forced[1])
        return frozenset(terms)

    def _continuation(self, sentence: int, tokens: list[int], missing: list[ForcedTerm]) -> tuple[int | None, str | None]:
        """The next token of a term in progress (longest started prefix) and that term."""
        best: tuple[int, int, str] | None = None  # (prefix length, next token, term)
        for term in missing:
            ids = term.token_ids
            started_here = self._placed.get((sentence, tuple(tokens[:-1]))) == (tokens[-1], term.text)
            shortest = 1 if started_here else term.started_after
            for k in range(len(ids) - 1, shortest - 1, -1):
                if k <= len(tokens) - 1 and tuple(tokens[-k:]) == ids[:k]:
                    if best is None or k > best[0]:
                        best = (k, ids[k], term.text)
                    break
        if best is None:
            return None, None
        return best[1], best[2]


def _ends_with(tokens: list[int], ids: tuple[int, ...]) -> bool:
    return len(tokens) > len(ids) and tuple(tokens[-len(ids):]) == ids


def _contains(tokens: list[int], ids: tuple[int, ...]) -> bool:
    n = len(ids)
    return any(tuple(tokens[i:i + n]) == ids for i in range(1, len(tokens) - n + 1))
