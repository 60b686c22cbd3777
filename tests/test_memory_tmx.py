"""TMX 1.4 export and import: newsmt's own files round-trip; other tools' files are read; bad files are refused."""
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from translate.kernel.errors import InputError
from translate.memory import MemoryEntry, TranslationMemory, export_tmx, import_tmx

TESTSETS = Path(__file__).parent / "data" / "testsets"
GERMAN = (TESTSETS / "newstest2019.de-en.de").read_text(encoding="utf-8").splitlines()
ENGLISH = (TESTSETS / "newstest2019.de-en.en").read_text(encoding="utf-8").splitlines()

OPUS = "model:Helsinki-NLP/opus-mt-de-en|rev:cc3f1b0|beam:4|glossary:news-de-en.tsv@sha256:1a2b3c4d"
OPUS_NO_GLOSSARY = "model:Helsinki-NLP/opus-mt-de-en|rev:cc3f1b0|beam:4"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "newsroom.tm") as memory:
        yield memory


def test_export_then_import_gives_the_same_entries(tmp_path, memory):
    # Sentences with quotes and "&", and an approved text with CR, tab and "<b>": escaping is exercised.
    lines = [1, 3, 10, 11, 329, 338, 550]
    memory.store([(GERMAN[i], ENGLISH[i]) for i in lines], OPUS)
    memory.store([(GERMAN[i], ENGLISH[i].upper()) for i in lines[:3]], OPUS_NO_GLOSSARY)
    memory.approve(GERMAN[735], ENGLISH[735], editor="desk-sport")
    memory.approve(GERMAN[1300], "Line one\r\nline two\twith a tab <b>")
    tmx = tmp_path / "export.tmx"

    exported = export_tmx(memory, tmx)
    assert (exported.written, exported.skipped) == (len(lines) + 3 + 2, 0)

    with TranslationMemory(tmp_path / "copy.tm") as copy:
        imported = import_tmx(copy, tmx)
        assert (imported.approved, imported.machine, imported.problems) == (2, len(lines) + 3, ())
        assert list(copy.entries()) == list(memory.entries())


def test_the_export_is_tmx_1_4(tmp_path, memory):
    memory.store([(GERMAN[10], ENGLISH[10])], OPUS)
    memory.approve(GERMAN[11], ENGLISH[11], editor="desk-berlin")
    tmx = tmp_path / "export.tmx"
    export_tmx(memory, tmx)
    root = ET.parse(tmx).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for name, value in [("creationtool", "newsmt"), ("srclang", "de"), ("adminlang", "en"), ("segtype", "sentence")]:
        assert header.get(name) == value
    assert header.get("o-tmf") and header.get("datatype") and header.get("creationtoolversion")
    approved, machine = root.findall("body/tu")
    assert {p.get("type"): p.text for p in approved.findall("prop")} == {"x-newsmt-kind": "approved"}
    assert approved.get("changeid") == "desk-berlin"
    assert {p.get("type"): p.text for p in machine.findall("prop")} == {
        "x-newsmt-kind": "machine",
        "x-newsmt-signature": OPUS,
    }
    assert [(t.get(XML_LANG), t.findtext("seg")) for t in machine.findall("tuv")] == [
        ("de", GERMAN[10]),
        ("en", ENGLISH[10]),
    ]
    for date in (machine.get("creationdate"), machine.get("changedate")):
        assert len(date) == 16 and date[8] == "T" and date.endswith("Z") and date.replace("T", "")[:-1].isdigit()


# As a CAT tool writes it: regional language codes, TMX 1.1's `lang`, inline codes, another language,
# a DOCTYPE naming the standard DTD, a unit without English.
FOREIGN_TMX = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
<header creationtool="SDL Language Platform" creationtoolversion="8.0" o-tmf="SDL TM8 Format"
  datatype="xml" segtype="sentence" adminlang="en-GB" srclang="de-DE"/>
<body>
<tu creationdate="20190312T081500Z" creationid="anna" changedate="20190313T101010Z">
  <tuv xml:lang="de-DE"><seg>{GERMAN[9]}</seg></tuv>
  <tuv xml:lang="en-GB"><seg>{ENGLISH[9]}</seg></tuv>
