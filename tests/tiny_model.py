"""Build a tiny random-weight MarianMT model, saved like a real one, for tests and benchmarks.

SentencePiece vocabularies are trained on tests/data/tiny-corpus.{de,en} (400 lines of WMT
newstest2018, see tests/data/testsets/README.md); the weights are random (fixed seed). The result
is loaded by newsmt exactly like Helsinki-NLP/opus-mt-de-en: `--model DIR`.

    python tests/tiny_model.py OUTPUT_DIR
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"
SPECIALS = ("</s>", "<unk>")  # ids 0 and 1, as in the opus-mt vocabularies; <pad> comes last


def _train_spm(corpus: Path, prefix: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=vocab_size, model_type="unigram",
        character_coverage=1.0, bos_id=-1, eos_id=-1, unk_id=0, unk_piece="<unk>",
        num_threads=1, minloglevel=2, seed_sentencepiece_size=100000,
    )


def build_tiny_model(out: Path, *, seed: int = 0, vocab_size: int = 800, max_length: int = 64, init_std: float = 0.3,
                     activation: str = "gelu") -> Path:
    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    out.mkdir(parents=True, exist_ok=True)
    work = out / "spm-training"
    work.mkdir(exist_ok=True)
    _train_spm(DATA / "tiny-corpus.de", work / "source", vocab_size)
    _train_spm(DATA / "tiny-corpus.en", work / "target", vocab_size)

    # One joint vocabulary over both sides, like opus-mt-de-en's vocab.json.
    vocab: dict[str, int] = {piece: i for i, piece in enumerate(SPECIALS)}
    for side in ("source", "target"):
        processor = spm.SentencePieceProcessor(model_file=str(work / f"{side}.model"))
        for i in range(processor.get_piece_size()):
            vocab.setdefault(processor.id_to_piece(i), len(vocab))
    pad_id = vocab.setdefault("<pad>", len(vocab))
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    tokenizer = MarianTokenizer(
        source_spm=str(work / "source.model"), target_spm=str(work / "target.model"),
        vocab=str(work / "vocab.json"), source_lang="de", target_lang="en",
    )
    config = MarianConfig(
        vocab_size=len(vocab), d_model=32, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64,
        max_position_embeddings=512, pad_token_id=pad_id, eos_token_id=0, decoder_start_token_id=pad_id,
        forced_eos_token_id=0, scale_embedding=True, share_encoder_decoder_embeddings=True, init_std=init_std,
        activation_function=activation,
    )
    # With the usual init_std (0.02) a random model gives nearly the same output for every input;
    # 0.3 makes outputs depend on the source, so tests can tell whether sentences stay in order.
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    with torch.no_grad():  # as Marian-trained models have it, and CTranslate2 assumes: a zero <pad> (start) embedding
        model.get_input_embeddings().weight[pad_id].zero_()
    # opus-mt-de-en's generation settings (beam 4, <pad> never produced) but at most 64 tokens: random
    # weights never predict </s> and would always run to the limit, and 512 makes the tests slow.
    model.generation_config = GenerationConfig(
        num_beams=4, max_length=max_length, bad_words_ids=[[pad_id]], pad_token_id=pad_id,
        eos_token_id=0, decoder_start_token_id=pad_id, forced_eos_token_id=0,
    )
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    for leftover in work.iterdir():
        leftover.unlink()
    work.rmdir()
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(build_tiny_model(Path(sys.argv[1])))
