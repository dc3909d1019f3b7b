"""A targeted fix for WeasyPrint 70's footnote placement.

When the first lines of a paragraph do not fit at the foot of a page, WeasyPrint first
tries to make room by moving *earlier* footnotes of that page to the next page
(``weasyprint/layout/block.py``, ``_linebox_layout``: ``report = not context.in_column
and can_break_now and not could_break_before``). The paragraph then stays, and a footnote
lands a page after its call, which AlmenNet's layout forbids ("footnotes at the foot of
their page"). We switch that attempt off, so WeasyPrint breaks the page before the
paragraph as it does when there are no footnotes. The patch is applied to the pinned
WeasyPrint version only; ``tests/test_sample_pdf.py`` checks every footnote's page.

Note: the HTML written by ``almen build --html`` renders identically with the plain
``weasyprint`` command except where this fix moves a page break.
"""

from __future__ import annotations

import inspect
import textwrap

ORIGINAL = "report = not context.in_column and can_break_now and not could_break_before"
PATCHED = "report = False  # pipeline.weasyfix: keep footnotes on their call's page"
_applied = False


def apply() -> bool:
    """Patch once; return True when the fix is active."""
    global _applied
    if _applied:
        return True
    import weasyprint
    from weasyprint.layout import block

    if weasyprint.__version__ != "70.0":
        return False
    source = textwrap.dedent(inspect.getsource(block._linebox_layout))
    if ORIGINAL not in source:
        return False
    namespace = vars(block)
    code = compile(source.replace(ORIGINAL, PATCHED), block.__file__, "exec")
    exec(code, namespace)  # redefines _linebox_layout in WeasyPrint's own module
    _applied = True
    return True
