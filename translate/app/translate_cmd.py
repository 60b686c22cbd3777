"""`newsmt translate`: German news text in, English out, paragraph for paragraph."""
from __future__ import annotations

import argparse
import json
import sys
import time
from importlib.metadata import version
from pathlib import Path

from .argtypes import add_model_options
from translate.kernel.document import Document
from translate.kernel.errors import InputError
from translate.kernel.textio import STDIN_NAME, read_text

MAX_INPUT_BYTES = 20 * 1024 * 1024  # a wire story is kilobytes; more is almost certainly a wrong file


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "translate",
        help="translate German news text to English",
        description=(
            "Translate German text (UTF-8) to English. Paragraphs are blank-line separated if the text has "
            "blank lines (single newlines inside are soft wraps), else every line is a paragraph; the output "
            "keeps the convention and has exactly one paragraph per input paragraph. "
            "Exit codes: 0 ok, 2 usage or input error, 3 model unavailable."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files (default: standard input)")
    parser.add_argument(
        "-o", "--output", metavar="PATH",
        help="output file; with several inputs a directory that gets one NAME.en.txt (or .en.json) per input",
    )
    parser.add_argument(
        "--format", choices=["text", "json"], default="text",
        help="text, or JSON with sentences and their sources (several documents on stdout: one JSON object per line)",
    )
    add_model_options(parser)
    terms = parser.add_argument_group("glossary")
    terms.add_argument(
        "--glossary", action="append", default=[], metavar="FILE",
        help="glossary (TSV, CSV or TBX) whose terms must come out as listed; repeatable, later files override earlier ones",
    )
    terms.add_argument("--no-default-glossary", action="store_true", help="do not use the bundled newsroom glossary")
    terms.add_argument(
        "--terms", metavar="FILE",
        help='per-paragraph term lists, JSON lines: line i is [{"de": ..., "en": ...}, ...] for paragraph (line) i',
    )
    parser.set_defaults(func=run)


def _read_input(path: str | None) -> str:
    name = path or STDIN_NAME
    if path is not None and Path(path).is_file() and Path(path).stat().st_size > MAX_INPUT_BYTES:
        raise InputError(f"{name}: larger than {MAX_INPUT_BYTES // 2**20} MiB; split it into several files")
    text = read_text(path)
    if len(text.encode()) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: larger than {MAX_INPUT_BYTES // 2**20} MiB; split it into several files")
    if not text.strip():
        raise InputError(f"{name}: is empty, nothing to translate")
    return text


def _output_paths(files: list[str], output: str | None, fmt: str) -> list[Path | None]:
    """Where each document goes: None for stdout."""
    if output is None:
        return [None] * max(len(files), 1)
    out = Path(output)
    if len(files) <= 1 and not out.is_dir():
        return [out]
    if out.exists() and not out.is_dir():
        raise InputError(f"-o {output}: with several inputs, -o must be a directory")
    suffix = ".en.json" if fmt == "json" else ".en.txt"
    paths = [out / (Path(f).name.split(".")[0] + suffix) for f in files]
    seen: dict[Path, str] = {}
    for path, source in zip(paths, files):
        if path in seen:
            raise InputError(f"{source}: its output {path} would overwrite the output of {seen[path]}; rename one input")
        seen[path] = source
    return paths


def document_json(document: Document, translator) -> dict:
    return {
        "newsmt": version("newsmt"),
        "model": translator.backend.model_id,
        "glossary": translator.glossary.signature if translator.glossary else None,
        "signature": translator.signature,
        "file": document.name,
        "paragraphs": [p.to_json() for p in document.paragraphs],
    }


def review_summary(documents: list[Document]) -> str:
    segments = [s for d in documents for s in d.segments]
    flagged = sum(bool(s.flags) for s in segments)
    return f"{flagged} of {len(segments)} sentences need review"


def run(args: argparse.Namespace) -> int:
    from glossaries import load_glossaries, load_term_lists

    from translate.engine.pipeline import GlossaryCounts, Translator

    if not args.files and sys.stdin.isatty():
        raise InputError("no input: give a FILE, or pipe German text into `newsmt translate`")
    if args.terms and len(args.files) > 1:
        raise InputError(f"--terms {args.terms}: term lists belong to one input; give a single FILE")
    texts = [_read_input(f) for f in args.files] if args.files else [_read_input(None)]
    destinations = _output_paths(args.files, args.output, args.format)
    # Glossaries are read before the model, so a broken one stops the run before any translation.
    glossary = load_glossaries(args.glossary, include_default=not args.no_default_glossary)
    for warning in glossary.warnings:
        print(f"newsmt: warning: {warning}", file=sys.stderr)
    term_lists = [load_term_lists(args.terms)] if args.terms else None

    started = time.perf_counter()
    translator = Translator(
        model=args.model, device=args.device, beam=args.beam, batch_size=args.batch_size,
        progress=sys.stderr.isatty(), glossary=glossary if glossary.entries else None,
    )
    names = args.files or [STDIN_NAME]
    documents = translator.translate_documents(texts, names, term_lists=term_lists)

    several_to_stdout = len(documents) > 1 and destinations[0] is None
    for document, destination in zip(documents, destinations):
        if args.format == "json":
            payload = document_json(document, translator)
            rendered = json.dumps(payload, ensure_ascii=False, indent=None if several_to_stdout else 2) + "\n"
        else:
            rendered = document.to_text()
        if destination is None:
            sys.stdout.write(rendered)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(rendered, encoding="utf-8")
    n_paragraphs = sum(len(d.paragraphs) for d in documents)
    n_sentences = sum(len(d.segments) for d in documents)
    print(
        f"newsmt: translated {n_paragraphs} paragraphs, {n_sentences} sentences "
        f"in {time.perf_counter() - started:.1f} s ({translator.backend.device}); {GlossaryCounts.of(documents)}; "
        f"{review_summary(documents)} (see the flags in --format json)",
        file=sys.stderr,
    )
    return 0
