"""Refresh the reference renders in tests/reference/SLUG/ (run by `make refresh-references`).

The test suite compares every report that has reference renders against them page by page
(tests/test_proof_diff.py), so a WeasyPrint or pdfium upgrade cannot change a report
unnoticed. After a deliberate change to a report, a layout or the brand, run this, look at
the new renders, and commit them.

    python scripts/refresh_references.py                       # every report under reports/
    python scripts/refresh_references.py reports/SLUG [...]    # only these
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import PipelineError, build, discover_reports  # noqa: E402
from pipeline.visualdiff import REFERENCE_DPI, write_references  # noqa: E402

REFERENCE_ROOT = ROOT / "tests" / "reference"
SIZE_BUDGET = 2 * 1024 * 1024  # all reference renders together: keep the repository small


@click.command()
@click.argument("report_dirs", nargs=-1,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--dpi", type=click.IntRange(10, 150), default=REFERENCE_DPI, show_default=True,
              help="Resolution of the reference renders.")
def main(report_dirs: tuple[Path, ...], dpi: int) -> None:
    """Render REPORT_DIRS (default: every report under reports/) into tests/reference/."""
    folders = list(report_dirs) or discover_reports(ROOT / "reports")
    if not folders:
        raise click.ClickException("no reports found under reports/")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="almen-references-") as out:
        for folder in folders:
            try:
                result = build(folder, out, force=True)
            except PipelineError as exc:
                failures += 1
                click.echo(f"{folder.name}: FAILED, references left as they were", err=True)
                click.echo(exc.format_message(), err=True)
                continue
            slug = result.pdf_path.stem
            pages = write_references(result.pdf_path, REFERENCE_ROOT / slug, dpi)
            size = sum(p.stat().st_size for p in pages)
            click.echo(f"{slug}: {len(pages)} pages at {dpi} dpi, {size / 1024:.0f} KiB "
                       f"-> {(REFERENCE_ROOT / slug).relative_to(ROOT)}/")
    known = {p.name for p in discover_reports(ROOT / "reports")}
    for stale in sorted(p for p in REFERENCE_ROOT.glob("*") if p.is_dir()):
        if stale.name not in known:
            click.echo(f"note: {stale.relative_to(ROOT)} belongs to no report under reports/; "
                       "delete it if the report is gone", err=True)
    total = sum(p.stat().st_size for p in REFERENCE_ROOT.rglob("*") if p.is_file())
    click.echo(f"tests/reference/ holds {total / 1024 / 1024:.2f} MiB in all")
    if total > SIZE_BUDGET:
        click.echo(f"warning: more than {SIZE_BUDGET // 1024 // 1024} MiB; consider a lower "
                   "--dpi", err=True)
    if failures:
        raise click.ClickException(f"{failures} report(s) failed to build")


if __name__ == "__main__":
    main()
