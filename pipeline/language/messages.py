"""Danish texts of the language checks, by stable code (ready for a gettext catalogue)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "spelling": "ukendt ord »{word}«",
    "spelling-hint": "mente du {suggestions}? Er ordet rigtigt, så skriv det i ordliste.txt",
    "spelling-hint-none": "er ordet rigtigt, så skriv det i ordliste.txt",
    "no-dictionary": "stavekontrollen er slået fra: den danske ordbog findes ikke",
    "no-dictionary-hint": "kør make, eller installer hunspell-da og libenchant-2-2",
    "long-sentence": "sætningen har {words} ord (mere end {limit})",
    "long-sentence-hint": "del den op i kortere sætninger",
    "lix-over-target": "kapitlets LIX er {lix}, over målet {target}",
    "lix-over-target-hint": "brug kortere sætninger og ord",
}


def message(code: str, **values: object) -> str:
    return MESSAGES[code].format(**values)
