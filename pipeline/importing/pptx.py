"""PowerPoint (.pptx) -> a draft ``kind: meeting`` chapter, with python-pptx.

One ``##`` section per visible slide, its title as the heading; text in PowerPoint's own
reading order (the order of the shape tree, which is what PowerPoint's Reading Order pane
and screen readers use); bullets as lists with their levels; tables as tables; pictures
extracted as they are; speaker notes as draft paragraphs. The title slide gives the
chapter's title, and a line with a date (``23. maj 2023``, ``23.05.2023``, ``2023-05-23``)
gives ``date`` and the place written next to it (``København, 23. maj 2023``) ``place``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pipeline.danish import MONTHS
from pipeline.importing import mdwriter
from pipeline.importing.model import Draft

A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
IMAGE_EXTENSIONS = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "gif": "gif"}
DEFAULT_TITLES = {"powerpoint presentation", "powerpoint-præsentation", "præsentation1",
                  "presentation1"}
_MONTH = "|".join([*MONTHS, *(m[:3] for m in MONTHS)])
DATE_RES = (
    re.compile(rf"\b(\d{{1,2}})\.\s*({_MONTH})\.?\s+(\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b"),
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
)
PLACE_RE = re.compile(r"^\s*sted\s*:\s*(.+?)\s*$", re.IGNORECASE)
SEPARATORS_RE = re.compile(r"\s*(?:,|·|•|\||–|—|\s-\s)\s*")


def find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first date in ``text`` and where it is."""
    for index, pattern in enumerate(DATE_RES):
        for match in pattern.finditer(text):
            try:
                if index == 0:
                    month = next(i for i, m in enumerate(MONTHS, 1)
                                 if m.startswith(match.group(2).lower()[:3]))
                    value = dt.date(int(match.group(3)), month, int(match.group(1)))
                elif index == 1:
                    value = dt.date(int(match.group(3)), int(match.group(2)),
                                    int(match.group(1)))
                else:
                    value = dt.date(int(match.group(1)), int(match.group(2)),
                                    int(match.group(3)))
            except ValueError:
                continue
            return value, match.start(), match.end()
    return None


def _looks_like_place(text: str) -> bool:
    words = text.split()
    return (0 < len(words) <= 3 and text[:1].isupper() and not any(c.isdigit() for c in text)
            and "-" not in words[0])


def date_and_place(lines: list[str]) -> tuple[dt.date | None, str | None, list[str]]:
    """Date and place from the title slide's lines; the lines left over."""
    date = place = None
    rest = []
    for line in lines:
        explicit = PLACE_RE.match(line)
        if explicit and place is None:
            place = explicit.group(1)
            continue
        found = find_date(line) if date is None else None
        if found is None:
            rest.append(line)
            continue
        date, start, end = found
        before = [p for p in SEPARATORS_RE.split(line[:start]) if p.strip()]
        after = [p for p in SEPARATORS_RE.split(line[end:]) if p.strip()]
        candidates = ([before[-1]] if before else []) + ([after[0]] if after else [])
        chosen = next((c.strip() for c in candidates if _looks_like_place(c.strip())), None)
        if place is None and chosen:
            place = chosen
        left = [p.strip() for p in [*before, *after] if p.strip() != chosen]
        if left:
            rest.append(", ".join(left))
    return date, place, rest


def _run_text(run: Any) -> str:
    text = mdwriter.escape(mdwriter.clean_space(run.text))
    font = run.font
    if font.bold:
        text = mdwriter.emphasis(text, "**")
    if font.italic:
        text = mdwriter.emphasis(text, "*")
    address = run.hyperlink.address if run.hyperlink is not None else None
    if address and address.lower().startswith(("http://", "https://", "mailto:")):
        text = mdwriter.link(text, address)
    return text


def _paragraph_text(paragraph: Any) -> str:
    return "".join(_run_text(r) for r in paragraph.runs).strip()


def _bullet_kind(paragraph: Any, in_body_placeholder: bool) -> str | None:
    """'-' for a bullet, '1.' for a numbered item, None for a plain paragraph."""
    ppr = paragraph._p.pPr
    if ppr is not None:
        if ppr.find(f"{A_NS}buNone") is not None:
            return None
        if ppr.find(f"{A_NS}buAutoNum") is not None:
            return "1."
        if ppr.find(f"{A_NS}buChar") is not None:
            return "-"
    return "-" if in_body_placeholder else None


