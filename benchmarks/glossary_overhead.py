"""Decoding-time cost of glossary enforcement: the same sentences translated with and without terms.

    python benchmarks/glossary_overhead.py [--model DIR|HUB_ID] [--lines 96] [--repeats 3]

Without --model it builds the tiny random-weight test model (tests/tiny_model.py), which is what
these machines can run; with opus-mt-de-en the absolute numbers change, the method does not.
Sentences and per-sentence term lists: the WMT 2023 de→en terminology test set (tests/data).
Prints wall time per sentence (median of the repeats), the overhead, term placement and peak memory.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WMT23 = ROOT / "tests" / "data" / "wmt23-terminology"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model directory or hub id (default: build the tiny test model)")
    parser.add_argument("--lines", type=int, default=96, help="WMT23 sentences to translate (default 96)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()

    from glossaries import Glossary, GlossaryMatcher, load_term_lists
    from translate import Translator, load_backend

    model = args.model
    if model is None:
        sys.path.insert(0, str(ROOT / "tests"))
        from tiny_model import build_tiny_model

        model = str(build_tiny_model(Path(tempfile.mkdtemp()) / "tiny"))
    lines = (WMT23 / "deen.de").read_text(encoding="utf-8").splitlines()[: args.lines]
    term_lists = load_term_lists(WMT23 / "deen.term.proper")[: args.lines]
    no_terms = [Glossary.from_entries([], "none")] * len(lines)
    translator = Translator(
        load_backend(model, device=args.device), term_matcher=GlossaryMatcher([]), max_batch_sentences=args.batch_size
    )

    def timed(lists) -> tuple[float, object]:
        started = time.perf_counter()
        document = translator.translate_lines(lines, term_lists=lists)
        return time.perf_counter() - started, document

    timed(no_terms)  # warm-up: first calls pay for lazy initialisation
    plain = [timed(no_terms)[0] for _ in range(args.repeats)]
    runs = [timed(term_lists) for _ in range(args.repeats)]
    with_terms = [seconds for seconds, _ in runs]
    terms = [t for s in runs[-1][1].segments for t in s.terms]
    by_decoding = sum(t.applied for t in terms)

    plain_ms = 1000 * statistics.median(plain) / len(lines)
    terms_ms = 1000 * statistics.median(with_terms) / len(lines)
    print(f"model: {translator.signature}")
    print(f"sentences: {len(lines)}, batch size {args.batch_size}, repeats {args.repeats}")
    print(f"without terms: {plain_ms:.1f} ms/sentence")
    print(f"with terms:    {terms_ms:.1f} ms/sentence ({100 * (terms_ms / plain_ms - 1):+.1f}%)")
    print(f"terms: {len(terms)} matched, {by_decoding} placed by decoding, {len(terms) - by_decoding} inserted after decoding")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
