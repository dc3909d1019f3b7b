"""Draw AlmenNet's wordmark as SVG paths (no font needed at render time).

This is our own simple wordmark for the sample reports, not AlmenNet's real trademark:
a roof-and-leaf symbol and the word "AlmenNet" set in Lato Black/Regular, converted to
outlines with fontTools. Run: .venv/bin/python scripts/make_logo.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "assets" / "fonts" / "lato"
OUT = ROOT / "assets" / "logo"


def text_path(font_file: Path, text: str, size: float, x: float, baseline: float,
              tracking: float = 0.0) -> tuple[str, float]:
    font = TTFont(font_file)
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    pen = SVGPathPen(glyphs)
    cursor = x
    for char in text:
        name = cmap[ord(char)]
        glyph = glyphs[name]
        glyph.draw(TransformPen(pen, (scale, 0, 0, -scale, cursor, baseline)))
        cursor += glyph.width * scale + tracking
    return pen.getCommands(), cursor


def wordmark(text_colour: str, symbol_colour: str, accent: str) -> str:
    almen, end = text_path(FONTS / "Lato-Black.ttf", "Almen", 40, 58, 40, 0.2)
    net, end = text_path(FONTS / "Lato-Regular.ttf", "Net", 40, end + 0.5, 40, 0.2)
    width = round(end + 2)
    # Symbol: a roof (two strokes) sheltering a leaf, inside a 48 x 48 box.
    symbol = (
        f'<path d="M4 24 L24 6 L44 24" fill="none" stroke="{symbol_colour}" '
        f'stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>'
        f'<path d="M14 44 C14 30 22 24 36 22 C36 36 28 44 14 44 Z" fill="{accent}"/>'
        f'<path d="M15 43 L30 28" stroke="{symbol_colour}" stroke-width="2.2" '
        f'stroke-linecap="round"/>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 50" '
        f'width="{width}" height="50" role="img" aria-label="AlmenNet">'
        f"<title>AlmenNet</title>{symbol}"
        f'<path d="{almen}" fill="{text_colour}"/><path d="{net}" fill="{text_colour}"/>'
        "</svg>\n"
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "almennet-wordmark.svg").write_text(
        wordmark("#0f5c4d", "#0f5c4d", "#e07a3f"), "utf-8")
    (OUT / "almennet-wordmark-hvid.svg").write_text(
        wordmark("#ffffff", "#ffffff", "#f2b36b"), "utf-8")


if __name__ == "__main__":
    main()
