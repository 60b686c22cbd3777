"""The narrow interface between the document pipeline and a translation model.

Modelled on CTranslate2's `Translator.translate_batch`: the pipeline hands over plain sentences and
gets plain sentences back. A second backend (e.g. CTranslate2) implements these few members and
nothing in the pipeline changes.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence


class TranslationBackend(ABC):
    model_id: str  # what the user asked for: a hub id or a directory
    revision: str  # the exact weights: a hub commit, or a content hash for a local directory
    device: str

    @property
    @abstractmethod
    def max_input_tokens(self) -> int:
        """Longest input, in the model's own tokens (end-of-sentence marker included)."""

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
    ) -> list[str]:
        """Translate sentences (each within `max_input_tokens`), one output per input, in order.

        `target_terms[i]` are English strings that output i must contain. A backend steers decoding
        towards them as far as it can; the pipeline checks the result and repairs what is missing,
        so the guarantee does not depend on the backend.
        """

    @property
    def signature(self) -> str:
        return f"model:{self.model_id}|rev:{self.revision}|device:{self.device}"
