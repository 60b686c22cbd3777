"""Running an evaluation suite: each test set translated by the project's own pipeline (glossaries on), scored
against its references and gated against its stored baseline; one result for JSON, markdown and JUnit."""
from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from glossaries import GlossaryMatcher
from translate.engine.backend import TranslationBackend
from translate.engine.batching import DEFAULT_MAX_BATCH_SENTENCES, DEFAULT_MAX_BATCH_TOKENS
from translate.engine.length_bound import LengthBound
from translate.engine.pipeline import Translator
from translate.kernel.report import GlossaryCounts

from .flag_gate import source_terms
from .gate import GateResult, run_gate
from .provenance import newsmt_version
from .scoring import EvalReport, score
from .settings import GateSettings
from .suite import MANIFEST, Suite, TestSet


@dataclass(frozen=True)
class TestSetRun:
    testset: TestSet  # as translated: cut to --limit lines
    total_lines: int  # lines in the suite's files
    translator: str  # the translator's signature: model, revision, device, glossary
    report: EvalReport
    glossary: GlossaryCounts
    gate: GateResult | None
    skipped: str | None  # why there is no gate result
    seconds: dict[str, float]

    @property
    def status(self) -> str:
        if self.gate is None:
            return "skipped"
        return "failed" if self.gate.failed else "passed"

    @property
    def limit_note(self) -> str | None:
        n = self.testset.n_lines
        if n == self.total_lines:
            return None
        cut = "; the baseline's hypotheses were cut to the same lines" if self.gate is not None else ""
        return f"--limit: translated and scored the first {n} of {self.total_lines} lines{cut}"

    def baseline_json(self) -> dict:
        """The run's eval report, as `newsmt eval --format json` writes it, with the translator that produced it."""
        return {"translator": self.translator, **self.report.to_json()}

    def to_json(self) -> dict:
        return {
            "name": self.testset.name,
            "lines": {"translated": self.testset.n_lines, "total": self.total_lines},
            "limit_note": self.limit_note,
            "files": self.testset.files,
            "translator": self.translator,
            "glossary_terms": self.glossary.to_json(),
            "gate": self._gate_json(),
            "seconds": self.seconds,
            "eval": self.report.to_json(),
        }

    def _gate_json(self) -> dict:
        if self.gate is None:
            return {"status": self.status, "reason": self.skipped}
        return {**self.gate.to_json(), "lines": self.testset.n_lines}

    def to_markdown(self) -> str:
        lines = [f"**Test set `{self.testset.name}`: {self.status}.** Translator: `{self.translator}`"]
        if self.limit_note:
            lines += ["", f"**{self.limit_note}.**"]
        if self.gate is None:
            lines += ["", f"Gate skipped: {self.skipped}."]
            return "\n".join(lines) + "\n"
        return "\n".join(lines) + "\n\n" + self.gate.to_markdown()

    def junit_suite(self, suite_name: str) -> ET.Element:
        """This test set's gate as a JUnit test suite: the gate's own, renamed, or one skipped test case."""
        name = f"{suite_name}/{self.testset.name}"
        classname = f"newsmt.eval-suite.{suite_name}.{self.testset.name}"
        if self.gate is None:
            element = ET.Element("testsuite", name=name, tests="1", failures="0", errors="0", skipped="1", time="0")
            case = ET.SubElement(element, "testcase", classname=classname, name="gate")
            ET.SubElement(case, "skipped", message=self.skipped)
            return element
        element = ET.fromstring(self.gate.to_junit()).find("testsuite")
        element.set("name", name)
        for case in element.iter("testcase"):
            case.set("classname", classname)
        properties = element.find("properties")
        ET.SubElement(properties, "property", name="translator", value=self.translator)
        if self.limit_note:
            ET.SubElement(properties, "property", name="limit", value=self.limit_note)
        return element


