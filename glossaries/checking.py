"""Entries that cannot work: spellings that never match, duplicates, one term with two targets."""
from __future__ import annotations

from collections.abc import Sequence

from translate.kernel.document import Severity

from .entry import Glossary, GlossaryEntry
from .function_words import GERMAN_GRAMMAR_WORDS
from .matching import match_terms
from .problems import Problem


def _place(entry: GlossaryEntry) -> tuple[str, int | None]:
    file, _, line = entry.origin.rpartition(":")
    return (file, int(line)) if file and line.isdigit() else (entry.origin, None)


def _problem(severity: Severity, entry: GlossaryEntry, message: str) -> Problem:
    return Problem(severity, *_place(entry), message)


def _spelling_key(spelling: str, entry: GlossaryEntry) -> str:
    return spelling if entry.case_sensitive else spelling.casefold()


def _finds_itself(spelling: str, entry: GlossaryEntry) -> bool:
    matches = match_terms(spelling, Glossary((entry,), signature=""))
    return any(m.start == 0 and m.end == len(spelling) for m in matches)


def _is_grammar_word(spelling: str) -> bool:
    word = spelling.strip()
    return len(word) == 1 or word.casefold() in GERMAN_GRAMMAR_WORDS


def entry_problems(entry: GlossaryEntry) -> list[Problem]:
    """What is wrong with one entry on its own."""
    problems = []
    for spelling in entry.forms:
        if not any(c.isalnum() for c in spelling):
            message = f"'{spelling}' has no letters or digits, so it can never match"
            problems.append(_problem("error", entry, message))
        elif not _finds_itself(spelling, entry):
            message = f"'{spelling}' can never match as written: it is not found even in itself"
            problems.append(_problem("error", entry, message))
        if _is_grammar_word(spelling):
            message = (
                f"'{spelling}' is a German function word or a single letter: it would match in almost every "
                "sentence; give the whole term"
            )
            problems.append(_problem("warning", entry, message))
    if not any(c.isalnum() for c in entry.target):
        problems.append(_problem("error", entry, f"target '{entry.target}' has no letters or digits"))
    keys = [_spelling_key(spelling, entry) for spelling in entry.forms]
    if len(set(keys)) < len(keys):
        problems.append(_problem("warning", entry, "a variant repeats the source or another variant"))
    return problems


def duplicate_problems(entries: Sequence[GlossaryEntry]) -> list[Problem]:
    """A spelling listed twice: a warning with the same target, an error with another one."""
    problems = []
    first_with: dict[str, GlossaryEntry] = {}
    reported: set[tuple[int, int]] = set()
    for entry in entries:
        for spelling in entry.forms:
            first = first_with.setdefault(_spelling_key(spelling, entry), entry)
            if first is entry or (id(first), id(entry)) in reported:
                continue
            reported.add((id(first), id(entry)))
            line = _place(first)[1]
            if first.target == entry.target:
                message = f"duplicate: '{spelling}' is already listed at line {line}"
                problems.append(_problem("warning", entry, message))
            else:
                message = (
                    f"conflicting targets: '{spelling}' → '{entry.target}' here, "
                    f"but → '{first.target}' at line {line}"
                )
                problems.append(_problem("error", entry, message))
    return problems
