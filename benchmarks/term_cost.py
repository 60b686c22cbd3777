"""What glossary terms cost: the same WMT 2023 sentences decoded with their term lists and without, on the
random-weight model of opus-mt-de-en's exact shape with fixed output lengths (see `newsmt bench`), per backend.

    python benchmarks/term_cost.py [--sentences 48] [--threads 2]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=48)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--beam", type=int, default=4)
    args = parser.parse_args()

    from glossaries import Glossary, GlossaryMatcher, load_term_lists
    from translate import Translator, load_backend
    from translate.app.benchmark import random_model_dir

    wmt23 = ROOT / "tests" / "data" / "wmt23-terminology"
    sentences = (wmt23 / "deen.de").read_text(encoding="utf-8").splitlines()[: args.sentences]
    term_lists = load_term_lists(wmt23 / "deen.term.proper")[: args.sentences]
    no_terms = [Glossary.from_entries([], "none")] * len(sentences)
    model = str(random_model_dir())
    print(f"{len(sentences)} WMT 2023 sentences, {sum(len(t.entries) for t in term_lists)} terms, beam {args.beam}, "
          f"{args.threads} threads, random opus-mt-de-en-shape model, outputs as long as their sources")
    print("| backend | without terms (s) | with terms (s) | with / without |")
    print("|---|---:|---:|---:|")
    for name, options in (("transformers", {}), ("ctranslate2", {"compute_type": "int8"})):
        backend = load_backend(model, backend=name, device="cpu", threads=args.threads, **options)
        translator = Translator(backend, term_matcher=GlossaryMatcher([]), beam=args.beam, output_length=lambda n: n)
        translator.translate_lines(sentences[:2], term_lists=term_lists[:2])  # warm-up
        seconds = {}
        for label, lists in (("without", no_terms), ("with", term_lists)):
            started = time.perf_counter()
            translator.translate_lines(sentences, term_lists=lists)
            seconds[label] = time.perf_counter() - started
        print(f"| {name} | {seconds['without']:.1f} | {seconds['with']:.1f} | {seconds['with'] / seconds['without']:.2f} |")


if __name__ == "__main__":
    main()
