"""Nothing a user gave is lost: where `newsmt translate` writes, and what it refuses before translating."""
from pathlib import Path

import pytest

from translate.app.cli import main
from translate.app.translate_cmd import DOCUMENT_HEADER, output_name

from test_cli_translate import run_cli

STORY = "Der Kreml schweigt.\nKiew meldet neue Angriffe.\n"


def _story(folder: Path, name: str = "story.txt", text: str = STORY) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_output_equal_to_the_input_is_refused_and_the_source_kept(tmp_path, capsys):
    story = _story(tmp_path)
    # Refused before the model loads (this model does not exist).
    assert main(["translate", "--model", "/nonexistent", "-o", str(story), str(story)]) == 2
    assert "would overwrite the input" in capsys.readouterr().err
    assert story.read_text(encoding="utf-8") == STORY


def test_a_trailing_slash_means_a_directory_even_for_one_input(tiny_model_dir, tmp_path):
    story = _story(tmp_path)
    out = tmp_path / "out"
    assert main(["translate", "--model", str(tiny_model_dir), "-o", f"{out}/", str(story)]) == 0
    assert out.is_dir()
    assert len((out / "story.en.txt").read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize(
    "source, expected",
    [
        ("story.v2.txt", "story.v2.en.txt"),
        ("story.final.txt", "story.final.en.txt"),
        ("kontaktgruppe.de.txt", "kontaktgruppe.en.txt"),
        ("meldung", "meldung.en.txt"),
        (None, "stdin.en.txt"),
    ],
)
def test_output_names_keep_the_whole_stem(source, expected):
    assert output_name(source, "text") == expected


def test_versions_of_a_story_do_not_collide(tiny_model_dir, tmp_path):
    first, second = _story(tmp_path, "story.v2.txt"), _story(tmp_path, "story.final.txt")
    out = tmp_path / "out"
    assert main(["translate", "--model", str(tiny_model_dir), "-o", str(out), str(first), str(second)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["story.final.en.txt", "story.v2.en.txt"]


def test_several_documents_as_text_on_stdout_are_separated(tiny_model_dir, tmp_path, capsys):
    first = _story(tmp_path, "eins.txt", "Eins.\n")
    second = _story(tmp_path, "zwei.txt", "Zwei.\nDrei.\n")
    assert main(["translate", "--model", str(tiny_model_dir), str(first), str(second)]) == 0
    lines = capsys.readouterr().out.splitlines()
    headers = [i for i, line in enumerate(lines) if line.startswith("==> ")]
    assert [lines[i] for i in headers] == [DOCUMENT_HEADER.format(name=first), DOCUMENT_HEADER.format(name=second)]
    assert headers == [0, 2] and len(lines) == 5  # 1 + 1 lines, then 1 + 2 lines


def test_an_output_folder_that_cannot_be_made_stops_before_the_model(tmp_path, capsys):
    story = _story(tmp_path)
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    assert main(["translate", "--model", "/nonexistent", "-o", str(blocked / "out.txt"), str(story)]) == 2
    err = capsys.readouterr().err
    assert "cannot create the output directory" in err and err.count("\n") == 1


def test_a_failed_write_keeps_the_translation_and_says_where(tiny_model_dir, tmp_path, capsys, monkeypatch):
    story = _story(tmp_path)
    out = tmp_path / "story.en.txt"
    original = Path.write_bytes

    def full_disk(self, *args, **kwargs):
        if self == out:
            raise OSError(28, "No space left on device")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    assert main(["translate", "--model", str(tiny_model_dir), "-o", str(out), str(story)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "the translation was saved to " in err and err.count("\n") == 1
    kept = Path(err.split("the translation was saved to ")[1].strip())
    assert len(kept.read_text(encoding="utf-8").splitlines()) == 2
    kept.unlink()


@pytest.mark.parametrize("encoding, name", [("utf-16", "UTF-16 (little-endian)"), ("utf-32", "UTF-32 (little-endian)")])
def test_utf16_and_utf32_are_recognised_by_their_bom(encoding, name, tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_bytes(STORY.encode(encoding))  # Python writes the BOM first (little-endian here)
    assert main(["translate", "--model", "/nonexistent", str(story)]) == 2
    err = capsys.readouterr().err
    assert f"{story}: line 1: the file is {name}" in err and "convert it to UTF-8" in err


@pytest.mark.slow
def test_over_long_sentences_print_no_tokenizer_warning(tiny_model_dir):
    clause = "die Delegationen aus Berlin, Paris und Warschau berieten lange über neue Hilfen für die Ukraine, "
    long_sentence = ("Am Dienstag " + clause * 30).rstrip(", ") + ".\n"
    result = run_cli("translate", "--model", str(tiny_model_dir), stdin=long_sentence.encode())
    assert result.returncode == 0, result.stderr
    assert "Token indices sequence length" not in result.stderr.decode()


def test_loading_a_model_leaves_transformers_progress_bars_as_they_were(tiny_model_dir):
    from transformers.utils import logging as hf_logging

    from translate.engine.marian import load_pretrained

    hf_logging.enable_progress_bar()
    load_pretrained(str(tiny_model_dir))
    assert hf_logging.is_progress_bar_enabled()


def test_library_errors_name_no_command_line_flag(tmp_path):
    from translate import ModelUnavailable, load_backend

    with pytest.raises(ModelUnavailable) as raised:
        load_backend(str(tmp_path / "missing-model"))
    assert "--" not in str(raised.value) and raised.value.model == str(tmp_path / "missing-model")


@pytest.mark.slow
def test_a_closed_pipe_ends_the_command_quietly(tiny_model_dir, tmp_path):
    """`newsmt translate … | head -n 1`: the reader goes away; no BrokenPipeError traceback, like any tool."""
    import subprocess
    import sys

    story = _story(tmp_path, text="Der Kreml schweigt.\n" * 400)
    command = f"{sys.executable} -m translate.app.cli translate --model {tiny_model_dir} {story} | head -n 1"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=300)
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


FORMATS_DATA = Path(__file__).parent / "data" / "formats"


@pytest.mark.parametrize(
    "sample, output", [("nato-ninjs1.json", "nato-ninjs1.en.json"), ("bundestag.html", "bundestag.en.html"),
                       ("nato-nitf.xml", "nato-nitf.en.xml"), ("ukraine-newsml.xml", "ukraine-newsml.en.xml")],
)
def test_agency_formats_come_back_in_their_own_format(tiny_model_dir, tmp_path, sample, output):
    from translate.kernel.formats import read_story

    out = tmp_path / "out"
    assert main(["translate", "--model", str(tiny_model_dir), "-o", f"{out}/", str(FORMATS_DATA / sample)]) == 0
    translated = (out / output).read_bytes()
    source_story = read_story((FORMATS_DATA / sample).read_bytes(), sample)
    english = read_story(translated, output)  # parses as the same format …
    assert len(english.blocks) == len(source_story.blocks)  # … with one block per German block
    assert [b.kind for b in english.blocks] == [b.kind for b in source_story.blocks]


def test_xliff_output_for_cat_tools(tiny_model_dir, tmp_path):
    story = _story(tmp_path)
    out = tmp_path / "story.en.xlf"
    assert main(["translate", "--model", str(tiny_model_dir), "--format", "xliff", "-o", str(out), str(story)]) == 0
    assert b'version="2.1"' in out.read_bytes() and out.read_bytes().count(b"<segment") == 2


def test_a_malformed_agency_file_is_one_line_naming_file_and_line(tmp_path, capsys):
    broken = tmp_path / "story.xml"
    broken.write_text('<?xml version="1.0"?>\n<nitf>\n<body>\n<p>Text</body>\n</nitf>\n', encoding="utf-8")
    assert main(["translate", "--model", "/nonexistent", str(broken)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}: line " in err and err.count("\n") == 1
