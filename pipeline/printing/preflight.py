"""``almen preflight PDF``: what a print shop's preflight would reject, page by page.

Errors: DeviceRGB or other uncalibrated non-CMYK colour (in content, images, shadings,
patterns and forms), images below 300 ppi at their printed size (250 for illustrations:
lossless images, i.e. not JPEG), total ink over the profile's limit (300 %), fonts not
embedded, wrong page boxes (TrimBox inside BleedBox inside MediaBox, all pages equal), no
PDF/X output intent. Warning: a page count that is not a multiple of 4.
Messages are Danish: an editor or designer reads them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pikepdf

from pipeline.errors import BuildError, Diagnostic, Severity
from pipeline.printing.profile import INK_LIMIT

PHOTO_PPI = 300
ILLUSTRATION_PPI = 250
MM = 72 / 25.4
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True, slots=True)
class Finding:
    page: int | None        # 1-based; None for the whole document
    severity: str           # "fejl" or "advarsel"
    code: str
    message: str

    def format(self, name: str) -> str:
        where = f"{name}: side {self.page}" if self.page else name
        return f"{where}: {self.severity}: {self.message}"


@dataclass(slots=True)
class PreflightReport:
    path: str
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "fejl"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "advarsel"]

    def add(self, page: int | None, severity: str, code: str, message: str) -> None:
        finding = Finding(page, severity, code, message)
        if finding not in self.findings:
            self.findings.append(finding)


def _multiply(a: Matrix, b: Matrix) -> Matrix:
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _space_name(space: object, resources: Any) -> str:
    """A colour space's family: DeviceRGB, DeviceCMYK, ICCBased-RGB, Separation, ..."""
    if isinstance(space, pikepdf.Name):
        name = str(space)[1:]
        if name in ("DeviceRGB", "DeviceCMYK", "DeviceGray", "Pattern"):
            return name
        spaces = resources.get("/ColorSpace") if resources is not None else None
        if spaces is not None and str(space) in spaces:
            return _space_name(spaces[str(space)], None)
        return name
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])[1:]
        if family == "ICCBased":
            n = int(space[1].get("/N", 0))
            return {1: "ICCBased-Gray", 3: "ICCBased-RGB", 4: "ICCBased-CMYK"}.get(n, family)
        if family in ("Separation", "DeviceN"):
            alternate = _space_name(space[2], None)
            return f"{family}({alternate})"
        if family == "Indexed":
            return f"Indexed({_space_name(space[1], None)})"
        return family
    return "?"


def _bad_space(family: str) -> bool:
    return "RGB" in family or family in ("CalRGB", "Lab", "?")


