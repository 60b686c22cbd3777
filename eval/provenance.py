"""What a number was computed from: the newsmt version and a digest of every input."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from importlib.metadata import version

from translate.kernel.textio import require_same_length


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


def check_aligned(
    refs_list: Sequence[Sequence[str]], ref_files: Sequence[str | None] | None, others: dict[str, Sequence[str]]
) -> list[str | None]:
    """Every reference stream and every other named stream must have one segment per line, the first reference
    being the yardstick (so a message blames the other file). Returns the references' file names."""
    ref_files = list(ref_files) if ref_files else [None] * len(refs_list)
    require_same_length({
        **{file or f"reference {i + 1}": refs for i, (file, refs) in enumerate(zip(ref_files, refs_list))},
        **others,
    })
    return ref_files
