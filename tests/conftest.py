import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tiny_model import build_tiny_model

DATA = Path(__file__).parent / "data"

# The tests never reach the network: hub look-ups must fail fast and the same way everywhere.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Nor does a model in the developer's own Hugging Face cache change what a test sees: a test that expects
# "the model is not available" must get that answer on every machine.
_HF_HOME = tempfile.mkdtemp(prefix="newsmt-tests-hf-home-")
os.environ["HF_HOME"] = _HF_HOME
atexit.register(shutil.rmtree, _HF_HOME, ignore_errors=True)
# Converted CTranslate2 models and other caches go to a folder of the test run's own.
_CACHE = tempfile.mkdtemp(prefix="newsmt-tests-cache-")
os.environ["NEWSMT_CACHE"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
os.environ.pop("HF_HUB_CACHE", None)
os.environ.pop("NEWSMT_MODEL", None)
# One torch thread, here and in the CLI subprocesses: the tiny model gains nothing from two, and on two
# cores shared with another process two threads ran 60 times slower than one (they wait for each other).
os.environ.setdefault("OMP_NUM_THREADS", "1")


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    """A random-weight MarianMT model saved with save_pretrained, loaded like the real one."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny-opus-mt-de-en"))


@pytest.fixture(scope="session")
def tiny512_model_dir(tmp_path_factory) -> Path:
    """The tiny random model with opus-mt's own limit of 512 tokens: it never ends a sentence, so only the length
    bound stops it before 510 tokens (as a real model's repetition loop)."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny512-opus-mt-de-en"), max_length=512)


@pytest.fixture(scope="session")
def translator(tiny_model_dir):
    from pipelines import translator_for

    return translator_for(tiny_model_dir)


@pytest.fixture(scope="session")
def newstest2019_de() -> list[str]:
    return (DATA / "testsets" / "newstest2019.de-en.de").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def copy_model_dir(request) -> Path:
    """A small MarianMT trained to copy its input (about two minutes, benchmarks/copy_model.py): a model whose right
    output is known, so tests can see where a glossary term lands. Kept in pytest's cache folder between runs, under
    a key made of everything its weights come from, so a later run trains it only when that changed."""
    from copy_model import build_copy_model, cache_dir

    return build_copy_model("test", cache_dir("test", request.config.cache.mkdir("copy-model")), log=lambda line: None)
