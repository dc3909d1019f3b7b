"""``almen preview``: a local web page that shows a report's pages and follows every edit.

Three threads do the work, and the HTTP handlers only read what they publish:

- the **render worker** owns the warm :class:`~pipeline.incremental.IncrementalRenderer`
  and is the only thread that calls WeasyPrint (it is not thread-safe); it renders once at
  start and again whenever the watcher marks the report dirty, coalescing bursts;
- the **watcher** (``watchfiles``) follows the report folder, its layout folder,
  ``layouts/_brand``, ``layouts/_base`` and ``assets/``, ignoring editor temp files and
  ``dist/``;
- the **HTTP server** (``http.server.ThreadingHTTPServer``, standard library only) serves
  the page ``/``, server-sent events ``/events``, page images ``/pages/N.png?v=VERSION``,
  the latest good PDF ``/report.pdf`` and ``/status`` (JSON).

A failed render keeps the last good PDF and its page images and publishes the error with
the same ``file:line:col: error: ...`` lines as ``almen build``; the page shows them in a
banner above the last good pages. Page images are rendered from the PDF with pypdfium2 on
demand (the browser loads them lazily) and the rest are rendered ahead in the background,
so a large report's update is visible as soon as WeasyPrint is done.

Python API (what the tests use)::

    with PreviewServer("reports/SLUG", port=0) as server:
        print(server.url)
"""

from __future__ import annotations

import contextlib
import html
import io
import ipaddress
import json
import re
import signal
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import click
import yaml

from pipeline.errors import PipelineError, ReportError
from pipeline.paths import ASSETS_DIR, BRAND_DIR, LAYOUTS_DIR

DEFAULT_DPI = 96                  # page images at screen size: an A4 page is 794x1123 px
STEP_MS = 50                      # the watcher looks for quiet this often ...
DEBOUNCE_MS = 1600                # ... and groups a burst of changes for at most this long
KEEPALIVE_S = 15.0                # a comment line on /events this often keeps proxies quiet
STATIC_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff2": "font/woff2",
                ".svg": "image/svg+xml", ".png": "image/png", ".css": "text/css"}

# Files editors and tools write next to the real ones and that never change a report:
# vim's 4913 probe and swap files, emacs' #autosave# and .#locks, *~ backups, gedit's
# .goutputstream-*, LibreOffice's .~lock.*, atomic-write temporaries (*.tmp, *.part).
IGNORED_NAMES = re.compile(r"^(4913|#.*#|\.~lock\..*|\.goutputstream-.*)$|\.(tmp|part|crdownload)$"
                           r"|\.sw.$|~$|^\.#|^\.DS_Store$")
IGNORED_DIRS = frozenset({"dist", ".git", ".cache", "__pycache__", ".venv", "node_modules",
                          ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache",
                          ".idea", ".vscode"})


# --- what the page shows -------------------------------------------------------------------

