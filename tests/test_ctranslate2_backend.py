"""The CTranslate2 backend on the tiny model: the same invariants as the transformers backend, and at float32 the
same outputs (which shows the conversion is right)."""
from __future__ import annotations

import json
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


# --- The automatic choice: CTranslate2 by default, transformers where CTranslate2 cannot run the model ---------------


@pytest.fixture(scope="module")
def unconvertible_model_dir(tmp_path_factory):
    """A MarianMT transformers runs but CTranslate2's converter refuses: its activation (tanh) is not one
    CTranslate2 implements."""
    from tiny_model import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tanh-marian"), activation="tanh")


def _translate_json(model_dir, tmp_path, capsys, *options: str) -> tuple[int, dict | None, str]:
    story = tmp_path / "story.txt"
    story.write_text("Der Kreml schweigt.\n", encoding="utf-8")
    code = main(["translate", "--model", str(model_dir), "--format", "json", *options, str(story)])
    out, err = capsys.readouterr()
    return code, json.loads(out) if code == 0 else None, err


def test_translate_without_backend_runs_ctranslate2_int8(tiny_model_dir, tmp_path, capsys):
    code, payload, err = _translate_json(tiny_model_dir, tmp_path, capsys)
    assert code == 0
    assert "|backend:ctranslate2|device:cpu|compute:int8|" in payload["signature"]
    assert "using transformers" not in err


def test_backend_transformers_is_still_there(tiny_model_dir, tmp_path, capsys):
    code, payload, err = _translate_json(tiny_model_dir, tmp_path, capsys, "--backend", "transformers")
    assert code == 0
    assert "|backend:transformers|device:cpu|" in payload["signature"] and "compute:" not in payload["signature"]
    assert "using transformers" not in err


def test_a_model_ctranslate2_cannot_convert_falls_back_to_transformers_in_one_line(
    unconvertible_model_dir, tmp_path, capsys
):
    code, payload, err = _translate_json(unconvertible_model_dir, tmp_path, capsys)
    assert code == 0
    assert "|backend:transformers|" in payload["signature"]
    notices = [line for line in err.splitlines() if "CTranslate2" in line]
    assert notices == [f"newsmt: model {unconvertible_model_dir}: CTranslate2 cannot convert it: 'tanh'; using transformers"]
    assert payload["paragraphs"][0]["target"]
    # Asked for by name, CTranslate2 is not replaced: the user gets its error (exit 3, one line).
    code, _, err = _translate_json(unconvertible_model_dir, tmp_path, capsys, "--backend", "ctranslate2")
    assert code == 3 and err.count("\n") == 1 and "CTranslate2 cannot convert it" in err


def test_the_python_api_warns_when_it_falls_back(unconvertible_model_dir):
    with pytest.warns(RuntimeWarning, match="CTranslate2 cannot convert it.*; using transformers"):
        backend = load_backend(str(unconvertible_model_dir), device="cpu")
    assert backend.name == "transformers"
    reasons = []
    assert load_backend(str(unconvertible_model_dir), device="cpu", on_fallback=reasons.append).name == "transformers"
    assert len(reasons) == 1


def test_a_model_neither_backend_can_load_gets_the_fallbacks_error_alone(tiny_model_dir, tmp_path, capsys):
    """Broken weights: CTranslate2's converter fails, so does transformers; the user reads one line about the model,
    not a notice about a fall-back that did not happen."""
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "model.safetensors").write_bytes(b"not weights")
    code, _, err = _translate_json(broken, tmp_path, capsys)
    assert code == 3 and err.count("\n") == 1
    assert "cannot load the model" in err and "using transformers" not in err
