"""``publish()``: every report into a staging folder, then the catalogue and list, then the swap."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pipeline import atomic, paths
from pipeline.atomic import publication_lock, swap_dir, writing
from pipeline.editions import PUBLISHED_EDITIONS, Edition
from pipeline.errors import BuildError, Diagnostic, PipelineError
from pipeline.publishing.catalog import built_time, catalog_json, read_catalog, render_index
from pipeline.publishing.folder import _carry_over, _Run, _unchanged, check_out_dir
from pipeline.publishing.model import (
    CATALOG_NAME,
    INDEX_NAME,
    Failure,
    Publication,
    PublishResult,
    _write,
)
from pipeline.publishing.report import publish_report, publish_stamp, published_editions
from pipeline.publishing.site import write_site_assets
from pipeline.settings import PUBLISH_DIR


def publish(report_dirs: Sequence[Path | str], out_dir: Path | str | None = None, *,
            complete: bool = False, progress: Callable[[str, str], None] | None = None,
            source_date_epoch: str | None = None, jobs: int | None = None,
            force: bool = False, check_web: bool = False,
            print_profile: Path | None = None) -> PublishResult:
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
    if print_profile is not None:   # a printer's own profile: refused early if unusable
        from pipeline.printing.profile import load_profile

        load_profile(Path(print_profile))
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
                             force, published_editions(print_profile))
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


def _publish_one(folder: Path, staging: Path, stamp: str,
                 editions: tuple[Edition, ...]) -> tuple[Publication | None,
                                                                 list[Diagnostic], str | None]:
    """Worker for parallel publishing: never raises for a broken report."""
    try:
        publication, warnings = publish_report(folder, staging, stamp=stamp,
                                               editions=editions)
    except PipelineError as exc:
        return None, [], exc.format_message()
    return publication, warnings, None


def _build_all(folders: list[Path], staging: Path, out: Path,
               previous: dict[str, dict[str, Any]], complete: bool,
               progress: Callable[[str, str], None] | None, jobs: int = 1,
               force: bool = False,
               editions: tuple[Edition, ...] = PUBLISHED_EDITIONS) -> _Run:
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
        stamps[slug] = publish_stamp(folder, editions)
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
                futures = [pool.submit(_publish_one, folder, staging, stamps[slug], editions)
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
                                                       stamp=stamps[slug], editions=editions)
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
