"""What broke, sentence by sentence: the sentences whose chrF fell most and those that gained a quality flag,
with source, reference, baseline, candidate and a word-level diff of baseline and candidate."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from translate.kernel.document import Flag

DEFAULT_WORST = 10


@dataclass(frozen=True)
class DiffPart:
    op: str  # "equal", "delete" (only in the baseline) or "insert" (only in the candidate)
    text: str

    def to_json(self) -> dict:
        return {"op": self.op, "text": self.text}


def word_diff(baseline: str, candidate: str) -> list[DiffPart]:
    """Baseline → candidate, word by word (whitespace-separated tokens); a replacement is a delete and an insert."""
    old, new = baseline.split(), candidate.split()
    parts: list[DiffPart] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart("delete", " ".join(old[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart("insert", " ".join(new[j1:j2])))
    return parts


@dataclass(frozen=True)
class SentenceChange:
    """One sentence that got worse: its texts, sentence-level scores and the flags it gained."""

    index: int  # 0-based line
    source: str | None  # None when the gate was given no sources
    references: list[str]
    baseline: str
    candidate: str
    baseline_score: float  # sentence-level chrF
    candidate_score: float
    gained_flags: list[Flag]  # flags of codes the baseline's sentence did not have
    worst_rank: int | None  # 1 for the sentence whose chrF fell most, None when not among the --worst

    @property
    def delta(self) -> float:
        return self.candidate_score - self.baseline_score

    @property
    def gained_codes(self) -> list[str]:
        return list(dict.fromkeys(flag.code for flag in self.gained_flags))

    @property
    def diff(self) -> list[DiffPart]:
        return word_diff(self.baseline, self.candidate)

    def to_json(self) -> dict:
        return {
            "line": self.index + 1,
            "source": self.source,
            "references": self.references,
            "baseline": self.baseline,
            "candidate": self.candidate,
            "chrf": {"baseline": self.baseline_score, "candidate": self.candidate_score, "delta": self.delta},
            "worst_rank": self.worst_rank,
            "gained_flags": [flag.to_json() for flag in self.gained_flags],
            "diff": [part.to_json() for part in self.diff],
        }


def sentence_changes(
    *,
    sources: Sequence[str] | None,
    refs_list: Sequence[Sequence[str]],
    baseline: Sequence[str],
    candidate: Sequence[str],
    baseline_scores: Sequence[float],
    candidate_scores: Sequence[float],
    gained_flags: Sequence[Sequence[Flag]],
    worst: int = DEFAULT_WORST,
) -> list[SentenceChange]:
    """The `worst` sentences whose score fell most (ties: earlier line first) and every sentence that gained a
    flag, ordered by how much their score fell."""
    fell = sorted((i for i in range(len(baseline)) if candidate_scores[i] < baseline_scores[i]),
                  key=lambda i: (candidate_scores[i] - baseline_scores[i], i))
    ranks = {index: rank for rank, index in enumerate(fell[:worst], start=1)}
    chosen = sorted(set(ranks) | {i for i, flags in enumerate(gained_flags) if flags},
                    key=lambda i: (candidate_scores[i] - baseline_scores[i], i))
    return [
        SentenceChange(
            index=i, source=sources[i] if sources is not None else None, references=[refs[i] for refs in refs_list],
            baseline=baseline[i], candidate=candidate[i], baseline_score=baseline_scores[i],
            candidate_score=candidate_scores[i], gained_flags=list(gained_flags[i]), worst_rank=ranks.get(i),
        )
        for i in chosen
    ]
