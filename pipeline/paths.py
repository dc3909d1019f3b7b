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


def tree_signature(*folders: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file under ``folders`` as (path, mtime, size): cheap, and changes with any
    edit. Used to notice changed layouts, brand and assets in a long-running process."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                stat = path.stat()
                found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)
