"""One report's publication: every edition through the recipe, the covers, its catalogue entry."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

from pipeline import recipe
from pipeline.atomic import writing
from pipeline.builder import fingerprint
from pipeline.editions import PRINT, PUBLISHED_EDITIONS, SCREEN, WEB, Edition
from pipeline.errors import BuildError, Diagnostic
from pipeline.printing.preflight import check_print_file
from pipeline.publishing.model import (
    BUILD_STAMP_NAME,
    COVER_WIDTH_PX,
    INDEX_NAME,
    MEDIA_TYPES,
    THUMBNAIL_WIDTH_PX,
    Progress,
    Publication,
    PublishedFile,
    _write,
    sha256_file,
)
from pipeline.slugs import check_slug, suggest_slug
from pipeline.web import PdfLink

__all__ = ["check_slug", "publish_report", "render_cover_png", "suggest_slug"]


def render_cover_png(pdf_data: bytes, width_px: int) -> tuple[bytes, int, int]:
    """Page 1 of a PDF as a PNG ``width_px`` wide (rendered at 2x, then downsampled)."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(pdf_data)
    try:
        page = document[0]
        try:
            scale = 2 * width_px / page.get_width()
            bitmap = page.render(scale=scale)
            try:
                image = bitmap.to_pil().convert("RGB")
            finally:
                bitmap.close()
        finally:
            page.close()
    finally:
        document.close()
    height_px = round(image.height * width_px / image.width)
    image = image.resize((width_px, height_px), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue(), width_px, height_px


def _file_entry(root: Path, path: Path, role: str, width: int | None = None,
                height: int | None = None) -> PublishedFile:
    return PublishedFile(role=role, path=path.relative_to(root).as_posix(),
                         bytes=path.stat().st_size, sha256=sha256_file(path),
                         media_type=MEDIA_TYPES[path.suffix.lower()], width=width,
                         height=height)


def published_editions(print_profile: Path | None = None) -> tuple[Edition, ...]:
    """The PDF editions publish writes; ``print_profile``: the print shop's own ICC
    profile for the print edition instead of the shipped FOGRA39 one (docs/print.md)."""
    if print_profile is None:
        return PUBLISHED_EDITIONS
    return tuple(replace(e, profile=Path(print_profile).absolute()) if e is PRINT else e
                 for e in PUBLISHED_EDITIONS)


def publish_stamp(report_dir: Path,
                  editions: tuple[Edition, ...] = PUBLISHED_EDITIONS) -> str:
    """The fingerprint of everything one report's publication is built from."""
    profiles = [sha256_file(e.profile) for e in editions if e.profile is not None]
    return fingerprint(report_dir, {"publish": [e.name for e in editions],
                                    "profiles": profiles,
                                    "cover": [COVER_WIDTH_PX, THUMBNAIL_WIDTH_PX]})


def publish_report(report_dir: Path, root: Path, *, progress: Progress | None = None,
                   stamp: str | None = None,
                   editions: tuple[Edition, ...] = PUBLISHED_EDITIONS,
                   ) -> tuple[Publication, list[Diagnostic]]:
    """Build one report into ``root/SLUG/`` and return its catalogue entry (and warnings).

    Every edition in :data:`PUBLISHED_EDITIONS` goes through the same recipe; links are
    relative to the report folder (``LinkBase.REPORT``), so the HTML (and with it each
    PDF's identifier) does not depend on where the publication folder is. Raises a
    :class:`PipelineError` when the report cannot be built.
    """
    say = progress or (lambda _message: None)
    say("checking")
    check_slug(report_dir)
    checked = recipe.check(report_dir)
    report, meta = checked.report, checked.report.meta
    target = root / report.slug
    with writing(target):
        target.mkdir(parents=True, exist_ok=True)
        target.chmod(0o755)
    pdfs = {}
    warnings = list(checked.warnings)
    for edition in editions:
        say(f"rendering the {edition.name} edition")
        pdf = recipe.render_report(checked, edition, root)
        name = edition.output_name(report.slug)
        if edition.preflight:
            warnings.extend(check_print_file(pdf.data, target / name))
        _write(target / name, pdf.data)
        pdfs[edition.name] = pdf
    if len({pdf.pages for pdf in pdfs.values()}) > 1:
        counts = ", ".join(f"{name} {pdf.pages}" for name, pdf in pdfs.items())
        raise BuildError(f"the editions have different page counts ({counts}); check the "
                         "print edition's CSS")
    screen = pdfs[SCREEN.name]
    say("rendering the cover")
    cover, cover_w, cover_h = render_cover_png(screen.data, COVER_WIDTH_PX)
    thumb, thumb_w, thumb_h = render_cover_png(screen.data, THUMBNAIL_WIDTH_PX)
    _write(target / "forside.png", cover)
    _write(target / "forside-lille.png", thumb)
    say("writing the web edition")
    print_pdf = pdfs[PRINT.name]
    recipe.render_web(checked, root, [
        PdfLink("Hent rapporten", SCREEN.output_name(report.slug), len(screen.data),
                screen.pages),
        PdfLink("Trykfil med beskæring", PRINT.output_name(report.slug), len(print_pdf.data))],
        home=f"../{INDEX_NAME}")
    files = (
        _file_entry(root, target / WEB.output_name(report.slug), WEB.name),
        *(_file_entry(root, target / e.output_name(report.slug), e.name)
          for e in editions),
        _file_entry(root, target / "forside.png", "cover", cover_w, cover_h),
        _file_entry(root, target / "forside-lille.png", "thumbnail", thumb_w, thumb_h),
    )
    if stamp is not None:
        _write(target / BUILD_STAMP_NAME, json.dumps(
            {"fingerprint": stamp, "files": folder_listing(target)}, indent=1).encode())
    contact = None
    if meta.contact is not None:
        contact = {"name": meta.contact.name, "role": meta.contact.role,
                   "email": meta.contact.email, "phone": meta.contact.phone}
    publication = Publication(
        slug=report.slug, title=meta.title, subtitle=meta.subtitle, series=meta.series,
        year=meta.year, date=meta.date.isoformat() if meta.date else None,
        status=meta.status, owner=meta.owner, participants=tuple(meta.participants),
        contact=contact, themes=tuple(meta.themes), summary=meta.summary,
        pages=screen.pages, files=files)
    return publication, warnings


def folder_listing(folder: Path) -> dict[str, str]:
    """Every file in a published report's folder (but its build stamp) with its sha256."""
    return {p.relative_to(folder).as_posix(): sha256_file(p)
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != BUILD_STAMP_NAME}
