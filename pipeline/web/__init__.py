"""The web edition of a report: one accessible HTML page from the same source as the PDFs.

    render_web(report, layout, chapters, out_dir, pdf_files) -> WebEdition   (render.py)
    build_web(report_dir, out_dir)                           -> WebEdition   (build.py)
    check_web(pages)                                         -> [violations] (check.py)

See docs/website.md for what the page contains and how it is checked.
"""

from pipeline.web.build import build_web
from pipeline.web.render import PdfLink, WebEdition, render_web

__all__ = ["PdfLink", "WebEdition", "build_web", "render_web"]
