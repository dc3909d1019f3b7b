"""``almen publish``: reports -> the publication folder the website mirrors as it is.

For each report it writes, under ``OUT/SLUG/``:

* one file per edition in :data:`~pipeline.editions.PUBLISHED_EDITIONS`: ``SLUG.pdf``,
  the screen edition (150 dpi images, PDF/UA-1), and ``SLUG-tryk.pdf``, the print
  edition (300 dpi images, 3 mm bleed, crop marks),
* ``forside.png`` and ``forside-lille.png``: page 1 rendered with PDFium,

and beside them ``catalog.json`` (schema: ``docs/catalog.schema.json``), ``index.html`` (a
static, accessible list in Danish) and ``assets/`` (its stylesheet, subset fonts, logo).

Publishing is atomic: everything is built in a staging folder next to ``OUT`` and swapped
in at the end, so a reader of ``OUT`` sees the old folder or the new one, never a mixture.
A report that fails keeps its previously published files and catalogue entry.

``OUT`` is only ever replaced when it is a publication folder: it does not exist, is
empty, or carries the marker file ``.almen-publication`` that every publish writes (see
:func:`check_out_dir`). A symlinked ``OUT`` stays a link: its target is swapped.

Reproducible: the same sources give the same bytes. PDF dates are the report's date (or
1 January of its year), PDF identifiers are derived from the HTML, the PNGs and fonts carry
no timestamps, and the catalogue's ``built`` time is ``SOURCE_DATE_EPOCH`` when set, else
the newest publication date: never the clock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from pipeline import atomic, danish, paths, recipe
from pipeline.atomic import MARKER_NAME, has_marker, publication_lock, swap_dir, writing
from pipeline.builder import fingerprint
from pipeline.editions import PRINT, PUBLISHED_EDITIONS, SCREEN, WEB
from pipeline.errors import BuildError, Diagnostic, OutputError, PipelineError
from pipeline.layout import load_brand
from pipeline.printing.preflight import check_print_file
from pipeline.settings import PUBLISH_DIR
from pipeline.web import PdfLink

Progress = Callable[[str], None]

CATALOG_NAME = "catalog.json"
CATALOG_VERSION = 1
INDEX_NAME = "index.html"
ASSETS_NAME = "assets"


COVER_WIDTH_PX = 800
THUMBNAIL_WIDTH_PX = 200
RESERVED_SLUGS = {ASSETS_NAME, CATALOG_NAME, INDEX_NAME}

MEDIA_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".html": "text/html"}

# Characters the website list needs from the brand font (Latin-1 and Danish punctuation).
_SITE_FONT_UNICODES = (*range(0x20, 0x7F), *range(0xA0, 0x100), 0x2013, 0x2014, 0x2018,
                       0x2019, 0x201A, 0x201C, 0x201D, 0x201E, 0x2022, 0x2026, 0x203A, 0x20AC)
_SITE_FONTS = {"Lato-Regular.ttf": "lato/Lato-Regular.ttf", "Lato-Bold.ttf": "lato/Lato-Bold.ttf"}


def site_dir() -> Path:
    """The publication list's template and stylesheet (``layouts/_site``)."""
    return paths.LAYOUTS_DIR / "_site"


# ---------------------------------------------------------------------------- data model


@dataclass(frozen=True, slots=True)
class PublishedFile:
    """One downloadable file of a publication, as listed in the catalogue."""

    role: str          # "web", "screen", "print", "cover" or "thumbnail"
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
    up_to_date: tuple[str, ...] = ()              # given, but unchanged since last time
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
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(0o644)


#: A slug is what the website puts in URLs and index.html ids (docs/catalog.schema.json).
SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_DANISH_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe",
                               "Å": "Aa", " ": "-"})


def suggest_slug(name: str) -> str:
    """An ASCII folder name for ``name`` (æ -> ae, ø -> oe, å -> aa, spaces -> '-')."""
    text = unicodedata.normalize("NFKD", name.translate(_DANISH_ASCII))
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text.encode("ascii", "ignore").decode())
    return re.sub(r"-{2,}", "-", text).strip("-._").lower() or "rapport"


