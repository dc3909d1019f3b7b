"""The recipe: load -> Markdown -> HTML -> PDF -> write, for one report folder.

Output is written atomically: to a temporary file in the target folder, then renamed into
place. A failed or interrupted build leaves the previous PDF exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.check import check_report
from pipeline.errors import Diagnostic, Diagnostics, ReportError
from pipeline.html import EDITIONS, Edition, render_html
from pipeline.layout import load_layout
from pipeline.model import Report
from pipeline.paths import REPORTS_DIR

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BuildResult:
    report: Report
    pdf_path: Path
    html_path: Path | None
    pages: int
    bytes: int
    seconds: float
    warnings: tuple[Diagnostic, ...] = ()


def discover_reports(reports_dir: Path = REPORTS_DIR) -> list[Path]:
    """Every folder under ``reports_dir`` that holds a report.yaml, sorted by name."""
    if not reports_dir.is_dir():
        return []
    return sorted(p for p in reports_dir.iterdir() if (p / "report.yaml").is_file())


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def build(report_dir: Path | str, out_dir: Path | str = "dist", *, html: bool = False,
          edition: Edition = EDITIONS["standard"], progress: Progress | None = None,
          ) -> BuildResult:
    """Build one report folder into ``out_dir/SLUG/SLUG.pdf`` (and ``.html`` if asked)."""
    from pipeline.pdf import render_pdf  # imports WeasyPrint: only when rendering

    say = progress or (lambda _message: None)
    started = time.perf_counter()
    diagnostics = Diagnostics()
    say("checking")
    checked = check_report(Path(report_dir))
    if checked.errors or checked.report is None:
        raise ReportError(checked.diagnostics)
    report = checked.report
    diagnostics.extend(checked.warnings)
    layout = load_layout(report.meta.layout)
    target_dir = Path(out_dir) / report.slug
    say("rendering HTML")
    rendered = render_html(report, layout, target_dir, edition=edition)
    say("laying out pages")
    pdf = render_pdf(rendered)
    pdf_path = target_dir / f"{report.slug}.pdf"
    html_path = target_dir / f"{report.slug}.html" if html else None
    say("writing")
    if html_path is not None:
        write_atomic(html_path, rendered.html.encode("utf-8"))
    write_atomic(pdf_path, pdf.data)
    return BuildResult(report=report, pdf_path=pdf_path, html_path=html_path,
                       pages=pdf.pages, bytes=len(pdf.data),
                       seconds=time.perf_counter() - started,
                       warnings=tuple(diagnostics.warnings))
