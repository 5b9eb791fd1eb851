"""Rendering: each scene in its own ``manim`` child process, in a private work folder.

* A scene whose inputs hash to what the manifest recorded is skipped. The hash covers
  only what the scene uses: its scene module, its lesson module, the shared scene and
  lesson code, the dlmath modules they import (transitively), the catalogue entries it
  showed last time, its parameters and every option that changes its pixels.
* A render works in ``<out>/.media/<quality>/<lang>-<theme>-<format><variant>/<Scene>``
  and holds a lock on its output name; the file appears at its place only when the
  render succeeded (written elsewhere, then renamed), and its manifest entry is written
  from that file, by the same worker, right after the rename.
* A failure reports its cause (the exception from the log, "disk full at …", the package
  to install), and the partial files are removed.
* SIGINT/SIGTERM end every child render (they also die with the parent: PR_SET_PDEATHSIG),
  leave the manifest consistent with the files and raise :class:`Interrupted`.
"""

from __future__ import annotations

import ast
import concurrent.futures as cf
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.manifest import load_manifest, probe, sha256, sidecar, update_manifest, write_json_atomic
from pipeline.manifest import file_lock
from pipeline.media import faststart, mp4_to_gif
from pipeline.options import CACHE_VERSION, REPO, RenderOptions
from pipeline.registry import SCENES_DIR, SceneInfo

__all__ = ["Result", "Interrupted", "input_hash", "code_files", "render_one", "run_render",
           "manim_command", "beats_to_vtt", "failure_reason", "dry_run", "frame_at",
           "terminate_children"]

LESSONS_DIR = REPO / "lessons"
SHARED_FILES = (SCENES_DIR / "common.py", SCENES_DIR / "style.py",
                LESSONS_DIR / "__init__.py", LESSONS_DIR / "params.py")
"""Code every scene runs besides its own module and lesson."""


class Interrupted(Exception):
    """The render was stopped by SIGINT/SIGTERM; ``signum`` says which."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass
class Result:
    info: SceneInfo
    status: str  # "rendered" | "skipped" | "failed" | "interrupted"
    output: Path
    seconds: float = 0.0
    entry: dict = field(default_factory=dict)
    log: Path | None = None
    error: str = ""


# ------------------------------------------------------------------ what a scene uses


def _module_file(module: str) -> Path | None:
    parts = module.split(".")
    if parts[0] not in ("dlmath", "lessons", "scenes"):
        return None
    base = REPO.joinpath(*parts)
    for cand in (base.with_suffix(".py"), base / "__init__.py"):
        if cand.exists():
            return cand
    return None


@lru_cache(maxsize=None)
def _imports(path: Path, mtime_ns: int) -> tuple[Path, ...]:
    """Project modules imported by ``path`` (``mtime_ns`` keys the cache)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            f = _module_file(name)
            if f is not None:
                found.append(f)
    return tuple(found)


def code_files(info: SceneInfo) -> list[Path]:
    """The scene's module, its lesson module, the shared code and every project module
    they import, transitively (a change anywhere else does not re-render it)."""
    start = {Path(info.path), *SHARED_FILES}
    if info.lesson is not None:
        start.add(LESSONS_DIR / f"{info.topic}.py")
    seen: set[Path] = set()
    todo = [p for p in start if p.exists()]
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        todo.extend(_imports(f, f.stat().st_mtime_ns))
    return sorted(seen)


def _manim_version() -> str:
    from importlib.metadata import version
    return version("manim")


def _text_values(info: SceneInfo, lang: str, keys: list[str]) -> dict[str, str]:
    if not keys:
        return {}
    from scenes.catalogue import catalogue_table
    table = catalogue_table(info.topic, lang)
    return {k: table.get(k, "") for k in sorted(keys)}


