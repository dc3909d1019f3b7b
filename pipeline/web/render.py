"""The web edition: a report as one accessible, responsive HTML page.

``render_web`` takes the chapters exactly as the PDF stage rendered them
(:class:`pipeline.markdown.ChapterHTML`), transforms them for the screen
(:mod:`pipeline.web.transform`) and writes, under ``out_dir/SLUG/``::

    index.html          the whole report (one page: see docs/website.md for why)
    web/                its stylesheets, subset fonts (WOFF2), logo and images in sizes

Nothing on the page loads from outside that folder; all links are relative. The templates
are the layout's ``web/`` folder over the shared ``layouts/_web/``; the stylesheet is
``layouts/_brand/web.css`` on the brand tokens (``tokens.css``), so a colour changed in
the tokens changes the PDFs and the web edition alike.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from pipeline import danish
from pipeline.errors import BuildError, ReportError
from pipeline.html import chapter_levels, credit_name
from pipeline.layout import Layout, load_brand, template_error
from pipeline.markdown import ChapterHTML, ImageRef
from pipeline.model import Chapter, Kind, Report
from pipeline.paths import ASSETS_DIR, BRAND_DIR, CACHE_DIR, LAYOUTS_DIR
from pipeline.web.assets import (
    COVER_WIDTHS,
    FIGURE_WIDTHS,
    FONTS_DIR,
    WEB_FONTS,
    font_file_name,
    image_variants,
    subset_font,
)
from pipeline.web.transform import WebImage, note_html, transform_chapter

WEB_TEMPLATES = LAYOUTS_DIR / "_web"
WEB_STYLESHEET = BRAND_DIR / "web.css"
PAGE_NAME = "index.html"
ASSETS_NAME = "web"          # SLUG/web/: the page's own files
TEMPLATE_NAME = "index.html.j2"


@dataclass(frozen=True, slots=True)
class PdfLink:
    """A PDF edition the page links to: its label, path relative to the page, size."""

    label: str
    path: str
    bytes: int
    pages: int | None = None


@dataclass(slots=True)
class WebChapter:
    """One chapter as the web template sees it."""

    chapter: Chapter
    number: int | None
    level: int
    heading: int               # the chapter title's heading level (2 or 3)
    html: str
    notes: list[str] = field(default_factory=list)
    children: list[WebChapter] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class WebEdition:
    """What :func:`render_web` wrote."""

    folder: Path               # out_dir/SLUG
    page: Path                 # out_dir/SLUG/index.html
    files: tuple[Path, ...]    # every file written, the page first
    chapters: int
    footnotes: int
    tables: int
    figures: int

    @property
    def bytes(self) -> int:
        return sum(p.stat().st_size for p in self.files)


def _environment(layout: Layout) -> jinja2.Environment:
    dirs = [layout.folder / "web", layout.folder.parent / WEB_TEMPLATES.name]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs if d.is_dir()]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["dato"] = lambda d: danish.format_date(d) if isinstance(d, dt.date) else d
    env.filters["bytes"] = lambda n: danish.format_bytes(n).replace(" ", "\u00a0")
    return env


class _Files:
    """The files of the web folder, collected in memory and written at the end."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}
        self.copies: dict[str, Path] = {}

    def add_image(self, path: Path, widths: tuple[int, ...], cache_dir: Path) -> WebImage:
        variants = image_variants(path, widths, cache_dir)
        for v in variants:
            self.copies[f"img/{v.name}"] = v.source
        middle = variants[min(1, len(variants) - 1)]
        largest = variants[-1]
        srcset = ", ".join(f"{ASSETS_NAME}/img/{v.name} {v.width}w" for v in variants
                           if v.width)
        return WebImage(src=f"{ASSETS_NAME}/img/{middle.name}", srcset=srcset,
                        width=largest.width, height=largest.height)


