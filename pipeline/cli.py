"""The ``almen`` command line: a thin layer over :mod:`pipeline`'s Python API."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import click

from pipeline import atomic, danish, paths, renderer
from pipeline.builder import BuildOutcome, build_many, discover_reports
from pipeline.builder import build as build_report
from pipeline.check import check_report
from pipeline.errors import PipelineError, Severity
from pipeline.language import readability
from pipeline.load import load_report
from pipeline.proof import DEFAULT_PROOF_DPI, write_proof
from pipeline.settings import BUILD_DIR, PREVIEW_HOST, PREVIEW_PORT, PUBLISH_DIR
from pipeline.visualdiff import DEFAULT_DIFF_DPI, DEFAULT_THRESHOLD, diff_report


def failure(message: str, exit_code: int) -> click.ClickException:
    """A ClickException with its own exit status (click declares it on the class)."""
    kind: type[click.ClickException] = type("AlmenFailure", (click.ClickException,),
                                            {"exit_code": exit_code})
    return kind(message)


def _report_dirs(given: tuple[Path, ...]) -> list[Path]:
    if given:
        return list(given)
    found = discover_reports()
    if not found:
        raise click.ClickException(f"no report folders found under {paths.REPORTS_DIR}")
    return found


def _out(given: Path | None, default: str) -> Path:
    return paths.out_dir(given, default)


def interrupted_message(signum: int, replaced: list[Path]) -> str:
    """What an interrupted command tells the editor: the truth about the outputs."""
    name = {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGTERM: "SIGTERM"}.get(
        signal.Signals(signum), signal.Signals(signum).name)
    if not replaced:
        return f"afbrudt af {name}; ingen filer blev ændret"
    listed = ", ".join(str(p) for p in dict.fromkeys(replaced))
    return (f"afbrudt af {name}; disse filer var allerede skrevet færdige og er erstattet: "
            f"{listed}; ingen andre filer blev ændret")


class _Group(click.Group):
    """Turns unexpected exceptions into a one-line message unless --debug is given.

    SIGINT and SIGTERM are handled alike (also without a terminal): the command stops,
    says which outputs (if any) were replaced before it stopped, and exits with
    128 + the signal's number (130, 143)."""

    def invoke(self, ctx: click.Context) -> object:
        start = len(atomic.journal)
        try:
            with atomic.signals_raise():
                return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt as exc:
            signum = exc.signum if isinstance(exc, atomic.Interrupted) else signal.SIGINT
            raise failure(interrupted_message(signum, atomic.journal[start:]),
                          128 + signum) from None
        except OSError as exc:
            if exc.errno not in atomic.PLAIN_ERRNOS or "--debug" in sys.argv:
                raise
            # e.g. a full disk under WeasyPrint's own temporary files
            raise atomic.output_error(Path(exc.filename or "."), exc) from None
        except Exception as exc:
            if "--debug" in sys.argv or (ctx.obj or {}).get("debug"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} "
                "(run again with --debug to see the details)") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="almenrapport", prog_name="almen")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.option("--project", "project", default=None,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="The project folder (holding reports/ and layouts/). Default: $ALMEN_ROOT, "
                   "else the nearest such folder at or above the current one.")
@click.pass_context
def main(ctx: click.Context, debug: bool, project: Path | None) -> None:
    """Build AlmenNet's reports (AlmenRapporter) from Markdown into branded PDFs."""
    ctx.obj = {"debug": debug}
    if project is not None:
        if not paths.is_project(project):
            raise click.BadParameter(f"{project} holds no reports/ and layouts/_brand/",
                                     param_hint="--project")
        paths.use_project(project)


@main.command()
@click.argument("report_dirs", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option("--all", "build_all", is_flag=True,
              help="Build every report under reports/ (the default without REPORT_DIRS).")
@click.option("--out", "out_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help=f"Output folder [default: {BUILD_DIR}/ in the project folder].")
@click.option("--html", "write_html", is_flag=True,
              help="Also write the HTML that WeasyPrint renders (dist/SLUG/SLUG.html).")
@click.option("--force", is_flag=True, help="Rebuild even if nothing has changed.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Reports to build in parallel (default: number of CPU cores).")
@click.option("--web", "write_web", is_flag=True,
              help="Also write the web edition (dist/SLUG/index.html and dist/SLUG/web/).")
@click.pass_context
def build(ctx: click.Context, report_dirs: tuple[Path, ...], build_all: bool,
          out_dir: Path | None, write_html: bool, force: bool, jobs: int | None,
          write_web: bool) -> None:
    """Build REPORT_DIRS (default: every folder under reports/) into PDFs."""
    out_dir = _out(out_dir, BUILD_DIR)
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
        renderer.discard()  # each parallel build renders in its own process
        workers = min(jobs or os.cpu_count() or 1, len(dirs))
        click.echo(f"building {len(dirs)} reports with {workers} parallel jobs", err=True)
        outcomes = build_many(dirs, out_dir, html=write_html, force=force, jobs=jobs,
                              on_done=report)
    failures = sum(o.error is not None for o in outcomes)
    if failures:
        raise click.ClickException(f"{failures} of {len(dirs)} report(s) failed to build")
    if write_web:
        from pipeline.web import build_web
        for folder in dirs:
            edition = build_web(folder, out_dir)
            click.echo(f"{folder.name}: web edition {edition.page} ({len(edition.files)} files, "
                       f"{danish.format_bytes(edition.bytes)})")


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
            "readability": {str(r.report_dir): readability(r.report)
                            for r in results if r.report is not None},
        }, ensure_ascii=False, indent=2))
    else:
        for diagnostic in diagnostics:
            click.echo(diagnostic.format(root))
        click.echo(f"{len(results)} report(s) checked: {errors} error(s), "
                   f"{warnings} warning(s)")
    if errors:
        sys.exit(1)


