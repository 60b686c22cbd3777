"""`newsmt bench`: engines side by side, in one process, on the same sentences.

Without the real weights the figures come from a random-weight model of opus-mt-de-en's exact shape that
decodes exactly as many tokens per sentence as its source has (end-of-sentence ignored, as vLLM's throughput
benchmark does): what a step costs does not depend on the weights, so the ratios between engines are honest.
"""
from __future__ import annotations

import resource
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# opus-mt-de-en's shape (its config.json): 74.4M parameters with the 58,101-entry shared vocabulary.
OPUS_MT_SHAPE = {
    "vocab_size": 58101, "d_model": 512, "encoder_layers": 6, "decoder_layers": 6, "encoder_attention_heads": 8,
    "decoder_attention_heads": 8, "encoder_ffn_dim": 2048, "decoder_ffn_dim": 2048, "max_position_embeddings": 512,
}
ENGINES = ("naive", "transformers", "ctranslate2", "ctranslate2-float32")
DEFAULT_ENGINE = "ctranslate2"  # what `newsmt translate` runs with no --backend: the pipeline on CTranslate2 int8
_NEWSTEST = ("newstest2019", "newstest2019.de-en")  # installed with the package, as a bundled suite
_SPM_VOCAB = 4000  # per side; the rest of the 58,101 entries are placeholders, so the layers have the real size


def random_model_dir() -> Path:
    """A random-weight MarianMT with opus-mt-de-en's exact shape, built once and cached."""
    from translate.kernel.cache import cache_root

    folder = cache_root() / "random-opus-mt-de-en-shape-v2"
    if not (folder / "model.safetensors").is_file():
        _build_random_model(folder)
    return folder


def _build_random_model(folder: Path) -> None:
    import json
    import tempfile

    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    from translate.engine.model_source import quiet_loading

    staging = Path(tempfile.mkdtemp(prefix=".random-opus-", dir=folder.parent if folder.parent.exists() else None))
    for side, language in (("source", "de"), ("target", "en")):
        spm.SentencePieceTrainer.train(
            input=str(_bundled_newstest(language)), model_prefix=str(staging / side), vocab_size=_SPM_VOCAB, model_type="unigram",
            character_coverage=1.0, bos_id=-1, eos_id=-1, unk_id=1, pad_id=-1, user_defined_symbols=[],
            control_symbols=["</s>"], num_threads=1, minloglevel=2,
        )
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for side in ("source", "target"):
        processor = spm.SentencePieceProcessor(model_file=str(staging / f"{side}.model"))
        for i in range(processor.get_piece_size()):
            vocab.setdefault(processor.id_to_piece(i), len(vocab))
    while len(vocab) < OPUS_MT_SHAPE["vocab_size"] - 1:
        vocab[f"<placeholder-{len(vocab)}>"] = len(vocab)
    pad_id = vocab.setdefault("<pad>", len(vocab))
    (staging / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(staging / "source.model"), target_spm=str(staging / "target.model"),
        vocab=str(staging / "vocab.json"), source_lang="de", target_lang="en",
    )
    config = MarianConfig(
        **OPUS_MT_SHAPE, pad_token_id=pad_id, eos_token_id=0, decoder_start_token_id=pad_id, forced_eos_token_id=0,
        scale_embedding=True, share_encoder_decoder_embeddings=True,
    )
    torch.manual_seed(0)
    model = MarianMTModel(config)
    with torch.no_grad():  # as opus-mt has it, and CTranslate2 assumes: a zero <pad> (decoder start) embedding
        model.get_input_embeddings().weight[pad_id].zero_()
    model.generation_config = GenerationConfig(
        num_beams=4, max_length=512, bad_words_ids=[[pad_id]], pad_token_id=pad_id, eos_token_id=0,
        decoder_start_token_id=pad_id, forced_eos_token_id=0,
    )
    built = staging / "model"
    with quiet_loading():
        model.save_pretrained(built)
        tokenizer.save_pretrained(built)
    folder.parent.mkdir(parents=True, exist_ok=True)
    built.rename(folder)
    shutil.rmtree(staging, ignore_errors=True)


def parameter_count(model_dir: Path) -> int:
    """Parameters as stored (shared embeddings once, sinusoidal positions not stored): 73.9M for opus-mt-de-en's
    shape, 74.4M with its two 512 × 512 position tables."""
    import math

    from safetensors import safe_open

    with safe_open(str(model_dir / "model.safetensors"), "np") as weights:
        return sum(math.prod(weights.get_slice(name).get_shape()) for name in weights.keys())


def spread(seconds: Sequence[float]) -> dict:
    """Per-sentence times summed up: the slowest sentence against the median, so that a runaway (one sentence
    decoding to the length limit) shows up as a number."""
    import statistics

    ordered = sorted(seconds)
    median = statistics.median(ordered)
    slowest = max(range(len(seconds)), key=seconds.__getitem__)
    return {
        "sentences": len(seconds), "min_s": round(ordered[0], 4), "median_s": round(median, 4),
        "p90_s": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 4), "max_s": round(ordered[-1], 4),
        "slowest_vs_median": round(ordered[-1] / median, 2) if median > 0 else None, "slowest_sentence": slowest,
    }


