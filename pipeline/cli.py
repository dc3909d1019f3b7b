"""The ``almen`` command line: a thin layer over :mod:`pipeline`'s Python API."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import click

from pipeline import danish
from pipeline.builder import BuildOutcome, build_many, discover_reports
from pipeline.builder import build as build_report
from pipeline.check import check_report
from pipeline.errors import PipelineError, Severity
from pipeline.load import load_report
from pipeline.paths import REPORTS_DIR


def _report_dirs(paths: tuple[Path, ...]) -> list[Path]:
    if paths:
        return list(paths)
    found = discover_reports(Path("reports") if Path("reports").is_dir() else REPORTS_DIR)
    if not found:
        raise click.ClickException("no report folders found under reports/")
    return found


class _Group(click.Group):
    """Turns unexpected exceptions into a one-line message unless --debug is given."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            raise click.ClickException("interrupted; no output was changed") from None
        except Exception as exc:
            if "--debug" in sys.argv or (ctx.obj or {}).get("debug"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} "
                "(run again with --debug to see the details)") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="almenrapport", prog_name="almen")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Build AlmenNet's reports (AlmenRapporter) from Markdown into branded PDFs."""
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("report_dirs", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option("--all", "build_all", is_flag=True,
              help="Build every report under reports/ (the default without REPORT_DIRS).")
@click.option("--out", "out_dir", default="dist", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--html", "write_html", is_flag=True,
              help="Also write the HTML that WeasyPrint renders (dist/SLUG/SLUG.html).")
@click.option("--force", is_flag=True, help="Rebuild even if nothing has changed.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Reports to build in parallel (default: number of CPU cores).")
@click.pass_context
def build(ctx: click.Context, report_dirs: tuple[Path, ...], build_all: bool, out_dir: Path,
          write_html: bool, force: bool, jobs: int | None) -> None:
    """Build REPORT_DIRS (default: every folder under reports/) into PDFs."""
    if build_all and report_dirs:
        raise click.UsageError("give report folders or --all, not both")
    dirs = _report_dirs(report_dirs)
    done = 0

    def report(outcome: BuildOutcome) -> None:
        nonlocal done
        done += 1
        prefix = f"[{done}/{len(dirs)}] {outcome.folder.name}"
        if sys.stderr.isatty():
            click.echo("\r\033[K", nl=False, err=True)
        if outcome.error is not None:
            click.echo(f"{prefix}: FAILED", err=True)
            click.echo(outcome.error, err=True)
            return
        result = outcome.result
        assert result is not None
        for warning in result.warnings:
            click.echo(warning.format(Path.cwd()), err=True)
        if result.skipped:
            click.echo(f"{prefix}: up to date: {result.pdf_path} ({result.pages} pages; "
                       "use --force to rebuild)")
            return
        click.echo(f"{prefix}: built {result.pdf_path} ({result.pages} pages, "
                   f"{danish.format_bytes(result.bytes).replace(',', '.')}, "
                   f"{result.seconds:.1f} s)")
        if result.html_path:
            click.echo(f"      {result.html_path}")

    if len(dirs) == 1 or jobs == 1:
        outcomes = []
        for folder in dirs:
            started = time.perf_counter()
            prefix = f"[{done + 1}/{len(dirs)}] {folder.name}"

            def progress(stage: str, prefix: str = prefix, started: float = started) -> None:
                if sys.stderr.isatty():
                    click.echo(f"\r\033[K{prefix}: {stage} "
                               f"({time.perf_counter() - started:.1f} s)", nl=False, err=True)
                else:
                    click.echo(f"{prefix}: {stage}", err=True)

            try:
                result = build_report(folder, out_dir, html=write_html, force=force,
                                      progress=progress)
                outcome = BuildOutcome(folder, result, None)
            except PipelineError as exc:
                if ctx.obj["debug"]:
                    raise
                outcome = BuildOutcome(folder, None, exc.format_message())
            report(outcome)
            outcomes.append(outcome)
    else:
        workers = min(jobs or os.cpu_count() or 1, len(dirs))
        click.echo(f"building {len(dirs)} reports with {workers} parallel jobs", err=True)
        outcomes = build_many(dirs, out_dir, html=write_html, force=force, jobs=jobs,
                              on_done=report)
    failures = sum(o.error is not None for o in outcomes)
    if failures:
        raise click.ClickException(f"{failures} of {len(dirs)} report(s) failed to build")


@main.command()
@click.argument("report_dirs", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True, help="Output as text or JSON.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(report_dirs: tuple[Path, ...], output_format: str, strict: bool) -> None:
    """Validate REPORT_DIRS without building; list every problem at once."""
    results = [check_report(folder) for folder in _report_dirs(report_dirs)]
    diagnostics = [d for r in results for d in r.diagnostics]
    if strict:
        diagnostics = [replace(d, severity=Severity.ERROR) for d in diagnostics]
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    root = Path.cwd()
    if output_format == "json":
        click.echo(json.dumps({
            "reports": [str(r.report_dir) for r in results],
            "errors": errors, "warnings": warnings,
            "diagnostics": [d.to_dict(root) for d in diagnostics],
        }, ensure_ascii=False, indent=2))
    else:
        for diagnostic in diagnostics:
            click.echo(diagnostic.format(root))
        click.echo(f"{len(results)} report(s) checked: {errors} error(s), "
                   f"{warnings} warning(s)")
    if errors:
        sys.exit(1)


@main.command("list")
@click.argument("report_dirs", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
def list_reports(report_dirs: tuple[Path, ...]) -> None:
    """List the reports found, with title, year, layout and chapter count."""
    rows = []
    for folder in _report_dirs(report_dirs):
        try:
            report = load_report(folder)
        except PipelineError as exc:
            rows.append((folder.name, "(invalid: run 'almen check')", "", "", ""))
            del exc
            continue
        meta = report.meta
        rows.append((report.slug, meta.title, str(meta.year), meta.layout,
                     str(len(report.chapters))))
    header = ("REPORT", "TITLE", "YEAR", "LAYOUT", "CHAPTERS")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
