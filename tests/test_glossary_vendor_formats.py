"""Vendor glossary files as they come (DeepL, Google, Amazon; samples in tests/data/glossaries/, see its
README): each loads unchanged, `glossary check` names the format it read, and its terms are enforced on the
tiny random-weight model, which never writes a term of its own accord."""
from __future__ import annotations

from pathlib import Path

import pytest
from test_glossary_formats import write

from glossaries import load_glossary
from translate.app.cli import main
from translate.kernel.errors import InputError
from translate.kernel.presence import term_present

from pipelines import translator_for

SAMPLES = Path(__file__).parent / "data" / "glossaries"
TERMS = {("Marschflugkörper", "cruise missile"), ("Kiew", "Kyiv")}
FORMATS = {
    "deepl.csv": "DeepL / Google unidirectional CSV",
    "deepl.tsv": "DeepL TSV",
    "google-unidirectional.csv": "DeepL / Google unidirectional CSV",
    "google-equivalent-terms.csv": "Google equivalent-term set / Amazon CSV",
    "amazon.csv": "Google equivalent-term set / Amazon CSV",
    "amazon.tsv": "Amazon TSV",
    "amazon.tmx": "TMX terminology (Amazon)",
}


def test_every_sample_is_listed():
    assert {path.name for path in SAMPLES.iterdir() if path.suffix != ".md"} == set(FORMATS)


@pytest.mark.parametrize("name", FORMATS)
def test_sample_loads_and_check_names_its_format(name, capsys):
    glossary = load_glossary(SAMPLES / name)
    assert {(entry.source, entry.target) for entry in glossary.entries} == TERMS
    assert main(["glossary", "check", str(SAMPLES / name)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{SAMPLES / name}: read as {FORMATS[name]}, 2 entries", "checked 1 file: 0 errors, 0 warnings"]


@pytest.mark.parametrize("name", FORMATS)
def test_sample_terms_are_enforced(tiny_model_dir, name):
    translator = translator_for(tiny_model_dir, glossary=load_glossary(SAMPLES / name))
    document = translator.translate_lines(["Der Marschflugkörper traf Kiew am Morgen."])
    (segment,) = document.segments
    assert {(term.source, term.target) for term in segment.terms} == TERMS
    for target in ("cruise missile", "Kyiv"):
        assert term_present(target, segment.target), segment.target


def test_google_description_becomes_the_note():
    glossary = load_glossary(SAMPLES / "google-equivalent-terms.csv")
    assert {entry.source: entry.note for entry in glossary.entries}["Kiew"] == "capital of Ukraine"


def test_language_header_with_regional_codes_and_variants(tmp_path):
    path = write(tmp_path, "terms.csv", "de-DE,de-AT,en-US\nKiew,Kyjiw,Kyiv\nJänner,,\n")
    glossary = load_glossary(path)
    assert [(e.source, e.variants, e.target) for e in glossary.entries] == [("Kiew", ("Kyjiw",), "Kyiv")]
    assert glossary.warnings == [f"{path}:3: warning: row has no English term; skipped"]


BAD = [
    # A first row that could be a header but names no known columns: which it is cannot be told.
    ("words.csv", "German,English\nKiew,Kyiv\n", 1, "cannot tell the layout from the first row ('German', 'English')"),
    ("quelle.tsv", "Quelle\tZiel\nKiew\tKyiv\n", 1, "cannot tell the layout"),
    ("three.csv", "Kiew,Kyiv,Hauptstadt\n", 1, "cannot tell the layout"),
    ("nogerman.csv", "en,fr\nKyiv,Kyiv\n", 1, "the header names the languages en, fr but no de column"),
    ("ragged.tsv", "Kiew\tKyiv\nKreml\tKremlin\textra\n", 2, "row has 3 cells; a glossary without a header has two"),
    ("notmx.tmx", "<tbx/>\n", 1, "not a TMX file"),
]


@pytest.mark.parametrize("name, content, line, message", BAD, ids=[case[0] for case in BAD])
def test_unreadable_layouts_say_why(tmp_path, name, content, line, message):
    path = write(tmp_path, name, content)
    with pytest.raises(InputError) as raised:
        load_glossary(path)
    assert str(raised.value).startswith(f"{path}: line {line}: {message}")


def test_the_layout_error_lists_the_formats_tried(tmp_path):
    path = write(tmp_path, "words.csv", "German,English\nKiew,Kyiv\n")
    with pytest.raises(InputError) as raised:
        load_glossary(path)
    for tried in ("newsmt columns", "language-code columns", "Google equivalent-term set", "Amazon", "DeepL",
                  "Google unidirectional"):
        assert tried in str(raised.value)


def test_a_tbx_without_a_usable_entry_fails_check(tmp_path, capsys):
    path = write(tmp_path, "fr.tbx", (
        '<martif type="TBX"><text><body><termEntry>'
        '<langSet xml:lang="fr"><tig><term>drone</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>drone</term></tig></langSet>'
        "</termEntry></body></text></martif>\n"
    ))
    assert main(["glossary", "check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{path}: error: no usable entry in the file" in out
    assert f"{path}:1: warning: concept has no German term; skipped" in out
