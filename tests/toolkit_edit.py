"""Edits an XLIFF 2 file with translate-toolkit (a third-party CAT library), as a translator's tool would.

Run as a script in a clean interpreter (the toolkit's package is also called `translate`, as newsmt's is):
    python toolkit_edit.py IN.xlf EDITS.json OUT.xlf
EDITS.json: [[unit_id, segment_id, new_target, state], ...]; state "reviewed" → markapproved(),
"translated" → marktranslated(). Prints the toolkit class used."""
import json
import sys

from translate.storage.xliff2 import Xliff2File

source, edits, out = sys.argv[1:4]
with open(source, "rb") as handle:
    store = Xliff2File.parsestring(handle.read())
wanted = {(unit, segment): (target, state) for unit, segment, target, state in json.load(open(edits))}
done = set()
for unit in store.units:
    element = unit.xmlelement
    key = (element.getparent().get("id"), element.get("id"))
    if key in wanted:
        target, state = wanted[key]
        unit.target = target
        if state == "reviewed":
            unit.markapproved(True)
        else:
            unit.marktranslated()
        done.add(key)
missing = set(wanted) - done
if missing:
    sys.exit(f"toolkit_edit: no such segments: {sorted(missing)}")
with open(out, "wb") as handle:
    handle.write(bytes(store))
print(type(store).__name__)
