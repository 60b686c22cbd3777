"""Errors a user can act on. The CLI prints them as one line and exits with their code; the messages
speak of files, lines and models, never of command-line flags, so they read right from the Python API too."""


class NewsmtError(Exception):
    exit_code = 2


class InputError(NewsmtError):
    """Bad input: unreadable file, wrong encoding, malformed glossary, mismatched line counts…

    The message names the file (and line, where there is one) so the user can find it.
    """

    exit_code = 2


class ModelUnavailable(NewsmtError):
    """The model cannot be loaded; `model` is what was asked for, so a front end can say how to get it."""

    exit_code = 3

    def __init__(self, message: str, *, model: str | None = None):
        super().__init__(message)
        self.model = model
