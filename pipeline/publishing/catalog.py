"""``catalog.json`` (schema: docs/catalog.schema.json) and the static publication list
``index.html``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from pipeline import danish, paths
from pipeline.errors import BuildError
from pipeline.layout import load_brand
from pipeline.publishing.model import ASSETS_NAME, CATALOG_NAME, CATALOG_VERSION


def site_dir() -> Path:
    """The publication list's template and stylesheet (``layouts/_site``)."""
    return paths.LAYOUTS_DIR / "_site"


def built_time(publications: Sequence[dict[str, Any]],
               source_date_epoch: str | None) -> str:
    """When the catalogue was built: ``SOURCE_DATE_EPOCH`` if set, else the newest
    publication date (never the clock), as ISO 8601 UTC."""
    if source_date_epoch is not None and source_date_epoch.strip():
        try:
            seconds = int(source_date_epoch.strip())
        except ValueError:
            raise BuildError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                             f"1970-01-01, not '{source_date_epoch}'") from None
        moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    else:
        dates = [dt.date.fromisoformat(p["date"]) if p.get("date") else dt.date(p["year"], 1, 1)
                 for p in publications]
        newest = max(dates, default=dt.date(1970, 1, 1))
        moment = dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def read_catalog(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The publications of an existing publication folder, by slug ({} if none)."""
    path = out_dir / CATALOG_NAME
    try:
        data = json.loads(path.read_text("utf-8"))
        entries = data["publications"]
        return {str(e["slug"]): e for e in entries if isinstance(e, dict) and "slug" in e}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def catalog_json(publications: Sequence[dict[str, Any]], built: str) -> bytes:
    data = {"version": CATALOG_VERSION, "built": built,
            "publications": sorted(publications, key=lambda p: p["slug"])}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _display_order(publications: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest first; the same date by title."""
    by_title = sorted(publications, key=lambda p: (p["title"], p["slug"]))
    return sorted(by_title, key=lambda p: p.get("date") or f"{p['year']:04d}-01-01",
                  reverse=True)


def render_index(publications: Sequence[dict[str, Any]], built: str) -> str:
    """The static publication list (Danish), with links relative to the folder."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(site_dir())), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["bytes"] = danish.format_bytes
    built_date = dt.date.fromisoformat(built[:10])
    items = []
    for p in _display_order(publications):
        files = {f["role"]: f for f in p["files"]}
        items.append({"p": p, "files": files})
    return env.get_template("index.html.j2").render(
        items=items, brand=load_brand(paths.BRAND_DIR), updated=danish.format_date(built_date),
        built=built, catalog=CATALOG_NAME, assets=ASSETS_NAME)
