"""Finish WeasyPrint's PDF/X-4 output into a file a print shop accepts (pikepdf).

WeasyPrint 70 writes ``pdf/x-4`` with TrimBox/BleedBox and an OutputIntent carrying the
``@color-profile device-cmyk`` profile, but MediaBox = BleedBox (no room for marks), its
own crop marks sit inside the bleed in RGB, the OutputConditionIdentifier is the profile's
description and the XMP DocumentID is a random uuid4. :func:`finish_print_pdf` fixes all
of that:

* MediaBox = TrimBox + bleed + slug on every side (the page content is not moved: the
  boxes grow outwards, so links and tags keep their coordinates);
* crop marks in the slug, outside the bleed and offset from the trim, drawn last (on top
  of the artwork) in registration colour (Separation /All), marked as artifacts; or none;
* the OutputIntent names the condition (``FOGRA39``, registry http://www.color.org) and
  embeds the chosen profile (a printer's own, if given);
* xmpMM:DocumentID and InstanceID derived from the PDF's identifier (the same sources
  give the same bytes);
* optionally blank pages at the end so the page count is a multiple of 4.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from dataclasses import dataclass

import pikepdf

from pipeline.printing.profile import PrintProfile

MM = 72 / 25.4


@dataclass(frozen=True, slots=True)
class PrintSettings:
    """The print shop's wishes; the defaults suit most Danish offset printers."""

    bleed_mm: float = 3.0
    slug_mm: float = 10.0
    marks: bool = True
    mark_offset_mm: float = 3.0   # gap between the trim edge and a mark (= outside the bleed)
    mark_length_mm: float = 6.0
    mark_width_pt: float = 0.25
    pad_to: int = 0               # 4: blank pages at the end up to a multiple of 4


def _registration_space(pdf: pikepdf.Pdf) -> pikepdf.Array:
    """``[/Separation /All /DeviceCMYK f]``: 100 % tint prints on every plate."""
    tint = pikepdf.Stream(pdf, b"{ dup dup dup }")
    tint.FunctionType = 4
    tint.Domain = [0, 1]
    tint.Range = [0, 1, 0, 1, 0, 1, 0, 1]
    return pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All,
                          pikepdf.Name.DeviceCMYK, pdf.make_indirect(tint)])


def crop_marks(trim: tuple[float, float, float, float], settings: PrintSettings) -> bytes:
    """Content stream drawing the eight crop marks around ``trim`` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = trim
    gap, length = settings.mark_offset_mm * MM, settings.mark_length_mm * MM
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            # horizontal mark on the line of the horizontal trim edge, vertical likewise
            lines.append((x + sx * gap, y, x + sx * (gap + length), y))
            lines.append((x, y + sy * gap, x, y + sy * (gap + length)))
    ops = ["/Artifact BMC", "q", "/AlmenReg CS 1 SCN", f"{settings.mark_width_pt:g} w", "0 J"]
    ops += [f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S" for a, b, c, d in lines]
    ops += ["Q", "EMC"]
    return ("\n".join(ops) + "\n").encode()


def _box(page: pikepdf.Page, name: str) -> tuple[float, float, float, float] | None:
    box = page.obj.get(name)
    if box is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in box)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _set_boxes(page: pikepdf.Page, settings: PrintSettings) -> tuple[float, float, float, float]:
    trim = _box(page, "/TrimBox") or _box(page, "/MediaBox")
    assert trim is not None
    b, s = settings.bleed_mm * MM, (settings.bleed_mm + settings.slug_mm) * MM
    x0, y0, x1, y1 = trim
    page.obj.TrimBox = pikepdf.Array([x0, y0, x1, y1])
    page.obj.BleedBox = pikepdf.Array([x0 - b, y0 - b, x1 + b, y1 + b])
    page.obj.MediaBox = pikepdf.Array([x0 - s, y0 - s, x1 + s, y1 + s])
    for stale in ("/CropBox", "/ArtBox"):
        if stale in page.obj:
            del page.obj[stale]
    return trim


def _output_intent(pdf: pikepdf.Pdf, profile: PrintProfile) -> None:
    stream = pikepdf.Stream(pdf, profile.data)
    stream.N = 4
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(profile.identifier),
        OutputCondition=pikepdf.String(profile.condition),
        Info=pikepdf.String(profile.condition),
        DestOutputProfile=pdf.make_indirect(stream))
    if profile.registry:
        intent.RegistryName = pikepdf.String(profile.registry)
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


def document_uuid(identifier: bytes, role: str) -> str:
    """A uuid (version 4 layout) derived from the PDF's identifier: stable across builds."""
    digest = hashlib.sha256(identifier + role.encode()).digest()[:16]
    return str(uuid.UUID(bytes=digest, version=4))


