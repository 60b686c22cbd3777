"""One glossary file of any supported format: its entries and every problem found in it."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from translate.kernel.errors import InputError
from translate.kernel.textio import read_text

from .checking import duplicate_problems, entry_problems
from .csv_format import parse_csv
from .problems import ParsedFile, Problem, problem_from_input_error
from .tbx_format import parse_tbx
from .term_lists import read_term_list_file
from .tmx_format import parse_tmx
from .tsv_format import parse_tsv

PARSERS: dict[str, Callable[[str, str], ParsedFile]] = {
    ".tsv": parse_tsv,
    ".csv": parse_csv,
    ".tbx": parse_tbx,
    ".xml": parse_tbx,
    ".tmx": parse_tmx,
}
TERM_LIST_SUFFIX = ".jsonl"
TERM_LIST_FORMAT = "per-sentence term lists (JSON lines)"


def read_glossary_file(path: str | Path) -> ParsedFile:
    """Entries and problems, earliest line first. Raises InputError only for an unreadable file
    or an unknown format."""
    suffix = Path(path).suffix.lower()
    if Path(path).is_dir():
        raise InputError(f"{path}: is a directory, not a glossary file")
    if suffix not in PARSERS:
        raise InputError(f"{path}: unknown glossary format '{suffix}'; use {', '.join(PARSERS)}")
    parsed = PARSERS[suffix](read_text(path), str(path))
    parsed.problems += [p for entry in parsed.entries for p in entry_problems(entry)]
    parsed.problems += duplicate_problems(parsed.entries)
    if not parsed.entries and not any(problem.severity == "error" for problem in parsed.problems):
        parsed.problems.append(Problem("error", str(path), None, "no usable entry in the file"))
    parsed.problems.sort(key=lambda p: p.line or 0)
    return parsed


def check_glossary_file(path: str | Path) -> ParsedFile:
    """Every problem in a glossary (or a .jsonl per-sentence term-list file), the entries read and the
    format it was read as, for `glossary check`."""
    try:
        if Path(path).suffix.lower() == TERM_LIST_SUFFIX:
            lines = read_term_list_file(path)
            return ParsedFile([e for parsed in lines for e in parsed.entries],
                              [p for parsed in lines for p in parsed.problems], TERM_LIST_FORMAT)
        return read_glossary_file(path)
    except InputError as err:
        return ParsedFile(problems=[problem_from_input_error(err, str(path))])
