"""read_story / render_story: the one entry point for every story format."""

from __future__ import annotations

from typing import Callable, Sequence

from translate.kernel.errors import InputError

from .detect import FORMATS, detect_format
from .provenance import provenance_of
from .story import BlockTranslation, ParsedStory, RenderedStory, Story


def _parser(format: str) -> Callable[[bytes, str], ParsedStory]:
    # Imported on use: the format modules are cheap, but lxml behind them is not.
    if format == "ninjs":
        from .ninjs import parse
    elif format == "html":
        from .html import parse
    elif format == "nitf":
        from .nitf import parse_nitf as parse
    elif format == "newsml":
        from .nitf import parse_newsml as parse
    elif format == "text":
        raise ValueError("plain text is read by translate.kernel.textio / segment.split_paragraphs, not as a Story")
    else:
        raise InputError(f"unknown input format {format!r}; choose one of: {', '.join(FORMATS)}")
    return parse


def read_story(data: bytes, name: str, format: str | None = None) -> Story:
    """Parse an agency file; `format` forces one (--input-format), else it is detected."""
    format = format or detect_format(name, data)
    parsed = _parser(format)(data, name)
    return Story(format, name, parsed.blocks, data)


def render_story(
    story: Story, translations: Sequence[BlockTranslation], generator_version: str | None = None
) -> RenderedStory:
    """The story in English: one translation per block, in order. Inline markup that cannot be placed
    is reported in `warnings`; its text is never lost. Formats with a place for it say how the English was
    made (provenance.py), with `generator_version` (newsmt's version and the model signature) where they can."""
    if len(translations) != len(story.blocks):
        raise ValueError(f"{story.name}: {len(translations)} translations for {len(story.blocks)} blocks")
    parsed = _parser(story.format)(story.source, story.name)
    if parsed.blocks != story.blocks:
        raise ValueError(f"{story.name}: the story's blocks no longer match its source")
    warnings: list[str] = []
    data = parsed.render(list(translations), warnings, provenance_of(translations, generator_version))
    return RenderedStory(data, warnings)