def input_hash(info: SceneInfo, opts: RenderOptions, text_keys: list[str] | None = None) -> str:
    """Content hash of everything that determines this scene's output.

    ``text_keys``: the catalogue keys the scene showed (recorded by its last render);
    only their values enter the hash, so editing another scene's caption re-renders
    nothing else.
    """
    h = hashlib.sha256()
    for f in code_files(info):
        h.update(str(f.relative_to(REPO) if f.is_relative_to(REPO) else f.name).encode())
        h.update(f.read_bytes())
    params = opts.scene_params(info)
    options = {
        "scene": info.name, "quality": opts.quality, "format": opts.format,
        "theme": opts.theme, "lang": opts.lang, "transparent": opts.transparent,
        "resolution": opts.resolution, "fps": opts.fps, "manim": _manim_version(),
        "burn_captions": opts.burn_captions, "frame": opts.frame, "cache": CACHE_VERSION,
        "from_beat": opts.from_beat,
        "params": params.as_dict() if params is not None else None,
        "text": _text_values(info, opts.lang, text_keys or []),
    }
    h.update(json.dumps(options, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


# ------------------------------------------------------------------ child processes

_CHILDREN: set[subprocess.Popen] = set()
_CHILDREN_LOCK = threading.Lock()
_STOP = threading.Event()


def _run_child(cmd: list[str], **kwargs) -> int:
    """Run ``cmd`` in its own session (a terminal's Ctrl-C reaches only us; we end it)."""
    if _STOP.is_set():
        return -signal.SIGTERM
    proc = subprocess.Popen(cmd, start_new_session=True, stdin=subprocess.DEVNULL, **kwargs)
    with _CHILDREN_LOCK:
        _CHILDREN.add(proc)
    try:
        return proc.wait()
    finally:
        with _CHILDREN_LOCK:
            _CHILDREN.discard(proc)


def terminate_children(grace: float = 5.0) -> None:
    """SIGTERM every running child's process group, SIGKILL what is left after ``grace`` s."""
    _STOP.set()
    with _CHILDREN_LOCK:
        procs = list(_CHILDREN)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for p in procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, sig)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + grace
        while any(p.poll() is None for p in procs) and time.monotonic() < deadline:
            time.sleep(0.05)


# ------------------------------------------------------------------ one render


def manim_command(info: SceneInfo, opts: RenderOptions, media: Path, *, still: bool = False,
                  dry: bool = False) -> list[str]:
    # pipeline._child runs manim so that it dies with this process (PR_SET_PDEATHSIG)
    cmd = [sys.executable, "-m", "pipeline._child", "render", str(info.path), info.name,
           "-q", opts.quality, "--media_dir", str(media), "--disable_caching",
           "--progress_bar", "none", "-v", "WARNING"]
    if dry:
        cmd.append("--dry_run")
    elif still:
        cmd.append("-s")
    elif opts.format in ("png", "gif"):
        cmd += ["--format", "mp4"]  # a still at --frame T and a GIF are made from the mp4
    else:
        cmd += ["--format", opts.format]
    if opts.transparent and not dry:
        cmd.append("-t")
    if opts.resolution:
        cmd += ["-r", f"{opts.resolution[0]},{opts.resolution[1]}"]
    if opts.fps:
        cmd += ["--fps", str(opts.fps)]
    return cmd


def _find_output(media: Path, info: SceneInfo, exts: tuple[str, ...]) -> Path | None:
    hits = [p for ext in exts for p in media.rglob(f"{info.name}*.{ext}")
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


_EXC_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)): (.+)$")
_BOX = re.compile(r"[│╭╰─╮╯]")


def failure_reason(log_text: str, returncode: int, where: Path) -> str:
    """The cause of a failed render, from its log: never just the log's last line."""
    if "No space left on device" in log_text or "ENOSPC" in log_text:
        m = re.search(r"No space left on device: '([^']+)'", log_text)
        return f"disk full at {m.group(1) if m else where}"
    if "standalone.cls" in log_text:
        return "LaTeX class standalone.cls missing: sudo apt-get install texlive-latex-extra"
    if "LaTeX compilation error" in log_text or "latex: not found" in log_text.lower():
        return ("LaTeX failed: install it with sudo apt-get install texlive-latex-base "
                "texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended dvisvgm")
    if "dvisvgm" in log_text and "not found" in log_text:
        return "dvisvgm missing: sudo apt-get install dvisvgm"
    found = None
    lines = log_text.splitlines()
    for i, line in enumerate(lines):
        m = _EXC_LINE.match(line.strip())
        if m and not _BOX.search(line) and not m.group(1).endswith("Warning"):
            # rich wraps long messages onto the following lines: join them back
            message = [m.group(2).strip()]
            for nxt in lines[i + 1:i + 6]:
                if not nxt.strip() or _EXC_LINE.match(nxt.strip()) or _BOX.search(nxt):
                    break
                message.append(nxt.strip())
            found = f"{m.group(1).rsplit('.', 1)[-1]}: {' '.join(message)}"
    if found:
        return found
    if returncode < 0:
        return f"killed by signal {signal.Signals(-returncode).name}"
    return f"manim exited with code {returncode} (no exception in the log)"


