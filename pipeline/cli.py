"""``python -m scenes``: list scenes, show and set their parameters, render, deliver.

Exit codes: 0 success; 1 a render or delivery failed (or the output is not writable);
2 bad arguments or parameter values (refused before anything renders); 130/143 when
interrupted by SIGINT/SIGTERM (every child render ended, the manifest consistent).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import sys
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Sequence

from lessons import ParamError
from pipeline.manifest import probe
from pipeline.options import (FORMATS, MAX_FPS, MAX_RESOLUTION, QUALITIES, REPO, RenderOptions,
                              UsageError)
from pipeline.registry import SceneInfo, discover
from pipeline.render import Interrupted, Result, dry_run, run_render
from scenes.catalogue import LANGUAGES
from scenes.style import THEMES

__all__ = ["main", "build_parser", "select", "parse_params", "RenderOptions", "run_render"]


# ------------------------------------------------------------------ selection and parameters


def select(targets: Sequence[str], scenes: list[SceneInfo]) -> list[SceneInfo]:
    """Scenes named by ``targets`` (scene names or topics, case-insensitive); all if empty."""
    if not targets:
        return scenes
    by_name = {s.name.lower(): s for s in scenes}
    topics = {s.topic.lower(): s.topic for s in scenes}
    chosen: list[SceneInfo] = []
    for t in targets:
        if t.lower() in by_name:
            chosen.append(by_name[t.lower()])
        elif t.lower() in topics:
            chosen.extend(s for s in scenes if s.topic == topics[t.lower()])
        else:
            raise UsageError(
                f"unknown scene or topic {t!r}.\n  topics: {', '.join(sorted(set(topics.values())))}\n"
                f"  scenes: {', '.join(s.name for s in scenes)}")
    seen: set[str] = set()
    return [s for s in chosen if not (s.name in seen or seen.add(s.name))]


def _read_params_file(path: Path, scenes: list[SceneInfo]) -> dict[str, dict]:
    """``--params FILE``: one TOML table per scene (``[Conv1DFlipShift]``), native values."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"--params {path}: cannot read it ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"--params {path}: not valid TOML ({exc})") from None
    by_name = {s.name.lower(): s.name for s in scenes}
    out = {}
    for table, values in data.items():
        if table.lower() not in by_name:
            raise UsageError(f"--params {path}: [{table}] is not a scene; scenes: "
                             f"{', '.join(s.name for s in scenes)}")
        if not isinstance(values, dict):
            raise UsageError(f"--params {path}: {table} must be a table ([{table}]) of values")
        out[by_name[table.lower()]] = values
    return out


def parse_params(sets: Sequence[str], params_file: Path | None, selected: list[SceneInfo],
                 scenes: list[SceneInfo]) -> dict[str, dict]:
    """Parameter overrides per scene from ``--params FILE`` then ``--set k=v`` (which win),
    every value converted and validated against its scene's lesson (raises ParamError or
    UsageError before anything renders)."""
    values = _read_params_file(params_file, scenes) if params_file else {}
    if sets:
        if len(selected) != 1:
            raise UsageError("--set applies to one scene: name exactly one scene "
                             f"(got {len(selected)}); use --params FILE for several")
        info = selected[0]
        for item in sets:
            name, sep, text = item.partition("=")
            if not sep or not name.strip():
                raise UsageError(f"--set expects NAME=VALUE, got {item!r}")
            if info.lesson is None:
                raise UsageError(f"{info.name} has no parameters")
            values.setdefault(info.name, {}).update(
                info.lesson.params.parse({name.strip(): text}))
    by_name = {s.name: s for s in scenes}
    for scene, given in values.items():
        lesson = by_name[scene].lesson
        if lesson is None:
            raise UsageError(f"{scene} has no parameters")
        lesson.build(given)  # validates: ParamError names the parameter and what is allowed
    return values


# ------------------------------------------------------------------ printing


def _size(path: Path) -> str:
    return _size_bytes(path.stat().st_size)


