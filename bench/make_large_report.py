"""Generate a large report (about 160 pages) for the benchmark, from the sample report.

The chapters of the sample report are repeated under new file names and titles until
the report has about four times the sample's content. Nothing is committed: the report is
written to the folder given on the command line (default: a temporary folder).

Usage: python bench/make_large_report.py OUT_DIR [--copies 4]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reports" / "vaerdiskabende-gentagelser"


def make_large_report(target: Path, copies: int = 4, extra_chapters: int = 4) -> Path:
    """``copies`` times every chapter, then the first ``extra_chapters`` once more:
    with the 38-page sample that is about 160 pages."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copytree(SAMPLE / "images", target / "images")
    config = (SAMPLE / "report.yaml").read_text("utf-8")
    config = config.replace("title: Værdiskabende gentagelser",
                            "title: Værdiskabende gentagelser (stor testudgave)", 1)
    (target / "report.yaml").write_text(config, "utf-8")
    chapters = sorted(SAMPLE.glob("*.md"))
    plan = [(copy, chapter) for copy in range(1, copies + 1) for chapter in chapters]
    plan += [(copies + 1, chapter) for chapter in chapters[:extra_chapters]]
    for number, (copy, chapter) in enumerate(plan, 1):
        front, body = chapter.read_text("utf-8").split("\n---\n", 1)
        front = front.replace("title: ", f"title: Del {copy} – ", 1)
        (target / f"{number:03d}-{chapter.stem[3:]}.md").write_text(
            f"{front}\n---\n{body}", "utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=4)
    args = parser.parse_args()
    print(make_large_report(args.out, args.copies))


if __name__ == "__main__":
    main()
