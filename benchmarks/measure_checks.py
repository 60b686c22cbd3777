"""Measure the checks on real data; `python benchmarks/measure_checks.py` prints the tables as markdown.

1. How often each check flags real output: opus-mt-de-en (the model newsmt uses) and the human
   reference translation of WMT newstest2019 de→en.
2. For each check, the share of its own kind of damage (corrupt.py) that it catches, over the lines
   the damage applies to and the check passes undamaged, next to the share of undamaged lines it
   flags. `missing-term` is measured on the WMT23 terminology test set, whose sentences come with
   their terms.
3. How many of the names (approximately) `missing-name` watches at all: the corruption in 2 only
   drops names it watches.
4. The length-ratio bounds, recomputed from the references of newstest2018 and newstest2019.
5. Throughput of `run_checks`.
"""
from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.checks import CHECKS, run_checks
from eval.checks.length_ratio import length_ratio
from eval.checks.names import source_names
from eval.checks.numbers import starts_sentence
from eval.checks.terms import TermMatcher, term_matcher
from translate.kernel.document import TermMatch
from translate.kernel.textio import read_lines

from corrupt import CORRUPTIONS, replace_term

REPO = Path(__file__).resolve().parents[1]
TESTSETS = REPO / "tests" / "data" / "testsets"
TERMINOLOGY = REPO / "tests" / "data" / "wmt23-terminology"
MT_SYSTEM = "opus-2020-02-26"
CAPITALISED_WORD = re.compile(r"(?<![\w-])[^\W\d_][\w'’.]*\w")


@dataclass(frozen=True)
class Catch:
    """How one check fares against its own corruption."""

    corruption: str
    check: str
    applicable: int  # lines the corruption applies to and the check passes undamaged
    caught: int
    clean_flagged: int  # undamaged lines the check flags
    clean_total: int

    @property
    def recall(self) -> float:
        return self.caught / self.applicable if self.applicable else 0.0

    @property
    def clean_rate(self) -> float:
        return self.clean_flagged / self.clean_total


def newstest(year: int, side: str) -> list[str]:
    return read_lines(TESTSETS / f"newstest{year}.de-en.{side}")


def flagged_lines(sources: Sequence[str], outputs: Sequence[str], terms: TermMatcher) -> dict[str, set[int]]:
    """For each check code, the line numbers it flags."""
    flagged: dict[str, set[int]] = {code: set() for code in CHECKS}
    for index, (source, output) in enumerate(zip(sources, outputs)):
        for flag in run_checks(source, output, terms(source)):
            flagged[flag.code].add(index)
    return flagged


def corruption_catches(sources: Sequence[str], outputs: Sequence[str], flagged: dict[str, set[int]]) -> list[Catch]:
    """Damage each line in each way and see whether the check meant for it notices."""
    catches = []
    for corruption in CORRUPTIONS:
        check = CHECKS[corruption.check]
        applicable = caught = 0
        for index, (source, output) in enumerate(zip(sources, outputs)):
            if index in flagged[corruption.check]:
                continue  # a line flagged already says nothing about catching the damage
            damaged = corruption.apply(index, source, output)
            if damaged is None:
                continue
            applicable += 1
            caught += bool(check.run(source, damaged))
        catches.append(
            Catch(corruption.name, corruption.check, applicable, caught, len(flagged[corruption.check]), len(sources))
        )
    return catches


def terminology_set() -> list[tuple[str, str, list[TermMatch]]]:
    """WMT23 de→en terminology lines: source, reference, and the terms located in the source."""
    sources = read_lines(TERMINOLOGY / "deen.de")
    references = read_lines(TERMINOLOGY / "deen.en")
    term_lists = read_lines(TERMINOLOGY / "deen.term.proper")
    lines = []
    for source, reference, term_list in zip(sources, references, term_lists):
        terms = []
        for term in json.loads(term_list):
            start = source.find(term["de"])
            if start >= 0:
                terms.append(TermMatch(term["de"], term["en"], start, start + len(term["de"])))
        lines.append((source, reference, terms))
    return lines


