"""The official schemas of the story formats (copies in tests/data/standards/, see its README), compiled
once per test run: IPTC ninjs JSON Schemas, the NewsML-G2 2.35 + NITF 3.6 XSDs, the OASIS XLIFF 2.1 XSD."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

STANDARDS = Path(__file__).parent / "data" / "standards"
NINJS_SCHEMAS = STANDARDS / "ninjs" / "specification"
NINJS_EXAMPLES = STANDARDS / "ninjs" / "examples"
NEWSML_EXAMPLES = STANDARDS / "newsml-g2" / "examples"
GEOJSON = "https://geojson.org/schema/GeoJSON.json"
NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"


@lru_cache(maxsize=None)
def ninjs_validator(version: str):
    """A validator for ninjs `version` ("1.4", "2.1", "3.1"…); GeoJSON (fetched by URL) accepts anything."""
    from jsonschema import validators
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    schema = json.loads((NINJS_SCHEMAS / f"ninjs-schema_{version}.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(GEOJSON, Resource.from_contents({}, default_specification=DRAFT202012))
    cls = validators.validator_for(schema)
    return cls(schema, registry=registry)


def ninjs_errors(document, version: str) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in ninjs_validator(version).iter_errors(document)]


@lru_cache(maxsize=None)
def _xml_schema(path: Path):
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(path)))


def g2_schema():
    """NewsML-G2 2.35 (Power) and NITF 3.6 in one: validates either root."""
    return _xml_schema(STANDARDS / "newsml-g2" / "driver.xsd")


def xliff_schema():
    return _xml_schema(STANDARDS / "xliff-2.1" / "xliff_core_2.0.xsd")


def _in_nitf_namespace(root):
    """NITF without a namespace (as agencies send it) in the schema's namespace."""
    from lxml import etree

    for element in root.iter():
        if isinstance(element.tag, str) and not etree.QName(element).namespace:
            element.tag = f"{{{NITF_NS}}}{etree.QName(element).localname}"
    etree.cleanup_namespaces(root)
    return root


def xml_errors(data: bytes, schema) -> list[str]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    if etree.QName(root).localname == "nitf" and not etree.QName(root).namespace:
        root = _in_nitf_namespace(root)
    if schema.validate(root):
        return []
    return [f"line {e.line}: {e.message[:200]}" for e in schema.error_log]
