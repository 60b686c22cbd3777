"""User files: UTF-8 with BOM/CRLF accepted, everything else refused with file and place."""
import pytest

from translate.kernel.errors import InputError
from translate.kernel.textio import read_lines, read_text, require_same_length


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfErste Zeile.\r\nZweite Zeile.\r\n")
    assert read_text(path) == "Erste Zeile.\nZweite Zeile.\n"


def test_invalid_utf8_names_file_line_and_byte(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Zeile eins\nGrüße aus Köln\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1.txt: line 2: not valid UTF-8 \(byte offset 13\)"):
        read_text(path)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="image.png"):
        read_text(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="nope.txt: cannot read"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_read_lines_keeps_empty_lines_and_refuses_empty_files(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("a\n\nc\n", encoding="utf-8")
    assert read_lines(path) == ["a", "", "c"]
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="lines.txt: file is empty"):
        read_lines(path)


def test_line_counts_must_agree():
    with pytest.raises(InputError, match="hyp.txt: has 2 lines but src.txt has 3"):
        require_same_length({"src.txt": ["a", "b", "c"], "hyp.txt": ["a", "b"]})


def test_blank_means_only_white_space_and_invisible_characters():
    from translate.kernel.textio import is_blank

    for blank in ("", " \t\x0c", "\u00a0", "\u200b", "\u200c\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e\u200f"):
        assert is_blank(blank), repr(blank)
    for text in ("a", "\u200bDer", "Bundes\u00adtag", ".", "\u00a0-"):
        assert not is_blank(text), repr(text)
