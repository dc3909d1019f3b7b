"""``almen build --web``: the web edition of one report into ``dist/SLUG/``."""

from __future__ import annotations

from pathlib import Path

from pipeline.layout import load_layout
from pipeline.markdown import ChapterHTML, render_markdown
from pipeline.model import Report
from pipeline.web.render import PdfLink, WebEdition, render_web


def render_chapters(report: Report) -> list[ChapterHTML]:
    """Every chapter's Markdown as the PDF stage renders it (links between chapter files
    become links to the chapter's section on the page)."""
    slugs = {c.path.name: c.slug for c in report.chapters}

    def chapter_links(href: str) -> str:
        name, _, fragment = href.partition("#")
        if name in slugs:
            return f"#{slugs[name]}-{fragment}" if fragment else f"#{slugs[name]}"
        return href

    return [render_markdown(c.body, id_prefix=c.slug, allow_html=report.meta.allow_html,
                            resolve_link=chapter_links) for c in report.chapters]


def build_web(report_dir: Path | str, out_dir: Path | str = "dist") -> WebEdition:
    """Check the report, then write ``out_dir/SLUG/index.html`` and its ``web/`` folder.
    PDF editions already in ``out_dir/SLUG/`` (``SLUG.pdf``) are linked from the page."""
    from pipeline.check import valid_report

    report, _warnings = valid_report(report_dir)
    layout = load_layout(report.meta.layout)
    out = Path(out_dir)
    pdfs = []
    screen = out / report.slug / f"{report.slug}.pdf"
    if screen.is_file():
        pdfs.append(PdfLink("Hent rapporten", screen.name, screen.stat().st_size))
    return render_web(report, layout, render_chapters(report), out, pdfs)
