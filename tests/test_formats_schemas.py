"""Translated stories against the official schemas (copies in tests/data/standards/, see its README):
every IPTC example that is valid before translation is valid after it, and so is every file in
tests/data/formats/. One tiny-model translator and each schema compiled once, for the whole file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from translate.kernel.document import Segment
from translate.kernel.errors import InputError
from translate.kernel.formats import BlockTranslation, block_translations, read_story, render_story, write_xliff

from standards import NEWSML_EXAMPLES, NINJS_EXAMPLES, g2_schema, ninjs_errors, xliff_schema, xml_errors

FORMATS = Path(__file__).parent / "data" / "formats"
# IPTC's examples are given per ninjs version folder; NewsML-G2 and NITF against NewsML-G2 2.35 + NITF 3.6.
NINJS_CASES = [(p, p.relative_to(NINJS_EXAMPLES).parts[0]) for p in sorted(NINJS_EXAMPLES.glob("[0-9]*/**/*.json"))]
G2_CASES = [(p, "g2") for p in sorted(NEWSML_EXAMPLES.glob("*.xml"))]
OWN_CASES = [(FORMATS / "ukraine-ninjs2.json", "2.1"), (FORMATS / "nato-ninjs1.json", "1.4"),
             (FORMATS / "nato-nitf.xml", "g2"), (FORMATS / "ukraine-newsml.xml", "g2")]
CASES = NINJS_CASES + G2_CASES + OWN_CASES


def errors(data: bytes, version: str) -> list[str]:
    if version == "g2":
        return xml_errors(data, g2_schema())
    document = json.loads(data)
    return ninjs_errors(document, version) if isinstance(document, dict) else ["not a JSON object"]


def translated(translator, data: bytes, name: str) -> bytes:
    story = read_story(data, name)
    return render_story(story, block_translations(translator.translate_lines(story.texts, name=name))).data


@pytest.mark.slow
@pytest.mark.parametrize("path, version", CASES, ids=[f"{p.parent.name}/{p.name}" for p, _ in CASES])
def test_valid_before_stays_valid_after(translator, path, version):
    data = path.read_bytes()
    before = errors(data, version)
    if before:
        pytest.skip(f"invalid before translation: {before[0]}")
    try:
        out = translated(translator, data, path.name)
    except InputError as err:
        # Only items that hold no story are refused (concept, planning, package items; items without text).
        assert "\n" not in str(err)
        assert "not NITF or NewsML-G2" in str(err) or "no contentMeta headline" in str(err), err
        assert not path.is_relative_to(FORMATS)
        return
    assert errors(out, version) == []


def test_every_own_format_file_is_checked():
    assert {p for p, _ in OWN_CASES} == {p for p in FORMATS.iterdir() if p.suffix in (".json", ".xml")}


def test_xliff_of_a_translated_story_is_valid_xliff_2_1(translator):
    story = read_story((FORMATS / "ukraine-newsml.xml").read_bytes(), "ukraine-newsml.xml")
    document = translator.translate_lines(story.texts, name=story.name)
    root = etree.fromstring(write_xliff([document]))
    assert xliff_schema().validate(root), xliff_schema().error_log


def _g2(path: Path, translator):
    data = path.read_bytes()
    return etree.fromstring(data), etree.fromstring(translated(translator, data, path.name))


def test_inline_xml_that_is_not_text_passes_through_untouched(translator):
    before, after = _g2(NEWSML_EXAMPLES / "LISTING_16_A_Set_of_Events_carried_in_a_News_Item.xml", translator)
    events = [etree.tostring(root.find(".//{*}inlineXML")) for root in (before, after)]
    assert events[0] == events[1]


def test_only_translated_elements_are_relabelled_english(translator):
    before, after = _g2(NEWSML_EXAMPLES / "LISTING_1_A_NewsML-G2_News_Item.xml", translator)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    names = [element.get(lang) for element in after.iter("{*}name") if element.text == "Arbeitsmarkt"]
    assert names == ["de"]


def test_a_whole_html_document_body_keeps_its_document(translator):
    path = NINJS_EXAMPLES / "2.1" / "tt_text_image_2.json"
    out = json.loads(translated(translator, path.read_bytes(), path.name))
    html = [body["value"] for body in out["bodies"] if body["contenttype"] == "text/html"]
    assert html and all(value.startswith("<html><head><title>") and "<body>" in value for value in html)


NITF_BODY = (
    "<nitf><head><title>Nato tagt</title><docdata><doc-id id-string='dpa-1'/></docdata></head>"
    "<body><body.content><p>Die Nato tagt in Brüssel.</p><p>Es geht um Munition &amp; Geld.</p>"
    "</body.content></body></nitf>"
)


@pytest.mark.parametrize("version, key", [("2.1", "contenttype"), ("3.0", "contentType")])
def test_an_xml_body_is_translated_as_xml(translator, version, key):
    story = {"uri": "urn:x", "type": "text", "language": "de",
             "bodies": [{key: "application/xml", "role": "main", "value": NITF_BODY}]}
    data = json.dumps(story).encode()
    assert [block.text for block in read_story(data, "s.json").blocks] == [
        "Nato tagt", "Die Nato tagt in Brüssel.", "Es geht um Munition & Geld."]
    out = json.loads(translated(translator, data, "s.json"))
    assert ninjs_errors(out, version) == []
    body = etree.fromstring(out["bodies"][0]["value"])
    assert body.tag == "nitf" and body.find("head/docdata/doc-id").get("id-string") == "dpa-1"
    paragraphs = body.findall("body/body.content/p")
    assert len(paragraphs) == 2 and all(p.text and "Nato tagt" not in p.text for p in paragraphs)


def test_a_malformed_xml_body_is_kept_as_it_came_with_a_warning(translator):
    path = NINJS_EXAMPLES / "2.1" / "tt_text_image_2.json"  # TT's TTNITF body is not well-formed XML
    story = read_story(path.read_bytes(), path.name)
    rendered = render_story(story, block_translations(translator.translate_lines(story.texts)))
    xml = [i for i, body in enumerate(json.loads(path.read_bytes())["bodies"])
           if body["contenttype"] == "application/xml"]
    assert xml == [2]
    assert json.loads(rendered.data)["bodies"][2] == json.loads(path.read_bytes())["bodies"][2]
    assert any("bodies[2]: line 1, column" in w and "left untranslated" in w for w in rendered.warnings)


MACHINE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
HUMAN_EDITED = "http://cv.iptc.org/newscodes/digitalsourcetype/humanEdits"


def test_newsml_g2_2_33_says_machine_translated_by_newsmt_and_the_model(translator):
    path = FORMATS / "ukraine-newsml.xml"  # standardversion 2.33
    story = read_story(path.read_bytes(), path.name)
    document = translator.translate_lines(story.texts, name=path.name)
    out = render_story(story, block_translations(document), generator_version=f"0.1 | {translator.signature}").data
    assert xml_errors(out, g2_schema()) == []
    root = etree.fromstring(out)
    (source_type,) = root.findall("{*}contentMeta/{*}digitalSourceType")
    assert source_type.get("uri") == MACHINE
    generators = root.findall("{*}itemMeta/{*}generator")
    assert [(g.text, g.get("versioninfo")) for g in generators][-1] == ("newsmt", f"0.1 | {translator.signature}")


def test_a_story_every_sentence_of_which_an_editor_approved_is_human_edited():
    path = FORMATS / "ukraine-newsml.xml"
    story = read_story(path.read_bytes(), path.name)
    approved = [BlockTranslation(b.text, (Segment(b.text, b.text, memory="approved"),)) for b in story.blocks]
    out = render_story(story, approved).data
    assert etree.fromstring(out).find("{*}contentMeta/{*}digitalSourceType").get("uri") == HUMAN_EDITED
    some = [approved[0]] + [BlockTranslation(b.text, (Segment(b.text, b.text),)) for b in story.blocks[1:]]
    assert etree.fromstring(render_story(story, some).data).find(
        "{*}contentMeta/{*}digitalSourceType").get("uri") == MACHINE


def test_an_older_newsml_g2_item_gets_no_provenance_fields(translator):
    before, after = _g2(NEWSML_EXAMPLES / "LISTING_2_NewsML-G2_Text_Document.xml", translator)
    assert before.get("standardversion") < "2.33"
    assert after.findall(".//{*}digitalSourceType") == [] and len(after.findall(".//{*}generator")) == len(
        before.findall(".//{*}generator"))


@pytest.mark.parametrize("path, version, key", [
    (FORMATS / "nato-ninjs1.json", "1.6", "digitalsourcetype"),
    (FORMATS / "ukraine-ninjs2.json", "2.2", "digitalsourcetype"),
    (NINJS_EXAMPLES / "3.0" / "ntb_text.json", "3.1", "digitalSourceType"),
])
def test_ninjs_with_the_field_says_machine_translated(translator, path, version, key):
    story = json.loads(path.read_bytes())
    story[key] = {"uri": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"}  # the German original's
    assert ninjs_errors(story, version) == []
    out = json.loads(translated(translator, json.dumps(story, ensure_ascii=False).encode(), path.name))
    assert out[key]["uri"] == MACHINE
    assert ninjs_errors(out, version) == []
