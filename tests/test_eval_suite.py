"""`newsmt eval-suite`: the bundled suites end to end on the tiny model, baselines, gate verdicts, bad suites.

The tiny model has random weights, so its translations are far worse than the real opus-mt-de-en output stored
as the newstest2019 baseline: against that baseline the gate must fail, against its own output it must pass.
"""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sacrebleu.metrics import CHRF

from eval.checks import CHECKS
from eval.scoring import score
from eval.settings import DEFAULT_MAX_NEW_FLAGS
from eval.suite import BUNDLED_SUITES, load_suite
from glossaries import load_glossaries, match_terms
from translate.app.cli import main
from translate.kernel.textio import read_lines

NEWS = BUNDLED_SUITES / "news"
NEWSTEST = BUNDLED_SUITES / "newstest2019"
TESTSETS = Path(__file__).parent / "data" / "testsets"


def eval_suite(capsys, tmp_path: Path, suite: str | Path, model: str | Path, *options: str) -> dict:
    """Run the command with every output; the exit code, the outputs and what it printed."""
    out = tmp_path / "reports"
    code = main([
        "eval-suite", str(suite), "--model", str(model), "--device", "cpu", "--output", str(out / "suite.json"),
        "--markdown", str(out / "suite.md"), "--junit", str(out / "suite.xml"), "--html", str(out / "suite.html"),
        *options,
    ])
    printed = capsys.readouterr()
    return {
        "code": code,
        "report": json.loads((out / "suite.json").read_text(encoding="utf-8")),
        "markdown": (out / "suite.md").read_text(encoding="utf-8"),
        "junit": ET.parse(out / "suite.xml").getroot(),
        "html": (out / "suite.html").read_text(encoding="utf-8"),
        "stdout": printed.out,
    }


def cut_lines(path: Path, stop: int) -> None:
    """Keep the lines before `stop` (as in lines[:stop])."""
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:stop]) + "\n", encoding="utf-8")


def test_news_suite_terms_are_the_glossary_terms_and_the_references_have_them():
    # The terms file lists, per sentence, every bundled glossary term found in the source, with the glossary's
    # English (pluralized where the reference has the plural); so "all terms found" means "all glossary terms".
    testset, = load_suite(NEWS).testsets
    glossary = load_glossaries([])
    assert len(testset.sources) >= 30
    for number, (source, terms) in enumerate(zip(testset.sources, testset.term_lists), start=1):
        matches = match_terms(source, glossary)
        assert matches, f"line {number} has no glossary term"
        assert [entry.source for entry in terms.entries] == [m.source for m in matches], f"line {number}"
        targets = zip(terms.entries, matches)
        assert all(entry.target in (m.target, m.target + "s") for entry, m in targets), f"line {number}"
    # Many terms are inflected ("Marschflugkörpern", "im Roten Meer"): the glossary lists dictionary forms.
    listed_forms = {form.casefold() for entry in glossary.entries for form in entry.forms}
    inflected = [m.source for s in testset.sources for m in match_terms(s, glossary)
                 if m.source.casefold() not in listed_forms]
    assert len(inflected) >= 15
    references = score(testset.refs_list[0], testset.refs_list, term_lists=testset.required_terms)
    assert references.terms.success_rate == 1.0


