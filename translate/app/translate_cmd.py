"""`newsmt translate`: German news text in, English out, paragraph for paragraph.

Everything the user gave is checked before the model loads (inputs, glossaries, term lists, where the
output goes), so a mistake costs a second, not a translation.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from translate.kernel.document import Document
from translate.kernel.errors import InputError
from translate.kernel.report import GlossaryCounts, document_json, plural, review_summary
from translate.kernel.textio import STDIN_NAME, read_text

from .argtypes import add_model_options

MAX_INPUT_BYTES = 20 * 1024 * 1024  # a wire story is kilobytes; more is almost certainly a wrong file
# Several documents as text on stdout: each starts with this line (as `head` does for several files).
DOCUMENT_HEADER = "==> {name} <=="


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "translate",
        help="translate German news text to English",
        description=(
            "Translate German text (UTF-8) to English. Paragraphs are blank-line separated if the text has "
            "blank lines (single newlines inside are soft wraps), else every line is a paragraph; blank lines "
            "at the start and end are not paragraphs. The output keeps the convention and has exactly one "
            "paragraph per input paragraph. Exit codes: 0 ok, 2 usage or input error, 3 model unavailable."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files (default: standard input)")
    parser.add_argument(
        "-o", "--output", metavar="PATH",
        help="output file; a directory (an existing one, a path ending in '/', or with several inputs) gets "
             "one NAME.en.txt (or .en.json) per input",
    )
    parser.add_argument(
        "--format", choices=["text", "json"], default="text",
        help="text, or JSON with sentences, terms and flags (several documents on stdout: one JSON object per "
             "line; several as text: each after a line '==> NAME <==')",
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
    too_large = InputError(f"{name}: larger than {MAX_INPUT_BYTES // 2**20} MiB; split it into several files")
    if path is not None and Path(path).is_file() and Path(path).stat().st_size > MAX_INPUT_BYTES:
        raise too_large
    text = read_text(path)
    if len(text.encode()) > MAX_INPUT_BYTES:
        raise too_large
    if not text.strip():
        raise InputError(f"{name}: is empty, nothing to translate")
    return text


def output_name(source: str | None, fmt: str) -> str:
    """story.v2.txt → story.v2.en.txt; a German language tag goes: bericht.de.txt → bericht.en.txt."""
    stem = Path(source).stem if source else "stdin"
    stem = stem.removesuffix(".de")
    return stem + (".en.json" if fmt == "json" else ".en.txt")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def output_paths(files: list[str], output: str | None, fmt: str) -> list[Path | None]:
    """Where each document goes (None: stdout), checked before anything is translated."""
    if output is None:
        return [None] * max(len(files), 1)
    out = Path(output)
    as_directory = output.endswith(("/", os.sep)) or out.is_dir() or len(files) > 1
    if not as_directory:
        paths = [out]
    elif out.exists() and not out.is_dir():
        raise InputError(f"-o {output}: is a file; with several inputs (or a trailing '/') -o must be a directory")
    else:
        paths = [out / output_name(f, fmt) for f in (files or [None])]
    seen: dict[Path, str] = {}
    for path, source in zip(paths, files or [STDIN_NAME], strict=True):
        if path in seen:
            raise InputError(f"{source}: its output {path} would overwrite the output of {seen[path]}; rename one input")
        seen[path] = source
        clobbered = next((f for f in files if _same_file(Path(f), path)), None)
        if clobbered is not None:
            raise InputError(f"-o {output}: would overwrite the input {clobbered}; choose another output")
    for path in paths:
        _check_writable(path)
    return paths


def _check_writable(path: Path) -> None:
    """Create the output's folder and make sure a file can be written there, before the model loads."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"{path.parent}: cannot create the output directory: {err.strerror}") from None
    if path.is_dir():
        raise InputError(f"{path}: is a directory; name an output file, or end the path with '/'")
    target = path if path.exists() else path.parent
    if not os.access(target, os.W_OK):
        raise InputError(f"{path}: cannot write here (no permission, or a read-only file system)")


def _write(destination: Path, rendered: str) -> None:
    """Write one output; if that fails after all, keep the translation in a temporary file and say where."""
    try:
        destination.write_text(rendered, encoding="utf-8")
    except OSError as err:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=destination.name, delete=False) as kept:
            kept.write(rendered)
        raise InputError(f"{destination}: cannot write: {err.strerror}; the translation was saved to {kept.name}") from None


def run(args: argparse.Namespace) -> int:
    from glossaries import load_glossaries, load_term_lists
    from translate.engine.segment import build_document

    from .wiring import translator_from_args

    if not args.files and sys.stdin.isatty():
        raise InputError("no input: give a FILE, or pipe German text into `newsmt translate`")
    if args.terms and len(args.files) > 1:
        raise InputError(f"--terms {args.terms}: term lists belong to one input; give a single FILE")
    destinations = output_paths(args.files, args.output, args.format)
    names = args.files or [STDIN_NAME]
    texts = [_read_input(f) for f in args.files] if args.files else [_read_input(None)]
    glossary = load_glossaries(args.glossary, include_default=not args.no_default_glossary)
    for warning in glossary.warnings:
        print(f"newsmt: warning: {warning}", file=sys.stderr)
    term_lists = load_term_lists(args.terms) if args.terms else None
    # Built (and checked against the term lists) before the model loads.
    documents = [
        build_document(text, name, term_lists=term_lists if index == 0 else None)
        for index, (text, name) in enumerate(zip(texts, names, strict=True))
    ]

    started = time.perf_counter()
    uses_terms = bool(glossary.entries) or term_lists is not None
    translator = translator_from_args(args, glossary=glossary if uses_terms else None)
    translator.translate(documents)
    _emit(documents, destinations, args.format, translator)
    n_paragraphs = sum(len(d.paragraphs) for d in documents)
    n_sentences = sum(len(d.segments) for d in documents)
    print(
        f"newsmt: translated {plural(n_paragraphs, 'paragraph')}, {plural(n_sentences, 'sentence')} "
        f"in {time.perf_counter() - started:.1f} s ({translator.backend.device}); {GlossaryCounts.of(documents)}; "
        f"{review_summary(documents)} (see the flags in --format json)",
        file=sys.stderr,
    )
    return 0


def _emit(documents: list[Document], destinations: list[Path | None], fmt: str, translator) -> None:
    several_to_stdout = len(documents) > 1 and destinations[0] is None
    for document, destination in zip(documents, destinations, strict=True):
        if fmt == "json":
            payload = document_json(
                document, newsmt_version=version("newsmt"), model=translator.backend.model_id,
                signature=translator.signature,
                glossary=translator.term_matcher.signature if translator.term_matcher else None,
            )
            rendered = json.dumps(payload, ensure_ascii=False, indent=None if several_to_stdout else 2) + "\n"
        else:
            rendered = document.to_text()
            if several_to_stdout:
                rendered = DOCUMENT_HEADER.format(name=document.name) + "\n" + rendered
        if destination is None:
            sys.stdout.write(rendered)
        else:
            _write(destination, rendered)
