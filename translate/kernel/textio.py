"""Reading user files: UTF-8 only, BOM and CRLF tolerated, every problem named by file and place."""
from __future__ import annotations

import sys
from pathlib import Path

from .errors import InputError

STDIN_NAME = "<stdin>"


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (a BOM is dropped), normalise CRLF/CR to LF, refuse binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
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
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path | None) -> str:
    """Read a whole file (or stdin for None / "-") as text."""
    if path is None or str(path) == "-":
        return decode_text(sys.stdin.buffer.read(), STDIN_NAME)
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from None
    return decode_text(data, str(path))


def read_lines(path: str | Path, *, allow_empty: bool = False) -> list[str]:
    """Read a line-aligned file (one segment per line). A final newline does not add a segment."""
    text = read_text(path)
    if not text.strip() and not allow_empty:
        raise InputError(f"{path}: file is empty")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


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
