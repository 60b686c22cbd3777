"""Build a MarianMT that copies its input: a proxy model whose right output is known exactly.

Random weights show invariants, not behaviour. To measure *where* a forced glossary term lands, a model must really
produce text in a known way: this one reproduces its input, German or English. For a sentence with glossary terms
the right output is then the sentence with each matched German span replaced by its English term, and every term
is a hard case (the model's own rendering, the German span, never starts like the English term).

Trained on the repository's public test data (WMT newstest2018 de+en, the WMT 2023 terminology set de+en without
its first 200 lines, newstest2019 en), so the evaluation sentences — newstest2019 de, the first 200 WMT 2023 lines
and the bundled `news` suite — are unseen. One SentencePiece model serves both sides, so an English term is
spelled the same in the input and the output. The result is saved like opus-mt-de-en (`--model DIR`) and cached
under a key of its settings; weights are never committed.

    python benchmarks/copy_model.py                  # full model, ~7 min on 2 CPU cores, cached
    python benchmarks/copy_model.py --size small     # a quicker variant, ~2 min
    python benchmarks/copy_model.py --size test      # the test suite's, ~2 min on one thread
    python benchmarks/copy_model.py --size imperfect # garbles long sentences (benchmarks/glossary_harm.py)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from translate.kernel.cache import cache_root

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
WMT23_EVALUATED = 200  # the placement measure's WMT 2023 lines: kept out of training


@dataclass(frozen=True)
class CopyModelSize:
    vocab: int
    d_model: int
    layers: int
    heads: int
    ffn: int
    steps: int
    batch_tokens: int
    max_tokens: int  # training sentences longer than this are left out
    learning_rate: float


SIZES = {
    "full": CopyModelSize(vocab=4000, d_model=192, layers=2, heads=4, ffn=768, steps=1400, batch_tokens=2400,
                          max_tokens=160, learning_rate=1e-3),
    "small": CopyModelSize(vocab=4000, d_model=192, layers=2, heads=4, ffn=768, steps=600, batch_tokens=1600,
                           max_tokens=48, learning_rate=1e-3),
    # The test suite's (tests/conftest.py): trained once per test run on one thread, in about two minutes.
    "test": CopyModelSize(vocab=3000, d_model=160, layers=2, heads=4, ffn=640, steps=650, batch_tokens=1400,
                          max_tokens=48, learning_rate=1e-3),
    # An imperfect proxy (benchmarks/glossary_harm.py): the test size trained on short sentences only (at most 48
    # tokens), so that it copies short sentences, garbles long ones and sometimes does not copy an English term —
    # what a real model does now and then with a term injected into its German input. (Sentences of at most 32
    # tokens garbled even 15-word sentences into loops: it copied 46 of 239 term sentences.)
    "imperfect": CopyModelSize(vocab=3000, d_model=160, layers=2, heads=4, ffn=640, steps=700, batch_tokens=1400,
                               max_tokens=48, learning_rate=1e-3),
}


def training_lines() -> list[str]:
    def lines(path: Path, skip: int = 0) -> list[str]:
        return [line for line in path.read_text(encoding="utf-8").splitlines()[skip:] if line.strip()]

    testsets, wmt23 = DATA / "testsets", DATA / "wmt23-terminology"
    return (
        lines(testsets / "newstest2018.de-en.de") + lines(testsets / "newstest2018.de-en.en")
        + lines(wmt23 / "deen.de", WMT23_EVALUATED) + lines(wmt23 / "deen.en", WMT23_EVALUATED)
        + lines(testsets / "newstest2019.de-en.en")
    )


def cache_dir(size: str, root: Path | None = None) -> Path:
    """Keyed by everything the weights come from: the size, the training lines, this file's code and the libraries'
    versions, so that a kept model is never one that today's code would not train."""
    from importlib.metadata import version

    made_from = hashlib.sha256()
    for part in (json.dumps(asdict(SIZES[size]), sort_keys=True), "\n".join(training_lines()),
                 Path(__file__).read_text(encoding="utf-8"), version("torch"), version("transformers")):
        made_from.update(part.encode() + b"\0")
    return (root or cache_root()) / f"copy-model-{size}-{made_from.hexdigest()[:12]}"


