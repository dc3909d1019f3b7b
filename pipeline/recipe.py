"""The recipe: one report folder -> one edition's PDF, as plain functions.

    check(folder)                          -> Checked        (load, validate, parse once)
    render_html(checked, edition, out_dir) -> RenderedHTML   (Markdown + Jinja2)
    render_pdf(rendered, checked, edition) -> RenderedPDF    (WeasyPrint)
    render_report(checked, edition, out)   =  the last two
    render_web(checked, out, pdf_links)    -> WebEdition     (the web edition, pipeline.web)

``almen build``, ``almen publish`` (once per edition) and ``almen preview`` all run these;
an edition (:mod:`pipeline.editions`) is data passed through, not another copy of the
recipe. Writing the files is the caller's job (:mod:`pipeline.atomic`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import html
from pipeline.check import Checked, valid_report
from pipeline.editions import Edition, LinkBase
from pipeline.model import Report
from pipeline.rendered import RenderedHTML

if TYPE_CHECKING:
    from pipeline.pdf import RenderedPDF
    from pipeline.web import PdfLink, WebEdition

__all__ = ["Checked", "check", "render_html", "render_pdf", "render_report", "render_web",
           "report_date"]


def check(folder: Path | str) -> Checked:
    """Load and validate a report folder, parsing each chapter once; raises ReportError
    with every finding (warnings are kept in the result)."""
    return valid_report(folder)


def base_dir(checked: Checked, edition: Edition, out_dir: Path | str) -> Path:
    """The folder the HTML's relative links start from (see :class:`LinkBase`)."""
    if edition.link_base is LinkBase.REPORT:
        return checked.report.root
    return Path(out_dir) / checked.report.slug


def render_html(checked: Checked, edition: Edition, out_dir: Path | str) -> RenderedHTML:
    """The edition's HTML document, from the chapters as the checks parsed them."""
    return html.render_html(checked.report, checked.layout,
                            base_dir(checked, edition, out_dir), edition=edition,
                            parsed=checked.chapters)


def report_date(report: Report) -> dt.date:
    """The date a dated edition carries: the publication date, else 1 January."""
    return report.meta.date or dt.date(report.meta.year, 1, 1)


def render_pdf(rendered: RenderedHTML, checked: Checked,
               edition: Edition) -> RenderedPDF:
    """Lay out and write the edition's PDF (imports WeasyPrint)."""
    from pipeline.pdf import render_pdf as weasyprint_pdf

    return weasyprint_pdf(rendered, edition=edition,
                          source_date=report_date(checked.report) if edition.dated else None)


def render_report(checked: Checked, edition: Edition, out_dir: Path | str) -> RenderedPDF:
    """The whole recipe after the checks: HTML, then the PDF."""
    return render_pdf(render_html(checked, edition, out_dir), checked, edition)


def render_web(checked: Checked, out_dir: Path | str, pdf_files: Sequence[PdfLink] = (), *,
               home: str | None = None) -> WebEdition:
    """The web edition (``out_dir/SLUG/index.html`` and its assets) from the chapters as
    the checks parsed them: the same tokens the PDFs are rendered from."""
    from pipeline.web import render_web as write_web
    from pipeline.web.build import render_chapters

    chapters = render_chapters(checked.report, checked.chapters)
    return write_web(checked.report, checked.layout, chapters, Path(out_dir), pdf_files,
                     home=home)
