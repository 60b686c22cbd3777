"""Where newsmt keeps what it can make again but would rather not: converted models, part-of-speech tags.

`NEWSMT_CACHE` names the folder (tests and CI jobs point it at their own); by default `~/.cache/newsmt`.
"""
from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    return Path(os.environ.get("NEWSMT_CACHE") or Path.home() / ".cache" / "newsmt")
