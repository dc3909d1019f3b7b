"""Every default of the pipeline, declared once.

The command line, the Python API and the docs take their defaults from here; an option
given on the command line or to a function overrides the default, never the other way
round. Folders are relative to the project root (:func:`pipeline.paths.project`).
"""

from __future__ import annotations

#: The layout a report uses when its report.yaml names none.
DEFAULT_LAYOUT = "almenrapport"
#: ``almen build``, ``proof``, ``diff`` and ``preview`` write under this folder.
BUILD_DIR = "dist"
#: ``almen publish`` writes the website's publication folder here.
PUBLISH_DIR = "public"

#: ``almen preview``: where it listens, and the page images' resolution (an A4 page at
#: 96 dpi is 794 x 1123 px, the size it has on a screen at 100 %).
PREVIEW_HOST = "127.0.0.1"
PREVIEW_PORT = 8000
PREVIEW_DPI = 96

#: ``almen proof``: page images for reading a proof on screen.
PROOF_DPI = 100
#: ``almen diff``: page images to compare, and the per-channel difference that counts.
DIFF_DPI = 72
DIFF_THRESHOLD = 32
