"""MarianMT through CTranslate2: the model converted once with CTranslate2's own converter (cached by revision),
tokenized with the model's own tokenizer, decoded by CTranslate2's C++ beam search (int8 on a CPU by default, as
LibreTranslate and Argos Translate run it).

CTranslate2's Python API has no logits processors, so glossary terms reach this backend through the model's
input (the pipeline's term injection), the guided re-decode (`target_prefix`, `return_attention`: realign.py) and
the pipeline's term check; `forced_terms` is always empty.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path

from translate.kernel.cache import cache_root
from translate.kernel.errors import InputError, ModelUnavailable

from .backend import BackendUnsupported, Batch, Translation, TranslationBackend
from .model_source import ModelSource, first_line, quiet_loading, resolve_model
from .pieces import source_pieces, target_pieces

COMPUTE_TYPES = ("default", "auto", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16",
                 "bfloat16", "float32")
_DEFAULT_COMPUTE = {"cpu": "int8", "cuda": "float16"}
_DEFAULT_BEAM, _DEFAULT_MAX_LENGTH = 4, 512  # opus-mt-de-en's generation settings


def default_threads() -> int:
    """All cores, unless OMP_NUM_THREADS says otherwise (as torch does)."""
    return int(os.environ.get("OMP_NUM_THREADS") or os.cpu_count() or 1)


def _is_converted(path: Path) -> bool:
    return (path / "model.bin").is_file()


def converted_model(source: ModelSource) -> Path:
    """The CTranslate2 model directory for `source`: the directory itself if it is one already, else a cached
    conversion keyed on the model's revision and the CTranslate2 version (converted once, atomically)."""
    import ctranslate2

    if _is_converted(source.path):
        return source.path
    key = hashlib.sha256(f"{source.revision}|ctranslate2-{ctranslate2.__version__}".encode()).hexdigest()[:16]
    target = cache_root() / "ct2" / key
    if _is_converted(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=target.parent))
    try:
        from ctranslate2.converters import TransformersConverter

        with quiet_loading():
            TransformersConverter(str(source.path)).convert(str(staging / "model"), force=True)
        os.replace(staging / "model", target)  # a reader sees no half-written conversion
    except OSError:
        if not _is_converted(target):  # another process may have won the race; that is fine
            raise
    except Exception as err:  # noqa: BLE001 - the converter raises whatever the model's files make it raise
        raise BackendUnsupported(
            f"model {source.model_id}: CTranslate2 cannot convert it: {first_line(err)}", model=source.model_id
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _generation_settings(path: Path) -> tuple[int, int]:
    """(beam, max length) from the model's generation_config.json, as transformers reads them."""
    try:
        config = json.loads((path / "generation_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _DEFAULT_BEAM, _DEFAULT_MAX_LENGTH
    return int(config.get("num_beams") or _DEFAULT_BEAM), int(config.get("max_length") or _DEFAULT_MAX_LENGTH)


class CTranslate2Backend(TranslationBackend):
    name = "ctranslate2"
    can_realign = True

    def __init__(self, model: str, device: str = "auto", compute_type: str = "default", threads: int | None = None):
        import ctranslate2
        from transformers import AutoTokenizer

        if compute_type not in COMPUTE_TYPES:
            raise InputError(f"unknown compute type {compute_type!r}; use one of: {', '.join(COMPUTE_TYPES)}")
        cuda = ctranslate2.get_cuda_device_count() > 0
        if device == "cuda" and not cuda:
            raise InputError("device 'cuda': no CUDA device is available here (use 'cpu' or 'auto')")
        self.device = "cuda" if device == "auto" and cuda else ("cpu" if device == "auto" else device)
        self.compute_type = _DEFAULT_COMPUTE[self.device] if compute_type == "default" else compute_type
        self.model_id = model
        source = resolve_model(model)
        self.revision = source.revision
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(source.path, local_files_only=True)
        except Exception as err:  # noqa: BLE001 - as for the transformers backend
            raise ModelUnavailable(f"model {model}: cannot load its tokenizer: {first_line(err)}", model=model) from None
        self.default_beam, max_length = _generation_settings(source.path)
        # transformers counts the decoder's start token and the forced end-of-sentence in max_length; CTranslate2
        # counts neither (measured: max_length - 2 gives the same outputs at float32).
        self._max_decoding_length = max_length - 2
        path = converted_model(source)
        # On a CPU the threads are workers of one thread each, sharing the weights: each takes a whole batch. On 2
        # cores this ran the pipeline's batches 1.8x faster than one worker of 2 threads, and one sentence at a time
        # 2x faster (README, Performance). A GPU takes one batch at a time.
        threads = threads or default_threads()
        self.workers = threads if self.device == "cpu" else 1
        try:
            self._translator = ctranslate2.Translator(
                str(path), device=self.device, compute_type=self.compute_type,
                inter_threads=self.workers, intra_threads=1 if self.device == "cpu" else threads,
            )
        except (RuntimeError, ValueError) as err:
            raise BackendUnsupported(f"model {model}: CTranslate2 cannot load {path}: {first_line(err)}", model=model) from None

    @property
    def signature(self) -> str:
        return f"{super().signature}|compute:{self.compute_type}"

    @property
    def max_input_tokens(self) -> int:
        return min(self._tokenizer.model_max_length, _DEFAULT_MAX_LENGTH)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(ids) for ids in self._tokenizer(list(texts), truncation=False, verbose=False)["input_ids"]]

    def _pieces(self, text: str) -> list[str]:
        return self._tokenizer.convert_ids_to_tokens(self._tokenizer(text, truncation=False, verbose=False)["input_ids"])

    @property
    def max_output_tokens(self) -> int:
        return self._max_decoding_length

    def _submit(self, sentences: Sequence[str], beam: int | None, output_lengths: Sequence[int] | None,
                limits: Sequence[int], asynchronous: bool, prefixes: Sequence[Sequence[str] | None] | None = None):
        # CTranslate2 takes one length for a whole batch: the batch's longest bound (see `_finish`).
        lengths = {"max_decoding_length": max(limits)}
        if output_lengths is not None:
            # Every sentence decodes the batch's longest, which is what a real model's batch costs anyway (it runs
            # until its longest sentence is done).
            lengths = {"min_decoding_length": max(output_lengths), "max_decoding_length": max(output_lengths)}
        if prefixes is not None and any(p is not None for p in prefixes):
            lengths["target_prefix"] = [list(p) if p is not None else None for p in prefixes]  # counted in the length
            # The prefix's last word (a term) stays whole: no piece that glues onto it may follow it.
            lengths["suppress_sequences"] = [[*_last_word(p), glue] for p in prefixes if p for glue in self._glued]
        return self._translator.translate_batch(
            [self._pieces(s) for s in sentences], beam_size=beam or self.default_beam, asynchronous=asynchronous, **lengths
        )

    @cached_property
    def _glued(self) -> list[str]:
        """The target pieces that continue the previous word (SentencePiece: no leading "▁")."""
        return [piece for piece in self._tokenizer.get_vocab() if piece[:1].isalnum()]

    def source_pieces(self, text: str) -> list[str]:
        return source_pieces(self._tokenizer, text)

    def target_pieces(self, text: str) -> list[str]:
        return target_pieces(self._tokenizer, text)

    def cross_attention(self, source: str, pieces: Sequence[str]) -> list[list[float]]:
        """The output forced as the whole target prefix, greedy, with `return_attention`: CTranslate2 gives the
        attention of each target piece over the source (averaged over heads by default)."""
        if not pieces:
            return []
        [result] = self._translator.translate_batch(
            [self._pieces(source)], target_prefix=[list(pieces)], beam_size=1, max_decoding_length=len(pieces),
            return_attention=True,
        )
        return [list(row) for row in result.attention[0][: len(pieces)]]

    def _limits(self, sentences: Sequence[str], max_lengths: Sequence[int] | None) -> list[int]:
        return [min(n, self._max_decoding_length) for n in max_lengths] if max_lengths else \
            [self._max_decoding_length] * len(sentences)

    def _translation(self, result) -> Translation:
        tokens = self._tokenizer.convert_tokens_to_ids(result.hypotheses[0])
        return Translation(self._tokenizer.decode(tokens, skip_special_tokens=True), pieces=tuple(result.hypotheses[0]))

    def _finish(self, sentences: Sequence[str], results, beam: int | None, limits: Sequence[int] | None, prefixes=None):
        """Translations of a batch decoded up to its longest bound; `limits` None for fixed output lengths. A sentence
        that went past its own bound (rare: the bound covers nearly every real translation) is decoded again alone,
        within it, as beam search with that bound would have ended it."""
        translations = []
        prefixes = prefixes or [None] * len(sentences)
        for sentence, result, limit, prefix in zip(sentences, results, limits or [None] * len(sentences), prefixes,
                                                   strict=True):
            if limit is not None and len(result.hypotheses[0]) > limit:
                result = self._submit([sentence], beam, None, [limit], asynchronous=False, prefixes=[prefix])[0]
            translation = self._translation(result)
            if limit is not None and len(result.hypotheses[0]) >= limit:
                translation = replace(translation, length_bounded=True)
            translations.append(translation)
        return translations

    def translate_batch(
        self, sentences, *, beam=None, target_terms=None, output_lengths=None, max_lengths=None, target_prefixes=None
    ) -> list[Translation]:
        if not sentences:
            return []
        limits = self._limits(sentences, max_lengths)
        results = self._submit(sentences, beam, output_lengths, limits, asynchronous=False, prefixes=target_prefixes)
        return self._finish(sentences, results, beam, None if output_lengths is not None else limits, target_prefixes)

    def translate_batches(self, batches: Iterable[Batch], *, beam: int | None = None) -> Iterator[list[Translation]]:
        """Batches submitted ahead, at most two per worker, so that no worker waits for the next; results in order."""
        in_flight: deque[tuple[Batch, list[int], list]] = deque()
        for batch in batches:
            limits = self._limits(batch.sentences, batch.max_lengths)
            submitted = self._submit(batch.sentences, beam, batch.output_lengths, limits, asynchronous=True,
                                     prefixes=batch.target_prefixes) if batch.sentences else []
            in_flight.append((batch, limits, submitted))
            if len(in_flight) >= 2 * self.workers:
                yield self._collect(*in_flight.popleft(), beam)
        while in_flight:
            yield self._collect(*in_flight.popleft(), beam)

    def _collect(self, batch: Batch, limits: list[int], submitted: list, beam: int | None) -> list[Translation]:
        results = [r.result() for r in submitted]
        return self._finish(batch.sentences, results, beam, None if batch.output_lengths is not None else limits,
                            batch.target_prefixes)


def _last_word(pieces: Sequence[str]) -> list[str]:
    start = max((i for i, piece in enumerate(pieces) if piece.startswith("▁")), default=0)
    return list(pieces[start:])