def frame_at(video: Path, t: float | None = None):
    """The frame shown at time ``t`` seconds (the last frame when None), as a PIL image."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        chosen = None
        for frame in container.decode(stream):
            if t is not None and frame.time is not None and frame.time > t + 1e-9:
                break
            chosen = frame
        if chosen is None:
            raise ValueError(f"{video} has no frame at t={t}")
        return chosen.to_image()


def _env(info: SceneInfo, opts: RenderOptions, beats_file: Path, slides: bool) -> dict:
    params = opts.scene_params(info)
    env = dict(os.environ, DLVIZ_THEME=opts.theme, DLVIZ_LANG=opts.lang,
               DLVIZ_BEATS_FILE=str(beats_file), DLVIZ_SLIDES="1" if slides else "0",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    env.pop("DLVIZ_BURN_CAPTIONS", None)
    env.pop("DLVIZ_PARAMS", None)
    if params is not None and params.changed():
        env["DLVIZ_PARAMS"] = json.dumps({"scene": info.name, "values": params.changed()})
    env.pop("DLVIZ_FROM_BEAT", None)
    if opts.from_beat:
        env["DLVIZ_FROM_BEAT"] = str(opts.from_beat)
    return env


def _clean(media: Path) -> None:
    for sub in ("videos", "images", "slides", "partial"):
        shutil.rmtree(media / sub, ignore_errors=True)


def _produce(info: SceneInfo, opts: RenderOptions, media: Path, log: Path) -> tuple[Path | None, str]:
    """Run manim for one scene in ``media``; the produced file, or None and the reason."""
    beats_file = media / "beats.json"
    beats_file.unlink(missing_ok=True)
    slides = opts.format == "mp4" and not opts.burn_captions and not opts.from_beat
    env = _env(info, opts, beats_file, slides)
    still = opts.format == "png" and opts.frame is None
    with log.open("w") as fh:
        code = 0
        if opts.burn_captions:  # a dry run first, to know every caption before drawing it
            texts = media / "caption_texts.json"
            code = _run_child(manim_command(info, opts, media, dry=True), cwd=media,
                              env=dict(env, DLVIZ_BEATS_FILE=str(texts)), stdout=fh,
                              stderr=subprocess.STDOUT)
            env["DLVIZ_BURN_CAPTIONS"] = str(texts)
        if code == 0:
            code = _run_child(manim_command(info, opts, media, still=still), cwd=media, env=env,
                              stdout=fh, stderr=subprocess.STDOUT)
    if _STOP.is_set():
        return None, "interrupted"
    if code != 0:
        return None, failure_reason(log.read_text(errors="replace"), code, media)
    exts = ("png",) if still else ("mov", "webm") if opts.format == "webm" else ("mp4", "mov")
    produced = _find_output(media, info, exts)
    if produced is None:
        return None, f"manim reported success but wrote no .{'/.'.join(exts)} file in {media}"
    if opts.format == "png" and opts.frame is not None:
        duration = probe(produced)["duration_s"]
        if opts.frame > duration:
            return None, f"--frame {opts.frame:g} is past the end of the clip ({duration:.2f} s)"
        still_png = media / f"{info.name}-t{opts.frame:g}.png"
        frame_at(produced, opts.frame).save(still_png)
        produced = still_png
    elif opts.format == "gif":
        produced = _gif(produced, media / f"{info.name}.gif", opts.theme)
    elif opts.format == "mp4":
        faststart(produced)  # the index first: a browser plays before the file has arrived
    return produced, ""


def _gif(video: Path, dest: Path, theme_name: str) -> Path:
    """A GIF sized for slides, its palette anchored on the theme's colours."""
    from scenes.style import THEMES

    th = THEMES[theme_name]
    anchors = (th.background, th.foreground, th.muted, th.panel, th.signal, th.kernel,
               th.product, th.output, th.highlight, th.negative, *th.classes)
    return mp4_to_gif(video, dest, anchors=anchors, background=th.background)


def render_one(info: SceneInfo, opts: RenderOptions, manifest: dict | None = None) -> Result:
    """Render one scene in a child process; move the output into place only on success."""
    out = opts.output_path(info)
    key = str(out.relative_to(opts.out))
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = opts.out / ".locks" / (key.replace("/", "__") + ".lock")  # not beside the videos
    with file_lock(lock):  # one render of this file at a time
        old = load_manifest(opts.out / "manifest.json")["outputs"].get(key)
        if (not opts.force and out.exists() and old
                and old.get("input_hash") == input_hash(info, opts, old.get("text_keys"))
                and old.get("sha256") == sha256(out)):
            return Result(info, "skipped", out, entry=old)
        if _STOP.is_set():
            return Result(info, "interrupted", out)
        media = opts.work_dir(info)
        _clean(media)
        media.mkdir(parents=True, exist_ok=True)
        log = opts.log_path(info)
        log.parent.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        produced, error = _produce(info, opts, media, log)
        seconds = time.perf_counter() - start
        if produced is None:
            _clean(media)
            status = "interrupted" if error == "interrupted" else "failed"
            return Result(info, status, out, seconds, log=log, error=error)
        entry = _install(info, opts, produced, out, media, seconds)
        return Result(info, "rendered", out, seconds, entry=entry, log=log)