</tu>
<tu>
  <tuv xml:lang="DE-DE"><seg><bpt i="1">&lt;b&gt;</bpt>{GERMAN[10][:6]}<ept i="1">&lt;/b&gt;</ept>{GERMAN[10][6:]}</seg></tuv>
  <tuv xml:lang="fr-FR"><seg>Berlin Le président de la DFB ne voit pas de base pour un retour.</seg></tuv>
  <tuv xml:lang="en-US"><seg><bpt i="1">&lt;b&gt;</bpt>{ENGLISH[10][:6]}<ept i="1">&lt;/b&gt;</ept>{ENGLISH[10][6:]}</seg></tuv>
</tu>
<tu>
  <tuv lang="de_AT"><seg>{GERMAN[19]}<ph x="1">{{1}}</ph></seg></tuv>
  <tuv lang="EN"><seg><hi type="b">{ENGLISH[19]}</hi><ph x="1">{{1}}</ph></seg></tuv>
</tu>
<tu>
  <tuv xml:lang="de-DE"><seg>{GERMAN[20]}</seg></tuv>
</tu>
</body>
</tmx>
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_tmx_from_another_tool_is_read(tmp_path, memory, encoding):
    tmx = tmp_path / "studio-export.tmx"
    tmx.write_bytes(FOREIGN_TMX.replace('"UTF-8"', f'"{encoding.upper()}"').encode(encoding))
    imported = import_tmx(memory, tmx)
    assert (imported.approved, imported.machine) == (3, 0)
    assert imported.problems == (f"{tmx}: line 20: translation unit has no en text; not imported",)

    hits = memory.lookup([GERMAN[9], GERMAN[10], GERMAN[19], GERMAN[20]], OPUS)
    assert {source: hit.target for source, hit in hits.items()} == {
        GERMAN[9]: ENGLISH[9],
        GERMAN[10]: ENGLISH[10],  # the inline codes are markup, not text
        GERMAN[19]: ENGLISH[19],
    }
    assert {hit.kind for hit in hits.values()} == {"approved"}  # a translator's work
    assert (hits[GERMAN[9]].editor, hits[GERMAN[9]].updated_at) == ("anna", "2019-03-13T10:10:10Z")


def _unit(german: str, english: str, props: str = "", changedate: str = "20240105T120000Z") -> str:
    return (
        f'<tu changedate="{changedate}">{props}<tuv xml:lang="de"><seg>{german}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{english}</seg></tuv></tu>'
    )


def _tmx(path: Path, *units: str) -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="de"/><body>\n'
        + "\n".join(units)
        + "\n</body></tmx>\n",
        encoding="utf-8",
    )
    return path


def test_machine_units_need_their_signature(tmp_path, memory):
    kind = '<prop type="x-newsmt-kind">machine</prop>'
    tmx = _tmx(
        tmp_path / "machine.tmx",
        _unit(GERMAN[13], ENGLISH[13], kind + f'<prop type="x-newsmt-signature">{OPUS}</prop>'),
        _unit(GERMAN[14], ENGLISH[14], kind),
        _unit(GERMAN[15], ENGLISH[15], '<prop type="x-newsmt-kind">fuzzy</prop>'),
    )
    imported = import_tmx(memory, tmx)
    assert (imported.approved, imported.machine) == (0, 1)
    assert imported.problems == (
        f"{tmx}: line 4: machine translation without x-newsmt-signature; not imported",
        f"{tmx}: line 5: unknown x-newsmt-kind 'fuzzy' (approved or machine); not imported",
    )
    assert memory.lookup([GERMAN[13]], OPUS)[GERMAN[13]].kind == "machine"


def test_the_later_change_wins_on_import(tmp_path, memory):
    memory.add_entries([
        MemoryEntry(GERMAN[16], "approved in 2024", "approved", updated_at="2024-06-01T00:00:00Z"),
        MemoryEntry(GERMAN[17], "approved in 2023", "approved", updated_at="2023-06-01T00:00:00Z"),
    ])
    tmx = _tmx(
        tmp_path / "old-and-new.tmx",
        _unit(GERMAN[16], ENGLISH[16], changedate="20240105T120000Z"),
        _unit(GERMAN[17], ENGLISH[17], changedate="20240105T120000Z"),
    )
    import_tmx(memory, tmx)
    hits = memory.lookup(GERMAN[16:18], OPUS)
    assert (hits[GERMAN[16]].target, hits[GERMAN[17]].target) == ("approved in 2024", ENGLISH[17])


