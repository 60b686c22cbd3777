"""`newsmt` console script: one parser, one module per subcommand (all in the app layer)."""
from __future__ import annotations

import argparse
import signal
import sys

from translate.kernel.errors import ModelUnavailable, NewsmtError

from .console import os_error_message, say


def build_parser() -> argparse.ArgumentParser:
    # Each command module imports its heavy libraries inside its run function, so `newsmt --help` stays cheap.
    from . import batch_cmd, bench_cmd, check_cmd, eval_cmd, glossary_cmd, merge_cmd, serve_cmd, tm_cmd, translate_cmd

    parser = argparse.ArgumentParser(
        prog="newsmt",
        description="German→English news translation with enforced glossaries and quality checks.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in (translate_cmd, merge_cmd, batch_cmd, serve_cmd, glossary_cmd, eval_cmd, check_cmd, tm_cmd, bench_cmd):
        command.register(sub)
    return parser


def how_to_supply(model: str) -> str:
    """What a user without a loadable model can do (the library's own message names no command-line flag): for a
    local directory, what it must hold; for a hub id, how to get the weights onto a machine without network."""
    from translate.engine.model_source import is_local_model

    if is_local_model(model):
        return (
            f"--model {model} is read as a local directory, which must hold a complete MarianMT model as "
            f"`save_pretrained` writes it (config.json, the weights, source.spm, target.spm, vocab.json)"
        )
    return (
        f"To translate offline, download the model once on a machine with network "
        f"(`hf download {model}` or `git clone https://huggingface.co/{model}`) and pass its "
        f"directory with `--model /path/to/opus-mt-de-en` (or set NEWSMT_MODEL); "
        f"a model already in the Hugging Face cache (HF_HOME) is used with HF_HUB_OFFLINE=1."
    )


def _error_message(err: NewsmtError) -> str:
    if isinstance(err, ModelUnavailable) and err.model:
        return f"{str(err).rstrip('.')}. {how_to_supply(err.model)}"
    return str(err)


def main(argv: list[str] | None = None) -> int:
    if argv is None and hasattr(signal, "SIGPIPE"):
        # `newsmt translate … | head` ends quietly, as other command-line tools do.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except NewsmtError as err:
        say(f"newsmt: error: {_error_message(err)}")
        return err.exit_code
    except OSError as err:
        if isinstance(err, BrokenPipeError):
            raise
        say(f"newsmt: error: {os_error_message(err)}")
        return 2
    except KeyboardInterrupt:
        print("newsmt: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
