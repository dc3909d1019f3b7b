"""Which changed files call for a new render: a ``watchfiles`` filter.

:class:`ChangeFilter` is watchfiles' own :class:`~watchfiles.DefaultFilter` (version-control
and tool folders, vim swap files, ``*~`` backups, emacs ``.#`` locks, ``.DS_Store``) plus
what the preview adds: the build output folder ``dist/``, the temporaries other editors and
atomic writers leave (vim's ``4913`` probe, emacs' ``#autosave#``, LibreOffice's
``.~lock.*``, gedit's ``.goutputstream-*``, ``*.tmp``, ``*.part``), and layouts other than
the report's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from watchfiles import Change, DefaultFilter

from pipeline import paths
from pipeline.settings import BUILD_DIR, DEFAULT_LAYOUT


class ChangeFilter(DefaultFilter):
    """Relevant: anything in the report folder, in the report's own layout folder,
    ``layouts/_brand``, ``layouts/_base`` and ``assets/`` that the default filter keeps.

    Folder names are only looked at below the watched roots, so a project that itself
    lives under a folder called ``dist`` is still followed.
    """

    ignore_dirs: Sequence[str] = (*DefaultFilter.ignore_dirs, BUILD_DIR, ".cache",
                                  ".ruff_cache", ".vscode")
    ignore_entity_patterns: Sequence[str] = (
        *DefaultFilter.ignore_entity_patterns,
        r"^4913$", r"^#.*#$", r"^\.~lock\.", r"^\.goutputstream-",
        r"\.(tmp|part|crdownload)$")

    def __init__(self, report_dir: Path, layout: str = DEFAULT_LAYOUT, *,
                 layouts_dir: Path | None = None, assets_dir: Path | None = None) -> None:
        super().__init__()
        self.report_dir = report_dir.resolve()
        self.layouts_dir = (layouts_dir or paths.LAYOUTS_DIR).resolve()
        self.assets_dir = (assets_dir or paths.ASSETS_DIR).resolve()
        self.layout = layout

    def roots(self) -> list[Path]:
        """The folders to watch (those that exist, none inside another)."""
        roots: list[Path] = []
        for folder in sorted([self.report_dir, self.layouts_dir, self.assets_dir],
                             key=lambda p: len(p.parts)):   # outer folders first
            if folder.is_dir() and not any(folder.is_relative_to(r) for r in roots):
                roots.append(folder)
        return roots

    def __call__(self, change: Change, path: str) -> bool:
        return self.relevant(Path(path), change)

    def relevant(self, path: Path, change: Change = Change.modified) -> bool:
        """True when a change to ``path`` may change the report's pages."""
        for root, wanted in ((self.report_dir, None),
                             (self.layouts_dir, {"_brand", "_base", self.layout}),
                             (self.assets_dir, None)):
            if not path.is_relative_to(root) or path == root:
                continue
            relative = path.relative_to(root)
            if wanted is not None and relative.parts[0] not in wanted:
                return False
            return super().__call__(change, str(relative))
        return False
