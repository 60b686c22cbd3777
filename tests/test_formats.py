"""Story formats (issue 12): ninjs, HTML, NITF, NewsML-G2 in and out, XLIFF 2.1 export. No model involved."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from formats_helpers import canonical, html_tree
from lxml import etree

from translate.kernel.document import Document, Flag, Paragraph, Segment, TermMatch
from translate.kernel.errors import InputError
from translate.kernel.formats import (
    XLIFF_NS,
    BlockTranslation,
    block_translations,
    detect_format,
    read_story,
    render_story,
    write_xliff,
)

SAMPLES = Path(__file__).parent / "data" / "formats"
SAMPLE_FILES = ["nato-ninjs1.json", "ukraine-ninjs2.json", "bundestag.html", "nato-nitf.xml", "ukraine-newsml.xml"]


def read_sample(name: str):
    return read_story((SAMPLES / name).read_bytes(), name)


def identity(story):
    return [BlockTranslation(b.text) for b in story.blocks]


def shout(story):
    """A "translation" that changes every word, so no inline element can be found verbatim."""
    return [BlockTranslation(b.text.upper()) for b in story.blocks]


# --- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("a.json", b"{}", "ninjs"),
        ("a.html", b"<p>x</p>", "html"),
        ("a.txt", b"<p>x</p>", "text"),
        ("a.xml", b'<?xml version="1.0"?>\n<!-- c -->\n<nitf><body/></nitf>', "nitf"),
        ("a.xml", b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"/>', "newsml"),
        ("a.xml", b"<g2:newsMessage xmlns:g2='x'/>", "newsml"),
        ("a.xml", b'<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">\n<nitf/>', "nitf"),
        ("stdin", b'\xef\xbb\xbf  {"headline": "x"}', "ninjs"),
        ("stdin", b"<!DOCTYPE html><html><body></body></html>", "html"),
        ("stdin", b"<div>Text</div>", "html"),
        ("stdin", b"Berlin (dpa) - Der Bundestag hat...\n", "text"),
        ("story", b"Die Nato <em>tagt</em>.", "text"),  # starts like text, so it is text
    ],
)
def test_detect_format(name, data, expected):
    assert detect_format(name, data) == expected


def test_detect_unknown_xml_root_names_file_and_options():
    with pytest.raises(
        InputError, match=r"feed.xml: line 1: XML root <rss> is not NITF or NewsML-G2; .*--input-format"
    ):
        detect_format("feed.xml", b"<rss><channel/></rss>")


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_samples_are_detected(name):
    expected = {"json": "ninjs", "html": "html"}.get(name.rsplit(".", 1)[1]) or ("nitf" if "nitf" in name else "newsml")
    assert detect_format(name, (SAMPLES / name).read_bytes()) == expected
    assert read_sample(name).format == expected


# --- every sample: blocks, identity round trip, nothing lost ------------------------------------


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_identity_rendering_gives_back_an_equivalent_story_without_warnings(name):
    story = read_sample(name)
    rendered = render_story(story, identity(story))
    assert rendered.warnings == []
    again = read_story(rendered.data, name)
    assert [(b.kind, b.text) for b in again.blocks] == [(b.kind, b.text) for b in story.blocks]
    if story.format == "ninjs":
        before, after = json.loads(story.source), json.loads(rendered.data)
        assert after.pop("language") == "en"
        before.pop("language")
        assert after.keys() == before.keys()
    elif story.format == "html":
        assert canonical(html_tree(rendered.data.decode()).find("body")) == canonical(
            html_tree(story.source.decode()).find("body")
        )
    else:
        # the only changes: the language, and (NewsML-G2 2.33+) how the English was made
        german = story.source.replace(b'xml:lang="de"', b'xml:lang="en"').replace(
            b'<language tag="de"/>', b'<language tag="en"/>'
        )
        english = etree.fromstring(rendered.data)
        for added in english.xpath("//*[local-name()='digitalSourceType' or local-name()='generator']"):
            added.getparent().remove(added)
        assert canonical(english) == canonical(etree.fromstring(german))


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_unplaceable_markup_loses_tags_never_text(name):
    story = read_sample(name)
    rendered = render_story(story, shout(story))
    again = read_story(rendered.data, name)
    assert [b.text for b in again.blocks] == [b.text.upper() for b in story.blocks]
    for warning in rendered.warnings:
        assert warning.startswith(f"{name}: ") and "could not be placed in the translation" in warning
        assert "\n" not in warning


def test_translation_count_must_match():
    story = read_sample("bundestag.html")
    with pytest.raises(ValueError, match=r"bundestag.html: 13 translations for 14 blocks"):
        render_story(story, identity(story)[:-1])
    with pytest.raises(ValueError, match="15 translations for 14 blocks"):
        render_story(story, identity(story) + [BlockTranslation("extra")])


def test_a_story_renders_any_number_of_times():
    story = read_sample("nato-nitf.xml")
    first = render_story(story, shout(story))
    second = render_story(story, shout(story))
    assert first == second
    assert render_story(story, identity(story)).warnings == []


# --- HTML ----------------------------------------------------------------------------------------


def test_html_blocks_in_document_order_with_kinds_and_lines():
    story = read_sample("bundestag.html")
    assert [b.kind for b in story.blocks] == [
        "title",
        "h1",
        "p",
        "p",
        "h2",
        "li",
        "li",
        "caption",
        "th",
        "th",
        "td",
        "td",
        "figcaption",
        "blockquote",
    ]
    assert story.blocks[3].text.startswith("Für die Bundeswehr sind 53 Milliarden Euro vorgesehen. Finanzminister")
    assert story.blocks[3].line == 12
    assert story.blocks[12].text == "Abgeordnete im Plenarsaal des Bundestages. Foto: Archiv"  # <br> separates words


def test_html_inline_markup_follows_names_terms_and_whole_sentences():
    story = read_sample("bundestag.html")
    translations = identity(story)
    # the lead is one <strong> sentence: it gets the whole English
    translations[2] = BlockTranslation("Berlin (dpa) - The Bundestag has passed next year's budget.")
    # "Bundeswehr" is found through the glossary term; "Christian Lindner" verbatim; "soliden" is lost
    source = story.blocks[3].text
    first, second = "Für die Bundeswehr sind 53 Milliarden Euro vorgesehen.", source.split("vorgesehen. ")[1]
    segments = [
        Segment(
            first,
            "53 billion euros are earmarked for the German armed forces.",
            terms=[TermMatch("Bundeswehr", "German armed forces", 8, 18)],
        ),
        Segment(second, "Finance Minister Christian Lindner spoke of a sound budget."),
    ]
    translations[3] = BlockTranslation(" ".join(s.target for s in segments), segments)
    rendered = render_story(story, translations)
    html = rendered.data.decode()
    assert '<p class="lead"><strong>Berlin (dpa) - The Bundestag has passed next year\'s budget.</strong></p>' in html
    assert '<a href="https://example.org/bundeswehr" title="Dossier">German armed forces</a>' in html
    assert (
        'Finance Minister <a href="https://example.org/minister">Christian Lindner</a> spoke of a sound budget.' in html
    )
    assert rendered.warnings == [
        'bundestag.html: line 13: <em> around "soliden" could not be placed in the translation'
    ]
    assert '<html lang="en">' in html and html.startswith("<!DOCTYPE html>")
    assert "<!-- Zwischenüberschrift vom Desk -->" in html and "<style>p { margin: 0 }</style>" in html


def test_html_nested_inline_element_survives_when_its_parent_cannot_be_placed():
    story = read_story('<p>Der <a href="/g"><em>Nato</em>-Gipfel</a> beginnt.</p>'.encode(), "f.html")
    rendered = render_story(story, [BlockTranslation("The NATO summit begins.")])
    assert rendered.data.decode() == "<p>The NATO summit begins.</p>"
    story = read_story('<p>Der <a href="/g"><em>Nato</em>-Gipfel</a> beginnt.</p>'.encode(), "f.html")
    rendered = render_story(story, [BlockTranslation("The Nato summit begins.")])
    assert rendered.data.decode() == "<p>The <em>Nato</em> summit begins.</p>"
    assert rendered.warnings == [
        'f.html: line 1: <a href="/g"> around "Nato-Gipfel" could not be placed in the translation'
    ]


def test_html_loose_text_script_pre_and_translate_no():
    page = (
        "<html><body><div>Lose Zeile<p>Absatz</p>Nachsatz</div><script>var x = 'Nato';</script>"
        '<pre>  Tabelle  1 </pre><div translate="no"><p>Eigenname</p></div></body></html>'
    )
    story = read_story(page.encode(), "p.html")
    assert [(b.kind, b.text) for b in story.blocks] == [("div", "Lose Zeile"), ("p", "Absatz"), ("div", "Nachsatz")]
    html = render_story(story, [BlockTranslation(t) for t in ("Loose line", "Paragraph", "Coda")]).data.decode()
    assert "<div>Loose line<p>Paragraph</p>Coda</div><script>var x = 'Nato';</script><pre>  Tabelle  1 </pre>" in html
    assert "<p>Eigenname</p>" in html


def test_html_fragment_stays_a_fragment():
    story = read_story(b"Vorspann <p>Die <b>Nato</b> tagt.</p>\n", "frag.htm")
    rendered = render_story(story, [BlockTranslation("Lead"), BlockTranslation("Nato meets.")])
    assert rendered.data == b"Lead <p><b>Nato</b> meets.</p>\n"


# --- ninjs ---------------------------------------------------------------------------------------


def test_ninjs1_fields_translated_others_kept():
    story = read_sample("nato-ninjs1.json")
    assert [b.kind for b in story.blocks] == ["headline", "description", "body", "body", "body", "p", "p", "p"]
    assert story.blocks[0].line == 9
    english = [BlockTranslation(f"EN {i}") for i in range(len(story.blocks))]
    out = json.loads(render_story(story, english).data)
    source = json.loads(story.source)
    assert out["headline"] == "EN 0" and out["description_text"] == "EN 1"
    assert out["body_text"] == "EN 2\n\nEN 3\n\nEN 4"
    assert out["body_html"] == "<p>EN 5</p>\n<p>EN 6</p>\n<p>EN 7</p>"
    assert out["language"] == "en"
    for key in ("uri", "type", "version", "versioncreated", "urgency", "byline", "subject"):
        assert out[key] == source[key]
    assert list(out) == list(source)


def test_ninjs2_lists_and_counts():
    story = read_sample("ukraine-ninjs2.json")
    assert [b.kind for b in story.blocks] == [
        "headline",
        "headline",
        "description",
        "p",
        "p",
        "li",
        "li",
        "body",
        "body",
    ]
    english = [
        "Russian attacks on Ukrainian energy facilities",
        "Attacks on power grid",
        "Power failed.",
        "Kyiv (dpa) - Russia again attacked energy facilities in Ukraine overnight.",
        "Power failed.",
        "Around 200,000 households were affected.",
        "Repairs are to last until Tuesday.",
        "One.",
        "Two.",
    ]
    rendered = render_story(story, [BlockTranslation(t) for t in english])
    out = json.loads(rendered.data)
    assert rendered.warnings == []  # "Ukraine" is found verbatim, so its link stays
    body = out["bodies"][0]
    assert '<a href="https://example.org/ukraine">Ukraine</a> overnight.</p>' in body["value"]
    assert body["contenttype"] == "text/html" and body["role"] == "main"
    plain = "".join(etree.fromstring(f"<div>{body['value']}</div>").itertext())
    assert body["charcount"] == len(plain) and body["wordcount"] == len(plain.split())
    assert out["bodies"][1]["value"] == "One.\nTwo."
    assert out["headlines"][1] == {"role": "short", "value": "Attacks on power grid", "contenttype": "text/plain"}
    assert out["uri"] == json.loads(story.source)["uri"]  # other fields as they were


def test_ninjs_compact_input_stays_compact_and_language_is_added():
    story = read_story('{"headline": "Nato tagt", "urgency": 2}'.encode(), "s.json")
    assert (
        render_story(story, [BlockTranslation("Nato meets")]).data
        == b'{"headline": "Nato meets", "urgency": 2, "language": "en"}'
    )


# --- NITF and NewsML-G2 ----------------------------------------------------------------------


def test_nitf_blocks_and_inline_entities():
    story = read_sample("nato-nitf.xml")
    assert [b.kind for b in story.blocks] == [
        "title",
        "hl1",
        "hl2",
        "byline",
        "dateline",
        "p",
        "p",
        "li",
        "li",
        "media-caption",
        "tagline",
    ]
    translations = identity(story)
    translations[3] = BlockTranslation("By Anna Berger, dpa")
    translations[6] = BlockTranslation(
        "Defence Minister Boris Pistorius said on Tuesday the Bundeswehr would play its part."
    )
    rendered = render_story(story, translations)
    xml = rendered.data.decode()
    assert "<byline>By <person>Anna Berger</person>, dpa</byline>" in xml
    assert (
        "<p>Defence Minister <person>Boris Pistorius</person> said on Tuesday the <em>Bundeswehr</em> would play" in xml
    )
    assert 'xml:lang="en"' in xml and '<doc-id id-string="newsmt-test-nitf-0001"/>' in xml
    assert '<media-reference source="soldaten.jpg" mime-type="image/jpeg"/>' in xml
    assert rendered.warnings == []


def test_newsml_headline_description_and_nitf_body():
    story = read_sample("ukraine-newsml.xml")
    assert [b.kind for b in story.blocks] == ["headline", "description", "p", "p"]
    rendered = render_story(story, shout(story))
    root = etree.fromstring(rendered.data)
    ns = {"g2": "http://iptc.org/std/nar/2006-10-01/", "n": "http://iptc.org/std/NITF/2006-10-18/"}
    assert root.find("g2:contentMeta/g2:language", ns).get("tag") == "en"
    assert root.find("g2:contentMeta/g2:slugline", ns).text == "Ukraine-Getreide"  # not translated
    assert root.find("g2:contentMeta/g2:headline", ns).text == story.blocks[0].text.upper()
    assert root.findall(".//n:p", ns)[1].text == story.blocks[3].text.upper()
    assert [w.split(": ", 2)[1] for w in rendered.warnings] == ["line 21", "line 22"]


def test_newsml_inline_data_plain_text():
    item = (
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentMeta><headline>Kurz</headline></contentMeta>'
        '<contentSet><inlineData contenttype="text/plain">Erster Absatz.\n\nZweiter Absatz.</inlineData></contentSet></newsItem>'
    )
    story = read_story(item.encode(), "item.xml")
    assert [(b.kind, b.text) for b in story.blocks] == [
        ("headline", "Kurz"),
        ("p", "Erster Absatz."),
        ("p", "Zweiter Absatz."),
    ]
    out = render_story(story, [BlockTranslation(t) for t in ("Short", "First.", "Second.")]).data.decode()
    assert "<headline>Short</headline>" in out and ">First.\n\nSecond.</inlineData>" in out


def test_doctype_without_internal_subset_is_accepted_and_kept():
    data = b'<?xml version="1.0"?>\n<!DOCTYPE nitf SYSTEM "http://example.org/nitf-3-6.dtd">\n<nitf><body><body.content><p>Hallo</p></body.content></body></nitf>'
    story = read_story(data, "d.xml")
    out = render_story(story, [BlockTranslation("Hello")]).data
    assert b'<!DOCTYPE nitf SYSTEM "http://example.org/nitf-3-6.dtd">' in out and b"<p>Hello</p>" in out


# --- malformed and hostile input: one line, file and place, exit 2 ---------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<nitf><body><body.content><p>&lol2;</p></body.content></body></nitf>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<nitf><body><body.content><p>&xxe;</p></body.content></body></nitf>
"""


