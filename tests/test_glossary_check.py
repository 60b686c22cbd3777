"""`newsmt glossary check` and the errors a bad glossary gives before any translation starts."""
from __future__ import annotations

from pathlib import Path

import pytest
from test_glossary_formats import write

from glossaries import DEFAULT_GLOSSARY_PATH, load_glossary, load_term_lists
from translate.app.cli import main
from translate.kernel.errors import InputError

HEADER = "source\ttarget\tvariants\tcase_sensitive\tnote\n"


def check(capsys, *paths: Path | str) -> tuple[int, list[str]]:
    status = main(["glossary", "check", *map(str, paths)])
    return status, capsys.readouterr().out.splitlines()


def test_bundled_glossary_is_clean(capsys):
    status, out = check(capsys, DEFAULT_GLOSSARY_PATH)
    entries = len(load_glossary(DEFAULT_GLOSSARY_PATH).entries)
    assert (status, out) == (0, [f"{DEFAULT_GLOSSARY_PATH}: read as newsmt TSV, {entries} entries",
                                 "checked 1 file: 0 errors, 0 warnings"])


def test_problems_are_reported_by_file_and_line(tmp_path, capsys):
    path = write(tmp_path, "desk.tsv", (
        "# our additions\n"
        + HEADER
        + "Kiew\tKyiv\tKyjiw\n"
        + "Kiew\tKyiv\tKyjiw\n"  # line 4: same term, same target (reported once)
        + "kiew\tKiev\n"  # line 5: same term, another target
        + "Saporischschja\t\n"  # line 6: empty target
        + "...\tellipsis\n"  # line 7: can never match
        + "Charkiw\tKharkiv\tCharkow|\n"  # line 8: stray separator
        + "Krim\tCrimea\t\tmaybe\n"  # line 9: not yes or no
        + "Donezk\t–\n"  # line 10: nothing to look for in the translation
    ))
    status, out = check(capsys, path)
    assert status == 1
    assert out == [
        f"{path}:4: warning: duplicate: 'Kiew' is already listed at line 3",
        f"{path}:5: error: conflicting targets: 'kiew' → 'Kiev' here, but → 'Kyiv' at line 3",
        f"{path}:6: error: empty target cell",
        f"{path}:7: error: '...' has no letters or digits, so it can never match",
        f"{path}:8: warning: empty variant in 'Charkow|' (stray '|')",
        f"{path}:9: error: case_sensitive must be yes or no, not 'maybe'",
        f"{path}:10: error: target '–' has no letters or digits",
        f"{path}: read as newsmt TSV, 6 entries",
        "checked 1 file: 5 errors, 2 warnings",
    ]


def test_warnings_only_exit_zero_and_reach_the_loaded_glossary(tmp_path, capsys):
    path = write(tmp_path, "desk.tsv", HEADER + "Kreml\tKremlin\tKreml\n")
    status, out = check(capsys, path)
    assert status == 0
    assert out[0] == f"{path}:2: warning: a variant repeats the source or another variant"
    assert load_glossary(path).warnings == [out[0]]


def test_several_files_in_one_run(tmp_path, capsys):
    good = write(tmp_path, "good.tsv", HEADER + "Kreml\tKremlin\n")
    bad = write(tmp_path, "bad.csv", "source,target\n,Kremlin\n")
    status, out = check(capsys, good, bad)
    assert (status, out) == (1, [
        f"{good}: read as newsmt TSV, 1 entry",
        f"{bad}:2: error: empty source cell",
        f"{bad}: read as newsmt CSV, 0 entries",
        "checked 2 files: 1 error, 0 warnings",
    ])


def test_a_spelling_the_matcher_never_finds_in_full_is_an_error(tmp_path, capsys):
    # The source's adjective form "deutsch" takes the start of the variant "deutsch-A" for itself.
    path = write(tmp_path, "desk.tsv", HEADER + "deutschem\tGerman\tdeutsch-A\n")
    status, out = check(capsys, path)
    assert status == 1
    assert out[0] == f"{path}:2: error: 'deutsch-A' can never match as written: it is not found even in itself"


