"""Layouts: a folder ``layouts/NAME/`` with a ``layout.yaml`` manifest, Jinja2 templates
and stylesheets built on the shared brand tokens in ``layouts/_brand/``.

The package's rooms, each with one job:

* :mod:`~pipeline.layout.manifest`: ``layout.yaml`` validated into a :class:`Layout`,
* :mod:`~pipeline.layout.templates`: the template's syntax and blocks, located render errors,
* :mod:`~pipeline.layout.css`: the CSS lint (colours only as tokens, only brand fonts),
* :mod:`~pipeline.layout.fonts`: the brand's font families and a manifest's ``fonts``,
* :mod:`~pipeline.layout.brand`: the publisher details in ``_brand/brand.yaml``.

Every problem is reported at once with its file and line, like the rest of the pipeline.
docs/designer.md explains the system.
"""

from pipeline.layout.brand import load_brand
from pipeline.layout.css import defined_tokens, lint_stylesheet
from pipeline.layout.fonts import brand_font_families
from pipeline.layout.manifest import MANIFEST_NAME, Layout, load_layout
from pipeline.layout.templates import BASE_TEMPLATE, check_template, template_error

__all__ = [
    "BASE_TEMPLATE",
    "MANIFEST_NAME",
    "Layout",
    "brand_font_families",
    "check_template",
    "defined_tokens",
    "lint_stylesheet",
    "load_brand",
    "load_layout",
    "template_error",
]
