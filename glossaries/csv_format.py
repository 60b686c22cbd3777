"""Comma-separated glossaries (RFC 4180 quoting), as spreadsheets export them.

German spreadsheet software writes `;` instead of `,`; the header line tells which one is used.
"""
from __future__ import annotations

import csv

from .problems import ParsedFile
from .table_format import RowSplitter, content_lines, parse_table


def _splitter(delimiter: str) -> RowSplitter:
    def split_csv_row(line: str) -> list[str]:
        try:
            return next(csv.reader([line], delimiter=delimiter, strict=True))
        except csv.Error as err:
            message = f"malformed CSV row: {err} (a quoted cell must close on the same line)"
            raise ValueError(message) from None

    return split_csv_row


def _delimiter(text: str) -> str:
    header = next((line for _, line in content_lines(text)), "")
    return ";" if header.count(";") > header.count(",") else ","


def parse_csv(text: str, name: str) -> ParsedFile:
    return parse_table(text, name, _splitter(_delimiter(text)), "CSV")
