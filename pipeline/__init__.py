"""AlmenRapport: the publication pipeline for AlmenNet's reports.

The stages, each a plain function from one typed value to the next::

    load.load_report(folder)              -> model.Report
    markdown.render_chapter(chapter)      -> markdown.ChapterHTML
    html.render_html(report, layout, ...) -> html.RenderedHTML
    pdf.render_pdf(rendered)              -> pdf.RenderedPDF
    build.build(folder, out)              -> build.BuildResult   (runs them all)

The command line (``almen``, see :mod:`pipeline.cli`) is a thin layer over this API.
"""

from pipeline.builder import BuildResult, build, discover_reports
from pipeline.errors import BuildError, Diagnostic, PipelineError, ReportError
from pipeline.load import load_report

__version__ = "0.1.0"

__all__ = [
    "BuildError",
    "BuildResult",
    "Diagnostic",
    "PipelineError",
    "ReportError",
    "__version__",
    "build",
    "discover_reports",
    "load_report",
]
