"""The preview server: its lifecycle, the render worker and the file watcher.

Three threads do the work, and the HTTP handlers (:mod:`.handler`) only read what they
publish:

- the **render worker** owns the warm :class:`~.relayout.IncrementalRenderer` and is the
  only thread that calls WeasyPrint (it is not thread-safe); it renders once at start and
  again whenever the watcher marks the report dirty, coalescing bursts. After a render it
  first writes a small PDF of the pages the editor waits for (the edited chapter's pages;
  after a whole re-layout, the pages in view), publishes the new version with the other
  pages' images carried over, and then writes the whole PDF;
- the **watcher** (``watchfiles``, filter :class:`~.watch.ChangeFilter`) follows the report
  folder, its layout folder, ``layouts/_brand``, ``layouts/_base`` and ``assets/``;
- the **HTTP server** serves the page, events, page images and the PDF.

A failed render keeps the last good pages and publishes the error with the same
``file:line:col: error: ...`` lines as ``almen build``.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import yaml

from pipeline import paths
from pipeline.errors import PipelineError, ReportError
from pipeline.preview.handler import Handler, PreviewHTTPServer
from pipeline.preview.pages import PageSet, page_sizes
from pipeline.preview.watch import ChangeFilter
from pipeline.settings import BUILD_DIR, DEFAULT_LAYOUT, PREVIEW_DPI, PREVIEW_HOST, PREVIEW_PORT

DEFAULT_DPI = PREVIEW_DPI         # page images at screen size: an A4 page is 794x1123 px
STEP_MS = 30                      # the watcher looks for quiet this often ...
DEBOUNCE_MS = 1600                # ... and groups a burst of changes for at most this long
FIRST_PAGES = 2                   # shown first when the browser has not said what it shows


def _error_text(exc: BaseException) -> tuple[str, list[dict[str, object]]]:
    """The message the CLI would print for ``exc``, and its findings as JSON objects."""
    root = Path.cwd()
    if isinstance(exc, ReportError):
        return ("\n".join(d.format(root) for d in exc.diagnostics),
                [d.to_dict(root) for d in exc.diagnostics])
    if isinstance(exc, PipelineError):
        return exc.format_message(), []
    return f"internal error: {type(exc).__name__}: {exc}", []


def _report_yaml(report_dir: Path) -> dict[str, Any]:
    """report.yaml as a plain mapping, or {} when it cannot be read (the render says why)."""
    try:
        data = yaml.safe_load((report_dir / "report.yaml").read_text(encoding="utf-8"))
    except Exception:   # e.g. ValueError for 2024-02-31; the render reports it, located
        return {}
    return data if isinstance(data, dict) else {}


class PreviewServer:
    """A live preview of one report folder, served on ``host:port`` (0: a free port).

    ``start()`` returns at once (the first render runs in the background; ``/status`` has
    ``version`` 0 until it is done); ``stop()`` ends every thread. ``log`` receives one line
    per render, for the command line.
    """

    def __init__(self, report_dir: Path | str, host: str = PREVIEW_HOST,
                 port: int = PREVIEW_PORT, *, out_dir: Path | str | None = None,
                 dpi: int = DEFAULT_DPI,
                 log: Callable[[str, bool], None] | None = None) -> None:
        self.report_dir = Path(report_dir)
        self.host = host
        self.port = port
        self.out_dir = paths.out_dir(out_dir, BUILD_DIR)
        self.dpi = dpi
        self.slug = self.report_dir.resolve().name
        self.log = log or (lambda line, is_error: None)
        self.run = f"{time.time_ns():x}"  # tells this server's images from an earlier one's
        info = _report_yaml(self.report_dir)
        self.title = str(info.get("title") or self.slug)
        self.filter = ChangeFilter(self.report_dir, str(info.get("layout") or DEFAULT_LAYOUT))

        self._state = threading.Condition()
        self._generation = 0              # bumps on every change clients should see
        self._version = 0                 # bumps on every good render
        self._good: PageSet | None = None
        self._error: str | None = None
        self._diagnostics: list[dict[str, object]] = []
        self._building = False
        self._writing = False             # the shown version's whole PDF is being written
        self._focus: tuple[int, ...] = ()  # the pages the browser shows (1-based)
        self._pdfium_lock = threading.Lock()
        self._web_lock = threading.Lock()
        self._web_stamp: object = None
        self._web_folder: Path | None = None

        self._dirty = threading.Event()   # the watcher asks for a render
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._httpd: PreviewHTTPServer | None = None

    # lifecycle ------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        host = self.host if ":" not in self.host else f"[{self.host}]"
        if host in ("0.0.0.0", "[::]", ""):
            host = "127.0.0.1"
        return f"http://{host}:{self.port}/"

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def start(self) -> PreviewServer:
        """Bind the port and start the server, the watcher and the first render."""
        try:
            self._httpd = PreviewHTTPServer((self.host, self.port), Handler, self)
        except OSError as exc:
            raise click.ClickException(
                f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc} "
                "(choose another port with --port, or --port 0 for a free one)") from None
        self.port = self._httpd.server_address[1]
        self._dirty.set()
        for name, target in (("preview-http", self._httpd.serve_forever),
                             ("preview-render", self._render_loop),
                             ("preview-watch", self._watch_loop)):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop watching, serving and rendering (waits for a render under way)."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._dirty.set()
        with self._state:
            self._state.notify_all()
        if self._good is not None:
            self._good.close()             # wakes requests waiting for a page
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout)
        with self._state:
            if self._good is not None:
                self._good.close()

    def __enter__(self) -> PreviewServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # state ----------------------------------------------------------------------------------
    def status(self) -> dict[str, object]:
        """What ``/status`` and every event on ``/events`` carry."""
        with self._state:
            return self._status()

    def _status(self) -> dict[str, object]:
        good = self._good
        return {
            "report": self.slug,
            "title": self.title,
            "run": self.run,
            "version": self._version,
            "generation": self._generation,
            "building": self._building,
            "writing": self._writing,
            "pages": good.pages if good else 0,
            "page_sizes": good.sizes if good else [],
            "page_versions": good.page_versions if good else [],
            "seconds": round(good.seconds, 3) if good else None,
            "updated": good.updated if good else None,
            "reused_chapters": good.reused_chapters if good else 0,
            "error": self._error,
            "diagnostics": self._diagnostics,
        }

    def wait_for_change(self, generation: int, timeout: float) -> dict[str, object]:
        """The status as soon as its generation differs from ``generation`` (or at timeout)."""
        with self._state:
            self._state.wait_for(lambda: self._generation != generation
                                 or self._stopping.is_set(), timeout)
            return self._status()

    def page_set(self) -> PageSet | None:
        with self._state:
            return self._good

    def set_focus(self, pages: list[int]) -> None:
        """The pages (1-based) the browser shows now: after a change they come first."""
        self._focus = tuple(pages)

    def _publish(self, **changes: Any) -> None:
        with self._state:
            for name, value in changes.items():
                setattr(self, f"_{name}", value)
            self._generation += 1
            self._state.notify_all()

    # the render worker: the only thread that touches WeasyPrint ----------------------------
    def web_edition(self, *, refresh: bool = True) -> Path:
        """The folder of the report's web edition: built into the preview's output folder
        on first request and, with ``refresh`` (the page itself is asked for), again after
        any change; the files the page loads come from the folder as it is (under a lock:
        the HTTP threads may ask at once). Raises PipelineError like ``almen build --web``."""
        from pipeline.paths import tree_signature
        from pipeline.web import build_web

        with self._web_lock:
            if not refresh and self._web_folder is not None:
                return self._web_folder
            stamp = tree_signature(self.report_dir, paths.LAYOUTS_DIR, paths.ASSETS_DIR)
            if self._web_stamp != stamp or self._web_folder is None:
                self._web_folder = None
                edition = build_web(self.report_dir, self.out_dir / "web-preview")
                self._web_folder, self._web_stamp = edition.folder, stamp
            return self._web_folder

    def _render_loop(self) -> None:
        """Render whenever the watcher asks. Nothing a file can cause ends this loop: any
        exception becomes the error banner, and the next save renders again."""
        renderer: Any = None
        while True:
            self._dirty.wait()
            if self._stopping.is_set():
                return
            self._dirty.clear()
            try:
                renderer = self._render_once(renderer)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:   # WeasyPrint's FatalURLFetchingError is one
                message, diagnostics = _error_text(exc)
                if not isinstance(exc, PipelineError):
                    message += "\n" + "".join(traceback.format_exception(exc)).rstrip()
                    renderer = None   # its state may be half updated: start afresh
                self._publish(building=False, error=message, diagnostics=diagnostics)
                self.log(message, True)

    def _render_once(self, renderer: Any) -> Any:
        info = _report_yaml(self.report_dir)
        self.title = str(info.get("title") or self.slug)
        self.filter.layout = str(info.get("layout") or DEFAULT_LAYOUT)
        self._publish(building=True)
        if renderer is None:
            from pipeline.preview.relayout import IncrementalRenderer

            renderer = IncrementalRenderer(self.report_dir, self.out_dir)
        result = renderer.render()
        old = self.page_set()
        version = self._version + 1
        sizes = page_sizes(result.document, self.dpi)
        partial = (result.changed is not None and old is not None
                   and old.pages == result.pages and old.sizes == sizes)
        if partial:
            assert old is not None and result.changed is not None
            first = sorted(n + 1 for n in result.changed)          # the edited pages
            versions = [version if n + 1 in first else v
                        for n, v in enumerate(old.page_versions)]
        else:
            in_view = [n for n in self._focus if 1 <= n <= result.pages]
            first = in_view or list(range(1, min(FIRST_PAGES, result.pages) + 1))
            versions = [version] * result.pages
        pages = PageSet(version, sizes, versions, result.seconds, result.reused_chapters,
                        time.strftime("%H.%M.%S"), self.dpi, self._pdfium_lock,
                        fallback_pdf=old.pdf(timeout=0) if old is not None else None)
        if first:   # a partial render may change no page (an edit undone, a fixed error)
            pages.add_pdf(result.write([n - 1 for n in first]), first)
        if partial:
            assert old is not None
            pages.carry_over(old, set(range(1, result.pages + 1)) - set(first))
        self._publish(building=False, writing=True, good=pages, version=version, error=None,
                      diagnostics=[])
        if old is not None:
            old.close()
        reused = (f", {result.reused_chapters} chapter(s) reused"
                  if result.reused_chapters else "")
        self.log(f"[{pages.updated.replace('.', ':')}] version {version}: "
                 f"{pages.pages} pages in {result.seconds:.1f} s{reused}", False)
        # The pages the editor looks at first, then the whole PDF, then the other images.
        focus = set(self._focus)
        for number in [n for n in first if n in focus] or first[:FIRST_PAGES]:
            pages.png(number, ahead=True)
        try:
            pages.add_pdf(result.pdf)
        except BaseException:
            pages.fail()
            raise
        finally:
            self._publish(writing=False)
        for number in range(1, pages.pages + 1):
            if self._dirty.is_set() or self._stopping.is_set():
                break
            pages.png(number, ahead=True)
        return renderer

    # the watcher -----------------------------------------------------------------------------
    def _watch_loop(self) -> None:
        import watchfiles

        roots = self.filter.roots()
        try:
            for changes in watchfiles.watch(*roots, watch_filter=self.filter,
                                            stop_event=self._stopping, step=STEP_MS,
                                            debounce=DEBOUNCE_MS, raise_interrupt=False):
                if changes:
                    self._dirty.set()
        except Exception as exc:   # the page still works; say why it stopped following edits
            if not self._stopping.is_set():
                self._publish(error=f"internal error: the file watcher stopped: {exc}")
                self.log(f"the file watcher stopped: {exc}", True)


# --- the command line ----------------------------------------------------------------------

def run_preview(report_dir: Path, *, host: str = PREVIEW_HOST, port: int = PREVIEW_PORT,
                open_browser: bool | None = None) -> None:
    """``almen preview``: serve until Ctrl-C (or SIGTERM), then stop cleanly."""
    if not (report_dir / "report.yaml").is_file():
        raise click.ClickException(f"{report_dir}: not a report folder (no report.yaml)")

    def log(line: str, is_error: bool) -> None:
        click.echo(line, err=is_error)

    server = PreviewServer(report_dir, host, port, log=log).start()
    stopped = threading.Event()
    received: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        received.append(signum)
        stopped.set()

    in_main = threading.current_thread() is threading.main_thread()
    # SIGINT and SIGTERM alike, also when started without a terminal (where a background
    # job may begin with SIGINT ignored).
    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)} \
        if in_main else {}
    try:
        click.echo(f"previewing {report_dir} at {server.url}  (Ctrl-C stops)")
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"note: listening on {host}: other machines may see this preview",
                       err=True)
        if open_browser is None:
            open_browser = sys.stdout.isatty()
        if open_browser:
            webbrowser.open(server.url)
        with contextlib.suppress(KeyboardInterrupt):
            while not stopped.wait(0.5):
                pass
    finally:
        with contextlib.suppress(KeyboardInterrupt):
            click.echo("forhåndsvisningen stopper", err=True)
            server.stop()
        for s, handler in previous.items():
            signal.signal(s, handler)
    if received:
        click.echo(f"forhåndsvisningen er stoppet ({signal.Signals(received[0]).name}); "
                   "ingen filer blev ændret", err=True)
        raise click.exceptions.Exit(128 + received[0])
