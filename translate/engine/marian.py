"""MarianMT through Hugging Face transformers: loading, device choice, tokenizer → generate → decode."""
from __future__ import annotations

import hashlib
import os
import re
import socket
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from urllib.parse import urlparse

from .backend import TranslationBackend
from translate.kernel.errors import InputError, ModelUnavailable
from transformers import LogitsProcessorList

from .term_forcing import ForcedTerm, TermForcingProcessor

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
_HUB_PROBE_TIMEOUT_S = 5


def default_model() -> str:
    return os.environ.get("NEWSMT_MODEL") or DEFAULT_MODEL


def pick_device(requested: str) -> str:
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise InputError("--device cuda: no CUDA device is available here (use --device cpu or auto)")
    return requested


def _how_to_supply(model: str) -> str:
    return (
        f"To translate offline, download the model once on a machine with network "
        f"(`hf download {model}` or `git clone https://huggingface.co/{model}`) and pass its "
        f"directory with `--model /path/to/opus-mt-de-en` (or set NEWSMT_MODEL); "
        f"a model already in the Hugging Face cache (HF_HOME) is used with HF_HUB_OFFLINE=1."
    )


def _hub_reachable() -> bool:
    """One quick connection attempt, so that an offline machine fails in seconds, not after minutes of retries."""
    from huggingface_hub import constants

    endpoint = urlparse(constants.ENDPOINT)
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    try:
        with socket.create_connection((endpoint.hostname, port), timeout=_HUB_PROBE_TIMEOUT_S):
            return True
    except OSError:
        return False


def _load_pretrained(source: str, *, local_files_only: bool):
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # our own progress bar is the one the user sees
    tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local_files_only)
    model = AutoModelForSeq2SeqLM.from_pretrained(source, local_files_only=local_files_only)
    return tokenizer, model


def _first_line(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0]


def load_pretrained(model: str):
    """(tokenizer, model) from a local directory or a hub id; ModelUnavailable with a way out otherwise."""
    path = Path(model).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelUnavailable(f"--model {model}: not a model directory (no config.json in it). {_how_to_supply(DEFAULT_MODEL)}")
        try:
            return _load_pretrained(str(path), local_files_only=True)
        except Exception as err:  # noqa: BLE001 - safetensors, JSON and config errors have no common base
            raise ModelUnavailable(f"--model {model}: cannot load the model in this directory: {_first_line(err)}") from None
    if not _HUB_ID.match(model):
        raise ModelUnavailable(f"--model {model}: no such directory, and not a Hugging Face model id. {_how_to_supply(DEFAULT_MODEL)}")
    try:
        return _load_pretrained(model, local_files_only=True)
    except (OSError, ValueError):
        pass  # not in the local cache: try the hub below
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}
    if offline or not _hub_reachable():
        why = "HF_HUB_OFFLINE is set" if offline else "the Hugging Face hub cannot be reached (no network?)"
        raise ModelUnavailable(
            f"cannot load model {model}: it is not in the local Hugging Face cache and {why}. {_how_to_supply(model)}"
        )
    try:
        return _load_pretrained(model, local_files_only=False)
    except (OSError, ValueError) as err:
        raise ModelUnavailable(f"cannot load model {model} from the hub: {_first_line(err)}. {_how_to_supply(model)}") from None


class MarianBackend(TranslationBackend):
    def __init__(self, model: str, device: str = "auto"):
        import torch

        self.model_id = model
        self.device = pick_device(device)
        self._tokenizer, self._model = load_pretrained(model)
        self._model.to(self.device).eval()
        self._torch = torch

    @cached_property
    def revision(self) -> str:
        commit = getattr(self._model.config, "_commit_hash", None)
        if commit:
            return commit[:12]
        digest = hashlib.sha256()
        for name in sorted(p.name for p in Path(self.model_id).expanduser().iterdir()):
            if name.endswith((".json", ".spm", ".safetensors", ".bin")):
                digest.update((Path(self.model_id).expanduser() / name).read_bytes())
        return "sha256:" + digest.hexdigest()[:12]

    @property
    def max_input_tokens(self) -> int:
        return min(self._tokenizer.model_max_length, self._model.config.max_position_embeddings)

    @property
    def default_beam(self) -> int:
        return self._model.generation_config.num_beams or 1

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(ids) for ids in self._tokenizer(list(texts), truncation=False)["input_ids"]]

    def translate_batch(self, sentences, *, beam=None, target_terms=None) -> list[str]:
        if not sentences:
            return []
        inputs = self._tokenizer(list(sentences), return_tensors="pt", padding=True, truncation=False)
        inputs = {k: v.to(self.device) for k, v in inputs.items()}
        # The model's own generation config (beam 4, max length 512, pad blocked) applies; only the
        # beam size may be overridden.
        options = {"num_beams": beam} if beam else {}
        if target_terms and any(target_terms):
            options["logits_processor"] = LogitsProcessorList([self._term_processor(target_terms, beam)])
        with self._torch.inference_mode():
            output_ids = self._model.generate(**inputs, **options)
        return self._tokenizer.batch_decode(output_ids, skip_special_tokens=True)

    def _forced_term(self, text: str) -> ForcedTerm | None:
        ids = self._tokenizer(text_target=text, add_special_tokens=False)["input_ids"]
        if not ids or self._tokenizer.unk_token_id in ids:
            return None  # not spellable with this vocabulary: left to the pipeline's repair
        return ForcedTerm(text, tuple(ids))

    def _term_processor(self, target_terms, beam: int | None) -> TermForcingProcessor:
        forced = [[f for f in map(self._forced_term, dict.fromkeys(terms)) if f] for terms in target_terms]
        config = self._model.generation_config
        return TermForcingProcessor(
            forced,
            pieces_of=self._tokenizer.convert_ids_to_tokens,
            eos_token_id=config.eos_token_id if isinstance(config.eos_token_id, int) else config.eos_token_id[0],
            max_length=config.max_length,
            num_beams=beam or self.default_beam,
        )
