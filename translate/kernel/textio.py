"""Reading user files: UTF-8 only, BOM and CRLF tolerated, every problem named by file and place."""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from .errors import InputError

STDIN_NAME = "<stdin>"
# How deep the elements of an XML or HTML file may nest: libxml2's limit (lxml, without huge_tree), beyond which
# its parsers stop reading; the files read with expat (TMX, TBX), which has no limit, are held to the same.
MAX_XML_DEPTH = 256


_OTHER_UNICODE_BOMS = {  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    b"\xff\xfe\x00\x00": "UTF-32 (little-endian)",
    b"\x00\x00\xfe\xff": "UTF-32 (big-endian)",
    b"\xff\xfe": "UTF-16 (little-endian)",
    b"\xfe\xff": "UTF-16 (big-endian)",
}


def is_invisible(char: str) -> bool:
    """A character that shows nothing although Python's str.isspace() says it is not white space: Unicode's format
    characters (category Cf), among them the zero-width space U+200B, zero-width non-joiner and joiner U+200C and
    U+200D, word joiner U+2060, U+FEFF (a byte-order mark inside a text), soft hyphen U+00AD, direction marks."""
    return unicodedata.category(char) == "Cf"


def is_blank(text: str) -> bool:
    """The one test of "holds no text" for every entry point (README "Paragraphs", invisible characters): a line,
    cell, field or file is blank when it has nothing but white space and invisible characters. Elsewhere invisible
    characters are text like any other and are kept as written."""
    if not text.strip():
        return True
    # Stops at the first visible character, so a line of text costs one step.
    return all(char.isspace() or is_invisible(char) for char in text)


def too_deep_message(limit: int = MAX_XML_DEPTH) -> str:
    return f"elements nested deeper than {limit} levels, the parser's limit; refused, as the text inside cannot be read"


def normalise_text(text: str) -> str:
    """The one input normaliser of every entry point (files, stdin, API, server): no BOM, LF line ends."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> list[str]:
    """One segment per line, for line-aligned files; a final newline does not add a segment."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (a BOM is dropped), normalise CRLF/CR to LF, refuse binary data."""
    for bom, encoding in _OTHER_UNICODE_BOMS.items():
        if data.startswith(bom):
            raise InputError(
                f"{name}: line 1: the file is {encoding} (it starts with that byte-order mark); "
                "convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8"
            )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(
            f"{name}: line {line}: not valid UTF-8 (byte offset {err.start}); convert the file to UTF-8"
        ) from None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise InputError(f"{name}: line {line}: contains a NUL byte; this looks like a binary file, not text")
    return normalise_text(text)


def read_bytes(path: str | Path | None) -> bytes:
    """A whole file (or stdin for None / "-"), with a one-line error naming it when it cannot be read."""
    if path is None or str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from None


def read_text(path: str | Path | None) -> str:
    """Read a whole file (or stdin for None / "-") as text."""
    name = STDIN_NAME if path is None or str(path) == "-" else str(path)
    return decode_text(read_bytes(path), name)


def read_lines(path: str | Path, *, allow_empty: bool = False) -> list[str]:
    """Read a line-aligned file (one segment per line). A final newline does not add a segment."""
    text = read_text(path)
    if is_blank(text) and not allow_empty:
        raise InputError(f"{path}: file is empty")
    return split_lines(text)


def require_same_length(named_lines: dict[str, list[str]]) -> None:
    """Line-aligned files must agree in length; name the first file that does not."""
    items = list(named_lines.items())
    first_name, first = items[0]
    for name, lines in items[1:]:
        if len(lines) != len(first):
            raise InputError(
                f"{name}: has {len(lines)} lines but {first_name} has {len(first)}; "
                "line-aligned files must have one segment per line"
            )
