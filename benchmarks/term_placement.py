"""Where do glossary terms land? Per term: in place, duplicated, appended, misplaced or missing.

Over the bundled `news` suite (with the newsroom glossary) and the first WMT 2023 terminology lines (with their
own term lists). On a model that copies its input (benchmarks/copy_model.py) the right output is known exactly —
the sentence with each German span replaced by its English term — so "in place" is checked against it word for
word. On any other model (opus-mt-de-en on a machine that has it) a term is in place when it is there once, not
next to the model's own rendering of the German, and not pushed to the end of the sentence.

    python benchmarks/term_placement.py --model DIR                       # injection + realign (the default)
    python benchmarks/term_placement.py --model DIR --no-term-injection   # realign only
    python benchmarks/term_placement.py --model DIR --backend ctranslate2 --format json
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.kernel.document import TermMatch  # noqa: E402
from translate.kernel.presence import find_term  # noqa: E402

VERDICTS = ("in place", "duplicated", "appended", "misplaced", "missing")
_TRAILING = re.compile(r"[\s.!?…:;,\"“”»«'’)\]]*")  # what may follow an appended term: punctuation only
_WORD = re.compile(r"\w+", re.UNICODE)


def expected_copy(source: str, terms: Sequence[TermMatch]) -> str:
    """What a model that copies its input must write: each German span replaced by its English term."""
    for term in sorted(terms, key=lambda t: t.start, reverse=True):
        source = source[: term.start] + term.target + source[term.end:]
    return source


def _neighbours(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    before = _WORD.findall(text[:start])
    after = _WORD.findall(text[end:])
    return (before[-1] if before else None, after[0] if after else None)


def _at_the_end(text: str, end: int) -> bool:
    return _TRAILING.fullmatch(text[end:]) is not None


def classify(source: str, term: TermMatch, output: str, expected: str | None = None) -> str:
    """One term's verdict. `expected`, when known (a copy model), is the exact right output."""
    found = find_term(term.target, output)
    if found is None:
        return "missing"
    # The model's own rendering of the span still there next to the term (a copy model's own rendering is the
    # German itself; for names the German spelling is the common case with any model: Selenskyj and Zelensky).
    own = term.source if term.source != term.target else None
    if own and re.search(rf"(?<!\w){re.escape(own)}(?!\w)", output):
        return "duplicated"
    span_at_end = _at_the_end(source, term.end)
    if _at_the_end(output, found[1]) and not span_at_end:
        return "appended"
    if expected is not None:
        wanted = find_term(term.target, expected)
        if wanted is None or _neighbours(output, *found) != _neighbours(expected, *wanted):
            return "misplaced"
    return "in place"


@dataclass
class Case:
    set_name: str
    source: str
    terms: list[TermMatch]
    output: str
    placements: list[str | None]


def run_cases(translator, sentences: list[str], term_lists, set_name: str) -> list[Case]:
    document = translator.translate_lines(sentences, name=set_name, term_lists=term_lists)
    return [
        Case(set_name, p.segments[0].source, s.terms, s.target, [t.placement for t in s.terms])
        for p in document.paragraphs for s in p.segments if s.terms
    ]


def measure(model: str, *, backend: str, injection: bool, wmt_lines: int, copy_model: bool,
            compute_type: str = "default") -> dict:
    from eval.suite import find_suite, load_suite
    from glossaries import GlossaryMatcher, load_glossaries, load_term_lists
    from translate import Translator, load_backend

    loaded = load_backend(model, backend=backend, device="cpu", compute_type=compute_type)
    news = load_suite(find_suite("news")).testsets[0]
    wmt23 = ROOT / "tests" / "data" / "wmt23-terminology"
    wmt_sources = (wmt23 / "deen.de").read_text(encoding="utf-8").splitlines()[:wmt_lines]
    wmt_terms = load_term_lists(wmt23 / "deen.term.proper")[:wmt_lines]
    started = time.perf_counter()
    cases = run_cases(
        Translator(loaded, term_matcher=GlossaryMatcher([load_glossaries([])]), term_injection=injection),
        news.sources, None, "news",
    ) + run_cases(
        Translator(loaded, term_matcher=GlossaryMatcher([]), term_injection=injection), wmt_sources, wmt_terms,
        "wmt23",
    )
    seconds = time.perf_counter() - started
    verdicts: Counter[str] = Counter()
    examples: dict[str, list[dict]] = {v: [] for v in VERDICTS if v != "in place"}
    exact_sentences = 0
    per_set: dict[str, Counter[str]] = {}
    placements: Counter[str] = Counter()
    for case in cases:
        expected = expected_copy(case.source, case.terms) if copy_model else None
        exact_sentences += expected is not None and case.output == expected
        for term, placement in zip(case.terms, case.placements, strict=True):
            verdict = classify(case.source, term, case.output, expected)
            verdicts[verdict] += 1
            per_set.setdefault(case.set_name, Counter())[verdict] += 1
            placements[placement or "none"] += 1
            if verdict != "in place" and len(examples[verdict]) < 5:
                examples[verdict].append({"source": case.source, "term": f"{term.source} → {term.target}",
                                          "output": case.output, "expected": expected})
    total = sum(verdicts.values())
    return {
        "model": model, "backend": backend, "signature": loaded.signature, "term_injection": injection, "copy_model": copy_model,
        "sentences": len(cases), "terms": total,
        "verdicts": {v: verdicts[v] for v in VERDICTS},
        "in_place_rate": round(verdicts["in place"] / total, 4) if total else None,
        "by_set": {name: {v: counts[v] for v in VERDICTS} for name, counts in per_set.items()},
        "placements": dict(placements), "exact_sentences": exact_sentences if copy_model else None,
        "seconds": round(seconds, 1), "examples": examples,
    }


def to_markdown(report: dict) -> str:
    mechanism = "injection + realign" if report["term_injection"] else "realign only"
    verdicts = report["verdicts"]
    lines = [
        f"{report['signature']}, {mechanism}: {report['terms']} terms in {report['sentences']} sentences, "
        f"{100 * (report['in_place_rate'] or 0):.1f}% in place ({report['seconds']} s)",
        "",
        "| " + " | ".join(VERDICTS) + " |",
        "|" + "---:|" * len(VERDICTS),
        "| " + " | ".join(str(verdicts[v]) for v in VERDICTS) + " |",
    ]
    if report["exact_sentences"] is not None:
        lines.append(f"\nsentences exactly as expected: {report['exact_sentences']} of {report['sentences']}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="model directory or hub id (e.g. the copy model)")
    parser.add_argument("--backend", choices=["transformers", "ctranslate2"], default="transformers")
    parser.add_argument("--compute-type", default="default", help="ctranslate2: int8 (the CPU default), float32, …")
    parser.add_argument("--no-term-injection", dest="injection", action="store_false",
                        help="the old mechanism: terms reach the model only through constrained decoding")
    parser.add_argument("--wmt-lines", type=int, default=200, help="first N WMT 2023 lines (default 200)")
    parser.add_argument("--copy-model", choices=["auto", "yes", "no"], default="auto",
                        help="check against the exact copy (default: when the model directory has copy_model.json)")
    parser.add_argument("--format", choices=["markdown", "json"], default="markdown")
    args = parser.parse_args()
    copy_model = args.copy_model == "yes" or (args.copy_model == "auto" and (Path(args.model) / "copy_model.json").is_file())
    report = measure(args.model, backend=args.backend, injection=args.injection, wmt_lines=args.wmt_lines,
                     copy_model=copy_model, compute_type=args.compute_type)
    sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n" if args.format == "json" else to_markdown(report))


if __name__ == "__main__":
    main()
