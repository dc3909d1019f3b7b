"""Benchmark helper: only the preview's browser keys of ``make bench``, in one run.

A cold ``almen build --force`` of the sample (median of REPEAT), then
bench/preview_browser.py (save -> the edited page's image loaded in Chromium, median of at
least 5 edits) with ALMEN_ROOT at a scratch copy of layouts/ and assets/, as bench/run.py
runs them; prints the medians and their ratios to the cold build as JSON.

Usage: python bench/preview_visible.py [--repeat 3] [--edits 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BIN, ROOT, SAMPLE, median_run, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    almen = str(BIN / "almen")
    scratch = Path(tempfile.mkdtemp(prefix="almen-bench-preview-"))
    try:
        sample = scratch / "reports" / SAMPLE.name
        shutil.copytree(SAMPLE, sample)
        out = scratch / "dist"
        run([almen, "build", str(sample), "--out", str(out), "--force"])  # warm caches
        cold, _ = median_run([almen, "build", str(sample), "--out", str(out), "--force"],
                             args.repeat)
        root = scratch / "root"
        for name in ("layouts", "assets"):
            shutil.copytree(ROOT / name, root / name)
        env = {**os.environ, "ALMEN_ROOT": str(root)}
        _, _, probe = run([sys.executable, str(ROOT / "bench" / "preview_browser.py"),
                           str(sample), str(scratch / "preview-browser"),
                           str(max(args.edits, 5))], env)
        visible = json.loads(probe)
        chapter = statistics.median(visible["chapter"])
        css = statistics.median(visible["css"])
        print(json.dumps({
            "cold_s": round(cold, 3),
            "preview_visible_s": round(chapter, 3),
            "preview_visible_vs_cold": round(chapter / cold, 3),
            "preview_css_visible_s": round(css, 3),
            "preview_css_visible_vs_cold": round(css / cold, 3),
            "chapter_edits_s": [round(t, 3) for t in visible["chapter"]],
            "css_edits_s": [round(t, 3) for t in visible["css"]],
        }, indent=1))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