@pytest.mark.parametrize(
    "name, data, format, message",
    [
        ("bomb.xml", BILLION_LAUGHS, None, r"^bomb.xml: line 2: a DOCTYPE with an internal subset is refused"),
        ("xxe.xml", EXTERNAL_ENTITY, "nitf", r"^xxe.xml: line 2: a DOCTYPE with an internal subset is refused"),
        ("cut.xml", b"<nitf>\n<body>\n<p>Hallo</body></nitf>", None, r"^cut.xml: line 3, column \d+: malformed XML: "),
        (
            "undef.xml",
            b'<!DOCTYPE nitf SYSTEM "n.dtd">\n<nitf><body><p>A&nbsp;B</p></body></nitf>',
            None,
            r"^undef.xml: line 2: entity &nbsp; is not defined",
        ),
        (
            "bad.json",
            b'{\n  "headline": "Nato",\n  "body_text": "x",,\n}',
            None,
            r"^bad.json: line 3, column 20: not valid JSON: ",
        ),
        ("list.json", b"[1, 2]", None, r"^list.json: line 1: a ninjs story is a JSON object, not list"),
        ("empty.json", b'{"uri": "x"}', None, r"^empty.json: line 1: no headline, description or body found"),
        ("num.json", b'{\n"headline": 42}', None, r"^num.json: line 2: ninjs field headline must be a string"),
        ("items.json", b'{"bodies": {"value": "x"}}', None, r"^items.json: line 1: ninjs field bodies must be a list"),
        ("latin1.html", "<p>Grüße</p>".encode("latin-1"), None, r"^latin1.html: line 1: not valid UTF-8"),
        ("blank.html", b"  \n", None, r"^blank.html: file is empty"),
        ("nobody.xml", b"<nitf><head/></nitf>", None, r"^nobody.xml: line 1: <nitf> has no <body>"),
        (
            "wrong.xml",
            b"<nitf><body/></nitf>",
            "newsml",
            r"^wrong.xml: line 1: root element is <nitf>, not a NewsML-G2",
        ),
        ("x.json", b"{}", "docx", r"^unknown input format 'docx'"),
    ],
)
def test_bad_input_is_one_line_input_error(name, data, format, message):
    with pytest.raises(InputError, match=message) as caught:
        read_story(data, name, format)
    assert "\n" not in str(caught.value) and caught.value.exit_code == 2


