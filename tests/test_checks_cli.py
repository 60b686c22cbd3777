"""`newsmt check`: reports, exit codes and bad input."""
import json

import pytest

from translate.app.cli import main

SOURCE = [
    "Der Preis stieg um 3,5 Prozent.",
    "Angela Merkel traf Emmanuel Macron in Paris.",
    "Das ist gut.",
    "Die Polizei ermittelt.",
]
OUTPUT = [
    "The price rose by 4.5 percent.",
    "Angela Merkel met in Paris.",
    "",
    "The police are investigating.",
]


@pytest.fixture
def files(tmp_path):
    def write(name, lines, text=None):
        path = tmp_path / name
        path.write_text(text if text is not None else "\n".join(lines) + "\n", encoding="utf-8")
        return str(path)

    return write


def check(capsys, *args):
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_report_lists_flagged_lines_and_a_summary(files, capsys):
    code, out, _ = check(capsys, "--src", files("s.de", SOURCE), "--hyp", files("h.en", OUTPUT), "--no-default-glossary")
    assert code == 0
    assert "line 1\n  warning  number-mismatch" in out
    assert 'the name "Emmanuel Macron" is not in the output' in out
    assert "line 3\n  error    empty" in out
    assert "line 4" not in out
    assert out.rstrip().splitlines()[-1] == (
        "3 of 4 sentences need review (1 with errors; empty 1, number-mismatch 1, missing-name 1)"
    )


def test_json_report_lists_flagged_segments_and_counts(files, capsys):
    code, out, _ = check(
        capsys, "--src", files("s.de", SOURCE), "--hyp", files("h.en", OUTPUT), "--no-default-glossary", "--format", "json"
    )
    report = json.loads(out)
    assert code == 0
    assert [segment["index"] for segment in report["segments"]] == [0, 1, 2]
    assert report["segments"][0]["flags"] == [
        {
            "code": "number-mismatch",
            "severity": "warning",
            "message": '"3,5" is not in the output (the output has "4.5")',
            "span": [19, 22],
        }
    ]
    summary = report["summary"]
    assert (summary["n_segments"], summary["n_flagged"]) == (4, 3)
    assert summary["by_code"]["empty"] == 1 and summary["by_code"]["repetition"] == 0
    assert summary["by_severity"] == {"error": 1, "warning": 2}


def test_a_clean_file_says_so(files, capsys):
    code, out, _ = check(capsys, "--src", files("s.de", SOURCE[3:]), "--hyp", files("h.en", OUTPUT[3:]), "--no-default-glossary")
    assert (code, out) == (0, "0 of 1 sentences need review\n")


@pytest.mark.parametrize("fail_on, expected", [("error", 1), ("warning", 1)])
def test_fail_on_turns_findings_into_a_failing_exit(files, capsys, fail_on, expected):
    src, hyp = files("s.de", SOURCE), files("h.en", OUTPUT)
    assert check(capsys, "--src", src, "--hyp", hyp, "--no-default-glossary", "--fail-on", fail_on)[0] == expected


def test_fail_on_error_ignores_warnings(files, capsys):
    src, hyp = files("s.de", SOURCE[:2]), files("h.en", OUTPUT[:2])
    assert check(capsys, "--src", src, "--hyp", hyp, "--no-default-glossary", "--fail-on", "error")[0] == 0
    assert check(capsys, "--src", src, "--hyp", hyp, "--no-default-glossary", "--fail-on", "warning")[0] == 1


@pytest.mark.parametrize(
    "hyp_bytes, message",
    [
        ("The price rose.\nAngela Merkel met.\n".encode(), "h.en: has 2 lines but "),
        (b"", "h.en: file is empty"),
        (b"The price rose.\nbroken \xff\n", "h.en: line 2: not valid UTF-8"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(files, tmp_path, capsys, hyp_bytes, message):
    (tmp_path / "h.en").write_bytes(hyp_bytes)
    code, out, err = check(capsys, "--src", files("s.de", SOURCE), "--hyp", str(tmp_path / "h.en"), "--no-default-glossary")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


def test_glossary_terms_are_checked(files, capsys):
    glossary = files("g.tsv", [], "source\ttarget\nSelensky\tZelensky\n")
    src = files("s.de", ["Präsident Selensky besuchte am Dienstag die Front."])
    hyp = files("h.en", ["President Selensky visited the front on Tuesday."])
    code, out, _ = check(capsys, "--src", src, "--hyp", hyp, "--glossary", glossary, "--no-default-glossary", "--format", "json")
    (segment,) = json.loads(out)["segments"]
    assert segment["flags"] == [
        {
            "code": "missing-term",
            "severity": "error",
            "message": 'glossary term "Selensky" must be rendered "Zelensky"',
            "span": [10, 18],
        }
    ]
    code, out, _ = check(capsys, "--src", src, "--hyp", hyp, "--no-default-glossary", "--format", "json")
    assert json.loads(out)["segments"] == []


def test_the_default_glossary_is_used_unless_switched_off(files, capsys):
    src = files("s.de", ["Präsident Selensky besuchte am Dienstag die Front."])
    hyp = files("h.en", ["President Selensky visited the front on Tuesday."])
    code, out, _ = check(capsys, "--src", src, "--hyp", hyp, "--format", "json", "--fail-on", "error")
    assert code == 1
    assert json.loads(out)["summary"]["by_code"]["missing-term"] == 1
