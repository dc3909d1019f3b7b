"""The recipe: load -> Markdown -> HTML -> PDF -> write, for one report folder.

Output is written atomically (:mod:`pipeline.atomic`): the PDF, its HTML and the build
manifest go to temporary files in the target folder first and are then renamed into place
together. A failed or interrupted build leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import paths, recipe
from pipeline import renderer as renderer_module
from pipeline.atomic import replace_together
from pipeline.editions import STANDARD, Edition
from pipeline.errors import Diagnostic, Diagnostics, PipelineError
from pipeline.model import Report
from pipeline.paths import allowed_roots, walk_files
from pipeline.renderer import Renderer
from pipeline.settings import BUILD_DIR

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BuildResult:
    report: Report | None  # None when the build was skipped as up to date
    pdf_path: Path
    html_path: Path | None
    pages: int
    bytes: int
    seconds: float
    warnings: tuple[Diagnostic, ...] = ()
    skipped: bool = False


MANIFEST_SUFFIX = ".build.json"


HASH_BLOCK = 1024 * 1024  # files are hashed in 1 MB blocks: memory stays flat for any size


def _hash_tree(digest: hashlib._Hash, root: Path, label: str,
               roots: tuple[Path, ...] = ()) -> None:
    """Hash every file under ``root`` by content, streamed block by block.

    Symlinks are never followed out of ``roots`` (the report, layouts, assets): such a
    link is hashed by its target's name only, so its target is never opened nor stat-ed.
    Streaming (rather than (size, mtime)) keeps the fingerprint exact; a large unrelated
    file costs read time but no memory.
    """
    if not root.exists():
        return
    allowed = roots or allowed_roots(root if root.is_dir() else root.parent)
    files = [root] if root.is_file() else [
        p for p in walk_files(root, (*allowed, root.resolve()))
        if "__pycache__" not in p.parts and not p.name.endswith((".pyc", ".tmp"))]
    for path in files:
        digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
        file_digest = hashlib.sha256()
        with path.open("rb") as stream:
            while block := stream.read(HASH_BLOCK):
                file_digest.update(block)
        digest.update(file_digest.digest())
    if root.is_dir():  # links out of the allowed folders: their names count, not targets
        for current, _dirs, names in os.walk(root, followlinks=False):
            for name in sorted(names):
                path = Path(current) / name
                if path.is_symlink() and path not in files:
                    digest.update(f"{label}/link/{path.relative_to(root).as_posix()}\0"
                                  f"{os.readlink(path)}\0".encode())


def fingerprint(report_dir: Path, options: dict[str, object]) -> str:
    """A hash of everything a build reads: the report, layouts and brand, assets, the
    pipeline's own code, WeasyPrint's version and the build options."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    digest.update(json.dumps(options, sort_keys=True).encode())
    digest.update(version("weasyprint").encode())
    roots = allowed_roots(report_dir)
    _hash_tree(digest, report_dir, "report", roots)
    _hash_tree(digest, paths.LAYOUTS_DIR, "layouts", roots)
    _hash_tree(digest, paths.ASSETS_DIR, "assets", roots)
    code = Path(__file__).resolve().parent
    _hash_tree(digest, code, "pipeline", (code,))
    return digest.hexdigest()


def _manifest_path(pdf_path: Path) -> Path:
    return pdf_path.with_name(f".{pdf_path.stem}{MANIFEST_SUFFIX}")


def _up_to_date(pdf_path: Path, html_path: Path | None, stamp: str) -> dict[str, Any] | None:
    manifest = _manifest_path(pdf_path)
    try:
        data = json.loads(manifest.read_text("utf-8"))
        if data.get("fingerprint") != stamp or (html_path and not html_path.is_file()):
            return None
        if hashlib.sha256(pdf_path.read_bytes()).hexdigest() != data.get("sha256"):
            return None  # the PDF was changed or replaced by hand
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def discover_reports(reports_dir: Path | None = None) -> list[Path]:
    """Every folder under ``reports_dir`` (default: the project's ``reports/``) that holds
    a report.yaml, sorted by name."""
    reports_dir = reports_dir or paths.REPORTS_DIR
    if not reports_dir.is_dir():
        return []
    return sorted(p for p in reports_dir.iterdir() if (p / "report.yaml").is_file())


