"""How long is an English translation, in tokens, relative to its German source? The data behind the decoder's
length bound (translate/engine/length_bound.py: at most ceil(ratio × source tokens) + margin target tokens).

opus-mt-de-en's own SentencePiece models cannot be downloaded here, so the tokens are counted with stand-ins:
unigram SentencePiece models trained (per language, as opus-mt has them) on the German and English sides of
newstest2018 + newstest2019 at several vocabulary sizes — opus-mt's are 32k per side; a vocabulary trained on
5,000 sentences cuts words more finely at small sizes and keeps nearly whole words at 32k (it stops at the
~14.5k / ~10.7k pieces this text has), so the spread over sizes shows how much the choice depends on the tokenizer. Source tokens count the end-of-sentence marker, as the
pipeline counts a model input; target tokens do not, as the bound counts what the decoder writes.

Pairs: each German source with its reference translation, and with opus-mt-de-en's own output (the real
Helsinki-NLP/opus-mt-de-en, release opus-2020-02-26; tests/data/testsets/README.md).

    python benchmarks/length_bound.py                       # table for the default bound and the percentiles
    python benchmarks/length_bound.py --ratio 1.3 --margin 8 --format json
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTSETS = ROOT / "tests" / "data" / "testsets"
YEARS = ("newstest2018", "newstest2019")
VOCAB_SIZES = (4000, 8000, 32000)
PERCENTILES = (50, 90, 95, 99, 99.5, 99.9, 100)


def _lines(name: str) -> list[str]:
    return (TESTSETS / name).read_text(encoding="utf-8").splitlines()


def _train(lines: list[str], prefix: Path, vocab_size: int):
    import sentencepiece as spm

    corpus = prefix.with_suffix(".txt")
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=vocab_size, model_type="unigram",
        character_coverage=1.0, hard_vocab_limit=False, bos_id=-1, eos_id=-1, unk_id=0, unk_piece="<unk>",
        num_threads=1, minloglevel=2,
    )
    return spm.SentencePieceProcessor(model_file=str(prefix) + ".model")


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def bound(source_tokens: int, ratio: float, margin: int) -> int:
    return math.ceil(ratio * source_tokens) + margin


def measure(vocab_size: int, ratio: float, margin: int, work: Path) -> dict:
    german = [line for year in YEARS for line in _lines(f"{year}.de-en.de")]
    english = [line for year in YEARS for line in _lines(f"{year}.de-en.en")]
    source_sp = _train(german, work / f"de-{vocab_size}", vocab_size)
    target_sp = _train(english, work / f"en-{vocab_size}", vocab_size)
    sources = [len(ids) + 1 for ids in source_sp.encode(german)]  # + </s>
    result = {"vocab_size": vocab_size, "pieces": [source_sp.get_piece_size(), target_sp.get_piece_size()]}
    for kind, suffix in (("reference", "en"), ("opus-mt", "opus-2020-02-26.en")):
        targets = [len(ids) for ids in target_sp.encode([line for y in YEARS for line in _lines(f"{y}.de-en.{suffix}")])]
        ratios = [t / s for s, t in zip(sources, targets, strict=True)]
        excess = [t - math.ceil(ratio * s) for s, t in zip(sources, targets, strict=True)]
        within = sum(t <= bound(s, ratio, margin) for s, t in zip(sources, targets, strict=True))
        result[kind] = {
            "pairs": len(sources),
            "ratio_percentiles": {str(p): round(_percentile(ratios, p), 3) for p in PERCENTILES},
            # the margin a bound with this ratio needs to cover each percentile of the pairs
            "margin_needed": {str(p): max(0, _percentile(excess, p)) for p in PERCENTILES},
            "within_bound": within,
            "within_bound_percent": round(100 * within / len(sources), 2),
            "longest_over": max(t - bound(s, ratio, margin) for s, t in zip(sources, targets, strict=True)),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ratio", type=float, default=1.5)
    parser.add_argument("--margin", type=int, default=10)
    parser.add_argument("--vocab-sizes", type=int, nargs="+", default=list(VOCAB_SIZES))
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        rows = [measure(v, args.ratio, args.margin, Path(work)) for v in args.vocab_sizes]
    if args.format == "json":
        print(json.dumps({"ratio": args.ratio, "margin": args.margin, "results": rows}, indent=2))
        return 0
    print(f"bound: ceil({args.ratio:g} × source tokens incl. </s>) + {args.margin}; newstest2018+2019, "
          f"{rows[0]['reference']['pairs']} pairs")
    print("vocab (pieces de/en)  target     within bound   longest over  target/source ratio p50 / p95 / p99 / p99.9 / max")
    for row in rows:
        for kind in ("reference", "opus-mt"):
            r = row[kind]
            p = r["ratio_percentiles"]
            pieces = "/".join(map(str, row["pieces"]))
            print(f"{row['vocab_size']:>5} ({pieces:>11})  {kind:<9}  {r['within_bound']:>5} ({r['within_bound_percent']:6.2f}%)  "
                  f"{r['longest_over']:>+5}          {p['50']} / {p['95']} / {p['99']} / {p['99.9']} / {p['100']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
