"""`newsmt batch --engine ray`: the same per-story pipeline on Ray Data, for when one machine is not enough.

An actor pool (`map_batches` with a callable class, `concurrency=N`) loads the model once per actor and translates
groups of stories; the driver writes every output and the journal through the same code path as the local engine,
so both give the same files. `ray.init()` joins the cluster in RAY_ADDRESS if set, else starts Ray on this machine.
"""
from __future__ import annotations

import pickle
from collections.abc import Iterator, Sequence
from dataclasses import asdict

from .batch import StoryRef, TranslatedStory, make_translator, translate_group


class StoryTranslator:
    """One Ray actor: builds the translator once, then translates batches of stories."""

    def __init__(self, options: dict, output_format: str, xliff: bool):
        self.translator = make_translator(options)
        self.output_format = output_format
        self.xliff = xliff

    def __call__(self, batch: dict) -> dict:
        stories = [StoryRef(**pickle.loads(blob)) for blob in batch["story"]]
        results = list(translate_group(self.translator, stories, self.output_format, self.xliff))
        return {"result": [pickle.dumps(result) for result in results]}


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
        dataset = ray.data.from_items([{"story": pickle.dumps(asdict(story))} for story in pending])
        translated = dataset.map_batches(
            StoryTranslator, fn_constructor_kwargs={"options": options, "output_format": output_format, "xliff": xliff},
            concurrency=workers, batch_size=stories_per_batch, num_cpus=cpus_per_actor,
        )
        for row in translated.iter_rows():
            yield pickle.loads(row["result"])

    return translate_stories
