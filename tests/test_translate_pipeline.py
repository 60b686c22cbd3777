"""The document pipeline on a real (tiny, random-weight) MarianMT model loaded like opus-mt-de-en."""
from pathlib import Path

import pytest

from translate.engine.pipeline import STAGE_ORDER, Translator

from pipelines import CountingBackend, backend_for, translator_for

EXAMPLE = Path(__file__).parent.parent / "examples" / "kontaktgruppe.de.txt"


def test_one_output_paragraph_per_input_paragraph_blank_line_convention(translator):
    text = EXAMPLE.read_text(encoding="utf-8")
    document = translator.translate_text(text)
    assert document.convention == "blank-line"
    assert [p.source for p in document.paragraphs] == [" ".join(b.split()) for b in text.strip().split("\n\n")]
    output = document.to_text()
    assert len(output.strip("\n").split("\n\n")) == 5
    assert all(p.target for p in document.paragraphs)


def test_one_output_line_per_input_line_line_convention(translator, newstest2019_de):
    lines = newstest2019_de[:30]
    document = translator.translate_text("\n".join(lines))
    assert document.convention == "line"
    output = document.to_text().split("\n")
    assert output[-1] == ""
    assert len(output[:-1]) == 30
    assert [p.source for p in document.paragraphs] == lines


@pytest.mark.slow
def test_batching_does_not_change_or_reorder_outputs(tiny_model_dir, newstest2019_de):
    """Sentences are sorted by length into batches and put back: each output must be the one its
    own sentence gets when translated alone."""
    lines = newstest2019_de[:24]
    batched = translator_for(tiny_model_dir, max_batch_sentences=8).translate_lines(lines)
    single = translator_for(tiny_model_dir, max_batch_sentences=1).translate_lines(lines)
    assert [p.target for p in batched.paragraphs] == [p.target for p in single.paragraphs]
    assert len({p.target for p in batched.paragraphs}) > 20  # outputs really differ per input


def test_output_is_deterministic(translator, newstest2019_de):
    first = translator.translate_lines(newstest2019_de[:10]).to_text()
    assert translator.translate_lines(newstest2019_de[:10]).to_text() == first


def test_a_huge_batch_size_cannot_make_a_giant_padded_batch(tiny_model_dir, newstest2019_de):
    """--batch-size 100000 once made one padded batch of 100 sentences: batches are bounded by tokens."""
    spy = CountingBackend(backend_for(tiny_model_dir))
    Translator(spy, max_batch_sentences=100_000, max_batch_tokens=600).translate_lines(newstest2019_de[:100])
    padded = [len(batch) * max(spy.count_tokens(batch)) for batch in spy.batches]
    assert len(padded) > 1
    longest = max(spy.count_tokens(newstest2019_de[:100]))
    assert all(size <= max(600, longest) for size in padded)


def test_stages_are_named_and_disabled_by_name(tiny_model_dir):
    from glossaries import load_glossaries

    full = translator_for(tiny_model_dir, glossary=load_glossaries([]), checks=True)
    assert full.stage_names == ["terms", "model", "term-check", "quality"]
    assert all(name in STAGE_ORDER for name in full.stage_names)
    quiet = Translator(full.backend, term_matcher=full.term_matcher, checks=full.stages[-1].checks, disable=["quality"])
    assert quiet.stage_names == ["terms", "model", "term-check"]
    sentence = "Das Wetter bleibt am Wochenende kalt."
    assert full.translate_text(sentence).segments[0].flags  # the random model's word salad is flagged …
    # … unless the checks are disabled: then only the model stage's own flag is left (the random model never ends a
    # sentence by itself, so it always runs to its length bound)
    assert [f.code for f in quiet.translate_text(sentence).segments[0].flags] == ["length-bound"]
    with pytest.raises(ValueError, match="unknown stage"):
        Translator(full.backend, disable=["qualty"])


def test_crlf_text_through_the_python_api_is_read_like_a_file(translator):
    document = translator.translate_text("Erster Absatz.\r\n\r\nZweiter Absatz,\r\nweiter.\rDritte Zeile.")
    assert document.convention == "blank-line"
    assert [p.source for p in document.paragraphs] == ["Erster Absatz.", "Zweiter Absatz,\nweiter.\nDritte Zeile."]


def test_empty_paragraphs_pass_through(translator):
    document = translator.translate_text("Erster Absatz.\n\n\n\nDritter Absatz.\n")
    assert [p.source for p in document.paragraphs] == ["Erster Absatz.", "", "Dritter Absatz."]
    assert document.paragraphs[1].target == ""
    assert document.to_text().startswith(document.paragraphs[0].target + "\n\n\n\n")


def test_sentences_over_the_input_limit_are_split_not_truncated(translator):
    clause = "die Delegationen aus Berlin, Paris und Warschau berieten lange über neue Hilfen für die Ukraine, "
    long_sentence = ("Am Dienstag " + clause * 30).rstrip(", ") + "."
    assert translator.backend.count_tokens([long_sentence])[0] > translator.backend.max_input_tokens
    document = translator.translate_text(long_sentence + " Danach war Schluss.")
    first, second = document.segments
    assert first.source == long_sentence  # the sentence stays one segment …
    model_stage = translator.stages[translator.stage_names.index("model")]
    pieces = model_stage.units([first])
    assert len(pieces) >= 2 and all(p.length <= translator.backend.max_input_tokens for p in pieces)
    # … and its translation is every piece's translation, in order.
    piece_outputs = [t.text for t in translator.backend.translate_batch([p.text for p in pieces])]
    assert first.target == " ".join(t.strip() for t in piece_outputs if t.strip())
    assert second.target


def test_many_documents_in_one_pass_keep_their_own_paragraphs(translator):
    texts = ["Eins.\nZwei.\nDrei.", "Erster Absatz.\n\nZweiter Absatz.", "Nur einer."]
    documents = translator.translate_documents(texts, ["a", "b", "c"])
    assert [d.name for d in documents] == ["a", "b", "c"]
    assert [len(d.paragraphs) for d in documents] == [3, 2, 1]
    alone = translator.translate_text(texts[1])
    assert documents[1].to_text() == alone.to_text()


def test_signature_names_model_and_revision(translator, tiny_model_dir):
    assert translator.signature.startswith(f"model:{tiny_model_dir}|rev:sha256:")
    assert "|backend:transformers|device:cpu" in translator.signature


def test_batch_limits_must_be_positive(tiny_model_dir):
    with pytest.raises(ValueError):
        Translator(backend_for(tiny_model_dir), max_batch_sentences=0)
    with pytest.raises(ValueError):
        Translator(backend_for(tiny_model_dir), max_batch_tokens=0)
