"""AlmenRapport: the publication pipeline for AlmenNet's reports.

The Python API (what the command line, the tests and the website's build call)::

    import pipeline

    report = pipeline.load_report("reports/vaerdiskabende-gentagelser")   # -> Report
    result = pipeline.check_report("reports/vaerdiskabende-gentagelser")  # -> CheckResult
    built = pipeline.build("reports/vaerdiskabende-gentagelser")          # -> BuildResult
    site = pipeline.publish(pipeline.discover_reports(), "public")       # -> PublishResult

The recipe behind them (:mod:`pipeline.recipe`), each a plain function from one typed
value to the next, the same for every edition (:mod:`pipeline.editions`)::

    recipe.check(folder)                          -> Checked       (load, validate, parse once)
    recipe.render_html(checked, edition, out)     -> RenderedHTML  (Markdown + Jinja2)
    recipe.render_pdf(rendered, checked, edition) -> RenderedPDF   (WeasyPrint)
    recipe.render_web(checked, out, pdf_links)    -> WebEdition    (the web edition)

The project folder is found as :mod:`pipeline.paths` describes (``--project``,
``ALMEN_ROOT``, or the nearest folder with ``reports/`` and ``layouts/``); every default is
in :mod:`pipeline.settings`. Names are imported on first use, so ``import pipeline`` is
cheap and never imports WeasyPrint.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_report": "pipeline.load",
    "check_report": "pipeline.check",
    "CheckResult": "pipeline.check",
    "build": "pipeline.builder",
    "BuildResult": "pipeline.builder",
    "discover_reports": "pipeline.builder",
    "publish": "pipeline.publishing",
    "PublishResult": "pipeline.publishing",
    "Edition": "pipeline.editions",
    "EDITIONS": "pipeline.editions",
    "BuildError": "pipeline.errors",
    "Diagnostic": "pipeline.errors",
    "PipelineError": "pipeline.errors",
    "ReportError": "pipeline.errors",
}

__all__ = [
    "EDITIONS", "BuildError", "BuildResult", "CheckResult", "Diagnostic", "Edition",
    "PipelineError", "PublishResult", "ReportError", "__version__", "build", "check_report",
    "discover_reports", "load_report", "publish",
]

if TYPE_CHECKING:
    from pipeline.builder import BuildResult, build, discover_reports
    from pipeline.check import CheckResult, check_report
    from pipeline.editions import EDITIONS, Edition
    from pipeline.errors import BuildError, Diagnostic, PipelineError, ReportError
    from pipeline.load import load_report
    from pipeline.publishing import PublishResult, publish


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline' has no attribute '{name}'")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