@dataclass
class _PageSet:
    """One good render: its PDF, and page images made from it on demand (pypdfium2)."""

    version: int
    pdf: bytes
    pages: int
    seconds: float
    reused_chapters: int
    updated: str                         # local time of the render, Danish style (14.03.12)
    dpi: int
    lock: threading.Lock                 # pdfium is not thread-safe: one lock for all sets
    sizes: list[tuple[int, int]] = field(default_factory=list)
    pngs: dict[int, bytes] = field(default_factory=dict)
    _document: Any = None
    _asking: int = 0                     # requests waiting for an image: they go first
    _asking_lock: threading.Lock = field(default_factory=threading.Lock)

    def open(self) -> None:
        """Open the PDF and measure its pages (call before publishing the set)."""
        import pypdfium2 as pdfium

        with self.lock:
            self._document = pdfium.PdfDocument(self.pdf)
            scale = self.dpi / 72
            for index in range(len(self._document)):
                page = self._document[index]
                width, height = page.get_size()
                page.close()
                self.sizes.append((round(width * scale), round(height * scale)))
            self.pages = len(self.sizes)

    def png(self, number: int, *, ahead: bool = False) -> bytes | None:
        """Page ``number`` (1-based) as PNG, rendered once and then kept.

        ``ahead``: rendering before anyone asked; gives way to requests that wait (a
        lock is not fair: a loop that takes it again at once would starve them).
        """
        if not 1 <= number <= self.pages:
            return None
        cached = self.pngs.get(number)
        if cached is not None:
            return cached
        if ahead:
            while self._asking:
                time.sleep(0.005)
            return self._render_png(number)
        with self._asking_lock:
            self._asking += 1
        try:
            return self._render_png(number)
        finally:
            with self._asking_lock:
                self._asking -= 1

    def _render_png(self, number: int) -> bytes | None:
        with self.lock:
            if number in self.pngs:
                return self.pngs[number]
            if self._document is None:
                return None       # closed: a newer set has replaced this one
            page = self._document[number - 1]
            try:
                bitmap = page.render(scale=self.dpi / 72)
                image = bitmap.to_pil().copy()   # its own pixels, not pdfium's buffer
                bitmap.close()
            finally:
                page.close()
        buffer = io.BytesIO()    # encoding needs no pdfium: other pages render meanwhile
        image.save(buffer, format="PNG", compress_level=1)  # speed over a few kB
        return self.pngs.setdefault(number, buffer.getvalue())

    def close(self) -> None:
        with self.lock:
            if self._document is not None:
                self._document.close()
                self._document = None


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


# --- which changes matter ------------------------------------------------------------------

class ChangeFilter:
    """Decides which changed files call for a new render (a ``watchfiles`` watch_filter).

    Relevant: anything in the report folder (except ``dist/`` and tool folders), in the
    report's own layout folder, ``layouts/_brand``, ``layouts/_base`` and ``assets/``.
    Never relevant: editor temporaries and other layouts.
    """

    def __init__(self, report_dir: Path, layout: str = "almenrapport", *,
                 layouts_dir: Path = LAYOUTS_DIR, assets_dir: Path = ASSETS_DIR) -> None:
        self.report_dir = report_dir.resolve()
        self.layouts_dir = layouts_dir.resolve()
        self.assets_dir = assets_dir.resolve()
        self.layout = layout

    def roots(self) -> list[Path]:
        """The folders to watch (those that exist, none inside another)."""
        roots: list[Path] = []
        for folder in sorted([self.report_dir, self.layouts_dir, self.assets_dir],
                             key=lambda p: len(p.parts)):   # outer folders first
            if folder.is_dir() and not any(folder.is_relative_to(r) for r in roots):
                roots.append(folder)
        return roots

    def __call__(self, change: object, path: str) -> bool:
        return self.relevant(Path(path))

    def relevant(self, path: Path) -> bool:
        if IGNORED_NAMES.search(path.name):
            return False
        for root, wanted in ((self.report_dir, None),
                             (self.layouts_dir, {"_brand", "_base", self.layout}),
                             (self.assets_dir, None)):
            if not path.is_relative_to(root) or path == root:
                continue
            parts = path.relative_to(root).parts
            if any(part in IGNORED_DIRS for part in parts):
                return False
            return wanted is None or parts[0] in wanted
        return False


# --- the server ----------------------------------------------------------------------------

