"""`newsmt gate`: verdicts on real and degraded systems, allowed drop, stored baselines, JUnit and markdown.

The real systems are two OPUS-MT releases on newstest2019 (see tests/data/testsets/README.md). Most tests use
the first 500 segments, which keeps a bootstrap run under a second; the full-set runs pin the published systems.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest

from eval.gate import run_gate
from translate.app.cli import main
from translate.kernel.textio import read_lines

TESTSETS = Path(__file__).parent / "data" / "testsets"
SUBSET = 500


def degrade(hyps: list[str], sources: list[str]) -> list[str]:
    """Every fifth segment (20%) left untranslated: the German source instead of the translation."""
    return [src if i % 5 == 0 else hyp for i, (hyp, src) in enumerate(zip(hyps, sources))]


@pytest.fixture(scope="module")
def full() -> dict[str, list[str]]:
    stem = TESTSETS / "newstest2019.de-en"
    texts = {
        "ref": read_lines(f"{stem}.en"),
        "old": read_lines(f"{stem}.opus-2019-12-18.en"),
        "new": read_lines(f"{stem}.opus-2020-02-26.en"),
    }
    texts["degraded"] = degrade(texts["new"], read_lines(f"{stem}.de"))
    return texts


@pytest.fixture(scope="module")
def files(full, tmp_path_factory) -> dict[str, str]:
    """The first SUBSET segments of each text as files."""
    folder = tmp_path_factory.mktemp("gate")
    paths = {}
    for name, lines in full.items():
        paths[name] = str(folder / f"{name}.en")
        Path(paths[name]).write_text("\n".join(lines[:SUBSET]) + "\n", encoding="utf-8")
    return paths


def gate(capsys, files, baseline, candidate, *options) -> tuple[int, str]:
    code = main(["gate", "--ref", files["ref"], "--baseline", files.get(baseline, baseline),
                 "--candidate", files.get(candidate, candidate), *options])
    return code, capsys.readouterr().out


def table_rows(markdown: str) -> dict[str, list[str]]:
    rows = [line.strip("|").split(" | ") for line in markdown.splitlines() if line.startswith("| ")]
    return {row[0].strip(): [cell.strip() for cell in row[1:]] for row in rows[1:]}


@pytest.mark.slow
@pytest.mark.parametrize("baseline, candidate", [("old", "new"), ("new", "old")])
def test_two_real_releases_do_not_differ_significantly(full, baseline, candidate):
    # opus-2020-02-26 is ahead of opus-2019-12-18 by 0.17 chrF and 0.16 BLEU on newstest2019: noise (p > 0.1)
    # either way round, so neither order fails the gate.
    result = run_gate([full["ref"]], full[baseline], full[candidate], metrics=["chrf", "bleu"])
    chrf, bleu = result.comparisons
    sign = 1 if candidate == "new" else -1
    assert (chrf.name, round(chrf.delta, 2), round(bleu.delta, 2)) == ("chrF2", sign * 0.17, sign * 0.16)
    assert round(chrf.candidate, 2) == (63.78 if candidate == "new" else 63.61)
    # sacrebleu's p-value is two-sided, so it is the same in both directions.
    assert chrf.p_value == pytest.approx(146 / 1001)
    assert bleu.p_value == pytest.approx(207 / 1001)
    assert chrf.ci[0] < 0 < chrf.ci[1]
    assert [c.verdict for c in result.comparisons] == ["no significant difference"] * 2
    assert not result.failed


@pytest.mark.slow
def test_degraded_candidate_fails(capsys, full, tmp_path):
    for name in ("ref", "new", "degraded"):
        (tmp_path / name).write_text("\n".join(full[name]) + "\n", encoding="utf-8")
    paths = {name: str(tmp_path / name) for name in ("ref", "new", "degraded")}
    code, markdown = gate(capsys, paths, "new", "degraded", "--metric", "chrf", "--metric", "bleu")

    assert code == 1
    assert markdown.startswith("### Translation quality gate: FAILED")
    rows = table_rows(markdown)
    assert rows["chrF2"][:4] == ["63.78", "56.26", "-7.52", "-8.27 to -6.72"]
    assert rows["BLEU"][:3] == ["39.33", "32.66", "-6.66"]
    assert all(row[4] == "0.0010" and row[5].startswith("REGRESSION") for row in rows.values())
    assert "Paired bootstrap resampling, 1000 resamples, seed 12345." in markdown


def test_identical_candidate_passes(capsys, files):
    code, markdown = gate(capsys, files, "new", "new", "--metric", "chrf", "--metric", "bleu")
    assert code == 0
    assert markdown.startswith("### Translation quality gate: passed")
    for row in table_rows(markdown).values():
        # sacrebleu would give identical systems its smallest p-value (1/1001), which reads as significant.
        assert row[2:] == ["+0.00", "+0.00 to +0.00", "n/a (identical)", "identical: no test"]


def test_a_zero_difference_between_different_translations_has_p_1():
    """Other hypotheses, the very same score (neither shares a character with the references): nothing to find."""
    refs = [["aaaa bbbb", "cccc dddd", "aaaa cccc"]]
    result = run_gate(refs, ["zzzz", "yyyy", "xxxx"], ["yyyy", "xxxx", "zzzz"], metrics=["chrf"])
    comparison, = result.comparisons
    assert comparison.delta == 0 and comparison.p_value == 1.0
    assert comparison.verdict == "no significant difference" and not result.failed


@pytest.mark.slow
def test_max_drop_allows_a_significant_but_small_drop(capsys, files):
    # On the first 500 segments the older release is significantly worse by 0.78 chrF (p = 0.017).
    code, markdown = gate(capsys, files, "new", "old")
    assert code == 1
    assert table_rows(markdown)["chrF2"] == [
        "63.50", "62.72", "-0.78", "-1.47 to -0.06", "0.0170", "REGRESSION (worse by 0.78 > 0.00 allowed)",
    ]

    code, markdown = gate(capsys, files, "new", "old", "--max-drop", "1")
    assert code == 0
    assert table_rows(markdown)["chrF2"][5] == "significant drop, within the allowed drop"
    assert "worse by more than 1 points" in markdown

    # An allowed drop never excuses a larger one: the degraded system loses 7 points.
    assert gate(capsys, files, "new", "degraded", "--max-drop", "5")[0] == 1
    assert gate(capsys, files, "new", "degraded", "--max-drop", "7.5")[0] == 0


def test_alpha_decides_what_counts_as_significant(capsys, files):
    assert gate(capsys, files, "new", "old", "--alpha", "0.05")[0] == 1
    assert gate(capsys, files, "new", "old", "--alpha", "0.01")[0] == 0  # p = 0.017


def test_improvement_passes(capsys, files):
    code, markdown = gate(capsys, files, "old", "new")
    assert code == 0
    assert table_rows(markdown)["chrF2"][2:] == ["+0.78", "+0.06 to +1.47", "0.0170", "significant improvement"]


def test_ter_counts_a_rise_as_a_drop(full):
    # TER is an error rate: the degraded system's TER goes up, and that is the regression.
    n = 200
    result = run_gate([full["ref"][:n]], full["new"][:n], full["degraded"][:n], metrics=["ter"], n_samples=200)
    (ter,) = result.comparisons
    assert ter.name == "TER" and not ter.higher_is_better
    assert ter.delta > 5 and ter.drop == ter.delta
    assert result.failed
    assert "Lower is better for TER." in result.to_markdown()


@pytest.mark.slow
def test_stored_report_as_baseline_gives_the_same_verdict(capsys, files, tmp_path):
    assert main(["eval", "--hyp", files["new"], "--ref", files["ref"], "--format", "json"]) == 0
    report = tmp_path / "baseline.json"
    report.write_text(capsys.readouterr().out, encoding="utf-8")

    from_report = gate(capsys, files, str(report), "degraded")
    from_hypotheses = gate(capsys, files, "new", "degraded")
    assert from_report[0] == from_hypotheses[0] == 1
    assert table_rows(from_report[1]) == table_rows(from_hypotheses[1])
    assert f"baseline {report}" in from_report[1]

    assert gate(capsys, files, str(report), "new")[0] == 0


def test_junit_has_a_failure_exactly_where_the_gate_fails(capsys, files, tmp_path):
    junit, markdown = tmp_path / "reports" / "gate.xml", tmp_path / "gate.md"
    # With 6 points allowed, the degraded system fails on chrF (-7.0) but not on BLEU (-5.8).
    code, printed = gate(capsys, files, "new", "degraded", "--metric", "chrf", "--metric", "bleu",
                         "--max-drop", "6", "--junit", str(junit), "--markdown", str(markdown))
    assert code == 1
    assert markdown.read_text(encoding="utf-8") == printed

    suite = ET.parse(junit).getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == {"chrF2", "BLEU"}
    failure = cases["chrF2"].find("failure")
    assert failure is not None and "REGRESSION" in failure.get("message")
    assert "delta -7.03" in failure.get("message")
    assert cases["BLEU"].find("failure") is None
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["signature"].startswith("gate|bs:1000|seed:12345|alpha:0.05|max-drop:6|newsmt:")

    code, _ = gate(capsys, files, "new", "new", "--junit", str(junit))
    assert code == 0
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("failures") == "0" and not list(suite.iter("failure"))


def test_seed_and_resamples_make_it_reproducible(full):
    refs, old, new = [full["ref"][:SUBSET]], full["old"][:SUBSET], full["new"][:SUBSET]
    first = run_gate(refs, new, old, seed=7, n_samples=300)
    again = run_gate(refs, new, old, seed=7, n_samples=300)
    other = run_gate(refs, new, old, seed=8, n_samples=300)
    numbers = lambda result: [(c.p_value, c.ci) for c in result.comparisons]  # noqa: E731
    assert numbers(first) == numbers(again)
    assert numbers(first) != numbers(other)
    assert first.comparisons[0].signature.startswith("chrF2|nrefs:1|bs:300|seed:7|")
    assert first.signature.startswith("gate|bs:300|seed:7|")


@pytest.mark.parametrize("method", ["bs", "ar"])
def test_p_values_are_sacrebleus(monkeypatch, full, method):
    # The same seed through sacrebleu's own PairedTest (which reads it from the environment) gives the same p.
    n = 300
    refs, old, new = [full["ref"][:n]], full["old"][:n], full["new"][:n]
    ours = run_gate(refs, old, new, metrics=["chrf", "bleu"], method=method, seed=99, n_samples=1000)
    monkeypatch.setenv("SACREBLEU_SEED", "99")
    _, theirs = PairedTest([("old", old), ("new", new)], {"chrF2": CHRF(), "BLEU": BLEU()}, refs,
                           test_type=method, n_samples=1000)()
    assert [c.p_value for c in ours.comparisons] == [theirs["chrF2"][1].p_value, theirs["BLEU"][1].p_value]
    assert [c.candidate for c in ours.comparisons] == [theirs["chrF2"][1].score, theirs["BLEU"][1].score]


def test_approximate_randomization_from_the_command_line(capsys, files):
    code, markdown = gate(capsys, files, "new", "degraded", "--significance", "ar", "--n-samples", "2000")
    assert code == 1
    assert table_rows(markdown)["chrF2"][4] == f"{1 / 2001:.4f}"
    assert "Approximate randomization, 2000 trials, seed 12345." in markdown
    assert re.search(r"`chrF2\|nrefs:1\|bs:1000\|ar:2000\|seed:12345\|", markdown)


def test_markdown_names_inputs_and_signatures(files):
    refs = [read_lines(files["ref"])]
    result = run_gate(refs, read_lines(files["new"]), read_lines(files["degraded"]), metrics=["chrf"],
                      names={"baseline": "base.en", "candidate": "cand.en", "refs": ["ref.en"]})
    markdown = result.to_markdown()
    assert "baseline base.en (sha256 " in markdown and "candidate cand.en" in markdown
    assert "reference ref.en" in markdown
    assert "- `chrF2|nrefs:1|bs:1000|seed:12345|case:mixed|eff:yes|nc:6|nw:0|space:no|version:" in markdown
    assert json.dumps(result.inputs)  # plain data, ready for a JSON artefact
