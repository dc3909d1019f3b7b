"""Verdicts remembered across runs: what an earlier run found out about exact bytes.

Checking a report decodes every image, parses the layout's templates and stylesheets and
reads the fonts' character maps; none of that changes unless the bytes do. A verdict is
stored under ``.cache/verdicts/`` in the project, keyed by a hash of everything it depends
on (the files' bytes, the checking code's version), and only for inputs that passed: a
failure is always found afresh, with its message. Losing the cache only costs time; a
damaged entry is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline import paths

HASH_BLOCK = 1024 * 1024


def key(kind: str, *parts: bytes | str, files: Iterable[Path] = ()) -> str:
    """A hash of ``kind``, ``parts`` and the names and bytes of ``files``."""
    digest = hashlib.sha256(kind.encode())
    for part in parts:
        digest.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    for path in files:
        digest.update(b"\0" + str(path).encode() + b"\0")
        with path.open("rb") as stream:
            while block := stream.read(HASH_BLOCK):
                digest.update(block)
    return f"{kind}-{digest.hexdigest()[:40]}"


def _path(name: str) -> Path:
    return paths.CACHE_DIR / "verdicts" / f"{name}.json"


def recall(name: str) -> Any:
    """The value remembered under ``name``, or None."""
    try:
        return json.loads(_path(name).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def remember(name: str, value: object) -> None:
    """Remember ``value`` (JSON) under ``name``; a read-only or full disk only costs time."""
    target = _path(name)
    text = json.dumps(value, ensure_ascii=False)
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        tmp = Path(temp_name)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        tmp.replace(target)
    except OSError:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def code_version(*modules: str) -> str:
    """A hash of the source of the named modules of this package (``"layout/css.py"``):
    a verdict made by other checking code does not count."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in modules:
        path = root / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.read_bytes())
    return digest.hexdigest()