class PreviewServer:
    """A live preview of one report folder, served on ``host:port`` (0: a free port).

    ``start()`` returns at once (the first render runs in the background; ``/status`` has
    ``version`` 0 until it is done); ``stop()`` ends every thread. ``log`` receives one line
    per render, for the command line.
    """

    def __init__(self, report_dir: Path | str, host: str = "127.0.0.1", port: int = 8000, *,
                 out_dir: Path | str = "dist", dpi: int = DEFAULT_DPI,
                 log: Callable[[str, bool], None] | None = None) -> None:
        self.report_dir = Path(report_dir)
        self.host = host
        self.port = port
        self.out_dir = Path(out_dir)
        self.dpi = dpi
        self.slug = self.report_dir.resolve().name
        self.log = log or (lambda line, is_error: None)
        info = _report_yaml(self.report_dir)
        self.title = str(info.get("title") or self.slug)
        self.filter = ChangeFilter(self.report_dir, str(info.get("layout") or "almenrapport"))

        self._state = threading.Condition()
        self._generation = 0              # bumps on every change clients should see
        self._version = 0                 # bumps on every good render
        self._good: _PageSet | None = None
        self._error: str | None = None
        self._diagnostics: list[dict[str, object]] = []
        self._building = False
        self._pdfium_lock = threading.Lock()

        self._dirty = threading.Event()   # the watcher asks for a render
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._httpd: _HTTPServer | None = None

    # lifecycle ------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        host = self.host if ":" not in self.host else f"[{self.host}]"
        if host in ("0.0.0.0", "[::]", ""):
            host = "127.0.0.1"
        return f"http://{host}:{self.port}/"

    def start(self) -> PreviewServer:
        """Bind the port and start the server, the watcher and the first render."""
        try:
            self._httpd = _HTTPServer((self.host, self.port), _Handler, self)
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
            "version": self._version,
            "generation": self._generation,
            "building": self._building,
            "pages": good.pages if good else 0,
            "page_sizes": good.sizes if good else [],
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

    def page_set(self) -> _PageSet | None:
        with self._state:
            return self._good

    def _publish(self, **changes: Any) -> None:
        with self._state:
            for name, value in changes.items():
                setattr(self, f"_{name}", value)
            self._generation += 1
            self._state.notify_all()

    # the render worker: the only thread that touches WeasyPrint ----------------------------
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
        self.filter.layout = str(info.get("layout") or "almenrapport")
        self._publish(building=True)
        if renderer is None:
            from pipeline.incremental import IncrementalRenderer

            renderer = IncrementalRenderer(self.report_dir, self.out_dir)
        result = renderer.render()
        pages = _PageSet(self._version + 1, result.pdf, result.pages, result.seconds,
                         result.reused_chapters, time.strftime("%H.%M.%S"), self.dpi,
                         self._pdfium_lock)
        pages.open()
        old = self.page_set()
        self._publish(building=False, good=pages, version=pages.version, error=None,
                      diagnostics=[])
        if old is not None:
            old.close()
        reused = (f", {result.reused_chapters} chapter(s) reused"
                  if result.reused_chapters else "")
        self.log(f"[{pages.updated.replace('.', ':')}] version {pages.version}: "
                 f"{pages.pages} pages in {result.seconds:.1f} s{reused}", False)
        # Render the remaining page images ahead while nothing else is waiting.
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


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler],
                 preview: PreviewServer) -> None:
        self.preview = preview
        super().__init__(address, handler)

    def handle_error(self, request: object, client_address: object) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return   # the browser went away (closed tab, reload): nothing to report
        super().handle_error(request, client_address)


