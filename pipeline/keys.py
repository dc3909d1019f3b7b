"""The keys an editor can write, declared once: ``report.yaml`` and chapter front matter.

Each key has its name, its type, whether it is required, its default and one line of
documentation (Danish: editors read it). The loader takes its allowed keys from here,
``docs/report.schema.json`` (for editors' YAML tools) is generated from here, and a test
holds the key tables in ``docs/redaktoer.md`` to these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.settings import DEFAULT_LAYOUT


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    type: str                      # text, integer, list, group, date, boolean, email, ...
    doc: str                       # one line, Danish
    required: bool = False
    default: str | None = None     # as the editor's guide shows it; None: no default
    keys: tuple[Key, ...] = ()     # the sub-keys of a group (or of a list's items)


CONTACT = (
    Key("name", "text", "Navn; påkrævet i contact", required=True),
    Key("role", "text", "Titel"),
    Key("email", "email", "E-mail"),
    Key("phone", "phone", "Telefon: cifre og mellemrum (evt. + - ( ))"),
)
COVER = (
    Key("image", "path", "Sti til billedet; påkrævet i cover", required=True),
    Key("alt", "text", "Alt-tekst, dvs. hvad billedet viser (tilgængelighed)", required=True),
    Key("credit", "text", "Kreditering; står først i kolofonens ”Fotos og illustrationer”"),
)
KEY_FIGURE = (
    Key("value", "text", "Tallet, som det skal stå", required=True),
    Key("label", "text", "Forklaringen", required=True),
)

REPORT: tuple[Key, ...] = (
    Key("title", "text", "Titel: forside, kolofon, bagside, PDF'ens titel", required=True),
    Key("subtitle", "text", "Undertitel: forside, kolofon"),
    Key("series", "text", "Serienavn: forside, kolofon, bagside", default="AlmenRapport"),
    Key("year", "integer", "Udgivelsesår: forside, faktaboks, bagside", required=True),
    Key("status", "status", "Status i faktaboksen"),
    Key("owner", "text", "Projektejer (faktaboks)"),
    Key("participants", "list", "Projektdeltagere (faktaboks), én pr. linje"),
    Key("contact", "group", "Kontaktperson (faktaboks)", keys=CONTACT),
    Key("themes", "list", "Temaer (faktaboks) og PDF'ens nøgleord"),
    Key("layout", "text", "Design: almenrapport eller faktaark", default=DEFAULT_LAYOUT),
    Key("cover", "group", "Forsidebillede", keys=COVER),
    Key("chapters", "list", "Kapitelfilerne i rækkefølge",
        default="alle *.md, sorteret efter navn"),
    Key("language", "language", "Sprog (orddeling, skærmlæsere)", default="da"),
    Key("date", "date", "Udgivelsesdato"),
    Key("publisher", "text", "Udgiver (kolofon) og PDF'ens forfatter", default="AlmenNet"),
    Key("editors", "list", "”Redaktion:” i kolofonen"),
    Key("design", "text", "”Layout:” i kolofonen"),
    Key("download", "text", "Hvor rapporten kan hentes (kolofon)", default="almennet.dk"),
    Key("isbn", "text", "ISBN (kolofon)"),
    Key("summary", "text", "Resumé; bliver PDF'ens emne/beskrivelse",
        default="undertitlen eller titlen"),
    Key("funder", "text", "”Støttet af” (faktaboks)"),
    Key("budget", "text", "”Projektøkonomi” (faktaboks)"),
    Key("allow_html", "boolean", "Tillad rå HTML i teksten", default="false"),
    Key("key_figures", "list", "Nøgletal (kun layoutet faktaark)", keys=KEY_FIGURE),
    Key("tokens", "group", "Designets farver og titelstørrelse for netop denne rapport"),
)

CHAPTER: tuple[Key, ...] = (
    Key("title", "text", "Kapitlets titel", required=True),
    Key("kind", "kind", "Typen: chapter, meeting eller case", default="chapter"),
    Key("date", "date", "Dato (ÅÅÅÅ-MM-DD); vises ved møder"),
    Key("place", "text", "Sted; vises ved møder og eksempler"),
    Key("organisation", "text", "Boligorganisationen; vises ved eksempler"),
    Key("summary", "text", "Kort indledning, vist med større skrift under titlen"),
)


def names(keys: tuple[Key, ...]) -> tuple[str, ...]:
    return tuple(k.name for k in keys)


_JSON_TYPES: dict[str, dict[str, Any]] = {
    "text": {"type": ["string", "number"]},
    "path": {"type": "string"},
    "integer": {"type": "integer"},
    "list": {"type": "array", "items": {"type": ["string", "number"]}},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "boolean"},
    "email": {"type": "string", "format": "email"},
    "phone": {"type": ["string", "number"]},
    "language": {"type": "string"},
    "status": {"enum": ["Afsluttet", "I gang"]},
    "kind": {"enum": ["chapter", "meeting", "case"]},
    "group": {"type": "object"},
}


def _schema(keys: tuple[Key, ...]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for key in keys:
        prop = dict(_JSON_TYPES[key.type], description=key.doc)
        if key.keys and key.type == "group":
            prop.update(_schema(key.keys))
        elif key.keys and key.type == "list":
            prop["items"] = _schema(key.keys)
        if key.default is not None:
            prop["x-default"] = key.default
        properties[key.name] = prop
    schema: dict[str, Any] = {"type": "object", "properties": properties,
                              "additionalProperties": False}
    required = [k.name for k in keys if k.required]
    if required:
        schema["required"] = required
    return schema


def report_json_schema() -> dict[str, Any]:
    """A JSON Schema of report.yaml (``docs/report.schema.json``), for YAML editors."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "AlmenRapport report.yaml", **_schema(REPORT)}
