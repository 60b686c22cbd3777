"""`newsmt batch`: many stories in one job, sharing model batches; each output written atomically next to a
journal, so that a job killed at any point resumes without translating a finished story twice.

The journal (OUT_DIR/.newsmt-journal.jsonl) gets one line per finished story — its input, the input's sha256
and its outputs — appended and fsynced only after every output of the story is in place. A story whose input
changed since (another sha256) is translated again on --resume.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from translate.kernel.errors import InputError
from translate.kernel.report import GlossaryCounts, plural

from .stories import StoryInput, output_name, render, story_from_bytes

JOURNAL = ".newsmt-journal.jsonl"
SUMMARY = "summary.json"
_STORY_FILES = (".txt", ".json", ".jsonl", ".ninjs", ".html", ".htm", ".xhtml", ".xml", ".nitf")


@dataclass(frozen=True)
class StoryRef:
    """One story of the job: a file, or one line of a JSON-lines file of stories."""

    key: str  # unique in the job and stable across runs: the journal's name for it
    name: str  # for messages: FILE, or FILE:LINE
    data: bytes
    relative_name: str  # its name relative to OUT_DIR, from which its outputs are named (story.v2.txt → …)
    input_format: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def output(self, output_format: str) -> str:
        relative = Path(self.relative_name)
        return str(relative.parent / output_name(relative.name, self.input_format, output_format))


def _story_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in _STORY_FILES and
                  not p.name.startswith("."))


def collect_stories(inputs: Sequence[str], input_format: str | None = None) -> Iterator[StoryRef | InputError]:
    """Every story of the inputs, in order: files, folders (recursively, sorted) and JSON-lines files of stories
    ({"id", "text"} or a ninjs object per line). A story that cannot be read is yielded as its InputError."""
    from translate.kernel.formats import detect_format

    for given in inputs:
        path = Path(given)
        if path.is_dir():
            files, base = _story_files(path), path
        elif path.is_file():
            files, base = [path], None
        else:
            yield InputError(f"{given}: no such file or directory")
            continue
        for file in files:
            if file.suffix.lower() == ".jsonl":
                yield from _json_lines_stories(file, base)
                continue
            try:
                data = file.read_bytes()
                fmt = input_format or detect_format(str(file), data)
                relative = file.relative_to(base) if base is not None else Path(file.name)
                yield StoryRef(str(file.resolve()), str(file), data, str(relative), fmt)
            except (OSError, InputError) as err:
                yield err if isinstance(err, InputError) else InputError(f"{file}: cannot read: {err.strerror}")


def _json_lines_stories(file: Path, base: Path | None) -> Iterator[StoryRef | InputError]:
    folder = (file.parent.relative_to(base) if base is not None else Path()) / file.stem
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{file}:{number}"
        try:
            story = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError(f"{file}: line {number}: malformed JSON: {err.msg} (column {err.colno})")
            continue
        if not isinstance(story, dict):
            yield InputError(f"{file}: line {number}: expected a JSON object (a story)")
            continue
        ident = str(story.get("id") or story.get("uri") or story.get("guid") or number)
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in ident)
        if isinstance(story.get("text"), str):
            data, fmt, name = story["text"].encode("utf-8"), "text", f"{safe}.txt"
        else:
            data, fmt, name = json.dumps(story, ensure_ascii=False).encode("utf-8"), "ninjs", f"{safe}.json"
        yield StoryRef(f"{file.resolve()}#{ident}", where, data, str(folder / name), fmt)


class Journal:
    """What is finished, on disk. Appended line by line; a line cut short by a kill is ignored."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / JOURNAL
        self.done: dict[str, dict] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # the last line of a killed run
                self.done[entry["key"]] = entry

    def finished(self, story: StoryRef, out_dir: Path) -> bool:
        entry = self.done.get(story.key)
        return (
            entry is not None and entry["sha256"] == story.sha256
            and all((out_dir / output).is_file() for output in entry["outputs"])
        )

    def record(self, entry: dict) -> None:
        with open(self.path, "a", encoding="utf-8") as journal:
            journal.write(json.dumps(entry, ensure_ascii=False) + "\n")
            journal.flush()
            os.fsync(journal.fileno())
        self.done[entry["key"]] = entry


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over the target: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as part:
        part.write(data)
        part.flush()
        os.fsync(part.fileno())
    os.replace(part.name, path)


@dataclass
class TranslatedStory:
    """One finished story as the engine hands it to the writer (also across processes, for Ray)."""

    key: str
    sha256: str
    outputs: dict[str, bytes]  # relative path → content
    counts: dict  # sentences, glossary terms, flags by code, from memory
    warnings: list[str] = field(default_factory=list)


def story_counts(item: StoryInput) -> dict:
    segments = item.document.segments
    return {
        "paragraphs": len(item.document.paragraphs),
        "sentences": len(segments),
        "glossary_terms": GlossaryCounts.of([item.document]).to_json(),
        "flags": dict(Counter(flag.code for s in segments for flag in s.flags)),
        "from_memory": sum(s.memory is not None for s in segments),
    }