def test_importing_the_package_does_not_import_lxml():
    code = "import sys, translate.kernel.formats; assert 'lxml' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)


# --- XLIFF 2.1 -----------------------------------------------------------------------------------

X = {"x": XLIFF_NS}


def sample_document() -> Document:
    first = Segment(
        "Die Bundeswehr schickt 4800 Soldaten nach Litauen.",
        "The German armed forces are sending 4,800 soldiers to Lithuania.",
        terms=[TermMatch("Bundeswehr", "German armed forces", 4, 14, placement="injected")],
    )
    second = Segment(
        "Das kostet 11 Milliarden Euro.",
        "This costs 12 billion euros.",
        flags=[Flag("number-mismatch", "error", "11 in the source is missing from the translation", (11, 13))],
    )
    return Document(
        [
            Paragraph(f"{first.source} {second.source}", [first, second]),
            Paragraph("Nato\x0btagt.", [Segment("Nato\x0btagt.")]),
        ],
        name="nato.html",
    )


def test_xliff_structure_namespaces_and_segments():
    data = write_xliff([sample_document(), Document([], name=None)])
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(data)
    assert root.tag == f"{{{XLIFF_NS}}}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "de", "en")
    files = root.findall("x:file", X)
    assert [f.get("id") for f in files] == ["f1", "f2"] and files[0].get("original") == "nato.html"
    assert files[1].get("original") is None and len(files[1].findall("x:unit/x:segment", X)) == 1
    units = files[0].findall("x:unit", X)
    assert [u.get("id") for u in units] == ["u1", "u2"]
    first = units[0]
    assert [etree.QName(c).localname for c in first] == ["notes", "segment", "ignorable", "segment"]
    segments = first.findall("x:segment", X)
    assert ["".join(s.find("x:source", X).itertext()) for s in segments] == [
        "Die Bundeswehr schickt 4800 Soldaten nach Litauen.",
        "Das kostet 11 Milliarden Euro.",
    ]
    assert [s.get("state") for s in segments] == ["initial", "initial"]  # machine output, for a translator to review
    assert first.find("x:ignorable/x:source", X).text == " "
    # merging sources and ignorables gives the paragraph back
    merged = "".join("".join(c.find("x:source", X).itertext()) for c in first if c.tag != f"{{{XLIFF_NS}}}notes")
    assert merged == sample_document().paragraphs[0].source
    for element in root.iter():  # everything in the XLIFF namespace, no stray prefixes
        assert etree.QName(element).namespace == XLIFF_NS