def test_news_suite_end_to_end_without_baseline(capsys, tmp_path, tiny_model_dir):
    run = eval_suite(capsys, tmp_path, "news", tiny_model_dir)  # a bundled suite, by name
    assert run["code"] == 0
    report = run["report"]
    assert report["status"] == "skipped" and report["limit"] is None
    assert report["model"]["id"] == str(tiny_model_dir) and report["model"]["revision"].startswith("sha256:")
    testset, = report["testsets"]
    assert testset["lines"] == {"translated": 38, "total": 38}
    # The default backend: CTranslate2, int8 on a CPU, with the length bound.
    assert re.fullmatch(r"model:.+\|rev:sha256:\w+\|backend:ctranslate2\|device:cpu\|compute:int8\|max-length:1\.5x\+10\|glossary:news-de-en\.tsv@sha256:\w+\|entries:\d+\|terms:injection\+realign",
                        testset["translator"])
    assert report["model"]["backend"] == "ctranslate2"
    scores = testset["eval"]
    assert [scores[key]["signature"].split("|")[0] for key in ("bleu", "chrf", "chrf++", "ter")] == [
        "BLEU", "chrF2", "chrF2++", "TER"]
    # The pipeline's glossary guarantee, measured: every glossary term of the suite is in the translation.
    n_terms = sum(len(terms) for terms in map(json.loads, read_lines(NEWS / "news.de-en.terms.jsonl")))
    assert scores["terms"]["n_terms"] == n_terms and scores["terms"]["success_rate"] == 1.0
    counts = testset["glossary_terms"]
    assert counts["matched"] == n_terms
    # The random model writes no term of its own accord: each is carried from its input, placed by the guided
    # re-decode, or inserted where decoding could not.
    assert counts["injected"] + counts["forced"] + counts["realigned"] + counts["inserted"] == n_terms
    assert counts["realigned"] > 0 and counts["model"] == 0
    assert set(testset["seconds"]) == {"translate", "score", "gate"}
    assert testset["gate"]["status"] == "skipped" and "--write-baseline" in testset["gate"]["reason"]

    assert run["stdout"] == run["markdown"]
    assert "gate skipped" in run["markdown"] and "--write-baseline" in run["markdown"]
    assert '<span class="status skipped">not gated</span>' in run["html"]
    assert f"100.00% ({n_terms}/{n_terms})" in run["markdown"]
    junit = run["junit"]
    assert (junit.get("tests"), junit.get("failures"), junit.get("skipped")) == ("1", "0", "1")
    assert junit.find("testsuite/testcase/skipped") is not None


def test_newstest2019_smoke_run_fails_against_the_real_model_baseline(capsys, tmp_path, tiny_model_dir):
    # The published opus-mt output is the transformers backend's baseline (suite.json: one per backend).
    run = eval_suite(capsys, tmp_path, NEWSTEST, tiny_model_dir, "--limit", "40", "--backend", "transformers")
    assert run["code"] == 1
    testset, = run["report"]["testsets"]
    assert testset["lines"] == {"translated": 40, "total": 2000}
    assert "first 40 of 2000 lines" in testset["limit_note"] and "baseline" in testset["limit_note"]
    gate = testset["gate"]
    assert gate["status"] == "failed" and gate["lines"] == 40 and gate["max_drop"] == 0.5  # the suite's setting
    chrf, bleu = gate["comparisons"]
    assert (chrf["metric"], bleu["metric"]) == ("chrF2", "BLEU")
    # The baseline was cut to the same 40 lines: its score is the published output's on those lines.
    published = read_lines(TESTSETS / "newstest2019.de-en.opus-2020-02-26.en")[:40]
    reference = read_lines(TESTSETS / "newstest2019.de-en.en")[:40]
    assert chrf["baseline"] == pytest.approx(CHRF().corpus_score(published, [reference]).score)
    assert chrf["candidate"] == pytest.approx(testset["eval"]["chrf"]["score"])
    assert chrf["failed"] and chrf["p_value"] < 0.05 and chrf["delta"] < -20

    junit = run["junit"]
    cases = {case.get("name"): case for case in junit.iter("testcase")}
    assert set(cases) == {"chrF2", "BLEU", *CHECKS}  # one test case per metric and per check code
    failed = {name for name, case in cases.items() if case.find("failure") is not None}
    # The random model's output also newly misses numbers; only the gated codes can fail.
    assert {"chrF2", "BLEU"} <= failed <= {"chrF2", "BLEU", *DEFAULT_MAX_NEW_FLAGS}
    assert (junit.get("tests"), junit.get("failures")) == (str(len(cases)), str(len(failed)))
    assert "REGRESSION" in cases["chrF2"].find("failure").get("message")
    checks = {check["code"]: check for check in gate["checks"]}
    assert set(checks) == set(CHECKS) and all(check["baseline"] >= 0 for check in checks.values())
    markdown = run["markdown"]
    assert "FAILED" in markdown and "first 40 of 2000 lines" in markdown
    assert f"| chrF2 | {chrf['baseline']:.2f} | {chrf['candidate']:.2f} | {chrf['delta']:+.2f} |" in markdown
    assert "#### What broke" in markdown and "| number-mismatch |" in markdown
    html = run["html"]
    assert "<h2>newstest2019/newstest2019: " in html and '<svg id="delta-plot"' in html and "<script" not in html