def term_catch() -> Catch:
    check = CHECKS["missing-term"]
    lines = terminology_set()
    clean_flagged = applicable = caught = 0
    for source, reference, terms in lines:
        if check.run(source, reference, terms):
            clean_flagged += 1
            continue
        damaged = next((d for term in terms if (d := replace_term(reference, term)) is not None), None)
        if damaged is not None:
            applicable += 1
            caught += bool(check.run(source, damaged, terms))
    corruption = "a glossary term replaced by the German"
    return Catch(corruption, "missing-term", applicable, caught, clean_flagged, len(lines))


def name_coverage(sources: Sequence[str], outputs: Sequence[str], references: Sequence[str]) -> tuple[int, int]:
    """Of the capitalised, non-initial source words that the output and the reference both keep
    verbatim (mostly names), how many `missing-name` watches: (watched, all)."""
    watched = total = 0
    for source, output, reference in zip(sources, outputs, references):
        names = {name.text for name in source_names(source)}
        for match in CAPITALISED_WORD.finditer(source):
            word = match.group()
            kept = all(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) for text in (output, reference))
            if word[0].isupper() and kept and not starts_sentence(source, match.start()):
                total += 1
                watched += word in names
    return watched, total


def length_ratio_quantiles(low: float = 0.005, high: float = 0.995) -> tuple[float, float]:
    """The `low` and `high` quantiles of the length ratio of human references (newstest2018+2019)."""
    ratios = sorted(
        length_ratio(source, reference)
        for year in (2018, 2019)
        for source, reference in zip(newstest(year, "de"), newstest(year, "en"))
    )
    return ratios[int(low * len(ratios))], ratios[int(high * len(ratios))]


def sentences_per_second(sources: Sequence[str], outputs: Sequence[str]) -> float:
    run_checks("Ein Satz.", "A sentence.")  # models load on first use; that is start-up, not throughput
    start = time.perf_counter()
    for source, output in zip(sources, outputs):
        run_checks(source, output)
    return len(sources) / (time.perf_counter() - start)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    sources = newstest(2019, "de")
    outputs = newstest(2019, f"{MT_SYSTEM}.en")
    references = newstest(2019, "en")
    terms = term_matcher()  # newsmt's own glossary, as `newsmt translate` and `newsmt check` use it

    speed = sentences_per_second(sources, outputs)  # first pass: HanTa tags each source once here
    on_mt = flagged_lines(sources, outputs, terms)
    on_reference = flagged_lines(sources, references, terms)
    def rate(lines: set[int]) -> str:
        return f"{len(lines)} ({percent(len(lines), len(sources))})"

    print(f"Flag rates on WMT newstest2019 de→en ({len(sources)} sentences, newsmt's default glossary):\n")
    print(
        markdown_table(
            ["check", "severity", f"opus-mt ({MT_SYSTEM})", "human reference"],
            [[f"`{code}`", CHECKS[code].severity, rate(on_mt[code]), rate(on_reference[code])] for code in CHECKS]
            + [["any", "", rate(set().union(*on_mt.values())), rate(set().union(*on_reference.values()))]],
        )
    )
    catches = corruption_catches(sources, outputs, on_mt) + [term_catch()]
    print(
        "\nEach check against its own corruption "
        "(clean lines: opus-mt newstest2019; `missing-term`: WMT23 terminology references):\n"
    )
    print(
        markdown_table(
            ["corruption", "check", "lines", "caught", "clean lines flagged"],
            [
                [c.corruption, f"`{c.check}`", c.applicable, f"{100 * c.recall:.1f}%", f"{100 * c.clean_rate:.1f}%"]
                for c in catches
            ],
        )
    )
    watched, total = name_coverage(sources, outputs, references)
    print(
        f"\n`missing-name` watches {watched} ({percent(watched, total)}) of the {total} capitalised words that opus-mt "
        "and the reference both keep verbatim (mostly names; also months, titles, quoted English)."
    )
    low, high = length_ratio_quantiles()
    print(f"\nLength ratio of human references, 0.5% and 99.5% quantiles: {low:.2f} and {high:.2f}.")
    print(f"Throughput of run_checks on opus-mt newstest2019: {speed:.0f} sentences/s.")


if __name__ == "__main__":
    main()
