"""Lines for the terminal that hold what a user gave (file names, text): printed whatever they contain."""
from __future__ import annotations

import sys

# A newline or carriage return inside a file name would split a one-line message in two.
_LINE_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r"})


def say(message: str, stream=None) -> None:
    """One line to stderr (or `stream`): a file name's undecodable bytes (surrogateescape) are shown as escapes,
    not raised as UnicodeEncodeError, and a line break inside the message as \\n."""
    stream = stream or sys.stderr
    encoding = getattr(stream, "encoding", None) or "utf-8"
    print(message.translate(_LINE_BREAKS).encode(encoding, "backslashreplace").decode(encoding), file=stream)


def os_error_message(err: OSError) -> str:
    """An OSError the commands did not expect (a name longer than the system allows, a folder that cannot be
    created…) as the one line of every input error: the path, then the system's words."""
    names = [name for name in (err.filename, err.filename2) if name is not None]
    where = " -> ".join(map(str, names)) or "a file"
    return f"{where}: {err.strerror or err}"
