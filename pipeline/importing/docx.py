"""Word (.docx) -> a draft chapter, through mammoth's HTML.

Why HTML and not mammoth's own Markdown: mammoth's Markdown writer is deprecated upstream,
writes no tables, turns footnotes into links to anchors and knows nothing of our
``::: fakta``/``::: citat`` boxes or figure captions. Its HTML keeps all of that
(``<table>``, the notes list, the classes our style map gives), so we walk that small,
regular HTML ourselves and write exactly our dialect.

Comments, tracked changes and what mammoth drops silently (charts, SmartArt, objects,
equations) are found by reading ``word/document.xml`` directly, so that each can be
reported with its paragraph number.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mammoth
from lxml import etree
from lxml import html as lxml_html

from pipeline.importing import mdwriter
from pipeline.importing.messages import message
from pipeline.importing.model import Draft

# Word styles -> our elements. Matching is case-insensitive (mammoth). English built-in
# names as Word stores them, plus the Danish names editors give their own styles.
STYLE_MAP = """
p[style-name='Title'] => h1.titel:fresh
p[style-name='Titel'] => h1.titel:fresh
p[style-name='Subtitle'] => p.undertitel:fresh
p[style-name='Undertitel'] => p.undertitel:fresh
p[style-name='Faktaboks'] => div.fakta > p:fresh
p[style-name='Fakta'] => div.fakta > p:fresh
p[style-name='Citat'] => blockquote.citat > p:fresh
p[style-name='Quote'] => blockquote.citat > p:fresh
p[style-name='Intense Quote'] => blockquote.citat > p:fresh
p[style-name='Kraftigt citat'] => blockquote.citat > p:fresh
p[style-name='Billedtekst'] => p.billedtekst:fresh
p[style-name='Caption'] => p.billedtekst:fresh
p[style-name='List Paragraph'] => p:fresh
p[style-name='Listeafsnit'] => p:fresh
p[style-name='No Spacing'] => p:fresh
p[style-name='Ingen afstand'] => p:fresh
r[style-name='Emphasis'] => em
r[style-name='Strong'] => strong
"""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
}
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/jpg": "jpg", "image/gif": "gif"}
GENERATED_ALT_RE = re.compile(r"(automatisk genereret beskrivelse|description automatically "
                              r"generated)\s*$", re.IGNORECASE)
UNRECOGNISED_STYLE_RE = re.compile(r"Unrecognised paragraph style: '(.+)' \(Style ID: (.+)\)")
QUOTE_LEN = 60
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _text_of(element: Any) -> str:
    return "".join(element.itertext())


def _quote(text: str) -> str:
    text = mdwriter.clean_space(text).strip()
    return text if len(text) <= QUOTE_LEN else text[: QUOTE_LEN - 1].rstrip() + "…"


# --------------------------------------------------------------------------------------
# What mammoth does not tell: read from the XML, with paragraph numbers


@dataclass
class _Scan:
    images: list[tuple[int, str]] = field(default_factory=list)  # (paragraph, alt) in order
    style_paragraph: dict[str, int] = field(default_factory=dict)  # style id -> first para
    title: str | None = None
    company: str | None = None


def _scan(archive: zipfile.ZipFile, draft: Draft) -> _Scan:
    scan = _Scan()
    root = etree.fromstring(archive.read("word/document.xml"), _PARSER)
    comments: dict[str, tuple[str, str]] = {}
    if "word/comments.xml" in archive.namelist():
        for comment in etree.fromstring(archive.read("word/comments.xml"), _PARSER).iter(
                _q("w:comment")):
            comments[comment.get(_q("w:id"))] = (comment.get(_q("w:author")) or "ukendt",
                                                 _text_of(comment))
    number = 0
    for para in root.iter(_q("w:p")):
        if any(a.tag == _q("mc:Fallback") for a in para.iterancestors()):
            continue
        drawings = [d for d in para.iter(_q("wp:inline"), _q("wp:anchor"))
                    if not any(a.tag == _q("mc:Fallback") for a in d.iterancestors())]
        text = "".join(t.text or "" for t in para.iter(_q("w:t")))
        if text.strip() or drawings or para.find(f".//{_q('w:delText')}") is not None:
            number += 1
        n = max(number, 1)
        style = para.find(f"./{_q('w:pPr')}/{_q('w:pStyle')}")
        if style is not None:
            scan.style_paragraph.setdefault(style.get(_q("w:val")) or "", n)
        seen_comments: set[str] = set()
        for ref in para.iter(_q("w:commentRangeStart"), _q("w:commentReference")):
            cid = ref.get(_q("w:id")) or ""
            if cid in seen_comments or cid not in comments:
                continue
            seen_comments.add(cid)
            author, body = comments.pop(cid)
            draft.lose("paragraph", n, "comment", author=author, text=_quote(body))
        for ins in para.iter(_q("w:ins"), _q("w:moveTo")):
            inserted = "".join(t.text or "" for t in ins.iter(_q("w:t")))
            if inserted.strip():
                draft.lose("paragraph", n, "tracked-insert", text=_quote(inserted))
        for dele in para.iter(_q("w:del"), _q("w:moveFrom")):
            deleted = "".join(t.text or "" for t in dele.iter(_q("w:delText"), _q("w:t")))
            if deleted.strip():
                draft.lose("paragraph", n, "tracked-delete", text=_quote(deleted))
        if para.find(f".//{_q('w:rPrChange')}") is not None or \
                para.find(f".//{_q('w:pPrChange')}") is not None:
            draft.lose("paragraph", n, "tracked-format")
        for drawing in drawings:
            uri = next((g.get("uri") or "" for g in drawing.iter(_q("a:graphicData"))), "")
            if uri.endswith("/chart"):
                draft.lose("paragraph", n, "chart")
            elif uri.endswith("/diagram"):
                draft.lose("paragraph", n, "smartart")
            elif drawing.find(f".//{_q('a:blip')}") is not None:
                doc_pr = drawing.find(_q("wp:docPr"))
                alt = ""
                if doc_pr is not None:
                    alt = (doc_pr.get("descr") or "").strip() or (doc_pr.get("title") or "")
                scan.images.append((n, alt))
        for _ in para.iter(_q("v:imagedata")):
            scan.images.append((n, ""))
        if para.find(f".//{_q('w:object')}") is not None and \
                para.find(f".//{_q('v:imagedata')}") is None:
            draft.lose("paragraph", n, "ole-object")
        if para.find(f".//{_q('m:oMath')}") is not None:
            draft.lose("paragraph", n, "equation")
    if "docProps/core.xml" in archive.namelist():
        title = etree.fromstring(archive.read("docProps/core.xml"), _PARSER).find(
            f".//{_q('dc:title')}")
        if title is not None and (title.text or "").strip():
            scan.title = mdwriter.clean_space(title.text or "").strip()
    if "docProps/app.xml" in archive.namelist():
        company = etree.fromstring(archive.read("docProps/app.xml"), _PARSER).find(
            f".//{_q('ep:Company')}")
        if company is not None and (company.text or "").strip():
            scan.company = mdwriter.clean_space(company.text or "").strip()
    return scan


# --------------------------------------------------------------------------------------
# mammoth's HTML -> our Markdown


class _Writer:
    def __init__(self, draft: Draft, scan: _Scan) -> None:
        self.draft = draft
        self.scan = scan
        self.image_index = 0
        self.notes: dict[str, str] = {}  # mammoth note id -> our label

    # inline ------------------------------------------------------------------------
    def inline(self, element: Any, table: bool = False) -> str:
        parts = [mdwriter.escape(mdwriter.clean_space(element.text or ""))]
        for child in element:
            parts.append(self.inline_element(child, table))
            parts.append(mdwriter.escape(mdwriter.clean_space(child.tail or "")))
        return "".join(parts)

    def inline_element(self, el: Any, table: bool) -> str:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("strong", "b"):
            return mdwriter.emphasis(self.inline(el, table), "**")
        if tag in ("em", "i"):
            return mdwriter.emphasis(self.inline(el, table), "*")
        if tag in ("s", "del", "strike"):
            return mdwriter.emphasis(self.inline(el, table), "~~")
        if tag == "br":
            return " " if table else "\\\n"
        if tag == "img":
            return self.image(el)
        if tag == "sup":
            anchor = el.find("a")
            href = anchor.get("href", "") if anchor is not None else ""
            if href.startswith(("#footnote-", "#endnote-")) and len(el) == 1:
                label = self.notes.setdefault(href[1:], str(len(self.notes) + 1))
                return f"[^{label}]"
            return self.inline(el, table)
        if tag == "a":
            href = (el.get("href") or "").strip()
            text = self.inline(el, table)
            if href.lower().startswith(("http://", "https://", "mailto:")):
                return mdwriter.link(text, href)
            if href and not href.startswith("#"):
                self.draft.lose("document", None, "local-link", href=href)
            return text
        return self.inline(el, table)

    def image(self, el: Any) -> str:
        src = el.get("src") or ""
        index = self.image_index
        self.image_index += 1
        para = self.scan.images[index][0] if index < len(self.scan.images) else None
        if not src:
            return ""
        alt = mdwriter.clean_space(el.get("alt") or "").strip()
        if not alt:
            self.draft.lose("paragraph", para, "missing-alt", image=src)
        elif GENERATED_ALT_RE.search(alt):
            self.draft.lose("paragraph", para, "generated-alt", image=src)
        return mdwriter.image(alt, src)

    # blocks ------------------------------------------------------------------------
    def blocks(self, container: Any) -> list[str]:
        out: list[str] = []
        children = list(container)
        index = 0
        while index < len(children):
            el = children[index]
            tag = el.tag if isinstance(el.tag, str) else ""
            classes = (el.get("class") or "").split()
            if tag == "p" and self._only_image(el) and index + 1 < len(children) and \
                    "billedtekst" in (children[index + 1].get("class") or ""):
                caption = mdwriter.clean_space(_text_of(children[index + 1])).strip()
                out.append(self._figure(el, caption))
                index += 2
                continue
            if tag == "p" and "billedtekst" in classes and index + 1 < len(children) and \
                    self._only_image(children[index + 1]):
                caption = mdwriter.clean_space(_text_of(el)).strip()
                out.append(self._figure(children[index + 1], caption))
                index += 2
                continue
            out.extend(self.block(el, tag, classes))
            index += 1
        return [b for b in out if b.strip()]

    def _only_image(self, el: Any) -> bool:
        return (el.tag == "p" and len(el) == 1 and el[0].tag == "img"
                and not (el.text or "").strip() and not (el[0].tail or "").strip())

    def _figure(self, para: Any, caption: str) -> str:
        rendered = self.image(para[0])
        match = re.match(r"^!\[(.*)\]\((\S+)\)$", rendered, re.DOTALL)
        if not match or not caption:
            return rendered
        return mdwriter.image(match.group(1), match.group(2), caption)

    def block(self, el: Any, tag: str, classes: list[str]) -> list[str]:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = self.inline(el).strip()
            return [f"{'#' * int(tag[1])} {text}"] if text else []
        if tag == "p":
            text = self.inline(el).strip()
            if "billedtekst" in classes and text:
                self.draft.lose("document", None, "caption-without-image", text=_quote(text))
            return [mdwriter.escape_block_start(text)] if text else []
        if tag in ("ul", "ol"):
            return [self.list(el, 0)]
        if tag == "table":
            return [self.table(el)]
        if tag == "div" and "fakta" in classes:
            inner = self.blocks(el)
            title = ""
            first = el[0] if len(el) else None
            if first is not None and first.tag == "p" and len(first) == 1 and \
                    first[0].tag == "strong" and not (first.text or "").strip() and \
                    not (first[0].tail or "").strip() and len(inner) > 1:
                title = " " + mdwriter.clean_space(_text_of(first)).strip()
                inner = inner[1:]
            return [f"::: fakta{title}\n" + "\n\n".join(inner) + "\n:::"]
        if tag == "blockquote":
            inner = self.blocks(el)
            if inner:
                last = inner[-1]
                match = re.match(r"^\\?[—–-]{1,2}\s+(.+)$", last, re.DOTALL)
                if match and len(inner) > 1:
                    inner[-1] = "— " + match.group(1)
            return ["::: citat\n" + "\n\n".join(inner) + "\n:::"]
        if tag == "dl":  # mammoth's comment list (we report comments from the XML)
            return []
        return self.blocks(el) if len(el) else [self.inline(el).strip()]

    def list(self, el: Any, depth: int) -> str:
        lines: list[str] = []
        ordered = el.tag == "ol"
        for number, item in enumerate(el.findall("li"), start=1):
            marker = f"{number}. " if ordered else "- "
            pad = " " * len(marker)
            text_parts = [mdwriter.escape(mdwriter.clean_space(item.text or ""))]
            nested: list[str] = []
            for child in item:
                if child.tag in ("ul", "ol"):
                    nested.append(self.list(child, depth + 1))
                    text_parts.append(mdwriter.escape(mdwriter.clean_space(child.tail or "")))
                elif child.tag == "p":
                    text_parts.append(" " + self.inline(child))
                    text_parts.append(mdwriter.escape(mdwriter.clean_space(child.tail or "")))
                else:
                    text_parts.append(self.inline_element(child, False))
                    text_parts.append(mdwriter.escape(mdwriter.clean_space(child.tail or "")))
            text = mdwriter.escape_block_start("".join(text_parts).strip())
            lines.append(marker + text.replace("\n", "\n" + pad))
            for sub in nested:
                lines.append("\n".join(pad + line for line in sub.split("\n")))
        return "\n".join(lines)

    def table(self, el: Any) -> str:
        rows: list[list[str]] = []
        for tr in el.iter("tr"):
            if any(a.tag == "table" for a in tr.iterancestors() if a is not el) and \
                    next(iter(a for a in tr.iterancestors() if a.tag == "table")) is not el:
                continue
            cells: list[str] = []
            for cell in tr:
                if cell.tag not in ("td", "th"):
                    continue
                if cell.get("colspan") or cell.get("rowspan"):
                    self.draft.lose("document", None, "merged-cells")
                if cell.find(".//table") is not None:
                    self.draft.lose("document", None, "nested-table")
                blocks = [b for b in cell if isinstance(b.tag, str)]
                if len(blocks) > 1 or cell.find(".//ul") is not None or \
                        cell.find(".//ol") is not None:
                    self.draft.lose("document", None, "cell-blocks")
                parts = [self.inline(b, table=True) for b in blocks] if blocks else \
                    [self.inline(cell, table=True)]
                cells.append(" ".join(p.strip() for p in parts if p.strip()))
                cells += [""] * (int(cell.get("colspan") or 1) - 1)
            if cells:
                rows.append(cells)
        return mdwriter.table(rows) if rows else ""


def _headings(blocks: list[str], draft: Draft) -> list[str]:
    """Body headings start at ``##`` and never skip a level."""
    levels = [len(b) - len(b.lstrip("#")) for b in blocks if re.match(r"^#{1,6} ", b)]
    if not levels:
        return blocks
    shift = 2 - min(levels)
    out, previous, shifted = [], 1, False
    for block in blocks:
        match = re.match(r"^(#{1,6}) (.*)$", block, re.DOTALL)
        if not match:
            out.append(block)
            continue
        level = min(len(match.group(1)) + shift, previous + 1, 6)
        shifted = shifted or level != len(match.group(1)) + shift
        previous = level
        out.append("#" * level + " " + match.group(2))
    if shifted:
        draft.lose("document", None, "heading-shifted")
    return out


