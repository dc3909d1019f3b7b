"""Benchmark helper: time the warm preview renderer after chapter and stylesheet edits.

Runs in its own process with ALMEN_ROOT pointing at a scratch copy of layouts/ and
assets/, so the stylesheet edits never touch the real project. Prints JSON.

Usage: ALMEN_ROOT=... python bench/preview_probe.py REPORT_DIR OUT_DIR REPEAT
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    report_dir, out_dir, repeat = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    from pipeline.paths import BRAND_DIR
    from pipeline.preview.relayout import IncrementalRenderer

    renderer = IncrementalRenderer(report_dir, out_dir)
    renderer.render()  # the preview's first render (not measured)
    chapter = sorted(report_dir.glob("*.md"))[2]
    original = chapter.read_text("utf-8")
    front, body = original.split("\n---\n", 1)
    words = [w for w in body.split() if w.isalpha() and w.islower() and len(w) > 5]
    chapter_times, chapter_full = [], []
    for index in range(repeat):
        word = words[index % len(words)]
        chapter.write_text(
            f"{front}\n---\n{body.replace(f' {word} ', f' {word.capitalize()} ', 1)}", "utf-8")
        started = time.perf_counter()
        result = renderer.render()
        result.pdf  # noqa: B018  (writing the PDF is part of the update)
        chapter_times.append(time.perf_counter() - started)
        chapter_full.append(result.full)
        chapter.write_text(original, "utf-8")
        renderer.render()  # back to the original (not measured)

    tokens = BRAND_DIR / "tokens.css"
    css = tokens.read_text("utf-8")
    css_times = []
    for index in range(repeat):
        tokens.write_text(css.replace("--color-rule: #c5d2cd",
                                      f"--color-rule: #c5d2c{index % 10}"), "utf-8")
        started = time.perf_counter()
        renderer.render().pdf  # noqa: B018
        css_times.append(time.perf_counter() - started)
    tokens.write_text(css, "utf-8")
    print(json.dumps({"chapter": chapter_times, "chapter_full": chapter_full,
                      "css": css_times}))


if __name__ == "__main__":
    main()
