"""A warm renderer for ``almen preview``: keeps WeasyPrint imported and, after an edit
to one chapter, re-lays-out only that chapter.

How: the HTML of a report is split into parts at the ``<!--almen:part NAME-->`` markers
of the base template (front matter, one part per chapter, back cover). The first render
lays out the whole document, as ``almen build`` does, and remembers which pages belong to
which part. When only chapters changed, each changed chapter is laid out as a document
of its own, starting at the page number and on the side (left/right) where it starts in
the report; its new pages replace the old ones and all pages are combined with
``Document.copy`` into one tagged PDF (bookmarks, links and the structure tree come from
the pages themselves). If a changed chapter's page count changes, if the front matter or
back cover changed, or if a stylesheet, template, token, font or image changed, the whole
report is laid out again: page numbers, the table of contents and blank pages then come
out exactly as in a full build. Either way the result has the same text on the same pages
as ``almen build`` (tests/test_incremental.py checks that).
"""

from __future__ import annotations

import gc
import itertools
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import paths, recipe
from pipeline.editions import STANDARD, Edition
from pipeline.paths import tree_signature
from pipeline.pdf import layout_document, write_document
from pipeline.rendered import RenderedHTML

#: Files WeasyPrint keeps decoded in the renderer's image cache; a change to any of them
#: (in the report, the layouts or the assets) empties the cache.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".tif",
                            ".tiff", ".bmp", ".avif"})
PART_RE = re.compile(r"<!--almen:(?:part (\S+)|end)-->")
FIRST_ID_RE = re.compile(r'\sid="([^"]+)"')


@dataclass(slots=True)
class PreviewResult:
    """One render's laid-out pages; the PDF is written only when asked for.

    Writing all pages costs about a third of a full render, so the preview first writes
    just the pages the editor is waiting for (:meth:`write` with their indices), shows
    them, and writes the whole PDF (:attr:`pdf`) afterwards.
    """

    document: Any             # the WeasyPrint Document with every page
    html: str
    roots: tuple[Path, ...]
    pages: int
    seconds: float            # checks, HTML and layout (not writing)
    reused_chapters: int = 0  # chapters whose pages were kept from the previous render
    full: bool = True         # True when the whole report was laid out
    changed: frozenset[int] | None = None  # 0-based pages that may differ from the last
    #                                        render's; None: any page may
    _pdf: bytes | None = None

    def write(self, pages: list[int] | None = None) -> bytes:
        """The PDF of ``pages`` (0-based indices, in that order), or of every page."""
        if pages is None:
            return self.pdf
        document = self.document.copy([self.document.pages[i] for i in pages])
        return write_document(document, self.html, self.roots)

    @property
    def pdf(self) -> bytes:
        """The whole report as a tagged PDF (written once, on first use)."""
        if self._pdf is None:
            self._pdf = write_document(self.document, self.html, self.roots)
        return self._pdf


@dataclass(slots=True)
class _Part:
    name: str
    fragment: str
    pages: list[Any] = field(default_factory=list)  # its pages, then blank pages after it
    content_pages: int = 0


@dataclass(slots=True)
class _State:
    head: str                 # everything before the first part (up to <body ...>)
    tail: str                 # everything after the last part
    document: Any             # the last full document: metadata, fonts config
    parts: list[_Part]
    tree_stamp: object


def split_parts(html: str) -> tuple[str, list[tuple[str, str]], str] | None:
    """(head, [(name, fragment)], tail), or None when the template has no part markers."""
    markers = list(PART_RE.finditer(html))
    if len(markers) < 2 or markers[-1].group(1) is not None:
        return None
    parts = [(m.group(1), html[m.end():n.start()])
             for m, n in itertools.pairwise(markers)]
    return html[: markers[0].start()], parts, html[markers[-1].end():]


def _tree_stamp() -> object:
    """Changes whenever a layout, the brand or an asset changes."""
    return tree_signature(paths.LAYOUTS_DIR, paths.ASSETS_DIR)


def _first_id(fragment: str) -> str | None:
    match = FIRST_ID_RE.search(fragment)
    return match.group(1) if match else None


