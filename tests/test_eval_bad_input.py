"""Bad input to `newsmt eval` and `newsmt gate`: one line naming the file (and line), exit code 2, no traceback."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from translate.app.cli import main

REF = "The minister spoke.\nThe talks failed.\nBerlin reacted calmly.\n"
HYP = "The minister talked.\nThe talks have failed.\nBerlin reacted calmly.\n"


@pytest.fixture
def write(tmp_path):
    def write(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return str(path)
    return write


def fails_with(capsys, argv: list[str], *expected: str) -> str:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def test_hypothesis_shorter_than_reference(capsys, write):
    ref, hyp = write("ref.en", REF), write("hyp.en", "The minister talked.\nThe talks have failed.\n")
    message = fails_with(capsys, ["eval", "--hyp", hyp, "--ref", ref], f"{hyp}: has 2 lines but {ref} has 3")
    assert message.startswith("newsmt: error: ")


def test_empty_hypothesis_file(capsys, write):
    fails_with(capsys, ["eval", "--hyp", write("hyp.en", ""), "--ref", write("ref.en", REF)], "hyp.en: file is empty")


def test_invalid_utf8_names_file_and_line(capsys, write):
    hyp = write("hyp.en", b"The minister talked.\nThe talks \xe4 failed.\nBerlin.\n")
    fails_with(capsys, ["eval", "--hyp", hyp, "--ref", write("ref.en", REF)], f"{hyp}: line 2: not valid UTF-8")


def test_missing_reference_file(capsys, write, tmp_path):
    missing = str(tmp_path / "nope.en")
    fails_with(capsys, ["eval", "--hyp", write("hyp.en", HYP), "--ref", missing], f"{missing}: cannot read")


def test_second_reference_of_other_length(capsys, write):
    second = write("ref2.en", "One.\nTwo.\nThree.\nFour.\n")
    fails_with(capsys, ["eval", "--hyp", write("hyp.en", HYP), "--ref", write("ref.en", REF), "--ref", second],
               second, "has 4 lines")


def test_source_of_other_length(capsys, write):
    src = write("src.de", "Der Minister sprach.\n")
    fails_with(capsys, ["eval", "--hyp", write("hyp.en", HYP), "--ref", write("ref.en", REF), "--src", src],
               src, "has 1 lines")


def test_terms_file_of_other_length(capsys, write):
    terms = write("terms.jsonl", '[{"de": "Minister", "en": "minister"}]\n[]\n')
    fails_with(capsys, ["eval", "--hyp", write("hyp.en", HYP), "--ref", write("ref.en", REF), "--terms", terms],
               terms, "has 2 lines")


@pytest.mark.parametrize("line, problem", [
    ('[{"de": "Minister", "en": "minister"]', "line 2: not valid JSON"),
    ("", "line 2: empty line; write [] for a sentence without terms"),
    ('{"de": "Minister", "en": "minister"}', 'line 2: expected a JSON list of {"de": ..., "en": ...} objects'),
    ('[{"de": "Minister"}]', 'line 2: term 1: expected a JSON list of {"de": ..., "en": ...} objects'),
    ('[{"de": "Minister", "en": 3}]', 'line 2: term 1: expected a JSON list of {"de": ..., "en": ...} objects'),
])
def test_malformed_terms_line(capsys, write, line, problem):
    terms = write("terms.jsonl", f"[]\n{line}\n[]\n")
    message = fails_with(
        capsys, ["eval", "--hyp", write("hyp.en", HYP), "--ref", write("ref.en", REF), "--terms", terms],
        f"{terms}: {problem}",
    )
    assert ("write [] for a sentence without terms" in message) == (line == "")


def test_gate_candidate_of_other_length(capsys, write):
    candidate = write("cand.en", "Only one line.\n")
    fails_with(capsys, ["gate", "--ref", write("ref.en", REF), "--baseline", write("base.en", HYP),
                        "--candidate", candidate], candidate, "has 1 lines")


def test_gate_invalid_utf8_candidate(capsys, write):
    candidate = write("cand.en", b"\xff\xfeT\x00h\x00e\x00\n")  # UTF-16, a common mistake
    fails_with(capsys, ["gate", "--ref", write("ref.en", REF), "--baseline", write("base.en", HYP),
                        "--candidate", candidate], f"{candidate}: line 1: the file is UTF-16 (little-endian)")


@pytest.mark.parametrize("option, content", [
    ("--src", "Der Minister sprach.\nDie Gespräche scheiterten.\n"),
    ("--terms", '[{"de": "Minister", "en": "minister"}]\n[]\n'),
])
def test_gate_source_or_terms_of_other_length(capsys, write, option, content):
    other = write("other", content)
    full = {"--src": write("src.de", "Der Minister sprach.\nDie Gespräche scheiterten.\nBerlin reagierte.\n"),
            "--terms": write("terms.jsonl", '[{"de": "Minister", "en": "minister"}]\n[]\n[]\n')}
    full[option] = other
    fails_with(capsys, ["gate", "--ref", write("ref.en", REF), "--baseline", write("base.en", HYP),
                        "--candidate", write("cand.en", HYP), "--src", full["--src"], "--terms", full["--terms"]],
               other, "has 2 lines")


def test_gate_empty_baseline(capsys, write):
    baseline = write("base.en", "\n\n")
    fails_with(capsys, ["gate", "--ref", write("ref.en", REF), "--baseline", baseline,
                        "--candidate", write("cand.en", HYP)], f"{baseline}: file is empty")


def test_gate_malformed_baseline_json(capsys, write):
    baseline = write("base.json", '{\n  "newsmt": "0.1.0",\n  "hypotheses": ["a", "b",\n}\n')
    fails_with(capsys, ["gate", "--ref", write("ref.en", REF), "--baseline", baseline,
                        "--candidate", write("cand.en", HYP)], f"{baseline}: line 4, column 1: not valid JSON")


@pytest.mark.parametrize("report, problem", [
    # Deep enough to exhaust Python's recursion in json.loads: a traceback before kernel/jsonio.
    ('{"newsmt": "0.1.0", "hypotheses": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "line 1, column 98: nested deeper than 64 levels"),
    ('{"newsmt": "0.1.0",\n "hypotheses": ["The minister \\udc00 talked."]}',
     "line 2, column 31: contains a lone UTF-16 surrogate (\\udc00 without its pair)"),
    ('{"newsmt": "0.1.0", "hypotheses": ["a\\u0000b"]}', "line 1, column 38: contains a NUL character"),
])
def test_gate_baseline_json_that_json_loads_would_crash_on_or_pass_through(capsys, write, report, problem):
    baseline = write("base.json", report)
    fails_with(capsys, ["gate", "--ref", write("ref.en", REF), "--baseline", baseline,
                        "--candidate", write("cand.en", HYP)], f"{baseline}: {problem}")


@pytest.mark.parametrize("report, problem", [
    ({"bleu": {"score": 30.0}}, "not a newsmt eval report"),
    ({"newsmt": "0.1.0", "chrf": {"score": 60.0}}, 'no "hypotheses" list'),
    ({"newsmt": "0.1.0", "hypotheses": ["a", "b", "c"]}, "records no reference digests"),
    ({"newsmt": "0.1.0", "hypotheses": ["a", "b", "c"],
      "inputs": {"refs": [{"file": "other.en", "sha256": "0" * 64, "lines": 3}]}},
     "scored against other references (other.en)"),
])
def test_gate_report_baseline_that_cannot_serve(capsys, write, report, problem):
    baseline = write("base.json", json.dumps(report))
    fails_with(capsys, ["gate", "--ref", write("ref.en", REF), "--baseline", baseline,
                        "--candidate", write("cand.en", HYP)], f"{baseline}: ", problem)


def test_gate_report_baseline_with_other_line_count(capsys, write):
    # A report scored on this reference, edited afterwards: the line count check still names it.
    ref = write("ref.en", REF)
    assert main(["eval", "--hyp", write("hyp.en", HYP), "--ref", ref, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    report["hypotheses"].pop()
    baseline = write("base.json", json.dumps(report))
    fails_with(capsys, ["gate", "--ref", ref, "--baseline", baseline, "--candidate", write("cand.en", HYP)],
               baseline, "has 2 lines")


def test_gate_cannot_write_junit(capsys, write, tmp_path):
    blocked = write("blocked", "a file, not a folder")
    fails_with(capsys, ["gate", "--ref", write("ref.en", REF), "--baseline", write("base.en", HYP),
                        "--candidate", write("cand.en", HYP), "--junit", str(Path(blocked) / "gate.xml")],
               "gate.xml: cannot write")


@pytest.mark.parametrize("option", [["--max-drop", "-1"], ["--alpha", "1.5"], ["--seed", "x"], ["--metric", "meteor"]])
def test_gate_rejects_bad_options(capsys, write, option):
    with pytest.raises(SystemExit) as exit_info:
        main(["gate", "--ref", write("ref.en", REF), "--baseline", write("base.en", HYP),
              "--candidate", write("cand.en", HYP), *option])
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
