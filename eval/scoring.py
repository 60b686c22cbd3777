"""Scoring one translation: corpus metrics, terminology, per-segment scores, and the report that carries them."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.kernel.errors import InputError
from translate.kernel.jsonio import JsonInputError, parse_json
from translate.kernel.textio import read_lines, read_text

from .metrics import MetricScore, score_metric
from .provenance import check_aligned, describe_input, lines_sha256, newsmt_version
from .settings import REPORTED_METRICS
from .terminology import SIGNATURE as TERMS_SIGNATURE
from .terminology import TermScore, term_success


@dataclass(frozen=True)
class EvalReport:
    metrics: dict[str, MetricScore]  # keyed by METRICS key: "bleu", "chrf", "chrf++", "ter"
    terms: TermScore | None
    hypotheses: list[str]
    inputs: dict

    @property
    def n_segments(self) -> int:
        return len(self.hypotheses)

    def to_json(self) -> dict:
        # The report embeds the hypotheses themselves, so that it can serve as the gate's baseline on its own.
        # A path + sha256 breaks as soon as the report moves to another CI run or machine; sacrebleu's per-segment
        # statistics are internal, tied to one sacrebleu version and metric setting. With the text the gate
        # re-scores baseline and candidate with the same sacrebleu, settings and reference, so the two stay
        # comparable (the reference is checked against the digest recorded here). ~220 kB for 2000 segments.
        data = {
            "newsmt": newsmt_version(),
            **{key: metric.to_json() for key, metric in self.metrics.items()},
            "terms": self.terms.to_json() if self.terms else None,
            "n_segments": self.n_segments,
            "inputs": self.inputs,
        }
        segments = self._segment_rows()
        if segments:
            data["segments"] = segments
        data["hypotheses"] = self.hypotheses
        return data

    def _segment_rows(self) -> list[dict]:
        columns = {key: m.segment_scores for key, m in self.metrics.items() if m.segment_scores is not None}
        term_counts = self.terms.segments if self.terms and self.terms.segments is not None else None
        if not columns and term_counts is None:
            return []
        rows = []
        for i in range(self.n_segments):
            row = {key: scores[i] for key, scores in columns.items()}
            if term_counts is not None:
                row["terms"] = term_counts[i]._asdict()
            rows.append(row)
        return rows

    def to_text(self) -> str:
        lines = [f"{'metric':<12} {'score':>7}  signature"]
        lines += [f"{m.name:<12} {m.score:>7.2f}  {m.signature}" for m in self.metrics.values()]
        if self.terms:
            total = self.terms.total
            for label, found, rate in (
                ("terms exact", total.n_found, self.terms.success_rate),
                ("terms lemma", total.n_found_lemma, self.terms.success_rate_lemma),
            ):
                shown = f"{100 * rate:>6.2f}%" if rate is not None else f"{'n/a':>7}"
                lines.append(f"{label:<12} {shown}  {found}/{total.n_terms} terms")
            lines.append(f"{'':<12} {'':>7}  {TERMS_SIGNATURE}")
        lines.append(f"{'segments':<12} {self.n_segments:>7}")
        rows = self._segment_rows()
        if rows:
            lines += ["", "  ".join(f"{column:>8}" for column in ["segment", *self._segment_columns(rows[0])])]
            lines += [
                "  ".join([f"{number:>8}", *(self._segment_cell(key, value) for key, value in row.items())])
                for number, row in enumerate(rows, start=1)
            ]
        return "\n".join(lines) + "\n"

    def _segment_columns(self, row: dict) -> list[str]:
        return [self.metrics[key].name if key in self.metrics else "terms" for key in row]

    @staticmethod
    def _segment_cell(key: str, value) -> str:
        if key == "terms":  # found verbatim / found as lemmas / required
            return f"{value['n_found']}/{value['n_found_lemma']}/{value['n_terms']}".rjust(8)
        return f"{value:>8.2f}"


def score(
    hyps: Sequence[str],
    refs_list: Sequence[Sequence[str]],
    *,
    srcs: Sequence[str] | None = None,
    term_lists: Sequence[Sequence[str]] | None = None,
    segments: bool = False,
    metrics: Sequence[str] = REPORTED_METRICS,
    names: Mapping[str, str | Sequence[str]] | None = None,
) -> EvalReport:
    """Score `hyps` against one or more line-aligned reference streams.

    `srcs` is only recorded (digest) and checked for alignment; `term_lists` holds the required English terms
    of each segment. `names` labels the inputs in messages and the report: {"hyp": FILE, "refs": [FILE, …],
    "src": FILE, "terms": FILE}.
    """
    names = {key: value for key, value in (names or {}).items() if value}
    others = {names.get("hyp", "hypotheses"): hyps}
    if srcs is not None:
        others[names.get("src", "sources")] = srcs
    if term_lists is not None:
        others[names.get("terms", "term lists")] = term_lists
    ref_files = check_aligned(refs_list, names.get("refs"), others)

    inputs = {
        "hyp": describe_input(hyps, names.get("hyp")),
        "refs": [describe_input(refs, file) for refs, file in zip(refs_list, ref_files)],
        "src": describe_input(srcs, names.get("src")) if srcs is not None else None,
        "terms": {"file": names.get("terms"), "lines": len(term_lists)} if term_lists is not None else None,
    }
    return EvalReport(
        metrics={key: score_metric(key, hyps, refs_list, segments=segments) for key in metrics},
        terms=term_success(hyps, term_lists, segments=segments) if term_lists is not None else None,
        hypotheses=list(hyps),
        inputs=inputs,
    )


def hypotheses_from_report(report: object, name: str, refs_list: Sequence[Sequence[str]]) -> list[str]:
    """The hypotheses a stored `eval --format json` report was scored with, if it was scored against `refs_list`."""
    if not isinstance(report, dict) or "newsmt" not in report:
        raise InputError(f"{name}: not a newsmt eval report (a JSON object with a \"newsmt\" key)")
    hyps = report.get("hypotheses")
    if not isinstance(hyps, list) or not hyps or not all(isinstance(h, str) for h in hyps):
        raise InputError(f"{name}: report has no \"hypotheses\" list; write it with `newsmt eval --format json`")
    inputs = report.get("inputs")
    refs = inputs.get("refs") if isinstance(inputs, dict) else None
    refs = [ref for ref in refs if isinstance(ref, dict)] if isinstance(refs, list) else []
    if not refs:
        raise InputError(f"{name}: report records no reference digests (inputs.refs[].sha256)")
    if sorted(str(ref.get("sha256")) for ref in refs) != sorted(lines_sha256(r) for r in refs_list):
        files = ", ".join(str(ref.get("file")) for ref in refs)
        raise InputError(
            f"{name}: baseline was scored against other references ({files}); score it again with the same --ref"
        )
    return hyps


def read_baseline(path: str | Path, refs_list: Sequence[Sequence[str]]) -> list[str]:
    """Baseline hypotheses from a translation file, or from a JSON report of `newsmt eval` (it starts with "{")."""
    text = read_text(path)
    if not text.lstrip().startswith("{"):
        return read_lines(path)
    try:
        report = parse_json(text)
    except JsonInputError as err:
        raise InputError(
            f"{path}: {err}; a baseline is a translation or a report written by `newsmt eval --format json`"
        ) from None
    return hypotheses_from_report(report, str(path), refs_list)
