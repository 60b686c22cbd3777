"""What the gate's sentence-level metrics cost: one `run_gate` on newstest2019 (2000 lines), timed in a fresh
process (as a CI job runs it: the checks' tagger loads and tags every source once). It prints wall-clock and CPU
seconds; on a shared machine the CPU seconds are the ones to compare.

    python benchmarks/gate_cost.py plain          # corpus chrF only (the default): what the gate computed before
    python benchmarks/gate_cost.py checks         # plus the quality checks and the term success rate
    python benchmarks/gate_cost.py plain chrf bleu    # the newstest2019 suite's metrics

The candidate is the other public OPUS-MT release (opus-2019-12-18 against the opus-2020-02-26 baseline): nearly
every sentence differs, so every candidate sentence is checked, the worst case. `plain` also runs with the code
before the checks were added (PYTHONPATH pointing at an export of that commit), which has no `checks` mode.
"""
from __future__ import annotations

import inspect
import json
import sys
import time
from pathlib import Path

from eval.gate import run_gate
from translate.kernel.textio import read_lines

STEM = Path(__file__).resolve().parents[1] / "tests" / "data" / "testsets" / "newstest2019.de-en"


def main(mode: str, metrics: list[str]) -> None:
    refs = [read_lines(f"{STEM}.en")]
    baseline, candidate = read_lines(f"{STEM}.opus-2020-02-26.en"), read_lines(f"{STEM}.opus-2019-12-18.en")
    options = {"metrics": metrics or ["chrf"]}
    if mode == "checks":
        from glossaries import GlossaryMatcher, load_glossaries, match_terms

        sources = read_lines(f"{STEM}.de")
        glossary = load_glossaries([])
        matcher = GlossaryMatcher([glossary])
        options |= {
            "sources": sources, "term_matches": [matcher.match(source) for source in sources],
            "term_lists": [[m.target for m in match_terms(source, glossary)] for source in sources],
        }
    started, cpu_started = time.perf_counter(), time.process_time()
    result = run_gate(refs, baseline, candidate, **options)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    extended = "sources" in inspect.signature(run_gate).parameters
    print(json.dumps({"mode": mode, "metrics": options["metrics"], "seconds": round(seconds, 2),
                      "cpu_seconds": round(cpu_seconds, 2), "extended_gate": extended,
                      "failed": result.failed}))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "plain", sys.argv[2:])