@dataclass(frozen=True)
class SuiteRun:
    suite: Suite
    model: dict  # id, revision, device
    limit: int | None
    baseline_written: bool
    runs: list[TestSetRun]
    seconds: dict[str, float]

    @property
    def failed(self) -> bool:
        return any(run.status == "failed" for run in self.runs)

    @property
    def status(self) -> str:
        if self.failed:
            return "failed"
        return "passed" if any(run.gate is not None for run in self.runs) else "skipped"

    def to_json(self) -> dict:
        return {
            "newsmt": newsmt_version(),
            "suite": {"name": self.suite.name, "description": self.suite.description, "folder": str(self.suite.folder)},
            "status": self.status,
            "model": self.model,
            "limit": self.limit,
            "baseline_written": self.baseline_written,
            "seconds": self.seconds,
            "testsets": [run.to_json() for run in self.runs],
        }

    def to_markdown(self) -> str:
        verdict = {"failed": "FAILED", "passed": "passed", "skipped": "scored, gate skipped"}[self.status]
        lines = [f"## Evaluation suite `{self.suite.name}`: {verdict}", ""]
        if self.suite.description:
            lines += [self.suite.description, ""]
        metric_names = [m.name for m in self.runs[0].report.metrics.values()]
        lines += [
            "| test set | lines | " + " | ".join(metric_names) + " | terms found | glossary terms matched / by the model"
            " / forced / realigned / inserted | gate | seconds |",
            "|---|---:|" + "---:|" * len(metric_names) + "---:|---:|---|---:|",
        ]
        lines += [_table_row(run) for run in self.runs]
        lines += [
            "",
            f"Model `{self.model['id']}` (revision {self.model['revision']}) on {self.model['device']}, loaded in "
            f"{self.seconds['model_load']:.1f} s; whole run {self.seconds['total']:.1f} s.",
        ]
        if self.baseline_written:
            lines.append("This run was stored as the suite's baseline (--write-baseline).")
        return "\n".join(lines) + "\n\n" + "\n".join(run.to_markdown() for run in self.runs)

    def to_junit(self) -> str:
        root = ET.Element("testsuites", name=f"newsmt eval-suite {self.suite.name}")
        for run in self.runs:
            root.append(run.junit_suite(self.suite.name))
        for count in ("tests", "failures", "errors", "skipped"):
            root.set(count, str(sum(int(suite.get(count, "0")) for suite in root)))
        root.set("time", f"{self.seconds['total']:.3f}")
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _table_row(run: TestSetRun) -> str:
    report = run.report
    scores = [f"{m.score:.2f}" for m in report.metrics.values()]
    terms = "n/a"
    if report.terms and report.terms.success_rate is not None:
        terms = f"{100 * report.terms.success_rate:.2f}% ({report.terms.total.n_found}/{report.terms.total.n_terms})"
    counts = run.glossary
    lines = str(run.total_lines) if run.limit_note is None else f"{run.testset.n_lines} of {run.total_lines}"
    return (
        f"| {run.testset.name} | {lines} | " + " | ".join(scores)
        + f" | {terms} | {counts.matched} / {counts.placements['model']} / {counts.placements['forced']} / "
        f"{counts.placements['realigned']} / {counts.inserted} | {run.status} "
        f"| {sum(run.seconds.values()):.1f} |"
    )


