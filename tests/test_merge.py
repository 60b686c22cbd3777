"""`newsmt merge`: an XLIFF edited by a third-party tool (translate-toolkit) back into the story's own format and
into the memory; bad XLIFF refused with one line, exit 2, nothing written."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree, html

from translate.app.cli import main
from translate.kernel.formats import XLIFF_NS
from translate.memory import TranslationMemory

DATA = Path(__file__).parent / "data"
SAMPLES = {"html": "bundestag.html", "ninjs": "nato-ninjs1.json", "nitf": "nato-nitf.xml"}
X = {"x": XLIFF_NS}


@pytest.fixture(scope="module")
def exported(tiny_model_dir, tmp_path_factory):
    """Per format: the source, `translate`'s own rendering and its XLIFF export (tiny random-weight model)."""
    folder = tmp_path_factory.mktemp("merge")
    result = {}
    for fmt, name in SAMPLES.items():
        source = DATA / "formats" / name
        machine, xliff = folder / f"{fmt}.machine{source.suffix}", folder / f"{fmt}.xlf"
        assert main(["translate", "--model", str(tiny_model_dir), "-o", str(machine), str(source)]) == 0
        assert main(["translate", "--model", str(tiny_model_dir), "--format", "xliff", "-o", str(xliff),
                     str(source)]) == 0
        result[fmt] = (source, machine, xliff)
    return result


def _toolkit_edit(xliff: Path, edits: list, out: Path) -> None:
    """translate-toolkit's Xliff2File changes targets and states (a clean interpreter: its package is also named
    `translate`)."""
    plan = out.with_suffix(".edits.json")
    plan.write_text(json.dumps(edits), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, str(Path(__file__).parent / "toolkit_edit.py"), str(xliff), str(plan),
                           str(out)], cwd=out.parent, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Xliff2File"


def _plain_segments(xliff: Path, count: int) -> list[tuple[str, str, str]]:
    """(unit, segment, German) of the first segments with a German sentence and a target without inline marks
    (translate-toolkit keeps a target's <mrk> children when its text is set, so those are left alone)."""
    root = etree.parse(str(xliff)).getroot()
    found = []
    for segment in root.iterfind(".//x:segment", X):
        target, source = segment.find("x:target", X), segment.find("x:source", X)
        if target is not None and not len(target) and len(source.xpath("string()").split()) > 2:
            found.append((segment.getparent().get("id"), segment.get("id"), source.xpath("string()")))
    return found[:count]


def _schema():
    return etree.XMLSchema(etree.parse(str(DATA / "xliff-2.1" / "driver.xsd")))


def _shape(data: bytes, fmt: str):
    """Elements and attributes (no text) of a rendered story; for ninjs the keys, non-text values and the HTML."""
    if fmt == "ninjs":
        def walk(value):
            if isinstance(value, dict):
                return {k: walk(v) for k, v in value.items()}
            if isinstance(value, list):
                return [walk(v) for v in value]
            if isinstance(value, str) and value.lstrip().startswith("<"):
                return [(e.tag, dict(e.attrib)) for e in html.fragment_fromstring(value, create_parent="div").iter()]
            return type(value).__name__ if isinstance(value, str) else value
        return walk(json.loads(data))
    root = html.fromstring(data) if fmt == "html" else etree.fromstring(data)
    return [(e.tag, dict(e.attrib)) for e in root.iter() if isinstance(e.tag, str)]


def _validate(data: bytes, fmt: str) -> None:
    """The merged story against the official schema where there is one (HTML: it parses)."""
    if fmt == "ninjs":
        import jsonschema

        schema = json.loads((DATA / "schemas" / "ninjs-schema_1.6.json").read_text(encoding="utf-8"))
        jsonschema.Draft7Validator(schema).validate(json.loads(data))
    elif fmt == "nitf":
        tree = etree.fromstring(data).getroottree()
        for element in tree.getroot().iter(tag=etree.Element):
            if not element.tag.startswith("{"):
                element.tag = "{http://iptc.org/std/NITF/2006-10-18/}" + element.tag
        schema = etree.XMLSchema(etree.parse(str(DATA / "schemas" / "nitf-3-6.xsd")))
        assert schema.validate(tree), schema.error_log.last_error
    else:
        assert html.fromstring(data).find(".//body") is not None


