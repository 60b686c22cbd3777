"""The engine: the document pipeline, the model backends and constrained decoding. It imports the kernel
only; glossaries, checks and memory are handed to it (see translate.app.wiring)."""