def _size_bytes(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


def print_outputs(out: Path, built: dict, stream=sys.stdout) -> None:
    """The delivered files with their sizes (and durations for videos)."""
    print("\ndelivered:", file=stream)
    for kind in ("lectures", "decks"):
        for rel in built.get(kind, []):
            path = out / rel
            dur = f"{probe(path)['duration_s']:7.1f} s" if path.suffix == ".mp4" else " " * 9
            print(f"  {kind[:-1]:8} {dur}  {_size(path):>9}  {path}", file=stream)
    print(f"  posters  {len(built.get('posters', []))} frame(s)", file=stream)
    handouts = [out / rel for rel in built.get("handouts", [])]
    if handouts:
        size = _size_bytes(sum(p.stat().st_size for p in handouts if p.exists()))
        print(f"  handouts {len(handouts)} file(s), {size:>9}  {out / 'handouts'}", file=stream)
    print(f"  gallery  {out / 'index.html'}", file=stream)


def print_summary(results: list[Result], opts: RenderOptions, stream=sys.stdout) -> None:
    rows = [("scene", "status", "render s", "video s", "size", "file")]
    for r in results:
        dur = r.entry.get("duration_s", 0.0) if r.entry else 0.0
        path = os.path.relpath(r.output, Path.cwd())
        rows.append((f"{r.info.topic}/{r.info.name}", r.status,
                     f"{r.seconds:.1f}" if r.status != "skipped" else "-", f"{dur:.1f}",
                     _size(r.output) if r.output.exists() else "-", path))
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    print("", file=stream)
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip(), file=stream)
    n = {s: sum(r.status == s for r in results) for s in ("rendered", "skipped", "failed")}
    if n["rendered"] == 0 and n["failed"] == 0:
        print(f"\nnothing to render: all {n['skipped']} output(s) are up to date "
              "(use --force to render again)", file=stream)
    else:
        print(f"\n{n['rendered']} rendered, {n['skipped']} unchanged, {n['failed']} failed; "
              f"manifest: {opts.out / 'manifest.json'}", file=stream)


def print_params(selected: list[SceneInfo], as_json: bool, stream=sys.stdout) -> None:
    """``params``: every parameter of the selected scenes, with type, default, range, doc."""
    if as_json:
        data = [dict(s.as_dict(), scene=info.name) for info in selected if info.lesson
                for s in info.lesson.params.specs()]
        if len(selected) == 1:
            data = [{k: v for k, v in d.items() if k != "scene"} for d in data]
        print(json.dumps(data, ensure_ascii=False, indent=1), file=stream)
        return
    for info in selected:
        specs = info.lesson.params.specs() if info.lesson else ()
        print(f"{info.name} ({info.topic}): {len(specs)} parameter(s)", file=stream)
        for s in specs:
            default = json.dumps(s.as_dict()["default"], ensure_ascii=False)
            print(f"  {s.name}: {s.type} = {default}\n      {s.doc}\n      allowed: {s.allowed()}",
                  file=stream)


# ------------------------------------------------------------------ argument types


