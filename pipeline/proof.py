"""Proofs: every page of a built PDF as a PNG, plus one contact sheet of all pages in spreads.

``almen proof`` writes ``dist/SLUG/proof/side-01.png`` … and ``kontaktark.png``. The contact
sheet shows the report as it is read in print: the cover alone on the right, then 2|3,
4|5, …, and an even last page alone on the left. The proof folder is replaced as a whole
(written to a temporary folder beside it, then swapped in), so pages from an earlier,
longer version never linger.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pipeline import paths
from pipeline.settings import PROOF_DPI

POINTS_PER_INCH = 72
DEFAULT_PROOF_DPI = PROOF_DPI
PAGE_NAME = "side-{:02d}.png"
SHEET_NAME = "kontaktark.png"


def page_name(number: int) -> str:
    """``side-01.png`` for page 1 (1-based)."""
    return PAGE_NAME.format(number)


# --- rendering --------------------------------------------------------------------------

def iter_pages(pdf: Path | bytes, dpi: int) -> Iterator[Image.Image]:
    """Render each page of ``pdf`` (a path or the PDF's bytes) as an RGB image at ``dpi``."""
    import pypdfium2 as pdfium  # imported lazily: only the proof and diff commands need it

    if dpi < 10 or dpi > 600:
        raise ValueError(f"dpi must be between 10 and 600, not {dpi}")
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / POINTS_PER_INCH)
                image = bitmap.to_pil().convert("RGB")
                bitmap.close()
            finally:
                page.close()
            yield image
    finally:
        document.close()


def render_pages(pdf: Path | bytes, dpi: int) -> list[Image.Image]:
    return list(iter_pages(pdf, dpi))


# --- writing a folder as a whole ---------------------------------------------------------

@contextlib.contextmanager
def replacing_dir(target: Path) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``target``; on success it replaces ``target``.

    On an exception the temporary folder is removed and ``target`` is left as it was. The
    swap is two renames (old out of the way, new into place), so ``target`` is missing for
    only a moment and never holds a mix of old and new files.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-new-"))
    try:
        yield tmp
        os.chmod(tmp, 0o755)
        old = target.parent / f".{target.name}-old-{uuid.uuid4().hex[:8]}"
        had_old = target.exists()
        if had_old:
            os.replace(target, old)
        try:
            os.replace(tmp, target)
        except BaseException:
            if had_old:
                os.replace(old, target)
            raise
        if had_old:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def save_png(image: Image.Image, path: Path, *, optimize: bool = False) -> None:
    image.save(path, "PNG", optimize=optimize)


# --- the contact sheet -------------------------------------------------------------------

