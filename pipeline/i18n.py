"""The language of every message an editor sees: Danish by default, English on request.

Messages are written in English in the code, wrapped in :func:`_`, and translated through
the gettext catalogue ``pipeline/locale/da/LC_MESSAGES/almen.po`` (compiled to ``almen.mo``
beside it; ``make messages`` re-extracts and compiles with Babel). A message's *code* (the
``code`` of a :class:`~pipeline.errors.Diagnostic`) never changes with the language.

The language is chosen, first match wins, by :func:`set_language` (the CLI's ``--lang``),
``ALMEN_LANG``, then the environment's ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG``
(English when it starts with ``en``), else Danish.

Call :func:`_` when the message is made, never at import time, so a later
:func:`set_language` takes effect::

    found.append(error(path, line, col, "unknown-word", _("unknown word “{word}”").format(word=w)))
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "almen"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"

_chosen: str | None = None
_translations: dict[str, gettext.NullTranslations] = {}


def environment_language() -> str:
    """The language the environment asks for: ``ALMEN_LANG``, then the POSIX locale variables."""
    almen = os.environ.get("ALMEN_LANG", "").strip().lower()
    if almen:
        return almen[:2] if almen[:2] in LANGUAGES else DEFAULT_LANGUAGE
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if not value:
            continue
        first = value.split(":")[0].lower()
        return "en" if first.startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def set_language(language: str | None) -> None:
    """Use ``language`` ("da" or "en") for every message from now on (``None``: as the
    environment says)."""
    global _chosen
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _chosen = language


def language() -> str:
    """The language messages are made in now."""
    return _chosen if _chosen is not None else environment_language()


def _catalogue(lang: str) -> gettext.NullTranslations:
    found = _translations.get(lang)
    if found is None:
        if lang == "en":
            found = gettext.NullTranslations()
        else:
            found = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
        _translations[lang] = found
    return found


def _(message: str) -> str:
    """``message`` (English) in the current language."""
    return _catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the current language."""
    return _catalogue(language()).ngettext(singular, plural, count)
