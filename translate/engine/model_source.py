"""Where a model's files are: a local directory, or a Hugging Face hub id resolved to a directory in the
local cache (downloaded first where the hub can be reached). Shared by every backend, so that all of them
accept the same `model` and fail the same way (ModelUnavailable, exit 3) when it cannot be had."""
from __future__ import annotations

import hashlib
import os
import re
import socket
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from translate.kernel.errors import ModelUnavailable

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
_HUB_PROBE_TIMEOUT_S = 5
_WEIGHT_SUFFIXES = (".json", ".spm", ".safetensors", ".bin", ".model")


@dataclass(frozen=True)
class ModelSource:
    model_id: str  # what the caller asked for
    path: Path  # a directory with config.json (or a converted CTranslate2 model.bin)
    revision: str  # a hub commit, or a content digest of a local directory


@contextmanager
def quiet_loading():
    """No "Loading weights" / "Writing model shards" bars while newsmt loads or converts a model, and the
    caller's setting back afterwards."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def first_line(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0]


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


def directory_digest(path: Path) -> str:
    """A content hash of the files that decide the output, so two copies of one model share a signature."""
    digest = hashlib.sha256()
    for name in sorted(p.name for p in path.iterdir() if p.is_file()):
        if name.endswith(_WEIGHT_SUFFIXES):
            digest.update(name.encode())
            digest.update((path / name).read_bytes())
    return "sha256:" + digest.hexdigest()[:12]


def _is_model_directory(path: Path) -> bool:
    return (path / "config.json").is_file() or (path / "model.bin").is_file()


def is_local_model(model: str) -> bool:
    """Whether `model` names a local directory rather than a hub id: it exists here, or cannot be a hub id."""
    return Path(model).expanduser().exists() or not _HUB_ID.match(model)


def resolve_model(model: str) -> ModelSource:
    """The local directory of `model`; ModelUnavailable (with the model named) when there is none."""
    path = Path(model).expanduser()
    if path.is_dir():
        if not _is_model_directory(path):
            raise ModelUnavailable(f"model {model}: not a model directory (no config.json in it)", model=model)
        return ModelSource(model, path, directory_digest(path))
    if path.exists():
        raise ModelUnavailable(f"model {model}: is a file, not a model directory", model=model)
    if not _HUB_ID.match(model):
        raise ModelUnavailable(f"model {model}: no such directory, and not a Hugging Face model id", model=model)
    from huggingface_hub import snapshot_download

    try:
        return _from_snapshot(model, snapshot_download(model, local_files_only=True))
    except (OSError, ValueError):
        pass  # not in the local cache: try the hub below
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}
    if offline or not _hub_reachable():
        why = "HF_HUB_OFFLINE is set" if offline else "the Hugging Face hub cannot be reached (no network?)"
        raise ModelUnavailable(
            f"cannot load model {model}: it is not in the local Hugging Face cache and {why}", model=model
        )
    try:
        return _from_snapshot(model, snapshot_download(model))
    except (OSError, ValueError) as err:
        raise ModelUnavailable(f"cannot load model {model} from the hub: {first_line(err)}", model=model) from None


def _from_snapshot(model: str, snapshot: str) -> ModelSource:
    path = Path(snapshot)
    # The hub cache lays snapshots out as .../snapshots/<commit hash>/.
    return ModelSource(model, path, path.name[:12])
