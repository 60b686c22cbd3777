"""newsmt's translation packages: `translate.kernel` (document types, errors, text I/O), `translate.engine`
(pipeline, backends, decoding) and `translate.app` (command line). The public names are importable from here;
each is imported on first use, so `import translate` costs nothing (no torch, no transformers).

    from translate import Translator, load_backend
    translator = Translator(load_backend("Helsinki-NLP/opus-mt-de-en"))
"""
from __future__ import annotations

from importlib import import_module

_PUBLIC = {
    "Document": "translate.kernel.document",
    "Paragraph": "translate.kernel.document",
    "Segment": "translate.kernel.document",
    "TermMatch": "translate.kernel.document",
    "Flag": "translate.kernel.document",
    "NewsmtError": "translate.kernel.errors",
    "InputError": "translate.kernel.errors",
    "ModelUnavailable": "translate.kernel.errors",
    "GlossaryCounts": "translate.kernel.report",
    "Batch": "translate.engine.backend",
    "Translation": "translate.engine.backend",
    "TranslationBackend": "translate.engine.backend",
    "load_backend": "translate.engine.backend",
    "Translator": "translate.engine.pipeline",
    "build_document": "translate.engine.segment",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'translate' has no attribute {name!r}")
