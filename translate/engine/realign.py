"""The term fall-back: a guided second decode that places a term the model did not write where its source aligns.

For an output that lacks a required term, the decoder's cross-attention over the first output tells which target
piece was written while the model looked at the term's span in its input (the German words, or the English term
injected in their place); the sentence is decoded again with the first output up to the start of that word plus
the term as a forced prefix, and the model finishes it within the sentence's length bound. Terms are placed one at
a time, in the order their spans align (the next one tried when one fails), each re-decode keeping the terms placed
before it, at most two re-decodes per term. A re-decode is kept only when it holds the term and every term the
output had before; a term no re-decode placed is inserted by the pipeline and flagged
(translate/engine/pipeline.py: TermCheckStage). The same for every backend that can realign (`can_realign`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from translate.kernel.presence import term_present

from .backend import Translation, TranslationBackend


@dataclass(frozen=True)
class RequiredTerm:
    text: str  # the English term the output must contain
    span: tuple[int, int] | None  # character offsets in the model input of what the term renders; None if unknown


@dataclass(frozen=True)
class Realigned:
    translation: Translation
    placed: frozenset[str] = field(default_factory=frozenset)  # the terms the re-decodes brought in


def source_span(backend: TranslationBackend, text: str, span: tuple[int, int]) -> range:
    """The source pieces that cover characters `span` of `text` (by the pieces of the text before and up to it)."""
    start = len(backend.source_pieces(text[: span[0]].rstrip()))
    end = len(backend.source_pieces(text[: span[1]]))
    return range(start, max(end, start + 1))


def aligned_position(attention: Sequence[Sequence[float]], sources: range, pieces: Sequence[str]) -> int:
    """The target piece that attended most to the `sources` pieces, moved back to the start of its word."""
    weights = [sum(row[k] for k in sources if k < len(row)) for row in attention]
    return word_start(pieces, max(range(len(weights)), key=weights.__getitem__, default=0))


def word_start(pieces: Sequence[str], position: int) -> int:
    """`position`, or the piece before it that starts its word (SentencePiece: "▁"); -1 for a negative position."""
    if position < 0:
        return -1
    position = min(position, len(pieces))
    while 0 < position < len(pieces) and not pieces[position].startswith("▁"):
        position -= 1
    return position


def present(terms: Sequence[RequiredTerm], text: str) -> frozenset[str]:
    return frozenset(t.text for t in terms if term_present(t.text, text))


def realign(
    backend: TranslationBackend, source: str, first: Translation, terms: Sequence[RequiredTerm], *,
    limit: int, beam: int | None = None,
) -> Realigned:
    """`first` with the terms it lacks placed by guided re-decodes, as far as they succeed (see the module)."""
    current, placed, keep = first, set(), 0  # keep: pieces of the current output that hold the placed terms
    attempts = 2 * len(terms)  # re-decodes at most, whatever happens
    while attempts > 0:
        had = present(terms, current.text)
        missing = [t for t in terms if t.text not in had and t.span is not None]
        if not missing or not current.pieces:
            break
        attention = backend.cross_attention(source, current.pieces)
        positions = {
            t.text: max(keep, aligned_position(attention, source_span(backend, source, t.span), current.pieces))
            for t in missing
        }
        for term in sorted(missing, key=lambda t: positions[t.text]):  # the earliest first; the next if it fails
            term_pieces = backend.target_pieces(term.text)
            # An output that ran to its bound may align the term past the room left: then as late as it fits.
            position = word_start(current.pieces, min(positions[term.text], limit - len(term_pieces) - 1))
            if not term_pieces or position < keep or attempts == 0:
                continue  # no room left within the bound
            prefix = [*current.pieces[:position], *term_pieces]
            attempts -= 1
            # The terms go along as for the first decode: transformers keeps a completed term a whole word with them.
            [again] = backend.translate_batch([source], beam=beam, target_terms=[[t.text for t in terms]],
                                              max_lengths=[limit], target_prefixes=[prefix])
            now = present(terms, again.text)
            if term.text in now and had <= now:
                current, keep = again, len(prefix)
                placed.add(term.text)
                break
        else:
            break  # no missing term could be placed
    # Every term the re-decodes brought in counts as theirs (one can come with another: "adult" in "adult-onset …").
    return Realigned(current, frozenset(placed) and present(terms, current.text) - present(terms, first.text))