@dataclass
class EngineResult:
    name: str
    seconds: float
    sentences: int
    target_tokens: int
    peak_rss_mib: float
    stages_s: dict[str, float] = field(default_factory=dict)
    vs_naive: float | None = None
    # Each sentence's time translated on its own (one request of one sentence), for the worst case.
    sentence_seconds: list[float] = field(default_factory=list)

    @property
    def sentences_per_s(self) -> float:
        return self.sentences / self.seconds

    @property
    def tokens_per_s(self) -> float:
        return self.target_tokens / self.seconds

    def to_json(self) -> dict:
        return {
            "name": self.name, "sentences_per_s": round(self.sentences_per_s, 3),
            "tokens_per_s": round(self.tokens_per_s, 1), "vs_naive": None if self.vs_naive is None else round(self.vs_naive, 2),
            "peak_rss_mib": round(self.peak_rss_mib, 1), "stages_s": {k: round(v, 3) for k, v in self.stages_s.items()},
            "seconds": round(self.seconds, 3), "default": self.name == DEFAULT_ENGINE,
            "per_sentence": spread(self.sentence_seconds) if self.sentence_seconds else None,
        }


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True)
class Settings:
    model: str
    random_model: bool
    sentences: int
    engines: tuple[str, ...]
    max_batch_tokens: int
    threads: int
    beam: int

    def to_json(self) -> dict:
        return {
            "model": self.model, "random_model": self.random_model, "sentences": self.sentences,
            "engines": list(self.engines), "max_batch_tokens": self.max_batch_tokens, "threads": self.threads,
            "beam": self.beam,
            "output_length": "source tokens, end-of-sentence ignored" if self.random_model else "the model's own",
            "per_sentence": "each sentence translated on its own, after the timed run",
        }


def _bundled_newstest(language: str) -> Path:
    from eval.suite import BUNDLED_SUITES

    folder, stem = _NEWSTEST
    return BUNDLED_SUITES / folder / f"{stem}.{language}"


def bench_sentences(count: int) -> list[str]:
    return _bundled_newstest("de").read_text(encoding="utf-8").splitlines()[:count]


def _backend(engine: str, settings: Settings):
    from translate.engine.backend import load_backend

    if engine in ("naive", "transformers"):
        return load_backend(settings.model, backend="transformers", device="auto", threads=settings.threads)
    compute = "float32" if engine == "ctranslate2-float32" else "int8"
    return load_backend(settings.model, backend="ctranslate2", device="auto", compute_type=compute, threads=settings.threads)


def _pipeline(backend, settings: Settings, output_length: Callable[[int], int] | None, memory=None):
    """The whole newsmt pipeline on `backend`: the bundled glossary and the quality checks, as `translate` runs it."""
    from eval.checks import run_checks
    from glossaries import GlossaryMatcher, load_glossaries
    from translate.engine.pipeline import Translator

    return Translator(
        backend, term_matcher=GlossaryMatcher([load_glossaries([])]), checks=run_checks, beam=settings.beam,
        max_batch_tokens=settings.max_batch_tokens, output_length=output_length, memory=memory,
    )


def _target_tokens(backend, outputs: Sequence[str], lengths: Sequence[int] | None) -> int:
    if lengths is not None:
        return sum(lengths)
    return sum(backend.count_tokens(list(outputs)))


def run_engine(engine: str, sentences: Sequence[str], settings: Settings) -> EngineResult:
    from translate.engine.segment import document_from_paragraphs

    backend = _backend(engine, settings)
    source_lengths = backend.count_tokens(list(sentences))
    fixed = (lambda n: n) if settings.random_model else None
    lengths = source_lengths if settings.random_model else None
    per_sentence: list[float] = []
    if engine == "naive":
        # What most tutorials do: tokenizer → generate → decode, one sentence at a time.
        def translate_one(sentence: str, length: int) -> str:
            started = time.perf_counter()
            text = backend.translate_batch([sentence], beam=settings.beam, **({"output_lengths": [length]} if fixed else {}))[0].text
            per_sentence.append(time.perf_counter() - started)
            return text

        def translate_all() -> tuple[list[str], dict]:
            return [translate_one(s, n) for s, n in zip(sentences, source_lengths)], {}
    else:
        translator = _pipeline(backend, settings, fixed)

        def translate_all() -> tuple[list[str], dict]:
            started = time.perf_counter()
            document = document_from_paragraphs(list(sentences), "line", "bench")
            segmented = time.perf_counter() - started
            translator.stage_seconds.clear()
            translator.translate([document])
            return [p.target for p in document.paragraphs], {"segment": segmented, **translator.stage_seconds}

    warm = sentences[:2]  # first calls pay for lazy initialisation (check resources, thread pools)
    if engine == "naive":
        for s in warm:
            backend.translate_batch([s], beam=settings.beam, **({"output_lengths": [4]} if fixed else {}))
    else:
        translator.translate([document_from_paragraphs(list(warm), "line", "warm-up")])
    started = time.perf_counter()
    outputs, stages = translate_all()
    seconds = time.perf_counter() - started
    if engine != "naive":  # the naive engine timed each sentence already; a pipeline gets each as its own request
        per_sentence = _pipeline_sentence_seconds(translator, sentences)
    return EngineResult(
        engine, seconds, len(sentences), _target_tokens(backend, outputs, lengths), _peak_rss_mib(), stages,
        sentence_seconds=per_sentence,
    )


