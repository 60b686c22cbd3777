"""Does the glossary ever make a translation worse? The same sentences translated without and with glossary terms.

Per backend, over the bundled `news` suite (newsroom glossary), the first WMT 2023 terminology lines (their own term
lists) and the first newstest2019 lines (newsroom glossary), for every sentence with a matched term:

- **longer**: the output with the glossary has more words than the output without it plus the terms' own words
  plus 3 (goal: 0) — what a fall-back that lets the beam wander produces;
- **new flags**: `repetition`, `length-ratio` or `truncated` on the output with the glossary but not on the one
  without (goal: 0);
- **in place on copyable sentences** (a copy model only, benchmarks/copy_model.py): among the sentences the model
  copies exactly without the glossary, the share of terms that land where the German span was
  (benchmarks/term_placement.py's verdict against the exact right output; goal: ≥ 98%).

The default model is the *imperfect* copy model (copy_model.py --size imperfect: trained briefly on short sentences,
so it garbles long ones and sometimes does not copy an English term), trained once and cached.

    python benchmarks/glossary_harm.py                                   # imperfect copy model, both backends
    python benchmarks/glossary_harm.py --model DIR --backends ctranslate2 --format json
    python benchmarks/glossary_harm.py --model DIR --lines 5             # quick: 5 lines of each set
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from term_placement import classify, expected_copy  # noqa: E402

BACKENDS = ("transformers", "ctranslate2")
FLAG_CODES = ("repetition", "length-ratio", "truncated")  # what a runaway or garbled output is flagged with
SLACK_WORDS = 3  # an output may grow by the terms' own words and this many more
SETS = ("news", "wmt23", "newstest2019")
_WORD = re.compile(r"\S+")


def words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass
class SentencePair:
    """One sentence with glossary terms, translated without and with them."""

    set_name: str
    line: int  # 1-based line of its set
    source: str
    without: str
    with_terms: str
    terms: list  # TermMatch of the run with the glossary
    placements: list[str | None]
    flags_without: set[str]
    flags_with: set[str]

    @property
    def allowed_words(self) -> int:
        return words(self.without) + sum(words(t.target) for t in self.terms) + SLACK_WORDS

    @property
    def longer(self) -> bool:
        return words(self.with_terms) > self.allowed_words

    @property
    def new_flags(self) -> set[str]:
        return self.flags_with - self.flags_without

    @property
    def copyable(self) -> bool:
        """The model copies this sentence exactly without the glossary."""
        return self.without == self.source


@dataclass
class SetResult:
    name: str
    lines: int
    pairs: list[SentencePair] = field(default_factory=list)

    def summary(self, copy_model: bool) -> dict:
        copyable = [p for p in self.pairs if p.copyable] if copy_model else []
        verdicts = [classify(p.source, t, p.with_terms, expected_copy(p.source, p.terms)) for p in copyable for t in p.terms]
        in_place = verdicts.count("in place")
        return {
            "lines": self.lines,
            "sentences_with_terms": len(self.pairs),
            "terms": sum(len(p.terms) for p in self.pairs),
            "longer_with_glossary": sum(p.longer for p in self.pairs),
            "new_flags": {code: sum(code in p.new_flags for p in self.pairs) for code in FLAG_CODES},
            "copyable_sentences": len(copyable) if copy_model else None,
            "copyable_terms": len(verdicts) if copy_model else None,
            "copyable_in_place": in_place if copy_model else None,
            "copyable_in_place_rate": round(in_place / len(verdicts), 4) if verdicts else None,
            "placements": _count(pl or "none" for p in self.pairs for pl in p.placements),
        }


def _count(items) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return dict(sorted(counts.items()))


def evaluation_sets(lines: int | None, wmt_lines: int, newstest_lines: int) -> list[tuple[str, list[str], object, list | None]]:
    """(name, sources, glossary for the matcher or None, per-line term lists or None) for each set."""
    from eval.suite import find_suite, load_suite
    from glossaries import load_glossaries, load_term_lists

    data = ROOT / "tests" / "data"
    glossary = load_glossaries([])
    news = load_suite(find_suite("news")).testsets[0].sources
    wmt = (data / "wmt23-terminology" / "deen.de").read_text(encoding="utf-8").splitlines()[:wmt_lines]
    wmt_terms = load_term_lists(data / "wmt23-terminology" / "deen.term.proper")[:wmt_lines]
    newstest = (data / "testsets" / "newstest2019.de-en.de").read_text(encoding="utf-8").splitlines()[:newstest_lines]
    sets = [("news", news, glossary, None), ("wmt23", wmt, None, wmt_terms), ("newstest2019", newstest, glossary, None)]
    if lines is not None:
        sets = [(name, src[:lines], g, terms[:lines] if terms is not None else None) for name, src, g, terms in sets]
    return sets


def _flags(segment) -> set[str]:
    from eval.checks import CHECKS

    return {f.code for code in FLAG_CODES for f in CHECKS[code].run_safely(segment.source, segment.target, segment.terms)}


def measure_set(backend, name: str, sources: Sequence[str], glossary, term_lists, *, injection: bool) -> SetResult:
    from glossaries import GlossaryMatcher
    from translate import Translator

    without = Translator(backend, term_injection=injection).translate_lines(sources, name=name)
    matcher = GlossaryMatcher([glossary] if glossary is not None else [])
    with_terms = Translator(backend, term_matcher=matcher, term_injection=injection).translate_lines(
        sources, name=name, term_lists=term_lists
    )
    result = SetResult(name, len(sources))
    for line, (plain, termed) in enumerate(zip(without.paragraphs, with_terms.paragraphs, strict=True), start=1):
        for a, b in zip(plain.segments, termed.segments, strict=True):
            if not b.terms:
                continue
            result.pairs.append(SentencePair(
                name, line, b.source, a.target, b.target, list(b.terms), [t.placement for t in b.terms],
                _flags(a), _flags(b),
            ))
    return result


def measure(model: str, *, backends: Sequence[str] = BACKENDS, lines: int | None = None, wmt_lines: int = 200,
            newstest_lines: int = 200, injection: bool = True, copy_model: bool | None = None) -> dict:
    from translate import load_backend

    if copy_model is None:
        copy_model = (Path(model) / "copy_model.json").is_file()
    sets = evaluation_sets(lines, wmt_lines, newstest_lines)
    report = {"model": model, "copy_model": copy_model, "term_injection": injection, "slack_words": SLACK_WORDS,
              "backends": []}
    for name in backends:
        backend = load_backend(model, backend=name, device="cpu")
        started = time.perf_counter()
        results = [measure_set(backend, *spec, injection=injection) for spec in sets]
        seconds = time.perf_counter() - started
        summaries = {r.name: r.summary(copy_model) for r in results}
        harmed = [p for r in results for p in r.pairs if p.longer or p.new_flags]
        report["backends"].append({
            "backend": name, "signature": backend.signature, "seconds": round(seconds, 1), "sets": summaries,
            "total": _total(list(summaries.values())),
            "examples": [{"set": p.set_name, "line": p.line, "source": p.source, "without": p.without,
                          "with": p.with_terms, "words": [words(p.without), words(p.with_terms), p.allowed_words],
                          "new_flags": sorted(p.new_flags), "placements": p.placements} for p in harmed[:8]],
        })
    return report


def _total(summaries: list[dict]) -> dict:
    def add(key):
        values = [s[key] for s in summaries]
        return None if any(v is None for v in values) else sum(values)

    total = {key: add(key) for key in ("lines", "sentences_with_terms", "terms", "longer_with_glossary",
                                       "copyable_sentences", "copyable_terms", "copyable_in_place")}
    total["new_flags"] = {code: sum(s["new_flags"][code] for s in summaries) for code in FLAG_CODES}
    terms, in_place = total["copyable_terms"], total["copyable_in_place"]
    total["copyable_in_place_rate"] = round(in_place / terms, 4) if terms else None
    return total


def _in_place(summary: dict) -> str:
    if summary["copyable_terms"] is None:
        return "n/a (not a copy model)"
    if not summary["copyable_terms"]:
        return "– (0 copyable)"
    return (f"{summary['copyable_in_place']}/{summary['copyable_terms']} "
            f"({100 * summary['copyable_in_place_rate']:.1f}%) in {summary['copyable_sentences']} sentences")


def to_markdown(report: dict) -> str:
    lines = [
        f"Model `{report['model']}`{' (copy model)' if report['copy_model'] else ''}; goals: 0 longer, 0 new flags, "
        f"≥ 98% in place on copyable sentences. *longer*: more words with the glossary than without it plus the "
        f"terms' own words plus {report['slack_words']}.",
        "",
        "| backend | set | lines | sentences with terms | terms | longer with glossary | new repetition "
        "| new length-ratio | new truncated | terms in place, copyable sentences |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in report["backends"]:
        rows = [*run["sets"].items(), ("**all**", run["total"])]
        for set_name, s in rows:
            flags = " | ".join(str(s["new_flags"][code]) for code in FLAG_CODES)
            lines.append(f"| {run['backend']} | {set_name} | {s['lines']} | {s['sentences_with_terms']} | {s['terms']} "
                         f"| {s['longer_with_glossary']} | {flags} | {_in_place(s)} |")
    lines.append("")
    lines += [f"- {run['signature']}: {run['seconds']} s" for run in report["backends"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model directory (default: the imperfect copy model, trained once and cached)")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated (default: both)")
    parser.add_argument("--lines", type=int, help="quick mode: only the first N lines of every set")
    parser.add_argument("--wmt-lines", type=int, default=200, help="first N WMT 2023 lines (default 200)")
    parser.add_argument("--newstest-lines", type=int, default=200, help="first N newstest2019 lines (default 200)")
    parser.add_argument("--no-term-injection", dest="injection", action="store_false")
    parser.add_argument("--format", choices=["markdown", "json"], default="markdown")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = [b for b in backends if b not in BACKENDS]
    if unknown or not backends:
        parser.error(f"--backends: unknown backend {unknown[0] if unknown else args.backends!r}; known: {', '.join(BACKENDS)}")
    model = args.model
    if model is None:
        from copy_model import build_copy_model

        model = str(build_copy_model("imperfect", log=lambda line: print(line, file=sys.stderr)))
    report = measure(model, backends=backends, lines=args.lines, wmt_lines=args.wmt_lines,
                     newstest_lines=args.newstest_lines, injection=args.injection)
    sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n" if args.format == "json" else to_markdown(report))


if __name__ == "__main__":
    main()
