"""Options shared by the subcommands, and argparse types that say what is wrong with a value."""
from __future__ import annotations

import argparse
import os
from collections.abc import Callable

# More model threads than this per core only cost memory (CTranslate2 gives each its own worker and buffers; at
# 100000 it aborted the process after 1.9 GB) and never speed anything up.
MAX_THREADS_PER_CORE = 4


def _number(kind: type, value: str):
    try:
        return kind(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a {'whole ' if kind is int else ''}number: {value!r}") from None


def positive_int(value: str) -> int:
    number = _number(int, value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def thread_count(value: str) -> int:
    """A number of CPU threads: at least 1, at most MAX_THREADS_PER_CORE × this machine's cores."""
    number = positive_int(value)
    cores = os.cpu_count() or 1
    if number > MAX_THREADS_PER_CORE * cores:
        raise argparse.ArgumentTypeError(
            f"at most {MAX_THREADS_PER_CORE * cores} ({MAX_THREADS_PER_CORE} per core, {cores} cores here): {value}"
        )
    return number


def non_negative(kind: type) -> Callable[[str], float | int]:
    def parse(value: str):
        number = _number(kind, value)
        if number < 0:
            raise argparse.ArgumentTypeError(f"must not be negative: {value}")
        return number

    return parse


def probability(value: str) -> float:
    number = _number(float, value)
    if not 0 < number < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {value}")
    return number


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """Model, backend and batching options: the same for every command that translates."""
    from translate.engine.backend import BACKEND_CHOICES, DEFAULT_BACKEND
    from translate.engine.batching import DEFAULT_MAX_BATCH_SENTENCES, DEFAULT_MAX_BATCH_TOKENS

    group = parser.add_argument_group("model")
    group.add_argument(
        "--model",
        help="Hugging Face model id or local model directory (default: $NEWSMT_MODEL or Helsinki-NLP/opus-mt-de-en)",
    )
    group.add_argument("--backend", choices=BACKEND_CHOICES, default=DEFAULT_BACKEND,
                       help="auto (default): ctranslate2 (int8 on a CPU, float16 on CUDA; the model is converted once "
                            "and cached), or transformers when CTranslate2 cannot convert or load the model")
    group.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="default: cuda when available")
    group.add_argument("--compute-type", default="default", metavar="TYPE",
                       help="ctranslate2 only: int8, int8_float32, float32, float16 (CUDA), … (default: the model's)")
    group.add_argument("--threads", type=thread_count, metavar="N",
                       help="CPU threads for the model (default: all cores; ctranslate2 runs one batch per thread; "
                            f"at most {MAX_THREADS_PER_CORE} per core); with several workers keep workers × threads ≤ cores")
    group.add_argument("--beam", type=positive_int, help="beam size (default: the model's own, 4 for opus-mt)")
    group.add_argument("--max-batch-tokens", type=positive_int, default=DEFAULT_MAX_BATCH_TOKENS, metavar="N",
                       help=f"padded source tokens per model call (default {DEFAULT_MAX_BATCH_TOKENS})")
    group.add_argument("--no-term-injection", dest="term_injection", action="store_false",
                       help="give glossary terms to the model only through constrained decoding, not in its input")
    group.add_argument("--batch-size", type=positive_int, default=DEFAULT_MAX_BATCH_SENTENCES, metavar="N",
                       help=f"at most N sentences per model call (default {DEFAULT_MAX_BATCH_SENTENCES})")
