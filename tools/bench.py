#!/usr/bin/env python3
"""make bench: render speed (render seconds ÷ video seconds) and math-core timings.

One run measures issue 18's three figures, each a set of renders with --force into
renders/bench/<quality>-jobs<n>/:

* ``--runs l:1,h:2`` (default): every chosen scene (default: all) at -ql with one job —
  the per-scene ratio, target ≤ 0.5× — then the whole set at -qh (1080p60) with two jobs —
  the aggregate, wall time of all renders ÷ total video duration, target ≤ 1.0×;
* ``--solo Conv1DFlipShift`` (default): that one scene at -qh alone, so both cores serve
  one render (drawing on one, colour conversion and encoding on the other), target ≤ 1.0×;

Before the first timed set, a dry run of every chosen scene (two at a time) compiles the
formulas once into the shared TeX cache, so no figure pays for a cold cache (a fresh clone's
first -ql render of ZeroInitSymmetry measured 0.60× cold, 0.19× warm). Then the math-core
benchmarks listed in tools/bench_math.py. Writes a table to stdout and
everything to renders/bench.json.
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
from pipeline.render import dry_run, run_render  # noqa: E402
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


def _parse_runs(text: str) -> list[tuple[str, int]] | str:
    """``"l:1,h:2"`` → ``[("l", 1), ("h", 2)]``, or the error message."""
    runs = []
    for item in filter(None, text.split(",")):
        q, _, jobs = item.partition(":")
        if q not in QUALITIES or not (jobs or "1").isdigit() or int(jobs or "1") < 1:
            return (f"--runs: {item!r} is not QUALITY:JOBS with QUALITY in {list(QUALITIES)} "
                    "and JOBS ≥ 1")
        runs.append((q, int(jobs or "1")))
    return runs


def _warm_tex_cache(selected) -> None:
    """Dry-run every scene (no drawing, no encoding): each formula is compiled into the
    shared TeX cache before anything is timed."""
    import concurrent.futures as cf

    opts = RenderOptions(quality="l", out=REPO / "renders" / "bench" / "warm")
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        for info, fut in [(i, pool.submit(dry_run, i, opts)) for i in selected]:
            try:
                fut.result()
            except RuntimeError as err:  # the timed render reports it again
                print(f"warm-up: {info.name}: {err}", file=sys.stderr)
    print(f"TeX cache warmed: dry run of {len(selected)} scene(s) in "
          f"{time.perf_counter() - t0:.0f} s (not timed)")


def _render_set(selected, q: str, jobs: int, report: dict, key: str) -> None:
    """Render ``selected`` at ``q`` with ``jobs``; per-scene rows under ``key`` and the
    whole set's wall time ÷ video duration in ``report["aggregate"][key]``."""
    opts = RenderOptions(quality=q, force=True, jobs=jobs,
                         out=REPO / "renders" / "bench" / key.replace("/", "-"))
    t0 = time.perf_counter()
    results = run_render(selected, opts)
    wall = time.perf_counter() - t0
    video = sum(r.entry.get("duration_s", 0.0) for r in results if r.status == "rendered")
    report["aggregate"][key] = {"scenes": len(selected), "wall_s": round(wall, 1),
                                "video_s": round(video, 1),
                                "ratio": round(wall / video, 3) if video else None}
    for r in results:
        row = report["scenes"].setdefault(r.info.name, {"topic": r.info.topic})
        if r.status == "rendered":
            dur = r.entry["duration_s"]
            row[key] = {"render_s": round(r.seconds, 2), "video_s": dur,
                        "ratio": round(r.seconds / dur, 3) if dur else None}
        else:
            row[key] = {"error": r.error}


def _cell(c: dict | None) -> str:
    if c is None:
        return ""
    if "ratio" not in c:
        return "FAILED"
    return f"{c['render_s']:>7.1f}/{c['video_s']:<6.1f}={c['ratio']:>5.2f}x"


def _print_table(report: dict, keys: list[str]) -> None:
    print("\nscene".ljust(34) + "".join(f"{k + ' render/video':>24}" for k in keys))
    for name, row in report["scenes"].items():
        cells = "".join(f"{_cell(row.get(k)):>24}" for k in keys)
        print(f"{row['topic'] + '/' + name:<33}{cells}")
    for key, agg in report["aggregate"].items():
        if agg["ratio"] is not None:
            print(f"{key} ({agg['scenes']} scenes): {agg['wall_s']:.0f} s of rendering for "
                  f"{agg['video_s']:.0f} s of video = {agg['ratio']:.2f}x")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("targets", nargs="*", help="scenes or topics (default: all)")
    p.add_argument("--runs", default="l:1,h:2",
                   help="QUALITY:JOBS sets to render, comma-separated (default l:1,h:2)")
    p.add_argument("--solo", default="Conv1DFlipShift",
                   help="one scene rendered alone at -qh (both cores on one render); '' to skip")
    p.add_argument("--no-render", action="store_true", help="math benchmarks only")
    a = p.parse_args()
    runs = _parse_runs(a.runs)
    if isinstance(runs, str):
        print(f"error: {runs}", file=sys.stderr)
        return 2
    scenes = discover()
    selected = select(a.targets, scenes)
    report: dict = {"scenes": {}, "aggregate": {}, "math": {}}
    if not a.no_render:
        keys = [f"{q}/jobs{jobs}" for q, jobs in runs]
        _warm_tex_cache(selected if runs or not a.solo else select([a.solo], scenes))
        for (q, jobs), key in zip(runs, keys):
            _render_set(selected, q, jobs, report, key)
        if a.solo:
            _render_set(select([a.solo], scenes), "h", 1, report, "h/solo")
            keys.append("h/solo")
        _print_table(report, keys)
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
