"""`newsmt batch`: many stories in one job, sharing model batches; each output written atomically next to a
journal, so that a job killed at any point resumes without translating a finished story twice.

The job is planned first (`collect_stories`): every story is found, read once to learn its format and sha256, and
named; nothing is kept in memory, and output names that collide are refused before anything is translated
(`check_outputs`). Each story is read again when its group is translated, so memory holds one group of stories, not
the job.

The journal (OUT_DIR/.newsmt-journal.jsonl) gets one line per finished story — its input, the input's sha256
and its outputs — appended and fsynced only after every output of the story is in place. A story whose input
changed since (another sha256) is translated again on --resume.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from translate.engine.model_source import first_line
from translate.kernel.errors import InputError
from translate.kernel.jsonio import JsonInputError, parse_json
from translate.kernel.report import GlossaryCounts, plural

from .stories import MAX_INPUT_BYTES, StoryInput, check_size, output_name, render, story_from_bytes

JOURNAL = ".newsmt-journal.jsonl"
SUMMARY = "summary.json"
_STORY_FILES = (".txt", ".json", ".jsonl", ".ninjs", ".html", ".htm", ".xhtml", ".xml", ".nitf")
_SAFE_NAME_CHARACTERS = "-_."  # besides letters and digits, what a JSON-lines story id keeps in its file name


@dataclass(frozen=True)
class StoryRef:
    """One story of the job: a file, or one line of a JSON-lines file of stories. It holds where the story is, not
    its content: `read()` reads it when it is translated."""

    key: str  # unique in the job and stable across runs: the journal's name for it
    name: str  # for messages: FILE, or FILE:LINE
    path: str  # the file it is in
    relative_name: str  # its name relative to OUT_DIR, from which its outputs are named (story.v2.txt → …)
    input_format: str
    sha256: str  # of its content when the job was planned
    size: int  # bytes in the file (or in the JSON line)
    line: int | None = None  # a JSON-lines story: its line number,
    offset: int = 0  # and where that line starts in the file

    def output(self, output_format: str) -> str:
        relative = Path(self.relative_name)
        return str(relative.parent / output_name(relative.name, self.input_format, output_format))

    def outputs(self, output_format: str, xliff: bool) -> list[str]:
        return [self.output(output_format), *([self.output("xliff")] if xliff else [])]

    def read(self) -> bytes:
        """The story's content (a JSON-lines story: its text, or its ninjs object); InputError if it is gone."""
        if self.line is None:
            return _read_file(Path(self.path))
        try:
            with open(self.path, "rb") as file:
                file.seek(self.offset)
                line = file.read(self.size)
        except OSError as err:
            raise InputError(f"{self.path}: cannot read: {err.strerror}") from None
        ident, _, data, _ = _json_line_story(line, self.path, self.line)
        if self.key != f"{Path(self.path).resolve()}#{ident}":
            raise InputError(f"{self.path}: line {self.line}: changed while the job ran; run it again with --resume")
        return data


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_file(file: Path) -> bytes:
    try:
        check_size(file.stat().st_size, str(file))  # before a huge file is read into memory
        return file.read_bytes()
    except OSError as err:
        raise InputError(f"{file}: cannot read: {err.strerror}") from None


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
                data = _read_file(file)
                fmt = input_format or detect_format(str(file), data)
            except InputError as err:
                yield err
                continue
            relative = file.relative_to(base) if base is not None else Path(file.name)
            yield StoryRef(str(file.resolve()), str(file), str(file), str(relative), fmt, _sha256(data), len(data))


