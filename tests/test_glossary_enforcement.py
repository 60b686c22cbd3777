"""The glossary guarantee on the tiny random-weight model, which never produces a term by chance:
every matched term's English form must be in the output, placed by constrained decoding."""
import json
from pathlib import Path

import pytest

from glossaries import DEFAULT_GLOSSARY_PATH, Glossary, GlossaryEntry, load_glossary, load_term_lists
from translate.kernel.presence import term_present
from glossary_sentences import BUNDLED_SENTENCES, unmark
from tiny_model import build_tiny_model
from translate.engine.backend import TranslationBackend
from translate.app.cli import main
from translate.engine.pipeline import INSERTED, Translator, insert_term

BUNDLED = load_glossary(DEFAULT_GLOSSARY_PATH)


@pytest.fixture(scope="module")
def glossary_translator(tiny_model_dir):
    return Translator(model=str(tiny_model_dir), device="cpu", glossary=BUNDLED)


def test_every_bundled_entry_in_two_forms_comes_out_as_listed(glossary_translator):
    sentences = [unmark(marked)[0] for marked_list in BUNDLED_SENTENCES.values() for marked in marked_list]
    document = glossary_translator.translate_lines(sentences)
    assert len(document.segments) == len(sentences)
    checked = 0
    for segment in document.segments:
        assert segment.terms, segment.source
        for term in segment.terms:
            assert term_present(term.target, segment.target), (term, segment.target)
            # Placed by the decoder, not by the pipeline's repair.
            assert term.applied and term.reason is None, term
            checked += 1
    bundled_targets = {e.target for e in BUNDLED.entries}
    placed_targets = {t.target for s in document.segments for t in s.terms}
    assert placed_targets == bundled_targets
    assert checked >= 2 * len(BUNDLED.entries)


def test_a_backend_that_cannot_steer_is_repaired_by_the_pipeline(tiny_model_dir):
    """The guarantee lives in the pipeline: a backend without logits processors (like CTranslate2)
    still yields every term, and the report says which ones were inserted after decoding."""

    class IgnoresTerms(TranslationBackend):
        def __init__(self, inner):
            self.inner = inner
            self.model_id, self.revision, self.device = inner.model_id, inner.revision, inner.device

        max_input_tokens = property(lambda self: self.inner.max_input_tokens)

        def count_tokens(self, texts):
            return self.inner.count_tokens(texts)

        def translate_batch(self, sentences, *, beam=None, target_terms=None):
            return self.inner.translate_batch(sentences, beam=beam)

    steered = Translator(model=str(tiny_model_dir), device="cpu")
    translator = Translator(backend=IgnoresTerms(steered.backend), glossary=BUNDLED)
    document = translator.translate_text("Der Kreml bestätigte das Treffen. Selensky reiste ab.")
    terms = [t for s in document.segments for t in s.terms]
    assert [t.target for t in terms] == ["Kremlin", "Zelensky"]
    for segment in document.segments:
        for term in segment.terms:
            assert term_present(term.target, segment.target)
            assert term.applied and term.reason == INSERTED


def test_per_sentence_term_lists_override_the_glossary(tiny_model_dir):
    translator = Translator(model=str(tiny_model_dir), device="cpu", glossary=BUNDLED)
    house_rule = Glossary.from_entries([GlossaryEntry("Kreml", "the Kremlin leadership")], "request")
    document = translator.translate_lines(["Der Kreml schweigt.", "Der Kreml schweigt."], term_lists=[house_rule, Glossary.from_entries([], "none")])
    first, second = document.segments
    assert [t.target for t in first.terms] == ["the Kremlin leadership"]
    assert [t.target for t in second.terms] == ["Kremlin"]
    assert term_present("the Kremlin leadership", first.target) and term_present("Kremlin", second.target)


def test_term_lists_must_match_the_paragraph_count(translator):
    from translate.kernel.errors import InputError

    with pytest.raises(InputError, match="has 2 paragraphs but the term lists have 1 lines"):
        translator.translate_lines(["Eins.", "Zwei."], term_lists=[Glossary.from_entries([], "x")])


def test_terms_in_a_sentence_split_for_length_are_placed(tiny_model_dir):
    translator = Translator(model=str(tiny_model_dir), device="cpu", glossary=BUNDLED)
    filler = "die Delegationen berieten lange über neue Hilfen und weitere Lieferungen, "
    sentence = "Der Kreml reagierte, " + filler * 45 + "und Selensky dankte den Partnern."
    assert translator.backend.count_tokens([sentence])[0] > translator.backend.max_input_tokens
    segment = translator.translate_text(sentence).segments[0]
    assert [t.target for t in segment.terms] == ["Kremlin", "Zelensky"]
    assert all(term_present(t.target, segment.target) and t.reason is None for t in segment.terms)


