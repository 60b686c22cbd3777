"""What a number was computed from: the newsmt version and a digest of every input."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from importlib.metadata import version


def newsmt_version() -> str:
    return version("newsmt")


def lines_sha256(lines: Sequence[str]) -> str:
    """SHA-256 of the lines as newsmt read them (UTF-8, LF, one final newline).

    For a file already in that form (all test sets here) this is what `sha256sum FILE` prints; a CRLF or BOM
    copy of the same text gets the same digest, because it holds the same segments.
    """
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def describe_input(lines: Sequence[str], file: str | None = None) -> dict:
    return {"file": file, "sha256": lines_sha256(lines), "lines": len(lines)}
