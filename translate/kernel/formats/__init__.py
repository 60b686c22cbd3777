"""Story formats (issue 12): agency files in, a list of plain-text paragraphs for the engine, agency files out.

    story = read_story(data, "story.json")               # ninjs, HTML, NITF or NewsML-G2
    document = translator.translate_lines(story.texts, name=story.name)   # one paragraph per block
    rendered = render_story(story, block_translations(document))
    rendered.data, rendered.warnings                       # bytes in the input's format; one line per warning

write_xliff() exports translated documents for post-editing; parse_xml_text() reads any XML text (DeepL's
tag_handling=xml), outside the story formats. lxml is imported only when a file is parsed.
"""

from .codec import read_story, render_story
from .detect import FORMATS, detect_format
from .story import Block, BlockTranslation, RenderedStory, Story, block_translations
from .xliff import XLIFF_NS, write_xliff
from .xmltext import XmlText, parse_xml_text

__all__ = [
    "FORMATS",
    "XLIFF_NS",
    "XmlText",
    "Block",
    "BlockTranslation",
    "RenderedStory",
    "Story",
    "block_translations",
    "detect_format",
    "parse_xml_text",
    "read_story",
    "render_story",
    "write_xliff",
]
