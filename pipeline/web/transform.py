"""A chapter's HTML fragment (the one the PDF is rendered from) -> the web edition's.

The print fragment (:func:`pipeline.markdown.render_markdown`) floats each footnote where
it is called (``<span class="fodnote">``) and leaves images at their print size. On the
web the same fragment becomes:

* footnotes: a numbered link (``<sup><a href="#fn-…">``) to a list of notes at the end of
  the chapter, each with a link back to where it was called;
* headings: shifted down so that the chapter title above them keeps the outline in order
  (the page's ``h1`` is the report title);
* tables: a caption (``Tabel N: <section heading>``), ``scope`` on header cells, each
  cell labelled with its column (narrow screens show a row as a block of labelled
  values), explicit table roles, and a focusable, labelled wrapper that scrolls sideways
  if a table is still too wide, instead of the page;
* images: ``srcset`` with responsive sizes, intrinsic ``width``/``height``, lazy loading.

Fact boxes (``aside.fakta``), pull quotes (``figure.citat`` with ``blockquote`` and
``figcaption``) and figures with captions and credits come from the Markdown stage as they
are. The transformation works on a parsed tree (tinyhtml5, WeasyPrint's HTML parser), not
on text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import tinyhtml5

from pipeline.markdown import ImageRef


@dataclass(frozen=True, slots=True)
class WebImage:
    """An image as the web edition serves it."""

    src: str                 # the default file (a middle size), relative to the page
    srcset: str              # "img/x-480.jpg 480w, img/x-960.jpg 960w"
    width: int               # intrinsic size of the largest file, for layout stability
    height: int


ImageMapper = Callable[[ImageRef], WebImage]


@dataclass(slots=True)
class WebChapterBody:
    """The transformed fragment and what the page and the tests need to know about it."""

    html: str
    notes: list[str] = field(default_factory=list)  # HTML of each footnote, in order
    tables: int = 0


FIGURE_SIZES = "(min-width: 60em) 46rem, calc(100vw - 2.5rem)"


def _parse(fragment: str) -> ET.Element:
    document: ET.Element = tinyhtml5.parse(f"<!DOCTYPE html><body>{fragment}</body>",
                                           namespace_html_elements=False)
    body = document.find("body")
    assert body is not None
    return body


def serialize_children(element: ET.Element) -> str:
    """The inner HTML of ``element``."""
    parts = [_escape_text(element.text or "")]
    for child in element:
        parts.append(ET.tostring(child, method="html", encoding="unicode"))
    return "".join(parts)


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text(element: ET.Element) -> str:
    return "".join(element.itertext()).strip()


def _parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def _replace(parent: ET.Element, old: ET.Element, new: ET.Element) -> None:
    """Put ``new`` where ``old`` was, keeping the text that followed ``old``."""
    new.tail = old.tail
    index = list(parent).index(old)
    parent.remove(old)
    parent.insert(index, new)


def _visually_hidden(text: str) -> ET.Element:
    span = ET.Element("span", {"class": "visually-hidden"})
    span.text = text
    return span


def _footnotes(root: ET.Element, slug: str, notes: list[str]) -> None:
    parents = _parents(root)
    for span in [e for e in root.iter("span") if e.get("class") == "fodnote"]:
        number = len(notes) + 1
        notes.append(serialize_children(span))
        sup = ET.Element("sup", {"class": "fn-ref"})
        link = ET.SubElement(sup, "a", {"id": f"fnref-{slug}-{number}",
                                        "href": f"#fn-{slug}-{number}"})
        link.append(_visually_hidden("Note "))
        link[0].tail = str(number)
        _replace(parents[span], span, sup)


def _shift_headings(root: ET.Element, shift: int) -> None:
    for element in root.iter():
        tag = element.tag
        if isinstance(tag, str) and len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            element.tag = f"h{min(6, int(tag[1]) + shift)}"


def _tables(root: ET.Element, slug: str, chapter_title: str, start: int) -> int:
    """Caption, header scopes and a scrolling region for every table; returns the count."""
    parents = _parents(root)
    heading = chapter_title
    count = 0
    for element in list(root.iter()):
        tag = element.tag
        if isinstance(tag, str) and len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            heading = _text(element) or heading
        if tag != "table":
            continue
        count += 1
        number = start + count
        caption_id = f"tabel-{slug}-{count}"
        caption = ET.Element("caption", {"id": caption_id})
        caption.text = f"Tabel {number}: {heading}"
        element.insert(0, caption)
        # Explicit roles keep the table a table for screen readers when narrow screens
        # show each row as a block (web.css); data-label names a cell's column there.
        element.set("role", "table")
        header = [_text(th) for th in element.iter("th")]
        for group in element:
            if group.tag in ("thead", "tbody"):
                group.set("role", "rowgroup")
        for row in element.iter("tr"):
            row.set("role", "row")
            for index, cell in enumerate(row):
                if cell.tag == "th":
                    cell.set("scope", "col")
                    cell.set("role", "columnheader")
                elif cell.tag == "td":
                    cell.set("role", "cell")
                    if index < len(header) and header[index]:
                        cell.set("data-label", header[index])
        wrapper = ET.Element("div", {"class": "tabel", "role": "region",
                                     "aria-labelledby": caption_id, "tabindex": "0"})
        _replace(parents[element], element, wrapper)
        wrapper.append(element)
        element.tail = None
    return count


def _images(root: ET.Element, images: Sequence[ImageRef], mapper: ImageMapper) -> None:
    found = list(root.iter("img"))
    for img, ref in zip(found, images, strict=False):
        web = mapper(ref)
        img.set("src", web.src)
        img.set("srcset", web.srcset)
        img.set("sizes", FIGURE_SIZES)
        img.set("width", str(web.width))
        img.set("height", str(web.height))
        img.set("loading", "lazy")
        img.set("decoding", "async")


def transform_chapter(fragment: str, *, slug: str, title: str, heading_shift: int,
                      images: Sequence[ImageRef], image_mapper: ImageMapper,
                      table_start: int = 0) -> WebChapterBody:
    """The print fragment of one chapter as the web edition shows it (see module doc)."""
    root = _parse(fragment)
    result = WebChapterBody(html="")
    _images(root, images, image_mapper)
    _footnotes(root, slug, result.notes)
    _shift_headings(root, heading_shift)
    result.tables = _tables(root, slug, title, table_start)
    result.html = serialize_children(root)
    return result


def note_html(note: str, slug: str, number: int) -> str:
    """One footnote for the chapter's list of notes, with its link back to the call."""
    root = _parse(note)
    back = ET.SubElement(root, "a", {"class": "fn-back", "href": f"#fnref-{slug}-{number}"})
    arrow = ET.SubElement(back, "span", {"aria-hidden": "true"})
    arrow.text = "↑"
    back.append(_visually_hidden(f"Tilbage til teksten ved note {number}"))
    if len(root) > 1:
        root[-2].tail = (root[-2].tail or "") + " "
    else:
        root.text = (root.text or "").rstrip() + " "
    return serialize_children(root)
