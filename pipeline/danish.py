"""Danish formatting: dates, numbers, slugs."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")

_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe",
                           "ä": "ae"})


def format_date(value: dt.date) -> str:
    """``2023-05-09`` -> ``9. maj 2023``."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def format_int(value: int) -> str:
    """``464000`` -> ``464.000`` (Danish thousands separator)."""
    return f"{value:,}".replace(",", ".")


def format_bytes(size: int) -> str:
    """``1234567`` -> ``1,2 MB``."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def slugify(text: str) -> str:
    """A stable ASCII identifier for headings and anchors."""
    text = text.lower().translate(_TRANSLIT)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "afsnit"


def typography(text: str) -> str:
    """Danish typography for plain text (titles, names): ”…”, ’…’, – and …

    Danish uses the same mark to open and close, so straight quotes map one to one.
    """
    return (text.replace('"', "”").replace("'", "’").replace("...", "…")
            .replace(" -- ", " – ").replace("--", "–"))
