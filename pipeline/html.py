"""Stage 3: a :class:`Report` and its :class:`Layout` -> one HTML document.

The HTML uses relative links (to stylesheets, fonts, images) computed from the folder the
HTML is written to, so the very same string renders in memory, opens in a browser, and
renders to the same PDF with the plain ``weasyprint`` command.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2

from pipeline import danish, paths
from pipeline.editions import STANDARD, Edition
from pipeline.errors import Diagnostics, ReportError, Severity, error
from pipeline.images import ImageProblem, prepare, target_pixels
from pipeline.layout import Layout, load_brand, template_error
from pipeline.markdown import CREDIT_RE, ChapterHTML, ParsedChapter, parse_chapter, render_parsed
from pipeline.model import Chapter, Kind, Report
from pipeline.references import check_image
from pipeline.rendered import RenderedHTML


@dataclass(frozen=True, slots=True)
class TocEntry:
    title: str
    anchor: str
    kind: str
    level: int  # 1: chapter/meeting, 2: case grouped under the preceding chapter


@dataclass(slots=True)
class RenderedChapter:
    chapter: Chapter
    body: ChapterHTML
    number: int | None
    level: int


def url_for(path: Path, base_dir: Path) -> str:
    """A relative URL from ``base_dir`` to ``path`` (forward slashes, percent-encoded)."""
    rel = os.path.relpath(path.resolve(), base_dir.resolve())
    return quote(rel.replace(os.sep, "/"))


def _environment(layout: Layout) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in layout.template_dirs]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True)
    env.filters["dato"] = lambda d: danish.format_date(d) if isinstance(d, dt.date) else d
    env.filters["tal"] = danish.format_int
    return env


def credit_name(credit: str) -> str:
    """``Foto: Jens Hansen`` -> ``Jens Hansen``: the colophon has its own label."""
    return CREDIT_RE.sub("", credit, count=1).strip()


def chapter_levels(chapters: tuple[Chapter, ...]) -> list[int]:
    """Cases that follow a chapter are grouped under it (e.g. the example collection)."""
    levels, under_chapter = [], False
    for chapter in chapters:
        if chapter.kind is Kind.CASE:
            levels.append(2 if under_chapter else 1)
        else:
            under_chapter = chapter.kind is Kind.CHAPTER
            levels.append(1)
    return levels


def chapter_link_resolver(report: Report) -> Callable[[str], str]:
    """``02-moede.md`` (optionally ``#anchor``) links to that chapter's section, in the PDF
    and on the web page alike; other links are left as they are."""
    slugs = {c.path.name: c.slug for c in report.chapters}

    def chapter_links(href: str) -> str:
        name, _, fragment = href.partition("#")
        if name in slugs:
            return f"#{slugs[name]}-{fragment}" if fragment else f"#{slugs[name]}"
        return href

    return chapter_links


def parse_chapters(report: Report) -> tuple[ParsedChapter, ...]:
    """Every chapter's Markdown parsed, once (in the report's order)."""
    return tuple(parse_chapter(c.body, id_prefix=c.slug, allow_html=report.meta.allow_html)
                 for c in report.chapters)


def render_html(report: Report, layout: Layout, base_dir: Path, *,
                edition: Edition = STANDARD,
                parsed: tuple[ParsedChapter, ...] | None = None,
                cache_dir: Path | None = None) -> RenderedHTML:
    """Render the whole report to one HTML document whose links are relative to base_dir.

    ``parsed``: the chapters as the checks parsed them (:func:`parse_chapters`); parsed
    here when not given."""
    diags = Diagnostics()
    dpi = edition.dpi
    cache_dir = cache_dir or paths.CACHE_DIR / "images"

    def image_url(src: str, source: Path, width_mm: float, line: int | None = None,
                  column: int | None = None) -> str:
        path, found = check_image(report.root, src, source, line, column)
        diags.extend([d for d in found if d.severity is Severity.ERROR])
        if path is None:
            return ""
        try:
            prepared = prepare(path, target_pixels(width_mm, dpi), cache_dir)
            prepared = edition.prepare_image(prepared, cache_dir)
        except ImageProblem as exc:
            diags.add(error(source, line, column, "bad-image", f"image '{src}': {exc}"))
            return ""
        return url_for(prepared, base_dir)

    chapter_links = chapter_link_resolver(report)
    rendered: list[RenderedChapter] = []
    toc: list[TocEntry] = []
    number = 0
    credits: list[str] = []
    if parsed is None:
        parsed = parse_chapters(report)
    for chapter, level, tokens in zip(report.chapters, chapter_levels(report.chapters),
                                      parsed, strict=True):
        def resolve(src: str, body_line: int, chapter: Chapter = chapter) -> str:
            line, column = chapter.locate(body_line, src, start="![")
            return image_url(src, chapter.path, layout.figure_width_mm, line, column)

        body = render_parsed(tokens, resolve_image=resolve, resolve_link=chapter_links)
        if chapter.kind is not Kind.CASE:
            number += 1
        rendered.append(RenderedChapter(chapter, body,
                                        number if chapter.kind is not Kind.CASE else None,
                                        level))
        toc.append(TocEntry(chapter.title, chapter.slug, chapter.kind.value, level))
        credits.extend(c for c in map(credit_name, body.credits) if c not in credits)

    meta = report.meta
    cover_url = None
    if meta.cover is not None:
        cover_url = image_url(meta.cover.image, report.config_path, layout.cover_width_mm)
        if meta.cover.credit and credit_name(meta.cover.credit) not in credits:
            credits.insert(0, credit_name(meta.cover.credit))
    if diags.errors:
        raise ReportError(diags.items)

    toc_tree: list[dict[str, object]] = []
    for item in rendered:
        if item.level == 1 or not toc_tree:
            toc_tree.append({"entry": item, "children": []})
        else:
            children = toc_tree[-1]["children"]
            assert isinstance(children, list)
            children.append(item)

    env = _environment(layout)
    logos = paths.ASSETS_DIR / "logo"
    try:
        template = env.get_template(layout.template)
        html = template.render(
            report=report, meta=meta, chapters=rendered, toc=toc, toc_tree=toc_tree,
            credits=credits, brand=load_brand(layout.brand_dir), layout=layout,
            cover_url=cover_url,
            stylesheets=[url_for(p, base_dir)
                         for p in (*layout.stylesheets, *edition.stylesheet_paths())],
            logo_url=url_for(edition.prepare_image(logos / "almennet-wordmark.svg",
                                                   cache_dir), base_dir),
            logo_white_url=url_for(edition.prepare_image(logos / "almennet-wordmark-hvid.svg",
                                                         cache_dir), base_dir),
            published=danish.format_date(meta.date) if meta.date else str(meta.year),
            created=(meta.date or dt.date(meta.year, 1, 1)).isoformat(),
            keywords=", ".join(meta.themes),
            edition=edition,
            token_overrides=[(name, edition.colour_value(value)) for name, value in meta.tokens],
        )
    except jinja2.TemplateError as exc:  # a designer's mistake: point at template and line
        raise ReportError([template_error(exc)]) from None
    roots = (report.root, *layout.roots, paths.ASSETS_DIR, cache_dir,
             cache_dir.parent / "images-cmyk")
    return RenderedHTML(html=html, base_dir=base_dir, allowed_roots=roots, title=meta.title,
                        credits=credits, chapters=rendered)
