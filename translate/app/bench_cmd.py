"""`newsmt bench`: the one command that measures speed, engines side by side on the same sentences."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .argtypes import positive_int, thread_count


def _engines(value: str) -> tuple[str, ...]:
    from .benchmark import ENGINES

    engines = tuple(e.strip() for e in value.split(",") if e.strip())
    unknown = [e for e in engines if e not in ENGINES]
    if not engines or unknown:
        raise argparse.ArgumentTypeError(f"unknown engine {unknown[0] if unknown else value!r}; known: {', '.join(ENGINES)}")
    return engines


def register(subparsers) -> None:
    from translate.engine.batching import DEFAULT_MAX_BATCH_TOKENS

    parser = subparsers.add_parser(
        "bench",
        help="measure translation speed of the engines side by side",
        description=(
            "Translate the same newstest2019 sentences with each engine in one process and report sentences/s, "
            "target tokens/s, the ratio to the naive engine, peak memory and the time per pipeline stage. "
            "naive: transformers, one sentence per generate call; every other engine is the whole newsmt pipeline "
            "(segmentation, glossary, checks) on that backend. With --random-model (no weights needed) a model of "
            "opus-mt-de-en's exact shape decodes exactly as many tokens as each source has."
        ),
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", help="a real model: hub id or directory (decodes normally)")
    source.add_argument("--random-model", action="store_true",
                        help="a cached random-weight model of opus-mt-de-en's shape, fixed output lengths")
    parser.add_argument("--sentences", type=positive_int, default=64, metavar="N", help="default 64")
    parser.add_argument("--engines", type=_engines, default=("naive", "transformers", "ctranslate2"),
                        help="comma-separated: naive, transformers, ctranslate2 (int8), ctranslate2-float32 "
                             "(default: naive,transformers,ctranslate2)")
    parser.add_argument("--batch-tokens", type=positive_int, default=None, metavar="N",
                        help=f"padded source tokens per model call (default: the pipeline's, {DEFAULT_MAX_BATCH_TOKENS})")
    parser.add_argument("--threads", type=thread_count, metavar="N", help="CPU threads (default: all cores; at most 4 per core)")
    parser.add_argument("--beam", type=positive_int, default=4, help="beam size (default 4)")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from translate.engine.batching import DEFAULT_MAX_BATCH_TOKENS
    from translate.engine.ctranslate2_backend import default_threads

    from .benchmark import Settings, parameter_count, random_model_dir, run_bench, to_text

    model = str(random_model_dir()) if args.random_model else args.model
    settings = Settings(
        model=model, random_model=args.random_model, sentences=args.sentences, engines=args.engines,
        max_batch_tokens=args.batch_tokens or DEFAULT_MAX_BATCH_TOKENS, threads=args.threads or default_threads(),
        beam=args.beam,
    )
    report = run_bench(settings)
    if (Path(model) / "model.safetensors").is_file():  # the shape, for the record (opus-mt-de-en: 73.9M stored)
        report["settings"]["parameters"] = parameter_count(Path(model))
    if args.format == "json":
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        sys.stdout.write(to_text(report))
    return 0