def test_xliff_state_says_an_approved_memory_entry_was_reviewed():
    approved = Segment("Nato tagt.", "NATO meets.", memory="approved")
    machine = Segment("Das kostet Geld.", "That costs money.", memory="machine")
    document = Document([Paragraph("Nato tagt. Das kostet Geld.", [approved, machine])], name="s.txt")
    segments = etree.fromstring(write_xliff([document])).findall("x:file/x:unit/x:segment", X)
    assert [s.get("state") for s in segments] == ["reviewed", "initial"]


def test_xliff_terms_flags_and_unencodable_characters():
    root = etree.fromstring(write_xliff([sample_document()]))
    unit = root.find("x:file/x:unit", X)
    mark = unit.find("x:segment/x:source/x:mrk", X)
    assert (mark.text, mark.get("type"), mark.get("value"), mark.get("ref")) == (
        "Bundeswehr",
        "term",
        "German armed forces",
        "#n=n1",
    )
    target_mark = unit.find("x:segment/x:target/x:mrk", X)
    assert target_mark.text == "German armed forces" and target_mark.get("id") == mark.get("id")
    notes = unit.findall("x:notes/x:note", X)
    assert [(n.get("id"), n.get("category"), n.get("priority")) for n in notes] == [
        ("n1", "term", None),
        ("n2", "flag", "1"),
    ]
    assert notes[0].text == "s1: Bundeswehr → German armed forces: injected"
    assert notes[1].text == "s2: number-mismatch (error): 11 in the source is missing from the translation"
    second_unit = root.findall("x:file/x:unit", X)[1]
    segment = second_unit.find("x:segment", X)
    assert segment.get("state") == "initial" and segment.find("x:target", X) is None
    source = segment.find("x:source", X)
    assert source.text == "Nato" and source[0].get("hex") == "000B" and source[0].tail == "tagt."