SHEET_BACKGROUND = (150, 150, 150)   # neutral grey, so white pages stand out
SHEET_TEXT = (25, 25, 25)
SHEET_PAGE_EDGE = (110, 110, 110)


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """Geometry of the contact sheet, in pixels."""

    thumb_width: int = 160
    spreads_per_row: int = 4
    margin: int = 36          # around the whole sheet
    spread_gap: int = 36      # between two spreads on a row
    row_gap: int = 18         # between a row's page numbers and the next row
    label_height: int = 24    # room for the page number under each page
    font_size: int = 14

    def thumb_height(self, aspect: float) -> int:
        """``aspect`` is page height / page width."""
        return round(self.thumb_width * aspect)

    def rows(self, pages: int) -> int:
        return -(-len(spread_slots(pages)) // self.spreads_per_row)

    def columns(self, pages: int) -> int:
        return min(self.spreads_per_row, len(spread_slots(pages)))

    def size(self, pages: int, aspect: float) -> tuple[int, int]:
        columns, rows = self.columns(pages), self.rows(pages)
        width = 2 * self.margin + columns * 2 * self.thumb_width + (columns - 1) * self.spread_gap
        height = (2 * self.margin + rows * (self.thumb_height(aspect) + self.label_height)
                  + (rows - 1) * self.row_gap)
        return width, height

    def slot_origin(self, spread: int, side: int, aspect: float) -> tuple[int, int]:
        """Top-left corner of the page slot ``side`` (0 left, 1 right) of spread ``spread``."""
        row, column = divmod(spread, self.spreads_per_row)
        x = self.margin + column * (2 * self.thumb_width + self.spread_gap) + side * \
            self.thumb_width
        y = self.margin + row * (self.thumb_height(aspect) + self.label_height + self.row_gap)
        return x, y


def spread_slots(pages: int) -> list[tuple[int | None, int | None]]:
    """Spreads as (left, right) page numbers: (None, 1), (2, 3), …, (n, None) if n is even."""
    if pages < 1:
        return []
    spreads: list[tuple[int | None, int | None]] = [(None, 1)]
    for left in range(2, pages + 1, 2):
        spreads.append((left, left + 1 if left + 1 <= pages else None))
    return spreads


@lru_cache(maxsize=4)
def label_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The brand's sans (Lato) for labels; Pillow's own font if it is missing."""
    path = paths.ASSETS_DIR / "fonts" / "lato" / "Lato-Regular.ttf"
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size)


def contact_sheet(pages: list[Image.Image], layout: SheetLayout = SheetLayout(), *,
                  aspect: float | None = None) -> Image.Image:
    """All ``pages`` as thumbnails in spreads, with the page number under each page.

    ``aspect`` (height / width) sets the slot size; by default the first page's.
    """
    if not pages:
        raise ValueError("a contact sheet needs at least one page")
    if aspect is None:
        aspect = pages[0].height / pages[0].width
    thumb_w, thumb_h = layout.thumb_width, layout.thumb_height(aspect)
    sheet = Image.new("RGB", layout.size(len(pages), aspect), SHEET_BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = label_font(layout.font_size)
    for spread, slots in enumerate(spread_slots(len(pages))):
        for side, number in enumerate(slots):
            if number is None:
                continue
            x, y = layout.slot_origin(spread, side, aspect)
            thumb = pages[number - 1].copy()
            thumb.thumbnail((thumb_w, thumb_h), Image.Resampling.LANCZOS, reducing_gap=3.0)
            # a page of another size sits centred in its slot
            px, py = x + (thumb_w - thumb.width) // 2, y + (thumb_h - thumb.height) // 2
            sheet.paste(thumb, (px, py))
            draw.rectangle((px - 1, py - 1, px + thumb.width, py + thumb.height),
                           outline=SHEET_PAGE_EDGE)
            draw.text((x + thumb_w // 2, y + thumb_h + layout.label_height // 2), str(number),
                      fill=SHEET_TEXT, font=font, anchor="mm")
    return sheet


# --- the whole proof ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ProofResult:
    folder: Path
    pages: tuple[Path, ...]
    sheet: Path
    page_size: tuple[int, int]
    sheet_size: tuple[int, int]


def write_proof(pdf: Path, folder: Path, *, dpi: int = DEFAULT_PROOF_DPI,
                layout: SheetLayout = SheetLayout()) -> ProofResult:
    """Write ``folder/side-NN.png`` for every page of ``pdf`` and ``folder/kontaktark.png``.

    ``folder`` is replaced as a whole: afterwards it holds exactly this proof.
    """
    with replacing_dir(folder) as tmp:
        thumbs: list[Image.Image] = []
        page_size = (0, 0)
        for number, image in enumerate(iter_pages(pdf, dpi), 1):
            save_png(image, tmp / page_name(number))
            if number == 1:
                page_size = image.size
            # keep only a small copy for the sheet, not every full page in memory
            image.thumbnail((layout.thumb_width * 2, layout.thumb_width * 4),
                            Image.Resampling.LANCZOS, reducing_gap=3.0)
            thumbs.append(image)
        if not thumbs:
            raise ValueError(f"{pdf} has no pages")
        sheet = contact_sheet(thumbs, layout, aspect=page_size[1] / page_size[0])
        save_png(sheet, tmp / SHEET_NAME, optimize=False)
        names = [page_name(n) for n in range(1, len(thumbs) + 1)]
    return ProofResult(folder=folder, pages=tuple(folder / n for n in names),
                       sheet=folder / SHEET_NAME, page_size=page_size, sheet_size=sheet.size)