def check_slug(report_dir: Path) -> str:
    """The report folder's name as a slug, or a BuildError telling the editor to rename."""
    slug = report_dir.resolve().name
    if slug in RESERVED_SLUGS or slug.startswith("."):
        raise BuildError(f"{report_dir}: mappenavnet '{slug}' er reserveret i "
                         f"publikationsmappen; omdøb rapportmappen")
    if not SLUG_RE.fullmatch(slug):
        raise BuildError(f"{report_dir}: mappenavnet '{slug}' kan ikke bruges i "
                         "hjemmesidens adresser (kun a-z, A-Z, 0-9, '.', '_' og '-'; ingen "
                         f"mellemrum eller æøå); omdøb mappen, fx til '{suggest_slug(slug)}'")
    return slug


def _file_entry(root: Path, path: Path, role: str, width: int | None = None,
                height: int | None = None) -> PublishedFile:
    return PublishedFile(role=role, path=path.relative_to(root).as_posix(),
                         bytes=path.stat().st_size, sha256=sha256_file(path),
                         media_type=MEDIA_TYPES[path.suffix.lower()], width=width,
                         height=height)


# ---------------------------------------------------------------------------- one report


BUILD_STAMP_NAME = ".almen-build.json"  # in OUT/SLUG/: what the files were built from


def publish_stamp(report_dir: Path) -> str:
    """The fingerprint of everything one report's publication is built from."""
    return fingerprint(report_dir, {"publish": [e.name for e in PUBLISHED_EDITIONS],
                                    "cover": [COVER_WIDTH_PX, THUMBNAIL_WIDTH_PX]})


def publish_report(report_dir: Path, root: Path, *, progress: Progress | None = None,
                   stamp: str | None = None) -> tuple[Publication, list[Diagnostic]]:
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
    for edition in PUBLISHED_EDITIONS:
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
          for e in PUBLISHED_EDITIONS),
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
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(site_dir())), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["bytes"] = danish.format_bytes
    built_date = dt.date.fromisoformat(built[:10])
    items = []
    for p in _display_order(publications):
        files = {f["role"]: f for f in p["files"]}
        items.append({"p": p, "files": files})
    return env.get_template("index.html.j2").render(
        items=items, brand=load_brand(paths.BRAND_DIR), updated=danish.format_date(built_date),
        built=built, catalog=CATALOG_NAME, assets=ASSETS_NAME)


def _site_font(name: str, source: Path) -> bytes:
    """The brand font subset to what the list needs; cached (subsetting takes ~0.5 s)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    data = source.read_bytes()
    key = hashlib.sha256(data + repr(_SITE_FONT_UNICODES).encode()).hexdigest()[:20]
    cached = paths.CACHE_DIR / "site-fonts" / f"{key}-{name}"
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
    with contextlib.suppress(OutputError):   # only a cache: the next run subsets again
        atomic.write_atomic(cached, result, record=False)
    return result


def write_site_assets(root: Path) -> None:
    """``assets/``: the list's stylesheet, the brand tokens, subset fonts and the logo."""
    assets = root / ASSETS_NAME
    with writing(assets):
        assets.mkdir(parents=True, exist_ok=True)
        assets.chmod(0o755)
    _write(assets / "tokens.css", (paths.BRAND_DIR / "tokens.css").read_bytes())
    _write(assets / "site.css", (site_dir() / "site.css").read_bytes())
    _write(assets / "almennet-wordmark-hvid.svg",
           (paths.ASSETS_DIR / "logo" / "almennet-wordmark-hvid.svg").read_bytes())
    with writing(assets / "fonts"):
        (assets / "fonts").mkdir(exist_ok=True)
        (assets / "fonts").chmod(0o755)
    for name, source in _SITE_FONTS.items():
        _write(assets / "fonts" / name, _site_font(name, paths.ASSETS_DIR / "fonts" / source))
    licence = paths.ASSETS_DIR / "fonts" / "lato" / "OFL.txt"
    _write(assets / "fonts" / "OFL.txt", licence.read_bytes())


def _copy_tree(source: Path, target: Path) -> None:
    """Carry a previously published folder over: hard links where possible (files are
    never changed in place), copies otherwise."""
    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link_or_copy, dirs_exist_ok=True)


