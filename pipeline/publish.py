"""``almen publish``: reports -> the publication folder the website mirrors as it is.

For each report it writes, under ``OUT/SLUG/``:

* ``SLUG.pdf``: the screen edition (``EDITIONS["screen"]``: 150 dpi images, PDF/UA-1),
* ``SLUG-tryk.pdf``: the print edition (``EDITIONS["print"]``: 300 dpi images, 3 mm
  bleed, crop marks; see :data:`PRINT_VARIANT` for why it is PDF/UA-1 and not PDF/X-4),
* ``forside.png`` and ``forside-lille.png``: page 1 rendered with PDFium,

and beside them ``catalog.json`` (schema: ``docs/catalog.schema.json``), ``index.html`` (a
static, accessible list in Danish) and ``assets/`` (its stylesheet, subset fonts, logo).

Publishing is atomic: everything is built in a staging folder next to ``OUT`` and swapped
in at the end, so a reader of ``OUT`` sees the old folder or the new one, never a mixture.
A report that fails keeps its previously published files and catalogue entry.

Reproducible: the same sources give the same bytes. PDF dates are the report's date (or
1 January of its year), PDF identifiers are derived from the HTML, the PNGs and fonts carry
no timestamps, and the catalogue's ``built`` time is ``SOURCE_DATE_EPOCH`` when set, else
the newest publication date: never the clock.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import hashlib
import io
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from pipeline import danish
from pipeline.check import valid_report
from pipeline.errors import BuildError, Diagnostic, PipelineError
from pipeline.html import EDITIONS, render_html
from pipeline.layout import load_brand, load_layout
from pipeline.model import Report
from pipeline.paths import ASSETS_DIR, BRAND_DIR, CACHE_DIR, LAYOUTS_DIR
from pipeline.printing.preflight import check_print_file

Progress = Callable[[str], None]

CATALOG_NAME = "catalog.json"
CATALOG_VERSION = 1
INDEX_NAME = "index.html"
ASSETS_NAME = "assets"
SITE_DIR = LAYOUTS_DIR / "_site"  # index.html template and its stylesheet

SCREEN_VARIANT = "pdf/ua-1"
#: The print edition is PDF/X-4 in CMYK with a FOGRA39 output intent, finished by
#: pipeline.printing (boxes, marks, identifiers) and preflighted (docs/print.md).
PRINT_VARIANT = EDITIONS["print"].pdf_variant

COVER_WIDTH_PX = 800
THUMBNAIL_WIDTH_PX = 200
RESERVED_SLUGS = {ASSETS_NAME, CATALOG_NAME, INDEX_NAME}

MEDIA_TYPES = {".pdf": "application/pdf", ".png": "image/png"}

# Characters the website list needs from the brand font (Latin-1 and Danish punctuation).
_SITE_FONT_UNICODES = (*range(0x20, 0x7F), *range(0xA0, 0x100), 0x2013, 0x2014, 0x2018,
                       0x2019, 0x201A, 0x201C, 0x201D, 0x201E, 0x2022, 0x2026, 0x203A, 0x20AC)
_SITE_FONTS = {"Lato-Regular.ttf": ASSETS_DIR / "fonts" / "lato" / "Lato-Regular.ttf",
               "Lato-Bold.ttf": ASSETS_DIR / "fonts" / "lato" / "Lato-Bold.ttf"}


# ---------------------------------------------------------------------------- data model


@dataclass(frozen=True, slots=True)
class PublishedFile:
    """One downloadable file of a publication, as listed in the catalogue."""

    role: str          # "screen", "print", "cover" or "thumbnail"
    path: str          # relative to the publication folder, "/"-separated
    bytes: int
    sha256: str
    media_type: str
    width: int | None = None   # pixels, for images
    height: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"role": self.role, "path": self.path, "bytes": self.bytes,
                                "sha256": self.sha256, "media_type": self.media_type}
        if self.width is not None:
            data["width"], data["height"] = self.width, self.height
        return data


@dataclass(frozen=True, slots=True)
class Publication:
    """One catalogue entry: the report's fact panel plus its files."""

    slug: str
    title: str
    subtitle: str | None
    series: str
    year: int
    date: str | None
    status: str | None
    owner: str | None
    participants: tuple[str, ...]
    contact: dict[str, str | None] | None
    themes: tuple[str, ...]
    summary: str | None
    pages: int
    files: tuple[PublishedFile, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug, "title": self.title, "subtitle": self.subtitle,
            "series": self.series, "year": self.year, "date": self.date,
            "status": self.status, "owner": self.owner,
            "participants": list(self.participants), "contact": self.contact,
            "themes": list(self.themes), "summary": self.summary, "pages": self.pages,
            "files": [f.to_dict() for f in self.files],
        }


