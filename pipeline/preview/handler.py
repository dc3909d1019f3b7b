"""The preview's HTTP side: the page, its static files, page images, the PDF and events.

Standard library only (``http.server``). Every request must name this server in its
``Host`` header (an IP address or ``localhost`` with the port), and a page reading the
event stream must come from this server: a DNS-rebinding page cannot read the draft.
"""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import re
import sys
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

from pipeline import paths

if TYPE_CHECKING:
    from pipeline.preview.server import PreviewServer

HERE = Path(__file__).parent
KEEPALIVE_S = 15.0                # a comment line on /events this often keeps proxies quiet
#: The static files the page itself uses (fonts, logo, tokens, its script and style).
STATIC_SUFFIXES = frozenset({".ttf", ".otf", ".woff2", ".svg", ".png", ".css", ".js"})
#: The page's own files, served under /preview/.
PAGE_FILES = ("preview.js", "preview.css")


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template("page.html.j2")


def render_page(title: str, slug: str) -> str:
    """The preview page (``page.html.j2``) for a report."""
    return _template().render(title=title, slug=slug)


# The system's table (Debian: /etc/mime.types) and Python's own, plus the types that
# Python 3.11's own table lacks, so the answer does not depend on the machine.
_TYPES = mimetypes.MimeTypes()
for _kind, _suffix in (("font/ttf", ".ttf"), ("font/otf", ".otf"), ("font/woff2", ".woff2"),
                       ("text/javascript", ".js")):   # RFC 8081, RFC 9239
    _TYPES.add_type(_kind, _suffix)


def content_type(file: Path) -> str:
    """The MIME type of a static file (``mimetypes``; text as UTF-8)."""
    kind = _TYPES.guess_type(file.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


class PreviewHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler],
                 preview: PreviewServer) -> None:
        self.preview = preview
        super().__init__(address, handler)

    def handle_error(self, request: object, client_address: object) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return   # the browser went away (closed tab, reload): nothing to report
        super().handle_error(request, client_address)  # type: ignore[arg-type]


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


class Handler(BaseHTTPRequestHandler):
    server: PreviewHTTPServer
    server_version = "almen-preview"

    def log_message(self, format: str, *args: object) -> None:
        pass   # one line per image request would drown the render log

    def _allowed(self, preview: PreviewServer, path: str) -> bool:
        """DNS-rebinding defence: the Host header must name this server (an IP address or
        localhost, with its port), and a page reading the event stream must be our own."""
        if not host_allowed(self.headers.get("Host"), preview.port):
            return False
        origin = self.headers.get("Origin")
        if path in ("/events", "/focus") and origin is not None:
            parts = urlsplit(origin)
            return parts.scheme == "http" and host_allowed(parts.netloc, preview.port)
        return True

    def _refuse(self, preview: PreviewServer) -> None:
        self._send(HTTPStatus.FORBIDDEN, "text/plain; charset=utf-8",
                   "Adgang nægtet: forhåndsvisningen svarer kun på sin egen adresse "
                   f"(http://127.0.0.1:{preview.port}/).".encode())

    def do_POST(self) -> None:
        """``/focus?pages=3,4``: the pages the browser shows (they are rendered first)."""
        preview = self.server.preview
        url = urlsplit(self.path)
        path = unquote(url.path)
        if not self._allowed(preview, path):
            self._refuse(preview)
        elif path == "/focus":
            given = parse_qs(url.query).get("pages", [""])[0]
            preview.set_focus([int(n) for n in given.split(",") if n.isdigit()][:64])
            self._send(HTTPStatus.NO_CONTENT, "text/plain", b"")
        else:
            self._not_found("Siden findes ikke.")

    def do_GET(self) -> None:
        preview = self.server.preview
        path = unquote(urlsplit(self.path).path)
        if not self._allowed(preview, path):
            self._refuse(preview)
        elif path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8",
                       render_page(preview.title, preview.slug).encode())
        elif path == "/status":
            self._send(HTTPStatus.OK, "application/json",
                       json.dumps(preview.status(), ensure_ascii=False).encode())
        elif path == "/events":
            self._events(preview)
        elif path == "/report.pdf":
            good = preview.page_set()
            pdf = good.pdf() if good is not None else None
            if pdf is None:
                self._not_found("Rapporten er ikke bygget endnu.")
            else:
                self._send(HTTPStatus.OK, "application/pdf", pdf, extra={
                    "Content-Disposition": f'inline; filename="{preview.slug}.pdf"'})
        elif (match := re.fullmatch(r"/pages/(\d{1,5})\.png", path)):
            self._page_image(preview, int(match.group(1)))
        elif path.removeprefix("/preview/") in PAGE_FILES:
            self._static(HERE, path.removeprefix("/preview/"))
        elif path == "/web" or path.startswith("/web/"):
            self._web(preview, path.removeprefix("/web").lstrip("/") or "index.html")
        elif path == "/brand/tokens.css":
            self._static(paths.BRAND_DIR, "tokens.css")
        elif path.startswith("/assets/"):
            self._static(paths.ASSETS_DIR, path.removeprefix("/assets/"))
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
        etag = f'"{preview.run}-{good.page_versions[number - 1]}-{number}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self._send(HTTPStatus.OK, "image/png", png, extra={"ETag": etag})

    def _static(self, root: Path, relative: str) -> None:
        """Files the page itself uses (fonts, logo, tokens, script), confined to ``root``."""
        file = (root / relative).resolve()
        if (not file.is_relative_to(root.resolve()) or file.suffix not in STATIC_SUFFIXES
                or not file.is_file()):
            self._not_found("Filen findes ikke.")
            return
        self._send(HTTPStatus.OK, content_type(file), file.read_bytes())

    def _web(self, preview: PreviewServer, relative: str) -> None:
        """The web edition of the report as it is now (rebuilt when a file changed), and
        the files it loads, confined to its folder."""
        from pipeline.errors import PipelineError

        try:
            # only the page checks for changes; its stylesheet, fonts and images are the
            # files of that same build (one walk of the folders per page, not per file)
            folder = preview.web_edition(refresh=relative == "index.html")
        except PipelineError as exc:
            self._send(HTTPStatus.CONFLICT, "text/plain; charset=utf-8",
                       ("Webudgaven kan ikke bygges:\n" + exc.format_message()).encode())
            return
        file = (folder / relative).resolve()
        if not file.is_relative_to(folder.resolve()) or not file.is_file():
            self._not_found("Filen findes ikke.")
            return
        self._send(HTTPStatus.OK, content_type(file), file.read_bytes())

    def _events(self, preview: PreviewServer) -> None:
        """Server-sent events: the status now, then again after every change."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(b"retry: 1000\n\n")
        generation = -1
        while True:
            status = preview.wait_for_change(generation, KEEPALIVE_S)
            if preview.stopping:
                break
            if status["generation"] == generation:
                self.wfile.write(b": keepalive\n\n")
            else:
                generation = int(status["generation"])  # type: ignore[call-overload]
                data = json.dumps(status, ensure_ascii=False)
                self.wfile.write(f"id: {generation}\ndata: {data}\n\n".encode())
            self.wfile.flush()