@dataclass
class _Run:
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    published: list[Publication] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def _legacy_publication(folder: Path, entries: list[str]) -> bool:
    """A publication folder written before the marker existed: a version-1 catalogue and
    nothing but what it lists (plus index.html and assets/)."""
    try:
        data = json.loads((folder / CATALOG_NAME).read_text("utf-8"))
        slugs = {str(p["slug"]) for p in data["publications"]}
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return data.get("version") == CATALOG_VERSION and set(entries) <= (slugs | RESERVED_SLUGS)


def check_out_dir(out: Path, report_dirs: Sequence[Path] = ()) -> None:
    """Refuse (an OutputError, nothing touched) to replace ``out`` unless it is ours: absent,
    an empty folder, or a folder with the marker ``.almen-publication``; and never a folder
    that holds a report being published or the project around it."""
    shown = out
    if out.exists() and not out.is_dir():
        raise OutputError(f"{shown}: findes og er ikke en mappe; vælg en anden mappe med --out")
    real = out.resolve()
    for folder in report_dirs:
        source = Path(folder).resolve()
        if source == real or source.is_relative_to(real):
            raise OutputError(f"{shown}: mappen indeholder rapporten {folder} og må ikke "
                              "erstattes; vælg en anden mappe med --out, fx public")
    if not real.is_dir():
        return
    try:
        entries = sorted(p.name for p in real.iterdir())
    except OSError as exc:
        raise atomic.output_error(shown, exc) from None
    if not entries or has_marker(real) or _legacy_publication(real, entries):
        return
    if "report.yaml" in entries:
        why = "den indeholder en rapport (report.yaml)"
    else:
        why = f"den mangler mærkefilen {MARKER_NAME}, som almen publish skriver"
    raise OutputError(f"{shown}: mappen er ikke en publikationsmappe fra almen publish "
                      f"({why}); den bliver ikke erstattet, så intet er ændret. Vælg en ny "
                      "eller tom mappe med --out, fx public")


