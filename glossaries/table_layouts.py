"""The table layouts a TSV/CSV glossary can have, told apart by the file's first row.

One row per layout, tried in order; the first whose test accepts the first row reads the file. A layout
with a header reads its rows through what the header says; one without reads the first row as data too.
`formats` names, per table kind, the vendor formats the layout is, as `glossary check` reports them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .language_columns import is_language_header, language_columns_reader
from .named_columns import is_named_header, named_columns_reader
from .problems import Problem
from .table_format import RowReader
from .term_pairs import is_term_pair, term_pairs_reader


@dataclass(frozen=True)
class TableLayout:
    name: str  # what the layout is, for an error listing the layouts tried
    formats: dict[str, str]  # table kind ("TSV", "CSV") → the formats this layout is, e.g. "DeepL TSV"
    has_header: bool
    fits: Callable[[list[str]], bool]  # whether the first row's cells are this layout's
    # The reader of the rows, from the first row; None (with an error in problems) when they cannot be read.
    reader: Callable[[list[str], str, int, list[Problem]], RowReader | None]


TABLE_LAYOUTS: tuple[TableLayout, ...] = (
    TableLayout("newsmt columns (header naming source, target, variants, case_sensitive, note)",
                {"TSV": "newsmt TSV", "CSV": "newsmt CSV"}, True, is_named_header, named_columns_reader),
    TableLayout("language-code columns (header such as de,en: Google equivalent-term set, Amazon)",
                {"TSV": "Amazon TSV", "CSV": "Google equivalent-term set / Amazon CSV"},
                True, is_language_header, language_columns_reader),
    TableLayout("term pairs without a header (German term, English term: DeepL, Google unidirectional)",
                {"TSV": "DeepL TSV", "CSV": "DeepL / Google unidirectional CSV"},
                False, is_term_pair, term_pairs_reader),
)


def layout_of(cells: list[str]) -> TableLayout | None:
    return next((layout for layout in TABLE_LAYOUTS if layout.fits(cells)), None)


def no_layout_message(cells: list[str]) -> str:
    found = ", ".join(repr(cell) for cell in cells)
    tried = "; ".join(layout.name for layout in TABLE_LAYOUTS)
    return (f"cannot tell the layout from the first row ({found}): it could be a header but names no known "
            f"columns, and is not a plain term pair; tried: {tried}")
