"""Reading glossaries: TSV, CSV, TBX, per-sentence JSON lines; combining them; signatures."""
from __future__ import annotations

from pathlib import Path

import pytest

from glossaries import (
    DEFAULT_GLOSSARY_PATH,
    GlossaryEntry,
    load_glossaries,
    load_glossary,
    load_term_lists,
    match_terms,
)
from translate.kernel.errors import InputError

DATA = Path(__file__).parent / "data"

TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>Exported from the newsroom termbase</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="c1">
      <descrip type="definition">Capital of Ukraine</descrip>
      <langSet xml:lang="de-DE">
        <tig><term>Kiew</term></tig>
        <tig><term>Kyjiw</term></tig>
      </langSet>
      <langSet xml:lang="en-US">
        <tig><term>Kiev</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        <tig><term>Kyiv city</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
        <tig><term>Kyiv</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      </langSet>
    </termEntry>
    <termEntry id="c2">
      <langSet xml:lang="de"><tig><term>Marschflugkörper</term></tig></langSet>
      <langSet xml:lang="en"><tig><term>cruise missile</term></tig></langSet>
      <langSet xml:lang="fr"><tig><term>missile de croisière</term></tig></langSet>
    </termEntry>
    <termEntry id="c3">
      <langSet xml:lang="fr"><tig><term>drone</term></tig></langSet>
      <langSet xml:lang="en"><tig><term>drone</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""

TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>v3 export</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="irgc">
      <langSec xml:lang="de">
        <termSec><term>Islamische Revolutionsgarde</term></termSec>
        <termSec><term>Revolutionsgarden</term></termSec>
      </langSec>
      <langSec xml:lang="en">
        <termSec><term>Islamic Revolutionary Guard Corps</term></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_tsv_reads_columns_comments_and_line_numbers(tmp_path):
    path = write(tmp_path, "desk.tsv", (
        "# house style: US spelling\n"
        "source\ttarget\tvariants\tcase_sensitive\tnote\n"
        "Selensky\tZelensky\tSelenskyj | Selenskij\t\tnot Zelenskyy\n"
        "# acronyms\n"
        "\n"
        "IRGC\tIRGC\t\tyes\n"
        "Kreml\tKremlin\n"  # trailing empty cells left out
    ))
    assert load_glossary(path).entries == (
        GlossaryEntry("Selensky", "Zelensky", ("Selenskyj", "Selenskij"), False, "not Zelenskyy", f"{path}:3"),
        GlossaryEntry("IRGC", "IRGC", (), True, None, f"{path}:6"),
        GlossaryEntry("Kreml", "Kremlin", (), False, None, f"{path}:7"),
    )


def test_tsv_takes_quotes_literally(tmp_path):
    path = write(tmp_path, "quotes.tsv", 'source\ttarget\tnote\nKiew\tKyiv\t"Kiev" is deprecated\n')
    assert load_glossary(path).entries[0].note == '"Kiev" is deprecated'


def test_csv_with_quoted_cells_and_crlf(tmp_path):
    path = write(tmp_path, "desk.csv", (
        "source,target,variants,note\r\n"
        '"Sicherheitsrat der Vereinten Nationen",UN Security Council,"UN-Sicherheitsrat|Weltsicherheitsrat","a note, with a comma"\r\n'
    ))
    (entry,) = load_glossary(path).entries
    assert (entry.source, entry.variants, entry.note) == (
        "Sicherheitsrat der Vereinten Nationen",
        ("UN-Sicherheitsrat", "Weltsicherheitsrat"),
        "a note, with a comma",
    )
    assert entry.origin == f"{path}:2"


def test_csv_from_german_spreadsheets_uses_semicolons(tmp_path):
    path = write(tmp_path, "excel.csv", "source;target\nKurzstreckenrakete;short-range missile\n")
    assert [(e.source, e.target) for e in load_glossary(path).entries] == [("Kurzstreckenrakete", "short-range missile")]


def test_tbx_v2_preferred_english_term_and_german_variants(tmp_path):
    glossary = load_glossary(write(tmp_path, "termbase.tbx", TBX_V2))
    kyiv, missile = glossary.entries
    assert (kyiv.source, kyiv.variants, kyiv.target, kyiv.note) == ("Kiew", ("Kyjiw",), "Kyiv", "Capital of Ukraine")
    assert kyiv.origin.endswith("termbase.tbx:6")
    assert (missile.source, missile.target) == ("Marschflugkörper", "cruise missile")
    # The concept without German is skipped, and the user is told where.
    assert len(glossary.warnings) == 1 and "termbase.tbx:23" in glossary.warnings[0]