def _install(info: SceneInfo, opts: RenderOptions, produced: Path, out: Path, media: Path,
             seconds: float) -> dict:
    """Move the produced file (and its captions) into place, then record it."""
    staged = out.with_name(f".{out.name}.tmp{os.getpid()}")
    try:
        shutil.move(str(produced), staged)
        os.replace(staged, out)  # atomic: the old file stays until the new one is complete
    finally:
        staged.unlink(missing_ok=True)
    beats = json.loads((media / "beats.json").read_text()) if (media / "beats.json").exists() else {}
    keys = beats.get("used_keys", [])
    params = opts.scene_params(info)
    entry = {
        "scene": info.name, "topic": info.topic, "file": str(out.relative_to(opts.out)),
        "quality": opts.quality, "format": opts.format, "theme": opts.theme, "lang": opts.lang,
        "sha256": sha256(out), "render_seconds": round(seconds, 2),
        "input_hash": input_hash(info, opts, keys), "text_keys": keys,
        "params": params.changed() if params is not None else {},
        "work_dir": str(media.relative_to(opts.out)), **probe(out),
        "bytes": out.stat().st_size,
    }
    if entry["duration_s"]:
        entry["bytes_per_s"] = round(entry["bytes"] / entry["duration_s"])
    if opts.format in ("mp4", "webm") and beats.get("beats"):
        vtt = out.with_suffix(".vtt")
        staged_vtt = vtt.with_name(f".{vtt.name}.tmp{os.getpid()}")
        staged_vtt.write_text(beats_to_vtt(beats["beats"], entry["duration_s"]), encoding="utf-8")
        os.replace(staged_vtt, vtt)
        entry["captions"] = str(vtt.relative_to(opts.out))
        entry["caption_count"] = len(beats["beats"])
    write_json_atomic(sidecar(out), entry)
    update_manifest(opts.out / "manifest.json", {entry["file"]: entry})
    return entry


# ------------------------------------------------------------------ many renders


def run_render(selected: list[SceneInfo], opts: RenderOptions, stream=sys.stdout) -> list[Result]:
    """Render ``selected`` with ``opts.jobs`` processes; each worker records its own output.

    On SIGINT/SIGTERM (delivered as :class:`Interrupted` or KeyboardInterrupt in the main
    thread) every child is ended, the workers finish their bookkeeping, and
    :class:`Interrupted` is raised with the results so far attached as ``results``.
    """
    _STOP.clear()
    results: list[Result] = []
    total = len(selected)
    print(f"rendering {total} scene(s) at quality {opts.quality_dir}, format {opts.format}, "
          f"theme {opts.theme}, language {opts.lang}, {opts.jobs} job(s)", file=stream, flush=True)
    pool = cf.ThreadPoolExecutor(max_workers=max(1, opts.jobs))
    futures = {pool.submit(render_one, info, opts): info for info in selected}
    try:
        for fut in cf.as_completed(futures):
            res = fut.result()
            results.append(res)
            _report(res, f"[{len(results)}/{total}] {res.info.topic}/{res.info.name}", stream)
    except (KeyboardInterrupt, Interrupted) as exc:
        terminate_children()
        for f in futures:
            f.cancel()
        pool.shutdown(wait=True)
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        err = Interrupted(signum)
        err.results = results  # type: ignore[attr-defined]
        raise err from None
    pool.shutdown(wait=True)
    order = {s.name: i for i, s in enumerate(selected)}
    results.sort(key=lambda r: order[r.info.name])
    return results


def _report(res: Result, tag: str, stream) -> None:
    if res.status == "rendered":
        dur = res.entry["duration_s"]
        ratio = f", {res.seconds / dur:.2f}x" if dur else ""
        print(f"{tag}: rendered in {res.seconds:.1f} s ({dur:.1f} s of video{ratio})",
              file=stream, flush=True)
    elif res.status == "skipped":
        print(f"{tag}: unchanged, skipped", file=stream, flush=True)
    elif res.status == "failed":
        print(f"{tag}: FAILED after {res.seconds:.1f} s: {res.error} (log: {res.log})",
              file=stream, flush=True)


# ------------------------------------------------------------------ dry run


def dry_run(info: SceneInfo, opts: RenderOptions) -> dict:
    """Construct the scene without drawing or encoding (manim's dry run): the record of
    every string it puts on screen (``shown``), its beats and captions."""
    media = opts.out / ".media" / "dry-run" / f"{opts.lang}-{opts.theme}" / info.name
    media.mkdir(parents=True, exist_ok=True)
    record = media / "record.json"
    record.unlink(missing_ok=True)
    log = media / "dry-run.log"
    with log.open("w") as fh:
        code = _run_child(manim_command(info, opts, media, dry=True), cwd=media,
                          env=_env(info, opts, record, slides=False), stdout=fh,
                          stderr=subprocess.STDOUT)
    if code != 0 or not record.exists():
        raise RuntimeError(failure_reason(log.read_text(errors="replace"), code, media))
    return json.loads(record.read_text())
