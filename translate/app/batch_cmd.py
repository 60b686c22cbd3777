"""`newsmt batch IN... -o OUT_DIR`: wire feeds in bulk, resumable, on this machine or on Ray."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from translate.kernel.errors import InputError
from translate.kernel.formats import FORMATS

from .argtypes import add_model_options, positive_int
from .console import say
from .stories import OUTPUT_FORMATS


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "batch",
        help="translate folders of agency stories (text, ninjs, HTML, NITF, NewsML-G2), resumable",
        description=(
            "Translate many stories in one job: files, folders (recursively) and JSON-lines files of stories "
            '({"id", "text"} or a ninjs object per line). Every story is written atomically to OUT_DIR next to a '
            "journal, so a job killed at any point finishes with --resume without translating a finished story "
            "again. Stories whose outputs would collide, and an OUT_DIR inside an input folder, are refused before "
            "anything is translated. A story that cannot be read is reported and skipped. Exit codes: 0 ok, 1 some "
            "stories failed, 2 usage error, 3 model unavailable."
        ),
    )
    parser.add_argument("inputs", nargs="+", metavar="IN", help="story files, folders, or .jsonl files of stories")
    parser.add_argument("-o", "--output", required=True, metavar="OUT_DIR", help="output directory")
    parser.add_argument("--resume", action="store_true", help="finish an earlier job in OUT_DIR (its journal)")
    parser.add_argument("--input-format", choices=FORMATS, help="force the input format (default: detected)")
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="text",
                        help="text: each story in English in its own format (default); json; xliff")
    parser.add_argument("--xliff", action="store_true", help="also write XLIFF 2.1 per story")
    parser.add_argument("--engine", choices=["local", "ray"], default="local",
                        help="local (default) or ray: Ray Data actors, each loading the model once (pip install newsmt[ray])")
    parser.add_argument("--workers", type=positive_int, default=1, help="Ray actors (default 1), each running --threads threads (default 1 on Ray) on as many CPUs reserved through Ray")
    parser.add_argument("--summary", metavar="FILE", help="also write the summary JSON to FILE")
    add_model_options(parser)
    parser.add_argument("--glossary", action="append", default=[], metavar="FILE", help="glossary; repeatable")
    parser.add_argument("--no-default-glossary", action="store_true")
    parser.add_argument("--tm", metavar="PATH", help="translation memory (SQLite)")
    parser.set_defaults(func=run)


def _options(args: argparse.Namespace) -> dict:
    keys = ("model", "backend", "device", "compute_type", "threads", "beam", "max_batch_tokens", "batch_size",
            "term_injection", "max_length_ratio", "max_length_margin", "glossary", "no_default_glossary", "tm")
    return {key: getattr(args, key) for key in keys}


def run(args: argparse.Namespace) -> int:
    import json

    from glossaries import load_glossaries

    from .batch import check_outputs, collect_stories, local_engine, make_translator, run_batch

    out_dir = Path(args.output)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"-o {args.output}: is a file; batch writes into a directory")
    load_glossaries(args.glossary, include_default=not args.no_default_glossary)  # a bad glossary stops it at once
    stories = list(collect_stories(args.inputs, args.input_format))  # where each story is, not its content
    check_outputs(stories, args.inputs, out_dir, args.format, args.xliff)  # before the model loads
    options = _options(args)
    if args.engine == "ray":
        from .batch_ray import ray_engine

        engine = ray_engine(options, args.format, args.xliff, workers=args.workers)
    else:
        engine = local_engine(make_translator(options), args.format, args.xliff)
    summary = run_batch(stories, out_dir, translate_stories=engine, resume=args.resume, progress=sys.stderr.isatty())
    for line in summary.failed:
        say(f"newsmt: error: {line}")
    for warning in summary.warnings:
        say(f"newsmt: warning: {warning}")
    say(f"newsmt: {summary}")
    if args.summary:
        Path(args.summary).write_text(json.dumps(summary.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 1 if summary.failed else 0
