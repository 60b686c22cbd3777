"""`newsmt` console script: one parser, subcommands registered by the package that owns them."""
from __future__ import annotations

import argparse
import sys

from translate.kernel.errors import NewsmtError


def build_parser() -> argparse.ArgumentParser:
    # Imported here so `newsmt --help` stays cheap and each package owns its subcommands.
    from translate.app.check_cmd import register as register_check
    from translate.app.eval_cmd import register as register_eval
    from translate.app.glossary_cmd import register as register_glossary

    from translate.app.translate_cmd import register as register_translate

    parser = argparse.ArgumentParser(
        prog="newsmt",
        description="German→English news translation with enforced glossaries and quality checks.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    register_translate(sub)
    register_glossary(sub)
    register_eval(sub)
    register_check(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except NewsmtError as err:
        print(f"newsmt: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("newsmt: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
