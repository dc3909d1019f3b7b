"""Colour conversion for the print edition: raster images and SVG fills to CMYK.

Images are converted once per image and profile with Pillow's ImageCms (littlecms) and
cached on disk beside the resized images, keyed by the content hash of the image and of
the profile. Photos use the perceptual intent; SVG colours use relative colorimetric
with black point compensation, and neutral darks become black ink only, so text and
hairlines in a logo do not separate into four colours.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms

from pipeline.images import RASTER_SUFFIXES
from pipeline.paths import CACHE_DIR
from pipeline.printing.profile import PrintProfile

CMYK_CACHE = CACHE_DIR / "images-cmyk"
JPEG_QUALITY = 92
_VERSION = b"2"  # part of every cache key: bump when the conversion changes
_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


@functools.lru_cache(maxsize=8)
def _transform(profile_path: str, intent: ImageCms.Intent, mode: str) -> ImageCms.ImageCmsTransform:
    srgb = ImageCms.createProfile("sRGB")
    cmyk = ImageCms.getOpenProfile(profile_path)
    return ImageCms.buildTransform(srgb, cmyk, mode, "CMYK", renderingIntent=intent,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def _atomic_write(target: Path, write: object) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)  # type: ignore[operator]
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def image_to_cmyk(path: Path, profile: PrintProfile, cache_dir: Path = CMYK_CACHE) -> Path:
    """``path`` (an already resized raster image) as a CMYK JPEG, cached; SVGs get their
    fills converted (:func:`svg_to_cmyk`); anything else is returned as it is."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return svg_to_cmyk(path, profile, cache_dir)
    if suffix not in RASTER_SUFFIXES:
        return path
    key = hashlib.sha256(_VERSION + path.read_bytes() + profile.digest.encode()).hexdigest()[:20]
    target = cache_dir / f"{key}-cmyk.jpg"
    if target.is_file():
        return target

    def write(tmp: Path) -> None:
        with Image.open(path) as img:
            img.load()
            if img.mode in ("RGBA", "LA", "P", "PA"):
                rgba = img.convert("RGBA")
                flat = Image.new("RGB", rgba.size, "#ffffff")  # paper under transparency
                flat.paste(rgba, mask=rgba.getchannel("A"))
                rgb = flat
            else:
                rgb = img.convert("RGB")
            transform = _transform(str(profile.path), ImageCms.Intent.PERCEPTUAL, "RGB")
            cmyk = ImageCms.applyTransform(rgb, transform)
            assert cmyk is not None
            dpi = img.info.get("dpi")
            cmyk.save(tmp, "JPEG", quality=JPEG_QUALITY, subsampling=0,
                      **({"dpi": dpi} if dpi else {}))

    return _atomic_write(target, write)


def hex_to_cmyk(colour: str, profile: PrintProfile) -> tuple[float, float, float, float]:
    """An sRGB hex colour as CMYK fractions (0-1), rounded to whole percent. Neutral
    colours (greys and black) become black ink only."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    if max(r, g, b) - min(r, g, b) <= 6:  # neutral: K only, by lightness
        if min(r, g, b) >= 250:
            return (0.0, 0.0, 0.0, 0.0)
        grey = Image.new("L", (1, 1), round((r + g + b) / 3))
        transform = _transform(str(profile.path), ImageCms.Intent.RELATIVE_COLORIMETRIC,
                               "RGB")
        converted: Any = ImageCms.applyTransform(grey.convert("RGB"), transform)
        c, m, y, k = converted.getpixel((0, 0))
        total = (c + m + y + k) / 255
        return (0.0, 0.0, 0.0, round(min(1.0, total / 2.2), 2) if r > 10 else 1.0)
    transform = _transform(str(profile.path), ImageCms.Intent.RELATIVE_COLORIMETRIC, "RGB")
    pixel: Any = ImageCms.applyTransform(Image.new("RGB", (1, 1), (r, g, b)), transform)
    c, m, y, k = pixel.getpixel((0, 0))
    return (round(c / 255, 2), round(m / 255, 2), round(y / 255, 2), round(k / 255, 2))


def svg_to_cmyk(path: Path, profile: PrintProfile, cache_dir: Path = CMYK_CACHE) -> Path:
    """An SVG whose hex colours are ``device-cmyk()`` (WeasyPrint draws them as
    DeviceCMYK), cached beside the converted images."""
    text = path.read_text("utf-8")
    key = hashlib.sha256(_VERSION + text.encode() + profile.digest.encode()).hexdigest()[:20]
    target = cache_dir / f"{key}-{path.stem}-cmyk.svg"
    if target.is_file():
        return target

    def convert(match: re.Match[str]) -> str:
        c, m, y, k = hex_to_cmyk(match.group(0), profile)
        return f"device-cmyk({c:g} {m:g} {y:g} {k:g})"

    converted = _HEX.sub(convert, text)
    # SVG's initial fill is black: make it black ink only, not DeviceRGB black
    converted = re.sub(r"<svg\b(?![^>]*\sfill=)", '<svg fill="device-cmyk(0 0 0 1)"',
                       converted, count=1)
    return _atomic_write(target, lambda tmp: tmp.write_text(converted, "utf-8"))
