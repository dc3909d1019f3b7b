"""The footnote fix applies to the pinned WeasyPrint (an upgrade must revisit it)."""

from __future__ import annotations

from weasyprint.layout import block

from pipeline import weasyfix


def test_footnote_fix_is_active_on_the_pinned_weasyprint() -> None:
    assert weasyfix.apply() is True
    assert block._linebox_layout.__code__.co_filename == block.__file__
    assert weasyfix.apply() is True  # idempotent
