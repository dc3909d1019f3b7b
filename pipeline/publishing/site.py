"""The publication list's ``assets/``: its stylesheet, the brand tokens, the logo and subset
fonts.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
from pathlib import Path

from pipeline import atomic, paths
from pipeline.atomic import writing
from pipeline.errors import OutputError
from pipeline.publishing.catalog import site_dir
from pipeline.publishing.model import ASSETS_NAME, _write

# Characters the website list needs from the brand font (Latin-1 and Danish punctuation).
_SITE_FONT_UNICODES = (*range(0x20, 0x7F), *range(0xA0, 0x100), 0x2013, 0x2014, 0x2018,
                       0x2019, 0x201A, 0x201C, 0x201D, 0x201E, 0x2022, 0x2026, 0x203A, 0x20AC)


_SITE_FONTS = {"Lato-Regular.ttf": "lato/Lato-Regular.ttf", "Lato-Bold.ttf": "lato/Lato-Bold.ttf"}


def _site_font(name: str, source: Path) -> bytes:
    """The brand font subset to what the list needs; cached (subsetting takes ~0.5 s)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    data = source.read_bytes()
    key = hashlib.sha256(data + repr(_SITE_FONT_UNICODES).encode()).hexdigest()[:20]
    cached = paths.CACHE_DIR / "site-fonts" / f"{key}-{name}"
    if cached.is_file():
        return cached.read_bytes()
    options = subset.Options()
    options.layout_features = ["kern", "liga"]
    options.name_IDs = ["*"]          # keep the copyright and licence names
    options.notdef_outline = True
    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # it logs about the fonts' old 'created' timestamps
    try:
        font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # no build time in the file
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=list(_SITE_FONT_UNICODES))
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
    finally:
        quiet.setLevel(level)
    result = buffer.getvalue()
    with contextlib.suppress(OutputError):   # only a cache: the next run subsets again
        atomic.write_atomic(cached, result, record=False)
    return result


def write_site_assets(root: Path) -> None:
    """``assets/``: the list's stylesheet, the brand tokens, subset fonts and the logo."""
    assets = root / ASSETS_NAME
    with writing(assets):
        assets.mkdir(parents=True, exist_ok=True)
        assets.chmod(0o755)
    _write(assets / "tokens.css", (paths.BRAND_DIR / "tokens.css").read_bytes())
    _write(assets / "site.css", (site_dir() / "site.css").read_bytes())
    _write(assets / "almennet-wordmark-hvid.svg",
           (paths.ASSETS_DIR / "logo" / "almennet-wordmark-hvid.svg").read_bytes())
    with writing(assets / "fonts"):
        (assets / "fonts").mkdir(exist_ok=True)
        (assets / "fonts").chmod(0o755)
    for name, source in _SITE_FONTS.items():
        _write(assets / "fonts" / name, _site_font(name, paths.ASSETS_DIR / "fonts" / source))
    licence = paths.ASSETS_DIR / "fonts" / "lato" / "OFL.txt"
    _write(assets / "fonts" / "OFL.txt", licence.read_bytes())
