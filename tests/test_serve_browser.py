"""The editors' page in a real browser (Debian's headless Chromium, driven by selenium) against a running
`newsmt serve` on the tiny model: paste a story, read the English sentence beside German sentence, see terms and
flags, edit and approve a sentence (its flags and the count to review follow the editor's English), re-send the
story and find that sentence from memory."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # starts a browser

CHROMIUM, CHROMEDRIVER = shutil.which("chromium") or "/usr/bin/chromium", shutil.which("chromedriver") or "/usr/bin/chromedriver"
STORY = (
    "Der Kreml hat neue Angriffe auf Kiew bestätigt. Selenskyj bat um Flugabwehr.\n\n"
    "Die NATO-Verteidigungsminister beraten in Brüssel <script>alert('x')</script> über Hilfen.\n\n"
    "Die Lage bleibt angespannt."
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(model_dir: Path, memory_file: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """`newsmt serve` on a free loopback port, once it answers /v1/health."""
    port = _free_port()
    # The server's log goes to a file: a pipe nobody reads would stall the server once it filled up.
    log = memory_file.with_name(f"serve-{port}.log")
    with log.open("wb") as sink:  # the server keeps its own copy of the file descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "translate.app.cli", "serve", "--model", str(model_dir), "--port", str(port),
             "--tm", str(memory_file), "--threads", "1", *options],
            stdout=subprocess.DEVNULL, stderr=sink,
            env={name: value for name, value in os.environ.items() if name != "NEWSMT_TOKEN"},  # no token unless given
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/v1/health", timeout=1):
                return process, url
        except OSError:
            if process.poll() is not None:
                pytest.fail(log.read_text(encoding="utf-8", errors="replace"))
            time.sleep(0.3)
    process.kill()
    pytest.fail("the server did not start within 90 s")


@pytest.fixture()
def server(tiny_model_dir, tmp_path):
    process, url = start_server(tiny_model_dir, tmp_path / "desk.sqlite")
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture()
def browser(tmp_path):
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("no browser: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,1000", f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def test_an_editor_translates_edits_approves_and_resends(server, browser, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    # The page re-renders a paragraph once an approval's check returns: an element found a moment before may be
    # gone when it is read, so a wait looks again instead of failing.
    wait = WebDriverWait(browser, 120, ignored_exceptions=(StaleElementReferenceException,))
    browser.get(server)
    browser.find_element(By.ID, "story-id").send_keys("dpa-ukraine-0412")
    story_file = tmp_path / "dpa-ukraine-0412.de.txt"
    story_file.write_text(STORY, encoding="utf-8")
    browser.find_element(By.ID, "file").send_keys(str(story_file))  # "open a text file", as a keyboard user would
    source = browser.find_element(By.ID, "source")
    wait.until(lambda d: source.get_property("value") == STORY)
    browser.execute_script("arguments[0].value = ''", source)
    browser.execute_script("arguments[0].value = arguments[1]", source, STORY)  # a paste
    browser.find_element(By.ID, "translate").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#pairs tbody")) == 3)
    assert not browser.find_element(By.ID, "busy").is_displayed()  # the progress bar is gone

    rows = browser.find_elements(By.CSS_SELECTOR, "#pairs tbody")  # one per paragraph
    assert all(row.find_elements(By.CSS_SELECTOR, "td:nth-child(2) .english") for row in rows)
    _assert_sentence_beside_sentence(browser, rows)
    assert len(rows[0].find_elements(By.CSS_SELECTOR, "tr")) == 2  # "… bestätigt." and "Selenskyj bat …"
    german_terms = browser.find_elements(By.CSS_SELECTOR, "#pairs td:first-child mark.term")
    english_terms = browser.find_elements(By.CSS_SELECTOR, "#pairs td:nth-child(2) mark.term")
    assert german_terms and english_terms
    assert "Kremlin" in german_terms[0].get_attribute("title")
    browser.execute_script("arguments[0].focus()", german_terms[0])  # keyboard focus shows source, house term, how
    tip = browser.execute_script("return getComputedStyle(arguments[0], '::after').content", german_terms[0])
    assert "Kreml → Kremlin" in tip and german_terms[0].text == "Kreml"
    assert browser.find_elements(By.CSS_SELECTOR, ".reasons")  # the random model's output is flagged
    german = " ".join(cell.text for cell in rows[1].find_elements(By.CSS_SELECTOR, "td:first-child"))
    assert "<script>alert('x')</script>" in german  # shown, not run
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018

    to_review = _to_review(browser)
    assert rows[2].find_elements(By.CSS_SELECTOR, ".reasons")  # the model's English of the last paragraph: flagged
    last = rows[2].find_element(By.CSS_SELECTOR, ".english")
    browser.execute_script("arguments[0].textContent = 'The situation remains tense.'", last)
    rows[2].find_element(By.CSS_SELECTOR, "button.approve").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#pairs tbody")[2]
               .find_element(By.CSS_SELECTOR, "button.approve").get_attribute("aria-pressed") == "true")
    wait.until(lambda d: _to_review(d) == to_review - 1)  # the editor's English passes the checks
    approved = browser.find_elements(By.CSS_SELECTOR, "#pairs tbody")[2]
    assert not approved.find_elements(By.CSS_SELECTOR, ".reasons, .sentence.flagged")
    assert approved.find_element(By.CSS_SELECTOR, ".badge.memory").text == "approved"
    assert "1 approved now" in browser.find_element(By.ID, "summary").text

    update = STORY + "\n\nAm Abend meldete die Armee neue Drohnenangriffe."  # the story again, one paragraph more
    browser.execute_script("arguments[0].value = arguments[1]", source, update)
    source.send_keys(Keys.CONTROL, Keys.ENTER)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#pairs tbody")) == 4)
    rows = browser.find_elements(By.CSS_SELECTOR, "#pairs tbody")
    assert rows[2].find_element(By.CSS_SELECTOR, ".english").text == "The situation remains tense."
    assert rows[2].find_element(By.CSS_SELECTOR, ".badge.memory").text == "approved"
    assert all(row.find_elements(By.CSS_SELECTOR, ".badge.memory") for row in rows[:3])  # the rest: from memory
    assert [row.find_elements(By.CSS_SELECTOR, ".badge.new") != [] for row in rows] == [False, False, False, True]
    assert "1 new since version 1" in browser.find_element(By.ID, "summary").text
    browser.execute_script("window.scrollTo(0, 0)")
    screenshot = tmp_path / "newsmt-serve.png"
    browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000
    if os.environ.get("NEWSMT_SCREENSHOT"):
        shutil.copy(screenshot, Path(os.environ["NEWSMT_SCREENSHOT"]))


def _to_review(browser) -> int:
    import re

    from selenium.webdriver.common.by import By

    return int(re.search(r"(\d+) to review", browser.find_element(By.ID, "summary").text).group(1))


def _assert_sentence_beside_sentence(browser, paragraphs) -> None:
    """Each table row holds one German sentence and its English, side by side: same row, same top edge."""
    from selenium.webdriver.common.by import By

    for paragraph in paragraphs:
        for row in paragraph.find_elements(By.CSS_SELECTOR, "tr"):
            german, english = row.find_elements(By.CSS_SELECTOR, "td:first-child .sentence"), \
                row.find_elements(By.CSS_SELECTOR, "td:nth-child(2) .sentence")
            assert len(german) == len(english) == 1
            assert english[0].find_element(By.CSS_SELECTOR, ".english").get_attribute("data-source") == german[0].text
            assert abs(german[0].rect["y"] - english[0].rect["y"]) <= 1  # the English stands beside its German