def _image_path(report: Report, src: str) -> Path | None:
    root = report.root.resolve()
    path = (root / src).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def render_web(report: Report, layout: Layout, chapters: Sequence[ChapterHTML],
               out_dir: Path, pdf_files: Sequence[PdfLink] = (), *,
               home: str | None = None,
               cache_dir: Path = CACHE_DIR / "images") -> WebEdition:
    """Write ``out_dir/SLUG/index.html`` and ``out_dir/SLUG/web/`` (see the module doc).

    ``chapters`` are the report's chapters rendered by :func:`render_markdown` (in
    order); ``pdf_files`` the PDF editions to link to; ``home`` a relative link to the
    publication list, if there is one. Raises :class:`ReportError` for template mistakes.
    """
    if len(chapters) != len(report.chapters):
        raise ValueError("render_web needs one rendered body per chapter")
    meta = report.meta
    files = _Files()
    broken: list[ImageRef] = []

    def map_image(ref: ImageRef) -> WebImage:
        path = _image_path(report, ref.src)
        if path is None:
            broken.append(ref)
            return WebImage(src=ref.src, srcset="", width=0, height=0)
        return files.add_image(path, FIGURE_WIDTHS, cache_dir)

    levels = chapter_levels(report.chapters)
    headings = [2 if level == 1 else 3 for level in levels]  # h1 is the report title
    web_chapters: list[WebChapter] = []
    tops: list[WebChapter] = []
    credits: list[str] = []
    number = tables = footnotes = figures = 0
    for chapter, body, level, heading in zip(report.chapters, chapters, levels, headings,
                                             strict=True):
        if chapter.kind is not Kind.CASE:
            number += 1
        web = transform_chapter(body.html, slug=chapter.slug, title=chapter.title,
                                heading_shift=heading - 1, images=body.images,
                                image_mapper=map_image, table_start=tables)
        tables += web.tables
        footnotes += len(web.notes)
        figures += sum(1 for i in body.images if i.figure)
        item = WebChapter(chapter, number if chapter.kind is not Kind.CASE else None, level,
                          heading, web.html,
                          [note_html(n, chapter.slug, i) for i, n in enumerate(web.notes, 1)])
        web_chapters.append(item)
        if level == 1 or not tops:
            tops.append(item)
        else:
            tops[-1].children.append(item)
        credits.extend(c for c in map(credit_name, body.credits) if c not in credits)
    if broken:
        raise BuildError(f"{report.root}: images not found: "
                         + ", ".join(sorted({r.src for r in broken})))

    cover = None
    if meta.cover is not None:
        path = _image_path(report, meta.cover.image)
        if path is not None:
            cover = files.add_image(path, COVER_WIDTHS, cache_dir)
        if meta.cover.credit and credit_name(meta.cover.credit) not in credits:
            credits.insert(0, credit_name(meta.cover.credit))

    brand = load_brand(layout.brand_dir)
    env = _environment(layout)
    context = {
        "report": report, "meta": meta, "brand": brand, "layout": layout,
        "chapters": tops, "all_chapters": web_chapters, "credits": credits,
        "cover": cover, "pdfs": list(pdf_files), "home": home,
        "assets": ASSETS_NAME, "token_overrides": meta.tokens,
        "published": danish.format_date(meta.date) if meta.date else str(meta.year),
        "created": (meta.date or dt.date(meta.year, 1, 1)).isoformat(),
        "keywords": ", ".join(meta.themes),
    }
    try:
        page = env.get_template(TEMPLATE_NAME).render(context)
    except jinja2.TemplateError as exc:
        raise ReportError([template_error(exc)]) from None

    files.data["tokens.css"] = (layout.brand_dir / "tokens.css").read_bytes()
    files.data["web.css"] = (layout.brand_dir / WEB_STYLESHEET.name).read_bytes()
    for name in ("almennet-wordmark.svg", "almennet-wordmark-hvid.svg"):
        files.data[name] = (ASSETS_DIR / "logo" / name).read_bytes()
    for _family, _weight, _style, font in WEB_FONTS:
        files.data[f"fonts/{font_file_name(font)}"] = subset_font(FONTS_DIR / font, page)
    files.data["fonts/OFL-Lato.txt"] = (FONTS_DIR / "lato" / "OFL.txt").read_bytes()
    files.data["fonts/OFL-NotoSerif.txt"] = (FONTS_DIR / "noto-serif" / "OFL.txt").read_bytes()

    target = out_dir / report.slug
    written = _write_folder(target, page.encode("utf-8"), files)
    return WebEdition(folder=target, page=target / PAGE_NAME, files=tuple(written),
                      chapters=len(web_chapters), footnotes=footnotes, tables=tables,
                      figures=figures)


def _write_folder(target: Path, page: bytes, files: _Files) -> list[Path]:
    """Replace ``target/web/`` and ``target/index.html`` (each swapped in whole)."""
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target, prefix=".web-"))
    try:
        for name, data in sorted(files.data.items()):
            _put(staging / name, data)
        for name, source in sorted(files.copies.items()):
            _put(staging / name, source.read_bytes())
        for folder in sorted({p.parent for p in staging.rglob("*")} | {staging}):
            folder.chmod(0o755)
        old = target / ASSETS_NAME
        if old.exists():
            trash = Path(tempfile.mkdtemp(dir=target, prefix=".web-old-"))
            old.rename(trash / ASSETS_NAME)
            staging.rename(old)
            shutil.rmtree(trash)
        else:
            staging.rename(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    page_tmp = target / f".{PAGE_NAME}.{os.getpid()}.tmp"
    _put(page_tmp, page)
    page_tmp.replace(target / PAGE_NAME)
    assets = target / ASSETS_NAME
    return [target / PAGE_NAME, *sorted(p for p in assets.rglob("*") if p.is_file())]


def _put(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o644)