_FILL_OPS = {"f", "F", "f*", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"'}
_STROKE_OPS = {"S", "s", "B", "B*", "b", "b*"}


def _walk(stream: Any, resources: Any, ctm: Matrix,
          depth: int = 0) -> Iterator[tuple[str, object, Matrix, Any]]:
    """Yield (kind, payload, ctm, resources) for colours actually painted (a colour set
    but never used to fill or stroke does not count, as in Acrobat's preflight), shadings
    and images, through Form XObjects (and their own resources)."""
    stack: list[tuple[Matrix, tuple[str, list[float]], tuple[str, list[float]]]] = []
    fill: tuple[str, list[float]] = ("DeviceGray", [0.0])
    stroke: tuple[str, list[float]] = ("DeviceGray", [0.0])
    instructions: Any = pikepdf.parse_content_stream(stream)
    for operands, operator in instructions:
        op = str(operator)
        if op == "q":
            stack.append((ctm, fill, stroke))
        elif op == "Q" and stack:
            ctm, fill, stroke = stack.pop()
        elif op == "cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif op in ("rg", "RG", "k", "K", "g", "G"):
            space = {"rg": "DeviceRGB", "k": "DeviceCMYK", "g": "DeviceGray"}[op.lower()]
            colour = (space, [float(v) for v in operands])
            if op.islower():
                fill = colour
            else:
                stroke = colour
        elif op in ("cs", "CS"):
            colour = (_space_name(operands[0], resources), [])
            if op == "cs":
                fill = colour
            else:
                stroke = colour
        elif op in ("sc", "scn", "SC", "SCN"):
            values = [float(v) for v in operands if isinstance(v, int | float | Decimal)]
            if op.islower():
                fill = (fill[0], values)
            else:
                stroke = (stroke[0], values)
        elif op in _FILL_OPS or op in _STROKE_OPS:
            for used in ((fill,) if op in _FILL_OPS else ()) + (
                    (stroke,) if op in _STROKE_OPS else ()):
                yield "space", used[0], ctm, resources
                if used[0] in ("DeviceCMYK", "ICCBased-CMYK") and len(used[1]) == 4:
                    yield "cmyk", used[1], ctm, resources
        elif op == "sh":
            shadings = resources.get("/Shading") if resources is not None else None
            if shadings is not None and str(operands[0]) in shadings:
                shading_space = shadings[str(operands[0])].get("/ColorSpace")
                yield "space", _space_name(shading_space, resources), ctm, resources
        elif op == "Do" and resources is not None:
            xobjects = resources.get("/XObject")
            if xobjects is None or str(operands[0]) not in xobjects:
                continue
            xobject = xobjects[str(operands[0])]
            subtype = xobject.get("/Subtype")
            if subtype == "/Image":
                yield "image", xobject, ctm, resources
            elif subtype == "/Form" and depth < 12:
                matrix = tuple(float(v) for v in xobject.get("/Matrix", _IDENTITY))
                inner = xobject.get("/Resources", resources)
                yield "form", xobject, ctm, inner
                yield from _walk(xobject, inner, _multiply(matrix, ctm),  # type: ignore[arg-type]
                                 depth + 1)


def _image_checks(report: PreflightReport, page: int, image: Any, ctm: Matrix,
                  resources: Any) -> None:
    if image.get("/ImageMask", False):
        return
    family = _space_name(image.get("/ColorSpace", pikepdf.Name.DeviceGray), resources)
    width, height = int(image.Width), int(image.Height)
    if _bad_space(family):
        report.add(page, "fejl", "rgb-image",
                   f"et billede på {width}×{height} px er i {family}, ikke CMYK "
                   "(konvertér det til CMYK med trykprofilen)")
    shown_w = (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5 / 72  # inches
    shown_h = (ctm[2] ** 2 + ctm[3] ** 2) ** 0.5 / 72
    if shown_w < 0.2 or shown_h < 0.2:  # under 5 mm: a rule, a dot or a mask tile
        return
    ppi = min(width / shown_w, height / shown_h)
    photo = "/DCTDecode" in str(image.get("/Filter", ""))
    needed = PHOTO_PPI if photo else ILLUSTRATION_PPI
    if ppi < needed - 0.5:
        kind = "foto" if photo else "illustration"
        report.add(page, "fejl", "low-resolution",
                   f"{kind} på {width}×{height} px trykkes {shown_w * 25.4:.0f}×"
                   f"{shown_h * 25.4:.0f} mm: {ppi:.0f} ppi, under {needed} ppi "
                   "(brug et billede med flere pixels eller vis det mindre)")


def _font_checks(report: PreflightReport, page: int, fonts: Any) -> None:
    for name, font in fonts.items():
        subtype = str(font.get("/Subtype", ""))
        if subtype == "/Type3":
            continue
        descriptor_owner = font.DescendantFonts[0] if subtype == "/Type0" else font
        descriptor = descriptor_owner.get("/FontDescriptor")
        base = str(font.get("/BaseFont", name))[1:]
        if descriptor is None or not any(k in descriptor for k in
                                         ("/FontFile", "/FontFile2", "/FontFile3")):
            report.add(page, "fejl", "font-not-embedded",
                       f"skriften {base} er ikke indlejret (trykkeriet har den ikke)")


def _box_checks(report: PreflightReport, pdf: pikepdf.Pdf) -> None:
    sizes: set[tuple[float, ...]] = set()
    for number, page in enumerate(pdf.pages, 1):
        boxes = {}
        for name in ("/MediaBox", "/BleedBox", "/TrimBox"):
            box = page.obj.get(name)
            if box is None:
                if name != "/MediaBox":
                    report.add(number, "fejl", "missing-box",
                               f"siden har ingen {name[1:]} (beskæringen er ukendt)")
                continue
            x0, y0, x1, y1 = (float(v) for v in box)
            boxes[name] = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        if len(boxes) < 3:
            continue
        media, bleed, trim = boxes["/MediaBox"], boxes["/BleedBox"], boxes["/TrimBox"]

        def inside(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
            return (a[0] >= b[0] - 0.01 and a[1] >= b[1] - 0.01 and a[2] <= b[2] + 0.01
                    and a[3] <= b[3] + 0.01)

        if not inside(trim, bleed):
            report.add(number, "fejl", "boxes", "TrimBox ligger ikke inden for BleedBox")
        if not inside(bleed, media):
            report.add(number, "fejl", "boxes", "BleedBox ligger ikke inden for MediaBox")
        bleed_mm = min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2],
                       bleed[3] - trim[3]) / MM
        if inside(trim, bleed) and bleed_mm < 2.95:
            report.add(number, "fejl", "bleed",
                       f"beskæringstillægget er {bleed_mm:.1f} mm, under 3 mm")
        sizes.add(tuple(round(v, 1) for v in (*_size(media), *_size(bleed), *_size(trim))))
    if len(sizes) > 1:
        report.add(None, "fejl", "boxes", "siderne har ikke samme MediaBox, BleedBox og "
                   "TrimBox (alle sider skal have samme format)")


def _size(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return (box[2] - box[0], box[3] - box[1])


def preflight(source: Path | bytes, *, ink_limit: int = INK_LIMIT) -> PreflightReport:
    """Check a print PDF (a path or its bytes) and return every finding."""
    name = source.name if isinstance(source, Path) else "PDF"
    report = PreflightReport(name)
    data = source.read_bytes() if isinstance(source, Path) else source
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError:
        report.add(None, "fejl", "not-pdf", "filen er ikke en læsbar PDF")
        return report
    with pdf:
        report.pages = len(pdf.pages)
        intents = pdf.Root.get("/OutputIntents")
        if not intents or not any(i.get("/S") == "/GTS_PDFX" and "/DestOutputProfile" in i
                                  for i in intents):
            report.add(None, "fejl", "no-output-intent",
                       "filen har ingen PDF/X-outputprofil (OutputIntent med CMYK-profil)")
        _box_checks(report, pdf)
        for number, page in enumerate(pdf.pages, 1):
            resources = page.obj.get("/Resources")
            fonts_seen: list[Any] = []
            if resources is not None and "/Font" in resources:
                fonts_seen.append(resources.Font)
            for kind, payload, ctm, res in _walk(page.obj, resources, _IDENTITY):
                if kind == "space" and isinstance(payload, str) and _bad_space(payload):
                    report.add(number, "fejl", "rgb-colour",
                               f"farve i {payload}, ikke CMYK (brug CMYK-tokens i "
                               "tryk-udgaven)")
                elif kind == "cmyk" and isinstance(payload, list):
                    total = round(sum(payload) * 100)
                    if total > ink_limit:
                        report.add(number, "fejl", "ink-limit",
                                   f"farve med {total} % samlet farvedækning, over "
                                   f"{ink_limit} %")
                elif kind == "image" and isinstance(payload, pikepdf.Object):
                    _image_checks(report, number, payload, ctm, res)
                elif kind == "form" and res is not None and "/Font" in res:
                    fonts_seen.append(res.Font)
            for fonts in fonts_seen:
                _font_checks(report, number, fonts)
        if report.pages % 4:
            report.add(None, "advarsel", "page-count",
                       f"{report.pages} sider er ikke et multiplum af 4 (et hæfte kræver "
                       "det; 'almen preflight --pad' tilføjer blanke sider til sidst)")
    return report


def check_print_file(data: bytes, path: Path) -> list[Diagnostic]:
    """What ``almen publish`` runs on every print file: raise BuildError listing every
    preflight error; return the warnings as diagnostics located at ``path``."""
    report = preflight(data)
    if report.errors:
        raise BuildError("trykfilen består ikke preflight:\n  " + "\n  ".join(
            f.format(path.name) for f in report.errors))
    return [Diagnostic(path, f.page, None, Severity.WARNING, f"preflight-{f.code}", f.message)
            for f in report.warnings]


def pad_file(path: Path, multiple: int = 4) -> int:
    """Append blank pages to the PDF at ``path`` (atomically) up to a multiple of
    ``multiple``; returns how many were added."""
    from pipeline.printing.postprocess import pad_pages

    with pikepdf.open(io.BytesIO(path.read_bytes())) as pdf:
        added = pad_pages(pdf, multiple)
        if not added:
            return 0
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            pdf.save(tmp, deterministic_id=True)
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
    return added