def test_tbx_v3_with_namespace(tmp_path):
    glossary = load_glossary(write(tmp_path, "termbase.xml", TBX_V3))
    assert [(e.source, e.variants, e.target) for e in glossary.entries] == [
        ("Islamische Revolutionsgarde", ("Revolutionsgarden",), "Islamic Revolutionary Guard Corps")
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE martif [\n<!ENTITY a "aaaaaaaaaa">\n]>\n<martif>&a;</martif>\n',
         "line 2: a DTD inside the file"),
        ("<martif>\n<text><body>\n<termEntry>\n</body></text></martif>\n", "line 4: malformed XML: mismatched tag"),
        ("<glossary><entry/></glossary>\n", "line 1: not a TBX file"),
        ('<!DOCTYPE martif SYSTEM "x.dtd">\n<martif>\n<text>&nbsp;</text></martif>\n', "line 3: entity &nbsp; is not defined"),
        ('<martif><text><body>\n<termEntry><langSet xml:lang="de"><tig><term>Kiew</term></tig></langSet>\n'
         '<langSet xml:lang="en"><tig><term>Kiev</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts'
         '</termNote></tig></langSet></termEntry></body></text></martif>', "line 2: every English term of this concept is deprecated"),
        ('<martif><text><body>\n<termEntry><langSet xml:lang="de"><tig><term> </term></tig></langSet>\n'
         '</termEntry></body></text></martif>', "line 2: empty <term> element"),
    ],
)
def test_tbx_problems_are_refused_with_file_and_line(tmp_path, text, message):
    path = write(tmp_path, "bad.tbx", text)
    with pytest.raises(InputError) as raised:
        load_glossary(path)
    assert str(raised.value).startswith(f"{path}: {message}")


def test_wmt23_term_lists_load_one_glossary_per_sentence():
    path = DATA / "wmt23-terminology" / "deen.term.proper"
    term_lists = load_term_lists(path)
    assert len(term_lists) == 2963
    first = term_lists[0]
    assert [(e.source, e.target) for e in first.entries][:2] == [
        ("Versorgung", "treatment"),
        ("ausgedehnten oder komplexen Handverletzungen", "large and complex hand injuries"),
    ]
    assert first.entries[0].origin == f"{path}:1"
    assert first.signature.startswith("deen.term.proper:1@sha256:") and first.signature.endswith("|entries:3")


@pytest.mark.parametrize(
    "line, message",
    [
        ('[{"de": "Kreml", "en": "Kremlin"}', "not valid JSON"),
        ('{"de": "Kreml", "en": "Kremlin"}', "expected a JSON list"),
        ('[{"de": "Kreml"}]', "term 1: expected a JSON list"),
        ('[{"de": " ", "en": "Kremlin"}]', 'term 1: empty "de" or "en"'),
        ("", "empty line; write []"),
    ],
)
def test_malformed_term_list_line_names_file_and_line(tmp_path, line, message):
    path = write(tmp_path, "terms.jsonl", f"[]\n{line}\n[]\n")
    with pytest.raises(InputError) as raised:
        load_term_lists(path)
    assert str(raised.value).startswith(f"{path}: line 2: {message}")


def test_signature_identifies_the_terms_not_the_notes_or_the_place(tmp_path):
    base = "source\ttarget\tnote\nKiew\tKyiv\t{note}\n"
    one = load_glossary(write(tmp_path, "a.tsv", base.format(note="first")))
    moved = load_glossary(write(tmp_path / "elsewhere", "a.tsv", base.format(note="second")))
    changed = load_glossary(write(tmp_path, "b.tsv", base.format(note="").replace("Kyiv", "Kiev")))
    assert one.signature.startswith("a.tsv@sha256:") and one.signature.endswith("|entries:1")
    assert moved.signature == one.signature
    assert changed.signature.split("@")[1] != one.signature.split("@")[1]


def test_later_glossary_overrides_the_bundled_one_with_a_warning(tmp_path):
    desk = write(tmp_path, "desk.tsv", "source\ttarget\nKiew\tKyiv city\nMinsk\tMinsk\n")
    combined = load_glossaries([desk])
    default_size = len(load_glossary(DEFAULT_GLOSSARY_PATH).entries)
    assert len(combined.entries) == default_size + 1
    (warning,) = combined.warnings
    assert f"{desk}:2" in warning and f"{DEFAULT_GLOSSARY_PATH}:" in warning and "Kyiv city" in warning
    assert [m.target for m in match_terms("In Kiew und Minsk.", combined)] == ["Kyiv city", "Minsk"]
    assert combined.signature.startswith("news-de-en.tsv@sha256:") and "+desk.tsv@sha256:" in combined.signature


