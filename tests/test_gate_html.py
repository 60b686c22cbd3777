"""`newsmt gate --html`: the self-contained report in a real browser (Debian's headless Chromium, driven by
selenium): verdicts, the plot of per-sentence changes with the bootstrap interval, diffs and flag badges, and user
text shown as text. The screenshot is saved to the test's folder (and copied to $NEWSMT_SCREENSHOT if set)."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from gate_candidates import alter_numbers
from test_serve_browser import browser  # noqa: F401  (the project's headless Chromium, as a fixture)

from eval.checks import CHECKS
from translate.app.cli import main
from translate.kernel.textio import read_lines

STEM = Path(__file__).parent / "data" / "testsets" / "newstest2019.de-en"
N = 400
INJECTED = "<script>alert('x')</script><img src=x onerror=\"alert(1)\"> Meyer & Söhne"


@pytest.fixture()
def report(tmp_path, capsys) -> tuple[Path, list[int], int]:
    sources, baseline = read_lines(f"{STEM}.de")[:N], read_lines(f"{STEM}.opus-2020-02-26.en")[:N]
    candidate, altered = alter_numbers(sources, baseline, 8)
    injected_line = next(i for i in range(N) if i not in altered and len(baseline[i]) > 60)
    candidate[injected_line] = INJECTED
    sources[injected_line] = f"<b>{sources[injected_line]}</b><script>alert(2)</script>"
    texts = {"src.de": sources, "ref.en": read_lines(f"{STEM}.en")[:N], "base.en": baseline, "cand.en": candidate}
    for name, lines in texts.items():
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    html = tmp_path / "reports" / "gate.html"
    code = main(["gate", "--ref", str(tmp_path / "ref.en"), "--baseline", str(tmp_path / "base.en"),
                 "--candidate", str(tmp_path / "cand.en"), "--src", str(tmp_path / "src.de"), "--html", str(html)])
    capsys.readouterr()
    assert code == 1
    return html, altered, injected_line


def test_the_report_is_self_contained_and_escapes_user_text(report):
    html, _, _ = report
    page = html.read_text(encoding="utf-8")
    assert not re.search(r"<script|<img|<link|https?://(?!www\.w3\.org/2000/svg)", page)  # no script, nothing fetched
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page and "Meyer &amp; Söhne" in page


@pytest.mark.slow  # starts a browser
def test_the_report_renders_in_a_browser(report, browser, tmp_path):  # noqa: F811
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    html, altered, injected_line = report
    browser.get(html.as_uri())
    assert browser.title == "Translation quality gate"
    assert "FAILED" in browser.find_element(By.TAG_NAME, "h1").text

    verdicts = browser.find_elements(By.CSS_SELECTOR, "table.verdicts tbody tr")
    assert [row.find_element(By.TAG_NAME, "td").text for row in verdicts] == ["chrF2", *CHECKS]
    failed = [row.find_element(By.TAG_NAME, "td").text for row in verdicts if "fail" in row.get_attribute("class")]
    assert failed == ["number-mismatch"]

    plot = browser.find_element(By.ID, "delta-plot")
    assert plot.size["width"] > 500 and plot.size["height"] > 150
    bars = plot.find_elements(By.CSS_SELECTOR, "rect.bar")
    assert bars and all(float(bar.get_attribute("height")) > 0 for bar in bars)
    assert len(plot.find_elements(By.CSS_SELECTOR, "rect.ci")) == 1  # the corpus delta's bootstrap interval

    sentences = browser.find_elements(By.CSS_SELECTOR, ".sentence")
    lines = {int(s.get_attribute("id").removeprefix("line-")) for s in sentences}
    assert {i + 1 for i in altered} | {injected_line + 1} <= lines
    first = browser.find_element(By.ID, f"line-{altered[0] + 1}")
    assert first.find_element(By.CSS_SELECTOR, ".badge.warning").text == "number-mismatch"
    deleted, inserted = first.find_element(By.CSS_SELECTOR, "del"), first.find_element(By.CSS_SELECTOR, "ins")
    assert deleted.text != inserted.text and re.search(r"\d", inserted.text)
    assert deleted.value_of_css_property("text-decoration-line") == "line-through"

    injected = browser.find_element(By.ID, f"line-{injected_line + 1}")
    assert injected.find_element(By.CSS_SELECTOR, "td.candidate").text == INJECTED  # shown, not run
    assert "<script>alert(2)</script>" in injected.find_element(By.CSS_SELECTOR, "td.source").text
    assert not browser.find_elements(By.CSS_SELECTOR, "img, script, b")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert "number-mismatch|severity:warning|test:mcnemar-exact" in browser.find_element(By.TAG_NAME, "body").text

    screenshot = tmp_path / "newsmt-gate-report.png"
    browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000
    if os.environ.get("NEWSMT_SCREENSHOT"):
        shutil.copy(screenshot, Path(os.environ["NEWSMT_SCREENSHOT"]))
