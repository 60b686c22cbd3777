"""Deterministic damage to good translations, one kind per check, to measure what each check catches.

Each corruption returns the damaged output, or None where it does not apply to a sentence (no
number to alter, no quote to drop). The damage is seeded by the corruption and the line number, so
every run damages the same lines the same way.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from eval.checks.names import source_names
from eval.checks.quotes import DOUBLE_QUOTES, brackets_balanced, quotes_balanced
from eval.checks.truncated import ends_sentence
from translate.kernel.document import TermMatch
from translate.kernel.presence import find_term

Damage = Callable[[str, str, random.Random], "str | None"]


@dataclass(frozen=True)
class Corruption:
    name: str
    check: str  # the code of the check that must catch it
    damage: Damage

    def apply(self, index: int, source: str, target: str) -> str | None:
        return self.damage(source, target, random.Random(f"{self.name}:{index}"))


def alter_number(source: str, target: str, rng: random.Random) -> str | None:
    """Change one digit of a number that the source and the output share."""
    source_numbers = set(re.findall(r"\d+", source))
    shared = [m for m in re.finditer(r"\d+", target) if m.group() in source_numbers]
    if not shared:
        return None
    number = rng.choice(shared)
    position = number.start() + rng.randrange(len(number.group()))
    digit = rng.choice([d for d in "0123456789" if d != target[position]])
    return target[:position] + digit + target[position + 1 :]


def leave_german(source: str, target: str, rng: random.Random) -> str | None:
    return source if " ".join(source.split()) != " ".join(target.split()) else None


def append_loop(source: str, target: str, rng: random.Random) -> str | None:
    """What a decoder that lost its place writes: a few words over and over, or the sentence twice."""
    words = target.split()
    if len(words) < 2:
        return None
    if rng.random() < 0.5:
        return f"{target} {target}"
    body = target.rstrip(" .!?\"'“”»«")
    stretch = " ".join(body.split()[-rng.randint(1, min(4, len(words))) :])
    return body + f" {stretch}" * rng.randint(2, 5) + target[len(body) :]


def empty_output(source: str, target: str, rng: random.Random) -> str | None:
    return "" if source.strip() and target.strip() else None


def drop_quote(source: str, target: str, rng: random.Random) -> str | None:
    """Remove one quotation mark or bracket from an output whose marks pair up like the source's."""
    droppable = []
    if quotes_balanced(source) and quotes_balanced(target):
        droppable += [i for i, char in enumerate(target) if char in DOUBLE_QUOTES]
    if brackets_balanced(source) and brackets_balanced(target):
        droppable += [i for i, char in enumerate(target) if char in "()[]"]
    if not droppable:
        return None
    position = rng.choice(droppable)
    return target[:position] + target[position + 1 :]


def drop_name(source: str, target: str, rng: random.Random) -> str | None:
    """Remove every occurrence of one source name that the output has verbatim."""
    kept = [n.text for n in source_names(source) if re.search(rf"(?<!\w){re.escape(n.text)}(?!\w)", target)]
    if not kept:
        return None
    name = rng.choice(sorted(set(kept)))
    return re.sub(rf"\s*(?<!\w){re.escape(name)}(?!\w)", "", target).strip()


def _cut_in_half(target: str) -> str | None:
    """The output up to the middle word, never ending on a full stop (that would be a whole sentence)."""
    words = target.split()
    if len(words) < 4:
        return None
    for end in range(len(words) // 2, len(words)):
        head = " ".join(words[:end]).rstrip(",;:-–")
        if not ends_sentence(head):
            return head
    return None


def cut_mid_sentence(source: str, target: str, rng: random.Random) -> str | None:
    return _cut_in_half(target) if ends_sentence(source) else None


def cut_keeping_full_stop(source: str, target: str, rng: random.Random) -> str | None:
    """Half the sentence lost, yet it ends like a sentence: only its length gives it away."""
    if len(target.split()) < 8:  # a half of a short line is within the normal spread of lengths
        return None
    head = _cut_in_half(target)
    return f"{head}." if head else None


CORRUPTIONS = (
    Corruption("output emptied", "empty", empty_output),
    Corruption("source left in German", "untranslated", leave_german),
    Corruption("a number altered", "number-mismatch", alter_number),
    Corruption("a name dropped", "missing-name", drop_name),
    Corruption("a loop appended", "repetition", append_loop),
    Corruption("second half dropped, full stop kept", "length-ratio", cut_keeping_full_stop),
    Corruption("cut mid-sentence", "truncated", cut_mid_sentence),
    Corruption("a quote or bracket dropped", "unbalanced-quotes", drop_quote),
)


def replace_term(target: str, term: TermMatch) -> str | None:
    """The required English replaced by the German term: the glossary was not followed."""
    if find_term(term.target, target) is None or find_term(term.target, term.source) is not None:
        return None
    while (span := find_term(term.target, target)) is not None:
        target = target[: span[0]] + term.source + target[span[1] :]
    return target
