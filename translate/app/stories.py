"""A user's story in any supported format, as a Document to translate and back: shared by `translate`, `batch`
and `serve`, so every front end reads, names and writes stories the same way."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from translate.kernel.document import Document
from translate.kernel.errors import InputError
from translate.kernel.formats import FORMATS, Story, block_translations, detect_format, read_story, render_story
from translate.kernel.report import document_json
from translate.kernel.textio import decode_text

MAX_INPUT_BYTES = 20 * 1024 * 1024  # a wire story is kilobytes; more is almost certainly a wrong file
OUTPUT_FORMATS = ("text", "json", "xliff")  # text: the story in its own format, in English


@dataclass
class StoryInput:
    name: str
    format: str  # one of FORMATS
    document: Document
    story: Story | None = None  # the parsed agency file, for every format but plain text
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""  # of the bytes read: an exported XLIFF names it, so `merge` can tell another version


def check_size(size: int, name: str) -> None:
    if size > MAX_INPUT_BYTES:
        raise InputError(f"{name}: larger than {MAX_INPUT_BYTES // 2**20} MiB; split it into several files")


def story_from_bytes(data: bytes, name: str, input_format: str | None = None, term_lists=None) -> StoryInput:
    """Parse a story (`input_format` forces one, else it is detected) into a Document ready to translate."""
    import hashlib

    from translate.engine.segment import build_document, document_from_paragraphs

    check_size(len(data), name)
    digest = hashlib.sha256(data).hexdigest()
    fmt = input_format or detect_format(name, data)
    if fmt == "text":
        text = decode_text(data, name)
        if not text.strip():
            raise InputError(f"{name}: is empty, nothing to translate")
        return StoryInput(name, fmt, build_document(text, name, term_lists=term_lists), sha256=digest)
    if term_lists is not None:
        raise InputError(f"{name}: term lists go with plain-text input, one list per paragraph (line)")
    story = read_story(data, name, fmt)
    return StoryInput(name, fmt, document_from_paragraphs(story.texts, "line", name), story, sha256=digest)


_SUFFIXES = {"text": ".txt", "ninjs": ".json", "html": ".html", "nitf": ".xml", "newsml": ".xml"}


def output_name(source: str | None, input_format: str = "text", output_format: str = "text") -> str:
    """story.v2.txt → story.v2.en.txt, bericht.de.html → bericht.en.html, JSON → .en.json, XLIFF → .en.xlf."""
    path = Path(source) if source else Path("stdin")
    stem = path.stem.removesuffix(".de")
    if output_format == "json":
        return stem + ".en.json"
    if output_format == "xliff":
        return stem + ".en.xlf"
    return stem + ".en" + (path.suffix if source and path.suffix and input_format != "text" else _SUFFIXES[input_format])


def render(item: StoryInput, output_format: str, translator, *, signature: str | None = None) -> bytes:
    """The translated story: in its own format (text), as newsmt's document JSON, or as XLIFF 2.1. `signature` names
    the translator where none is at hand (`merge` renders an edited XLIFF's targets with the model unloaded)."""
    import json

    if output_format == "json":
        payload = document_json(
            item.document, newsmt_version=version("newsmt"), model=translator.backend.model_id,
            signature=translator.signature,
            glossary=translator.term_matcher.signature if translator.term_matcher else None,
        )
        # A file name's undecodable bytes (surrogateescape) are written as escapes: the JSON stays UTF-8.
        return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8", "backslashreplace")
    if output_format == "xliff":
        from translate.kernel.formats import write_xliff
        from translate.kernel.formats.xliff_provenance import add_provenance

        return add_provenance(write_xliff([item.document]), source_sha256=item.sha256, translator=translator.signature)
    if item.story is None:
        return item.document.to_text().encode("utf-8")
    signature = translator.signature if translator is not None else signature
    generator = f"{version('newsmt')} | {signature}" if signature else version("newsmt")  # newsmt's, the model's
    rendered = render_story(item.story, block_translations(item.document), generator_version=generator)
    item.warnings.extend(rendered.warnings)
    return rendered.data


__all__ = ["FORMATS", "MAX_INPUT_BYTES", "OUTPUT_FORMATS", "StoryInput", "output_name", "render", "story_from_bytes"]