def publish(report_dirs: Sequence[Path | str], out_dir: Path | str | None = None, *,
            complete: bool = False, progress: Callable[[str, str], None] | None = None,
            source_date_epoch: str | None = None, jobs: int | None = None,
            force: bool = False, check_web: bool = False) -> PublishResult:
    """Publish ``report_dirs`` into ``out_dir`` atomically.

    Publications already in ``out_dir`` that are not rebuilt are carried over unchanged;
    with ``complete=True`` (``report_dirs`` is every report there is) those whose report
    folder no longer exists are removed instead. ``source_date_epoch`` defaults to the
    ``SOURCE_DATE_EPOCH`` environment variable. Reports are built in ``jobs`` parallel
    processes (default: the number of CPU cores). A report whose inputs have not changed
    since it was published into ``out_dir`` is carried over as it is (``up_to_date``),
    as ``almen build`` skips an unchanged report, unless ``force`` is given. With
    ``check_web`` every web edition and the list are checked with axe-core in chromium
    first (docs/website.md); any violation fails the publish and leaves ``out_dir`` as
    it was.

    ``out_dir`` must be a publication folder (see :func:`check_out_dir`); a symlink to
    one stays a symlink and the folder it points at is replaced.
    """
    jobs = jobs or os.cpu_count() or 1
    if source_date_epoch is None:
        source_date_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    shown = paths.out_dir(out_dir, PUBLISH_DIR)
    folders = list({Path(d).resolve(): Path(d) for d in report_dirs}.values())
    check_out_dir(shown, folders)
    # Behind a symlink the website serves the link's target: swap that, keep the link.
    out = shown.resolve() if shown.is_symlink() else shown.absolute()
    with writing(out.parent):
        out.parent.mkdir(parents=True, exist_ok=True)
    with publication_lock(out):
        check_out_dir(shown, folders)   # again, now that no other publish can write it
        previous = read_catalog(out)
        with writing(out.parent):
            staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=atomic.staging_prefix(out)))
        try:
            run = _build_all(folders, staging, out, previous, complete, progress, jobs,
                             force)
            built = built_time(list(run.entries.values()), source_date_epoch)
            entries = list(run.entries.values())
            _write(staging / CATALOG_NAME, catalog_json(entries, built))
            _write(staging / INDEX_NAME, render_index(entries, built).encode("utf-8"))
            write_site_assets(staging)
            if check_web:
                _check_web(staging, run.published)
            with writing(staging):
                atomic.write_marker(staging)
                staging.chmod(0o755)
            swap_dir(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return PublishResult(
        out_dir=shown, catalog_path=shown / CATALOG_NAME,
        index_path=shown / INDEX_NAME, built=built,
        published=tuple(run.published), kept=tuple(run.kept),
        up_to_date=tuple(run.up_to_date), removed=tuple(run.removed),
        failures=tuple(run.failures), warnings=tuple(run.warnings))


def _check_web(staging: Path, published: Sequence[Publication]) -> None:
    from pipeline.web.check import check_web as axe_check

    pages = [staging / INDEX_NAME, *(staging / p.slug / INDEX_NAME for p in published)]
    violations = axe_check(pages)
    if violations:
        raise BuildError("the web edition fails the accessibility check (axe-core, WCAG 2.1 "
                         "AA); nothing was published:\n" + "\n".join(
                             v.format().replace(str(staging), str(staging.name))
                             for v in violations))


def _publish_one(folder: Path, staging: Path, stamp: str) -> tuple[Publication | None,
                                                                 list[Diagnostic], str | None]:
    """Worker for parallel publishing: never raises for a broken report."""
    try:
        publication, warnings = publish_report(folder, staging, stamp=stamp)
    except PipelineError as exc:
        return None, [], exc.format_message()
    return publication, warnings, None


def _build_all(folders: list[Path], staging: Path, out: Path,
               previous: dict[str, dict[str, Any]], complete: bool,
               progress: Callable[[str, str], None] | None, jobs: int = 1,
               force: bool = False) -> _Run:
    run = _Run()
    handled: set[str] = set()
    todo: list[tuple[Path, str]] = []
    stamps: dict[str, str] = {}
    for folder in folders:
        slug = folder.resolve().name
        if slug in handled:
            run.failures.append(Failure(folder, slug, f"{folder}: another report folder is "
                                        f"also named '{slug}'; slugs must be unique", False))
            continue
        handled.add(slug)
        stamps[slug] = publish_stamp(folder)
        if not force and _unchanged(out / slug, previous.get(slug), stamps[slug]) \
                and _carry_over(slug, previous, staging, out, run):
            run.up_to_date.append(slug)
            continue
        todo.append((folder, slug))

    def outcomes() -> Iterator[tuple[Path, str, Publication | None, list[Diagnostic],
                                     str | None]]:
        if jobs > 1 and len(todo) > 1:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(min(jobs, len(todo))) as pool:
                futures = [pool.submit(_publish_one, folder, staging, stamps[slug])
                           for folder, slug in todo]
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
                publication, warnings = publish_report(folder, staging, progress=say,
                                                       stamp=stamps[slug])
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


def folder_listing(folder: Path) -> dict[str, str]:
    """Every file in a published report's folder (but its build stamp) with its sha256."""
    return {p.relative_to(folder).as_posix(): sha256_file(p)
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != BUILD_STAMP_NAME}


def _unchanged(folder: Path, entry: dict[str, Any] | None, stamp: str) -> bool:
    """True when ``folder`` (a published report) was built from these very inputs and
    holds exactly the files it was built with, unchanged (nothing added by hand)."""
    if entry is None:
        return False
    try:
        built = json.loads((folder / BUILD_STAMP_NAME).read_text("utf-8"))
        return (isinstance(built, dict) and built.get("fingerprint") == stamp
                and built.get("files") == folder_listing(folder))
    except (OSError, ValueError):
        return False


def _carry_over(slug: str, previous: dict[str, dict[str, Any]], staging: Path, out: Path,
                run: _Run) -> bool:
    """Keep a previously published publication (files and entry) as it was."""
    entry = previous.get(slug)
    if entry is None or slug in RESERVED_SLUGS or not (out / slug).is_dir():
        return False
    with writing(staging / slug):
        _copy_tree(out / slug, staging / slug)
    run.entries[slug] = entry
    return True
