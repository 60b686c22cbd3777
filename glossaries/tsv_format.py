"""Tab-separated glossaries (the bundled format): cells are split on tabs and taken literally.

TSV has no quoting (IANA text/tab-separated-values), so quotes in a note stay as written.
"""
from __future__ import annotations

from .problems import ParsedFile
from .table_format import parse_table


def split_tsv_row(line: str) -> list[str]:
    return line.split("\t")


def parse_tsv(text: str, name: str) -> ParsedFile:
    return parse_table(text, name, split_tsv_row, "TSV")
