"""Images are resized once, before rendering, to the pixels they need at their printed
size, and cached on disk keyed by content hash and target width. WeasyPrint's own image
options stay off: they re-encode every image on every render."""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from pipeline.paths import CACHE_DIR

MM_PER_INCH = 25.4
MAX_PIXELS = 60_000_000  # ~ 7700 x 7700: far beyond any print need; refuses decompression bombs
RASTER_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"}
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageProblem(Exception):
    """An image cannot be used (not an image, too large, ...)."""


@dataclass(frozen=True, slots=True)
class ImageInfo:
    width: int
    height: int
    format: str


def inspect(path: Path) -> ImageInfo:
    """Read an image's size from its header (nothing is decoded); raise ImageProblem when
    it is not an image or has more pixels than can be processed safely."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                width, height = img.size
                fmt = img.format or "?"
    except Image.DecompressionBombError:
        width, height, fmt = 0, 0, "?"
        raise ImageProblem(f"image has more than {2 * MAX_PIXELS // 1_000_000} megapixels; "
                           "it cannot be processed safely") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem("file is not a readable image") from exc
    if width * height > MAX_PIXELS:
        raise ImageProblem(f"image has {width}x{height} pixels "
                           f"({width * height / 1_000_000:.0f} megapixels), more than the "
                           f"{MAX_PIXELS // 1_000_000} megapixels that can be processed safely")
    return ImageInfo(width, height, fmt)


def target_pixels(width_mm: float, dpi: int) -> int:
    return round(width_mm / MM_PER_INCH * dpi)


def prepare(path: Path, width_px: int, cache_dir: Path = CACHE_DIR / "images") -> Path:
    """Return a file with at most ``width_px`` pixels across (never enlarged).

    Vector images and images already small enough are used as they are.
    """
    if path.suffix.lower() not in RASTER_SUFFIXES:
        return path
    info = inspect(path)
    if info.width <= width_px:
        return path
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    keep_png = info.format == "PNG"
    target = cache_dir / f"{digest}-{width_px}.{'png' if keep_png else 'jpg'}"
    if target.is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with Image.open(path) as img:
        img.load()
        height = round(info.height * width_px / info.width)
        resized = img.resize((width_px, height), Image.Resampling.LANCZOS)
        fd, name = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        os.close(fd)
        tmp = Path(name)
        if keep_png:
            resized.save(tmp, "PNG", optimize=True)
        else:
            resized.convert("RGB").save(tmp, "JPEG", quality=90, optimize=True,
                                        progressive=False, subsampling=0)
    tmp.replace(target)
    return target
