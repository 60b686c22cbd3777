"""The API's typed requests and answers (pydantic): what /docs shows and what every endpoint is checked against.

The answers mirror the JSON the command line prints (`newsmt translate --format json`, `newsmt check --format
json`), which the kernel and check_cmd build; these models describe that JSON, they do not build it again.
"""
from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from translate.kernel.document import Placement
from translate.kernel.textio import is_blank

# ---------------------------------------------------------------- requests

MAX_NAME_BYTES = 255  # a file name's limit on Linux, macOS and Windows file systems


class Term(BaseModel):
    de: str = Field(min_length=1, description="German term as it may occur in the paragraph")
    en: str = Field(min_length=1, description="English term the translation must contain")


class TranslateRequest(BaseModel):
    text: str | None = Field(None, description="German text; paragraphs by the blank-line or one-per-line rule")
    format: str | None = Field(None, description="the format of `text`: text (default), ninjs, html, nitf or newsml; "
                               "the answer then also has the story in English in that format, as `rendered`")
    paragraphs: list[str] | None = Field(None, description="German paragraphs, one translation each")
    glossaries: list[str] = Field(default_factory=list, description="names of uploaded glossaries to use as well")
    terms: list[list[Term]] | None = Field(None, description="per-paragraph term lists (WMT 2023 style)")
    story_id: str | None = Field(None, max_length=200,
                                 description="marks the sentences that are new since this story's last version")

    @model_validator(mode="after")
    def one_input(self):
        if (self.text is None) == (self.paragraphs is None):
            raise ValueError('give either "text" or "paragraphs"')
        if self.text is not None and is_blank(self.text):
            raise ValueError('"text" is empty: nothing to translate')
        if self.paragraphs is not None and all(map(is_blank, self.paragraphs)):
            raise ValueError('"paragraphs" has no text: nothing to translate')
        return self


class CheckRequest(BaseModel):
    source: list[str] = Field(description="German sentences")
    translation: list[str] = Field(description="their English translations, line-aligned")


class GlossaryUpload(BaseModel):
    name: str = Field(min_length=1, max_length=200,
                      description="file name; its extension says the format (.tsv, .csv, .tbx, .tmx; a table's layout is told by its first row)")
    content: str = Field(description="the file's text")

    @field_validator("name")
    @classmethod
    def a_file_name(cls, name: str) -> str:
        """The name as a file name of its own: a path's last part (`/` or `\\`), never `.`, `..` or a control
        character."""
        base = PureWindowsPath(PurePosixPath(name).name).name
        if base in ("", ".", ".."):
            raise ValueError(f"{name!r} is not a file name; give one such as desk.tsv")
        if any(ord(c) < 32 or ord(c) == 127 for c in base):
            raise ValueError(f"{name!r} holds a control character; give a file name such as desk.tsv")
        if len(base.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            raise ValueError(f"the name is longer than {MAX_NAME_BYTES} bytes, which file systems allow")
        return base


class Approval(BaseModel):
    source: str = Field(min_length=1, description="the German sentence, as the translate answer gave it")
    target: str = Field(min_length=1, description="the English the editor approves")
    editor: str | None = Field(None, max_length=200)


# ---------------------------------------------------------------- answers


class TermOut(BaseModel):
    source: str = Field(description="the German text as it occurs in the sentence")
    target: str = Field(description="the house term the English contains")
    start: int
    end: int
    placement: Placement | None  # the kernel's list (translate/kernel/document.py)
    applied: bool


class FlagOut(BaseModel):
    code: str
    severity: Literal["error", "warning"]
    message: str
    span: list[int] | None = Field(description="[start, end) in the source sentence, or null")


class SentenceOut(BaseModel):
    source: str
    target: str
    terms: list[TermOut]
    flags: list[FlagOut]
    memory: Literal["machine", "approved"] | None = Field(description="taken from the translation memory, or null")
    new: bool | None = Field(description="new since the story's previous version; null without one")


class ParagraphOut(BaseModel):
    source: str
    target: str
    sentences: list[SentenceOut]


class StoryVersion(BaseModel):
    id: str
    version: int
    previous_version: int | None
    new_sentences: int | None = Field(description="sentences not in the previous version; null for a first version")


class TranslateResponse(BaseModel):
    """`newsmt translate --format json`'s document, plus what only the server knows (story version, rendering)."""

    newsmt: str
    model: str
    glossary: str | None
    signature: str
    file: str | None
    convention: Literal["blank-line", "line"]
    glossary_terms: dict[str, int] = Field(description="terms matched, and per placement how many")
    paragraphs: list[ParagraphOut]
    story: StoryVersion | None = None
    rendered: str | None = Field(None, description="the story in English in its own format (with `format`)")
    warnings: list[str] | None = None


class CheckedSegment(BaseModel):
    index: int = Field(description="0-based line")
    flags: list[FlagOut]


class CheckSummary(BaseModel):
    n_segments: int
    n_flagged: int
    by_code: dict[str, int]
    by_severity: dict[str, int]


class CheckResponse(BaseModel):
    """`newsmt check --format json`: only the flagged lines, and the summary."""

    segments: list[CheckedSegment]
    summary: CheckSummary


class GlossaryInfo(BaseModel):
    name: str
    signature: str
    entries: int


class GlossaryList(BaseModel):
    glossaries: list[GlossaryInfo] = Field(description="uploaded glossaries, usable by name in /v1/translate")
    default: str | None = Field(description="signature of the glossary every request uses")


class GlossaryProblem(BaseModel):
    line: int | None
    severity: Literal["error", "warning"]
    message: str


class GlossaryUploaded(GlossaryInfo):
    warnings: list[GlossaryProblem]


class MemoryInfo(BaseModel):
    machine: int
    approved: int
    signatures: int
    stories: int
    story_versions: int


class Health(BaseModel):
    status: Literal["ok"]
    newsmt: str
    signature: str
    queued_sentences: int
    memory: MemoryInfo | None


class Approved(BaseModel):
    approved: bool
    source: str


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")  # e.g. `problems` of a glossary upload

    code: str = Field(description="stable, machine-readable: busy, timeout, request-too-large, …")
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def error_responses(*statuses: int) -> dict[int | str, dict]:
    """OpenAPI entries for an endpoint's error answers, all with the one error body."""
    return {status: {"model": ErrorBody} for status in statuses}
