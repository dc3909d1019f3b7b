"""WCAG 2.x contrast: relative luminance and contrast ratio of sRGB colours."""

from __future__ import annotations

import re

AA_NORMAL = 4.5
AA_LARGE = 3.0
_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)")

RGB = tuple[float, float, float]


def parse_colour(value: str) -> tuple[RGB, float]:
    """``#0f5c4d``, ``rgb(15, 92, 77)`` or ``rgba(…, a)`` -> ((r, g, b), alpha)."""
    value = value.strip()
    if value.startswith("#") and len(value) in (4, 7):
        digits = value[1:] if len(value) == 7 else "".join(c * 2 for c in value[1:])
        rgb = tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))
        return (float(rgb[0]), float(rgb[1]), float(rgb[2])), 1.0
    match = _RGB.fullmatch(value)
    if not match:
        raise ValueError(f"not a colour: {value!r}")
    alpha = float(match.group(4)) if match.group(4) is not None else 1.0
    return (float(match.group(1)), float(match.group(2)), float(match.group(3))), alpha


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 channels)."""
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """The contrast ratio (1-21) of two opaque colours."""
    a, b = luminance(parse_colour(foreground)[0]), luminance(parse_colour(background)[0])
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def is_large(font_size_px: float, font_weight: int) -> bool:
    """WCAG "large scale" text: at least 18 pt, or 14 pt bold (24 px / 18.66 px)."""
    return font_size_px >= 24 or (font_size_px >= 18.66 and font_weight >= 700)


def required(font_size_px: float, font_weight: int) -> float:
    return AA_LARGE if is_large(font_size_px, font_weight) else AA_NORMAL