def test_written_baseline_makes_a_rerun_pass(capsys, tmp_path, tiny_model_dir):
    suite = shutil.copytree(NEWS, tmp_path / "news")
    for name in ("news.de-en.de", "news.de-en.en", "news.de-en.terms.jsonl"):
        cut_lines(suite / name, 10)  # two runs of 10 lines stay quick on a busy machine
    written = eval_suite(capsys, tmp_path, suite, tiny_model_dir, "--write-baseline")
    assert written["code"] == 0 and written["report"]["baseline_written"]
    baseline = json.loads((suite / "baseline.json").read_text(encoding="utf-8"))
    assert baseline["translator"] == written["report"]["testsets"][0]["translator"]

    rerun = eval_suite(capsys, tmp_path, suite, tiny_model_dir)
    assert rerun["code"] == 0 and rerun["report"]["status"] == "passed"
    testset, = rerun["report"]["testsets"]
    assert testset["eval"]["hypotheses"] == baseline["hypotheses"]  # the same model translates the same way
    comparison, = testset["gate"]["comparisons"]
    assert (comparison["delta"], comparison["p_value"], comparison["verdict"]) == (0, None, "identical: no test")
    assert rerun["junit"].get("failures") == "0" and rerun["junit"].get("skipped") == "0"


def test_newstest2019_on_the_default_backend_looks_for_the_ctranslate2_baseline(capsys, tmp_path, tiny_model_dir):
    testset, = load_suite(NEWSTEST).testsets
    assert {name: b.file for name, b in testset.baselines.items()} == {
        "transformers": "baseline.json", "ctranslate2": "baseline.ctranslate2.json"}
    run = eval_suite(capsys, tmp_path, NEWSTEST, tiny_model_dir, "--limit", "5")
    assert run["code"] == 0
    testset, = run["report"]["testsets"]
    assert "|backend:ctranslate2|" in testset["translator"] and testset["files"]["baseline"] == "baseline.ctranslate2.json"
    if not (NEWSTEST / "baseline.ctranslate2.json").exists():  # until one is written with the real model
        reason = testset["gate"]["reason"]
        assert testset["gate"]["status"] == "skipped" and "no ctranslate2 baseline yet" in reason
        assert "--backend ctranslate2 --write-baseline" in reason


def test_a_baseline_per_backend_is_written_and_gated_on_its_own(capsys, tmp_path, tiny_model_dir):
    suite = shutil.copytree(NEWS, tmp_path / "news")
    for name in ("news.de-en.de", "news.de-en.en", "news.de-en.terms.jsonl"):
        cut_lines(suite / name, 6)
    _edit_manifest(lambda t: t.update(baseline={"transformers": "base.tf.json", "ctranslate2": "base.ct2.json"}))(suite)
    written = eval_suite(capsys, tmp_path, suite, tiny_model_dir, "--backend", "ctranslate2", "--write-baseline")
    assert written["code"] == 0 and (suite / "base.ct2.json").is_file() and not (suite / "base.tf.json").exists()
    assert "|backend:ctranslate2|" in json.loads((suite / "base.ct2.json").read_text(encoding="utf-8"))["translator"]

    on_ct2 = eval_suite(capsys, tmp_path, suite, tiny_model_dir)  # the default backend finds its own baseline
    testset, = on_ct2["report"]["testsets"]
    assert on_ct2["report"]["status"] == "passed" and testset["files"]["baseline"] == "base.ct2.json"
    assert testset["gate"]["comparisons"][0]["verdict"] == "identical: no test"

    on_tf = eval_suite(capsys, tmp_path, suite, tiny_model_dir, "--backend", "transformers")
    testset, = on_tf["report"]["testsets"]
    assert on_tf["code"] == 0 and testset["gate"]["status"] == "skipped"
    assert "no transformers baseline yet (base.tf.json does not exist)" in testset["gate"]["reason"]
    assert "--backend transformers --write-baseline" in testset["gate"]["reason"]

    _edit_manifest(lambda t: t.update(baseline={"transformers": "base.tf.json"}))(suite)
    unnamed = eval_suite(capsys, tmp_path, suite, tiny_model_dir, "--limit", "2")
    assert "no baseline for backend ctranslate2" in unnamed["report"]["testsets"][0]["gate"]["reason"]
    assert main(["eval-suite", str(suite), "--model", str(tiny_model_dir), "--write-baseline"]) == 2
    assert "names no baseline file for backend ctranslate2" in capsys.readouterr().err


