"""``almen publish``: reports -> the publication folder the website mirrors as it is.

For each report it writes, under ``OUT/SLUG/``:

* one file per edition in :data:`~pipeline.editions.PUBLISHED_EDITIONS`: ``SLUG.pdf``,
  the screen edition (150 dpi images, PDF/UA-1), and ``SLUG-tryk.pdf``, the print
  edition (300 dpi images, 3 mm bleed, crop marks),
* ``forside.png`` and ``forside-lille.png``: page 1 rendered with PDFium,

and beside them ``catalog.json`` (schema: ``docs/catalog.schema.json``), ``index.html`` (a
static, accessible list in Danish) and ``assets/`` (its stylesheet, subset fonts, logo).

Publishing is atomic: everything is built in a staging folder next to ``OUT`` and swapped
in at the end, so a reader of ``OUT`` sees the old folder or the new one, never a mixture.
A report that fails keeps its previously published files and catalogue entry.

``OUT`` is only ever replaced when it is a publication folder: it does not exist, is
empty, or carries the marker file ``.almen-publication`` that every publish writes (see
:func:`check_out_dir`). A symlinked ``OUT`` stays a link: its target is swapped.

Reproducible: the same sources give the same bytes. PDF dates are the report's date (or
1 January of its year), PDF identifiers are derived from the HTML, the PNGs and fonts carry
no timestamps, and the catalogue's ``built`` time is ``SOURCE_DATE_EPOCH`` when set, else
the newest publication date: never the clock.

The package's rooms: :mod:`.run` (``publish``), :mod:`.report` (one report),
:mod:`.folder` (the folder and what is carried over), :mod:`.catalog` (``catalog.json`` and
``index.html``), :mod:`.site` (the list's assets), :mod:`.model` (data and constants).
"""

from pipeline.publishing.catalog import built_time, catalog_json, read_catalog, render_index
from pipeline.publishing.folder import check_out_dir
from pipeline.publishing.model import (
    CATALOG_NAME,
    INDEX_NAME,
    Failure,
    Publication,
    PublishedFile,
    PublishResult,
)
from pipeline.publishing.report import check_slug, publish_report, suggest_slug
from pipeline.publishing.run import publish
from pipeline.publishing.site import write_site_assets

__all__ = [
    "CATALOG_NAME", "INDEX_NAME", "Failure", "Publication", "PublishResult", "PublishedFile",
    "built_time", "catalog_json", "check_out_dir", "check_slug", "publish", "publish_report",
    "read_catalog", "render_index", "suggest_slug", "write_site_assets",
]
