"""`newsmt bench`: placeholder registration until the benchmark lands."""


def register(subparsers) -> None:
    pass