def test_characters_xml_cannot_carry_are_left_out_of_the_export(tmp_path, memory):
    memory.store([(GERMAN[10], ENGLISH[10]), (GERMAN[11] + "\x0b", ENGLISH[11])], OPUS)
    tmx = tmp_path / "export.tmx"
    exported = export_tmx(memory, tmx)
    assert (exported.written, exported.skipped) == (1, 1)
    ET.parse(tmx)


def test_malformed_tmx_is_refused_with_file_and_line(tmp_path, memory):
    tmx = tmp_path / "broken.tmx"
    tmx.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header/><body>\n'
        f'<tu><tuv xml:lang="de"><seg>{GERMAN[10]}</seg></tuv>\n'
        f'<tuv xml:lang="en"><seg>{ENGLISH[10]}</tuv></tu>\n'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=rf"^{tmx}: line 4: not well-formed XML \(mismatched tag\)$"):
        import_tmx(memory, tmx)
    assert memory.stats().approved == 0  # nothing of a refused file is imported


def test_a_tmx_with_entity_declarations_is_refused(tmp_path, memory):
    tmx = tmp_path / "laughs.tmx"
    tmx.write_text(
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE tmx [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        f'<tmx version="1.4"><header/><body>{_unit(GERMAN[10], "&lol2;")}</body></tmx>\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=rf"^{tmx}: line 2: has a DTD with declarations"):
        import_tmx(memory, tmx)


def test_undefined_entities_and_other_xml_are_refused(tmp_path, memory):
    entity = _tmx(tmp_path / "entity.tmx", _unit(GERMAN[10], "Grindel&nbsp;sees no basis"))
    with pytest.raises(InputError, match=rf"^{entity}: line 3: not well-formed XML \(undefined entity\)$"):
        import_tmx(memory, entity)
    # With a DOCTYPE naming an external DTD (which is never read) the entity is not an XML error: still refused.
    declared = tmp_path / "declared.tmx"
    declared.write_text(
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4"><body>\n'
        + _unit(GERMAN[10], "Grindel&nbsp;sees no basis")
        + "\n</body></tmx>\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=rf"^{declared}: line 3: undefined entity &nbsp;$"):
        import_tmx(memory, declared)

    xliff = tmp_path / "story.xlf"
    xliff.write_text('<?xml version="1.0"?>\n<xliff version="1.2"><file/></xliff>\n', encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{xliff}: line 2: not a TMX file: the root element is <xliff>"):
        import_tmx(memory, xliff)
    with pytest.raises(InputError, match="missing.tmx: cannot read"):
        import_tmx(memory, tmp_path / "missing.tmx")


def test_a_tmx_nested_deeper_than_the_xml_limit_is_refused(tmp_path, memory):
    deep = _tmx(tmp_path / "deep.tmx", _unit(GERMAN[10], "<hi>" * 300 + ENGLISH[10] + "</hi>" * 300))
    with pytest.raises(InputError, match=rf"^{deep}: line 3: elements nested deeper than 256 levels") as caught:
        import_tmx(memory, deep)
    assert "\n" not in str(caught.value) and memory.stats().approved == 0


def test_imported_targets_are_kept_on_one_line_and_blank_ones_skipped(tmp_path, memory):
    tmx = _tmx(
        tmp_path / "vendor.tmx",
        _unit(GERMAN[10], "Grindel sees\n\n\nno basis.") + _unit(GERMAN[11], "\u200b \u2060"),
    )
    imported = import_tmx(memory, tmx)
    assert imported.approved == 1 and len(imported.problems) == 1 and "has no en text" in imported.problems[0]
    assert memory.lookup([GERMAN[10]], OPUS)[GERMAN[10]].target == "Grindel sees no basis."
