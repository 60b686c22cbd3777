"""Evaluation suites: a folder whose manifest (suite.json) names test sets, their references, required terms,
glossaries and stored baseline. Everything is read and checked here, before a model is loaded, so a broken
suite stops the run in a second with the file at fault named.

    {"name": "news", "description": "…",
     "testsets": [{"name": "news", "source": "news.de-en.de", "references": ["news.de-en.en"],
                   "terms": "news.de-en.terms.jsonl", "glossaries": [], "baseline": "baseline.json",
                   "gate": {"metrics": ["chrf"], "max_drop": 0.5}}]}

Paths are relative to the folder. "baseline" is one file for every backend, or one per backend
({"transformers": "baseline.json", "ctranslate2": "baseline.ctranslate2.json"}): a run is gated against the baseline
of the backend it ran on. Only a baseline may be missing: until one is written the suite is scored and not gated.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from glossaries import Glossary, load_glossaries, load_term_lists
from translate.engine.backend import BACKENDS
from translate.kernel.errors import InputError
from translate.kernel.jsonio import JsonInputError, parse_json
from translate.kernel.textio import read_lines, read_text, require_same_length

from .scoring import read_baseline
from .settings import METRIC_KEYS, GateSettings
from .terminology import required_targets

MANIFEST = "suite.json"
BUNDLED_SUITES = Path(__file__).with_name("suites")

_SUITE_KEYS = {"name": True, "description": False, "testsets": True}  # key: required
_TESTSET_KEYS = {
    "name": True, "source": True, "references": True, "terms": False, "glossaries": False, "baseline": True,
    "gate": False,
}
_GATE_KEYS = {"metrics": False, "max_drop": False}


@dataclass(frozen=True)
class StoredBaseline:
    file: str  # relative to the suite folder, as suite.json names it
    path: Path
    hyps: list[str] | None  # its hypotheses; None while the file does not exist


@dataclass(frozen=True)
class TestSet:
    name: str
    sources: list[str]
    refs_list: list[list[str]]
    term_lists: list[Glossary] | None  # one per source line, from the suite's terms file
    glossary: Glossary  # the bundled newsroom glossary plus the suite's own
    baseline_path: Path | None  # the baseline this test set is gated against (None: none named for the backend)
    baseline: list[str] | None  # the stored baseline's hypotheses; None while there is none
    gate: GateSettings
    files: dict  # paths relative to the suite folder, recorded in reports: src, refs, terms, baseline
    # One baseline per backend, when suite.json names them so; empty when one baseline serves every backend.
    baselines: dict[str, StoredBaseline] = field(default_factory=dict)

    def for_backend(self, backend: str) -> TestSet:
        """This test set with the baseline of `backend` (the one run on it is gated against, and written to)."""
        if not self.baselines:
            return self
        stored = self.baselines.get(backend)
        if stored is None:
            return replace(self, baseline_path=None, baseline=None, files={**self.files, "baseline": None})
        return replace(self, baseline_path=stored.path, baseline=stored.hyps, files={**self.files, "baseline": stored.file})

    @property
    def n_lines(self) -> int:
        return len(self.sources)

    @property
    def required_terms(self) -> list[list[str]] | None:
        """Per line, the English terms the translation must contain (for the terminology success rate)."""
        if self.term_lists is None:
            return None
        return required_targets(self.term_lists)

    def head(self, n: int) -> TestSet:
        """The first n lines of every line-aligned text, the baseline's hypotheses included."""
        return replace(
            self,
            sources=self.sources[:n],
            refs_list=[refs[:n] for refs in self.refs_list],
            term_lists=self.term_lists[:n] if self.term_lists is not None else None,
            baseline=self.baseline[:n] if self.baseline is not None else None,
            baselines={name: replace(b, hyps=b.hyps[:n] if b.hyps is not None else None)
                       for name, b in self.baselines.items()},
        )


@dataclass(frozen=True)
class Suite:
    name: str
    description: str
    folder: Path
    testsets: list[TestSet]

    @property
    def warnings(self) -> list[str]:
        return list(dict.fromkeys(w for testset in self.testsets for w in testset.glossary.warnings))


def find_suite(name_or_folder: str) -> Path:
    """A suite folder, or the name of a suite shipped with newsmt (eval/suites/NAME)."""
    folder = Path(name_or_folder)
    if folder.is_dir():
        return folder
    if (BUNDLED_SUITES / name_or_folder / MANIFEST).is_file():
        return BUNDLED_SUITES / name_or_folder
    bundled = ", ".join(sorted(p.parent.name for p in BUNDLED_SUITES.glob(f"*/{MANIFEST}")))
    raise InputError(f"{name_or_folder}: no such suite folder, and not a bundled suite ({bundled})")


def load_suite(folder: str | Path) -> Suite:
    folder = Path(folder)
    manifest = folder / MANIFEST
    data = _read_manifest(manifest)
    _check_keys(data, _SUITE_KEYS, manifest, "suite")
    name = _string(data, "name", manifest, "suite")
    description = _string(data, "description", manifest, "suite") if "description" in data else ""
    specs = data["testsets"]
    if not isinstance(specs, list) or not specs:
        raise InputError(f'{manifest}: "testsets" must be a non-empty list of test sets')
    testsets = [_load_testset(spec, folder, manifest, f"testsets[{i}]") for i, spec in enumerate(specs)]
    names = [testset.name for testset in testsets]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate is not None:
        raise InputError(f'{manifest}: two test sets are named "{duplicate}"; test set names must differ')
    return Suite(name, description, folder, testsets)


