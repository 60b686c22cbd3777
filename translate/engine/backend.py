"""The narrow interface between the document pipeline and a translation model, and the one place that
builds a backend.

Modelled on CTranslate2's `Translator.translate_batch`: the pipeline hands over plain sentences and gets
result objects back. Each backend implements these few members and nothing in the pipeline changes.
"""
from __future__ import annotations

import os
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from translate.kernel.errors import ModelUnavailable

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
# "auto": CTranslate2 (int8 on a CPU, float16 on CUDA), or transformers where CTranslate2 cannot run the model.
AUTO_BACKEND = "auto"
BACKENDS = ("transformers", "ctranslate2")
BACKEND_CHOICES = (AUTO_BACKEND, *BACKENDS)
DEFAULT_BACKEND = AUTO_BACKEND


def default_model() -> str:
    return os.environ.get("NEWSMT_MODEL") or DEFAULT_MODEL


class BackendUnsupported(ModelUnavailable):
    """This backend cannot convert or load this model, which another backend may still run (the automatic choice
    then falls back to transformers)."""


@dataclass(frozen=True)
class Translation:
    """One sentence's output, and how the backend met its required terms."""

    text: str
    # Required terms whose tokens the decoder forced (the model did not choose them itself).
    forced_terms: frozenset[str] = field(default_factory=frozenset)
    # The decoder wrote as many tokens as the sentence's length bound allows (`max_lengths`): it may be cut short.
    length_bounded: bool = False
    # The output's target pieces (SentencePiece), end-of-sentence not included: what a guided re-decode starts from.
    pieces: tuple[str, ...] = ()


@dataclass(frozen=True)
class Batch:
    """One model call's worth of sentences, with what `translate_batch` takes per sentence."""

    sentences: Sequence[str]
    target_terms: Sequence[Sequence[str]] | None = None
    output_lengths: Sequence[int] | None = None
    max_lengths: Sequence[int] | None = None
    target_prefixes: Sequence[Sequence[str] | None] | None = None


class TranslationBackend(ABC):
    model_id: str  # what the user asked for: a hub id or a directory
    revision: str  # the exact weights: a hub commit, or a content hash for a local directory
    device: str
    name: str  # "transformers", "ctranslate2"
    # It implements `source_pieces`, `target_pieces`, `cross_attention` and `target_prefixes`: a term the model did
    # not write can be placed by a guided re-decode (translate/engine/realign.py).
    can_realign: bool = False

    @property
    @abstractmethod
    def max_input_tokens(self) -> int:
        """Longest input, in the model's own tokens (end-of-sentence marker included)."""

    @property
    @abstractmethod
    def max_output_tokens(self) -> int:
        """Longest output the model may write, in target tokens (end-of-sentence not counted)."""

    @abstractmethod
    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Input length of each text in the model's tokens, as `translate_batch` would feed it."""

    @abstractmethod
    def translate_batch(
        self,
        sentences: Sequence[str],
        *,
        beam: int | None = None,
        target_terms: Sequence[Sequence[str]] | None = None,
        output_lengths: Sequence[int] | None = None,
        max_lengths: Sequence[int] | None = None,
        target_prefixes: Sequence[Sequence[str] | None] | None = None,
    ) -> list[Translation]:
        """Translate sentences (each within `max_input_tokens`), exactly one result per input, in order.

        `target_terms[i]` are English strings that output i must contain. A backend steers decoding
        towards them as far as it can; the pipeline checks the result and repairs what is missing,
        so the guarantee does not depend on the backend.

        `output_lengths[i]`, for benchmarks only, makes the decoder write exactly that many tokens for
        sentence i, end-of-sentence ignored (as vLLM's throughput benchmark does), so that a random-weight
        model costs what a real one would.

        `max_lengths[i]` bounds output i to that many tokens (end-of-sentence not counted; default and at most
        `max_output_tokens`); an output that reaches its bound has `length_bounded` set. `output_lengths` wins.

        `target_prefixes[i]`, target pieces, makes output i start with exactly them (the bound counts them).
        """

    def source_pieces(self, text: str) -> list[str]:
        """The model input's SentencePiece pieces, end-of-sentence not included."""
        raise NotImplementedError

    def target_pieces(self, text: str) -> list[str]:
        """`text` as target pieces, as the decoder would write it after a word boundary."""
        raise NotImplementedError

    def cross_attention(self, source: str, pieces: Sequence[str]) -> list[list[float]]:
        """For the output `pieces` of `source`: one row per piece (the decoder's attention over the source pieces,
        end-of-sentence included, while it wrote that piece), averaged over the last layer's heads."""
        raise NotImplementedError

    def translate_batches(self, batches: Iterable[Batch], *, beam: int | None = None) -> Iterator[list[Translation]]:
        """`translate_batch` for each batch, results yielded batch by batch in order. One after another here; a
        backend with parallel workers overrides it to run the batches concurrently."""
        for batch in batches:
            yield self.translate_batch(
                batch.sentences, beam=beam, target_terms=batch.target_terms, output_lengths=batch.output_lengths,
                max_lengths=batch.max_lengths, target_prefixes=batch.target_prefixes,
            )

    @property
    def signature(self) -> str:
        return f"model:{self.model_id}|rev:{self.revision}|backend:{self.name}|device:{self.device}"