def _text(data: bytes, fmt: str) -> str:
    if fmt == "ninjs":
        strings = []

        def walk(value):
            if isinstance(value, dict):
                [walk(v) for v in value.values()]
            elif isinstance(value, list):
                [walk(v) for v in value]
            elif isinstance(value, str):
                strings.append(html.fragment_fromstring(value, create_parent="div").text_content()
                               if value.lstrip().startswith("<") else value)
        walk(json.loads(data))
        return "\n".join(strings)
    root = html.fromstring(data) if fmt == "html" else etree.fromstring(data)
    return root.text_content() if fmt == "html" else "".join(root.itertext())


@pytest.mark.parametrize("fmt", list(SAMPLES))
def test_toolkit_edits_come_back_in_the_story_format_and_memory(fmt, exported, tmp_path, capsys):
    source, machine, xliff = exported[fmt]
    assert _schema().validate(etree.parse(str(xliff))), "newsmt's export with its provenance block"
    (u1, s1, german1), (u2, s2, german2) = _plain_segments(xliff, 2)
    approved, edited = f"Reviewed & fixed: the {fmt} desk's sentence.", f"An edit, {fmt}, not yet approved."
    edited_xliff = tmp_path / "edited.xlf"
    _toolkit_edit(xliff, [[u1, s1, approved, "reviewed"], [u2, s2, edited, "translated"]], edited_xliff)
    assert _schema().validate(etree.parse(str(edited_xliff))), "the toolkit's file still valid XLIFF 2"
    out, tm = tmp_path / f"merged{source.suffix}", tmp_path / "desk.sqlite"
    capsys.readouterr()
    assert main(["merge", str(source), str(edited_xliff), "-o", str(out), "--tm", str(tm)]) == 0
    merged = out.read_bytes()
    _validate(merged, fmt)
    text = _text(merged, fmt)
    assert approved in text and edited in text
    assert _shape(merged, fmt) == _shape(machine.read_bytes(), fmt)
    with TranslationMemory(tm, create=False) as memory:
        hits = memory.lookup([" ".join(german1.split()), " ".join(german2.split())], "any translator")
    assert [(h.kind, h.target) for h in hits.values()] == [("approved", approved)]


def test_untouched_xliff_renders_exactly_as_translate(exported, tmp_path):
    for fmt, (source, machine, xliff) in exported.items():
        out = tmp_path / f"{fmt}{source.suffix}"
        assert main(["merge", str(source), str(xliff), "-o", str(out)]) == 0
        assert out.read_bytes() == machine.read_bytes(), fmt


def test_editor_and_date_from_notes_and_a_removed_house_term_flagged(exported, tmp_path, capsys):
    source, _, xliff = exported["nitf"]
    root = etree.parse(str(xliff)).getroot()
    termed = root.xpath(".//x:segment[x:target/x:mrk[@type='term']]", namespaces=X)[0]
    unit = termed.getparent()
    termed.set("state", "final")
    target = termed.find("x:target", X)
    for child in list(target):
        target.remove(child)
    target.text = "Without the house term."
    notes = unit.find("x:notes", X)
    if notes is None:
        notes = etree.Element(f"{{{XLIFF_NS}}}notes")
        unit.insert(0, notes)
    for category, value in (("editor", "Jane Desk"), ("date", "2026-11-30T09:15:00+01:00")):
        etree.SubElement(notes, f"{{{XLIFF_NS}}}note", category=category).text = value
    edited, out, tm = tmp_path / "edited.xlf", tmp_path / "out.xml", tmp_path / "tm.sqlite"
    edited.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    assert _schema().validate(etree.parse(str(edited)))
    capsys.readouterr()
    assert main(["merge", str(source), str(edited), "-o", str(out), "--tm", str(tm)]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "(missing-term)" in line]
    assert len(warnings) == 1 and f"unit {unit.get('id')} segment {termed.get('id')}" in warnings[0]
    with TranslationMemory(tm, create=False) as memory:
        [entry] = list(memory.entries())
    assert (entry.target, entry.editor, entry.updated_at) == ("Without the house term.", "Jane Desk",
                                                               "2026-11-30T08:15:00Z")


