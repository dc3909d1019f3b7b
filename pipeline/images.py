"""Images are resized once, before rendering, to the pixels they need at their printed
size, and cached on disk keyed by content hash and target width. WeasyPrint's own image
options stay off: they re-encode every image on every render."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import os
import re
import tempfile
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageFile

from pipeline import paths, verdicts
from pipeline.paths import is_confined

MM_PER_INCH = 25.4
MAX_PIXELS = 60_000_000  # ~ 7700 x 7700: far beyond any print need; refuses decompression bombs
RASTER_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"}
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
MAX_IMAGE_BYTES = 64 * 1024 * 1024  # the fetcher's limit too: no print image needs more
# 16-bit and float modes that PDF embedding cannot take as they are: converted to 8 bits
WIDE_MODES = frozenset({"I", "I;16", "I;16B", "I;16L", "I;16N", "F"})
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


class ImageProblem(Exception):
    """An image cannot be used (not an image, too large, ...)."""


@dataclass(frozen=True, slots=True)
class ImageInfo:
    width: int
    height: int
    format: str
    mode: str = ""


_checked: dict[tuple[str, int, int], ImageInfo] = {}


def inspect(path: Path) -> ImageInfo:
    """Check that an image is whole and safe to process, and return its size.

    The header gives the size (refused beyond MAX_PIXELS before anything is decoded);
    then ``verify()`` and a full ``load()`` find truncated or corrupt files, so that a
    broken image fails at ``check`` instead of being embedded half blank. Results are
    remembered per (path, size, mtime)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ImageProblem(f"cannot read the file: {exc.strerror}") from None
    if stat.st_size > MAX_IMAGE_BYTES:
        raise ImageProblem(f"file is {stat.st_size // 1024 // 1024} MB, more than the "
                           f"{MAX_IMAGE_BYTES // 1024 // 1024} MB an image may be")
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key in _checked:
        return _checked[key]
    data = path.read_bytes()
    info = _remembered(data)
    if info is None:
        info = _inspect_raster(data)
        _remember(data, info)
    _checked[key] = info
    return info


def _verdict_name(data: bytes) -> str:
    import PIL

    return verdicts.key("image", data, PIL.__version__, verdicts.code_version("images.py"))


def _remembered(data: bytes) -> ImageInfo | None:
    """The inspection of these exact bytes by an earlier run, if it found them whole
    (decoding every pixel is most of ``check``'s time otherwise)."""
    found = verdicts.recall(_verdict_name(data))
    try:
        return ImageInfo(int(found["width"]), int(found["height"]), str(found["format"]),
                         str(found["mode"]))
    except (KeyError, TypeError, ValueError):
        return None


def _remember(data: bytes, info: ImageInfo) -> None:
    verdicts.remember(_verdict_name(data), {"width": info.width, "height": info.height,
                                            "format": info.format, "mode": info.mode})


def _inspect_raster(data: bytes) -> ImageInfo:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                fmt, mode = img.format or "?", img.mode
    except Image.DecompressionBombError:
        raise ImageProblem(f"image has more than {2 * MAX_PIXELS // 1_000_000} megapixels; "
                           "it cannot be processed safely") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem("file is not a readable image") from exc
    if width * height > MAX_PIXELS:
        raise ImageProblem(f"image has {width}x{height} pixels "
                           f"({width * height / 1_000_000:.0f} megapixels), more than the "
                           f"{MAX_PIXELS // 1_000_000} megapixels that can be processed safely")
    # WeasyPrint sets LOAD_TRUNCATED_IMAGES = True when imported (a build, the preview):
    # a truncated photo would then load half grey. Here it must fail.
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
        with Image.open(io.BytesIO(data)) as img:
            img.load()
    except (OSError, SyntaxError, ValueError) as exc:
        reason = str(exc) or type(exc).__name__
        raise ImageProblem(f"the file is damaged or incomplete ({reason})") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return ImageInfo(width, height, fmt, mode)


SVG_ENTITY_RE = re.compile(rb"<!ENTITY", re.IGNORECASE)


def inspect_svg(path: Path, roots: tuple[Path, ...]) -> None:
    """Refuse an SVG that does not parse, declares entities, refers to files outside
    ``roots`` or to the network, or embeds rasters beyond the pixel limit (each embedded
    image, and all of them together, count against MAX_PIXELS)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageProblem(f"cannot read the file: {exc.strerror}") from None
    if size > MAX_IMAGE_BYTES:
        raise ImageProblem(f"file is {size // 1024 // 1024} MB, more than the "
                           f"{MAX_IMAGE_BYTES // 1024 // 1024} MB an image may be")
    data = path.read_bytes()
    if SVG_ENTITY_RE.search(data):
        raise ImageProblem("the SVG declares XML entities, which are not allowed")
    try:
        tree = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ImageProblem(f"the SVG is not valid XML: {exc}") from None
    total = 0
    for element in tree.iter():
        href = element.get(XLINK_HREF) or element.get("href")
        if not href or href.startswith("#"):
            continue
        if href.startswith("data:"):
            header, _, payload = href.partition(",")
            if not header.startswith("data:image/") or header.startswith("data:image/svg"):
                raise ImageProblem(f"the SVG embeds data of type '{header[5:]}'; "
                                   "only PNG and JPEG can be embedded")
            try:
                raw = (base64.b64decode(payload, validate=False) if header.endswith(";base64")
                       else unquote(payload).encode("latin-1"))
            except (binascii.Error, UnicodeEncodeError, ValueError):
                raise ImageProblem("the SVG embeds an image that cannot be decoded") from None
            info = _inspect_raster(raw)
        else:
            if urlsplit(href).scheme:
                raise ImageProblem(f"the SVG refers to '{href[:80]}'; an SVG may only use "
                                   "files inside the report folder")
            target = path.parent / unquote(href)
            if not is_confined(target, roots) or not target.is_file():
                raise ImageProblem(f"the SVG refers to '{href[:80]}', which is missing or "
                                   "outside the report folder")
            if target.suffix.lower() == ".svg":
                raise ImageProblem("an SVG may not include another SVG")
            info = inspect(target)
        total += info.width * info.height
        if total > MAX_PIXELS:
            raise ImageProblem(f"the images embedded in the SVG have more than "
                               f"{MAX_PIXELS // 1_000_000} megapixels together, more than "
                               "can be processed safely")


def target_pixels(width_mm: float, dpi: int) -> int:
    return round(width_mm / MM_PER_INCH * dpi)


def prepare(path: Path, width_px: int, cache_dir: Path | None = None) -> Path:
    """Return a file with at most ``width_px`` pixels across (never enlarged).

    Vector images and images already small enough are used as they are.
    """
    if path.suffix.lower() not in RASTER_SUFFIXES:
        return path
    cache_dir = cache_dir or paths.CACHE_DIR / "images"
    info = inspect(path)
    wide = info.mode in WIDE_MODES
    if info.width <= width_px and not wide:
        return path
    width_px = min(width_px, info.width)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    keep_png = info.format == "PNG" or wide
    target = cache_dir / f"{digest}-{width_px}{'-8bit' if wide else ''}." \
        f"{'png' if keep_png else 'jpg'}"
    if target.is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with Image.open(path) as img:
        img.load()
        source: Image.Image = img
        if wide:  # 16-bit grey (or float): scale to 8 bits instead of clipping at 255
            source = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
        height = round(info.height * width_px / info.width)
        resized = (source if width_px == info.width
                   else source.resize((width_px, height), Image.Resampling.LANCZOS))
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