def test_unavailable_model_exits_3_with_one_line(capsys, tmp_path):
    code = main(["eval-suite", str(NEWS), "--model", str(tmp_path / "no-model"), "--output", str(tmp_path / "r.json")])
    err = capsys.readouterr().err
    assert code == 3
    assert len(err.splitlines()) == 1 and str(tmp_path / "no-model") in err
    assert not (tmp_path / "r.json").exists()


def _replace(name: str, text: str):
    def mutate(suite: Path) -> None:
        (suite / name).write_text(text, encoding="utf-8")
    return mutate


def _drop_last_line(name: str):
    return lambda suite: cut_lines(suite / name, -1)


def _edit_manifest(edit):
    def mutate(suite: Path) -> None:
        manifest = json.loads((suite / "suite.json").read_text(encoding="utf-8"))
        edit(manifest["testsets"][0])
        (suite / "suite.json").write_text(json.dumps(manifest), encoding="utf-8")
    return mutate


def _baseline_of_other_references(suite: Path) -> None:
    other = [line.upper() for line in read_lines(suite / "news.de-en.en")]
    (suite / "baseline.json").write_text(json.dumps(score(other, [other]).to_json()), encoding="utf-8")


BROKEN = {
    "manifest not JSON": (_replace("suite.json", '{"name": "news",\n "testsets": [}'), "suite.json: line 2"),
    "manifest nested too deep": (_replace("suite.json", '{"name": "news", "testsets": ' + "[" * 5000 + "]" * 5000 + "}"),
                                 "suite.json: line 1, column 93: nested deeper than 64 levels"),
    "manifest with a lone surrogate": (_replace("suite.json", '{"name": "news\\ud800", "testsets": []}'),
                                       "suite.json: line 1, column 15: contains a lone UTF-16 surrogate"),
    "reference missing": (lambda suite: (suite / "news.de-en.en").unlink(), "news.de-en.en: cannot read"),
    "reference one line short": (_drop_last_line("news.de-en.en"), "news.de-en.en: has 37 lines"),
    "terms one line short": (_drop_last_line("news.de-en.terms.jsonl"), "news.de-en.terms.jsonl: has 37 lines"),
    "terms not JSON": (_replace("news.de-en.terms.jsonl", "[{\n" * 38), "news.de-en.terms.jsonl: line 1"),
    "misspelled key": (_edit_manifest(lambda t: t.update(refs=t.pop("references"))), 'unknown key "refs"'),
    "unknown gate metric": (_edit_manifest(lambda t: t["gate"].update(metrics=["comet"])), 'metric "comet"'),
    "baseline of other references": (_baseline_of_other_references, "baseline.json: baseline was scored against"),
    "baseline for an unknown backend": (_edit_manifest(lambda t: t.update(baseline={"marian": "b.json"})),
                                        '"baseline": unknown backend "marian"'),
    "two backends, one baseline": (_edit_manifest(lambda t: t.update(baseline={"transformers": "b.json",
                                                                               "ctranslate2": "b.json"})),
                                   "two backends share one file"),
    "baseline neither file nor object": (_edit_manifest(lambda t: t.update(baseline=["b.json"])),
                                         '"baseline" must be a file name, or an object'),
}


@pytest.mark.parametrize("mutate, message", BROKEN.values(), ids=BROKEN.keys())
def test_broken_suite_exits_2_naming_the_file_before_loading_a_model(capsys, tmp_path, mutate, message):
    suite = shutil.copytree(NEWS, tmp_path / "news")
    mutate(suite)
    # A model that does not exist: a suite error must come first (exit 2), not the model's (exit 3).
    code = main(["eval-suite", str(suite), "--model", str(tmp_path / "no-model")])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.splitlines()) == 1 and message in err and str(suite) in err


def test_limit_and_write_baseline_together_are_refused(capsys):
    assert main(["eval-suite", str(NEWS), "--limit", "5", "--write-baseline"]) == 2
    assert "--limit" in capsys.readouterr().err