@dataclass(frozen=True, slots=True)
class Failure:
    """A report that could not be published, and what was kept instead."""

    report_dir: Path
    slug: str
    message: str
    kept_previous: bool


@dataclass(frozen=True, slots=True)
class PublishResult:
    out_dir: Path
    catalog_path: Path
    index_path: Path
    built: str
    published: tuple[Publication, ...]           # built in this run
    kept: tuple[str, ...] = ()                    # slugs carried over unchanged
    removed: tuple[str, ...] = ()                 # slugs whose report folder is gone
    failures: tuple[Failure, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()


# ---------------------------------------------------------------------------- helpers


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def report_date(report: Report) -> dt.date:
    """The date a report's PDFs carry: its publication date, else 1 January of its year."""
    return report.meta.date or dt.date(report.meta.year, 1, 1)


def built_time(publications: Sequence[dict[str, Any]],
               source_date_epoch: str | None) -> str:
    """When the catalogue was built: ``SOURCE_DATE_EPOCH`` if set, else the newest
    publication date (never the clock), as ISO 8601 UTC."""
    if source_date_epoch is not None and source_date_epoch.strip():
        try:
            seconds = int(source_date_epoch.strip())
        except ValueError:
            raise BuildError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                             f"1970-01-01, not '{source_date_epoch}'") from None
        moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    else:
        dates = [dt.date.fromisoformat(p["date"]) if p.get("date") else dt.date(p["year"], 1, 1)
                 for p in publications]
        newest = max(dates, default=dt.date(1970, 1, 1))
        moment = dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


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


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o644)


def _file_entry(root: Path, path: Path, role: str, width: int | None = None,
                height: int | None = None) -> PublishedFile:
    return PublishedFile(role=role, path=path.relative_to(root).as_posix(),
                         bytes=path.stat().st_size, sha256=sha256_file(path),
                         media_type=MEDIA_TYPES[path.suffix.lower()], width=width,
                         height=height)


# ---------------------------------------------------------------------------- one report


def publish_report(report_dir: Path, root: Path, *,
                   progress: Progress | None = None) -> tuple[Publication, list[Diagnostic]]:
    """Build one report into ``root/SLUG/`` and return its catalogue entry (and warnings).

    Raises a :class:`PipelineError` when the report cannot be built.
    """
    from pipeline.pdf import render_pdf  # imports WeasyPrint: only when rendering

    say = progress or (lambda _message: None)
    say("checking")
    report, warnings = valid_report(report_dir)
    if report.slug in RESERVED_SLUGS or report.slug.startswith("."):
        raise BuildError(f"the folder name '{report.slug}' is reserved in the publication "
                         "folder; rename the report folder")
    meta = report.meta
    layout = load_layout(meta.layout)
    target = root / report.slug
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o755)
    pdfs = {}
    for edition, variant, name in (("screen", SCREEN_VARIANT, f"{report.slug}.pdf"),
                                   ("print", PRINT_VARIANT, f"{report.slug}-tryk.pdf")):
        say(f"rendering the {edition} edition")
        # Links are relative to the report folder, so the HTML (and with it the PDF's
        # identifier) does not depend on where the publication folder is.
        rendered = render_html(report, layout, report.root, edition=EDITIONS[edition])
        pdf = render_pdf(rendered, variant=variant, source_date=report_date(report),
                         edition=EDITIONS[edition])
        if edition == "print":
            warnings = [*warnings, *check_print_file(pdf.data, target / name)]
        _write(target / name, pdf.data)
        pdfs[edition] = pdf
    if pdfs["screen"].pages != pdfs["print"].pages:
        raise BuildError(f"the screen edition has {pdfs['screen'].pages} pages but the print "
                         f"edition {pdfs['print'].pages}; check the print edition's CSS")
    say("rendering the cover")
    cover, cover_w, cover_h = render_cover_png(pdfs["screen"].data, COVER_WIDTH_PX)
    thumb, thumb_w, thumb_h = render_cover_png(pdfs["screen"].data, THUMBNAIL_WIDTH_PX)
    _write(target / "forside.png", cover)
    _write(target / "forside-lille.png", thumb)
    files = (
        _file_entry(root, target / f"{report.slug}.pdf", "screen"),
        _file_entry(root, target / f"{report.slug}-tryk.pdf", "print"),
        _file_entry(root, target / "forside.png", "cover", cover_w, cover_h),
        _file_entry(root, target / "forside-lille.png", "thumbnail", thumb_w, thumb_h),
    )
    contact = None
    if meta.contact is not None:
        contact = {"name": meta.contact.name, "role": meta.contact.role,
                   "email": meta.contact.email, "phone": meta.contact.phone}
    publication = Publication(
        slug=report.slug, title=meta.title, subtitle=meta.subtitle, series=meta.series,
        year=meta.year, date=meta.date.isoformat() if meta.date else None,
        status=meta.status, owner=meta.owner, participants=tuple(meta.participants),
        contact=contact, themes=tuple(meta.themes), summary=meta.summary,
        pages=pdfs["screen"].pages, files=files)
    return publication, list(warnings)


