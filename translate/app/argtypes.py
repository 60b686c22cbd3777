"""Options shared by the subcommands, and argparse types that say what is wrong with a value."""
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


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """--model, --device, --beam and --batch-size: the same for every command that translates."""
    parser.add_argument(
        "--model",
        help="Hugging Face model id or local model directory (default: $NEWSMT_MODEL or Helsinki-NLP/opus-mt-de-en)",
    )
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="default: cuda when available")
    parser.add_argument("--beam", type=positive_int, help="beam size (default: the model's own, 4 for opus-mt)")
    parser.add_argument("--batch-size", type=positive_int, default=16, help="sentences per model call (default 16)")