def test_xliff_from_a_story():
    story = read_sample("nato-nitf.xml")
    document = Document([Paragraph(t, [Segment(t, t.upper())]) for t in story.texts], name=story.name)
    root = etree.fromstring(write_xliff([document]))
    assert len(root.findall("x:file/x:unit", X)) == len(story.blocks)
    assert len(block_translations(document)) == len(story.blocks)
    render_story(story, block_translations(document))


# --- issue 18: depth limits, invisible text, empty paragraphs kept, XML found by content ----------------------


def _nested(depth: int, inner: str) -> str:
    return "<div>" * depth + inner + "</div>" * depth


@pytest.mark.parametrize("depth", [254, 255, 300, 5000])
@pytest.mark.parametrize(
    "name, wrap",
    [
        ("deep.html", lambda body: f"<html><body>{body}<p>Flach.</p></body></html>"),
        ("fragment.html", lambda body: f"{body}<p>Flach.</p>"),
        ("deep.json", lambda body: json.dumps({"headline": "Tief", "body_html": f"{body}<p>Flach.</p>"})),
        ("deep.xml", lambda body: f"<nitf><body><body.content>{body.replace('div', 'block')}</body.content></body></nitf>"),
    ],
)
def test_markup_deeper_than_the_parser_limit_is_refused_never_emptied(name, wrap, depth):
    data = wrap(_nested(depth, "<p>Tief drin.</p>")).encode()
    with pytest.raises(InputError, match=rf"^{name}: .*line 1.*: elements nested deeper than 256 levels") as caught:
        read_story(data, name)
    assert "\n" not in str(caught.value) and caught.value.exit_code == 2