def _resolution(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().replace("x", ",").split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTH,HEIGHT such as 320,180, got {text!r}")
    if w < 16 or h < 16 or w % 2 or h % 2 or w > MAX_RESOLUTION[0] or h > MAX_RESOLUTION[1]:
        raise argparse.ArgumentTypeError(
            f"width and height must be even, >= 16 and at most {MAX_RESOLUTION[0]}x"
            f"{MAX_RESOLUTION[1]}, got {text!r}")
    return w, h


def _int_in(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}")
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, got {value}")
        return value
    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}")
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds >= 0, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m scenes",
        description="dlviz: list, parameterise and render the deep-learning math scenes.")
    sub = p.add_subparsers(dest="command", required=True,
                           metavar="{list,params,render,deliver}")
    ls = sub.add_parser("list", help="list topics and scenes")
    ls.add_argument("targets", nargs="*", help="scene names or topics (default: all)")
    pa = sub.add_parser("params", help="a scene's parameters: types, defaults, ranges, docs")
    pa.add_argument("targets", nargs="*", metavar="NAME|TOPIC", help="scenes (default: all)")
    pa.add_argument("--json", action="store_true", help="as a JSON list of objects")
    r = sub.add_parser("render", help="render scenes (all, or the named scenes/topics)",
                       description="Render scenes to <out>/<quality>/<lang>/<topic>/<Scene>.<ext>.")
    r.add_argument("targets", nargs="*", metavar="NAME|TOPIC",
                   help="scene names or topics (default: all)")
    r.add_argument("-q", "--quality", choices=list(QUALITIES), default="h",
                   help="l=480p15, m=720p30, h=1080p60 (default), k=2160p60")
    r.add_argument("-f", "--format", choices=FORMATS, default="mp4",
                   help="mp4 (default), gif, png (last frame), webm (use with --transparent)")
    r.add_argument("-j", "--jobs", type=_int_in(1, 64), default=os.cpu_count() or 1,
                   help="scenes rendered in parallel (default: number of CPUs)")
    r.add_argument("--force", action="store_true", help="render even if unchanged")
    r.add_argument("--theme", choices=sorted(THEMES), default="dark")
    r.add_argument("--lang", choices=LANGUAGES, default="en",
                   help="on-screen language and captions (default en)")
    r.add_argument("--burn-captions", action="store_true",
                   help="draw the captions into the video (a WebVTT file is always written)")
    r.add_argument("-t", "--transparent", action="store_true",
                   help="transparent background (webm or png)")
    r.add_argument("--resolution", type=_resolution, metavar="W,H",
                   help="override the quality's resolution (e.g. 160,90 for tests)")
    r.add_argument("--fps", type=_int_in(1, MAX_FPS), help="override the quality's frame rate")
    r.add_argument("--out", type=Path, default=REPO / "renders", help="output folder")
    r.add_argument("--frame", type=_seconds, metavar="T",
                   help="with --format png: the frame at T seconds instead of the last one")
    r.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", dest="sets",
                   help="a parameter of the one named scene (lists as 1,2,3; matrix rows "
                        "separated by ';'); repeatable; see `params NAME`")
    r.add_argument("--params", type=Path, metavar="FILE.toml",
                   help="parameters from a TOML file, one [SceneName] table per scene")
    r.add_argument("--from", dest="from_beat", metavar="BEAT",
                   help="preview one scene from this beat (its key or 1-based number) to the "
                        "end: the beats before it are computed, not drawn or encoded")
    r.add_argument("--dry-run", action="store_true",
                   help="validate and print what each scene would show, without rendering")
    d = sub.add_parser("deliver", help="lecture videos, slide decks, posters and the gallery",
                       description="Build lectures/decks/posters from rendered mp4s, then "
                                   "renders/index.html.")
    d.add_argument("targets", nargs="*", metavar="TOPIC", help="topics (default: all)")
    d.add_argument("-q", "--quality", choices=list(QUALITIES), default="h")
    d.add_argument("--theme", choices=sorted(THEMES), default="dark")
    d.add_argument("--lang", choices=LANGUAGES, default="en")
    d.add_argument("--no-decks", action="store_true", help="skip the manim-slides decks")
    d.add_argument("--out", type=Path, default=REPO / "renders", help="output folder")
    return p


def _check_latex() -> str | None:
    missing = [tool for tool in ("latex", "dvisvgm") if shutil.which(tool) is None]
    if missing:
        return (f"{' and '.join(missing)} not found: run `make setup`, or sudo apt-get install "
                "texlive-latex-base texlive-latex-recommended texlive-latex-extra "
                "texlive-fonts-recommended dvisvgm")
    return None


def _check_writable(out: Path, flag: str = "--out", create: bool = True) -> str | None:
    """'' when ``out`` is a folder we can write in (created if missing), else the reason."""
    if out.exists() and not out.is_dir():
        return f"{flag} {out} is a file, not a folder"
    if not out.exists() and not create:
        return f"{flag} {out} does not exist"
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe_file = out / f".write-test-{os.getpid()}"
        probe_file.write_bytes(b"")
        probe_file.unlink()
    except OSError as exc:
        return f"cannot write to {flag} {out}: {exc.strerror}"
    return None


def _check_combination(args) -> str | None:
    if args.frame is not None and args.format != "png":
        return "--frame needs --format png"
    if args.transparent and args.format not in ("webm", "png"):
        return "--transparent needs --format webm or png (mp4 and gif have no alpha channel here)"
    if args.transparent and args.frame is not None:
        return "--transparent with --frame is not supported: the frame is cut from an mp4, " \
               "which has no alpha channel; use --format png --transparent for the last frame"
    if args.burn_captions and args.format == "png":
        return "--burn-captions needs a video format (mp4, gif, webm)"
    return None


# ------------------------------------------------------------------ main


