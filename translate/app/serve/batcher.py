"""One model, many editors, fairly: every accepted request is cut into slices of a few sentences, and one worker
thread translates, round after round, one slice of every waiting request together (round-robin by request). A
small request is therefore done after a round or two, however large the request that came before it; ten editors
at once still share the model's token-bounded batches.

Admission is decided up front: a request heavier than the per-request share is refused (413, it would never fit),
and one that does not fit beside the waiting ones is refused until the queue has drained (503).
"""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field

from translate.kernel.document import Document, Paragraph

# The model's time grows with a sentence's length: a sentence counts once per this many characters begun, so that
# one 300,000-character "sentence" weighs what it costs, not what one ordinary (100-300 character) sentence does.
CHARACTERS_PER_SENTENCE = 400
SLICE_SENTENCES = 16  # per request and round: about one of the model's 512-token batches


def sentence_weight(text: str) -> int:
    return max(1, -(-len(text) // CHARACTERS_PER_SENTENCE))


def least_weight(paragraphs: Iterable[str]) -> int:
    """What the paragraphs' sentences will weigh at least, known before they are split (which takes time): a
    paragraph with a letter or digit holds a sentence, and its sentences hold its non-space characters."""
    return sum(max(any(c.isalnum() for c in text), len("".join(text.split())) // CHARACTERS_PER_SENTENCE)
               for text in paragraphs)


class QueueFull(Exception):
    """More sentences are waiting than the server takes: the client should retry later (503)."""


class RequestTooLarge(Exception):
    """A request heavier than one request may be: retrying cannot help (413)."""


@dataclass
class _Slice:
    documents: list[Document]  # views: the request's own paragraphs' segments, filled in place by the translator
    weight: int


@dataclass
class _Job:
    documents: list[Document]
    slices: deque[_Slice]
    weight: int
    waiting: int  # the weight of the slices not yet taken by the worker
    done: Future = field(default_factory=Future)


def slice_documents(documents: list[Document], slice_sentences: int) -> list[_Slice]:
    """The documents' sentences in order, cut into slices of at most `slice_sentences` (a longer sentence alone).

    A slice holds views of the documents: paragraphs that share the originals' segments and term lists, so that
    translating the slices fills the documents themselves."""
    slices: list[_Slice] = []
    views: list[Document] = []
    weight = 0
    in_document = in_paragraph = None  # what the last view (and its last paragraph) holds sentences of
    for document in documents:
        for paragraph in document.paragraphs:
            for segment in paragraph.segments:
                cost = sentence_weight(segment.source)
                if weight and weight + cost > slice_sentences:
                    slices.append(_Slice(views, weight))
                    views, weight, in_document, in_paragraph = [], 0, None, None
                if document is not in_document:
                    views.append(Document([], document.convention, document.name))
                    in_document, in_paragraph = document, None
                if paragraph is not in_paragraph:
                    views[-1].paragraphs.append(Paragraph(paragraph.source, [], paragraph.term_list))
                    in_paragraph = paragraph
                views[-1].paragraphs[-1].segments.append(segment)
                weight += cost
    if weight:
        slices.append(_Slice(views, weight))
    return slices


class SharedBatcher:
    def __init__(self, translate, *, max_queued_sentences: int, max_request_sentences: int | None = None,
                 slice_sentences: int = SLICE_SENTENCES):
        self._translate = translate  # Translator.translate: documents → documents, filled in place
        self.max_queued_sentences = max_queued_sentences
        self.max_request_sentences = min(max_request_sentences or max_queued_sentences, max_queued_sentences)
        self.slice_sentences = slice_sentences
        self._waiting: deque[_Job] = deque()  # round-robin order: the next round starts at the left
        self._queued = 0  # the weight of every accepted sentence not yet translated
        self._state = threading.Condition()
        self._closed = False
        self._worker = threading.Thread(target=self._run, name="newsmt-translator", daemon=True)
        self._worker.start()

    @property
    def queued_sentences(self) -> int:
        return self._queued

    def refuse_if_too_large(self, weight: int, *, at_least: bool = False) -> None:
        if weight > self.max_request_sentences:
            raise RequestTooLarge(
                f"the request has {'at least ' if at_least else ''}{weight} sentences (a sentence counts once per "
                f"{CHARACTERS_PER_SENTENCE} characters begun); this server takes at most "
                f"{self.max_request_sentences} per request")

    def submit(self, documents: list[Document]) -> Future:
        """A future of the documents, translated; a request that gives up cancels it: what it has not had
        translated yet then costs no model time."""
        slices = slice_documents(documents, self.slice_sentences)
        weight = sum(s.weight for s in slices)
        self.refuse_if_too_large(weight)
        job = _Job(documents, deque(slices), weight, weight)
        with self._state:
            if self._closed:
                raise QueueFull("the server is shutting down")
            if self._queued and self._queued + weight > self.max_queued_sentences:
                raise QueueFull(f"{self._queued} sentences are waiting and this request has {weight}; "
                                f"the limit is {self.max_queued_sentences}")
            if not slices:  # nothing for the model (e.g. only empty paragraphs)
                job.done.set_running_or_notify_cancel()
                job.done.set_result(documents)
                return job.done
            self._queued += weight
            self._waiting.append(job)
            self._state.notify()
        job.done.add_done_callback(lambda _: self._forget(job))
        return job.done

    def close(self) -> None:
        """Finish every job already accepted, then stop (graceful shutdown)."""
        with self._state:
            self._closed = True
            self._state.notify()
        self._worker.join()

    def _forget(self, job: _Job) -> None:
        """A job that is done or cancelled: its slices not yet taken leave the queue."""
        with self._state:
            if job in self._waiting:
                self._waiting.remove(job)
            self._queued -= job.waiting
            job.waiting = 0
            job.slices.clear()

    def _next_round(self) -> list[tuple[_Job, _Slice]] | None:
        """One slice of each waiting request, in turn; None once closed and drained."""
        with self._state:
            while not self._waiting and not self._closed:
                self._state.wait()
            taken = []
            for _ in range(len(self._waiting)):
                job = self._waiting.popleft()
                piece = job.slices.popleft()
                job.waiting -= piece.weight
                taken.append((job, piece))
                if job.slices:
                    self._waiting.append(job)
            return taken or None

    def _run(self) -> None:
        while (taken := self._next_round()) is not None:
            failure = None
            try:
                self._translate([d for _, piece in taken for d in piece.documents])
            except Exception as err:  # noqa: BLE001 - handed to the waiting requests, which answer 500
                failure = err
            with self._state:
                self._queued -= sum(piece.weight for _, piece in taken)
            for job, _ in taken:
                if failure is None and job.slices:
                    continue  # more to translate in the next rounds
                if job.done.set_running_or_notify_cancel():  # False: the request gave up meanwhile
                    if failure is None:
                        job.done.set_result(job.documents)
                    else:
                        job.done.set_exception(failure)