def test_markup_just_within_the_parser_limit_keeps_every_paragraph():
    story = read_story(f"<html><body>{_nested(250, '<p>Tief drin.</p>')}<p>Flach.</p></body></html>".encode(), "a.html")
    assert story.texts == ["Tief drin.", "Flach."]


def test_html_text_beyond_the_parser_limit_is_refused():
    data = ("<html><body><p>" + "Wort " * 2_200_000 + "</p><p>Danach.</p></body></html>").encode()
    with pytest.raises(InputError, match=r"^big.html: line 1: .*beyond the parser's limits"):
        read_story(data, "big.html")


def test_deep_html_is_refused_on_the_command_line_before_the_model(tmp_path, capsys):
    from translate.app.cli import main

    page = tmp_path / "deep.html"
    page.write_text(f"<html><body>{_nested(300, '<p>Tief drin.</p>')}<p>Flach.</p></body></html>", encoding="utf-8")
    assert main(["translate", "--model", "/nonexistent", "-o", str(tmp_path / "out") + "/", str(page)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{page}: line 1: " in err and "nested deeper than 256 levels" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ('{"headline": "Nato", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}", r"line 1, column \d+: nested deeper"),
        ('{"headline": "Nato", "x": ' + "[" * 65 + "]" * 65 + "}", r"line 1, column \d+: nested deeper than 64"),
        ('{\n"headline": "Kreml \\ud800"}', r"line 2, column 20: contains a lone UTF-16 surrogate"),
        ('{"headline": "Kreml", "body_text": "a\\u0000b"}', r"line 1, column \d+: contains a NUL character"),
    ],
)
def test_ninjs_refuses_deep_nesting_surrogates_and_nul_in_one_line(data, message):
    with pytest.raises(InputError, match=rf"^story.json: {message}") as caught:
        read_story(data.encode(), "story.json")
    assert "\n" not in str(caught.value)


