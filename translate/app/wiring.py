"""The one place that wires the packages together: a backend from the command line's options, the
glossary matcher, the quality checks, and the Translator over them."""
from __future__ import annotations

import argparse
import sys

from glossaries import Glossary, GlossaryMatcher
from translate.engine.backend import TranslationBackend, load_backend
from translate.engine.pipeline import Translator


def backend_from_args(args: argparse.Namespace) -> TranslationBackend:
    return load_backend(
        args.model, backend=args.backend, device=args.device, compute_type=args.compute_type, threads=args.threads,
    )


def translator_from_args(
    args: argparse.Namespace,
    *,
    glossary: Glossary | None,
    checks: bool = True,
    backend: TranslationBackend | None = None,
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
        beam=args.beam,
        max_batch_tokens=args.max_batch_tokens,
        max_batch_sentences=args.batch_size,
        term_injection=args.term_injection,
        progress=sys.stderr.isatty(),
    )
