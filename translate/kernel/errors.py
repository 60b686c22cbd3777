"""Errors a user can act on. The CLI prints them as one line and exits with their code."""


class NewsmtError(Exception):
    exit_code = 2


class InputError(NewsmtError):
    """Bad input: unreadable file, wrong encoding, malformed glossary, mismatched line counts…

    The message names the file (and line, where there is one) so the user can find it.
    """

    exit_code = 2


class ModelUnavailable(NewsmtError):
    exit_code = 3
