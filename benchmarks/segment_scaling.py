"""How the work done on an input before the model scales with paragraph length: one single line of real
German news (newstest2018 + newstest2019 sentences joined with spaces, repeated to the size asked for).

Stages, each timed on its own: normalising and paragraph splitting, sentence splitting (segment.py),
glossary matching (the default newsroom glossary) over every sentence, and fitting over-long sentences into
the model's input limit (longsplit.py, with a counter as long as a SentencePiece call: linear in the text).
A stage that takes longer than --timeout seconds is stopped and reported as such.

    python benchmarks/segment_scaling.py [--sizes 100K,1M,20M] [--timeout 900] [--stages all]
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TESTSETS = ROOT / "tests" / "data" / "testsets"
UNITS = {"K": 1000, "M": 1000**2}
STAGES = ("paragraphs", "sentences", "terms", "longsplit")


def news_line(size: int) -> str:
    """`size` characters of German news on one line, cut at a word boundary."""
    sentences = []
    for name in ("newstest2018.de-en.de", "newstest2019.de-en.de"):
        sentences += (TESTSETS / name).read_text(encoding="utf-8").split("\n")
    block = " ".join(s.strip() for s in sentences if s.strip())
    text = (block + " ") * (size // (len(block) + 1) + 1)
    return text[:size].rsplit(" ", 1)[0]


def parse_size(text: str) -> int:
    return int(float(text[:-1]) * UNITS[text[-1].upper()]) if text[-1].upper() in UNITS else int(text)


class StageTimeout(Exception):
    pass


def timed(seconds: int, work):
    """(result, elapsed seconds), or (None, None) when `work` takes longer than `seconds`."""
    def stop(signum, frame):
        raise StageTimeout

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    started = time.perf_counter()
    try:
        result = work()
    except StageTimeout:
        return None, None
    finally:
        signal.alarm(0)
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100K,1M,20M", help="characters per line, e.g. 100K,1M,20M")
    parser.add_argument("--timeout", type=int, default=900, help="seconds a stage may take before it is stopped")
    parser.add_argument("--stages", default="all", help=f"comma-separated, from {', '.join(STAGES)}")
    args = parser.parse_args()
    stages = STAGES if args.stages == "all" else tuple(args.stages.split(","))

    from glossaries import GlossaryMatcher, load_glossaries
    from translate.engine.longsplit import split_to_fit
    from translate.engine.segment import sentence_spans
    from translate.kernel.paragraphs import split_paragraphs
    from translate.kernel.textio import normalise_text

    matcher = GlossaryMatcher([load_glossaries([], include_default=True)])

    def count_tokens(text: str) -> int:
        return len(text.encode("utf-8")) // 4 + 1  # about SentencePiece's count, in time linear like it

    print("| line | stage | seconds | result |")
    print("|---|---|---:|---|")
    for size_text in args.sizes.split(","):
        line = news_line(parse_size(size_text))
        label = f"{size_text} ({len(line.encode('utf-8')) / 2**20:.2f} MiB)"
        paragraphs = split_paragraphs(normalise_text(line)).texts
        spans = None
        for stage in stages:
            if stage == "paragraphs":
                work = lambda: split_paragraphs(normalise_text(line)).texts  # noqa: E731
            elif stage == "sentences":
                work = lambda: [sentence_spans(p) for p in paragraphs]  # noqa: E731
            elif stage == "terms":
                if spans is None:
                    print(f"| {label} | terms | – | needs the sentences stage |")
                    continue
                work = lambda: sum(len(matcher.match(line[s:e])) for s, e in spans)  # noqa: E731
            else:
                # The whole line as one sentence: the worst case for cutting at clause and word boundaries.
                work = lambda: len(split_to_fit(line, count_tokens, 512))  # noqa: E731
            result, seconds = timed(args.timeout, work)
            if seconds is None:
                print(f"| {label} | {stage} | > {args.timeout} | stopped |", flush=True)
                continue
            if stage == "sentences":
                spans = result[0]
                result = f"{len(spans)} sentences"
            elif stage == "paragraphs":
                result = f"{len(result)} paragraph(s)"
            elif stage == "terms":
                result = f"{result} terms"
            else:
                result = f"{result} parts"
            print(f"| {label} | {stage} | {seconds:.2f} | {result} |", flush=True)


if __name__ == "__main__":
    main()
