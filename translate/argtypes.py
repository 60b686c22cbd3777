"""Number options shared by the subcommands: argparse types that say what is wrong with a value."""
from __future__ import annotations

import argparse
from collections.abc import Callable


def _number(kind: type, value: str):
    try:
        return kind(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a {'whole ' if kind is int else ''}number: {value!r}") from None


def positive_int(value: str) -> int:
    number = _number(int, value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def non_negative(kind: type) -> Callable[[str], float | int]:
    def parse(value: str):
        number = _number(kind, value)
        if number < 0:
            raise argparse.ArgumentTypeError(f"must not be negative: {value}")
        return number

    return parse


def probability(value: str) -> float:
    number = _number(float, value)
    if not 0 < number < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {value}")
    return number
