"""Options every command shares: `--threads` bounded in one line for every command, and a local `--model` that
cannot be loaded told about its directory, not sent to the Hugging Face hub."""
from __future__ import annotations

import os
import shutil

import pytest

from translate.app.argtypes import MAX_THREADS_PER_CORE
from translate.app.cli import main

COMMANDS = {  # each command that takes --threads, with what else it needs to parse
    "translate": ["translate", "story.txt"],
    "batch": ["batch", "in", "-o", "out"],
    "serve": ["serve"],
    "eval-suite": ["eval-suite", "news"],
    "bench": ["bench", "--random-model"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("threads", ["100000", str(MAX_THREADS_PER_CORE * (os.cpu_count() or 1) + 1)])
def test_too_many_threads_are_refused_in_one_line_before_anything_runs(command, threads, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*COMMANDS[command], "--threads", threads])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    limit = MAX_THREADS_PER_CORE * (os.cpu_count() or 1)
    assert f"argument --threads: at most {limit} ({MAX_THREADS_PER_CORE} per core" in err and "Traceback" not in err


def test_the_most_threads_allowed_are_accepted():
    from translate.app.cli import build_parser

    limit = MAX_THREADS_PER_CORE * (os.cpu_count() or 1)
    assert build_parser().parse_args(["translate", "--threads", str(limit)]).threads == limit


def _broken_copy(tiny_model_dir, tmp_path):
    model = tmp_path / "opus-mt-de-en"
    shutil.copytree(tiny_model_dir, model)
    (model / "config.json").write_text("{", encoding="utf-8")
    return model


@pytest.mark.parametrize("backend", ["transformers", "ctranslate2"])
@pytest.mark.parametrize("kind", ["broken", "missing", "a file", "empty"])
def test_a_local_model_that_cannot_be_loaded_is_told_about_its_directory(kind, backend, tiny_model_dir, tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Der Kreml schweigt.\n", encoding="utf-8")
    model = {"broken": lambda: _broken_copy(tiny_model_dir, tmp_path), "missing": lambda: tmp_path / "nowhere" / "opus",
             "a file": lambda: story, "empty": lambda: (tmp_path / "empty").mkdir() or tmp_path / "empty"}[kind]()
    assert main(["translate", "--backend", backend, "--model", str(model), str(story)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"--model {model} is read as a local directory" in err
    assert "To translate offline" not in err and "huggingface.co" not in err and ".." not in err.replace(str(tmp_path), "")


def test_a_hub_id_that_cannot_be_had_still_gets_the_download_advice(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    story = tmp_path / "story.txt"
    story.write_text("Der Kreml schweigt.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # so that the id is no local path
    assert main(["translate", "--model", "Helsinki-NLP/opus-mt-xx-yy", str(story)]) == 3
    err = capsys.readouterr().err
    assert "hf download Helsinki-NLP/opus-mt-xx-yy" in err and "read as a local directory" not in err