def host_allowed(host: str | None, port: int) -> bool:
    """True for ``localhost:PORT`` and ``IP:PORT`` (any IP literal: a rebinding attack
    needs a host name of its own, which is refused)."""
    if not host:
        return False
    try:
        parts = urlsplit(f"//{host}")
        name, given = parts.hostname, parts.port
    except ValueError:
        return False
    if name is None or given != port:
        return False
    if name == "localhost":
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "almen-preview"

    def log_message(self, format: str, *args: object) -> None:
        pass   # one line per image request would drown the render log

    def _allowed(self, preview: PreviewServer, path: str) -> bool:
        """DNS-rebinding defence: the Host header must name this server (an IP address or
        localhost, with its port), and a page reading the event stream must be our own."""
        if not host_allowed(self.headers.get("Host"), preview.port):
            return False
        origin = self.headers.get("Origin")
        if path == "/events" and origin is not None:
            parts = urlsplit(origin)
            return parts.scheme == "http" and host_allowed(parts.netloc, preview.port)
        return True

    def do_GET(self) -> None:
        preview = self.server.preview
        path = unquote(urlsplit(self.path).path)
        if not self._allowed(preview, path):
            self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8",
                       "Adgang nægtet: forhåndsvisningen svarer kun på sin egen adresse "
                       f"(http://127.0.0.1:{preview.port}/).".encode())
            return
        if path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", _page(preview).encode())
        elif path == "/status":
            self._send(HTTPStatus.OK, "application/json",
                       json.dumps(preview.status(), ensure_ascii=False).encode())
        elif path == "/events":
            self._events(preview)
        elif path == "/report.pdf":
            good = preview.page_set()
            if good is None:
                self._not_found("Rapporten er ikke bygget endnu.")
            else:
                self._send(HTTPStatus.OK, "application/pdf", good.pdf, extra={
                    "Content-Disposition": f'inline; filename="{preview.slug}.pdf"'})
        elif (match := re.fullmatch(r"/pages/(\d{1,5})\.png", path)):
            self._page_image(preview, int(match.group(1)))
        elif path == "/brand/tokens.css":
            self._static(BRAND_DIR, "tokens.css")
        elif path.startswith("/assets/"):
            self._static(ASSETS_DIR, path.removeprefix("/assets/"))
        else:
            self._not_found("Siden findes ikke.")

    def _send(self, status: HTTPStatus, content_type: str, body: bytes,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _not_found(self, text: str) -> None:
        self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", text.encode())

    def _page_image(self, preview: PreviewServer, number: int) -> None:
        good = preview.page_set()
        png = good.png(number) if good is not None else None
        if png is None and good is not None and preview.page_set() is not good:
            good = preview.page_set()     # replaced while we asked: take the new set
            png = good.png(number) if good is not None else None
        if good is None or png is None:
            self._not_found(f"Side {number} findes ikke.")
            return
        etag = f'"{id(preview):x}-{good.version}-{number}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self._send(HTTPStatus.OK, "image/png", png, extra={"ETag": etag})

    def _static(self, root: Path, relative: str) -> None:
        """Brand files the page itself uses (fonts, logo, tokens), confined to ``root``."""
        file = (root / relative).resolve()
        if (not file.is_relative_to(root.resolve()) or file.suffix not in STATIC_TYPES
                or not file.is_file()):
            self._not_found("Filen findes ikke.")
            return
        self._send(HTTPStatus.OK, STATIC_TYPES[file.suffix], file.read_bytes())

    def _events(self, preview: PreviewServer) -> None:
        """Server-sent events: the status now, then again after every change."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(b"retry: 1000\n\n")
        generation = -1
        while not preview._stopping.is_set():
            status = preview.wait_for_change(generation, KEEPALIVE_S)
            if preview._stopping.is_set():
                break
            if status["generation"] == generation:
                self.wfile.write(b": keepalive\n\n")
            else:
                generation = int(status["generation"])  # type: ignore[call-overload]
                data = json.dumps(status, ensure_ascii=False)
                self.wfile.write(f"id: {generation}\ndata: {data}\n\n".encode())
            self.wfile.flush()


# --- the command line ----------------------------------------------------------------------

def run_preview(report_dir: Path, *, host: str = "127.0.0.1", port: int = 8000,
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


# --- the page ------------------------------------------------------------------------------

def _page(preview: PreviewServer) -> str:
    return (PAGE.replace("{{TITLE}}", html.escape(preview.title))
                .replace("{{SLUG}}", html.escape(preview.slug)))


PAGE = """<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Forhåndsvisning · {{TITLE}}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/brand/tokens.css">
<style>
@font-face { font-family: "Lato"; font-weight: 400;
  src: url("/assets/fonts/lato/Lato-Regular.ttf") format("truetype"); }
@font-face { font-family: "Lato"; font-weight: 700;
  src: url("/assets/fonts/lato/Lato-Bold.ttf") format("truetype"); }
:root {
  --primary: var(--color-primary, #0f5c4d);
  --primary-dark: var(--color-primary-dark, #0a4036);
  --primary-tint: var(--color-primary-tint, #e7f1ed);
  --primary-mid: var(--color-primary-mid, #8fc1a9);
  --accent: var(--color-accent, #e07a3f);
  --accent-text: var(--color-accent-text, #a84a17);
  --text: var(--color-text, #1d2826);
  --muted: var(--color-muted, #55625f);
  --rule: var(--color-rule, #c5d2cd);
  --desk: #dfe6e3;
}
* { box-sizing: border-box; }
html, body { margin: 0; }
body { background: var(--desk); color: var(--text);
  font: 15px/1.45 Lato, "Helvetica Neue", Arial, sans-serif; }
/* The header, the error banner and the offline notice stay in view while scrolling. */
.top { position: sticky; top: 0; z-index: 2; box-shadow: 0 1px 6px rgba(0, 0, 0, .25); }
header { display: flex; align-items: center; gap: 24px; padding: 12px 28px;
  background: var(--primary); color: #fff; }
header .logo { height: 30px; width: auto; flex: none; }
header .titles { flex: 1; min-width: 0; border-left: 1px solid var(--primary-mid);
  padding-left: 20px; }
header .kicker { display: block; font-size: 11px; font-weight: 700; letter-spacing: .12em;
  text-transform: uppercase; color: var(--primary-mid); }
header h1 { margin: 0; font-size: 19px; font-weight: 700; line-height: 1.25;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#status { font-size: 13px; color: #fff; text-align: right; white-space: nowrap; }
#status .dot { display: inline-block; width: 8px; height: 8px; margin-right: 7px;
  border-radius: 50%; background: var(--primary-mid); vertical-align: 1px; }
#status[data-building="1"] .dot { background: var(--accent); animation: pulse 1s infinite; }
#status[data-error="1"] .dot { background: var(--accent); }
@keyframes pulse { 50% { opacity: .3; } }
.actions { display: flex; gap: 8px; flex: none; }
.actions a, .actions button { font: inherit; font-size: 13px; font-weight: 700;
  color: var(--primary-dark); background: #fff; border: 0; border-radius: 3px;
  padding: 7px 13px; text-decoration: none; cursor: pointer; }
.actions button { background: transparent; color: #fff;
  box-shadow: inset 0 0 0 1px var(--primary-mid); }
.actions a:hover, .actions button:hover { background: var(--primary-tint);
  color: var(--primary-dark); }
.banner { background: #fdf2ec; border-top: 4px solid var(--accent);
  border-bottom: 1px solid #f1d3c2; }
.banner > div, .notice > div { max-width: 1140px; margin: 0 auto; padding: 12px 28px 14px; }
.banner h2 { margin: 0 0 2px; font-size: 16px; color: var(--accent-text); }
.banner p { margin: 0 0 8px; color: var(--text); font-size: 14px; }
.banner pre { margin: 0; padding: 8px 12px; max-height: 35vh; overflow: auto;
  background: #fff; border: 1px solid #f1d3c2; border-radius: 2px; color: var(--text);
  font: 13px/1.5 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.notice { background: #fff; border-top: 4px solid var(--muted); font-size: 14px; }
.notice > div { padding: 10px 28px; }
[hidden] { display: none !important; }
#empty { margin: 80px auto; text-align: center; color: var(--muted); font-size: 16px; }
/* Spreads: a whole spread fits the window's height; single pages at screen size. */
#pages { --page-width: min(794px, calc((100vh - 150px) / 1.414));
  display: grid; grid-template-columns: repeat(2, minmax(0, var(--page-width)));
  justify-content: center; column-gap: 0; row-gap: 36px; padding: 28px 28px 64px; }
#pages.single { grid-template-columns: minmax(0, 794px); }
#pages:not(.single) figure:first-child { grid-column: 2; }
figure { margin: 0; }
figure img { display: block; width: 100%; height: auto; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .18); }
figcaption { margin-top: 6px; font-size: 12px; color: var(--muted); padding: 0 4px; }
#pages:not(.single) figure.left figcaption { text-align: left; }
#pages:not(.single) figure.right figcaption { text-align: right; }
#pages.single figcaption { text-align: center; }
@media (max-width: 900px) {
  #pages { grid-template-columns: minmax(0, 794px); }
  #pages:not(.single) figure:first-child { grid-column: auto; }
  header { flex-wrap: wrap; }
  #status { text-align: left; }
}
</style>
</head>
<body>
<div class="top">
<header>
  <img class="logo" src="/assets/logo/almennet-wordmark-hvid.svg" alt="AlmenNet">
  <div class="titles">
    <span class="kicker">Forhåndsvisning</span>
    <h1 id="title">{{TITLE}}</h1>
  </div>
  <div id="status" role="status" aria-live="polite" data-version="0" data-pages="0"
       data-error="0" data-building="1"><span class="dot"></span><span
       id="status-text">Sætter rapporten op …</span></div>
  <div class="actions">
    <button type="button" id="layout-toggle">Vis enkeltsider</button>
    <a id="pdf-link" href="/report.pdf" download="{{SLUG}}.pdf">Hent PDF</a>
  </div>
</header>
<section id="error-banner" class="banner" role="alert" hidden><div>
  <h2>Rapporten kunne ikke bygges</h2>
  <p>Siderne nedenfor er fra den seneste udgave, der kunne bygges. Ret fejlen og gem filen,
     så opdateres visningen af sig selv.</p>
  <pre id="error-text"></pre>
</div></section>
<div id="offline" class="notice" hidden><div>Forbindelsen til forhåndsvisningen er afbrudt.
  Kører <code>almen preview</code> stadig? Siden prøver igen af sig selv.</div></div>
</div>
<p id="empty">Sætter rapporten op …</p>
<main id="pages" aria-label="Rapportens sider"></main>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const pagesEl = $("pages");
let shown = null;   // the version whose images are on the page

function danishSeconds(s) { return s.toFixed(1).replace(".", ",") + " s"; }

function statusText(s) {
  if (!s.version) return s.error ? "Rapporten kunne ikke bygges" : "Sætter rapporten op …";
  let text = `Udgave ${s.version} · ${s.pages} ${s.pages === 1 ? "side" : "sider"}` +
             ` · bygget kl. ${s.updated} på ${danishSeconds(s.seconds)}`;
  if (s.building) text += " · opdaterer …";
  else if (s.error) text += " · fejl i seneste ændring";
  return text;
}

function showPages(s) {
  while (pagesEl.children.length > s.pages) pagesEl.lastElementChild.remove();
  for (let n = pagesEl.children.length + 1; n <= s.pages; n++) {
    const figure = document.createElement("figure");
    const img = document.createElement("img");
    img.loading = "lazy";
    img.decoding = "async";
    const caption = document.createElement("figcaption");
    caption.textContent = `Side ${n}`;
    figure.className = n % 2 === 0 ? "left" : "right";
    figure.append(img, caption);
    pagesEl.append(figure);
  }
  [...pagesEl.children].forEach((figure, i) => {
    const img = figure.querySelector("img");
    const [width, height] = s.page_sizes[i] || [794, 1123];
    img.width = width;
    img.height = height;
    img.alt = `Side ${i + 1} af ${s.pages}`;
    img.src = `/pages/${i + 1}.png?v=${s.version}`;
  });
  shown = s.version;
}

function apply(s) {
  document.title = `Forhåndsvisning · ${s.title}`;
  $("title").textContent = s.title;
  const status = $("status");
  status.dataset.version = s.version;
  status.dataset.pages = s.pages;
  status.dataset.error = s.error ? "1" : "0";
  status.dataset.building = s.building ? "1" : "0";
  $("status-text").textContent = statusText(s);
  $("error-text").textContent = s.error || "";
  $("error-banner").hidden = !s.error;
  $("empty").hidden = s.version > 0 || Boolean(s.error);
  if (s.version && s.version !== shown) showPages(s);
}

function applyLayout(single) {
  pagesEl.classList.toggle("single", single);
  $("layout-toggle").textContent = single ? "Vis opslag" : "Vis enkeltsider";
  try { localStorage.setItem("almen-preview-single", single ? "1" : "0"); } catch (e) {}
}
$("layout-toggle").addEventListener("click",
  () => applyLayout(!pagesEl.classList.contains("single")));
try { applyLayout(localStorage.getItem("almen-preview-single") === "1"); } catch (e) {}

const events = new EventSource("/events");
events.onmessage = (event) => { $("offline").hidden = true; apply(JSON.parse(event.data)); };
events.onopen = () => { $("offline").hidden = true; };
events.onerror = () => { $("offline").hidden = false; shown = null; };
</script>
</body>
</html>
"""