class _Slides:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft

    def text_frame(self, shape: Any, slide_no: int) -> list[str]:
        from pptx.enum.shapes import PP_PLACEHOLDER

        body = False
        if shape.is_placeholder:
            kind = shape.placeholder_format.type
            body = kind in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
        blocks: list[str] = []
        items: list[str] = []
        previous_level = -1
        for paragraph in shape.text_frame.paragraphs:
            text = _paragraph_text(paragraph)
            if not text:
                continue
            marker = _bullet_kind(paragraph, body)
            if marker is None:
                if items:
                    blocks.append("\n".join(items))
                    items, previous_level = [], -1
                blocks.append(mdwriter.escape_block_start(text))
                continue
            level = min(paragraph.level, previous_level + 1)
            previous_level = level
            numbered = marker == "1."
            indent = "   " * level if numbered else "  " * level
            items.append(f"{indent}{marker} {mdwriter.escape_block_start(text)}")
        if items:
            blocks.append("\n".join(items))
        return blocks

    def picture(self, shape: Any, slide_no: int) -> list[str]:
        try:
            image = shape.image
        except (AttributeError, ValueError):
            return []
        extension = IMAGE_EXTENSIONS.get(image.ext.lower())
        if extension is None:
            self.draft.lose("slide", slide_no, "unsupported-image", format=image.ext)
            return []
        src = self.draft.add_image(image.blob, extension)
        alt = (shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr") or "").strip()
        if not alt:
            self.draft.lose("slide", slide_no, "missing-alt", image=src)
        return [mdwriter.image(alt, src)]

    def table(self, shape: Any) -> list[str]:
        rows = [[mdwriter.escape(mdwriter.clean_space(cell.text)).strip()
                 for cell in row.cells] for row in shape.table.rows]
        return [mdwriter.table(rows)] if rows else []

    def shapes(self, shapes: Any, slide_no: int, skip: set[int]) -> list[str]:
        from pptx.enum.shapes import MSO_SHAPE_TYPE

        blocks: list[str] = []
        for shape in shapes:
            if shape.shape_id in skip:
                continue
            if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
                blocks += self.shapes(shape.shapes, slide_no, skip)
            elif getattr(shape, "has_chart", False) and shape.has_chart:
                self.draft.lose("slide", slide_no, "chart")
            elif getattr(shape, "has_table", False) and shape.has_table:
                blocks += self.table(shape)
            elif shape.shape_type == MSO_SHAPE_TYPE.MEDIA:
                self.draft.lose("slide", slide_no, "media")
            elif hasattr(shape, "image") and shape.shape_type in (
                    MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.PLACEHOLDER):
                blocks += self.picture(shape, slide_no)
            elif shape.has_text_frame:
                blocks += self.text_frame(shape, slide_no)
            elif shape.shape_type == MSO_SHAPE_TYPE.EMBEDDED_OLE_OBJECT:
                self.draft.lose("slide", slide_no, "ole-object")
            elif "diagram" in (shape._element.xpath("string(.//a:graphicData/@uri)") or ""):
                self.draft.lose("slide", slide_no, "smartart")
        return blocks

    def notes(self, slide: Any, slide_no: int) -> list[str]:
        if not slide.has_notes_slide:
            return []
        frame = slide.notes_slide.notes_text_frame
        if frame is None:
            return []
        texts = [_paragraph_text(p) for p in frame.paragraphs]
        blocks = [mdwriter.escape_block_start(t) for t in texts if t]
        if blocks:
            self.draft.lose("slide", slide_no, "speaker-notes")
        return blocks


def _is_title_slide(slide: Any) -> bool:
    from pptx.enum.shapes import PP_PLACEHOLDER

    kinds = {p.placeholder_format.type for p in slide.placeholders}
    return PP_PLACEHOLDER.CENTER_TITLE in kinds or PP_PLACEHOLDER.SUBTITLE in kinds


def convert_pptx(path: Path) -> Draft:
    """Convert one slide deck into a draft ``kind: meeting`` chapter."""
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    from pipeline.importing import ImportFailed
    from pipeline.importing.messages import message

    try:
        deck = Presentation(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ImportFailed(f"{path}: " + message("unreadable", what="en PowerPoint-fil",
                                                   reason=exc)) from None
    draft = Draft(source=path, title="", kind="meeting", blocks=[])
    writer = _Slides(draft)
    slides = list(deck.slides)
    title = None
    date = place = None
    for number, slide in enumerate(slides, start=1):
        if slide._element.get("show") == "0":
            draft.lose("slide", number, "slide-hidden")
            continue
        heading_shape = slide.shapes.title
        heading = mdwriter.clean_space(heading_shape.text_frame.text).strip() \
            if heading_shape is not None else ""
        skip = {heading_shape.shape_id} if heading_shape is not None else set()
        if number == 1 and _is_title_slide(slide):
            title = heading or None
            lines = [mdwriter.clean_space(p.text).strip()
                     for shape in slide.shapes if shape.shape_id not in skip
                     and shape.has_text_frame for p in shape.text_frame.paragraphs]
            date, place, rest = date_and_place([line for line in lines if line])
            draft.blocks += [mdwriter.escape_block_start(mdwriter.escape(line))
                             for line in rest]
            draft.blocks += writer.notes(slide, number)
            continue
        if not heading:
            heading = f"Dias {number}"
            draft.lose("slide", number, "slide-no-title", number=number)
        draft.blocks.append(f"## {mdwriter.escape(heading)}")
        draft.blocks += writer.shapes(slide.shapes, number, skip)
        draft.blocks += writer.notes(slide, number)
    core = deck.core_properties
    core_title = mdwriter.clean_space(core.title or "").strip()
    if not title and core_title.casefold() not in DEFAULT_TITLES:
        title = core_title or None
    if date is None or place is None:
        extra_date, extra_place, _ = date_and_place(
            [t for t in (core.subject, core.keywords, core.comments, core.category) if t])
        date, place = date or extra_date, place or extra_place
    if not title:
        title = path.stem.replace("_", " ").replace("-", " ").strip() or path.stem
        draft.lose("document", None, "no-title")
    draft.title, draft.date, draft.place = title, date, place
    if date is None:
        draft.lose("document", None, "add-date")
    if place is None:
        draft.lose("document", None, "add-place")
    return draft