@pytest.mark.parametrize(
    "target, term, expected",
    [
        ("The talks ended.", "Kremlin", "The talks ended Kremlin."),
        ('He said: "No."', "Kremlin", 'He said: "No Kremlin."'),
        ("no punctuation", "NATO", "no punctuation NATO"),
        ("", "NATO", "NATO"),
    ],
)
def test_insert_term_goes_before_final_punctuation(target, term, expected):
    assert insert_term(target, term) == expected


WMT23 = Path(__file__).parent / "data" / "wmt23-terminology"


@pytest.fixture(scope="module")
def roomy_model_dir(tmp_path_factory):
    """The tiny model with room for many terms: its small vocabulary spells a term in ~10 tokens,
    and the WMT 2023 sentences need up to 15 terms (opus-mt-de-en has 512 positions, ~3 tokens a term)."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny-256"), max_length=256)


def test_wmt23_term_lists_are_placed_by_decoding(roomy_model_dir):
    lines = (WMT23 / "deen.de").read_text(encoding="utf-8").splitlines()[:24]
    term_lists = load_term_lists(WMT23 / "deen.term.proper")[:24]
    translator = Translator(model=str(roomy_model_dir), device="cpu")
    document = translator.translate_lines(lines, term_lists=term_lists)
    terms = [t for s in document.segments for t in s.terms]
    assert len(terms) >= 80
    for segment in document.segments:
        assert all(term_present(t.target, segment.target) for t in segment.terms)
    by_decoding = [t for t in terms if t.reason is None]
    assert len(by_decoding) / len(terms) >= 0.98
    tokenizer = translator.backend._tokenizer
    for term in terms:
        if term.reason is not None:  # only what this vocabulary cannot spell needs the repair
            ids = tokenizer(text_target=term.target, add_special_tokens=False)["input_ids"]
            assert tokenizer.unk_token_id in ids, term


def test_wmt23_terms_end_to_end_through_the_cli(tiny_model_dir, tmp_path, capsys):
    source = tmp_path / "deen.de"
    terms = tmp_path / "deen.term.proper"
    source.write_text("\n".join((WMT23 / "deen.de").read_text(encoding="utf-8").splitlines()[:30]) + "\n", encoding="utf-8")
    terms.write_text("\n".join((WMT23 / "deen.term.proper").read_text(encoding="utf-8").splitlines()[:30]) + "\n", encoding="utf-8")
    args = ["translate", "--model", str(tiny_model_dir), "--no-default-glossary", "--terms", str(terms), "--format", "json", str(source)]
    assert main(args) == 0
    captured = capsys.readouterr()
    sentences = [s for p in json.loads(captured.out)["paragraphs"] for s in p["sentences"]]
    matched = [t for s in sentences for t in s["terms"]]
    assert len(matched) >= 100
    assert all(t["applied"] for t in matched)
    for sentence in sentences:
        assert all(term_present(t["target"], sentence["target"]) for t in sentence["terms"])
    assert f"{len(matched)} terms matched, {len(matched)} applied" in captured.err


def test_terms_file_with_a_different_line_count_is_refused(tiny_model_dir, tmp_path, capsys):
    source = tmp_path / "two.txt"
    source.write_text("Der Kreml schweigt.\nKiew auch.\n", encoding="utf-8")
    terms = tmp_path / "one.jsonl"
    terms.write_text('[{"de": "Kreml", "en": "Kremlin"}]\n', encoding="utf-8")
    assert main(["translate", "--model", str(tiny_model_dir), "--terms", str(terms), str(source)]) == 2
    assert "has 2 paragraphs but the term lists have 1 lines" in capsys.readouterr().err


def test_a_broken_glossary_stops_translate_before_the_model_loads(tmp_path, capsys):
    glossary = tmp_path / "house.tsv"
    glossary.write_text("source\ttarget\nKreml\t\n", encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text("Der Kreml schweigt.\n", encoding="utf-8")
    assert main(["translate", "--model", "/nonexistent", "--glossary", str(glossary), str(story)]) == 2
    err = capsys.readouterr().err
    assert "house.tsv: line 2: empty target cell" in err and err.count("\n") == 1
