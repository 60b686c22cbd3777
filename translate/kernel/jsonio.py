"""Reading JSON a user gave (a ninjs story, a JSON-lines record, a term list, a baseline, a suite manifest): the
one parser of every entry point, so that every one refuses the same things in the same words.

`json.loads` accepts what later stages cannot handle: nesting deep enough to exhaust Python's recursion (a
RecursionError from the parser, or from any code that walks the value), `\\ud800` escapes that decode to lone
surrogates (no UTF-8 can hold them, so writing the output fails after all the work), and `\\u0000` escapes (a NUL,
which text files are refused for). Each is refused here with its line and column.
"""
from __future__ import annotations

import json
import re
from typing import Any

# No story format nests deeper than a dozen levels (ninjs 3.1's deepest path is about 6); 64 leaves room and stays
# far below Python's recursion limit.
MAX_JSON_DEPTH = 64

_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class JsonInputError(ValueError):
    """Why a JSON text was refused, and where (1-based line and column)."""

    def __init__(self, reason: str, line: int, column: int):
        super().__init__(f"line {line}, column {column}: {reason}")
        self.reason, self.line, self.column = reason, line, column


def _place(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _too_deep(text: str) -> JsonInputError:
    """The error for the first bracket beyond MAX_JSON_DEPTH (strings blanked, so brackets in them do not count)."""
    blanked = _STRING.sub(lambda string: " " * len(string.group()), text)
    depth = 0
    for bracket in _BRACKET.finditer(blanked):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            return JsonInputError(f"nested deeper than {MAX_JSON_DEPTH} levels", *_place(text, bracket.start()))
    return JsonInputError(f"nested deeper than {MAX_JSON_DEPTH} levels", 1, 1)


def _at_escape(text: str, code: int, reason: str) -> JsonInputError:
    escape = re.search(rf"\\u{code:04x}", text, re.IGNORECASE)
    return JsonInputError(reason, *(_place(text, escape.start()) if escape else (1, 1)))


def _bad_string(text: str, value: str) -> JsonInputError | None:
    surrogate = _LONE_SURROGATE.search(value)
    if surrogate is not None:
        code = ord(surrogate.group())
        return _at_escape(text, code, f"contains a lone UTF-16 surrogate (\\u{code:04x} without its pair)")
    if "\0" in value:
        return _at_escape(text, 0, "contains a NUL character (\\u0000)")
    return None


def parse_json(text: str) -> Any:
    """The value of a JSON text; JsonInputError (with line and column) for malformed JSON, nesting deeper than
    MAX_JSON_DEPTH, lone surrogates and NUL characters in strings."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise JsonInputError(f"not valid JSON: {err.msg}", err.lineno, err.colno) from None
    except RecursionError:
        raise _too_deep(text) from None
    # Walked without recursion: depth, and every string (keys included).
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            problem = _bad_string(text, item)
            if problem is not None:
                raise problem
        elif isinstance(item, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise _too_deep(text)
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return value
