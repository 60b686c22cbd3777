"""Precision and recall of `newsmt tm terms` on a synthetic desk memory.

Machine outputs: real ones, the OPUS-MT de-en model's translations of WMT newstest2019 (tests/data/testsets,
opus-2020-02-26; the model newsmt runs), so the diff sees real MT English, not a stand-in.
Known terms: German words (capitalised, 5+ letters) and English words that occur together in at least
--min-sentences sentences with P(en | de) and P(de | en) >= 0.9 in that MT output (a German word the model
translates one way), the English word not itself in the German (a copied name); --terms of them are drawn at random. The "approved" texts: in every sentence with a known
term, its English is replaced by a house rendering ("house-<word>"); every approved sentence, and --noise other
randomly drawn sentences, also get 1–2 random words replaced by random words of the corpus (editors' other edits).
With --hard the house rendering is two words ("desk Germany") and the noise words are the 100 most frequent ones.

    python benchmarks/tm_terms.py [--terms 20] [--noise 600] [--seed 1] [--min-count 3] [--hard]

Prints the suggested rows and precision / recall (strict: the row's German is the known word; lenient: the row's
German phrase contains it) against the known set.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "testsets"
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def known_pairs(german: list[str], english: list[str], min_sentences: int) -> list[tuple[str, str]]:
    de_sets = [set(WORD.findall(s)) for s in german]
    en_sets = [set(WORD.findall(s)) for s in english]
    de_count = Counter(w for s in de_sets for w in s)
    en_count = Counter(w for s in en_sets for w in s)
    together = Counter((g, e) for d, n in zip(de_sets, en_sets, strict=True) for g in d if de_count[g] >= min_sentences
                       and len(g) >= 5 and g[0].isupper() for e in n if len(e) >= 4 and en_count[e] >= min_sentences)
    pairs, used_de, used_en = [], set(), set()
    for (g, e), count in together.most_common():
        if count < min_sentences or count / de_count[g] < 0.9 or count / en_count[e] < 0.9:
            continue
        if g in used_de or e in used_en or de_count[e] >= count / 2:
            continue  # e is in the German too (a copied name: "Recep" ~ "Tayyip"): its German is itself, not g
        used_de.add(g)
        used_en.add(e)
        pairs.append((g, e))
    return sorted(pairs)


def noisy(text: str, vocabulary: list[str], rng: random.Random, keep: set[str]) -> str:
    words = [m for m in WORD.finditer(text) if m.group() not in keep]
    words = [m for m in words if not any(m.group() in h.split() for h in keep)]
    for match in sorted(rng.sample(words, min(len(words), rng.choice((1, 2)))), key=lambda m: -m.start()):
        text = text[: match.start()] + rng.choice(vocabulary) + text[match.end():]
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--terms", type=int, default=20)
    parser.add_argument("--noise", type=int, default=600, help="approved sentences without a known term")
    parser.add_argument("--min-sentences", type=int, default=4, help="sentences a known term occurs in, at least")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hard", action="store_true",
                        help="house renderings of two words (\"desk Germany\"), noise words from the 100 most "
                             "frequent English words (so random edits repeat more often)")
    args = parser.parse_args()

    from translate.app.cli import main as newsmt
    from translate.memory import TranslationMemory

    german = (DATA / "newstest2019.de-en.de").read_text(encoding="utf-8").splitlines()
    english = (DATA / "newstest2019.de-en.opus-2020-02-26.en").read_text(encoding="utf-8").splitlines()
    # The memory keys on the German sentence: a sentence the test set repeats is one entry, so count it once.
    pairs = dict(zip(german, english, strict=True))
    german, english = list(pairs), list(pairs.values())
    rng = random.Random(args.seed)
    candidates = known_pairs(german, english, args.min_sentences)
    known = dict(rng.sample(candidates, min(args.terms, len(candidates))))
    house = {e: f"desk {e}" if args.hard else f"house-{e.lower()}" for e in known.values()}
    counts = Counter(w for s in english for w in WORD.findall(s))
    vocabulary = sorted(w for w, _ in counts.most_common(100)) if args.hard else sorted(counts)
    approved = {}
    for index, (de, en) in enumerate(zip(german, english, strict=True)):
        de_words, en_words = set(WORD.findall(de)), set(WORD.findall(en))
        terms = [(g, e) for g, e in known.items() if g in de_words and e in en_words]
        if terms:
            text = en
            for _, e in terms:
                text = re.sub(rf"(?<!\w){re.escape(e)}(?![\w'’-])", house[e], text)
            approved[index] = noisy(text, vocabulary, rng, set(house.values()))
    others = [i for i in range(len(german)) if i not in approved]
    for index in rng.sample(others, min(args.noise, len(others))):
        approved[index] = noisy(english[index], vocabulary, rng, set())
    with tempfile.TemporaryDirectory() as folder:
        db, tsv = Path(folder) / "desk.sqlite", Path(folder) / "terms.tsv"
        with TranslationMemory(db) as memory:
            memory.store([(german[i], english[i]) for i in approved], "opus-mt-de-en (newstest2019 outputs)")
            for i, text in approved.items():
                memory.approve(german[i], text, editor="synthetic")
        assert newsmt(["tm", "terms", str(db), "--min-count", str(args.min_count), "-o", str(tsv)]) == 0
        rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:]]
    expected = {(g, house[e]) for g, e in known.items()}
    strict = {(s, t) for s, t, _ in rows} & expected
    lenient = {(g, h) for g, h in expected if any(t == h and g in s.split() for s, t, _ in rows)}
    print(f"known terms: {len(expected)} ({sum(1 for i in approved if i not in others)} sentences with one); "
          f"approved sentences: {len(approved)}; suggested rows: {len(rows)}")
    for source, target, note in rows:
        mark = "ok " if (source, target) in expected else ("~  " if any(target == h for _, h in expected) else "-- ")
        print(f"  {mark}{source}\t{target}\t{note[:90]}")
    for g, h in sorted(expected - strict):
        print(f"  missed: {g} → {h}")
    precision = len(strict) / len(rows) if rows else 0.0
    lenient_precision = sum(1 for s, t, _ in rows if any(t == h and g in s.split() for g, h in expected)) / max(len(rows), 1)
    print(f"precision {precision:.2f} recall {len(strict) / len(expected):.2f} (strict); "
          f"precision {lenient_precision:.2f} recall {len(lenient) / len(expected):.2f} (German phrase contains the term)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
