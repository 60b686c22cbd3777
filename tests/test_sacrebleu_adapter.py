"""sacrebleu's internals, pinned: each function the adapter calls exists and computes what sacrebleu's public
API computes, so a sacrebleu upgrade that changes them fails here first."""
from pathlib import Path

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest

from eval import sacrebleu_adapter as internals
from translate.kernel.textio import read_lines

TESTSETS = Path(__file__).parent / "data" / "testsets"
N = 120


@pytest.fixture(scope="module")
def texts():
    stem = TESTSETS / "newstest2019.de-en"
    return {
        "refs": [read_lines(f"{stem}.en")[:N]],
        "old": read_lines(f"{stem}.opus-2019-12-18.en")[:N],
        "new": read_lines(f"{stem}.opus-2020-02-26.en")[:N],
    }


@pytest.mark.parametrize("metric", [BLEU, CHRF, TER])
def test_statistics_give_the_public_corpus_score(texts, metric):
    statistics = internals.corpus_statistics(metric(), texts["new"], texts["refs"])
    assert len(statistics) == N
    assert internals.score_of(metric(), statistics).score == pytest.approx(metric().corpus_score(texts["new"], texts["refs"]).score)


def test_a_resample_of_every_segment_once_is_the_corpus_score(texts):
    statistics = internals.corpus_statistics(CHRF(), texts["new"], texts["refs"])
    everything = np.arange(N)[None, :]
    resampled = internals.resampled_scores(CHRF(), statistics, everything)
    assert resampled[0] == pytest.approx(CHRF().corpus_score(texts["new"], texts["refs"]).score, abs=1e-4)


def test_default_samples_are_sacrebleus():
    assert (internals.default_samples("bs"), internals.default_samples("ar")) == (1000, 10000)


@pytest.mark.parametrize("method", ["bs", "ar"])
def test_paired_p_value_is_the_public_paired_tests(monkeypatch, texts, method):
    metric = CHRF()
    baseline = internals.corpus_statistics(metric, texts["old"], texts["refs"])
    score, p_value = internals.paired_p_value(
        method, CHRF(), baseline, texts["new"], texts["refs"], n_samples=500, seed=7
    )
    monkeypatch.setenv("SACREBLEU_SEED", "7")
    _, theirs = PairedTest([("old", texts["old"]), ("new", texts["new"])], {"chrF2": CHRF()}, texts["refs"],
                           test_type=method, n_samples=500)()
    assert (score, p_value) == (theirs["chrF2"][1].score, theirs["chrF2"][1].p_value)


def test_segment_scores_are_sentence_scores(texts):
    # The gate's per-sentence chrF comes from the corpus statistics it already has; it must be sacrebleu's
    # sentence_score, which `sacrebleu --sentence-level` prints.
    metric = CHRF()
    statistics = internals.corpus_statistics(metric, texts["new"], texts["refs"])
    expected = [CHRF().sentence_score(hyp, [ref]).score for hyp, ref in zip(texts["new"], texts["refs"][0])]
    assert internals.segment_scores(metric, statistics) == pytest.approx(expected)
