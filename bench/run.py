"""`make bench`: how fast the pipeline is, measured against bare WeasyPrint in one run.

Builds the sample report and a generated ~160-page report (bench/make_large_report.py)
in a scratch folder and prints one table: cold build, no-op rebuild, preview update after
a one-chapter edit and after a stylesheet edit, publish of four reports with 1 vs N jobs,
and bare WeasyPrint rendering the pipeline's own HTML as the reference. Each row is the
median wall time of REPEAT runs, the peak memory of the process, and the ratio to bare
WeasyPrint. The figures are also written to bench/results.json.

Usage: python bench/run.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SAMPLE = ROOT / "reports" / "vaerdiskabende-gentagelser"
sys.path.insert(0, str(ROOT / "bench"))

from make_large_report import make_large_report  # noqa: E402


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(seconds, peak memory in MiB, stdout) of one process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read().decode()}")
        return elapsed, usage.ru_maxrss / 1024, out.read().decode()


def median_run(cmd: list[str], repeat: int, before=None) -> tuple[float, float]:
    times, memory = [], []
    for _ in range(repeat):
        if before:
            before()
        seconds, peak, _ = run(cmd)
        times.append(seconds)
        memory.append(peak)
    return statistics.median(times), max(memory)


def pdf_pages(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


def parses_per_chapter(folder: Path) -> float:
    """Markdown parses per chapter in one build of ``folder`` (in this process)."""
    from pipeline import build, load_report
    from pipeline.markdown import parse_count

    chapters = len(load_report(folder).chapters)
    before = parse_count()
    with tempfile.TemporaryDirectory() as out:
        build(folder, out, force=True, prewarm=False)
    return round((parse_count() - before) / chapters, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repeat = args.repeat
    almen, weasyprint = str(BIN / "almen"), str(BIN / "weasyprint")
    scratch = Path(tempfile.mkdtemp(prefix="almen-bench-"))
    try:
        reports = scratch / "reports"
        sample = reports / "vaerdiskabende-gentagelser"
        shutil.copytree(SAMPLE, sample)
        large = make_large_report(scratch / "large" / "stor-rapport")
        out = scratch / "dist"
        results: dict[str, object] = {}
        rows: list[tuple[str, float, float, str]] = []

        # warm the image cache and write the HTML WeasyPrint renders (not measured)
        for folder in (sample, large):
            run([almen, "build", str(folder), "--out", str(out), "--html", "--force"])
        html = out / sample.name / f"{sample.name}.html"
        pages = pdf_pages(out / sample.name / f"{sample.name}.pdf")

        bare, bare_mem = median_run([weasyprint, "--pdf-variant", "pdf/ua-1", str(html),
                                     str(scratch / "bare.pdf")], repeat)
        cold, cold_mem = median_run([almen, "build", str(sample), "--out", str(out),
                                     "--force"], repeat)
        noop, noop_mem = median_run([almen, "build", str(sample), "--out", str(out)], repeat)

        # the preview: in a process with a scratch copy of layouts/ and assets/
        root = scratch / "root"
        for name in ("layouts", "assets"):
            shutil.copytree(ROOT / name, root / name)
        env = {**os.environ, "ALMEN_ROOT": str(root)}
        _, preview_mem, probe = run([sys.executable, str(ROOT / "bench" / "preview_probe.py"),
                                     str(sample), str(scratch / "preview"), str(repeat)], env)
        preview = json.loads(probe)
        preview_chapter = statistics.median(preview["chapter"])
        preview_css = statistics.median(preview["css"])
        # ... and what the editor waits for: save -> the edited page's image in Chromium
        _, _, probe = run([sys.executable, str(ROOT / "bench" / "preview_browser.py"),
                           str(sample), str(scratch / "preview-browser"),
                           str(max(repeat, 5))], env)
        visible = json.loads(probe)
        visible_chapter = statistics.median(visible["chapter"])
        visible_css = statistics.median(visible["css"])
        parses = parses_per_chapter(sample)

        # publish four reports with 1 job and with one job per core
        jobs = os.cpu_count() or 1
        many = scratch / "many"
        for index in range(4):
            shutil.copytree(SAMPLE, many / f"rapport-{index + 1}")
        folders = [str(p) for p in sorted(many.iterdir())]
        publish_times = {}
        for n in (1, jobs):
            publish_times[n], _ = median_run(
                [almen, "publish", *folders, "--out", str(scratch / f"public-{n}"),
                 "--jobs", str(n)], 1,
                before=lambda n=n: shutil.rmtree(scratch / f"public-{n}", ignore_errors=True))
        speedup = publish_times[1] / publish_times[jobs]

        # the large report: time per page against bare WeasyPrint
        large_html = out / large.name / f"{large.name}.html"
        large_pages = pdf_pages(out / large.name / f"{large.name}.pdf")
        large_bare, _ = median_run([weasyprint, "--pdf-variant", "pdf/ua-1", str(large_html),
                                    str(scratch / "bare-large.pdf")], 1)
        large_cold, _ = median_run([almen, "build", str(large), "--out", str(out),
                                    "--force"], 1)

        results = {
            "pages": pages,
            "large_pages": large_pages,
            "repeat": repeat,
            "cold_build_s": round(cold, 3),
            "bare_weasyprint_s": round(bare, 3),
            "cold_vs_bare": round(cold / bare, 3),
            "noop_s": round(noop, 3),
            "noop_vs_cold": round(noop / cold, 3),
            "preview_chapter_s": round(preview_chapter, 3),
            "preview_chapter_vs_cold": round(preview_chapter / cold, 3),
            "preview_chapter_partial": not any(preview["chapter_full"]),
            "preview_css_s": round(preview_css, 3),
            "preview_css_vs_cold": round(preview_css / cold, 3),
            "preview_visible_s": round(visible_chapter, 3),
            "preview_visible_vs_cold": round(visible_chapter / cold, 3),
            "preview_css_visible_s": round(visible_css, 3),
            "preview_css_visible_vs_cold": round(visible_css / cold, 3),
            "parses_per_chapter": parses,
            "publish_1_job_s": round(publish_times[1], 3),
            f"publish_{jobs}_jobs_s": round(publish_times[jobs], 3),
            "publish_jobs_speedup": round(speedup, 3),
            "peak_mem_mib": round(cold_mem, 1),
            "bare_peak_mem_mib": round(bare_mem, 1),
            "peak_mem_vs_bare": round(cold_mem / bare_mem, 3),
            "preview_peak_mem_mib": round(preview_mem, 1),
            "large_per_page_ms": round(large_cold / large_pages * 1000, 1),
            "large_bare_per_page_ms": round(large_bare / large_pages * 1000, 1),
            "large_per_page_vs_bare": round(large_cold / large_bare, 3),
        }
        rows = [
            ("bare WeasyPrint, pipeline's HTML (reference)", bare, bare_mem, "1.00"),
            ("cold almen build (images at print size)", cold, cold_mem, f"{cold / bare:.2f}"),
            ("no-op rebuild", noop, noop_mem, f"{noop / bare:.2f}"),
            ("preview update, one-chapter edit", preview_chapter, preview_mem,
             f"{preview_chapter / bare:.2f}"),
            ("preview update, stylesheet edit", preview_css, preview_mem,
             f"{preview_css / bare:.2f}"),
            ("preview: save -> page visible in Chromium, chapter", visible_chapter,
             float("nan"), f"{visible_chapter / bare:.2f}"),
            ("preview: save -> page visible in Chromium, CSS", visible_css, float("nan"),
             f"{visible_css / bare:.2f}"),
            ("publish 4 reports, 1 job", publish_times[1], float("nan"),
             f"{publish_times[1] / bare:.2f}"),
            (f"publish 4 reports, {jobs} jobs", publish_times[jobs], float("nan"),
             f"{publish_times[jobs] / bare:.2f}"),
            (f"large report ({large_pages} p.), bare WeasyPrint", large_bare, float("nan"),
             f"{large_bare / bare:.2f}"),
            (f"large report ({large_pages} p.), cold almen build", large_cold, float("nan"),
             f"{large_cold / bare:.2f}"),
        ]
        print(f"\nSample report: {pages} pages; median of {repeat} runs; ratios to bare "
              "WeasyPrint on the same HTML\n")
        print(f"{'measurement':50} {'median s':>9} {'peak MiB':>9} {'x bare':>7}")
        for name, seconds, memory, ratio in rows:
            mem = "" if memory != memory else f"{memory:.0f}"
            print(f"{name:50} {seconds:9.2f} {mem:>9} {ratio:>7}")
        print()
        for key in ("cold_vs_bare", "noop_vs_cold", "preview_chapter_vs_cold",
                    "preview_css_vs_cold", "preview_visible_vs_cold",
                    "preview_css_visible_vs_cold", "parses_per_chapter",
                    "publish_jobs_speedup", "peak_mem_vs_bare",
                    "large_per_page_vs_bare"):
            print(f"{key:28} {results[key]}")
        target = ROOT / "bench" / "results.json"
        target.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
        print(f"\nwrote {target.relative_to(ROOT)}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
