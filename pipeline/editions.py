"""Editions: what one rendering of a report is for, as data.

Every edition goes through the same recipe (:func:`pipeline.recipe.render_report`); an
edition only says what differs: the resolution images are prepared at, the PDF variant,
bleed and crop marks, whether the PDF carries the report's date, the file name, and where
the HTML's relative links start from. A new edition is a new value here, not new code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

PRINT_DPI = 300
SCREEN_DPI = 150


class Medium(StrEnum):
    """What an edition is: a PDF laid out by WeasyPrint, or a web page."""

    PDF = "pdf"
    HTML = "html"


class Colour(StrEnum):
    """The colour space an edition's colours and images are in."""

    RGB = "rgb"     # screen and the standard build
    CMYK = "cmyk"   # the print edition: FOGRA39 (pipeline.printing, docs/print.md)


class LinkBase(StrEnum):
    """Where the rendered HTML's relative links (stylesheets, images) start from."""

    OUTPUT = "output"   # the folder the file is written to: ``--html`` opens in a browser
    REPORT = "report"   # the report folder: the HTML (and the PDF's identifier) does not
    #                     depend on where the publication folder is


@dataclass(frozen=True, slots=True)
class Edition:
    """Everything an edition differs in; the recipe reads nothing else."""

    name: str                          # also the body class ``edition-NAME`` in the HTML
    dpi: int                           # images are resized once to this at printed size
    file_name: str = "{slug}.pdf"      # the output's name in the report's output folder
    pdf_variant: str | None = "pdf/ua-1"
    bleed_mm: float = 0.0
    crop_marks: bool = False
    dated: bool = False                # PDF dates = the report's date (else the template's)
    link_base: LinkBase = LinkBase.OUTPUT
    medium: Medium = Medium.PDF
    colour: Colour = Colour.RGB        # CMYK: images and SVG fills converted with ``profile``
    profile: Path | None = None        # an ICC profile; None: the shipped FOGRA39 profile
    slug_mm: float = 0.0               # room for crop marks outside the bleed
    stylesheets: tuple[str, ...] = ()  # extra brand stylesheets (layouts/_brand/NAME)
    preflight: bool = False            # publish checks the file (pipeline.printing.preflight)
    description: str = ""

    def output_name(self, slug: str) -> str:
        return self.file_name.format(slug=slug)

    def stylesheet_paths(self) -> tuple[Path, ...]:
        from pipeline import paths

        return tuple(paths.BRAND_DIR / name for name in self.stylesheets)

    def colour_value(self, value: str) -> str:
        """A token value as this edition writes it: a ``#rrggbb`` colour becomes
        ``device-cmyk(...)`` (through the profile) in a CMYK edition, so a report's own
        accent colour reaches the print file in CMYK too."""
        if self.colour is not Colour.CMYK or not value.startswith("#"):
            return value
        from pipeline.printing.cmyk import hex_to_cmyk
        from pipeline.printing.profile import load_profile

        c, m, y, k = hex_to_cmyk(value, load_profile(self.profile))
        return f"device-cmyk({c:g} {m:g} {y:g} {k:g})"

    def prepare_image(self, path: Path, cache_dir: Path) -> Path:
        """An image as this edition prints it: converted to CMYK for a CMYK edition."""
        if self.colour is not Colour.CMYK:
            return path
        from pipeline.printing.cmyk import image_to_cmyk
        from pipeline.printing.profile import load_profile

        return image_to_cmyk(path, load_profile(self.profile), cache_dir.parent / "images-cmyk")


STANDARD = Edition("standard", PRINT_DPI, description="almen build: print-quality images")
SCREEN = Edition("screen", SCREEN_DPI, dated=True, link_base=LinkBase.REPORT,
                 description="publish: the website's download")
PRINT = Edition("print", PRINT_DPI, file_name="{slug}-tryk.pdf", pdf_variant="pdf/x-4",
                bleed_mm=3.0, crop_marks=True, slug_mm=10.0, dated=True,
                link_base=LinkBase.REPORT, colour=Colour.CMYK, stylesheets=("print.css",),
                preflight=True,
                description="publish: the print shop's file, PDF/X-4 in CMYK (docs/print.md)")

WEB = Edition("web", SCREEN_DPI, file_name="index.html", pdf_variant=None,
              link_base=LinkBase.REPORT, medium=Medium.HTML,
              description="publish and build --web: the accessible web page (pipeline.web)")

EDITIONS: dict[str, Edition] = {e.name: e for e in (STANDARD, SCREEN, PRINT, WEB)}

#: The PDFs ``almen publish`` writes for every report, in this order (then :data:`WEB`).
PUBLISHED_EDITIONS: tuple[Edition, ...] = (SCREEN, PRINT)
