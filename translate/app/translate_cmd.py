"""`newsmt translate`: German news text in, English out, paragraph for paragraph.

Everything the user gave is checked before the model loads (inputs, glossaries, term lists, where the
output goes), so a mistake costs a second, not a translation.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from translate.kernel.errors import InputError
from translate.kernel.formats import FORMATS
from translate.kernel.report import GlossaryCounts, plural, review_summary
from translate.kernel.textio import STDIN_NAME, read_bytes

from .argtypes import add_model_options
from .stories import OUTPUT_FORMATS, StoryInput, check_size, output_name, render, story_from_bytes

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
        "--input-format", choices=FORMATS, metavar="FORMAT",
        help=f"force the input format ({', '.join(FORMATS)}); default: from the extension, else the content",
    )
    parser.add_argument(
        "--format", choices=OUTPUT_FORMATS, default="text",
        help="text: the story in English in its own format (plain text, ninjs, HTML, NITF, NewsML-G2); json: "
             "sentences, terms and flags (several on stdout: one JSON object per line); xliff: XLIFF 2.1 for CAT "
             "tools. Several documents as text on stdout: each after a line '==> NAME <=='",
    )
    add_model_options(parser)
    terms = parser.add_argument_group("glossary")
    terms.add_argument(
        "--glossary", action="append", default=[], metavar="FILE",
        help="glossary (TSV, CSV or TBX) whose terms must come out as listed; repeatable, later files override earlier ones",
    )
    terms.add_argument("--no-default-glossary", action="store_true", help="do not use the bundled newsroom glossary")
    parser.add_argument(
        "--tm", metavar="PATH",
        help="translation memory (SQLite, created if missing): sentences translated before with the same model, "
             "settings and glossary, and editor-approved ones, are taken from it, not translated again",
    )
    terms.add_argument(
        "--terms", metavar="FILE",
        help='per-paragraph term lists, JSON lines: line i is [{"de": ..., "en": ...}, ...] for paragraph (line) i',
    )
    parser.set_defaults(func=run)


def _read_input(path: str | None, input_format: str | None, term_lists) -> StoryInput:
    name = path or STDIN_NAME
    if path is not None and Path(path).is_file():
        check_size(Path(path).stat().st_size, name)  # before reading a huge file into memory
    return story_from_bytes(read_bytes(path), name, input_format, term_lists)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def output_paths(
    files: list[str], output: str | None, fmt: str, input_formats: list[str] | None = None
) -> list[Path | None]:
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
        formats = input_formats or ["text"] * max(len(files), 1)
        paths = [out / output_name(f, input_format, fmt) for f, input_format in zip(files or [None], formats, strict=True)]
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


def _write(destination: Path, rendered: bytes) -> None:
    """Write one output; if that fails after all, keep the translation in a temporary file and say where."""
    try:
        destination.write_bytes(rendered)
    except OSError as err:
        with tempfile.NamedTemporaryFile("wb", suffix=destination.name, delete=False) as kept:
            kept.write(rendered)
        raise InputError(f"{destination}: cannot write: {err.strerror}; the translation was saved to {kept.name}") from None


def run(args: argparse.Namespace) -> int:
    from glossaries import load_glossaries, load_term_lists

    from .wiring import mark_new_sentences, open_memory, translator_from_args

    if not args.files and sys.stdin.isatty():
        raise InputError("no input: give a FILE, or pipe German text into `newsmt translate`")
    if args.terms and len(args.files) > 1:
        raise InputError(f"--terms {args.terms}: term lists belong to one input; give a single FILE")
    glossary = load_glossaries(args.glossary, include_default=not args.no_default_glossary)
    for warning in glossary.warnings:
        print(f"newsmt: warning: {warning}", file=sys.stderr)
    term_lists = load_term_lists(args.terms) if args.terms else None
    # Parsed, and checked against the term lists, before the model loads.
    inputs = [
        _read_input(path, args.input_format, term_lists if index == 0 else None)
        for index, path in enumerate(args.files or [None])
    ]
    destinations = output_paths(args.files, args.output, args.format, [item.format for item in inputs])
    memory = open_memory(args.tm)

    started = time.perf_counter()
    uses_terms = bool(glossary.entries) or term_lists is not None
    translator = translator_from_args(args, glossary=glossary if uses_terms else None, memory=memory)
    documents = translator.translate([item.document for item in inputs])
    if memory is not None:
        mark_new_sentences(memory, documents)
    _emit(inputs, destinations, args.format, translator)
    n_paragraphs = sum(len(d.paragraphs) for d in documents)
    n_sentences = sum(len(d.segments) for d in documents)
    print(
        f"newsmt: translated {plural(n_paragraphs, 'paragraph')}, {plural(n_sentences, 'sentence')} "
        f"in {time.perf_counter() - started:.1f} s ({translator.backend.device}){_memory_note(documents, memory)}; "
        f"{GlossaryCounts.of(documents)}; {review_summary(documents)} (see the flags in --format json)",
        file=sys.stderr,
    )
    return 0


def _memory_note(documents, memory) -> str:
    if memory is None:
        return ""
    segments = [s for d in documents for s in d.segments]
    return f", {sum(s.memory is not None for s in segments)} of {plural(len(segments), 'sentence')} from memory"


def _emit(inputs: list[StoryInput], destinations: list[Path | None], fmt: str, translator) -> None:
    several_to_stdout = len(inputs) > 1 and destinations[0] is None
    for item, destination in zip(inputs, destinations, strict=True):
        rendered = render(item, fmt, translator)
        for warning in item.warnings:
            print(f"newsmt: warning: {warning}", file=sys.stderr)
        if several_to_stdout and fmt == "json":
            import json

            rendered = (json.dumps(json.loads(rendered), ensure_ascii=False) + "\n").encode("utf-8")  # one a line
        elif several_to_stdout:
            rendered = (DOCUMENT_HEADER.format(name=item.name) + "\n").encode("utf-8") + rendered
        if destination is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(rendered)
            sys.stdout.buffer.flush()
        else:
            _write(destination, rendered)
