"""``almen build --web``: the web edition of one report into ``dist/SLUG/``."""

from __future__ import annotations

from pathlib import Path

from pipeline import recipe
from pipeline.html import chapter_link_resolver, parse_chapters
from pipeline.markdown import ChapterHTML, ParsedChapter, render_parsed
from pipeline.model import Report
from pipeline.web.render import PdfLink, WebEdition


def render_chapters(report: Report,
                    parsed: tuple[ParsedChapter, ...] | None = None) -> list[ChapterHTML]:
    """Every chapter as the PDF stage renders it, from the tokens the checks parsed (links
    between chapter files become links to the chapter's section on the page)."""
    links = chapter_link_resolver(report)
    return [render_parsed(tokens, resolve_link=links)
            for tokens in (parsed if parsed is not None else parse_chapters(report))]


def build_web(report_dir: Path | str, out_dir: Path | str | None = None) -> WebEdition:
    """Check the report, then write ``out_dir/SLUG/index.html`` and its ``web/`` folder
    (``out_dir`` defaults to ``dist/`` in the project folder). PDF editions already in
    ``out_dir/SLUG/`` (``SLUG.pdf``) are linked from the page."""
    from pipeline import paths
    from pipeline.settings import BUILD_DIR

    checked = recipe.check(report_dir)
    out = paths.out_dir(out_dir, BUILD_DIR)
    pdfs = []
    screen = out / checked.report.slug / f"{checked.report.slug}.pdf"
    if screen.is_file():
        pdfs.append(PdfLink("Hent rapporten", screen.name, screen.stat().st_size))
    return recipe.render_web(checked, out, pdfs)