def _transformers(model: str, *, device: str, compute_type: str, threads: int | None) -> TranslationBackend:
    from .marian import MarianBackend

    return MarianBackend(model, device=device, threads=threads)


def _ctranslate2(model: str, *, device: str, compute_type: str, threads: int | None) -> TranslationBackend:
    try:
        from .ctranslate2_backend import CTranslate2Backend
    except ImportError as err:  # ctranslate2 is a dependency, but a broken install should not stop a translation
        raise BackendUnsupported(f"model {model}: CTranslate2 is not importable here: {err}", model=model) from None
    return CTranslate2Backend(model, device=device, compute_type=compute_type, threads=threads)


_LOADERS: dict[str, Callable[..., TranslationBackend]] = {"transformers": _transformers, "ctranslate2": _ctranslate2}
# What "auto" means: the fast engine, else the one every MarianMT model runs on.
_AUTO_PREFERRED, _AUTO_FALLBACK = "ctranslate2", "transformers"


def _warn(message: str) -> None:
    warnings.warn(message, RuntimeWarning, stacklevel=3)


def load_backend(
    model: str | None = None,
    *,
    backend: str = DEFAULT_BACKEND,
    device: str = "auto",
    compute_type: str = "default",
    threads: int | None = None,
    on_fallback: Callable[[str], None] | None = None,
) -> TranslationBackend:
    """The backend named `backend` for `model` (a hub id or a directory; default $NEWSMT_MODEL or opus-mt-de-en).

    "auto" (the default) is CTranslate2, or transformers when CTranslate2 cannot convert or load the model; the
    one-line reason goes to `on_fallback` (default: a RuntimeWarning). Raises ModelUnavailable (exit 3) when the
    model cannot be loaded, InputError for impossible settings.
    """
    from translate.kernel.errors import InputError

    model = model or default_model()
    options = {"device": device, "compute_type": compute_type, "threads": threads}
    if backend in _LOADERS:
        return _LOADERS[backend](model, **options)
    if backend != AUTO_BACKEND:
        raise InputError(f"unknown backend {backend!r}; use one of: {', '.join(BACKEND_CHOICES)}")
    try:
        return _LOADERS[_AUTO_PREFERRED](model, **options)
    except BackendUnsupported as err:
        # Said only once the fall-back has loaded: when it cannot either, its own error is the one line the user reads.
        loaded = _LOADERS[_AUTO_FALLBACK](model, **options)
        (on_fallback or _warn)(f"{err}; using {_AUTO_FALLBACK}")
        return loaded