def _xmp_ids(pdf: pikepdf.Pdf, identifier: bytes) -> None:
    """Replace WeasyPrint's random xmpMM:DocumentID and add a stable InstanceID. The XMP
    is edited as text so nothing else (dates, producer) changes."""
    if "/Metadata" not in pdf.Root:
        return
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    did = f"xmp.did:{document_uuid(identifier, 'document')}"
    iid = f"xmp.iid:{document_uuid(identifier, 'instance')}"
    xmp, found = re.subn(r"<xmpMM:DocumentID>[^<]*</xmpMM:DocumentID>",
                         f"<xmpMM:DocumentID>{did}</xmpMM:DocumentID>", xmp)
    if not found:
        xmp = xmp.replace("<xmpMM:RenditionClass>",
                          f"<xmpMM:DocumentID>{did}</xmpMM:DocumentID><xmpMM:RenditionClass>", 1)
    xmp = re.sub(r"<xmpMM:InstanceID>[^<]*</xmpMM:InstanceID>", "", xmp)
    xmp = xmp.replace("</xmpMM:DocumentID>",
                      f"</xmpMM:DocumentID><xmpMM:InstanceID>{iid}</xmpMM:InstanceID>", 1)
    metadata = pikepdf.Stream(pdf, xmp.encode("utf-8"))
    metadata.Type = pikepdf.Name.Metadata
    metadata.Subtype = pikepdf.Name.XML
    pdf.Root.Metadata = pdf.make_indirect(metadata)


def pad_pages(pdf: pikepdf.Pdf, multiple: int) -> int:
    """Append blank pages (the size of the last) up to a multiple; returns how many."""
    if multiple <= 1 or not len(pdf.pages):
        return 0
    missing = -len(pdf.pages) % multiple
    last = pdf.pages[-1]
    for _ in range(missing):
        blank = pikepdf.Dictionary(Type=pikepdf.Name.Page, Resources=pikepdf.Dictionary(),
                                   Contents=pdf.make_stream(b""))
        for name in ("/MediaBox", "/TrimBox", "/BleedBox"):
            if name in last.obj:
                blank[name] = pikepdf.Array(list(last.obj[name]))
        pdf.pages.append(pikepdf.Page(blank))
    return missing


def finish_print_pdf(data: bytes, profile: PrintProfile,
                     settings: PrintSettings = PrintSettings()) -> bytes:
    """WeasyPrint's PDF/X-4 bytes -> the print shop's file (see the module docstring)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        identifier = bytes(pdf.trailer.ID[0]) if "/ID" in pdf.trailer else data[:64]
        pad_pages(pdf, settings.pad_to)
        registration = pdf.make_indirect(_registration_space(pdf))
        for page in pdf.pages:
            trim = _set_boxes(page, settings)
            if settings.marks:
                if "/Resources" not in page.obj:
                    page.obj.Resources = pikepdf.Dictionary()
                resources = page.obj.Resources
                if "/ColorSpace" not in resources:
                    resources.ColorSpace = pikepdf.Dictionary()
                resources.ColorSpace.AlmenReg = registration
                # the artwork in q/Q, so the marks start from a clean graphics state
                page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
                page.contents_add(pdf.make_stream(b"Q\n" + crop_marks(trim, settings)),
                                  prepend=False)
        _output_intent(pdf, profile)
        _xmp_ids(pdf, identifier)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
