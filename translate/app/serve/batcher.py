"""One model, many editors: requests wait in a queue, and one worker thread translates the documents of all
waiting requests together, in token-bounded batches — ten editors at once cost less than ten in a row."""
from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from translate.kernel.document import Document


class QueueFull(Exception):
    """More sentences are waiting than the server takes: the client should retry later (503)."""


@dataclass
class _Job:
    documents: list[Document]
    sentences: int
    done: Future = field(default_factory=Future)


class SharedBatcher:
    def __init__(self, translate, *, max_queued_sentences: int, gather_sentences: int = 512):
        self._translate = translate  # Translator.translate: documents → documents, filled in place
        self.max_queued_sentences = max_queued_sentences
        self.gather_sentences = gather_sentences
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._queued = 0
        self._lock = threading.Lock()
        self._closed = False
        self._worker = threading.Thread(target=self._run, name="newsmt-translator", daemon=True)
        self._worker.start()

    @property
    def queued_sentences(self) -> int:
        return self._queued

    def submit(self, documents: list[Document]) -> Future:
        sentences = sum(len(d.segments) for d in documents)
        with self._lock:
            if self._closed:
                raise QueueFull("the server is shutting down")
            if self._queued and self._queued + sentences > self.max_queued_sentences:
                raise QueueFull(f"{self._queued} sentences are waiting; the limit is {self.max_queued_sentences}")
            self._queued += sentences
        job = _Job(documents, sentences)
        self._jobs.put(job)
        return job.done

    def close(self) -> None:
        """Finish every job already accepted, then stop (graceful shutdown)."""
        with self._lock:
            self._closed = True
        self._jobs.put(None)
        self._worker.join()

    def _run(self) -> None:
        while True:
            first = self._jobs.get()
            if first is None:
                return
            jobs, size, stop = [first], first.sentences, False
            while size < self.gather_sentences:
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                jobs.append(more)
                size += more.sentences
            # A request that timed out while queued has cancelled its job: its sentences cost no model time.
            # Once running, a job can no longer be cancelled, so every result below has a waiting future.
            jobs = [job for job in jobs if job.done.set_running_or_notify_cancel()]
            try:
                if jobs:
                    self._translate([d for job in jobs for d in job.documents])
                for job in jobs:
                    job.done.set_result(job.documents)
            except Exception as err:  # noqa: BLE001 - handed to the waiting requests, which answer 500
                for job in jobs:
                    job.done.set_exception(err)
            finally:
                with self._lock:
                    self._queued -= size
            if stop:
                return