def _read_manifest(manifest: Path) -> dict:
    if not manifest.is_file():
        raise InputError(f"{manifest}: no suite manifest here; a suite folder holds a {MANIFEST}")
    try:
        data = parse_json(read_text(manifest))
    except JsonInputError as err:
        raise InputError(f"{manifest}: {err}") from None
    if not isinstance(data, dict):
        raise InputError(f"{manifest}: expected a JSON object with \"name\" and \"testsets\"")
    return data


def _check_keys(data: object, keys: dict[str, bool], manifest: Path, where: str) -> None:
    if not isinstance(data, dict):
        raise InputError(f"{manifest}: {where}: expected a JSON object")
    unknown = sorted(set(data) - set(keys))
    if unknown:
        raise InputError(f'{manifest}: {where}: unknown key "{unknown[0]}" (known: {", ".join(keys)})')
    missing = [key for key, required in keys.items() if required and key not in data]
    if missing:
        raise InputError(f'{manifest}: {where}: "{missing[0]}" is missing')


def _string(data: dict, key: str, manifest: Path, where: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise InputError(f'{manifest}: {where}: "{key}" must be a non-empty string')
    return value


def _strings(data: dict, key: str, manifest: Path, where: str, *, allow_empty: bool) -> list[str]:
    values = data.get(key, [])
    valid = isinstance(values, list) and all(isinstance(v, str) and v.strip() for v in values)
    if not valid or not (values or allow_empty):
        amount = "" if allow_empty else "one or more "
        raise InputError(f'{manifest}: {where}: "{key}" must be a list of {amount}non-empty strings')
    return values


def _gate_settings(data: dict, manifest: Path, where: str) -> GateSettings:
    if "gate" not in data:
        return GateSettings()
    gate, where = data["gate"], f"{where}.gate"
    _check_keys(gate, _GATE_KEYS, manifest, where)
    metrics = None
    if "metrics" in gate:
        metrics = tuple(_strings(gate, "metrics", manifest, where, allow_empty=False))
        unknown = [m for m in metrics if m not in METRIC_KEYS]
        if unknown:
            raise InputError(f'{manifest}: {where}: unknown metric "{unknown[0]}" (known: {", ".join(METRIC_KEYS)})')
    max_drop = gate.get("max_drop")
    if max_drop is not None and (isinstance(max_drop, bool) or not isinstance(max_drop, int | float) or max_drop < 0):
        raise InputError(f'{manifest}: {where}: "max_drop" must be a number of points, 0 or more')
    return GateSettings(metrics, max_drop)


def _load_testset(spec: object, folder: Path, manifest: Path, where: str) -> TestSet:
    _check_keys(spec, _TESTSET_KEYS, manifest, where)
    name = _string(spec, "name", manifest, where)
    where = f'test set "{name}"'
    source = _string(spec, "source", manifest, where)
    references = _strings(spec, "references", manifest, where, allow_empty=False)
    terms = _string(spec, "terms", manifest, where) if "terms" in spec else None
    glossaries = _strings(spec, "glossaries", manifest, where, allow_empty=True)
    baseline_files = _baseline_files(spec, manifest, where)
    gate = _gate_settings(spec, manifest, where)

    sources = read_lines(folder / source)
    refs_list = [read_lines(folder / ref) for ref in references]
    term_lists = load_term_lists(folder / terms) if terms else None
    glossary = load_glossaries([folder / g for g in glossaries])
    # Each baseline report must have been scored against these very references (read_baseline checks digests).
    stored = {
        backend: StoredBaseline(file, folder / file, read_baseline(folder / file, refs_list) if (folder / file).exists() else None)
        for backend, file in baseline_files.items()
    }

    aligned = {str(folder / source): sources, **{str(folder / ref): refs for ref, refs in zip(references, refs_list)}}
    if term_lists is not None:
        aligned[str(folder / terms)] = term_lists
    for baseline in stored.values():
        if baseline.hyps is not None:
            aligned[str(baseline.path)] = baseline.hyps
    require_same_length(aligned)
    files = {"src": source, "refs": references, "terms": terms}
    if None in stored:  # one baseline for every backend
        one = stored[None]
        return TestSet(name, sources, refs_list, term_lists, glossary, one.path, one.hyps, gate,
                       {**files, "baseline": one.file})
    return TestSet(name, sources, refs_list, term_lists, glossary, None, None, gate, {**files, "baseline": None}, stored)


def _baseline_files(spec: dict, manifest: Path, where: str) -> dict[str | None, str]:
    """{None: file} for one baseline, or {backend: file} for one per backend."""
    value = spec["baseline"]
    if isinstance(value, str):
        return {None: _string(spec, "baseline", manifest, where)}
    message = (f'{manifest}: {where}: "baseline" must be a file name, or an object naming one file per backend '
               f'({", ".join(BACKENDS)})')
    if not isinstance(value, dict) or not value:
        raise InputError(message)
    unknown = sorted(set(value) - set(BACKENDS))
    if unknown:
        raise InputError(f'{manifest}: {where}: "baseline": unknown backend "{unknown[0]}" (known: {", ".join(BACKENDS)})')
    for backend in value:
        _string(value, backend, manifest, f'{where}: "baseline"')
    if len(set(value.values())) < len(value):
        raise InputError(f'{manifest}: {where}: "baseline": two backends share one file; each needs its own')
    return dict(value)