@main.command()
@click.argument("report_dirs", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Publication folder, replaced as a whole at the end "
                   f"[default: {PUBLISH_DIR}/ in the project folder].")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Reports to build in parallel (default: number of CPU cores).")
@click.option("--force", is_flag=True,
              help="Rebuild every report, even those unchanged since they were published.")
@click.option("--print-profile", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="The print shop's own CMYK ICC profile for the print "
              "edition (default: the shipped FOGRA39 profile; docs/print.md).")
@click.option("--check-web", is_flag=True,
              help="Check every web edition and the list with axe-core in chromium "
                   "(WCAG 2.1 AA); publish nothing if one fails.")
def publish(report_dirs: tuple[Path, ...], out_dir: Path | None, jobs: int | None,
            force: bool, check_web: bool, print_profile: Path | None) -> None:
    """Publish REPORT_DIRS (default: every report) for the website: screen and print
    PDFs, cover images, catalog.json and index.html (see docs/website.md)."""
    out_dir = _out(out_dir, PUBLISH_DIR)
    from pipeline.publishing import publish as publish_reports

    result = publish_reports(_report_dirs(report_dirs), out_dir, complete=not report_dirs,
                             jobs=jobs, force=force, check_web=check_web,
                             print_profile=print_profile,
                             progress=lambda slug, stage: click.echo(f"{slug}: {stage}",
                                                                     err=True))
    for warning in result.warnings:
        click.echo(warning.format(Path.cwd()), err=True)
    for p in result.published:
        sizes = ", ".join(f"{f.path} {danish.format_bytes(f.bytes)}" for f in p.files
                          if f.media_type == "application/pdf")
        click.echo(f"published {p.slug} ({p.pages} pages): {sizes}")
    for slug in result.up_to_date:
        click.echo(f"up to date: {slug} (unchanged since it was published; use --force "
                   "to rebuild)")
    for slug in result.kept:
        click.echo(f"kept {slug} as previously published")
    for slug in result.removed:
        click.echo(f"removed {slug}: its report folder is gone")
    for failure in result.failures:
        click.echo(f"{failure.slug}: FAILED", err=True)
        click.echo(failure.message, err=True)
        if failure.kept_previous:
            click.echo(f"{failure.slug}: the previously published version stays online",
                       err=True)
    click.echo(f"wrote {result.catalog_path} and {result.index_path}")
    if result.failures:
        names = ", ".join(f.slug for f in result.failures)
        raise click.ClickException(f"{len(result.failures)} report(s) failed to publish: "
                                   f"{names}")


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


@main.command()
@click.argument("report_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=PREVIEW_PORT, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--host", default=PREVIEW_HOST, show_default=True, help="Address to listen on.")
@click.option("--open/--no-open", "open_browser", default=None,
              help="Open the page in a web browser (default: only when run in a terminal).")
def preview(report_dir: Path, port: int, host: str, open_browser: bool | None) -> None:
    """Serve a live preview of REPORT_DIR that follows every edit; Ctrl-C stops it.

    The page shows the rendered pages and updates itself within seconds when a file of
    the report, its layout, the brand or assets/ changes; a build error is shown on the
    page above the last good pages.
    """
    from pipeline.preview import run_preview

    run_preview(report_dir, host=host, port=port, open_browser=open_browser)


def _stage_printer(name: str) -> Callable[[str], None]:
    """Progress lines on stderr, like ``almen build`` prints them."""
    def progress(stage: str) -> None:
        click.echo(f"{name}: {stage}", err=True)
    return progress


