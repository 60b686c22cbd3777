"""Peak memory of `newsmt batch` against the size of its inputs: `python benchmarks/batch_memory.py`.

Writes MEGABYTES of German wire stories (sentences of WMT newstest2019, ~10 KB per story file) to a temporary
folder, runs `newsmt batch` on them in its own process with a tiny random-weight model (tests/tiny_model.py; the
model's own memory is not what is measured), and reads the process's peak resident memory (VmHWM) once its
journal holds STORIES finished stories, then stops it: a job that held its inputs in memory has read them all by
then, and one that streams them holds one group. Run with PYTHONPATH pointing at the code to measure.

    python benchmarks/batch_memory.py --megabytes 300 --stories 40
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "data" / "testsets" / "newstest2019.de-en.de"
STORY_BYTES = 10_000


def write_stories(folder: Path, megabytes: int) -> int:
    lines = SOURCES.read_text(encoding="utf-8").splitlines()
    story, written, number, cursor = [], 0, 0, 0
    while written < megabytes * 10**6:
        story.append(lines[cursor % len(lines)])
        cursor += 1
        if sum(len(line) + 2 for line in story) >= STORY_BYTES:
            data = ("\n\n".join(story) + "\n").encode("utf-8")
            (folder / f"{number // 1000:03d}").mkdir(exist_ok=True)
            (folder / f"{number // 1000:03d}" / f"story-{number:06d}.txt").write_bytes(data)
            written, number, story = written + len(data), number + 1, []
    return number


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident memory so far (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=300)
    parser.add_argument("--stories", type=int, default=40, help="finished stories after which the peak is read")
    parser.add_argument("--model", help="model directory (default: a tiny random-weight model built now)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        sys.path.insert(0, str(ROOT / "tests"))
        from tiny_model import build_tiny_model

        model = args.model or str(build_tiny_model(work_dir / "model"))
        (work_dir / "in").mkdir()
        count = write_stories(work_dir / "in", args.megabytes)
        job = subprocess.Popen(
            [sys.executable, "-m", "translate.app.cli", "batch", str(work_dir / "in"), "-o", str(work_dir / "out"),
             "--model", model, "--threads", "1", "--no-default-glossary"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "OMP_NUM_THREADS": "1"},
        )
        journal, started, peak = work_dir / "out" / ".newsmt-journal.jsonl", time.monotonic(), 0.0
        try:
            while job.poll() is None:
                peak = max(peak, peak_rss_mib(job.pid))
                if journal.exists() and journal.read_bytes().count(b"\n") >= args.stories:
                    peak = max(peak, peak_rss_mib(job.pid))
                    break
                time.sleep(0.2)
        finally:
            job.send_signal(signal.SIGKILL)
            job.wait()
        print(f"{args.megabytes} MB in {count} stories: peak RSS {peak:.0f} MiB after {args.stories} stories "
              f"({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
