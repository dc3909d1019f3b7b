"""A layout's manifest: a folder ``layouts/NAME/`` with a ``layout.yaml`` manifest, Jinja2 templates
and stylesheets built on the shared brand tokens in ``layouts/_brand/``.

The manifest is validated field by field when a layout is loaded, and so is what it
points to: the template (Jinja2 syntax, that it extends the shared base, that every block
it fills exists in the base), the stylesheets (every colour a brand token, every font a
brand font, every ``var(--token)`` defined, every ``url()`` present) and the fonts (declared
in ``_brand/fonts.css``, files under ``assets/fonts/``). Every problem is reported at once
with its file and line, like the rest of the pipeline. docs/designer.md explains the system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import paths, verdicts
from pipeline.errors import Diagnostics, ReportError, error
from pipeline.layout.css import manifest_stylesheets
from pipeline.layout.fonts import brand_font_families, manifest_fonts
from pipeline.layout.templates import manifest_template
from pipeline.load import YamlDoc, did_you_mean, parse_yaml, read_text
from pipeline.paths import available_layouts, tree_signature

MANIFEST_NAME = "layout.yaml"
LAYOUT_KEYS = ("name", "description", "page_size", "template", "stylesheets", "fonts",
               "images")
REQUIRED_KEYS = ("name", "description", "template", "stylesheets", "fonts")
IMAGE_KEYS = ("figure_width_mm", "cover_width_mm")
IMAGE_DEFAULTS = {"figure_width_mm": 170.0, "cover_width_mm": 216.0}
PAGE_SIZE_RE = re.compile(
    r"^(?:(?:A[3-6]|B[4-5]|JIS-B[4-5]|letter|legal)(?: (?:portrait|landscape))?"
    r"|\d+(?:\.\d+)?mm \d+(?:\.\d+)?mm)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Layout:
    """A validated layout (see ``layouts/NAME/layout.yaml`` and docs/designer.md)."""

    name: str
    description: str
    folder: Path
    template: str
    stylesheets: tuple[Path, ...]
    figure_width_mm: float
    cover_width_mm: float
    page_size: str = "A4"
    fonts: tuple[str, ...] = ()          # brand font families the layout uses
    font_files: tuple[Path, ...] = ()    # their files under assets/fonts/

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST_NAME

    @property
    def brand_dir(self) -> Path:
        return self.folder.parent / "_brand"

    @property
    def base_dir(self) -> Path:
        return self.folder.parent / "_base"

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return (self.folder, self.base_dir)

    @property
    def roots(self) -> tuple[Path, ...]:
        """Folders this layout may read resources from."""
        return (self.folder, self.brand_dir, self.base_dir)


# --------------------------------------------------------------------------------------
# The manifest


class _Manifest:
    """Typed access to the manifest's keys, recording problems with their location."""

    def __init__(self, file: Path, doc: YamlDoc, diags: Diagnostics) -> None:
        self.file, self.doc, self.diags = file, doc, diags
        self.data: dict[Any, Any] = doc.data

    def err(self, path: tuple[Any, ...], code: str, message: str,
            hint: str | None = None) -> None:
        line, col = self.doc.where(*path)
        self.diags.add(error(self.file, line or 1, col if line else None, code, message, hint))

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dict | list | bool):
            self.err((key,), "wrong-type", f"'{key}' must be text",
                     "write it on one line after the colon")
            return None
        return str(self.doc.scalars.get((key,), value)).strip() or None

    def text_list(self, key: str) -> list[tuple[int, str]]:
        """(index, text) for each item of a list of texts."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.err((key,), "wrong-type", f"'{key}' must be a list",
                     "write one item per line, each starting with '- '")
            return []
        items = []
        for index, item in enumerate(value):
            if item is None or isinstance(item, dict | list | bool):
                self.err((key, index), "wrong-type", f"item {index + 1} of '{key}' must be text")
                continue
            items.append((index, str(self.doc.scalars.get((key, index), item)).strip()))
        return items


def _layout_error(folder: Path, name: str, code: str, message: str) -> ReportError:
    names = _available(folder.parent)
    hint = (did_you_mean(name, names) or "") + f" available layouts: {', '.join(names)}"
    return ReportError([error(folder / MANIFEST_NAME, None, None, code, message,
                              hint.strip())])


def _available(layouts_dir: Path) -> tuple[str, ...]:
    if layouts_dir == paths.LAYOUTS_DIR:
        return available_layouts()
    if not layouts_dir.is_dir():
        return ()
    return tuple(sorted(p.name for p in layouts_dir.iterdir() if p.is_dir()
                        and not p.name.startswith(("_", ".")) and (p / MANIFEST_NAME).is_file()))


_CACHE: dict[tuple[str, Path], tuple[tuple[tuple[str, int, int], ...], Layout]] = {}


def load_layout(name: str, *, layouts_dir: Path | None = None) -> Layout:
    """Load and validate ``layouts/NAME``; raise :class:`ReportError` listing every problem.

    A layout validated before in this process is returned from a cache as long as none of
    its files (nor the brand's or the base template's) changed.
    """
    layouts_dir = layouts_dir or paths.LAYOUTS_DIR
    key = (name, layouts_dir)
    signature = tree_signature(layouts_dir / name, layouts_dir / "_brand", layouts_dir / "_base")
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    verdict = _verdict_name(name, layouts_dir)
    layout = _recalled(verdict) if verdict else None
    if layout is None:
        layout = _load_layout(name, layouts_dir)
        if verdict:
            verdicts.remember(verdict, _as_json(layout))
    _CACHE[key] = (signature, layout)
    return layout


def _verdict_name(name: str, layouts_dir: Path) -> str | None:
    """The key of a layout's validation across runs: the bytes of its folder, the brand
    and the base, the names and sizes of the font files, and the validating code."""
    folders = [layouts_dir / name, layouts_dir / "_brand", layouts_dir / "_base"]
    if not (layouts_dir / name / MANIFEST_NAME).is_file():
        return None
    files = [p for folder in folders if folder.is_dir() for p in sorted(folder.rglob("*"))
             if p.is_file() and not p.is_symlink()]
    if any(p.is_symlink() for folder in folders if folder.is_dir() for p in folder.rglob("*")):
        return None  # links are judged afresh every time
    fonts_dir = paths.ASSETS_DIR / "fonts"
    fonts = "\n".join(f"{p.relative_to(fonts_dir)} {p.stat().st_size}"
                      for p in sorted(fonts_dir.rglob("*")) if p.is_file()) \
        if fonts_dir.is_dir() else ""
    return verdicts.key("layout", name, str(layouts_dir.resolve()), fonts,
                        verdicts.code_version("layout", "load.py"), files=files)


def _as_json(layout: Layout) -> dict[str, object]:
    return {"name": layout.name, "description": layout.description,
            "folder": str(layout.folder), "template": layout.template,
            "stylesheets": [str(p) for p in layout.stylesheets],
            "figure_width_mm": layout.figure_width_mm,
            "cover_width_mm": layout.cover_width_mm, "page_size": layout.page_size,
            "fonts": list(layout.fonts), "font_files": [str(p) for p in layout.font_files]}


def _recalled(verdict: str) -> Layout | None:
    found = verdicts.recall(verdict)
    try:
        layout = Layout(name=str(found["name"]), description=str(found["description"]),
                        folder=Path(found["folder"]), template=str(found["template"]),
                        stylesheets=tuple(Path(p) for p in found["stylesheets"]),
                        figure_width_mm=float(found["figure_width_mm"]),
                        cover_width_mm=float(found["cover_width_mm"]),
                        page_size=str(found["page_size"]),
                        fonts=tuple(str(f) for f in found["fonts"]),
                        font_files=tuple(Path(p) for p in found["font_files"]))
    except (KeyError, TypeError, ValueError):
        return None
    if not all(p.is_file() for p in (*layout.stylesheets, *layout.font_files)):
        return None
    return layout


def _load_layout(name: str, layouts_dir: Path) -> Layout:
    folder = layouts_dir / name
    manifest = folder / MANIFEST_NAME
    if not name or name.startswith(("_", ".")) or "/" in name or not manifest.is_file():
        raise _layout_error(folder, name, "unknown-layout", f"unknown layout '{name}'")
    diags = Diagnostics()
    text = read_text(manifest, diags)
    doc = parse_yaml(text, manifest, 0, diags) if text is not None else None
    if doc is None or not isinstance(doc.data, dict):
        raise ReportError(diags.items or [error(
            manifest, 1, None, "bad-layout", "layout.yaml must consist of 'key: value' lines",
            "start with 'name: ...' and 'description: ...'")])
    m = _Manifest(manifest, doc, diags)
    for key in doc.data:
        if key not in LAYOUT_KEYS:
            line, col = doc.where_key(key)
            diags.add(error(manifest, line, col, "unknown-key",
                            f"unknown key '{key}' in layout.yaml",
                            did_you_mean(str(key), LAYOUT_KEYS) or
                            "allowed keys: " + ", ".join(LAYOUT_KEYS)))
    for key in REQUIRED_KEYS:
        if doc.data.get(key) in (None, "", []):
            diags.add(error(manifest, 1, None, "missing-key",
                            f"required key '{key}' is missing in layout.yaml",
                            f"add '{key}: ...' (see docs/designer.md)"))

    layout_name = m.text("name")
    if layout_name is not None and layout_name != folder.name:
        m.err(("name",), "bad-name", f"name '{layout_name}' differs from the folder name "
              f"'{folder.name}'", f"write 'name: {folder.name}'; reports choose a layout by "
              "its folder name")
    description = m.text("description") or ""
    page_size = m.text("page_size") or "A4"
    if not PAGE_SIZE_RE.match(page_size):
        m.err(("page_size",), "bad-page-size", f"page_size '{page_size}' is not a page size",
              "write A4, A5, A4 landscape, letter, or a width and height like '210mm 297mm'")
        page_size = "A4"

    brand_dir = layouts_dir / "_brand"
    brand_fonts = brand_font_families(brand_dir, diags)
    fonts, font_files = manifest_fonts(m, brand_fonts)
    template = manifest_template(m, folder, layouts_dir)
    stylesheets = manifest_stylesheets(m, folder, brand_dir, fonts)
    widths = _image_widths(m)
    if diags.errors:
        raise ReportError(diags.items)
    return Layout(name=folder.name, description=description, folder=folder,
                  template=template, stylesheets=tuple(stylesheets),
                  figure_width_mm=widths["figure_width_mm"],
                  cover_width_mm=widths["cover_width_mm"], page_size=page_size,
                  fonts=tuple(fonts), font_files=tuple(font_files))


def _image_widths(m: _Manifest) -> dict[str, float]:
    widths = dict(IMAGE_DEFAULTS)
    images = m.data.get("images")
    if images is None:
        return widths
    if not isinstance(images, dict):
        m.err(("images",), "wrong-type", "'images' must be a group of keys",
              "indent figure_width_mm and cover_width_mm under it with two spaces")
        return widths
    for key, value in images.items():
        if key not in IMAGE_KEYS:
            line, col = m.doc.where_key("images", key)
            m.diags.add(error(m.file, line, col, "unknown-key",
                              f"unknown key '{key}' in images",
                              did_you_mean(str(key), IMAGE_KEYS) or
                              "allowed keys: " + ", ".join(IMAGE_KEYS)))
        elif isinstance(value, bool) or not isinstance(value, int | float) \
                or not 10 <= value <= 1000:
            m.err(("images", key), "bad-value",
                  f"'{key}' must be a width in millimetres between 10 and 1000, not '{value}'",
                  f"write for example '{key}: 170'")
        else:
            widths[key] = float(value)
    return widths