def _pipeline_sentence_seconds(translator, sentences: Sequence[str]) -> list[float]:
    from translate.engine.segment import document_from_paragraphs

    seconds = []
    for sentence in sentences:
        started = time.perf_counter()
        translator.translate([document_from_paragraphs([sentence], "line", "one sentence")])
        seconds.append(time.perf_counter() - started)
    return seconds


def wire_update(settings: Settings, sentences: Sequence[str], engine: str) -> dict:
    """A story, then its update with a third of its sentences new: the update's time relative to the first
    version's, with a translation memory (only the new sentences are translated) and without one."""
    import tempfile

    from translate.engine.segment import document_from_paragraphs
    from translate.memory import TranslationMemory

    backend = _backend(engine, settings)
    first = list(sentences[: len(sentences) * 2 // 3])
    update = first[: len(first) // 2] + list(sentences[len(first):]) + first[len(first) // 2:]
    report = {"engine": engine, "first_version_sentences": len(first), "update_sentences": len(update),
              "new_sentences": len(set(update) - set(first))}
    with tempfile.TemporaryDirectory() as folder, TranslationMemory(Path(folder) / "tm.sqlite") as memory:
        for label, tm in (("without_memory", None), ("with_memory", memory)):
            translator = _pipeline(backend, settings, (lambda n: n) if settings.random_model else None, memory=tm)
            timings = []
            for version in (first, update):
                started = time.perf_counter()
                translator.translate([document_from_paragraphs(version, "line", "story")])
                timings.append(time.perf_counter() - started)
            report[label] = {"first_s": round(timings[0], 3), "update_s": round(timings[1], 3),
                             "update_vs_first": round(timings[1] / timings[0], 2)}
    return report


def run_bench(settings: Settings) -> dict:
    sentences = bench_sentences(settings.sentences)
    results = [run_engine(engine, sentences, settings) for engine in settings.engines]
    naive = next((r for r in results if r.name == "naive"), None)
    for result in results:
        result.vs_naive = result.sentences_per_s / naive.sentences_per_s if naive else None
    pipeline_engines = [e for e in settings.engines if e != "naive"]
    update = wire_update(settings, sentences, pipeline_engines[-1]) if pipeline_engines else None
    return {"engines": [r.to_json() for r in results], "settings": settings.to_json(), "wire_update": update}


def to_text(report: dict) -> str:
    settings = report["settings"]
    lines = [
        f"newsmt bench: {settings['sentences']} sentences, beam {settings['beam']}, {settings['threads']} thread(s), "
        f"batches of at most {settings['max_batch_tokens']} tokens; model {settings['model']}"
        + (" (random weights, opus-mt-de-en's shape; outputs as long as their sources)" if settings["random_model"] else ""),
        "",
        "| engine | sentences/s | target tokens/s | vs naive | slowest sentence / median | peak RSS MiB "
        "| seconds by stage |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for engine in report["engines"]:
        stages = ", ".join(f"{k} {v:.2f}" for k, v in engine["stages_s"].items()) or "-"
        ratio = "-" if engine["vs_naive"] is None else f"{engine['vs_naive']:.1f}x"
        name = f"{engine['name']} (default)" if engine["default"] else engine["name"]
        lines.append(
            f"| {name} | {engine['sentences_per_s']:.2f} | {engine['tokens_per_s']:.0f} | {ratio} "
            f"| {_worst(engine['per_sentence'])} | {engine['peak_rss_mib']:.0f} | {stages} |"
        )
    update = report["wire_update"]
    if update:
        lines += ["", f"wire update ({update['engine']}): a story of {update['first_version_sentences']} sentences, "
                      f"then its update of {update['update_sentences']} ({update['new_sentences']} new):"]
        for label in ("without_memory", "with_memory"):
            run = update[label]
            lines.append(f"- {label.replace('_', ' ')}: first {run['first_s']:.2f} s, update {run['update_s']:.2f} s "
                         f"= {run['update_vs_first']:.2f}x the first version's time")
    lines += ["", "slowest sentence / median: each sentence translated on its own (line number of the slowest; "
                  "seconds); a runaway sentence shows up here.",
              "peak RSS is the process's peak after each engine (engines run one after another, in this order)."]
    return "\n".join(lines) + "\n"


def _worst(per_sentence: dict | None) -> str:
    if not per_sentence or per_sentence["slowest_vs_median"] is None:
        return "-"
    return (f"{per_sentence['slowest_vs_median']:.1f}x (line {per_sentence['slowest_sentence'] + 1}: "
            f"{per_sentence['max_s']:.2f} / {per_sentence['median_s']:.2f} s)")