def build(report_dir: Path | str, out_dir: Path | str | None = None, *, html: bool = False,
          edition: Edition = STANDARD, progress: Progress | None = None,
          force: bool = False, prewarm: bool = True) -> BuildResult:
    """Build one report folder into ``out_dir/SLUG/SLUG.pdf`` (and ``.html`` if asked);
    ``out_dir`` defaults to ``dist/`` in the project folder.

    A report whose inputs have not changed since the last build is skipped (the result
    says ``skipped``) unless ``force`` is given.
    """
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    out_dir = paths.out_dir(out_dir, BUILD_DIR)
    folder = Path(report_dir)
    slug = folder.resolve().name
    pdf_path = Path(out_dir) / slug / edition.output_name(slug)
    html_path = pdf_path.with_suffix(".html") if html else None
    stamp = fingerprint(folder, {"edition": edition.name, "html": html})
    if not force and (previous := _up_to_date(pdf_path, html_path, stamp)) is not None:
        renderer_module.discard()  # a renderer started early for this build has no work
        return BuildResult(report=None, pdf_path=pdf_path, html_path=html_path,
                           pages=previous["pages"], bytes=previous["bytes"],
                           seconds=time.perf_counter() - started, skipped=True)

    renderer = Renderer(fork=prewarm)
    try:
        result = _build(folder, out_dir, html, edition, say, started, stamp, pdf_path,
                        html_path, renderer)
    except BaseException:
        renderer.close(abort=True)
        raise
    renderer.close()
    return result


def _build(folder: Path, out_dir: Path | str, html: bool, edition: Edition, say: Progress,
           started: float, stamp: str, pdf_path: Path, html_path: Path | None,
           renderer: Renderer) -> BuildResult:
    diagnostics = Diagnostics()
    say("checking")
    checked = recipe.check(folder)
    report = checked.report
    diagnostics.extend(list(checked.warnings))
    say("rendering HTML")
    rendered = recipe.render_html(checked, edition, out_dir)
    say("laying out pages")
    pdf = renderer.render(rendered, checked, edition)
    say("writing")
    # The HTML, the PDF and the manifest are replaced together or not at all.
    outputs = [(pdf_path, pdf.data), (_manifest_path(pdf_path), json.dumps({
        "fingerprint": stamp, "sha256": hashlib.sha256(pdf.data).hexdigest(),
        "pages": pdf.pages, "bytes": len(pdf.data)}, indent=1).encode())]
    if html_path is not None:
        outputs.insert(0, (html_path, rendered.html.encode("utf-8")))
    replace_together(outputs)
    return BuildResult(report=report, pdf_path=pdf_path, html_path=html_path,
                       pages=pdf.pages, bytes=len(pdf.data),
                       seconds=time.perf_counter() - started,
                       warnings=tuple(diagnostics.warnings))


@dataclass(frozen=True, slots=True)
class BuildOutcome:
    """One report's result in a batch: either a BuildResult or the error message."""

    folder: Path
    result: BuildResult | None
    error: str | None


def _build_one(folder: Path, out_dir: Path, html: bool, force: bool) -> BuildOutcome:
    try:
        return BuildOutcome(folder, build(folder, out_dir, html=html, force=force,
                                          prewarm=False), None)
    except PipelineError as exc:
        return BuildOutcome(folder, None, exc.format_message())


def build_many(folders: list[Path], out_dir: Path | str | None = None, *, html: bool = False,
               force: bool = False, jobs: int | None = None,
               on_done: Callable[[BuildOutcome], None] | None = None) -> list[BuildOutcome]:
    """Build several reports in parallel processes (``jobs``, default: the CPU count).

    Each report succeeds or fails on its own; ``on_done`` is called as each finishes.
    """
    out_dir = paths.out_dir(out_dir, BUILD_DIR)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(folders)))
    outcomes: list[BuildOutcome] = []
    if jobs == 1:
        for folder in folders:
            outcomes.append(_build_one(folder, Path(out_dir), html, force))
            if on_done:
                on_done(outcomes[-1])
        return outcomes
    from concurrent.futures import ProcessPoolExecutor, as_completed

    with ProcessPoolExecutor(jobs) as pool:
        futures = [pool.submit(_build_one, f, Path(out_dir), html, force) for f in folders]
        for future in as_completed(futures):
            outcomes.append(future.result())
            if on_done:
                on_done(outcomes[-1])
    order = {f: i for i, f in enumerate(folders)}
    return sorted(outcomes, key=lambda o: order[o.folder])