@main.command()
@click.argument("report_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help=f"Output folder [default: {BUILD_DIR}/ in the project folder].")
@click.option("--dpi", type=click.IntRange(10, 600), default=DEFAULT_PROOF_DPI, show_default=True,
              help="Resolution of the page images.")
def proof(report_dir: Path, out_dir: Path | None, dpi: int) -> None:
    """Build REPORT_DIR and write every page as PNG plus a contact sheet in spreads.

    Writes dist/SLUG/proof/side-01.png, … and kontaktark.png; the folder is replaced as
    a whole, so it never holds pages of an earlier version.
    """
    out_dir = _out(out_dir, BUILD_DIR)
    result = build_report(report_dir, out_dir, progress=_stage_printer(report_dir.name))
    click.echo(f"{'up to date' if result.skipped else 'built'}: {result.pdf_path} "
               f"({result.pages} pages)")
    written = write_proof(result.pdf_path, result.pdf_path.parent / "proof", dpi=dpi)
    width, height = written.page_size
    click.echo(f"wrote {len(written.pages)} page images ({width}x{height} px, {dpi} dpi): "
               f"{written.pages[0]} … {written.pages[-1].name}")
    click.echo(f"wrote contact sheet {written.sheet} "
               f"({written.sheet_size[0]}x{written.sheet_size[1]} px)")


@main.command(epilog="Exit status: 0 when nothing changed, 1 when pages changed or were "
              "added or removed, 2 on errors.")
@click.argument("report_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--against", "against", required=True, metavar="REF",
              help="A git revision (commit, branch, tag) or a folder holding layouts/ "
                   "(and optionally assets/) to compare with.")
@click.option("--out", "out_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help=f"Output folder [default: {BUILD_DIR}/ in the project folder].")
@click.option("--dpi", type=click.IntRange(10, 300), default=DEFAULT_DIFF_DPI, show_default=True,
              help="Resolution both renders are compared at.")
@click.option("--threshold", type=click.IntRange(0, 254), default=DEFAULT_THRESHOLD,
              show_default=True,
              help="How much (0-255) a colour channel must differ for a pixel to count "
                   "as changed; absorbs anti-aliasing noise.")
@click.pass_context
def diff(ctx: click.Context, report_dir: Path, against: str, out_dir: Path | None, dpi: int,
         threshold: int) -> None:
    """Compare REPORT_DIR rendered with the current layouts and brand and with REF.

    The report's text and images are the current ones on both sides; only layouts/ and
    assets/ come from REF. Writes dist/SLUG/diff/: an image per changed page (before |
    now | changes in magenta) and summary.json.
    """
    out_dir = _out(out_dir, BUILD_DIR)
    try:
        result = diff_report(report_dir, against, out_dir, dpi=dpi, threshold=threshold,
                             progress=_stage_printer(report_dir.name))
    except click.ClickException as exc:
        raise failure(exc.message, max(exc.exit_code, 2)) from None  # 1: "pages changed"
    except Exception as exc:
        if ctx.obj["debug"]:
            raise
        raise failure(f"internal error: {type(exc).__name__}: {exc} "
                      "(run again with --debug to see the details)", 2) from None
    c = result.comparison
    click.echo(f"compared {result.slug} with {result.description} at {dpi} dpi: "
               f"{c.pages_before} pages before, {c.pages_after} now")
    for change in c.changed:
        click.echo(f"  page {change.page:>3}: {change.percent:.2f} % of pixels changed  "
                   f"{result.folder / str(change.image)}")
    for number in c.added:
        click.echo(f"  page {number:>3}: added  {result.folder / f'side-{number:02d}.png'}")
    for number in c.removed:
        click.echo(f"  page {number:>3}: removed  {result.folder / f'side-{number:02d}.png'}")
    if c.identical:
        click.echo(f"no visual changes; summary: {result.summary_path}")
    else:
        click.echo(f"{len(c.changed)} page(s) changed, {len(c.added)} added, "
                   f"{len(c.removed)} removed; summary: {result.summary_path}")
        ctx.exit(1)


@main.command(epilog="Exit status: 0 when the file passes (warnings allowed), 1 on errors.")
@click.argument("pdf_path", metavar="PDF",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pad", is_flag=True,
              help="First append blank pages up to a multiple of 4 (rewrites PDF).")
@click.pass_context
def preflight(ctx: click.Context, pdf_path: Path, pad: bool) -> None:
    """Check a print PDF as a print shop would (docs/print.md); messages in Danish."""
    from pipeline.printing.preflight import pad_file
    from pipeline.printing.preflight import preflight as run_preflight

    if pad and (added := pad_file(pdf_path)):
        click.echo(f"{pdf_path.name}: {added} blanke sider tilføjet til sidst")
    report = run_preflight(pdf_path)
    for finding in report.findings:
        click.echo(finding.format(str(pdf_path)), err=finding.severity == "fejl")
    click.echo(f"{pdf_path.name}: {report.pages} sider, {len(report.errors)} fejl, "
               f"{len(report.warnings)} advarsler")
    if report.errors:
        ctx.exit(1)


@main.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", "report_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="The report folder that gets the draft chapters.")
@click.option("--force", is_flag=True, help="Replace chapters and images imported before.")
def import_command(files: tuple[Path, ...], report_dir: Path, force: bool) -> None:
    """Import Word (.docx) and PowerPoint (.pptx) FILES as draft chapters of a report."""
    from pipeline.importing import import_files

    for line in import_files(files, report_dir, force=force).summary():
        click.echo(line)
