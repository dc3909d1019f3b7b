"""Brand fonts: the families declared in ``_brand/fonts.css`` and a manifest's ``fonts``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

import tinycss2
import tinycss2.ast

from pipeline import paths
from pipeline.errors import Diagnostics, error
from pipeline.layout.css import block_declarations, css_urls
from pipeline.load import did_you_mean, read_text

if TYPE_CHECKING:
    from pipeline.layout.manifest import _Manifest

FONT_FILE_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")


def brand_font_families(brand_dir: Path, diags: Diagnostics) -> dict[str, list[Path]]:
    """Font families declared with @font-face in ``_brand/fonts.css``, with their files."""
    path = brand_dir / "fonts.css"
    families: dict[str, list[Path]] = {}
    text = read_text(path, diags) if path.is_file() else None
    if text is None:
        return families
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if not isinstance(rule, tinycss2.ast.AtRule) or rule.lower_at_keyword != "font-face":
            continue
        family, files = None, []
        for decl in block_declarations(rule.content):
            if decl.lower_name == "font-family":
                names = [t.value for t in decl.value
                         if isinstance(t, tinycss2.ast.StringToken | tinycss2.ast.IdentToken)]
                family = " ".join(names) or None
            elif decl.lower_name == "src":
                for url, line, col in css_urls(decl.value):
                    file = (path.parent / unquote(url)).resolve()
                    if not file.is_file():
                        diags.add(error(path, line, col, "missing-font",
                                        f"font file '{url}' does not exist"))
                    elif not file.is_relative_to((paths.ASSETS_DIR / "fonts").resolve()):
                        diags.add(error(path, line, col, "outside-font",
                                        f"font file '{url}' is not under assets/fonts/",
                                        "copy the font and its licence into assets/fonts/"))
                    files.append(file)
        if family:
            families.setdefault(family, []).extend(files)
    return families


def manifest_fonts(m: _Manifest, brand_fonts: dict[str, list[Path]]
                   ) -> tuple[list[str], list[Path]]:
    """The manifest's ``fonts``: brand families (or font files under assets/fonts/)."""
    fonts_dir = paths.ASSETS_DIR / "fonts"
    families: list[str] = []
    files: list[Path] = []
    for index, item in m.text_list("fonts"):
        if item.lower().endswith(FONT_FILE_SUFFIXES):
            path = (fonts_dir / item).resolve()
            if not path.is_file() or not path.is_relative_to(fonts_dir.resolve()):
                m.err(("fonts", index), "missing-font",
                      f"font file '{item}' does not exist under assets/fonts/",
                      "name a brand family such as 'Lato', or a file like "
                      "'lato/Lato-Regular.ttf'")
                continue
            owners = [f for f, paths in brand_fonts.items() if path in paths]
            if not owners:
                m.err(("fonts", index), "undeclared-font",
                      f"font file '{item}' is not declared in _brand/fonts.css",
                      "add an @font-face rule for it to layouts/_brand/fonts.css")
                continue
            families.extend(f for f in owners if f not in families)
            files.append(path)
        elif item in brand_fonts:
            if item not in families:
                families.append(item)
            files.extend(p for p in brand_fonts[item] if p not in files)
        else:
            m.err(("fonts", index), "unknown-font", f"font '{item}' is not a brand font",
                  did_you_mean(item, tuple(brand_fonts)) or
                  "brand fonts (layouts/_brand/fonts.css): " + ", ".join(brand_fonts))
    return families, files