def _gate(testset: TestSet, hyps: list[str], options: GateSettings, write_baseline: bool, suite: Suite,
          backend: str):
    """(gate result, None), or (None, why the gate was skipped)."""
    if write_baseline:
        return None, "this run is stored as the new baseline (--write-baseline)"
    if testset.baseline is None:
        per_backend = f" --backend {backend}" if testset.baselines else ""
        if testset.baseline_path is None:
            return None, f"no baseline for backend {backend}: {suite.folder / MANIFEST} names none for it"
        return None, (
            f"no {backend + ' ' if per_backend else ''}baseline yet ({testset.files['baseline']} does not exist); "
            f"store one with `newsmt eval-suite {suite.folder} --model MODEL{per_backend} --write-baseline` on a "
            "machine that has the model"
        )
    # Command line over suite; what neither sets is left to run_gate's defaults.
    settings = options.over(testset.gate)
    matcher = GlossaryMatcher([testset.glossary])
    result = run_gate(
        testset.refs_list, testset.baseline, hyps,
        names={"baseline": testset.files["baseline"], "candidate": "this run", "refs": testset.files["refs"],
               "src": testset.files["src"], "terms": testset.files["terms"]},
        sources=testset.sources, term_lists=testset.required_terms,
        term_matches=source_terms(testset.sources, matcher, testset.term_lists),
        terms_signature=matcher.signature, **settings.gate_options(),
    )
    return result, None


@dataclass(frozen=True)
class TranslatorOptions:
    """How the suite's translators decode; the backend itself is loaded once, by the caller."""

    beam: int | None = None
    max_batch_tokens: int = DEFAULT_MAX_BATCH_TOKENS
    max_batch_sentences: int = DEFAULT_MAX_BATCH_SENTENCES
    term_injection: bool = True
    progress: bool = False
    length_bound: LengthBound = LengthBound()


def _run_testset(
    testset: TestSet, backend: TranslationBackend, suite: Suite, *, options: TranslatorOptions,
    limit: int | None, gate: GateSettings, write_baseline: bool,
) -> TestSetRun:
    total_lines = testset.n_lines
    testset = testset.for_backend(backend.name)  # gated against (and written to) the baseline of this backend
    if limit is not None:
        testset = testset.head(limit)
    # No quality checks: a suite is scored against references, and nobody would read the flags.
    translator = Translator(
        backend, term_matcher=GlossaryMatcher([testset.glossary]), beam=options.beam,
        max_batch_tokens=options.max_batch_tokens, max_batch_sentences=options.max_batch_sentences,
        term_injection=options.term_injection, progress=options.progress, length_bound=options.length_bound,
    )
    started = time.perf_counter()
    document = translator.translate_lines(testset.sources, name=testset.files["src"], term_lists=testset.term_lists)
    hyps = [paragraph.target for paragraph in document.paragraphs]
    translated = time.perf_counter()
    report = score(
        hyps, testset.refs_list, srcs=testset.sources, term_lists=testset.required_terms,
        names={"hyp": f"eval-suite {suite.name}/{testset.name}", "refs": testset.files["refs"],
               "src": testset.files["src"], "terms": testset.files["terms"]},
    )
    scored = time.perf_counter()
    result, skipped = _gate(testset, hyps, gate, write_baseline, suite, backend.name)
    seconds = {
        "translate": translated - started, "score": scored - translated, "gate": time.perf_counter() - scored,
    }
    return TestSetRun(
        testset, total_lines, translator.signature, report, GlossaryCounts.of([document]), result, skipped, seconds,
    )


def run_suite(
    suite: Suite, backend: TranslationBackend | Callable[[], TranslationBackend], *,
    options: TranslatorOptions = TranslatorOptions(), limit: int | None = None, gate: GateSettings = GateSettings(),
    write_baseline: bool = False,
) -> SuiteRun:
    """Run every test set of the suite on one backend (or one loaded, and timed, by calling `backend`);
    `limit` translates only each source's first lines."""
    started = time.perf_counter()
    if callable(backend) and not isinstance(backend, TranslationBackend):
        backend = backend()
    loaded = time.perf_counter()
    runs = [
        _run_testset(testset, backend, suite, options=options, limit=limit, gate=gate, write_baseline=write_baseline)
        for testset in suite.testsets
    ]
    seconds = {"model_load": loaded - started, "total": time.perf_counter() - started}
    model_info = {
        "id": backend.model_id, "revision": backend.revision, "backend": backend.name, "device": backend.device,
    }
    return SuiteRun(suite, model_info, limit, write_baseline, runs, seconds)
