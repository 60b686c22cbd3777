"""The CTranslate2 backend on the tiny model: the same invariants as the transformers backend, and at float32 the
same outputs (which shows the conversion is right)."""
from __future__ import annotations

import shutil

import pytest

from glossaries import DEFAULT_GLOSSARY_PATH, load_glossary
from translate import Batch, ModelUnavailable, load_backend
from translate.app.cli import main
from translate.kernel.presence import term_present

from pipelines import backend_for, translator_for

pytest.importorskip("ctranslate2")


@pytest.fixture(scope="module")
def ct2(tiny_model_dir):
    return load_backend(str(tiny_model_dir), backend="ctranslate2", device="cpu", compute_type="float32")


def test_float32_outputs_equal_the_transformers_backend(ct2, tiny_model_dir, newstest2019_de):
    sentences = newstest2019_de[:40]
    theirs = [t.text for t in backend_for(tiny_model_dir).translate_batch(sentences)]
    ours = [t.text for t in ct2.translate_batch(sentences)]
    assert len(ours) == len(sentences)
    same = sum(a == b for a, b in zip(theirs, ours, strict=True))
    assert same / len(sentences) >= 0.95, same
    assert len(set(ours)) > 30  # outputs depend on the input: not one string for all


def test_signature_and_limits(ct2, tiny_model_dir):
    assert ct2.signature.startswith(f"model:{tiny_model_dir}|rev:sha256:")
    assert ct2.signature.endswith("|backend:ctranslate2|device:cpu|compute:float32")
    assert ct2.max_input_tokens == backend_for(tiny_model_dir).max_input_tokens
    assert ct2.count_tokens(["Der Kreml schweigt."]) == backend_for(tiny_model_dir).count_tokens(["Der Kreml schweigt."])


def test_threads_are_workers_that_run_batches_side_by_side_with_results_in_order(tiny_model_dir, newstest2019_de):
    """On a CPU each thread is a worker taking a whole batch; `translate_batches` submits ahead of them and still
    gives each batch its own results, in order: the same as translating the batches one by one."""
    backend = load_backend(str(tiny_model_dir), backend="ctranslate2", device="cpu", compute_type="float32", threads=2)
    assert backend.workers == backend._translator.num_translators == 2
    sentences = newstest2019_de[:30]
    batches = [Batch(sentences[i : i + 3]) for i in range(0, 30, 3)] + [Batch([])]  # more than the 4 in flight
    one_by_one = [[t.text for t in backend.translate_batch(batch.sentences)] for batch in batches]
    side_by_side = [[t.text for t in results] for results in backend.translate_batches(batches)]
    assert side_by_side == one_by_one
    assert [len(r) for r in side_by_side] == [3] * 10 + [0]


def test_fixed_output_lengths_hold_for_batches_side_by_side(tiny_model_dir, newstest2019_de, monkeypatch):
    """CTranslate2 takes one length per batch: each sentence decodes its batch's longest (see the backend)."""
    backend = load_backend(str(tiny_model_dir), backend="ctranslate2", device="cpu", threads=2)
    written, translation = [], backend._translation
    monkeypatch.setattr(backend, "_translation", lambda result: written.append(len(result.hypotheses[0])) or translation(result))
    batches = [Batch(newstest2019_de[:3], output_lengths=[5, 9, 7]), Batch(newstest2019_de[3:5], output_lengths=[4, 4])]
    assert [len(results) for results in backend.translate_batches(batches, beam=2)] == [3, 2]
    assert written == [9, 9, 9, 4, 4]


def test_int8_is_the_cpu_default(tiny_model_dir):
    assert load_backend(str(tiny_model_dir), backend="ctranslate2", device="cpu").compute_type == "int8"


def test_the_pipeline_keeps_its_guarantees_on_ctranslate2(tiny_model_dir, newstest2019_de):
    translator = translator_for(tiny_model_dir, backend="ctranslate2", glossary=load_glossary(DEFAULT_GLOSSARY_PATH))
    text = "Der Kreml schweigt. Selenskyj reist nach Kiew.\n\nZweiter Absatz.\n\n\n\nVierter Absatz."
    document = translator.translate_text(text)
    assert len(document.paragraphs) == 4 and document.paragraphs[2].target == ""
    for segment in document.segments:
        assert segment.target
        for term in segment.terms:
            assert term_present(term.target, segment.target)
            assert term.placement in {"injected", "realigned", "inserted"}  # no logits processors: never "forced"
    clause = "die Delegationen aus Berlin, Paris und Warschau berieten lange über neue Hilfen für die Ukraine, "
    long_sentence = ("Am Dienstag " + clause * 30).rstrip(", ") + "."
    assert translator.backend.count_tokens([long_sentence])[0] > translator.backend.max_input_tokens
    assert translator.translate_text(long_sentence).segments[0].target


def test_conversion_is_cached(tiny_model_dir, monkeypatch):
    from ctranslate2 import converters

    load_backend(str(tiny_model_dir), backend="ctranslate2", device="cpu")  # converted (or already cached)
    monkeypatch.setattr(converters.TransformersConverter, "convert", lambda *a, **k: pytest.fail("converted twice"))
    load_backend(str(tiny_model_dir), backend="ctranslate2", device="cpu")


def test_a_converted_directory_is_accepted_as_is(tiny_model_dir, tmp_path, ct2):
    from translate.engine.ctranslate2_backend import converted_model
    from translate.engine.model_source import resolve_model

    converted = tmp_path / "opus-mt-ct2"
    shutil.copytree(converted_model(resolve_model(str(tiny_model_dir))), converted)
    for name in ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "generation_config.json"):
        shutil.copy(tiny_model_dir / name, converted / name)
    backend = load_backend(str(converted), backend="ctranslate2", device="cpu", compute_type="float32")
    assert [t.text for t in backend.translate_batch(["Der Kreml schweigt."])] == [
        t.text for t in ct2.translate_batch(["Der Kreml schweigt."])
    ]


def test_a_broken_model_is_exit_3(tmp_path, tiny_model_dir, capsys):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "model.safetensors").write_bytes(b"not weights")
    story = tmp_path / "story.txt"
    story.write_text("Der Kreml schweigt.\n", encoding="utf-8")
    assert main(["translate", "--backend", "ctranslate2", "--model", str(broken), str(story)]) == 3
    assert capsys.readouterr().err.count("\n") == 1
    with pytest.raises(ModelUnavailable):
        load_backend(str(tmp_path / "missing"), backend="ctranslate2")


def test_translate_command_on_ctranslate2(tiny_model_dir, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Der Kreml schweigt.\nKiew meldet neue Angriffe.\n", encoding="utf-8")
    out = tmp_path / "story.en.txt"
    assert main(["translate", "--backend", "ctranslate2", "--compute-type", "int8", "--threads", "1",
                 "--model", str(tiny_model_dir), "-o", str(out), str(story)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
