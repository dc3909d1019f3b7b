"""Where the project's shared folders are."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("ALMEN_ROOT", Path(__file__).resolve().parent.parent))
LAYOUTS_DIR = PROJECT_ROOT / "layouts"
ASSETS_DIR = PROJECT_ROOT / "assets"
BRAND_DIR = LAYOUTS_DIR / "_brand"
REPORTS_DIR = PROJECT_ROOT / "reports"
CACHE_DIR = PROJECT_ROOT / ".cache"


def available_layouts() -> tuple[str, ...]:
    if not LAYOUTS_DIR.is_dir():
        return ()
    return tuple(sorted(p.name for p in LAYOUTS_DIR.iterdir()
                        if p.is_dir() and not p.name.startswith(("_", "."))
                        and (p / "layout.yaml").is_file()))
