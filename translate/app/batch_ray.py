"""`newsmt batch --engine ray`: the same per-story pipeline on Ray actors, for when one machine is not enough.

Each actor (`ray.remote` with as many CPUs reserved as it runs threads) loads the model once and translates groups of
stories. The driver reads each group's stories when it hands the group over and keeps at most two groups per actor
in flight, so neither the driver nor Ray's object store ever holds the whole job; it writes every output and the
journal through the same code path as the local engine, so both give the same files. `ray.init()` joins the
cluster in RAY_ADDRESS if set, else starts Ray on this machine.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence

from .batch import StoryRef, TranslatedStory, make_translator, read_group, translate_group

GROUPS_IN_FLIGHT_PER_ACTOR = 2  # one being translated, one waiting: an actor never idles while the driver reads


class StoryTranslator:
    """One Ray actor: builds the translator once, then translates groups of stories."""

    def __init__(self, options: dict, output_format: str, xliff: bool):
        self.translator = make_translator(options)
        self.output_format = output_format
        self.xliff = xliff

    def translate(self, stories: list[tuple[StoryRef, bytes]]) -> list:
        return list(translate_group(self.translator, stories, self.output_format, self.xliff))


def actor_threads(options: dict) -> tuple[dict, int]:
    """Each actor's options and the CPUs Ray reserves for it: the threads it runs (`--threads`, default 1), so that
    Ray never puts more actors on a node than it has cores for."""
    threads = options.get("threads") or 1
    return {**options, "threads": threads}, threads


def ray_engine(options: dict, output_format: str, xliff: bool, *, workers: int, stories_per_batch: int = 8):
    options, cpus_per_actor = actor_threads(options)

    def translate_stories(pending: Sequence[StoryRef]) -> Iterator[TranslatedStory | Exception]:
        if not pending:
            return
        import ray

        ray.init(ignore_reinit_error=True, include_dashboard=False, log_to_driver=False)
        actor = ray.remote(num_cpus=cpus_per_actor)(StoryTranslator)
        actors = [actor.remote(options, output_format, xliff) for _ in range(workers)]
        in_flight: deque = deque()  # results to come, in the stories' order
        try:
            for number, start in enumerate(range(0, len(pending), stories_per_batch)):
                read, failed = read_group(pending[start:start + stories_per_batch])
                yield from failed
                in_flight.append(actors[number % workers].translate.remote(read))
                if len(in_flight) >= workers * GROUPS_IN_FLIGHT_PER_ACTOR:
                    yield from ray.get(in_flight.popleft())
            while in_flight:
                yield from ray.get(in_flight.popleft())
        finally:
            for each in actors:
                ray.kill(each)

    return translate_stories
