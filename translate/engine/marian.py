"""MarianMT through Hugging Face transformers: loading, device choice, tokenizer → generate → decode."""
from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from translate.kernel.errors import InputError, ModelUnavailable

from .backend import Translation, TranslationBackend
from .model_source import first_line, quiet_loading, resolve_model
from .pieces import source_pieces, target_pieces


def pick_device(requested: str) -> str:
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise InputError("device 'cuda': no CUDA device is available here (use 'cpu' or 'auto')")
    return requested


def load_pretrained(model: str):
    """(tokenizer, model, source) from a local directory or a hub id; ModelUnavailable otherwise."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    source = resolve_model(model)
    try:
        with quiet_loading():
            tokenizer = AutoTokenizer.from_pretrained(source.path, local_files_only=True)
            network = AutoModelForSeq2SeqLM.from_pretrained(source.path, local_files_only=True)
    except Exception as err:  # noqa: BLE001 - safetensors, JSON and config errors have no common base
        raise ModelUnavailable(f"model {model}: cannot load the model in {source.path}: {first_line(err)}", model=model) from None
    return tokenizer, network, source


class MarianBackend(TranslationBackend):
    name = "transformers"
    can_realign = True

    def __init__(self, model: str, device: str = "auto", threads: int | None = None):
        import torch

        if threads:
            torch.set_num_threads(threads)
        self.model_id = model
        self.device = pick_device(device)
        self._tokenizer, self._model, source = load_pretrained(model)
        self.revision = source.revision
        self._model.to(self.device).eval()
        self._torch = torch

    @property
    def max_input_tokens(self) -> int:
        return min(self._tokenizer.model_max_length, self._model.config.max_position_embeddings)

    @property
    def default_beam(self) -> int:
        return self._model.generation_config.num_beams or 1

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        # newsmt counts tokens to split long sentences itself: the "longer than the maximum" warning
        # the tokenizer prints for such a count would be wrong.
        return [len(ids) for ids in self._tokenizer(list(texts), truncation=False, verbose=False)["input_ids"]]

    @property
    def max_output_tokens(self) -> int:
        return self._model.generation_config.max_length - 2  # max_length counts the start token and </s>

    def translate_batch(
        self, sentences, *, beam=None, target_terms=None, output_lengths=None, max_lengths=None, target_prefixes=None
    ) -> list[Translation]:
        if not sentences:
            return []
        if target_prefixes is None or all(p is None for p in target_prefixes):
            return self._generate(sentences, beam, target_terms, output_lengths, max_lengths, None)
        # Decoder inputs of different lengths cannot share a batch: one sentence at a time (a re-decode is rare).
        pick = lambda values, i: None if values is None else [values[i]]  # noqa: E731
        return [
            self._generate([sentence], beam, pick(target_terms, i), pick(output_lengths, i), pick(max_lengths, i),
                           target_prefixes[i])[0]
            for i, sentence in enumerate(sentences)
        ]

    def _generate(self, sentences, beam, target_terms, output_lengths, max_lengths, prefix) -> list[Translation]:
        from transformers import LogitsProcessorList

        from .fixed_length import BoundedLengths, FixedLengths

        inputs = self._tokenizer(list(sentences), return_tensors="pt", padding=True, truncation=False, verbose=False)
        inputs = {k: v.to(self.device) for k, v in inputs.items()}
        if prefix is not None:
            start = self._model.generation_config.decoder_start_token_id
            ids = [start, *self._tokenizer.convert_tokens_to_ids(list(prefix))]
            inputs["decoder_input_ids"] = self._torch.tensor([ids] * len(sentences), device=self.device)
        # The model's own generation config (beam 4, pad blocked) applies; only the beam size may be overridden,
        # and each sentence's output is bounded by its own length (end-of-sentence forced there).
        options = {"num_beams": beam} if beam else {}
        fixed = output_lengths is not None
        limits = [min(n, self.max_output_tokens) for n in (output_lengths if fixed else max_lengths or [])]
        limits = limits or [self.max_output_tokens] * len(sentences)
        options["max_length"] = max(limits) + 2  # the start token, the tokens, end-of-sentence
        processors, processor = [], None
        if target_terms and any(target_terms):
            processor = self._term_processor(target_terms, beam, limits)
            processors.append(processor)
        # Last, so that its end-of-sentence wins over a term's next token at the bound.
        processors.append((FixedLengths if fixed else BoundedLengths)(limits, eos_token_id=self._eos_token_id))
        options["logits_processor"] = LogitsProcessorList(processors)
        with self._torch.inference_mode():
            output_ids = self._model.generate(**inputs, **options)
        texts = self._tokenizer.batch_decode(output_ids, skip_special_tokens=True)
        rows = output_ids.tolist()
        translations = []
        for index, text in enumerate(texts):
            written = self._written(rows[index])
            translations.append(Translation(
                text, processor.forced_terms(index, rows[index]) if processor else frozenset(),
                length_bounded=not fixed and written >= limits[index],
                pieces=tuple(self._tokenizer.convert_ids_to_tokens(rows[index][1 : 1 + written])),
            ))
        return translations

    def source_pieces(self, text: str) -> list[str]:
        return source_pieces(self._tokenizer, text)

    def target_pieces(self, text: str) -> list[str]:
        return target_pieces(self._tokenizer, text)

    def cross_attention(self, source: str, pieces) -> list[list[float]]:
        """One forward pass with the output as the decoder's input (eager attention: sdpa returns no weights)."""
        inputs = self._tokenizer([source], return_tensors="pt", truncation=False, verbose=False).to(self.device)
        start = self._model.generation_config.decoder_start_token_id
        decoder = self._torch.tensor([[start, *self._tokenizer.convert_tokens_to_ids(list(pieces))]], device=self.device)
        implementation = self._model.config._attn_implementation
        self._model.set_attn_implementation("eager")
        try:
            with self._torch.inference_mode():
                output = self._model(**inputs, decoder_input_ids=decoder, output_attentions=True)
        finally:
            self._model.set_attn_implementation(implementation)
        # Row j is the attention while the decoder predicted piece j (its input then ended with piece j - 1).
        return output.cross_attentions[-1][0].mean(dim=0)[: len(pieces)].tolist()

    def _written(self, row: list[int]) -> int:
        """Tokens the decoder wrote in one output row: after the start token, up to </s> or padding."""
        stop = {self._eos_token_id, self._model.generation_config.pad_token_id}
        return next((i for i, token in enumerate(row[1:]) if token in stop), len(row) - 1)

    @property
    def _eos_token_id(self) -> int:
        eos = self._model.generation_config.eos_token_id
        return eos if isinstance(eos, int) else eos[0]

    @cached_property
    def _word_continuations(self):
        """A mask of the target pieces that continue the previous word (SentencePiece: no leading "▁")."""
        pieces = self._tokenizer.convert_ids_to_tokens(list(range(self._model.config.vocab_size)))
        glued = [bool(piece) and not piece.startswith("▁") and piece[0].isalnum() for piece in pieces]
        return self._torch.tensor(glued, dtype=self._torch.bool, device=self.device)

    def _term_processor(self, target_terms, beam: int | None, limits: list[int]):
        from .term_forcing import ForcedTerm, TermForcingProcessor

        def forced_term(text: str) -> ForcedTerm | None:
            ids = self._tokenizer(text_target=text, add_special_tokens=False)["input_ids"]
            if not ids or self._tokenizer.unk_token_id in ids:
                return None  # not spellable with this vocabulary: left to the pipeline's repair
            pieces = self._tokenizer.convert_ids_to_tokens(ids)
            with_content = next((k for k in range(1, len(ids) + 1) if any(c.isalnum() for c in "".join(pieces[:k]))), 1)
            return ForcedTerm(text, tuple(ids), started_after=with_content)

        forced = [[f for f in map(forced_term, dict.fromkeys(terms)) if f] for terms in target_terms]
        return TermForcingProcessor(
            forced,
            pieces_of=self._tokenizer.convert_ids_to_tokens,
            eos_token_id=self._eos_token_id,
            max_lengths=[limit + 2 for limit in limits],
            num_beams=beam or self.default_beam,
            word_continuations=self._word_continuations,
        )