# Each bad input gives one line that names the file and the line, from `check` and from loading.
BAD_INPUTS = [
    ("empty.tsv", "", 1, "file is empty"),
    ("comments.tsv", "# only a comment\n", 1, "file is empty"),
    ("noheader.tsv", "# terms\nDeutsch\tEnglisch\nKreml\tKremlin\n", 2, "cannot tell the layout from the first row"),
    ("typo.tsv", "source\ttarget\tvaraints\nKreml\tKremlin\t\n", 1, "unknown column 'varaints'"),
    ("latin1.tsv", HEADER.encode() + "Kreml\tKremlin\nWei\xdfrussland\tBelarus\n".encode("latin-1"), 3, "not valid UTF-8"),
    ("cells.tsv", HEADER + "Kreml\tKremlin\t\tno\tnote\textra\n", 2, "row has 6 cells but the header names 5 columns"),
    ("quote.csv", 'source,target\n"Kreml,Kremlin\n', 2, "malformed CSV row"),
    ("broken.tbx", "<martif>\n<text>\n<body>\n</text>\n</martif>\n", 4, "malformed XML: mismatched tag"),
]


@pytest.mark.parametrize("name, content, line, message", BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_bad_glossary_gives_one_line_naming_file_and_line(tmp_path, capsys, name, content, line, message):
    path = write(tmp_path, name, content)
    status, out = check(capsys, path)
    assert status == (2 if name == "latin1.tsv" else 1)  # a file that cannot be read is bad input, as everywhere
    assert out[0].startswith(f"{path}:{line}: error: {message}")
    assert out[-1].startswith("checked 1 file: 1 error")
    with pytest.raises(InputError) as raised:
        load_glossary(path)
    assert str(raised.value).startswith(f"{path}: line {line}: {message}")
    assert "\n" not in str(raised.value)


def test_malformed_jsonl_line(tmp_path, capsys):
    path = write(tmp_path, "terms.jsonl", '[{"de": "Kreml", "en": "Kremlin"}]\n[{"de": "Kreml", "en": }]\n')
    status, out = check(capsys, path)
    assert status == 1
    assert out[0] == f"{path}:2: error: not valid JSON: Expecting value (column 24)"
    with pytest.raises(InputError, match=rf"^{path}: line 2: not valid JSON"):
        load_term_lists(path)


def test_unreadable_file_is_reported_without_a_line(tmp_path, capsys):
    missing = tmp_path / "missing.tsv"
    status, out = check(capsys, missing)
    assert status == 2  # as every other command exits for input it cannot read
    assert out[0].startswith(f"{missing}: error: cannot read")


def test_a_directory_is_named_as_one(tmp_path, capsys):
    status, out = check(capsys, tmp_path)
    assert status == 2
    assert out[0] == f"{tmp_path}: error: is a directory, not a glossary file"


@pytest.mark.parametrize("source", ["die", "der", "in", "A"])
def test_a_function_word_or_single_letter_source_is_warned_about(tmp_path, capsys, source):
    path = write(tmp_path, "house.tsv", HEADER + f"{source}\tTHE\nKreml\tKremlin\n")
    status, out = check(capsys, path)
    assert status == 0
    assert out[0].startswith(f"{path}:2: warning: '{source}' is a German function word or a single letter")
    assert out[-1] == "checked 1 file: 0 errors, 1 warning"


@pytest.mark.parametrize(
    "header, message",
    [
        ("source\tnote", "header lacks the required column 'target'"),
        ("source\ttarget\tnote\tnote", "column 'note' appears twice in the header"),
    ],
)
def test_header_problems(tmp_path, capsys, header, message):
    path = write(tmp_path, "desk.tsv", f"{header}\nKreml\tKremlin\n")
    status, out = check(capsys, path)
    assert status == 1
    assert out[0] == f"{path}:1: error: {message}"
    assert out[-1] == "checked 1 file: 1 error, 0 warnings"
