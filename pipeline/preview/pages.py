"""The page images of one good render, made from its PDF with pypdfium2.

A :class:`PageSet` is what the preview shows for one version. It learns its pages from
one or more PDFs as the render thread writes them: first a small PDF of just the pages the
editor is waiting for (the edited chapter's pages, or the pages in view), then the whole
report (which is also ``/report.pdf``). Images of pages that did not change are carried
over from the previous set, so an edit re-renders only the edited pages' images.
"""

from __future__ import annotations

import io
import threading
import time
from dataclasses import dataclass, field
from typing import Any

#: How long a request waits for a page the render thread is still writing.
WAIT_S = 120.0


def page_sizes(document: Any, dpi: int) -> list[tuple[int, int]]:
    """Each page's image size in pixels at ``dpi``, from a laid-out WeasyPrint Document
    (CSS pixels are 1/96 in; the PDF's MediaBox includes the bleed)."""
    scale = dpi / 96
    sizes = []
    for page in document.pages:
        bleed = page.bleed
        sizes.append((round((page.width + bleed["left"] + bleed["right"]) * scale),
                      round((page.height + bleed["top"] + bleed["bottom"]) * scale)))
    return sizes


@dataclass
class PageSet:
    """One good render: its pages' sizes, the PDFs they come from, their images.

    ``page_versions[i]`` is the version in which page ``i + 1`` last changed; the browser
    reloads an image only when that changes.
    """

    version: int
    sizes: list[tuple[int, int]]
    page_versions: list[int]
    seconds: float
    reused_chapters: int
    updated: str                         # local time of the render, Danish style (14.03.12)
    dpi: int
    lock: threading.Lock                 # pdfium is not thread-safe: one lock for all sets
    fallback_pdf: bytes | None = None    # served if writing this set's whole PDF fails
    pngs: dict[int, bytes] = field(default_factory=dict)
    _pdf: bytes | None = None
    _failed: bool = False
    _closed: bool = False
    _sources: dict[int, tuple[Any, int]] = field(default_factory=dict)  # page -> (doc, index)
    _documents: list[Any] = field(default_factory=list)
    _arrived: threading.Condition = field(default_factory=threading.Condition)
    _asking: int = 0                     # requests waiting for an image: they go first
    _asking_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def pages(self) -> int:
        return len(self.sizes)

    # what the render thread adds ------------------------------------------------------------
    def carry_over(self, old: PageSet, numbers: set[int]) -> None:
        """Take pages ``numbers`` (1-based) from ``old``, which they are the same in: their
        images, and for those not rendered yet the PDFs they come from (``old`` gives up
        its PDFs; it must be replaced by this set)."""
        with self.lock:
            for number in numbers:
                if number in old.pngs:
                    self.pngs[number] = old.pngs[number]
                elif number in old._sources:
                    self._sources[number] = old._sources[number]
            self._documents.extend(old._documents)
            old._documents = []
            old._sources = {}

    def add_pdf(self, data: bytes, numbers: list[int] | None = None) -> None:
        """A PDF of pages ``numbers`` (1-based, in that order), or of the whole report.

        The whole report also becomes ``/report.pdf``, and every page not rendered yet is
        taken from it (the smaller PDFs are closed then).
        """
        import pypdfium2 as pdfium

        with self.lock:
            if self._closed:
                return
            document = pdfium.PdfDocument(data)
            if numbers is None:
                for old in self._documents:
                    old.close()
                self._documents = [document]
                self._sources = {n: (document, n - 1) for n in range(1, self.pages + 1)
                                 if n not in self.pngs}
            else:
                self._documents.append(document)
                self._sources.update((n, (document, i)) for i, n in enumerate(numbers))
        with self._arrived:
            if numbers is None:
                self._pdf = data
            self._arrived.notify_all()

    def fail(self) -> None:
        """Writing the whole PDF failed: stop waiting for it."""
        with self._arrived:
            self._failed = True
            self._arrived.notify_all()

    # what the handlers read -----------------------------------------------------------------
    def pdf(self, timeout: float = WAIT_S) -> bytes | None:
        """The whole report's PDF (waits while it is being written)."""
        with self._arrived:
            self._arrived.wait_for(lambda: self._pdf is not None or self._failed
                                   or self._closed, timeout)
            return self._pdf if self._pdf is not None else self.fallback_pdf

    def png(self, number: int, *, ahead: bool = False,
            timeout: float = WAIT_S) -> bytes | None:
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
        with self._arrived:   # a page still being written: wait for its PDF (not counted
            #                     as asking: the render thread is the one writing it)
            self._arrived.wait_for(lambda: number in self._sources or number in self.pngs
                                   or self._failed or self._closed, timeout)
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
            source = self._sources.get(number)
            if source is None or self._closed:
                return None       # not written yet, or a newer set has replaced this one
            document, index = source
            page = document[index]
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
            self._closed = True
            for document in self._documents:
                document.close()
            self._documents = []
            self._sources = {}
        with self._arrived:
            self._arrived.notify_all()
