"""Layouts: a folder ``layouts/NAME/`` with a ``layout.yaml`` manifest, Jinja2 templates
and stylesheets built on the shared brand tokens in ``layouts/_brand/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Diagnostics, ReportError, error
from pipeline.load import did_you_mean, parse_yaml, read_text
from pipeline.paths import BRAND_DIR, LAYOUTS_DIR, available_layouts

LAYOUT_KEYS = ("name", "description", "page_size", "template", "stylesheets", "images")


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    description: str
    folder: Path
    template: str
    stylesheets: tuple[Path, ...]
    figure_width_mm: float
    cover_width_mm: float
    page_size: str = "A4"

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return (self.folder, LAYOUTS_DIR / "_base")

    @property
    def roots(self) -> tuple[Path, ...]:
        """Folders this layout may read resources from."""
        return (self.folder, BRAND_DIR, LAYOUTS_DIR / "_base")


def load_layout(name: str) -> Layout:
    folder = LAYOUTS_DIR / name
    manifest = folder / "layout.yaml"
    diags = Diagnostics()
    if not manifest.is_file():
        raise ReportError([error(manifest, None, None, "unknown-layout",
                                 f"unknown layout '{name}'",
                                 (did_you_mean(name, available_layouts()) or "") +
                                 f" available layouts: {', '.join(available_layouts())}")])
    text = read_text(manifest, diags)
    doc = parse_yaml(text, manifest, 0, diags) if text is not None else None
    if doc is None or not isinstance(doc.data, dict):
        raise ReportError(diags.items or [error(manifest, 1, None, "bad-layout",
                                                "layout.yaml must be a mapping")])
    data = doc.data
    for key in data:
        if key not in LAYOUT_KEYS:
            line, col = doc.where_key(key)
            diags.add(error(manifest, line, col, "unknown-key", f"unknown key '{key}'",
                            did_you_mean(str(key), LAYOUT_KEYS)))
    stylesheets = []
    for index, sheet in enumerate(data.get("stylesheets") or []):
        path = (folder / str(sheet)).resolve()
        if not path.is_file():
            line, col = doc.where("stylesheets", index)
            diags.add(error(manifest, line, col, "missing-stylesheet",
                            f"stylesheet '{sheet}' does not exist"))
        stylesheets.append(path)
    template = str(data.get("template") or "report.html.j2")
    if not (folder / template).is_file():
        line, col = doc.where("template")
        diags.add(error(manifest, line or 1, col, "missing-template",
                        f"template '{template}' does not exist"))
    images = data.get("images") or {}
    if diags.errors:
        raise ReportError(diags.items)
    return Layout(name=str(data.get("name") or name), description=str(
        data.get("description") or ""), folder=folder, template=template,
        stylesheets=tuple(stylesheets),
        figure_width_mm=float(images.get("figure_width_mm", 170)),
        cover_width_mm=float(images.get("cover_width_mm", 216)),
        page_size=str(data.get("page_size") or "A4"))


def load_brand() -> dict[str, str]:
    """Publisher details shared by every layout (``layouts/_brand/brand.yaml``)."""
    path = BRAND_DIR / "brand.yaml"
    diags = Diagnostics()
    text = read_text(path, diags)
    doc = parse_yaml(text, path, 0, diags) if text is not None else None
    if doc is None or not isinstance(doc.data, dict):
        raise ReportError(diags.items or [error(path, 1, None, "bad-brand",
                                                "brand.yaml must be a mapping")])
    return {str(k): str(v) for k, v in doc.data.items()}
