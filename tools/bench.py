#!/usr/bin/env python3
"""make bench: render speed per scene (render seconds ÷ video seconds) and math-core timings.

Renders the chosen scenes (default: all) once per quality with --force and one job at a
time (so timings are not shared between scenes), into renders/bench/<quality>/, then
times the math-core benchmarks listed in tools/bench_math.py. Writes a table to stdout
and everything to renders/bench.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.cli import select  # noqa: E402
from pipeline.options import QUALITIES, RenderOptions  # noqa: E402
from pipeline.render import run_render  # noqa: E402
from pipeline.registry import discover  # noqa: E402


def bench_math() -> dict[str, float]:
    """Best-of-3 wall time (s) of each function in tools/bench_math.py's BENCHMARKS."""
    sys.path.insert(0, str(REPO / "tools"))
    try:
        from bench_math import BENCHMARKS
    except ImportError:
        return {}
    out = {}
    for name, fn in BENCHMARKS.items():
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        out[name] = best
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("targets", nargs="*", help="scenes or topics (default: all)")
    p.add_argument("--qualities", default="l,h", help="comma-separated, from l,m,h,k")
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--no-render", action="store_true", help="math benchmarks only")
    p.add_argument("--no-jobs-compare", action="store_true",
                   help="skip the --jobs 2 run of the first quality (speed-up of parallel renders)")
    a = p.parse_args()
    qualities = [q for q in a.qualities.split(",") if q]
    bad = [q for q in qualities if q not in QUALITIES]
    if bad:
        print(f"error: unknown quality {bad}; choose from {list(QUALITIES)}", file=sys.stderr)
        return 2
    selected = select(a.targets, discover())
    report: dict = {"scenes": {}, "math": {}}
    if not a.no_render:
        report["wall_s"] = {}
        for q in qualities:
            opts = RenderOptions(quality=q, force=True, jobs=a.jobs,
                                 out=REPO / "renders" / "bench")
            t0 = time.perf_counter()
            results = run_render(selected, opts)
            wall = time.perf_counter() - t0
            report["wall_s"][f"{q}/jobs{a.jobs}"] = round(wall, 1)
            video = sum(r.entry.get("duration_s", 0.0) for r in results if r.status == "rendered")
            if video:  # the whole set: wall time of all renders ÷ total video duration
                report.setdefault("aggregate", {})[f"{q}/jobs{a.jobs}"] = {
                    "wall_s": round(wall, 1), "video_s": round(video, 1),
                    "ratio": round(wall / video, 3)}
            for r in results:
                row = report["scenes"].setdefault(r.info.name, {"topic": r.info.topic})
                if r.status == "rendered":
                    dur = r.entry["duration_s"]
                    row[q] = {"render_s": round(r.seconds, 2), "video_s": dur,
                              "ratio": round(r.seconds / dur, 3) if dur else None}
                else:
                    row[q] = {"error": r.error}
        print("\nscene".ljust(34) + "".join(f"{'-q' + q + ' render/video':>22}" for q in qualities))
        for name, row in report["scenes"].items():
            cells = []
            for q in qualities:
                c = row.get(q, {})
                cells.append(f"{c['render_s']:>7.1f}/{c['video_s']:<6.1f}={c['ratio']:>5.2f}x"
                             if "ratio" in c else f"{'FAILED':>22}")
            print(f"{row['topic'] + '/' + name:<33}" + "".join(f"{x:>22}" for x in cells))
        if not a.no_jobs_compare and qualities and a.jobs == 1 and len(selected) > 1:
            q = qualities[0]
            t0 = time.perf_counter()
            run_render(selected, RenderOptions(quality=q, force=True, jobs=2,
                                               out=REPO / "renders" / "bench-jobs2"))
            wall2 = time.perf_counter() - t0
            report["wall_s"][f"{q}/jobs2"] = round(wall2, 1)
            wall1 = report["wall_s"][f"{q}/jobs1"]
            report["jobs2_speedup"] = round(wall1 / wall2, 2)
            print(f"\nwhole set at -q{q}: --jobs 1 {wall1:.0f} s, --jobs 2 {wall2:.0f} s "
                  f"→ speed-up {wall1 / wall2:.2f}x")
    for key, agg in report.get("aggregate", {}).items():
        print(f"whole set {key}: {agg['wall_s']:.0f} s of rendering for {agg['video_s']:.0f} s "
              f"of video = {agg['ratio']:.2f}x")
    report["math"] = bench_math()
    if report["math"]:
        print("\nmath core (best of 3):")
        for name, sec in report["math"].items():
            print(f"  {name:<50} {sec * 1000:10.1f} ms")
    out = REPO / "renders" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