BAD = {
    "another story": None,  # the HTML story's XLIFF given with the NITF story
    "truncated": lambda data: data[: len(data) // 2],
    "unknown unit": lambda data: data.replace(b'<unit id="u2">', b'<unit id="u99">', 1),
    "missing unit": lambda data: re.sub(rb'<unit id="u3">.*?</unit>', b"", data, count=1, flags=re.S),
    "added segment": lambda data: data.replace(b'<segment id="s1"', b'<segment id="s7"', 1),
    "entity": lambda data: data.replace(b"<xliff ", b'<!DOCTYPE xliff [<!ENTITY e "x">]>\n<xliff ', 1),
    "dtd": lambda data: data.replace(b"<xliff ", b'<!DOCTYPE xliff SYSTEM "http://example.org/x.dtd">\n<xliff ', 1)
                        .replace(b"<target>", b"<target>&e;", 1),
}
MESSAGES = {"another story": r"another version of the story: sha256 \w+… in the XLIFF, \w+… for .*nato-nitf.xml",
            "truncated": r"line \d+, column \d+: malformed XML", "unknown unit": r"unit id u99 does not exist",
            "missing unit": r"unit u3 of .* is missing from the XLIFF",
            "added segment": r"unit u1 has a segment s7", "entity": r"line 2: a DOCTYPE with an internal subset is refused",
            "dtd": r"line \d+: entity &e; is not defined"}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_xliff_one_line_exit_2_nothing_written(case, exported, tmp_path, capsys):
    source, _, xliff = exported["nitf"]
    if case == "another story":
        bad = exported["html"][2].read_bytes()
    else:
        bad = BAD[case](xliff.read_bytes())
        assert bad != xliff.read_bytes()
    path, out, tm = tmp_path / "bad.xlf", tmp_path / "out.xml", tmp_path / "tm.sqlite"
    path.write_bytes(bad)
    capsys.readouterr()
    assert main(["merge", str(source), str(path), "-o", str(out), "--tm", str(tm)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("newsmt: error: "), err
    assert re.search(MESSAGES[case], err), err
    assert not out.exists() and not tm.exists()


def test_tm_import_takes_an_edited_xliff(exported, tmp_path, capsys):
    _, _, xliff = exported["ninjs"]
    (u1, s1, german), (u2, s2, _) = _plain_segments(xliff, 2)
    edited, tm = tmp_path / "edited.xlf", tmp_path / "desk.sqlite"
    _toolkit_edit(xliff, [[u1, s1, "The approved one.", "reviewed"], [u2, s2, "Only translated.", "translated"]],
                  edited)
    assert main(["tm", "import", str(tm), str(edited)]) == 0
    with TranslationMemory(tm, create=False) as memory:
        entries = list(memory.entries())
    assert [(e.source, e.target, e.kind) for e in entries] == [(" ".join(german.split()), "The approved one.",
                                                               "approved")]
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(edited.read_bytes()[:200])
    capsys.readouterr()
    assert main(["tm", "import", str(tmp_path / "new.sqlite"), str(bad)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1 and not (tmp_path / "new.sqlite").exists()


def test_translated_edits_kept_as_edited_not_approved_when_the_memory_knows_the_machine_output(
        exported, tiny_model_dir, tmp_path, capsys):
    from translate.memory.store import EDITED_SIGNATURE_PREFIX

    source, _, xliff = exported["ninjs"]
    tm = tmp_path / "desk.sqlite"
    assert main(["translate", "--model", str(tiny_model_dir), "--tm", str(tm), "-o", str(tmp_path / "mt.json"),
                 str(source)]) == 0
    (u1, s1, german1), (u2, s2, german2) = _plain_segments(xliff, 2)
    edited = tmp_path / "edited.xlf"
    _toolkit_edit(xliff, [[u1, s1, "Approved text.", "reviewed"], [u2, s2, "Edited, not approved.", "translated"]],
                  edited)
    capsys.readouterr()
    assert main(["merge", str(source), str(edited), "-o", str(tmp_path / "out.json"), "--tm", str(tm)]) == 0
    assert "stored in" in capsys.readouterr().err
    with TranslationMemory(tm, create=False) as memory:
        entries = list(memory.entries())
    kept = {(e.source, e.target, e.kind, (e.signature or "").startswith(EDITED_SIGNATURE_PREFIX))
            for e in entries if e.kind == "approved" or (e.signature or "").startswith(EDITED_SIGNATURE_PREFIX)}
    assert kept == {(" ".join(german1.split()), "Approved text.", "approved", False),
                    (" ".join(german2.split()), "Edited, not approved.", "machine", True)}
