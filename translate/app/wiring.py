"""The one place that wires the packages together: a backend from the command line's options, the
glossary matcher, the quality checks, and the Translator over them."""
from __future__ import annotations

import argparse
import sys

from glossaries import Glossary, GlossaryMatcher
from translate.engine.backend import TranslationBackend, load_backend
from translate.engine.pipeline import Translator


def backend_from_args(args: argparse.Namespace) -> TranslationBackend:
    """The backend the options name; with `--backend auto`, a model CTranslate2 cannot run falls back to
    transformers with one line on stderr saying why."""
    return load_backend(
        args.model, backend=args.backend, device=args.device, compute_type=args.compute_type, threads=args.threads,
        on_fallback=lambda reason: print(f"newsmt: {reason}", file=sys.stderr),
    )


def translator_from_args(
    args: argparse.Namespace,
    *,
    glossary: Glossary | None,
    checks: bool = True,
    backend: TranslationBackend | None = None,
    memory=None,
) -> Translator:
    """A Translator as the command line describes it: the glossary's terms enforced (when it has any) and,
    with `checks`, the reference-free quality checks run on every sentence."""
    run_checks = None
    if checks:
        from eval.checks import run_checks
    return Translator(
        backend or backend_from_args(args),
        term_matcher=GlossaryMatcher([glossary]) if glossary is not None else None,
        checks=run_checks,
        memory=memory,
        beam=args.beam,
        max_batch_tokens=args.max_batch_tokens,
        max_batch_sentences=args.batch_size,
        term_injection=args.term_injection,
        progress=sys.stderr.isatty(),
    )


def open_memory(path: str | None):
    """The translation memory at `path` (created if missing), or None; opened before the model loads, so a file
    that is not a memory stops the run at once."""
    if path is None:
        return None
    from translate.memory import TranslationMemory

    return TranslationMemory(path)


def mark_new_sentences(memory, documents) -> list[dict]:
    """Remember each story's sentences as its next version (keyed on its name) and mark what is new since the
    previous one; returns each story's version."""
    stories = []
    for document in documents:
        diff = memory.record_version(document.name or "<stdin>", [s.source for s in document.segments])
        if diff.previous_version is not None:
            for segment, new in zip(document.segments, diff.is_new, strict=True):
                segment.new = new
        stories.append({"id": diff.story_id, "version": diff.version, "previous_version": diff.previous_version,
                        "new_sentences": diff.new_sentences if diff.previous_version is not None else None})
    return stories
