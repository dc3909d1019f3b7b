"""The brand's publisher details (``layouts/_brand/brand.yaml``), shared by every layout."""

from __future__ import annotations

from pathlib import Path

from pipeline import paths
from pipeline.errors import Diagnostics, ReportError, error
from pipeline.load import parse_yaml, read_text


def load_brand(brand_dir: Path | None = None) -> dict[str, str]:
    """Publisher details shared by every layout (``layouts/_brand/brand.yaml``)."""
    path = (brand_dir or paths.BRAND_DIR) / "brand.yaml"
    diags = Diagnostics()
    text = read_text(path, diags)
    doc = parse_yaml(text, path, 0, diags) if text is not None else None
    if doc is None or not isinstance(doc.data, dict):
        raise ReportError(diags.items or [error(path, 1, None, "bad-brand",
                                                "brand.yaml must be a mapping")])
    return {str(k): str(v) for k, v in doc.data.items()}
