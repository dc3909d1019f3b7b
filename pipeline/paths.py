"""Where the project's folders are: the project root and what lies under it.

The project root is found the way mkdocs and Quarto find theirs, in this order:

1. ``--project DIR`` on the command line (:func:`use_project`; the Python API may call it
   too),
2. the environment variable ``ALMEN_ROOT``,
3. the nearest folder at or above the current folder that holds ``reports/`` and
   ``layouts/_brand/`` (so ``almen`` works from any folder inside a checkout),
4. the folder this package is installed in (a checkout, with ``pip install -e``).

Layouts, assets and the image cache are read from the root; output folders
(``dist/``, ``public/``) are relative to it unless given (see :mod:`pipeline.settings`).
Code reads these as ``paths.LAYOUTS_DIR`` (not ``from pipeline.paths import ...``) so a
root chosen with :func:`use_project` holds everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

INSTALL_ROOT = Path(__file__).resolve().parent.parent


def is_project(folder: Path) -> bool:
    """A project root holds the reports and the layouts with their brand."""
    return (folder / "reports").is_dir() and (folder / "layouts" / "_brand").is_dir()


def find_project_root(start: Path | None = None) -> Path:
    """The project root for a command started in ``start`` (default: the current folder)."""
    configured = os.environ.get("ALMEN_ROOT", "").strip()
    if configured:
        return Path(configured).absolute()
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        if is_project(folder):
            return folder
    return INSTALL_ROOT


PROJECT_ROOT = LAYOUTS_DIR = ASSETS_DIR = BRAND_DIR = REPORTS_DIR = CACHE_DIR = INSTALL_ROOT


def use_project(root: Path | str) -> Path:
    """Make ``root`` the project root for this process; returns it (absolute)."""
    global PROJECT_ROOT, LAYOUTS_DIR, ASSETS_DIR, BRAND_DIR, REPORTS_DIR, CACHE_DIR
    PROJECT_ROOT = Path(root).absolute()
    LAYOUTS_DIR = PROJECT_ROOT / "layouts"
    ASSETS_DIR = PROJECT_ROOT / "assets"
    BRAND_DIR = LAYOUTS_DIR / "_brand"
    REPORTS_DIR = PROJECT_ROOT / "reports"
    CACHE_DIR = PROJECT_ROOT / ".cache"
    return PROJECT_ROOT


def out_dir(given: Path | str | None, default: str) -> Path:
    """An output folder: as given (relative to the current folder), else ``default``
    under the project root."""
    return Path(given) if given is not None else PROJECT_ROOT / default


use_project(find_project_root())


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
