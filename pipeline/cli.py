"""``python -m scenes``: list and render dlviz scenes.

Each scene renders in its own ``manim`` process (so ``--jobs N`` runs N at once and
one failing scene never stops the others). Outputs go to
``<out>/<quality>/<topic>/<Scene>.<ext>``; the file only appears there when the render
succeeded (it is moved into place), so a failed render never overwrites a good video.
A scene whose inputs (its module, dlmath, the shared style, the text catalogue, the
options and the manim version) hash to what the manifest recorded is skipped.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

from scenes.common import LANGUAGES
from pipeline.registry import SCENES_DIR, SceneInfo, discover
from scenes.style import THEMES

__all__ = ["main", "RenderOptions", "QUALITIES", "FORMATS"]

REPO = SCENES_DIR.parent
QUALITIES: dict[str, tuple[int, int, int]] = {
    "l": (854, 480, 15), "m": (1280, 720, 30), "h": (1920, 1080, 60), "k": (3840, 2160, 60),
}
FORMATS: tuple[str, ...] = ("mp4", "gif", "png", "webm")
CACHE_VERSION = "1"
"""Bump when the render pipeline itself changes what it writes."""


class UsageError(Exception):
    """Bad command-line input: exit code 2."""


@dataclass(frozen=True)
class RenderOptions:
    quality: str = "h"
    format: str = "mp4"
    theme: str = "dark"
    lang: str = "en"
    transparent: bool = False
    resolution: tuple[int, int] | None = None
    fps: int | None = None
    force: bool = False
    burn_captions: bool = False
    frame: float | None = None
    """With format png: the frame at this time (s) instead of the last frame."""
    jobs: int = 1
    out: Path = REPO / "renders"

    @property
    def quality_dir(self) -> str:
        if self.resolution or self.fps:
            w, h = self.resolution or QUALITIES[self.quality][:2]
            return f"{w}x{h}p{self.fps or QUALITIES[self.quality][2]}"
        return self.quality

    def output_path(self, info: SceneInfo) -> Path:
        suffix = ("" if self.theme == "dark" else f"-{self.theme}") + (
            "-captioned" if self.burn_captions else "") + (
            f"-t{self.frame:g}" if self.frame is not None and self.format == "png" else "")
        return (self.out / self.quality_dir / self.lang / info.topic
                / f"{info.name}{suffix}.{self.format}")


@dataclass
class Result:
    info: SceneInfo
    status: str  # "rendered" | "skipped" | "failed"
    output: Path
    seconds: float = 0.0
    entry: dict = field(default_factory=dict)
    log: Path | None = None
    error: str = ""


# ------------------------------------------------------------------ hashing / manifest


def _manim_version() -> str:
    from importlib.metadata import version
    return version("manim")


def input_hash(info: SceneInfo, opts: RenderOptions) -> str:
    """Content hash of everything that determines this scene's output."""
    h = hashlib.sha256()
    files = sorted((REPO / "dlmath").glob("*.py")) + [
        SCENES_DIR / "style.py", SCENES_DIR / "common.py", info.path,
    ] + sorted((SCENES_DIR / "text").glob("*.toml"))
    for f in files:
        if f.exists():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    params = {
        "scene": info.name, "quality": opts.quality, "format": opts.format,
        "theme": opts.theme, "lang": opts.lang, "transparent": opts.transparent,
        "resolution": opts.resolution, "fps": opts.fps, "manim": _manim_version(),
        "burn_captions": opts.burn_captions, "frame": opts.frame,
        "cache": CACHE_VERSION,
    }
    h.update(json.dumps(params, sort_keys=True).encode())
    return h.hexdigest()


def _manifest_path(opts: RenderOptions) -> Path:
    return opts.out / "manifest.json"


def load_manifest(path: Path) -> dict:
    if path.exists():
        try:
            return json.loads(path.read_text())
        except json.JSONDecodeError:
            pass
    return {"outputs": {}}


def _write_json_atomic(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True))
    os.replace(tmp, path)


def update_manifest(path: Path, outputs: dict | None = None, **sections) -> dict:
    """Merge ``outputs`` entries and top-level ``sections`` into the manifest, under a lock.

    Re-reads the file first, so two renders running at once (say, en and ko) keep each
    other's entries instead of the last writer winning.
    """
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        manifest = load_manifest(path)
        manifest["outputs"].update(outputs or {})
        for key, value in sections.items():
            manifest.setdefault(key, {}).update(value)
        _write_json_atomic(path, manifest)
    return manifest


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def probe(path: Path) -> dict:
    """Duration (s), resolution and fps of a rendered file, read back with PyAV / Pillow."""
    if path.suffix == ".png":
        from PIL import Image
        with Image.open(path) as im:
            return {"duration_s": 0.0, "resolution": list(im.size), "fps": 0}
    import av
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        fps = float(stream.average_rate or stream.guessed_rate or 0)
        if container.duration:
            duration = container.duration / 1_000_000
        else:
            duration = float(stream.duration * stream.time_base) if stream.duration else 0.0
        return {"duration_s": round(duration, 3),
                "resolution": [stream.codec_context.width, stream.codec_context.height],
                "fps": round(fps, 3)}