def convert_docx(path: Path) -> Draft:
    """Convert one Word document into a draft ``kind: case`` chapter."""
    from pipeline.importing import ImportFailed

    data = path.read_bytes()
    draft = Draft(source=path, title="", kind="case", blocks=[])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            scan = _scan(archive, draft)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise ImportFailed(f"{path}: " + message("unreadable", what="et Word-dokument",
                                                   reason=exc)) from None

    def convert_image(image: Any) -> dict[str, str]:
        extension = IMAGE_TYPES.get(image.content_type)
        if extension is None:
            draft.lose("document", None, "unsupported-image", format=image.content_type)
            return {"src": ""}
        with image.open() as stream:
            return {"src": draft.add_image(stream.read(), extension)}

    result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP,
                                     convert_image=mammoth.images.img_element(convert_image))
    for msg in result.messages:
        match = UNRECOGNISED_STYLE_RE.match(msg.message)
        if match:
            draft.lose("paragraph", scan.style_paragraph.get(match.group(2)), "unknown-style",
                       style=match.group(1))
    root = lxml_html.fragment_fromstring(result.value or "<p></p>", create_parent="div")
    writer = _Writer(draft, scan)
    # the notes list mammoth appends: <ol><li id="footnote-1">…</li></ol>
    note_items = {li.get("id"): li for li in root.iter("li")
                  if (li.get("id") or "").startswith(("footnote-", "endnote-"))}
    for li in note_items.values():
        parent = li.getparent()
        if parent is not None and parent.getparent() is not None:
            parent.getparent().remove(parent)
    subtitle = None
    first = next((el for el in root if isinstance(el.tag, str)), None)
    title = scan.title
    if first is not None and first.tag == "h1":
        heading = mdwriter.clean_space(_text_of(first)).strip()
        if heading and (title is None or heading.casefold() == title.casefold()
                        or "titel" in (first.get("class") or "")):
            title = heading
            root.remove(first)
    for el in list(root):
        if "undertitel" in (el.get("class") or ""):
            subtitle = subtitle or mdwriter.clean_space(_text_of(el)).strip()
            root.remove(el)
    blocks = writer.blocks(root)
    for note_id, label in writer.notes.items():
        li = note_items.get(note_id)
        if li is None:
            continue
        for back in li.iter("a"):
            if (back.get("href") or "").startswith(("#footnote-ref-", "#endnote-ref-")):
                back.getparent().remove(back) if back.getparent() is not None else None
        texts = [writer.inline(p).strip() for p in li.iter("p")] or [writer.inline(li)]
        blocks.append(f"[^{label}]: " + " ".join(t for t in texts if t))
    if not title:
        title = path.stem.replace("_", " ").replace("-", " ").strip() or path.stem
        draft.lose("document", None, "no-title")
    draft.title = title
    draft.summary = subtitle
    draft.organisation = scan.company
    if not draft.organisation:
        draft.lose("document", None, "add-organisation")
    draft.blocks = _headings(blocks, draft)
    return draft