def test_an_overriding_entry_also_wins_ties_with_entries_of_earlier_glossaries(tmp_path):
    newsroom = write(tmp_path, "newsroom.tsv", (
        "source\ttarget\tvariants\nSelensky\tZelensky\tSelenskyj\nSelenskyj\tZelensky\t\n"
    ))
    desk = write(tmp_path, "desk.tsv", "source\ttarget\tvariants\nSelensky\tZelenskyy\tSelenskyj\n")
    combined = load_glossaries([newsroom, desk], include_default=False)
    assert [m.target for m in match_terms("Selenskyj reiste ab.", combined)] == ["Zelenskyy"]


def test_glossaries_without_the_default(tmp_path):
    desk = write(tmp_path, "desk.tsv", "source\ttarget\nKiew\tKyiv\n")
    assert [e.source for e in load_glossaries([desk], include_default=False).entries] == ["Kiew"]
    assert load_glossaries([], include_default=False).entries == ()


def test_bundled_glossary_documents_house_style_and_has_the_newsroom_terms():
    head = DEFAULT_GLOSSARY_PATH.read_text(encoding="utf-8").split("\nsource\t")[0]
    assert "US spelling" in head and "Kyiv" in head
    glossary = load_glossary(DEFAULT_GLOSSARY_PATH)
    assert len(glossary.entries) >= 60 and glossary.warnings == []
    pairs = {(e.source, e.target) for e in glossary.entries}
    assert {
        ("Islamische Revolutionsgarde", "Islamic Revolutionary Guard Corps"),
        ("Ukraine-Kontaktgruppe", "Ukraine Defense Contact Group"),
        ("Wolodymyr Selensky", "Volodymyr Zelensky"),
        ("Sergei Schoigu", "Sergei Shoigu"),
        ("Kreml", "Kremlin"),
        ("Luftverteidigungssystem", "air defense system"),
    } <= pairs


def test_unknown_extension_is_refused(tmp_path):
    path = write(tmp_path, "desk.txt", "source\ttarget\n")
    with pytest.raises(InputError, match="unknown glossary format '.txt'"):
        load_glossary(path)


# --- issue 18: deep XML, JSON limits and invisible characters in glossaries ----------------------------------


def test_tbx_nested_deeper_than_the_xml_limit_is_refused_in_one_line(tmp_path):
    path = write(tmp_path, "deep.tbx", "<martif><text><body>\n" + "<termEntry>" * 100_000 + "</termEntry>" * 100_000
                 + "</body></text></martif>\n")
    with pytest.raises(InputError) as raised:
        load_glossary(path)
    assert str(raised.value) == (
        f"{path}: line 2: elements nested deeper than 256 levels, the parser's limit; refused, "
        "as the text inside cannot be read"
    )


@pytest.mark.parametrize(
    "line, message",
    [
        ("[" * 100_000 + "]" * 100_000, r"line 2: nested deeper than 64 levels \(column 65\)"),
        ('[{"de": "Kreml\\udc00", "en": "Kremlin"}]', r"line 2: contains a lone UTF-16 surrogate \(\\udc00"),
        ('[{"de": "Kreml", "en": "Krem\\u0000lin"}]', r"line 2: contains a NUL character"),
        ('[{"de": "\\u200b", "en": "Kremlin"}]', r'line 2: term 1: empty "de" or "en"'),
        ("\u200b\u2060", r"line 2: empty line"),
    ],
)
def test_term_lists_refuse_deep_json_surrogates_nul_and_invisible_terms(tmp_path, line, message):
    path = write(tmp_path, "terms.jsonl", f"[]\n{line}\n[]\n")
    with pytest.raises(InputError, match=rf"^{path}: {message}") as raised:
        load_term_lists(path)
    assert "\n" not in str(raised.value)


def test_invisible_only_lines_and_cells_are_blank_in_tables_and_tbx(tmp_path):
    tsv = write(tmp_path, "desk.tsv", "source\ttarget\n\u200b\n\ufeff \u00ad\nKreml\tKremlin\n")
    assert [e.source for e in load_glossary(tsv).entries] == ["Kreml"]
    with pytest.raises(InputError, match=rf"^{tmp_path / 'cell.tsv'}: line 2: empty target cell"):
        load_glossary(write(tmp_path, "cell.tsv", "source\ttarget\nKreml\t\u200b\n"))
    tbx = write(tmp_path, "zw.tbx", '<martif><text><body>\n<termEntry><langSet xml:lang="de"><tig><term>\u200b</term>'
                '</tig></langSet></termEntry></body></text></martif>')
    with pytest.raises(InputError, match=r"line 2: empty <term> element"):
        load_glossary(tbx)
