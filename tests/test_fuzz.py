"""Fuzz harness (issue 18): every CLI command and every API endpoint with generated hostile input (hostile.py).

What must hold everywhere: no traceback and no uncaught exception, no 500; a refusal is exit 2 (or the command's
documented code) with a one-line `error:` message, or a 4xx with a JSON error; nothing is written on error.
Bounded: a few dozen reproducible examples per entry point (derandomize), inputs that reach the tiny model short.
The number of cases run per entry point is kept in pytest's cache (newsmt/fuzz-cases) and printed at the end.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.app.cli import main

from hostile import deep_json, file_contents, hostile_strings, hostile_text, invisible_only, json_values, odd_names

CASES: Counter[str] = Counter()
FUZZ = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
FEW = settings(FUZZ, max_examples=8)  # inputs that may reach the model: each translate call loads it


@pytest.fixture(scope="module", autouse=True)
def case_counts(request):
    yield
    request.config.cache.set("newsmt/fuzz-cases", dict(CASES))
    summary = ", ".join(f"{name} {count}" for name, count in sorted(CASES.items()))
    print(f"\nfuzz cases per entry point: {summary} (total {sum(CASES.values())})")


def run_cli(entry: str, argv: list[str], capsys, *, allowed=(0, 1, 2, 3)) -> tuple[int, str, str]:
    """`newsmt ARGV` in-process: its exit code, stdout and stderr; fails on any exception or traceback."""
    CASES[entry] += 1
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out, err
    assert code in allowed, (code, err)
    if code == 2:  # one line that says what is wrong (glossary check lists its problems on stdout)
        errors = [line for line in err.splitlines() if "error:" in line]
        assert len(errors) == 1 or (not errors and "error:" in out), (out, err)
    return code, out, err


def absent(path: Path) -> bool:
    return not os.path.lexists(path)  # Path.exists raises on a name longer than the system allows


def scratch(tmp_path: Path) -> Path:
    return Path(tempfile.mkdtemp(dir=tmp_path))


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def odd_path(folder: Path, name: str, data: bytes = "Der Kreml.\n".encode()) -> Path:
    """`name` under `folder`, created with `data` where the system allows such a name (else absent)."""
    path = folder / name
    try:
        if not name.endswith("/") and name not in (".", "..", "x/.."):
            path.write_bytes(data)
    except OSError:
        pass
    return path


# ---------------------------------------------------------------- translate


@FEW
@given(name=odd_names())
def test_translate_odd_file_names(tiny_model_dir, tmp_path, capsys, name):
    folder = scratch(tmp_path)
    path = odd_path(folder, name)
    run_cli("translate FILE", ["translate", "--model", str(tiny_model_dir), "--format", "json", str(path)], capsys)


@FUZZ
@given(name=odd_names())
def test_translate_output_odd_names(tiny_model_dir, tmp_path, capsys, name):
    folder = scratch(tmp_path)
    out = folder / name / "x"
    # An unreadable input first: the output path must be refused (or not touched) before the model loads.
    code, _, _ = run_cli("translate -o", ["translate", "--model", str(tiny_model_dir), "-o", str(out),
                                          str(folder / "missing.txt")], capsys)
    assert code == 2 and absent(out)


@FEW
@given(name=st.integers(256, 400).map(lambda n: "o" * n))
def test_translate_output_long_folder(tiny_model_dir, tmp_path, capsys, name):
    folder = scratch(tmp_path)
    story = write(folder, "story.txt", "Der Kreml.\n".encode())
    code, _, err = run_cli("translate -o LONG/x", ["translate", "--model", str(tiny_model_dir), "-o",
                                                   str(folder / name / "x"), str(story)], capsys)
    assert code == 2 and name[:20] in err


@FUZZ
@given(data=file_contents(), suffix=st.sampled_from([".txt", ".json", ".html", ".xml", ".jsonl"]))
def test_translate_hostile_contents(tiny_model_dir, tmp_path, capsys, data, suffix):
    folder = scratch(tmp_path)
    story = write(folder, "story" + suffix, data[:200])
    out = folder / "out"
    code, _, _ = run_cli("translate contents", ["translate", "--model", str(tiny_model_dir), "--format", "json",
                                                "-o", str(out), str(story)], capsys)
    if code != 0:
        assert absent(out) or not any(out.iterdir())


@FUZZ
@given(data=file_contents())
def test_translate_hostile_terms(tiny_model_dir, tmp_path, capsys, data):
    folder = scratch(tmp_path)
    story = write(folder, "story.txt", "Der Kreml.\n".encode())
    terms = write(folder, "terms.jsonl", data)
    run_cli("translate --terms", ["translate", "--model", str(tiny_model_dir), "--terms", str(terms), str(story)],
            capsys)


# ---------------------------------------------------------------- batch


@FEW
@given(name=odd_names(), data=file_contents())
def test_batch_odd_inputs(tiny_model_dir, tmp_path, capsys, name, data):
    folder = scratch(tmp_path)
    path = odd_path(folder, name, data[:100])
    out = folder / "out"
    run_cli("batch", ["batch", "--model", str(tiny_model_dir), "-o", str(out), str(path)], capsys)


# ---------------------------------------------------------------- check, eval, gate


@FUZZ
@given(src=file_contents(), hyp=file_contents(), fmt=st.sampled_from(["text", "json"]))
def test_check_hostile_files(tmp_path, capsys, src, hyp, fmt):
    folder = scratch(tmp_path)
    run_cli("check", ["check", "--no-default-glossary", "--format", fmt, "--src", str(write(folder, "s", src[:300])),
                      "--hyp", str(write(folder, "h", hyp[:300]))], capsys)


@FUZZ
@given(hyp=file_contents(), ref=file_contents(), terms=st.none() | file_contents())
def test_eval_hostile_files(tmp_path, capsys, hyp, ref, terms):
    folder = scratch(tmp_path)
    argv = ["eval", "--format", "json", "--hyp", str(write(folder, "h", hyp[:300])),
            "--ref", str(write(folder, "r", ref[:300]))]
    if terms is not None:
        argv += ["--terms", str(write(folder, "t.jsonl", terms))]
    run_cli("eval", argv, capsys)


@FUZZ
@given(baseline=file_contents(), name=st.sampled_from(["base.json", "base.txt"]))
def test_gate_hostile_baseline(tmp_path, capsys, baseline, name):
    folder = scratch(tmp_path)
    lines = "One.\nTwo.\n".encode()
    report = folder / "report.json"
    run_cli("gate", ["gate", "--no-default-glossary", "--ref", str(write(folder, "r", lines)),
                     "--candidate", str(write(folder, "c", lines)), "--baseline", str(write(folder, name, baseline)),
                     "--n-samples", "10", "--output", str(report)], capsys)


def test_gate_deep_baseline_is_one_line(tmp_path, capsys):
    lines = "One.\nTwo.\n".encode()
    code, _, err = run_cli("gate", ["gate", "--no-default-glossary", "--ref", str(write(tmp_path, "r", lines)),
                                    "--candidate", str(write(tmp_path, "c", lines)),
                                    "--baseline", str(write(tmp_path, "b.json", deep_json(100_000).encode()))], capsys)
    assert code == 2 and "b.json" in err


# ---------------------------------------------------------------- eval-suite


@FUZZ
@given(manifest=st.none() | file_contents(), name=st.none() | odd_names())
def test_eval_suite_hostile(tiny_model_dir, tmp_path, capsys, manifest, name):
    folder = scratch(tmp_path)
    suite = folder / "suite"
    if name is not None:
        suite = odd_path(folder, name)
    else:
        suite.mkdir()
        if manifest is not None:
            write(suite, "suite.json", manifest)
    out = folder / "report.json"
    code, _, _ = run_cli("eval-suite", ["eval-suite", "--model", str(tiny_model_dir), "--limit", "1",
                                        "--output", str(out), str(suite)], capsys)
    if code == 2:
        assert absent(out)


# ---------------------------------------------------------------- glossary check, tm


@FUZZ
@given(data=file_contents(), suffix=st.sampled_from([".tsv", ".csv", ".tbx", ".txt"]), name=st.none() | odd_names())
def test_glossary_check_hostile(tmp_path, capsys, data, suffix, name):
    folder = scratch(tmp_path)
    path = odd_path(folder, name, data) if name is not None else write(folder, "g" + suffix, data)
    run_cli("glossary check", ["glossary", "check", str(path)], capsys)


@FUZZ
@given(command=st.sampled_from(["stats", "export", "import"]), name=odd_names(), data=file_contents())
def test_tm_hostile(tmp_path, capsys, command, name, data):
    folder = scratch(tmp_path)
    memory = odd_path(folder, name, data) if command != "import" else folder / "new.sqlite"
    tmx = write(folder, "in.tmx", data) if command == "import" else odd_path(folder, "out.tmx", b"")
    argv = ["tm", command, str(memory)] + ([] if command == "stats" else [str(tmx)])
    code, _, _ = run_cli(f"tm {command}", argv, capsys)
    if code != 0 and command == "import":
        assert absent(memory)


# ---------------------------------------------------------------- serve and bench arguments


NUMBERS = st.sampled_from(["-1", "0", "99999", "1e309", "nan", "inf", "x", "", "\u200b", "1" * 400, "100000"])


@FUZZ
@given(option=st.sampled_from(["--port", "--max-body-bytes", "--max-queued-sentences", "--max-request-sentences",
                               "--timeout", "--header-timeout", "--body-timeout", "--keep-alive-timeout",
                               "--threads", "--beam", "--batch-size", "--max-batch-tokens", "--host"]),
       value=NUMBERS)
def test_serve_arguments(tmp_path, capsys, option, value):
    # A model that cannot load: arguments that pass end at exit 3 before anything is served.
    run_cli("serve arguments", ["serve", "--model", str(tmp_path / "no-model"), option, value], capsys)


@FUZZ
@given(option=st.sampled_from(["--sentences", "--engines", "--batch-tokens", "--threads", "--beam"]), value=NUMBERS)
def test_bench_arguments(tmp_path, capsys, option, value):
    run_cli("bench arguments", ["bench", "--model", str(tmp_path / "no-model"), option, value], capsys)


# ---------------------------------------------------------------- the API


@pytest.fixture(scope="module")
def api(translator, tmp_path_factory):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from translate.app.serve.app import create_app
    from translate.memory import TranslationMemory

    with TranslationMemory(tmp_path_factory.mktemp("fuzz-tm") / "tm.sqlite") as memory:
        app = create_app(translator, memory=memory)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield app, client


def routes(app) -> list[tuple[str, str]]:
    inner = app.app  # BodyLimit around the FastAPI app
    return sorted((method, route.path) for route in inner.routes for method in getattr(route, "methods", ()) or ()
                  if route.path.startswith("/v1/"))


def assert_refused_or_ok(entry: str, response) -> None:
    CASES[entry] += 1
    assert response.status_code < 500, (entry, response.status_code, response.text)
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["message"] and "\n" not in error["message"], error


def test_the_api_routes_are_all_fuzzed(api):
    app, _ = api
    assert set(routes(app)) == {("GET", "/v1/health"), ("GET", "/v1/glossaries"), ("POST", "/v1/translate"),
                                ("POST", "/v1/check"), ("POST", "/v1/glossaries"), ("POST", "/v1/approve")}


@FUZZ
@given(body=json_values(), raw=st.none() | file_contents())
def test_every_route_any_body(api, body, raw):
    app, client = api
    for method, path in routes(app):
        if method == "GET":
            assert_refused_or_ok(f"GET {path}", client.get(path, params={"x": "\u200b"}))
        elif raw is not None:
            assert_refused_or_ok(f"POST {path}", client.post(path, content=raw,
                                                               headers={"content-type": "application/json"}))
        elif path != "/v1/translate" or not isinstance(body, dict):  # a dict of text reaches the model: below
            assert_refused_or_ok(f"POST {path}", client.post(path, json=body))


FIELDS = {
    "/v1/translate": st.fixed_dictionaries({}, optional={
        "text": hostile_text(max_words=3), "paragraphs": st.lists(hostile_strings(), max_size=3),
        "format": st.sampled_from(["text", "ninjs", "html", "nitf", "newsml", "xliff", "", "\u00ad"]),
        "glossaries": st.lists(hostile_strings(), max_size=2), "story_id": hostile_strings(),
        "terms": json_values(),
    }),
    "/v1/check": st.fixed_dictionaries({"source": st.lists(hostile_text(), max_size=3),
                                        "translation": st.lists(hostile_text(), max_size=3)}),
    "/v1/glossaries": st.fixed_dictionaries({"name": st.one_of(odd_names(), st.just("g.tsv"), hostile_strings()),
                                             "content": st.one_of(hostile_text(), file_contents().map(
                                                 lambda b: b.decode("utf-8", "surrogateescape")))}),
    "/v1/approve": st.fixed_dictionaries({"source": st.one_of(hostile_text(), invisible_only),
                                          "target": st.one_of(hostile_text(), invisible_only),
                                          "editor": st.none() | hostile_strings()}),
}


@pytest.mark.slow
@settings(FUZZ, max_examples=25)
@given(data=st.data())
def test_api_fields(api, data):
    _, client = api
    for path, bodies in FIELDS.items():
        body = data.draw(bodies, label=path)
        if path == "/v1/translate" and "text" in body and body.get("format") not in (None, "text"):
            body["text"] = body["text"][:40]
        assert_refused_or_ok(f"POST {path} fields", client.post(
            path, content=json.dumps(body).encode(), headers={"content-type": "application/json"}))


@pytest.mark.parametrize("target", ["\u00ad", "\u200b", "\u00ad\u200b \u2060"])
def test_approve_invisible_target_is_refused(api, target):
    _, client = api
    response = client.post("/v1/approve", json={"source": "Der Kreml schweigt.", "target": target})
    assert_refused_or_ok("POST /v1/approve", response)
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("text", [
    deep_json(100_000, kind="dict"), deep_json(5_000), '{"body_text": "Der \\ud800 Kreml."}',
    '{"body_html": "<p>Der \\udfff Kreml.</p>"}', '{"headline": {"a": [' * 3000,
])
def test_translate_ninjs_hostile(api, text):
    _, client = api
    response = client.post("/v1/translate", json={"text": text, "format": "ninjs"})
    assert_refused_or_ok("POST /v1/translate ninjs", response)
    assert response.status_code in (400, 413, 422)


@pytest.mark.parametrize("text", ["\u00ad", "\u200b\n\n\u2060", "\ufeff \u200b"])
def test_translate_invisible_only_text_is_empty(api, text):
    _, client = api
    for body in ({"text": text}, {"paragraphs": [text, text]}):
        response = client.post("/v1/translate", json=body)
        assert_refused_or_ok("POST /v1/translate invisible", response)
        assert response.status_code == 422 and "nothing to translate" in response.json()["error"]["message"]


def test_every_entry_point_ran_cases():
    """Last in the file: the counts of this run (all entry points, when the whole file runs)."""
    assert all(count > 0 for count in CASES.values())
    if os.environ.get("PYTEST_XDIST_WORKER") is None and len(CASES) > 10:
        assert {"translate FILE", "batch", "check", "gate", "eval-suite", "glossary check", "tm stats",
                "serve arguments", "bench arguments", "POST /v1/approve"} <= set(CASES)
