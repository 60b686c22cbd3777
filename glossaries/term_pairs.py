"""Tables without a header, one `German term, English term` pair a row: DeepL's glossary CSV/TSV and
Google's unidirectional glossary CSV.

A first row that could also be a header (language codes, or words such as "source", "German", "Begriff")
is not taken as a pair: which it is cannot be told, so the file is refused with the layouts tried.
"""
from __future__ import annotations

from translate.kernel.textio import is_blank

from .entry import GlossaryEntry
from .language_columns import is_language_tag
from .problems import Problem
from .table_format import RowReader

PAIR_CELLS = 2
# Words a header of a two-column term table uses (English and German).
HEADER_WORDS = frozenset({
    "source", "target", "term", "terms", "translation", "german", "english", "de", "en",
    "quelle", "ziel", "begriff", "begriffe", "term", "übersetzung", "deutsch", "englisch",
    "source term", "target term", "ausgangssprache", "zielsprache",
})


def could_be_header(cells: list[str]) -> bool:
    return any(cell.casefold() in HEADER_WORDS or is_language_tag(cell) for cell in cells)


def is_term_pair(cells: list[str]) -> bool:
    """Whether a first row is, beyond doubt, a term pair rather than a header."""
    return len(cells) == PAIR_CELLS and not could_be_header(cells)


def term_pairs_reader(cells: list[str], name: str, number: int, problems: list[Problem]) -> RowReader:
    return read_pair


def read_pair(cells: list[str], name: str, number: int, problems: list[Problem]) -> GlossaryEntry | None:
    if len(cells) != PAIR_CELLS:
        problems.append(Problem(
            "error", name, number,
            f"row has {len(cells)} cells; a glossary without a header has two a row (German term, English term)",
        ))
        return None
    source, target = cells
    errors = [f"empty {side} cell" for side, cell in (("source", source), ("target", target)) if is_blank(cell)]
    problems.extend(Problem("error", name, number, message) for message in errors)
    if errors:
        return None
    return GlossaryEntry(source=source, target=target, origin=f"{name}:{number}")
