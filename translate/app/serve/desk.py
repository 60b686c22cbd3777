"""The one way a request's text reaches the model, shared by every API the server speaks (/v1, DeepL's,
LibreTranslate's): refused up front when it is too large for certain, parsed in a worker thread, queued in the
fair batcher, and given up at the request's deadline — its parse dropped, its sentences taken out of the queue.

Failures are ApiErrors in /v1's terms (400, 413, 503 with Retry-After, 504); the compatibility APIs answer them in
their own shapes (compat.py).
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import anyio.to_thread

from translate.kernel.document import Document
from translate.kernel.errors import InputError

from .batcher import QueueFull, RequestTooLarge, SharedBatcher, least_weight
from .guards import ApiError

RETRY_AFTER_S = 5  # a busy queue drains in seconds on the real model: long enough not to hammer it

Parsed = TypeVar("Parsed")


@dataclass
class Desk:
    """The loaded translator, its memory and the queue in front of it, with the per-request time limit."""

    translator: object
    batcher: SharedBatcher
    request_timeout_s: float
    memory: object | None = None

    def refuse_if_too_large(self, texts: Sequence[str]) -> None:
        """413 before any splitting, for texts whose sentences weigh more than one request may, for certain."""
        try:
            self.batcher.refuse_if_too_large(least_weight(texts), at_least=True)
        except RequestTooLarge as err:
            raise ApiError(413, str(err)) from None

    async def translate(self, parse: Callable[[], Parsed], documents: Callable[[Parsed], list[Document]],
                        texts: Sequence[str] | None = None) -> Parsed:
        """`parse()` (in a worker thread; an InputError is a 400), then its `documents(parsed)` translated in
        place through the queue, all within the request's deadline; the parsed value is returned."""
        deadline = asyncio.get_running_loop().time() + self.request_timeout_s
        if texts is not None:
            self.refuse_if_too_large(texts)

        async def within_deadline(work, doing: str):
            try:
                return await asyncio.wait_for(work, max(deadline - asyncio.get_running_loop().time(), 0))
            except TimeoutError:
                raise ApiError(504, f"the request took longer than {self.request_timeout_s:g} s ({doing})") from None

        def parse_or_400():
            try:
                return parse()
            except InputError as err:
                raise ApiError(400, str(err)) from None

        # Given up at the deadline, the parse finishes in its thread, but its result is dropped: never queued.
        parsed = await within_deadline(anyio.to_thread.run_sync(parse_or_400, abandon_on_cancel=True),
                                       "while its text was parsed")
        try:
            done = self.batcher.submit(documents(parsed))
        except RequestTooLarge as err:
            raise ApiError(413, str(err)) from None
        except QueueFull as err:
            raise ApiError(503, str(err), headers={"Retry-After": str(RETRY_AFTER_S)}) from None
        # At the deadline the job is cancelled: what is not translated yet leaves the queue, costing no model time.
        await within_deadline(asyncio.wrap_future(done), "while it was queued or translated")
        return parsed