class IncrementalRenderer:
    """Renders one report folder again and again in a warm process."""

    def __init__(self, report_dir: Path | str, out_dir: Path | str,
                 edition: Edition = STANDARD) -> None:
        self.report_dir = Path(report_dir)
        self.out_dir = Path(out_dir)
        self.edition = edition
        self.state: _State | None = None
        self._images: dict[str, Any] = {}   # WeasyPrint's image cache, kept between renders
        self._images_stamp: object = None
        import weasyprint  # noqa: F401  (warm the import once)

    # ---------------------------------------------------------------- public

    def render(self) -> PreviewResult:
        """The report as it is now. Raises PipelineError like ``almen build``."""
        started = time.perf_counter()
        images_stamp = tuple(entry for entry in tree_signature(self.report_dir, paths.LAYOUTS_DIR,
                                                                paths.ASSETS_DIR)
                             if Path(entry[0]).suffix.lower() in IMAGE_SUFFIXES)
        if images_stamp != self._images_stamp:
            self._images.clear()
            self._images_stamp = images_stamp
        checked = recipe.check(self.report_dir)
        rendered = recipe.render_html(checked, self.edition, self.out_dir)
        split = split_parts(rendered.html)
        stamp = _tree_stamp()
        partial = self._try_partial(rendered, split, stamp)
        if partial is None:
            document = self._full(rendered, split, stamp)
            return PreviewResult(document, rendered.html, rendered.allowed_roots,
                                 len(document.pages), time.perf_counter() - started)
        reused, changed = partial
        assert self.state is not None
        pages = [page for part in self.state.parts for page in part.pages]
        document = self.state.document.copy(pages)
        return PreviewResult(document, rendered.html, rendered.allowed_roots, len(pages),
                             time.perf_counter() - started, reused_chapters=reused,
                             full=False, changed=changed)

    # ---------------------------------------------------------------- internals

    def _layout(self, html: str, rendered: RenderedHTML) -> Any:
        """Like :func:`pipeline.pdf.layout_document`, with the images kept decoded between
        renders (WeasyPrint's ``cache``): a re-layout after a stylesheet edit then skips
        decoding every photo again. Any failure empties the cache (WeasyPrint caches an
        image it could not load as missing, and the next render must say so again)."""
        # The warm process holds the last layout's boxes and pages: many objects
        # that every full garbage collection during the next layout would walk again.
        # Frozen, they are left alone until the layout is done (then unfrozen, so nothing
        # leaks); this makes a whole re-layout about a fifth faster.
        gc.freeze()
        try:
            return layout_document(html, rendered, cache=self._images)
        except BaseException:
            self._images.clear()
            raise
        finally:
            gc.unfreeze()

    def _full(self, rendered: RenderedHTML, split: Any, stamp: object) -> Any:
        document = self._layout(rendered.html, rendered)
        self.state = None
        if split is None:
            return document
        head, fragments, tail = split
        parts = [_Part(name, fragment) for name, fragment in fragments]
        starts = self._part_starts(document, parts)
        if starts is None:
            return document
        bounds = [*starts[1:], len(document.pages)]
        for part, start, end in zip(parts, starts, bounds, strict=True):
            part.pages = list(document.pages[start:end])
            part.content_pages = sum(1 for p in part.pages if not _is_blank(p))
        self.state = _State(head=head, tail=tail, document=document, parts=parts,
                            tree_stamp=stamp)
        return document

    @staticmethod
    def _part_starts(document: Any, parts: list[_Part]) -> list[int] | None:
        """The index of each part's first page, found by the id of its first element."""
        where: dict[str, int] = {}
        for index, page in enumerate(document.pages):
            for anchor in page.anchors:
                where.setdefault(anchor, index)
        starts = [0]
        for part in parts[1:]:
            anchor = _first_id(part.fragment)
            if anchor is None or anchor not in where:
                return None
            starts.append(where[anchor])
        # A part can be laid out alone only if it starts on a page of its own: in a layout
        # where parts flow on (faktaark), the page where a part starts also holds the end
        # of the part before it (an element with an id is an anchor on every page it spans).
        for index in range(1, len(parts)):
            before = set(FIRST_ID_RE.findall(parts[index - 1].fragment))
            if before & set(document.pages[starts[index]].anchors):
                return None
        return starts if starts == sorted(starts) else None

    def _try_partial(self, rendered: RenderedHTML, split: Any,
                     stamp: object) -> tuple[int, frozenset[int]] | None:
        """Re-lay-out only changed chapters: (chapters reused, 0-based pages that changed),
        or None when a full layout is needed."""
        state = self.state
        if state is None or split is None or stamp != state.tree_stamp:
            return None
        head, fragments, tail = split
        if head != state.head or tail != state.tail or \
                [n for n, _ in fragments] != [p.name for p in state.parts]:
            return None
        changed = [i for i, (part, (_, fragment)) in enumerate(zip(state.parts, fragments,
                                                                     strict=True))
                   if part.fragment != fragment]
        if any(i == 0 or i == len(state.parts) - 1 for i in changed):
            return None  # front matter (table of contents) or back cover changed
        replacements: dict[int, list[Any]] = {}
        for index in changed:
            part = state.parts[index]
            start = sum(len(p.pages) for p in state.parts[:index]) + 1
            html = self._part_html(state, fragments[index][1], start)
            document = self._layout(html, rendered)
            if len(document.pages) != part.content_pages:
                return None  # later page numbers would move: lay out everything
            blanks = part.pages[part.content_pages:]
            replacements[index] = [*document.pages, *blanks]
        changed_pages: set[int] = set()
        for index, pages in replacements.items():
            state.parts[index].pages = pages
            state.parts[index].fragment = fragments[index][1]
            first = sum(len(p.pages) for p in state.parts[:index])
            changed_pages.update(range(first, first + len(pages)))
        return len(state.parts) - 2 - len(changed), frozenset(changed_pages)

    @staticmethod
    def _part_html(state: _State, fragment: str, start_page: int) -> str:
        side = "left" if start_page % 2 == 0 else "right"
        start = (f"<style>@page :first {{ counter-reset: page {start_page}; }} "
                 f"html {{ break-before: {side}; }}</style>\n</head>")
        return state.head.replace("</head>", start, 1) + fragment + state.tail


def _is_blank(page: Any) -> bool:
    page_type = getattr(getattr(page, "_page_box", None), "page_type", None)
    return bool(getattr(page_type, "blank", False))