def translate_group(translator, stories: Sequence[StoryRef], output_format: str, xliff: bool) -> Iterator[TranslatedStory | InputError]:
    """Parse, translate (all stories of the group in one pass, so their sentences share batches) and render."""
    parsed: list[tuple[StoryRef, StoryInput]] = []
    for story in stories:
        try:
            parsed.append((story, story_from_bytes(story.data, story.name, story.input_format)))
        except InputError as err:
            yield err
    translator.translate([item.document for _, item in parsed])
    for story, item in parsed:
        outputs = {story.output(output_format): render(item, output_format, translator)}
        if xliff:
            outputs[story.output("xliff")] = render(item, "xliff", translator)
        yield TranslatedStory(story.key, story.sha256, outputs, story_counts(item), item.warnings)


def groups(stories: Iterable[StoryRef], sentence_budget: int) -> Iterator[list[StoryRef]]:
    """Stories in groups of about `sentence_budget` sentences (estimated from their size), in order."""
    group: list[StoryRef] = []
    size = 0
    for story in stories:
        group.append(story)
        size += max(1, len(story.data) // 120)  # a German sentence is ~120 bytes
        if size >= sentence_budget:
            yield group
            group, size = [], 0
    if group:
        yield group


@dataclass
class BatchSummary:
    stories: int = 0
    translated: int = 0
    already_done: int = 0
    failed: list[str] = field(default_factory=list)
    sentences: int = 0
    from_memory: int = 0
    glossary_terms: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, story: TranslatedStory) -> None:
        self.translated += 1
        self.sentences += story.counts["sentences"]
        self.from_memory += story.counts["from_memory"]
        self.glossary_terms.update(story.counts["glossary_terms"])
        self.flags.update(story.counts["flags"])
        self.warnings.extend(story.warnings)

    def to_json(self) -> dict:
        return {
            "stories": self.stories, "translated": self.translated, "already_done": self.already_done,
            "failed": len(self.failed), "failures": self.failed, "sentences": self.sentences,
            "from_memory": self.from_memory, "glossary_terms": dict(self.glossary_terms),
            "flags": dict(sorted(self.flags.items())), "warnings": self.warnings, "seconds": round(self.seconds, 2),
        }

    def __str__(self) -> str:
        flags = ", ".join(f"{code} {n}" for code, n in self.flags.most_common()) or "none"
        return (
            f"{plural(self.translated, 'story', 'stories')} translated ({self.already_done} already done, "
            f"{len(self.failed)} failed), {plural(self.sentences, 'sentence')} ({self.from_memory} from memory), "
            f"{self.glossary_terms.get('matched', 0)} glossary terms, flags: {flags}, in {self.seconds:.1f} s"
        )


def write_story(out_dir: Path, journal: Journal, story: TranslatedStory) -> None:
    """The one code path that puts a finished story on disk, for every engine: outputs first, then the journal."""
    for relative, data in story.outputs.items():
        write_atomically(out_dir / relative, data)
    journal.record({"key": story.key, "sha256": story.sha256, "outputs": sorted(story.outputs),
                    "sentences": story.counts["sentences"]})


def run_batch(
    stories: Iterable[StoryRef | InputError], out_dir: Path, *, translate_stories, resume: bool, progress: bool = False,
) -> BatchSummary:
    """Translate what the journal does not have yet; `translate_stories(pending)` yields TranslatedStory or
    InputError per story (the local engine or Ray)."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    journal = Journal(out_dir)
    if journal.done and not resume:
        raise InputError(f"{out_dir}: holds the journal of an earlier job; add --resume to finish it, or choose "
                         "another output directory")
    summary = BatchSummary()
    pending: list[StoryRef] = []
    for story in stories:
        summary.stories += 1
        if isinstance(story, InputError):
            summary.failed.append(str(story))
        elif journal.finished(story, out_dir):
            summary.already_done += 1
        else:
            pending.append(story)
    from tqdm.auto import tqdm

    with tqdm(total=len(pending), unit="story", desc="translating", disable=not progress, leave=False) as bar:
        for result in translate_stories(pending):
            if isinstance(result, InputError):
                summary.failed.append(str(result))
            else:
                write_story(out_dir, journal, result)
                summary.add(result)
            bar.update(1)
    summary.seconds = time.perf_counter() - started
    write_atomically(out_dir / SUMMARY, (json.dumps(summary.to_json(), ensure_ascii=False, indent=2) + "\n").encode())
    return summary


def local_engine(translator, output_format: str, xliff: bool, sentence_budget: int = 256):
    def translate_stories(pending: Sequence[StoryRef]) -> Iterator[TranslatedStory | InputError]:
        for group in groups(pending, sentence_budget):
            yield from translate_group(translator, group, output_format, xliff)

    return translate_stories


def make_translator(options: dict):
    """The job's translator from plain options (the command line's, as a dict, so a Ray worker can build the same
    one in its own process)."""
    import argparse

    from glossaries import load_glossaries

    from .wiring import open_memory, translator_from_args

    args = argparse.Namespace(**options)
    glossary = load_glossaries(args.glossary, include_default=not args.no_default_glossary)
    return translator_from_args(args, glossary=glossary if glossary.entries else None, memory=open_memory(args.tm))
