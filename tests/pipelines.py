"""Translators over test models, built the way the app layer builds them (translate.app.wiring)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def backend_for(model_dir: Path, backend: str = "transformers"):
    """One loaded backend per model directory for the whole test run (loading costs a second)."""
    from translate import load_backend

    return load_backend(str(model_dir), backend=backend, device="cpu")


def translator_for(model_dir: Path, *, glossary=None, checks: bool = False, backend: str = "transformers", **options):
    from glossaries import GlossaryMatcher
    from translate import Translator

    run_checks = None
    if checks:
        from eval.checks import run_checks
    return Translator(
        backend_for(Path(model_dir), backend),
        term_matcher=GlossaryMatcher([glossary]) if glossary is not None else None,
        checks=run_checks,
        **options,
    )


class CountingBackend:
    """Wraps a real backend and records every batch the model is asked to translate."""

    def __init__(self, inner):
        self.inner, self.batches = inner, []
        self.redecodes: list[list[str]] = []  # the guided re-decodes of the term fall-back (realign.py), apart

    def __getattr__(self, name):
        return getattr(self.inner, name)

    @property
    def translated(self) -> list[str]:
        return [sentence for batch in self.batches for sentence in batch]

    def translate_batch(self, sentences, **options):
        (self.redecodes if options.get("target_prefixes") else self.batches).append(list(sentences))
        return self.inner.translate_batch(sentences, **options)

    def translate_batches(self, batches, **options):
        batches = list(batches)
        self.batches.extend(list(batch.sentences) for batch in batches)
        return self.inner.translate_batches(batches, **options)
