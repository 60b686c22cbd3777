"""What is wrong with a glossary file, located by file and line, and what parsing one yields."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from translate.kernel.document import Severity
from translate.kernel.errors import InputError

from .entry import GlossaryEntry


@dataclass(frozen=True)
class Problem:
    severity: Severity
    file: str
    line: int | None  # None when the problem is the file as a whole (unreadable, unknown format)
    message: str
    unreadable: bool = False  # the file could not be read at all (missing, a directory, not UTF-8, unknown format)

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{place}: {self.severity}: {self.message}"

    def as_input_error(self) -> InputError:
        place = f"{self.file}: line {self.line}" if self.line is not None else self.file
        return InputError(f"{place}: {self.message}")


@dataclass
class ParsedFile:
    """Entries read from one glossary (or one line of a term-list file) and every problem found."""

    entries: list[GlossaryEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    format: str | None = None  # the format it was read as, e.g. "DeepL TSV" (None: not told)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_first_error(self) -> None:
        for problem in self.problems:
            if problem.severity == "error":
                raise problem.as_input_error()


def problem_from_input_error(err: InputError, file: str) -> Problem:
    """Turn textio's "FILE: line N: message" (or "FILE: message") into a Problem."""
    text = str(err).removeprefix(f"{file}: ")
    located = re.match(r"line (\d+): (.*)", text, re.DOTALL)
    if located:
        return Problem("error", file, int(located[1]), located[2], unreadable=True)
    return Problem("error", file, None, text, unreadable=True)
