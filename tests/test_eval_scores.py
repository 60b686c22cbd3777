"""`newsmt eval`: published numbers reproduced, per-segment scores, terminology success rate, report formats."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from eval.scoring import score
from eval.terminology import count_terms, read_term_lists, term_success
from translate.app.cli import main
from translate.kernel.textio import read_lines

TESTSETS = Path(__file__).parent / "data" / "testsets"
TERMINOLOGY = Path(__file__).parent / "data" / "wmt23-terminology"

# "<signature> = <score>", for BLEU followed by "<p1/p2/p3/p4> (BP = … ratio = … hyp_len = … ref_len = …)".
EVAL_LINE = re.compile(
    r"^(?P<signature>\S+) = (?P<score>[\d.]+)"
    r"(?: (?P<precisions>[\d./]+) \(BP = (?P<bp>[\d.]+) ratio = (?P<ratio>[\d.]+)"
    r" hyp_len = (?P<hyp_len>\d+) ref_len = (?P<ref_len>\d+)\))?$"
)

PUBLISHED = [
    ("newstest2019", "opus-2020-02-26", "39.3", "0.63780"),
    ("newstest2018", "opus-2020-02-26", "43.5", "0.66653"),
    ("newstest2019", "opus-2019-12-18", "39.2", "0.63606"),
]


def parse_eval_file(path: Path) -> dict[str, dict[str, str]]:
    """The leaderboard's .eval file as {metric name: printed fields}."""
    parsed = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EVAL_LINE.match(line)
        assert match, f"unexpected line in {path.name}: {line}"
        fields = {k: v for k, v in match.groupdict().items() if v is not None}
        parsed[fields["signature"].split("|")[0]] = fields
    return parsed


def without_version(signature: str) -> str:
    return re.sub(r"\|version:[\d.]+$", "", signature)


@pytest.mark.parametrize("testset, system, bleu, chrf", PUBLISHED)
def test_reproduces_published_scores(testset, system, bleu, chrf):
    stem = TESTSETS / f"{testset}.de-en"
    published = parse_eval_file(Path(f"{stem}.{system}.eval"))
    report = score(read_lines(f"{stem}.{system}.en"), [read_lines(f"{stem}.en")], metrics=["bleu", "chrf"])

    ours = report.metrics["bleu"]
    expected = published["BLEU"]
    assert expected["score"] == bleu  # the parser reads the file we think it does
    assert f"{ours.score:.1f}" == bleu
    assert "/".join(f"{p:.1f}" for p in ours.details["precisions"]) == expected["precisions"]
    assert f"{ours.details['bp']:.3f}" == expected["bp"]
    assert f"{ours.details['ratio']:.3f}" == expected["ratio"]
    assert ours.details["hyp_len"] == int(expected["hyp_len"])
    assert ours.details["ref_len"] == int(expected["ref_len"])
    assert without_version(ours.signature) == without_version(expected["signature"])

    ours = report.metrics["chrf"]
    expected = published["chrF2"]
    assert expected["score"] == chrf
    assert f"{ours.score / 100:.5f}" == chrf  # the leaderboard prints chrF on a 0–1 scale
    assert without_version(ours.signature) == without_version(expected["signature"])