def _json_line_story(line: bytes, file: str | Path, number: int) -> tuple[str, str, bytes, str]:
    """(id, format, content, file name) of one JSON-lines story; InputError naming file and line (and column)."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{file}: line {number}: not valid UTF-8 (byte {err.start + 1} of the line); convert the file to UTF-8"
        ) from None
    try:
        story = parse_json(text.removeprefix("\ufeff") if number == 1 else text)
    except JsonInputError as err:
        raise InputError(f"{file}: line {number}, column {err.column}: {err.reason}") from None
    if not isinstance(story, dict):
        raise InputError(f"{file}: line {number}: expected a JSON object (a story)")
    ident = str(story.get("id") or story.get("uri") or story.get("guid") or number)
    safe = "".join(c if c.isalnum() or c in _SAFE_NAME_CHARACTERS else "_" for c in ident)
    if isinstance(story.get("text"), str):
        return ident, "text", story["text"].encode("utf-8"), f"{safe}.txt"
    return ident, "ninjs", json.dumps(story, ensure_ascii=False).encode("utf-8"), f"{safe}.json"


def _lines(file) -> Iterator[tuple[int, int, bytes | None]]:
    """(line number, byte offset, line without its "\\n") of a binary file, split on "\\n" only (U+2028, U+0085 and
    lone CRs are characters of a JSON string, not line ends); None for a line longer than MAX_INPUT_BYTES, which is
    skipped over without being held in memory."""
    offset = 0
    for number in itertools.count(1):
        line = file.readline(MAX_INPUT_BYTES + 1)
        if not line:
            return
        start, offset = offset, offset + len(line)
        if len(line) > MAX_INPUT_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = file.readline(2**20)
                offset += len(line)
            yield number, start, None
        else:
            yield number, start, line.removesuffix(b"\n")


def _json_lines_stories(file: Path, base: Path | None) -> Iterator[StoryRef | InputError]:
    folder = (file.parent.relative_to(base) if base is not None else Path()) / file.stem
    try:
        stream = open(file, "rb")
    except OSError as err:
        yield InputError(f"{file}: cannot read: {err.strerror}")
        return
    with stream:
        for number, offset, line in _lines(stream):
            if line is None:
                yield InputError(f"{file}: line {number}: longer than {MAX_INPUT_BYTES // 2**20} MiB; split the story")
                continue
            if not line.strip():
                continue
            try:
                ident, fmt, data, name = _json_line_story(line, file, number)
            except InputError as err:
                yield err
                continue
            yield StoryRef(f"{file.resolve()}#{ident}", f"{file}:{number}", str(file), str(folder / name), fmt,
                           _sha256(data), len(line), number, offset)


def check_outputs(stories: Iterable[StoryRef | InputError], inputs: Sequence[str], out_dir: Path, output_format: str,
                  xliff: bool) -> None:
    """Refuse, before anything is translated, a job that would overwrite its own work: a story given twice (a
    repeated JSON-lines id, a file given alone and in its folder), two stories with one output name (bericht.txt
    and bericht.de.txt; JSON-lines ids a/b and a_b, cleaned to one file name; the same name in two input folders),
    and outputs inside an input folder (the next run would read them as stories)."""
    out = out_dir.resolve()
    folders = [Path(given).resolve() for given in inputs if Path(given).is_dir()]
    for folder in folders:
        if out == folder or out.is_relative_to(folder):
            raise InputError(f"-o {out_dir}: is inside the input folder {folder}; the next run (--resume) would read "
                             "its outputs as stories; choose an output directory outside it")
    stories = [story for story in stories if isinstance(story, StoryRef)]
    input_files = {Path(story.path).resolve() for story in stories}
    seen: dict[str, StoryRef] = {}
    owners: dict[Path, StoryRef] = {}
    for story in stories:
        if story.key in seen:
            first = seen[story.key]
            raise InputError(f"{story.name}: the same story as {first.name} (its id, or the same file given twice); "
                             "give every story its own id, and every file once")
        seen[story.key] = story
        for output in story.outputs(output_format, xliff):
            target = out / output
            if target in owners:
                first = owners[target]
                why = (" (a story id keeps only letters, digits and -_. in its file name)"
                       if first.line is not None or story.line is not None else "")
                raise InputError(f"{story.name}: its output {output} would overwrite the output of {first.name}; "
                                 f"rename one of them{why}")
            owners[target] = story
            if target in input_files:
                raise InputError(f"{story.name}: its output {target} would overwrite an input; choose another output "
                                 "directory")
            folder = next((f for f in folders if target.is_relative_to(f)), None)
            if folder is not None:
                raise InputError(f"{story.name}: its output {target} would be inside the input folder {folder}; "
                                 "choose an output directory outside it")


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
        # A name's undecodable bytes (surrogateescape) go in as JSON escapes (\udcff), read back as they were.
        with open(self.path, "a", encoding="utf-8", errors="backslashreplace") as journal:
            journal.write(json.dumps(entry, ensure_ascii=False) + "\n")
            journal.flush()
            os.fsync(journal.fileno())
        self.done[entry["key"]] = entry


def _new_file_mode() -> int:
    """What open() gives a new file: 0666 less the umask. Linux states the umask in /proc; elsewhere it can only
    be read by setting it (and at once back)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            umask = next(int(line.split()[1], 8) for line in status if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        umask = os.umask(0o022)
        os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over the target: never half a file. The
    file gets the permissions of any new file (the umask's), not the temporary file's 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as part:
        os.fchmod(part.fileno(), _new_file_mode())
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


def translate_group(translator, stories: Sequence[tuple[StoryRef, bytes]], output_format: str,
                    xliff: bool) -> Iterator[TranslatedStory | InputError]:
    """Parse, translate (all stories of the group in one pass, so their sentences share batches) and render. A
    story that cannot be parsed is yielded as its InputError, and the others go on."""
    parsed: list[tuple[StoryRef, str, StoryInput]] = []
    for story, data in stories:
        try:
            parsed.append((story, _sha256(data), story_from_bytes(data, story.name, story.input_format)))
        except InputError as err:
            yield err
        except (ValueError, RecursionError, SyntaxError, LookupError) as err:
            # A parser's own error (XML, JSON, a codec): this story cannot be read; the job goes on without it.
            yield InputError(f"{story.name}: cannot be parsed: {type(err).__name__}: {first_line(err)}")
    translator.translate([item.document for _, _, item in parsed])
    for story, sha256, item in parsed:
        outputs = {story.output(output_format): render(item, output_format, translator)}
        if xliff:
            outputs[story.output("xliff")] = render(item, "xliff", translator)
        yield TranslatedStory(story.key, sha256, outputs, story_counts(item), item.warnings)


def read_group(stories: Sequence[StoryRef]) -> tuple[list[tuple[StoryRef, bytes]], list[InputError]]:
    """The group's stories with their content, read now; those that cannot be read any more, as errors."""
    read, failed = [], []
    for story in stories:
        try:
            read.append((story, story.read()))
        except InputError as err:
            failed.append(err)
    return read, failed


def groups(stories: Iterable[StoryRef], sentence_budget: int) -> Iterator[list[StoryRef]]:
    """Stories in groups of about `sentence_budget` sentences (estimated from their size), in order."""
    group: list[StoryRef] = []
    size = 0
    for story in stories:
        group.append(story)
        size += max(1, story.size // 120)  # a German sentence is ~120 bytes
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
    write_atomically(out_dir / SUMMARY, (json.dumps(summary.to_json(), ensure_ascii=False, indent=2) + "\n").encode(
        "utf-8", "backslashreplace"))
    return summary


def local_engine(translator, output_format: str, xliff: bool, sentence_budget: int = 256):
    def translate_stories(pending: Sequence[StoryRef]) -> Iterator[TranslatedStory | InputError]:
        for group in groups(pending, sentence_budget):
            read, failed = read_group(group)
            yield from failed
            yield from translate_group(translator, read, output_format, xliff)

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