# ------------------------------------------------------------------ rendering


def _manim_command(info: SceneInfo, opts: RenderOptions, media: Path) -> list[str]:
    cmd = [sys.executable, "-m", "manim", "render", str(info.path), info.name,
           "-q", opts.quality, "--media_dir", str(media), "--disable_caching",
           "--progress_bar", "none", "-v", "WARNING"]
    if opts.format == "png" and opts.frame is None:
        cmd.append("-s")
    elif opts.format == "png":
        cmd += ["--format", "mp4"]  # the frame at --frame T is cut from the video
    else:
        cmd += ["--format", opts.format]
    if opts.transparent:
        cmd.append("-t")
    if opts.resolution:
        cmd += ["-r", f"{opts.resolution[0]},{opts.resolution[1]}"]
    if opts.fps:
        cmd += ["--fps", str(opts.fps)]
    return cmd


def _find_output(media: Path, info: SceneInfo, ext: str) -> Path | None:
    hits = [p for p in media.rglob(f"{info.name}*.{ext}")
            if "partial_movie_files" not in p.parts]
    return max(hits, key=lambda p: p.stat().st_mtime) if hits else None


def _vtt_time(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def beats_to_vtt(beats: list[dict], duration: float) -> str:
    """WebVTT captions: beat i's caption spans from beat i-1 (or 0) to beat i.

    Times are the scene's own animation clock (``renderer.time`` at each beat), clipped
    to the video's duration; zero-length steps are dropped.
    """
    lines = ["WEBVTT", ""]
    start = 0.0
    n = 0
    for beat in beats:
        end = min(float(beat["time"]), duration)
        if end - start >= 0.05:
            n += 1
            lines += [str(n), f"{_vtt_time(start)} --> {_vtt_time(end)}", beat["text"], ""]
            start = end
    return "\n".join(lines)


def _latex_hint(log_text: str) -> str:
    if "standalone.cls" in log_text:
        return "LaTeX class standalone.cls missing: sudo apt-get install texlive-latex-extra"
    if "LaTeX compilation error" in log_text or "latex: not found" in log_text.lower():
        return ("LaTeX failed: install it with sudo apt-get install texlive-latex-base "
                "texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended dvisvgm")
    if "dvisvgm" in log_text and "not found" in log_text:
        return "dvisvgm missing: sudo apt-get install dvisvgm"
    return ""


def render_one(info: SceneInfo, opts: RenderOptions, manifest: dict) -> Result:
    """Render one scene in a child process; move the output into place only on success."""
    out = opts.output_path(info)
    key = str(out.relative_to(opts.out))
    digest = input_hash(info, opts)
    old = manifest["outputs"].get(key)
    if not opts.force and out.exists() and old and old.get("input_hash") == digest:
        return Result(info, "skipped", out, entry=old)

    media = opts.out / ".media" / opts.quality_dir / info.name  # per scene: tex cache, no races
    if media.exists():
        for sub in ("videos", "images", "slides"):
            shutil.rmtree(media / sub, ignore_errors=True)
    media.mkdir(parents=True, exist_ok=True)
    log = opts.out / "logs" / opts.quality_dir / f"{info.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    beats_file = media / "beats.json"
    beats_file.unlink(missing_ok=True)
    env = dict(os.environ, DLVIZ_THEME=opts.theme, DLVIZ_LANG=opts.lang,
               DLVIZ_BEATS_FILE=str(beats_file),
               # videos also record their slides (one per beat) for the manim-slides deck
               DLVIZ_SLIDES="1" if opts.format == "mp4" and not opts.burn_captions else "0",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    env.pop("DLVIZ_BURN_CAPTIONS", None)
    start = time.perf_counter()
    with log.open("w") as fh:
        proc = None
        if opts.burn_captions:  # a dry run first, to know every caption before drawing it
            texts = media / "caption_texts.json"
            dry = [c for c in _manim_command(info, opts, media) if c != "-s"] + ["--dry_run"]
            proc = subprocess.run(dry, cwd=media, env=dict(env, DLVIZ_BEATS_FILE=str(texts)),
                                  stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            env["DLVIZ_BURN_CAPTIONS"] = str(texts)
        if proc is None or proc.returncode == 0:
            proc = subprocess.run(_manim_command(info, opts, media), cwd=media, env=env,
                                  stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    produced = None
    if proc.returncode == 0 and opts.format == "png" and opts.frame is not None:
        video = _find_output(media, info, "mp4")
        if video is not None:
            from pipeline.deliver import frame_at
            produced = media / f"{info.name}-t{opts.frame:g}.png"
            frame_at(video, opts.frame).save(produced)
    elif proc.returncode == 0:
        produced = _find_output(media, info, opts.format)
    if produced is None:
        text = log.read_text(errors="replace")
        lines = [ln for ln in text.splitlines() if ln.strip()]
        error = _latex_hint(text) or (lines[-1] if lines else f"exit code {proc.returncode}")
        return Result(info, "failed", out, seconds, log=log, error=error)

    out.parent.mkdir(parents=True, exist_ok=True)
    staged = out.with_name(f".{out.name}.tmp{os.getpid()}")
    shutil.move(str(produced), staged)
    os.replace(staged, out)  # atomic: the old file stays until the new one is complete
    entry = {
        "scene": info.name, "topic": info.topic, "file": key, "quality": opts.quality,
        "format": opts.format, "theme": opts.theme, "lang": opts.lang,
        "sha256": _sha256(out), "render_seconds": round(seconds, 2),
        "input_hash": digest, **probe(out),
    }
    if opts.format in ("mp4", "webm") and beats_file.exists():
        beats = json.loads(beats_file.read_text())["beats"]
        vtt = out.with_suffix(".vtt")
        staged_vtt = vtt.with_name(f".{vtt.name}.tmp{os.getpid()}")
        staged_vtt.write_text(beats_to_vtt(beats, entry["duration_s"]), encoding="utf-8")
        os.replace(staged_vtt, vtt)
        entry["captions"] = str(vtt.relative_to(opts.out))
        entry["caption_count"] = len(beats)
    return Result(info, "rendered", out, seconds, entry=entry, log=log)


def select(targets: Sequence[str], scenes: list[SceneInfo]) -> list[SceneInfo]:
    """Scenes named by ``targets`` (scene names or topics, case-insensitive); all if empty."""
    if not targets:
        return scenes
    by_name = {s.name.lower(): s for s in scenes}
    topics = {s.topic for s in scenes}
    chosen: list[SceneInfo] = []
    for t in targets:
        if t.lower() in by_name:
            chosen.append(by_name[t.lower()])
        elif t in topics:
            chosen.extend(s for s in scenes if s.topic == t)
        else:
            raise UsageError(
                f"unknown scene or topic {t!r}.\n  topics: {', '.join(sorted(topics))}\n"
                f"  scenes: {', '.join(s.name for s in scenes)}")
    seen: set[str] = set()
    return [s for s in chosen if not (s.name in seen or seen.add(s.name))]


def _check_latex() -> str | None:
    missing = [tool for tool in ("latex", "dvisvgm") if shutil.which(tool) is None]
    if missing:
        return (f"{' and '.join(missing)} not found: run `make setup`, or sudo apt-get install "
                "texlive-latex-base texlive-latex-recommended texlive-latex-extra "
                "texlive-fonts-recommended dvisvgm")
    return None


def run_render(selected: list[SceneInfo], opts: RenderOptions, stream=sys.stdout) -> list[Result]:
    """Render ``selected`` with ``opts.jobs`` processes, updating the manifest as each ends."""
    manifest_path = _manifest_path(opts)
    manifest = load_manifest(manifest_path)
    results: list[Result] = []
    total = len(selected)
    print(f"rendering {total} scene(s) at quality {opts.quality_dir}, format {opts.format}, "
          f"theme {opts.theme}, language {opts.lang}, {opts.jobs} job(s)", file=stream, flush=True)
    with cf.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        futures = {}
        for i, info in enumerate(selected, 1):
            futures[pool.submit(render_one, info, opts, manifest)] = (i, info)
        for fut in cf.as_completed(futures):
            i, info = futures[fut]
            res = fut.result()
            results.append(res)
            tag = f"[{len(results)}/{total}] {info.topic}/{info.name}"
            if res.status == "rendered":
                manifest["outputs"][res.entry["file"]] = res.entry
                update_manifest(manifest_path, {res.entry["file"]: res.entry})
                dur = res.entry["duration_s"]
                ratio = f", {res.seconds / dur:.2f}x" if dur else ""
                print(f"{tag}: rendered in {res.seconds:.1f} s ({dur:.1f} s of video{ratio})",
                      file=stream, flush=True)
            elif res.status == "skipped":
                print(f"{tag}: unchanged, skipped", file=stream, flush=True)
            else:
                print(f"{tag}: FAILED after {res.seconds:.1f} s: {res.error} (log: {res.log})",
                      file=stream, flush=True)
    order = {s.name: i for i, s in enumerate(selected)}
    results.sort(key=lambda r: order[r.info.name])
    return results


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
              f"manifest: {_manifest_path(opts)}", file=stream)


# ------------------------------------------------------------------ argument parsing


def _resolution(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().replace("x", ",").split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTH,HEIGHT such as 320,180, got {text!r}")
    if w < 16 or h < 16 or w % 2 or h % 2:
        raise argparse.ArgumentTypeError(f"width and height must be even and >= 16, got {text!r}")
    return w, h


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m scenes",
        description="dlviz: list and render the deep-learning math scenes.")
    sub = p.add_subparsers(dest="command", required=True, metavar="{list,render,deliver}")
    ls = sub.add_parser("list", help="list topics and scenes")
    ls.add_argument("targets", nargs="*", help="scene names or topics (default: all)")
    r = sub.add_parser("render", help="render scenes (all, or the named scenes/topics)",
                       description="Render scenes to <out>/<quality>/<topic>/<Scene>.<ext>.")
    r.add_argument("targets", nargs="*", metavar="NAME|TOPIC",
                   help="scene names or topics (default: all)")
    r.add_argument("-q", "--quality", choices=list(QUALITIES), default="h",
                   help="l=480p15, m=720p30, h=1080p60 (default), k=2160p60")
    r.add_argument("-f", "--format", choices=FORMATS, default="mp4",
                   help="mp4 (default), gif, png (last frame), webm (use with --transparent)")
    r.add_argument("-j", "--jobs", type=_positive_int, default=os.cpu_count() or 1,
                   help="scenes rendered in parallel (default: number of CPUs)")
    r.add_argument("--force", action="store_true", help="render even if unchanged")
    r.add_argument("--theme", choices=sorted(THEMES), default="dark")
    r.add_argument("--lang", choices=LANGUAGES, default="en",
                   help="on-screen language and captions (default en)")
    r.add_argument("--burn-captions", action="store_true",
                   help="draw the captions into the video (a WebVTT file is always written)")
    r.add_argument("-t", "--transparent", action="store_true",
                   help="transparent background (webm, png)")
    r.add_argument("--resolution", type=_resolution, metavar="W,H",
                   help="override the quality's resolution (e.g. 160,90 for tests)")
    r.add_argument("--fps", type=_positive_int, help="override the quality's frame rate")
    r.add_argument("--out", type=Path, default=REPO / "renders", help="output folder")
    r.add_argument("--frame", type=float, metavar="T",
                   help="with --format png: the frame at T seconds instead of the last one")
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 with the valid choices on a bad option
    scenes = discover()
    try:
        selected = select(args.targets, scenes)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    if args.command == "list":
        rows = [("topic", "scene", "~s", "description")]
        rows += [(s.topic, s.name, f"{s.expected_duration:.0f}", s.description) for s in selected]
        widths = [max(len(row[c]) for row in rows) for c in range(3)]
        for row in rows:
            print("  ".join(c.ljust(w) for c, w in zip(row[:3], widths)) + "  " + row[3])
        return 0

    if args.command == "deliver":
        from pipeline.deliver import deliver

        topics = sorted({s.topic for s in selected}) if args.targets else None
        opts = RenderOptions(quality=args.quality, theme=args.theme, lang=args.lang,
                             out=args.out.resolve())
        built = deliver(opts, topics, decks=not args.no_decks)
        print_outputs(opts.out, built)
        return 0

    if args.frame is not None and args.format != "png":
        print("error: --frame needs --format png", file=sys.stderr)
        return 2
    if args.frame is not None and args.frame < 0:
        print(f"error: --frame must be >= 0 seconds, got {args.frame}", file=sys.stderr)
        return 2
    if args.transparent and args.format not in ("webm", "png", "gif"):
        print("error: --transparent needs --format webm, png or gif (mp4 has no alpha channel)",
              file=sys.stderr)
        return 2
    hint = _check_latex()
    if hint:
        print(f"error: {hint}", file=sys.stderr)
        return 1
    opts = RenderOptions(quality=args.quality, format=args.format, theme=args.theme,
                         lang=args.lang, transparent=args.transparent,
                         resolution=args.resolution, fps=args.fps, force=args.force,
                         burn_captions=args.burn_captions, frame=args.frame,
                         jobs=args.jobs, out=args.out.resolve())
    results = run_render(selected, opts)
    print_summary(results, opts)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        print("\nfailed: " + ", ".join(f"{r.info.name} (log: {r.log})" for r in failed),
              file=sys.stderr)
        return 1
    return 0