@pytest.mark.slow
def test_json_report_carries_scores_signatures_and_provenance(capsys):
    hyp = TESTSETS / "newstest2019.de-en.opus-2020-02-26.en"
    ref = TESTSETS / "newstest2019.de-en.en"
    assert main(["eval", "--hyp", str(hyp), "--ref", str(ref), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)

    assert round(report["bleu"]["score"], 2) == 39.33
    assert round(report["chrf"]["score"], 2) == 63.78
    assert round(report["chrf++"]["score"], 2) == 61.96
    assert round(report["ter"]["score"], 2) == 48.44
    assert report["chrf"]["signature"].startswith("chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:")
    assert report["chrf++"]["signature"].startswith("chrF2++|nrefs:1|")
    assert report["ter"]["signature"].startswith("TER|nrefs:1|case:lc|tok:tercom|")
    assert report["terms"] is None
    assert report["n_segments"] == 2000
    assert report["newsmt"]
    # The digests are those in tests/data/testsets/README.md (sha256sum of the files).
    assert report["inputs"]["hyp"] == {
        "file": str(hyp), "sha256": "34a4c551d6b4c7ef0dca4d6099742760e16c66e756a2770f7d113c44c4954839", "lines": 2000,
    }
    assert report["inputs"]["refs"][0]["sha256"] == "95152920451528b9e167d42def3fd7d0ea0d9a4f12e88bdf63b4adba4975cb1d"
    assert report["hypotheses"] == read_lines(hyp)
    assert "segments" not in report


def test_text_report_is_a_table_with_signatures(capsys, tmp_path):
    stem = TESTSETS / "newstest2018.de-en"
    hyps, refs = read_lines(f"{stem}.opus-2020-02-26.en")[:300], read_lines(f"{stem}.en")[:300]
    (tmp_path / "hyp.en").write_text("\n".join(hyps) + "\n", encoding="utf-8")
    (tmp_path / "ref.en").write_text("\n".join(refs) + "\n", encoding="utf-8")
    assert main(["eval", "--hyp", str(tmp_path / "hyp.en"), "--ref", str(tmp_path / "ref.en")]) == 0
    lines = capsys.readouterr().out.splitlines()

    assert lines[0].split() == ["metric", "score", "signature"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert set(rows) == {"BLEU", "chrF2", "chrF2++", "TER", "segments"}
    for name, metric in (("BLEU", BLEU()), ("chrF2", CHRF()), ("chrF2++", CHRF(word_order=2)), ("TER", TER())):
        expected = metric.corpus_score(hyps, [refs])
        assert rows[name] == [f"{expected.score:.2f}", f"{name}|{metric.get_signature()}"]
    assert rows["segments"] == ["300"]


def test_segment_scores_are_sacrebleus_sentence_scores():
    hyps = read_lines(TESTSETS / "newstest2019.de-en.opus-2020-02-26.en")[:40]
    refs = read_lines(TESTSETS / "newstest2019.de-en.en")[:40]
    report = score(hyps, [refs], segments=True)

    sentence_metrics = {"bleu": BLEU(effective_order=True), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": TER()}
    for key, metric in sentence_metrics.items():
        expected = [metric.sentence_score(h, [r]).score for h, r in zip(hyps, refs)]
        assert report.metrics[key].segment_scores == pytest.approx(expected)
    assert "eff:yes" in report.metrics["bleu"].segment_signature  # sentence BLEU, unlike the corpus BLEU
    assert "eff:no" in report.metrics["bleu"].signature
    assert len(set(report.metrics["chrf"].segment_scores)) > 30  # real per-segment numbers, not one repeated

    rows = report.to_json()["segments"]
    assert len(rows) == 40
    assert rows[0]["chrf"] == report.metrics["chrf"].segment_scores[0]


def test_several_references_are_all_used():
    hyps = read_lines(TESTSETS / "newstest2019.de-en.opus-2020-02-26.en")[:200]
    refs = read_lines(TESTSETS / "newstest2019.de-en.en")[:200]
    # The other system's output as a second "reference" can only add matches.
    second = read_lines(TESTSETS / "newstest2019.de-en.opus-2019-12-18.en")[:200]
    one = score(hyps, [refs], metrics=["bleu"]).metrics["bleu"]
    two = score(hyps, [refs, second], metrics=["bleu"]).metrics["bleu"]
    assert two.score > one.score + 10
    assert "nrefs:2" in two.signature


def test_term_counts_exact_and_lemmatized():
    # exact: the words verbatim; lemma: also when the lemmas of all words match, case folded.
    assert count_terms("The Injury was treated.", ["injuries", "treatment", "Injury"]) == (3, 1, 2)
    assert count_terms("Two patent foramina ovalia were seen.", ["patent foramen ovale"]) == (1, 0, 0)
    assert count_terms("Children with arterial embolisms", ["child", "arterial embolism"]) == (2, 0, 2)
    # Whole words only: "ion" is not in "infection".
    assert count_terms("An infection.", ["ion"]) == (1, 0, 0)
    assert count_terms("Nothing here", []) == (0, 0, 0)


@pytest.mark.slow
def test_term_success_rate_on_wmt23_terminology_data():
    term_lists = read_term_lists(TERMINOLOGY / "deen.term.proper")
    references = read_lines(TERMINOLOGY / "deen.en")
    sources = read_lines(TERMINOLOGY / "deen.de")

    # The English terms were taken from the references: all but 10 of 11364 are in them verbatim (one of the
    # 10 only as a substring: "UV radiationor", a typo in the reference).
    on_references = term_success(references, term_lists)
    assert on_references.to_json()["n_terms"] == 11364
    assert on_references.total.n_found == 11354
    # The untranslated German source contains few of them; lemmas and case folding find more.
    on_sources = term_success(sources, term_lists)
    assert on_sources.success_rate == pytest.approx(316 / 11364)
    assert on_sources.success_rate_lemma == pytest.approx(606 / 11364)


def test_eval_with_terms_reports_rates(capsys, tmp_path):
    hyp = tmp_path / "hyp.en"
    hyp.write_text("The injuries were treated.\nA transit thrombus.\n", encoding="utf-8")
    ref = tmp_path / "ref.en"
    ref.write_text("Treatment of the injuries.\nA transit thrombus and an arterial embolism.\n", encoding="utf-8")
    terms = tmp_path / "terms.jsonl"
    terms.write_text(
        '[{"de": "Versorgung", "en": "treatment"}, {"de": "Verletzung", "en": "injury"}]\n'
        '[{"de": "Transit-Thrombus", "en": "transit thrombus"},'
        ' {"de": "arterielle Embolie", "en": "arterial embolism"}]\n',
        encoding="utf-8",
    )
    argv = ["eval", "--hyp", str(hyp), "--ref", str(ref), "--terms", str(terms), "--segments"]
    assert main([*argv, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["terms"]["n_terms"] == 4
    assert report["terms"]["success_rate"] == 0.25  # "transit thrombus"
    assert report["terms"]["success_rate_lemma"] == 0.5  # and "injury" (injuries)
    assert report["terms"]["signature"].startswith("terms|exact:words|lemma:simplemma-")
    assert [row["terms"] for row in report["segments"]] == [
        {"n_terms": 2, "n_found": 0, "n_found_lemma": 1},
        {"n_terms": 2, "n_found": 1, "n_found_lemma": 1},
    ]

    assert main(argv) == 0
    text = capsys.readouterr().out
    assert re.search(r"^terms exact\s+25\.00%\s+1/4 terms$", text, re.M)
    assert re.search(r"^terms lemma\s+50\.00%\s+2/4 terms$", text, re.M)
    assert re.search(r"^\s+1\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+0/1/2$", text, re.M)