# ---------------------------------------------------------------------------- the folder


def read_catalog(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The publications of an existing publication folder, by slug ({} if none)."""
    path = out_dir / CATALOG_NAME
    try:
        data = json.loads(path.read_text("utf-8"))
        entries = data["publications"]
        return {str(e["slug"]): e for e in entries if isinstance(e, dict) and "slug" in e}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def catalog_json(publications: Sequence[dict[str, Any]], built: str) -> bytes:
    data = {"version": CATALOG_VERSION, "built": built,
            "publications": sorted(publications, key=lambda p: p["slug"])}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _display_order(publications: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest first; the same date by title."""
    by_title = sorted(publications, key=lambda p: (p["title"], p["slug"]))
    return sorted(by_title, key=lambda p: p.get("date") or f"{p['year']:04d}-01-01",
                  reverse=True)


def render_index(publications: Sequence[dict[str, Any]], built: str) -> str:
    """The static publication list (Danish), with links relative to the folder."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(SITE_DIR)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["bytes"] = danish.format_bytes
    built_date = dt.date.fromisoformat(built[:10])
    items = []
    for p in _display_order(publications):
        files = {f["role"]: f for f in p["files"]}
        items.append({"p": p, "files": files})
    return env.get_template("index.html.j2").render(
        items=items, brand=load_brand(BRAND_DIR), updated=danish.format_date(built_date),
        built=built, catalog=CATALOG_NAME, assets=ASSETS_NAME)


def _site_font(name: str, source: Path) -> bytes:
    """The brand font subset to what the list needs; cached (subsetting takes ~0.5 s)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    data = source.read_bytes()
    key = hashlib.sha256(data + repr(_SITE_FONT_UNICODES).encode()).hexdigest()[:20]
    cached = CACHE_DIR / "site-fonts" / f"{key}-{name}"
    if cached.is_file():
        return cached.read_bytes()
    options = subset.Options()
    options.layout_features = ["kern", "liga"]
    options.name_IDs = ["*"]          # keep the copyright and licence names
    options.notdef_outline = True
    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # it logs about the fonts' old 'created' timestamps
    try:
        font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # no build time in the file
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=list(_SITE_FONT_UNICODES))
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
    finally:
        quiet.setLevel(level)
    result = buffer.getvalue()
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(result)
    tmp.replace(cached)
    return result


def write_site_assets(root: Path) -> None:
    """``assets/``: the list's stylesheet, the brand tokens, subset fonts and the logo."""
    assets = root / ASSETS_NAME
    assets.mkdir(parents=True, exist_ok=True)
    assets.chmod(0o755)
    _write(assets / "tokens.css", (BRAND_DIR / "tokens.css").read_bytes())
    _write(assets / "site.css", (SITE_DIR / "site.css").read_bytes())
    _write(assets / "almennet-wordmark-hvid.svg",
           (ASSETS_DIR / "logo" / "almennet-wordmark-hvid.svg").read_bytes())
    (assets / "fonts").mkdir(exist_ok=True)
    (assets / "fonts").chmod(0o755)
    for name, source in _SITE_FONTS.items():
        _write(assets / "fonts" / name, _site_font(name, source))
    _write(assets / "fonts" / "OFL.txt", (ASSETS_DIR / "fonts" / "lato" / "OFL.txt").read_bytes())


