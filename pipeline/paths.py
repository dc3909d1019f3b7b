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


def allowed_roots(report_dir: Path) -> tuple[Path, ...]:
    """The folders a build may read from: the report, the layouts (with the brand) and
    the shared assets. Resolved, so symlinks are judged by where they really point."""
    return tuple(p.resolve() for p in (report_dir, LAYOUTS_DIR, ASSETS_DIR))


def is_confined(path: Path, roots: tuple[Path, ...]) -> bool:
    """True when ``path`` (after following every symlink) lies inside one of ``roots``.
    Only reads links (``readlink``); never opens or stats the final target."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return False
    return any(real.is_relative_to(root) for root in roots)


def walk_files(folder: Path, roots: tuple[Path, ...]) -> list[Path]:
    """Every regular file under ``folder``, sorted, without following symlinked folders;
    a symlinked file is listed only when its target is inside ``roots`` (so a link to
    /etc/shadow beside the chapters is never opened, nor even stat-ed)."""
    found: list[Path] = []
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in files:
            path = Path(current) / name
            if path.is_symlink() and not is_confined(path, roots):
                continue
            if path.is_file():
                found.append(path)
    return sorted(found)
