"""What an exported XLIFF was made from, in the XLIFF 2 Metadata module (mda:) of each <file>:

    <mda:metadata><mda:metaGroup category="newsmt">
      <mda:meta type="source-sha256">…</mda:meta><mda:meta type="translator">…</mda:meta>
    </mda:metaGroup></mda:metadata>

`newsmt merge` refuses an edited XLIFF whose source-sha256 is not the story's (another version of it)."""

from __future__ import annotations

from dataclasses import dataclass

from .xliff import XLIFF_NS

METADATA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
_M = "{%s}" % METADATA_NS
_X = "{%s}" % XLIFF_NS
CATEGORY = "newsmt"
SOURCE_SHA256 = "source-sha256"
TRANSLATOR = "translator"


@dataclass(frozen=True)
class Provenance:
    source_sha256: str | None
    translator: str | None  # the Translator.signature that made the machine output


def add_provenance(xliff: bytes, *, source_sha256: str, translator: str) -> bytes:
    """The XLIFF written by write_xliff() with the provenance block at the start of every <file>."""
    from lxml import etree

    root = etree.fromstring(xliff, etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False))
    for file_element in root.iter(_X + "file"):
        indent = file_element.text or "\n    "
        metadata = etree.Element(_M + "metadata", nsmap={"mda": METADATA_NS})
        group = etree.SubElement(metadata, _M + "metaGroup", category=CATEGORY)
        for kind, value in ((SOURCE_SHA256, source_sha256), (TRANSLATOR, translator)):
            etree.SubElement(group, _M + "meta", type=kind).text = value
        # Core XLIFF 2: <skeleton>?, then module elements, then <notes>?, then units: so first (no skeleton here).
        file_element.insert(0, metadata)
        metadata.tail = indent
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def read_provenance(file_element) -> Provenance:
    """The provenance of one parsed <file> element (None where it is not there)."""
    values: dict[str, str] = {}
    for group in file_element.iterchildren(_M + "metadata"):
        for meta_group in group.iter(_M + "metaGroup"):
            if meta_group.get("category") != CATEGORY:
                continue
            for meta in meta_group.iterchildren(_M + "meta"):
                values.setdefault(meta.get("type", ""), (meta.text or "").strip())
    return Provenance(values.get(SOURCE_SHA256), values.get(TRANSLATOR))