def _copy_tree(source: Path, target: Path) -> None:
    """Carry a previously published folder over: hard links where possible (files are
    never changed in place), copies otherwise."""
    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link_or_copy, dirs_exist_ok=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(staging: Path, out_dir: Path) -> None:
    """Put ``staging`` where ``out_dir`` is; the old folder is deleted afterwards."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    if _exchange(staging, out_dir):
        shutil.rmtree(staging)  # now holds the old folder
        return
    backup = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.old-"))
    backup.rmdir()
    out_dir.rename(backup)
    try:
        staging.rename(out_dir)
    except BaseException:
        backup.rename(out_dir)
        raise
    shutil.rmtree(backup)


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """One publish at a time per publication folder."""
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with lock_path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another 'almen publish' is writing {out_dir}; "
                             "wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class _Run:
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    published: list[Publication] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def publish(report_dirs: Sequence[Path | str], out_dir: Path | str = "public", *,
            complete: bool = False, progress: Callable[[str, str], None] | None = None,
            source_date_epoch: str | None = None, jobs: int | None = None) -> PublishResult:
    """Publish ``report_dirs`` into ``out_dir`` atomically.

    Publications already in ``out_dir`` that are not rebuilt are carried over unchanged;
    with ``complete=True`` (``report_dirs`` is every report there is) those whose report
    folder no longer exists are removed instead. ``source_date_epoch`` defaults to the
    ``SOURCE_DATE_EPOCH`` environment variable. Reports are built in ``jobs`` parallel
    processes (default: the number of CPU cores).
    """
    jobs = jobs or os.cpu_count() or 1
    if source_date_epoch is None:
        source_date_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    out = Path(out_dir).absolute()
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out_dir} exists and is not a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    folders = list({Path(d).resolve(): Path(d) for d in report_dirs}.values())
    with _locked(out):
        previous = read_catalog(out)
        staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.staging-"))
        try:
            run = _build_all(folders, staging, out, previous, complete, progress, jobs)
            built = built_time(list(run.entries.values()), source_date_epoch)
            entries = list(run.entries.values())
            _write(staging / CATALOG_NAME, catalog_json(entries, built))
            _write(staging / INDEX_NAME, render_index(entries, built).encode("utf-8"))
            write_site_assets(staging)
            staging.chmod(0o755)
            swap_in(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return PublishResult(
        out_dir=Path(out_dir), catalog_path=Path(out_dir) / CATALOG_NAME,
        index_path=Path(out_dir) / INDEX_NAME, built=built,
        published=tuple(run.published), kept=tuple(run.kept), removed=tuple(run.removed),
        failures=tuple(run.failures), warnings=tuple(run.warnings))


def _publish_one(folder: Path, staging: Path) -> tuple[Publication | None,
                                                     list[Diagnostic], str | None]:
    """Worker for parallel publishing: never raises for a broken report."""
    try:
        publication, warnings = publish_report(folder, staging)
    except PipelineError as exc:
        return None, [], exc.format_message()
    return publication, warnings, None


def _build_all(folders: list[Path], staging: Path, out: Path,
               previous: dict[str, dict[str, Any]], complete: bool,
               progress: Callable[[str, str], None] | None, jobs: int = 1) -> _Run:
    run = _Run()
    handled: set[str] = set()
    todo: list[tuple[Path, str]] = []
    for folder in folders:
        slug = folder.resolve().name
        if slug in handled:
            run.failures.append(Failure(folder, slug, f"{folder}: another report folder is "
                                        f"also named '{slug}'; slugs must be unique", False))
            continue
        handled.add(slug)
        todo.append((folder, slug))

    def outcomes() -> Iterator[tuple[Path, str, Publication | None, list[Diagnostic],
                                     str | None]]:
        if jobs > 1 and len(todo) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(min(jobs, len(todo))) as pool:
                futures = [pool.submit(_publish_one, folder, staging) for folder, _ in todo]
                for (folder, slug), future in zip(todo, futures, strict=True):
                    if progress is not None:
                        progress(slug, "building (in parallel)")
                    yield (folder, slug, *future.result())
            return
        for folder, slug in todo:
            def say(stage: str, slug: str = slug) -> None:
                if progress is not None:
                    progress(slug, stage)
            try:
                publication, warnings = publish_report(folder, staging, progress=say)
                yield folder, slug, publication, warnings, None
            except PipelineError as exc:
                yield folder, slug, None, [], exc.format_message()

    for folder, slug, publication, warnings, message in outcomes():
        if publication is None:
            shutil.rmtree(staging / slug, ignore_errors=True)
            kept = _carry_over(slug, previous, staging, out, run)
            run.failures.append(Failure(folder, slug, message or "failed", kept))
            continue
        run.entries[publication.slug] = publication.to_dict()
        run.published.append(publication)
        run.warnings.extend(warnings)
    for slug in sorted(set(previous) - handled):
        if complete:
            run.removed.append(slug)
        elif _carry_over(slug, previous, staging, out, run):
            run.kept.append(slug)
    return run


def _carry_over(slug: str, previous: dict[str, dict[str, Any]], staging: Path, out: Path,
                run: _Run) -> bool:
    """Keep a previously published publication (files and entry) as it was."""
    entry = previous.get(slug)
    if entry is None or slug in RESERVED_SLUGS or not (out / slug).is_dir():
        return False
    _copy_tree(out / slug, staging / slug)
    run.entries[slug] = entry
    return True
