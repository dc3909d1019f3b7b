"""Our own WeasyPrint URL fetcher: a build may read only the files it is entitled to.

Allowed: ``file:`` URLs whose real path lies inside the report folder, its layout, the
brand folder, ``assets/`` or the image cache; ``data:`` URLs. Everything else (other
files, ``..`` escapes through symlinks, ``http(s):``, ``ftp:``) is refused, and so is a
missing file: both stop the build instead of leaving a silent gap in the PDF.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

MAX_RESOURCE_BYTES = 64 * 1024 * 1024


def _weasy() -> Any:  # imported lazily: importing WeasyPrint costs ~0.5 s
    from weasyprint import urls

    return urls


class ResourceRefused(Exception):
    """Raised (wrapped in WeasyPrint's fatal error) when a resource may not be loaded."""


def make_fetcher(roots: tuple[Path, ...]) -> Any:
    """Return a ``weasyprint.urls.URLFetcher`` confined to ``roots``."""
    urls = _weasy()
    resolved_roots = tuple(r.resolve() for r in roots)

    class ConfinedFetcher(urls.URLFetcher):  # type: ignore[name-defined,misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False,
                             fail_on_errors=True, timeout=1)
            self.refused: list[str] = []
            self.fetched: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                return self._refuse(url, f"network resource '{url}' is not allowed; a report "
                                    "may only use files inside its own folder")
            path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
            if not any(path.is_relative_to(root) for root in resolved_roots):
                return self._refuse(url, f"file '{path}' is outside the report, its layout "
                                    "and assets/; copy it into the report folder")
            if not path.is_file():
                return self._refuse(url, f"file '{path}' does not exist")
            if path.stat().st_size > MAX_RESOURCE_BYTES:
                return self._refuse(url, f"file '{path}' is larger than "
                                    f"{MAX_RESOURCE_BYTES // 1024 // 1024} MB")
            self.fetched.append(str(path))
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return urls.URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                           headers={"Content-Type": mime})

        def _refuse(self, url: str, message: str) -> Any:
            self.refused.append(message)
            raise urls.FatalURLFetchingError(message) from ResourceRefused(message)

    return ConfinedFetcher()
