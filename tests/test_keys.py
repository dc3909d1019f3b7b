"""The editor's keys are declared once (pipeline/keys.py): the loader, the JSON Schema in
docs/report.schema.json and the key tables of the editor's guide all follow it."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from pipeline import keys, load
from pipeline.paths import INSTALL_ROOT

GUIDE = INSTALL_ROOT / "docs" / "redaktoer.md"
SCHEMA = INSTALL_ROOT / "docs" / "report.schema.json"
ROW_RE = re.compile(r"^\| `(\s*)([a-z_]+)` \| (.*)$")


def guide_table(after_heading: str) -> dict[str, tuple[bool, str]]:
    """{key: (required, default cell)} of the first key table after ``after_heading``;
    sub-keys (indented in the guide) as ``parent.key``."""
    text = GUIDE.read_text("utf-8")
    lines = text[text.index(after_heading):].split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("| Nøgle"))
    header = [c.strip() for c in lines[start].strip("|").split("|")]
    found: dict[str, tuple[bool, str]] = {}
    parent = ""
    for line in lines[start + 2:]:
        match = ROW_RE.match(line)
        if not match:
            break
        indent, name, _ = match.groups()
        cells = [c.strip() for c in line.strip("|").split("|")]
        row = dict(zip(header, cells, strict=False))
        if indent:
            name = f"{parent}.{name}"
        else:
            parent = name
        found[name] = ("**ja**" in row["Krævet"], row.get("Standard", "–"))
    return found


def declared(declaration: tuple[keys.Key, ...], groups: bool) -> dict[str, keys.Key]:
    found: dict[str, keys.Key] = {}
    for key in declaration:
        found[key.name] = key
        if groups and key.type == "group":
            found.update({f"{key.name}.{sub.name}": sub for sub in key.keys})
    return found


@pytest.mark.parametrize(("heading", "declaration"), [
    ("### Alle nøgler", keys.REPORT),
    ("## 3.", keys.CHAPTER),
])
def test_the_guide_lists_exactly_the_declared_keys(heading: str,
                                                   declaration: tuple[keys.Key, ...]) -> None:
    table = guide_table(heading)
    expected = declared(declaration, groups=True)
    assert list(table) == list(expected)
    for name, (required, default) in table.items():
        key = expected[name]
        assert required == key.required, name
        if key.default is not None:
            assert key.default in default.replace("`", ""), (name, default)


def test_the_loader_takes_its_keys_from_the_declaration() -> None:
    assert keys.names(keys.REPORT) == load.REPORT_KEYS
    assert keys.names(keys.CHAPTER) == load.CHAPTER_KEYS
    assert keys.names(keys.CONTACT) == load.CONTACT_KEYS
    assert keys.names(keys.COVER) == load.COVER_KEYS


def test_the_json_schema_is_generated_from_the_declaration_and_fits_the_samples() -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    assert schema == keys.report_json_schema(), \
        "regenerate docs/report.schema.json from pipeline.keys.report_json_schema()"
    jsonschema.Draft202012Validator.check_schema(schema)
    samples = sorted((INSTALL_ROOT / "reports").glob("*/report.yaml"))
    assert samples
    for path in [*samples, INSTALL_ROOT / "tests" / "fixtures" / "mini" / "report.yaml"]:
        data = yaml.safe_load(path.read_text("utf-8"))
        data = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError, match="tittle"):
        jsonschema.validate({"tittle": "x", "title": "x", "year": 2023}, schema)


def test_every_declared_key_has_a_danish_line_of_documentation() -> None:
    for key in (*keys.REPORT, *keys.CHAPTER, *keys.CONTACT, *keys.COVER):
        assert key.doc and "\n" not in key.doc and key.type in keys._JSON_TYPES
