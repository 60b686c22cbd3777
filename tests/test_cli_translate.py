"""`newsmt translate` end to end: files, stdin, formats, exit codes and messages."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from translate.app.cli import main

EXAMPLE = Path(__file__).parent.parent / "examples" / "kontaktgruppe.de.txt"


def run_cli(*args: str, stdin: bytes | None = None, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    """The console script as a user runs it (fresh process: tracebacks would show on stderr)."""
    import os

    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "translate.app.cli", *args], input=stdin, capture_output=True, env=env, timeout=300
    )


def test_json_output_keeps_every_paragraph(tiny_model_dir, capsys):
    assert main(["translate", "--model", str(tiny_model_dir), "--format", "json", str(EXAMPLE)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["model"] == str(tiny_model_dir)
    assert payload["signature"].startswith(f"model:{tiny_model_dir}|rev:")
    paragraphs = payload["paragraphs"]
    assert len(paragraphs) == 5
    source_sentences = [s["source"] for p in paragraphs for s in p["sentences"]]
    assert len(source_sentences) == 13
    assert all(s["target"] for p in paragraphs for s in p["sentences"])
    for paragraph in paragraphs:
        assert set(paragraph) >= {"source", "target", "sentences"}
        assert paragraph["target"] == " ".join(s["target"] for s in paragraph["sentences"])


def test_quality_flags_mark_the_random_models_output_for_review(tiny_model_dir, capsys):
    """The random model writes 64 tokens of word salad with no final full stop: the checks must say so."""
    assert main(["translate", "--model", str(tiny_model_dir), "--format", "json", str(EXAMPLE)]) == 0
    captured = capsys.readouterr()
    sentences = [s for p in json.loads(captured.out)["paragraphs"] for s in p["sentences"]]
    for sentence in sentences:
        codes = {flag["code"] for flag in sentence["flags"]}
        assert "truncated" in codes, sentence
        for flag in sentence["flags"]:
            assert set(flag) == {"code", "severity", "message", "span"}
            assert flag["severity"] in {"error", "warning"}
    assert "13 of 13 sentences need review" in captured.err


def test_text_output_to_file(tiny_model_dir, tmp_path, capsys):
    out = tmp_path / "story.en.txt"
    assert main(["translate", "--model", str(tiny_model_dir), "-o", str(out), str(EXAMPLE)]) == 0
    assert capsys.readouterr().out == ""
    assert len(out.read_text(encoding="utf-8").strip("\n").split("\n\n")) == 5


def test_several_files_into_a_directory(tiny_model_dir, tmp_path):
    first, second = tmp_path / "eins.txt", tmp_path / "zwei.txt"
    first.write_text("Erste Meldung.\nZweite Zeile.\n", encoding="utf-8")
    second.write_text("Andere Meldung.\n", encoding="utf-8")
    outdir = tmp_path / "out"
    args = ["translate", "--model", str(tiny_model_dir), "--format", "json", "-o", str(outdir), str(first), str(second)]
    assert main(args) == 0
    assert json.loads((outdir / "eins.en.json").read_text())["file"] == str(first)
    assert len(json.loads((outdir / "eins.en.json").read_text())["paragraphs"]) == 2
    assert len(json.loads((outdir / "zwei.en.json").read_text())["paragraphs"]) == 1


def test_several_files_to_stdout_as_json_lines(tiny_model_dir, tmp_path, capsys):
    files = []
    for i, text in enumerate(["Eins.\n", "Zwei.\nDrei.\n"]):
        files.append(tmp_path / f"{i}.txt")
        files[-1].write_text(text, encoding="utf-8")
    assert main(["translate", "--model", str(tiny_model_dir), "--format", "json", *map(str, files)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [len(json.loads(line)["paragraphs"]) for line in lines] == [1, 2]


@pytest.mark.slow
def test_stdin_to_stdout(tiny_model_dir):
    result = run_cli("translate", "--model", str(tiny_model_dir), stdin="Der Kreml schweigt.\nKiew auch.\n".encode())
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.decode().splitlines()) == 2
    assert "translated 2 paragraphs, 2 sentences" in result.stderr.decode()


@pytest.mark.slow
def test_one_paragraph_is_said_in_the_singular(tiny_model_dir):
    result = run_cli("translate", "--model", str(tiny_model_dir), stdin="Der Kreml schweigt.\n".encode())
    assert "translated 1 paragraph, 1 sentence in" in result.stderr.decode()


@pytest.mark.slow
def test_missing_model_exits_3_with_advice_and_no_traceback(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Der Kreml schweigt.\n", encoding="utf-8")
    result = run_cli("translate", str(story), env_extra={"HF_HUB_OFFLINE": "1", "NEWSMT_MODEL": ""})
    stderr = result.stderr.decode()
    assert result.returncode == 3
    assert "Traceback" not in stderr
    assert "Helsinki-NLP/opus-mt-de-en" in stderr and "--model /path/to/opus-mt-de-en" in stderr
    assert len(stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("model_arg", ["/nonexistent/opus-mt", "EMPTY_DIR"])
def test_bad_model_directory_exits_3(model_arg, tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Der Kreml schweigt.\n", encoding="utf-8")
    model = str(tmp_path) if model_arg == "EMPTY_DIR" else model_arg
    assert main(["translate", "--model", model, str(story)]) == 3
    err = capsys.readouterr().err
    assert model in err and err.count("\n") == 1


def test_broken_weights_exit_3(tiny_model_dir, tmp_path, capsys):
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in tiny_model_dir.iterdir():
        (broken / f.name).write_bytes(f.read_bytes())
    (broken / "model.safetensors").write_bytes(b"not weights")
    story = tmp_path / "story.txt"
    story.write_text("Der Kreml schweigt.\n", encoding="utf-8")
    assert main(["translate", "--model", str(broken), str(story)]) == 3
    assert "cannot load the model" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty, nothing to translate"),
        (b"  \n\n \n", "is empty, nothing to translate"),
        ("Grüße\n".encode("latin-1"), "line 1: not valid UTF-8 (byte offset 2)"),
        (b"\x00\x01\x02binary", "binary file"),
    ],
)
def test_bad_input_exits_2_naming_the_file(content, message, tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    # The input is checked before the model is loaded: no model is needed to report it.
    assert main(["translate", "--model", "/nonexistent", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}: " in err and message in err and err.count("\n") == 1


def test_output_name_clash_is_refused(tmp_path, capsys):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "story.txt").write_text("Text.\n", encoding="utf-8")
    outdir = tmp_path / "out"
    args = ["translate", "--model", "/nonexistent", "-o", str(outdir), str(tmp_path / "a/story.txt"), str(tmp_path / "b/story.txt")]
    assert main(args) == 2
    assert "would overwrite" in capsys.readouterr().err


def test_cuda_request_without_cuda_is_a_usage_error(tiny_model_dir, tmp_path, capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("a CUDA device is present")
    story = tmp_path / "story.txt"
    story.write_text("Text.\n", encoding="utf-8")
    assert main(["translate", "--model", str(tiny_model_dir), "--device", "cuda", str(story)]) == 2
    assert "no CUDA device" in capsys.readouterr().err


def test_bad_numbers_are_usage_errors(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["translate", "--batch-size", "0", "x.txt"])
    assert exit_info.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_oversized_input_is_refused_not_truncated(tmp_path, capsys):
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Der Kreml schweigt. " * (1_100_000))
    assert main(["translate", "--model", "/nonexistent", str(huge)]) == 2
    err = capsys.readouterr().err
    assert f"{huge}: larger than 20 MiB; split it into several files" in err