def _on_signal(signum, frame):  # SIGINT and SIGTERM: one path, each with its own exit code
    raise Interrupted(signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 with the valid choices on a bad option
    scenes = discover()
    try:
        selected = select(args.targets, scenes)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # SIGINT explicitly too: a render started in the background by a non-interactive shell
    # (`make render &`, CI, a cron job) inherits SIGINT *ignored*, and `kill -INT` did nothing
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        return _run(args, scenes, selected)
    except (KeyboardInterrupt, Interrupted) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        done = sum(r.status == "rendered" for r in getattr(exc, "results", []))
        print(f"\ninterrupted ({signal.Signals(signum).name}): every render stopped, "
              f"{done} finished render(s) recorded, nothing half-written kept", file=sys.stderr)
        return 128 + signum


def _run(args, scenes: list[SceneInfo], selected: list[SceneInfo]) -> int:
    if args.command == "list":
        rows = [("topic", "scene", "~s", "description")]
        rows += [(s.topic, s.name, f"{s.expected_duration:.0f}", s.description) for s in selected]
        widths = [max(len(row[c]) for row in rows) for c in range(3)]
        for row in rows:
            print("  ".join(c.ljust(w) for c, w in zip(row[:3], widths)) + "  " + row[3])
        return 0
    if args.command == "params":
        print_params(selected, args.json)
        return 0
    if args.command == "deliver":
        return _deliver(args, selected)

    problem = _check_combination(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        if args.params and not args.targets:  # a lecture file alone: render what it names
            selected = select(list(_read_params_file(args.params, scenes)), scenes)
        params = parse_params(args.sets, args.params, selected, scenes)
    except (UsageError, ParamError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.frame is not None:
        longest = max(s.expected_duration for s in selected)
        if args.frame > 1.5 * longest:
            print(f"error: --frame {args.frame:g} is past the end of the clip "
                  f"(about {longest:.0f} s)", file=sys.stderr)
            return 2
    hint = _check_latex()
    if hint:
        print(f"error: {hint}", file=sys.stderr)
        return 1
    out = args.out.resolve()
    problem = _check_writable(out)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    opts = RenderOptions(quality=args.quality, format=args.format, theme=args.theme,
                         lang=args.lang, transparent=args.transparent,
                         resolution=args.resolution, fps=args.fps, force=args.force,
                         burn_captions=args.burn_captions, frame=args.frame,
                         jobs=args.jobs, out=out, params=params)
    if args.dry_run:
        return _dry_run(selected, opts)
    if args.from_beat is not None:
        try:
            opts = replace(opts, from_beat=_resolve_beat(args.from_beat, selected, opts))
        except UsageError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    results = run_render(selected, opts)
    print_summary(results, opts)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        print("\nfailed: " + ", ".join(f"{r.info.name}: {r.error} (log: {r.log})" for r in failed),
              file=sys.stderr)
        return 1
    return 0


def _resolve_beat(beat: str, selected: list[SceneInfo], opts: RenderOptions) -> int:
    """``--from``: a beat number, or a beat's key (its first occurrence, found by a dry run)."""
    if len(selected) != 1:
        raise UsageError(f"--from previews one scene: name exactly one (got {len(selected)})")
    keys = [b["key"] for b in dry_run(selected[0], opts)["beats"]]
    if beat.isdigit():
        if not 1 <= int(beat) <= len(keys):
            raise UsageError(f"--from {beat}: {selected[0].name} has beats 1–{len(keys)}: "
                             f"{', '.join(keys)}")
        return int(beat)
    if beat not in keys:
        raise UsageError(f"--from {beat!r}: not a beat of {selected[0].name}; its beats: "
                         f"{', '.join(dict.fromkeys(keys))}")
    return keys.index(beat) + 1


def _dry_run(selected: list[SceneInfo], opts: RenderOptions) -> int:
    """Print, per scene, every string and number it would put on screen, its captions and any
    layout problem (scenes are constructed ``--jobs`` at a time, printed in order)."""
    import concurrent.futures as cf

    def one(info: SceneInfo):
        try:
            return dry_run(info, opts), None
        except RuntimeError as exc:
            return None, str(exc)

    status = 0
    with cf.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        for info, (record, error) in zip(selected, pool.map(one, selected)):
            params = opts.scene_params(info)
            changed = params.changed() if params is not None else {}
            note = ", ".join(f"{k}={json.dumps(v)}" for k, v in changed.items()) or "defaults"
            print(f"== {info.name} ({note})")
            if error is not None:
                print(f"error: {info.name}: {error}", file=sys.stderr)
                status = 1
                continue
            for text in dict.fromkeys(record["shown"]):
                print(text.replace("\n", " "))
            for beat in record["beats"]:
                print(f"[caption {beat['time']:.1f} s] {beat['text']}")
            for problem in record.get("layout", []):
                print(f"[layout at beat {problem['beat']}, {problem['time']:.1f} s] "
                      f"{problem['problem']}")
    return status


def _deliver(args, selected: list[SceneInfo]) -> int:
    from pipeline.deliver import deliver

    out = args.out.resolve()
    problem = _check_writable(out, create=False)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    topics = sorted({s.topic for s in selected}) if args.targets else None
    opts = RenderOptions(quality=args.quality, theme=args.theme, lang=args.lang, out=out)
    built = deliver(opts, topics, decks=not args.no_decks)
    print_outputs(opts.out, built)
    return 0