def build_copy_model(size: str = "full", out: Path | None = None, *, log=print) -> Path:
    """The cached copy model's directory, trained first if it is not there yet."""
    target = out or cache_dir(size)
    if (target / "model.safetensors").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".copy-model-", dir=target.parent))  # same file system: renamed at once
    try:
        _train(SIZES[size], staging, log)
        try:
            os.rename(staging / "model", target)
        except OSError:  # another run kept the same model meanwhile
            if not (target / "model.safetensors").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _tokenizer(settings: CopyModelSize, work: Path, lines: list[str]):
    import sentencepiece as spm
    from transformers import MarianTokenizer

    corpus = work / "corpus.txt"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(work / "shared"), vocab_size=settings.vocab, model_type="unigram",
        character_coverage=1.0, bos_id=-1, eos_id=-1, unk_id=1, pad_id=-1, control_symbols=["</s>"],
        num_threads=2, minloglevel=2,
    )
    processor = spm.SentencePieceProcessor(model_file=str(work / "shared.model"))
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(processor.get_piece_size()):
        vocab.setdefault(processor.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    return MarianTokenizer(
        source_spm=str(work / "shared.model"), target_spm=str(work / "shared.model"), vocab=str(work / "vocab.json"),
        source_lang="de", target_lang="en",
    )


def _batch(encoded: list[list[int]], longest: int, batch_tokens: int, rng: random.Random, vocab: int) -> list[list[int]]:
    """A batch of sentences up to `longest` tokens (a curriculum: short ones first, so that attention learns to
    align before it has to on long ones), a fifth of them random piece sequences, which can only be copied."""
    fitting = [ids for ids in encoded if len(ids) <= longest]
    batch: list[list[int]] = []
    while (len(batch) + 1) * longest <= batch_tokens:
        if rng.random() < 0.2:
            batch.append([rng.randrange(2, vocab - 1) for _ in range(rng.randint(3, longest - 1))] + [0])
        else:
            batch.append(rng.choice(fitting))
    return batch


def zero_padding_embedding(model) -> None:
    """The decoder starts from the <pad> embedding. Marian-trained models (opus-mt) keep it at zero, and
    CTranslate2 starts its decoder from zeros; transformers initialises it at random, and the output layer tied to
    it would train it, so it is set to zero after every step."""
    import torch

    with torch.no_grad():
        model.get_input_embeddings().weight[model.config.pad_token_id].zero_()


def _train(settings: CopyModelSize, work: Path, log) -> None:
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    torch.manual_seed(0)
    rng = random.Random(0)
    lines = training_lines()
    tokenizer = _tokenizer(settings, work, lines)
    pad = tokenizer.pad_token_id
    encoded = [ids for ids in tokenizer(lines)["input_ids"] if len(ids) <= settings.max_tokens]
    config = MarianConfig(
        vocab_size=len(tokenizer), d_model=settings.d_model, encoder_layers=settings.layers,
        decoder_layers=settings.layers, encoder_attention_heads=settings.heads, decoder_attention_heads=settings.heads,
        encoder_ffn_dim=settings.ffn, decoder_ffn_dim=settings.ffn, max_position_embeddings=512, pad_token_id=pad,
        eos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0, scale_embedding=True,
        share_encoder_decoder_embeddings=True, dropout=0.0,
    )
    model = MarianMTModel(config)
    zero_padding_embedding(model)
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate, betas=(0.9, 0.98), weight_decay=0.01)
    warmup = max(1, settings.steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, 0.5 * (1 + math.cos(math.pi * step / settings.steps)))
    )
    loss_of = torch.nn.CrossEntropyLoss(ignore_index=-100, label_smoothing=0.1)
    model.train()
    started = time.perf_counter()
    for step in range(settings.steps):
        longest = min(settings.max_tokens, 12 + (settings.max_tokens - 12) * step // max(1, settings.steps // 2))
        batch = _batch(encoded, longest, settings.batch_tokens, rng, len(tokenizer) - 1)
        width = max(map(len, batch))
        ids = torch.tensor([row + [pad] * (width - len(row)) for row in batch])
        mask = (ids != pad).long()
        labels = ids.masked_fill(ids == pad, -100)  # the target is the input itself
        logits = model(input_ids=ids, attention_mask=mask, labels=labels).logits
        loss = loss_of(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        zero_padding_embedding(model)
        schedule.step()
        optimizer.zero_grad()
        if step % 100 == 0 or step == settings.steps - 1:
            log(f"step {step}/{settings.steps} loss {loss.item():.3f} ({time.perf_counter() - started:.0f} s)")
    model.eval()
    model.generation_config = GenerationConfig(
        num_beams=4, max_length=256, bad_words_ids=[[pad]], pad_token_id=pad, eos_token_id=0,
        decoder_start_token_id=pad, forced_eos_token_id=0,
    )
    model.save_pretrained(work / "model")
    tokenizer.save_pretrained(work / "model")
    (work / "model" / "copy_model.json").write_text(
        json.dumps({"size": asdict(settings), "training_lines": len(encoded),
                    "training_seconds": round(time.perf_counter() - started, 1)}, indent=2) + "\n", encoding="utf-8"
    )


def copy_rate(model_dir: Path, lines: list[str]) -> float:
    """The share of `lines` the model reproduces exactly."""
    sys.path.insert(0, str(ROOT))
    from translate import load_backend

    backend = load_backend(str(model_dir), backend="transformers", device="cpu")
    outputs = []
    for start in range(0, len(lines), 32):
        outputs += [t.text for t in backend.translate_batch(lines[start:start + 32])]
    return sum(out == line for out, line in zip(outputs, lines, strict=True)) / len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--out", type=Path, help="where to save it (default: the cache)")
    parser.add_argument("--evaluate", type=int, default=200, metavar="N",
                        help="report the exact-copy rate on the first N unseen newstest2019 lines (0: skip)")
    args = parser.parse_args()
    started = time.perf_counter()
    model_dir = build_copy_model(args.size, args.out, log=lambda line: print(line, file=sys.stderr))
    print(f"model: {model_dir} (ready in {time.perf_counter() - started:.0f} s)")
    if args.evaluate:
        unseen = (DATA / "testsets" / "newstest2019.de-en.de").read_text(encoding="utf-8").splitlines()[: args.evaluate]
        print(f"exact copies of {len(unseen)} unseen newstest2019 lines: {100 * copy_rate(model_dir, unseen):.1f}%")


if __name__ == "__main__":
    main()
