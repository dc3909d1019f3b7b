"""The Danish texts an editor sees from ``almen import``, by stable message code.

Kept as one table so that the messages can later move into a gettext catalogue unchanged:
the code is the msgid's context, the Danish text its translation.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # refusals (the import writes nothing)
    "not-found": "filen findes ikke",
    "unsupported-type": "kan kun importere Word (.docx) og PowerPoint (.pptx), ikke '{suffix}'",
    "old-format": "filen er i det gamle format '{suffix}'; gem den som {new} i Word/PowerPoint",
    "unreadable": "filen kan ikke læses som {what}: {reason}",
    "no-report": "rapportmappen findes ikke eller har ingen report.yaml",
    "exists": "findes allerede",
    "exists-hint": "brug --force for at erstatte den, eller flyt den først",
    "nothing-written": "intet blev skrevet",
    # the loss report: what could not be carried over, and what an editor must supply
    "comment": "kommentar fra {author}: »{text}« (kommentarer kommer ikke med)",
    "tracked-insert": "sporet ændring: indsat tekst »{text}« er taget med som almindelig tekst",
    "tracked-delete": "sporet ændring: slettet tekst »{text}« er udeladt",
    "tracked-format": "sporet formatændring er ignoreret",
    "missing-alt": "billedet {image} har ingen alt-tekst; skriv, hvad det viser, mellem [ ]",
    "generated-alt": "alt-teksten til {image} er lavet automatisk af Office; skriv en rigtig",
    "unsupported-image": "et billede i formatet {format} kan ikke bruges; gem det som PNG "
                         "eller JPEG og sæt det ind",
    "chart": "et diagram kan ikke overføres; sæt det ind som billede med alt-tekst",
    "smartart": "en SmartArt-grafik kan ikke overføres; skriv indholdet som tekst eller "
                "sæt det ind som billede",
    "ole-object": "et indlejret objekt kan ikke overføres",
    "equation": "en ligning kan ikke overføres",
    "media": "video eller lyd kan ikke overføres",
    "unknown-style": "typografien »{style}« er blevet til almindelig tekst",
    "caption-without-image": "billedteksten »{text}« står ikke ved et billede og er sat ind "
                             "som almindelig tekst",
    "merged-cells": "en tabel har flettede celler; de er delt op, kontroller tabellen",
    "cell-blocks": "en tabelcelle havde flere afsnit eller en liste; de er slået sammen til "
                   "én linje",
    "nested-table": "en tabel inde i en tabel kan ikke overføres; dens tekst er slået sammen",
    "local-link": "linket til »{href}« peger ikke på en webside og er blevet til tekst",
    "heading-shifted": "overskriftsniveauerne er rykket, så ingen niveauer springes over",
    "no-title": "dokumentet har ingen titel; filnavnet er brugt som titel",
    "add-organisation": "skriv boligorganisationen i 'organisation:' (og gerne 'place:')",
    "add-date": "mødets dato står ikke i præsentationen; skriv den i 'date:'",
    "add-place": "mødets sted står ikke i præsentationen; skriv det i 'place:'",
    "slide-no-title": "diaset har ingen titel; overskriften ”Dias {number}” er brugt",
    "slide-hidden": "diaset er skjult og er ikke taget med",
    "speaker-notes": "talernoterne er sat ind som kladdetekst; omskriv dem til referat",
    "not-in-chapters": "report.yaml har en 'chapters:'-liste; tilføj {name} der, ellers "
                       "kommer kapitlet ikke med",
    # summary lines
    "imported": "importerede {source} -> {chapter} ({images})",
    "images": "{count} billede(r)",
    "loss-title": "Det skal en redaktør se på:",
    "no-losses": "Alt blev overført; gennemlæs kladden.",
    "run-check": "Kør derefter: almen check {folder}",
    "unit-paragraph": "afsnit {number}",
    "unit-slide": "dias {number}",
    "unit-document": "dokumentet",
}


def message(code: str, **values: object) -> str:
    """The Danish text for ``code``, with ``values`` filled in."""
    return MESSAGES[code].format(**values)