def test_ninjs_body_text_keeps_its_empty_paragraphs():
    body = "Erster.\n\nZweiter.\n\n\n\nVierter.\n\n\n\n\n\nSiebter.\n\nAchter."  # 8 paragraphs, 3 of them empty
    story = read_story(json.dumps({"headline": "Kurz", "body_text": body}).encode(), "s.json")
    assert story.texts == ["Kurz", "Erster.", "Zweiter.", "Vierter.", "Siebter.", "Achter."]
    out = json.loads(render_story(story, [BlockTranslation(t.upper()) for t in story.texts]).data)
    assert out["body_text"] == "ERSTER.\n\nZWEITER.\n\n\n\nVIERTER.\n\n\n\n\n\nSIEBTER.\n\nACHTER."
    from translate.kernel.paragraphs import split_paragraphs

    assert len(split_paragraphs(out["body_text"]).texts) == len(split_paragraphs(body).texts) == 8


def test_newsml_inline_data_keeps_its_empty_paragraphs_and_lines_of_a_translation():
    item = (
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentSet><inlineData contenttype="text/plain">'
        "Erster.\n\n\n\nDritter.</inlineData></contentSet></newsItem>"
    )
    story = read_story(item.encode(), "item.xml")
    assert story.texts == ["Erster.", "Dritter."]
    out = render_story(story, [BlockTranslation("First.\n\nstill first."), BlockTranslation("Third.")]).data.decode()
    assert ">First. still first.\n\n\n\nThird.</inlineData>" in out


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c\u200d", "\u2060", "\ufeff", "\u00ad", " \u200b\u00a0"])
def test_invisible_only_text_is_no_block(invisible):
    page = read_story(f"<p>Sichtbar.</p><p>{invisible}</p><p>Auch.</p>".encode(), "a.html")
    assert page.texts == ["Sichtbar.", "Auch."]
    ninjs = read_story(json.dumps({"headline": invisible, "body_text": f"A.\n{invisible}\nB."}).encode(), "s.json")
    assert ninjs.texts == ["A.", "B."]  # the invisible line is a blank line: two paragraphs
    with pytest.raises(InputError, match="file is empty"):
        read_story(f"\n{invisible}\n".encode(), "blank.html")
    kept = json.loads(render_story(
        read_story(json.dumps({"headline": "Kurz", "body_text": invisible}).encode(), "k.json"), [BlockTranslation("Short")]
    ).data)
    # Shows nothing, so nothing is translated, but it is kept (a BOM at the very start goes, as in every input).
    assert kept["body_text"] == invisible.removeprefix("\ufeff")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("story.xlf", b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1"><file id="f1"/></xliff>\n',
         r"XML root <xliff>: not a story but XLIFF"),
        ("story.xlf", b'<xliff version="1.2"><file><body><trans-unit id="1"><source>Hallo</source>'
                      b"</trans-unit></body></file></xliff>", r"XML root <xliff>: not a story but XLIFF"),
        ("<stdin>", b"<xliff version='1.2'><file/></xliff>\n\n", r"XML root <xliff>: not a story but XLIFF"),
        ("feed.dat", b"<rss version='2.0'><channel><title>Nachrichten</title></channel></rss>", r"XML root <rss> is not"),
        ("memory.tmx", b"<tmx version='1.4'><body/></tmx>", r"XML root <tmx>: not a story but a TMX translation memory"),
        ("terms.tbx", b"<martif><text/></martif>", r"XML root <martif>: not a story but a TBX termbase"),
        ("notes.xlf", b"Nur Text.", r"no XML root element found"),
    ],
)
def test_xml_is_found_by_content_not_only_by_its_declaration(name, data, message):
    with pytest.raises(InputError, match=rf"^{re.escape(name)}: line 1: {message}"):
        detect_format(name, data)


@pytest.mark.parametrize("data", [b"<Eilmeldung> Der Bundestag tagt.", b"<b>Eil</b> Der Bundestag tagt.\n"])
def test_text_that_starts_with_a_tag_is_still_text(data):
    assert detect_format("<stdin>", data) == "text"
