"""Stage 4: HTML -> PDF bytes, with WeasyPrint.

The PDF is tagged (``pdf/ua-1``), carries title, author, subject, keywords and language
from the HTML head, and uses only fonts the stylesheets load. Any resource that cannot be
loaded, or any warning WeasyPrint logs about one, fails the build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.editions import STANDARD, Edition
from pipeline.errors import BuildError
from pipeline.fetcher import make_fetcher
from pipeline.rendered import RenderedHTML

PDF_VARIANT = STANDARD.pdf_variant  # what write_document writes unless told


@dataclass(frozen=True, slots=True)
class RenderedPDF:
    data: bytes
    pages: int


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _tag_links(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: every link annotation's structure element becomes a Link.

    WeasyPrint gives an inline element inside ``<a>`` (``<span>``, ``<em>``) a link
    annotation of its own but tags it as Span/NonStruct, which breaks PDF/UA-1 ("a link
    annotation is nested within a Link structure element"). The element is part of the
    link, so it is tagged as a (nested) Link.
    """
    def resolve(reference: Any) -> Any:
        if isinstance(reference, bytes) and reference.endswith(b" R"):
            return pdf.objects[int(reference.split()[0])]
        return reference

    for obj in pdf.objects:
        if not (isinstance(obj, dict) and obj.get("Type") == "/StructElem"
                and obj.get("S") != "/Link"):
            continue
        for kid in obj.get("K", ()):
            kid = resolve(kid)
            if (isinstance(kid, dict) and kid.get("Type") == "/OBJR"
                    and resolve(kid.get("Obj")).get("Subtype") == "/Link"):
                obj["S"] = "/Link"
                break


@contextlib.contextmanager
def weasyprint_guard(roots: tuple[Path, ...]) -> Iterator[Any]:
    """Run WeasyPrint with our confined URL fetcher (yielded) and turn every problem into
    a BuildError: a refused or missing resource, too deep nesting, and any warning
    WeasyPrint logs (it only logs unloadable fonts, images and stylesheets)."""
    from weasyprint.urls import FatalURLFetchingError

    from pipeline import weasyfix

    weasyfix.apply()
    fetcher = make_fetcher(roots)
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield fetcher
    except FatalURLFetchingError as exc:
        raise BuildError(f"cannot load a resource: {exc}") from None
    except RecursionError:
        raise BuildError("the document is nested too deeply to lay out") from None
    finally:
        logger.removeHandler(collector)
    if fetcher.refused:
        raise BuildError("cannot load a resource: " + "; ".join(fetcher.refused))
    if collector.messages:
        raise BuildError("WeasyPrint reported problems:\n  " + "\n  ".join(collector.messages))


def layout_document(html: str, rendered: RenderedHTML, *,
                    cache: dict[str, Any] | None = None) -> Any:
    """Lay out ``html`` (the report's HTML or a part of it) into a WeasyPrint Document.

    ``cache``: WeasyPrint's image cache, kept by a long-running caller (the preview) so
    images are decoded once across renders."""
    import weasyprint

    with weasyprint_guard(rendered.allowed_roots) as fetcher:
        return weasyprint.HTML(string=html, base_url=str(rendered.base_dir.resolve()) + "/",
                               url_fetcher=fetcher).render(cache=cache)


def write_document(document: Any, html: str, roots: tuple[Path, ...], *,
                   variant: str | None = PDF_VARIANT,
                   source_date: dt.date | None = None) -> bytes:
    """Write a laid-out Document as tagged PDF bytes, identified by its HTML."""
    # A stable identifier: the same sources give the same file.
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    with weasyprint_guard(roots):
        if source_date is not None:
            document.metadata.created = document.metadata.modified = source_date.isoformat()
        # Tagged whatever the variant: PDF/UA implies it, and the print edition's PDF/X
        # keeps its structure (headings, figures with alt text) too.
        data: bytes = document.write_pdf(pdf_variant=variant, pdf_identifier=identifier,
                                         pdf_tags=True, finisher=_tag_links)
        return data


def finish_for_print(data: bytes, edition: Edition) -> bytes:
    """The print shop's file: boxes with a slug, crop marks, FOGRA39 output intent and
    stable identifiers (:mod:`pipeline.printing.postprocess`); other editions unchanged."""
    if edition.colour != "cmyk":
        return data
    from pipeline.printing.postprocess import PrintSettings, finish_print_pdf
    from pipeline.printing.profile import load_profile

    settings = PrintSettings(bleed_mm=edition.bleed_mm, slug_mm=edition.slug_mm,
                             marks=edition.crop_marks)
    return finish_print_pdf(data, load_profile(edition.profile), settings)


def render_pdf(rendered: RenderedHTML, *, edition: Edition = STANDARD,
               source_date: dt.date | None = None) -> RenderedPDF:
    """Lay out and write the PDF. Raises BuildError on any resource or layout problem.

    ``source_date`` (e.g. the report's publication date) becomes the PDF's creation and
    modification date, whatever the template says; WeasyPrint then never falls back to
    the clock (it does for PDF/X without dates), so the same sources give the same bytes.
    The ``edition`` gives the PDF variant; a CMYK edition (the print edition) is finished
    by :func:`finish_for_print`.
    """
    document = layout_document(rendered.html, rendered)
    data = write_document(document, rendered.html, rendered.allowed_roots,
                          variant=edition.pdf_variant, source_date=source_date)
    data = finish_for_print(data, edition)
    return RenderedPDF(data=data, pages=len(document.pages))
