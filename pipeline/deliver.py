"""Delivery: lecture videos, slide decks, poster frames and the gallery, from the renders.

``python -m scenes deliver`` (run by ``make render`` after rendering) reads
``renders/manifest.json`` and builds, for one quality and language:

* ``<q>/<lang>/lectures/<topic>.mp4`` — the topic's scenes in order, each after a short
  title card, joined without re-encoding (PyAV's concat demuxer, stream copy);
* ``<q>/<lang>/decks/<topic>.html`` — a manim-slides reveal.js deck, one slide per beat,
  in one offline file (reveal.js from the npm registry inlined, videos embedded);
* ``<q>/<lang>/posters/<Scene>.jpg`` — a poster frame of each video;
* ``index.html`` — the gallery of everything in the manifest, usable from disk.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from dataclasses import replace
from pathlib import Path

from pipeline.manifest import load_manifest, probe, update_manifest
from pipeline.media import concat_videos, faststart
from pipeline.options import REPO, RenderOptions
from pipeline.registry import SCENES_DIR, SceneInfo, discover
from pipeline.render import frame_at, manim_command
from scenes.catalogue import tr

__all__ = ["frame_at", "concat_videos", "build_lecture", "build_deck", "build_gallery", "deliver"]

REVEAL_VERSION = "6.0.1"
REVEAL_URL = f"https://registry.npmjs.org/reveal.js/-/reveal.js-{REVEAL_VERSION}.tgz"
REVEAL_SHA512 = ("f5e69c02b34882a3b61c658e2bef77809367fa0bdd18355b4aafa2daedc96bd923887a6cd1734b"
                 "a606136536232911fdd6e5f2ddc9468a67868b0e2e9871bfb6")


# ------------------------------------------------------------------ frames


def poster(video: Path, dest: Path, fraction: float = 0.98) -> Path:
    """A JPEG poster frame near the end of ``video`` (where the scene's result is on screen)."""
    info = probe(video)
    img = frame_at(video, info["duration_s"] * fraction)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    img.convert("RGB").save(tmp, format="JPEG", quality=85)
    os.replace(tmp, dest)
    return dest


# ------------------------------------------------------------------ lectures


def _card_info() -> SceneInfo:
    return SceneInfo(topic="cards", name="TitleCard", description="", expected_duration=3.0,
                     path=SCENES_DIR / "cards.py")


def render_card(topic: str, part: int, of: int, opts: RenderOptions) -> Path:
    """Render (or reuse) the title card for part ``part`` of ``of`` of ``topic``."""
    dest = opts.out / opts.quality_dir / opts.lang / "lectures" / "cards" / f"{topic}-{part}-of-{of}.mp4"
    h = hashlib.sha256()
    for f in (SCENES_DIR / "cards.py", SCENES_DIR / "common.py", SCENES_DIR / "style.py",
              SCENES_DIR / "text" / "cards.toml"):
        h.update(f.read_bytes())
    h.update(json.dumps([opts.quality_dir, opts.lang, opts.theme]).encode())
    if _up_to_date(dest, h.hexdigest()):
        return dest
    media = opts.out / ".media" / opts.quality_dir / f"TitleCard-{opts.lang}-{topic}-{part}"
    shutil.rmtree(media, ignore_errors=True)
    media.mkdir(parents=True)
    card_opts = replace(opts, format="mp4", transparent=False)
    env = dict(os.environ, DLVIZ_THEME=opts.theme, DLVIZ_LANG=opts.lang, DLVIZ_SLIDES="0",
               DLVIZ_CARD=json.dumps({"topic": topic, "part": part, "of": of}),
               PYTHONPATH=str(REPO))
    env.pop("DLVIZ_BEATS_FILE", None)
    proc = subprocess.run(manim_command(_card_info(), card_opts, media), cwd=media, env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    videos = [p for p in media.rglob("TitleCard.mp4") if "partial_movie_files" not in p.parts]
    if proc.returncode or not videos:
        raise RuntimeError(f"title card for {topic} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(faststart(videos[0])), dest)  # a card is a clip too: it streams
    _stamp_path(dest).write_text(h.hexdigest())
    return dest


def _inputs_digest(*parts: object, files: list[Path] = ()) -> str:
    """sha256 of ``parts`` (JSON) and of the named files' sizes and modification times."""
    h = hashlib.sha256(json.dumps(parts, default=str).encode())
    for f in files:
        st = f.stat()
        h.update(f"{f}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def _stamp_path(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.inputs")


def _up_to_date(dest: Path, digest: str) -> bool:
    """``dest`` exists and was built from inputs with this digest (a re-run skips it)."""
    stamp = _stamp_path(dest)
    return dest.exists() and stamp.exists() and stamp.read_text() == digest


def build_lecture(topic: str, videos: list[Path], opts: RenderOptions) -> Path:
    """Title card + scene, for every scene of ``topic`` in order, joined into one video
    (skipped when the cards and videos are the ones it was joined from)."""
    parts: list[Path] = []
    for i, video in enumerate(videos, 1):
        parts += [render_card(topic, i, len(videos), opts), video]
    dest = opts.out / opts.quality_dir / opts.lang / "lectures" / f"{topic}.mp4"
    digest = _inputs_digest("lecture", files=parts)
    if not _up_to_date(dest, digest):
        concat_videos(parts, dest)
        _stamp_path(dest).write_text(digest)
    return dest


# ------------------------------------------------------------------ decks


def reveal_assets(cache: Path) -> Path | None:
    """reveal.js from the npm registry (checked against its sha512), cached; None if offline."""
    tgz = cache / f"reveal.js-{REVEAL_VERSION}.tgz"
    if not tgz.exists():
        try:
            with urllib.request.urlopen(REVEAL_URL, timeout=60) as resp:
                data = resp.read()
        except OSError as exc:
            print(f"deck: could not download reveal.js ({exc}); decks will load it from the "
                  "CDN when opened", file=sys.stderr)
            return None
        if hashlib.sha512(data).hexdigest() != REVEAL_SHA512:
            print("deck: reveal.js download failed its checksum; not used", file=sys.stderr)
            return None
        cache.mkdir(parents=True, exist_ok=True)
        tgz.write_bytes(data)
    return tgz


def inline_reveal(deck_html: str, tgz: Path) -> str:
    """Replace every CDN reveal.js <script>/<link> with the file's content: a deck that works offline."""
    with tarfile.open(tgz) as tar:
        def read(rel: str) -> str | None:
            try:
                return tar.extractfile(f"package/{rel}").read().decode("utf-8")
            except KeyError:
                return None

        def script(m: re.Match) -> str:
            body = read(m.group(1))
            return f"<script>{body}</script>" if body is not None else ""

        def style(m: re.Match) -> str:
            body = read(m.group(1))
            return f"<style>{body}</style>" if body is not None else ""

        cdn = r"https://cdn\.jsdelivr\.net/npm/reveal\.js@[\d.]+/"
        deck_html = re.sub(rf'<script src="{cdn}([^"]+)"></script>', script, deck_html)
        deck_html = re.sub(rf'<link rel="stylesheet" href="{cdn}([^"]+)">', style, deck_html)
    return deck_html


def build_deck(topic: str, scenes: list[SceneInfo], opts: RenderOptions) -> Path | None:
    """One reveal.js deck of the topic's scenes (slides recorded during their mp4 renders);
    skipped when the scenes' videos (and so their slides) are the ones it was built from."""
    dest = opts.out / opts.quality_dir / opts.lang / "decks" / f"{topic}.html"
    videos = [replace(opts, format="mp4").output_path(i) for i in scenes]
    title = tr("cards", f"title_{topic}", lang=opts.lang)
    digest = _inputs_digest("deck", topic, opts.lang, title,
                            Path(__file__).read_text(encoding="utf-8"),
                            files=[v for v in videos if v.exists()])
    if _up_to_date(dest, digest):
        return dest
    work = opts.out / ".media" / opts.quality_dir / f"deck-{opts.lang}-{topic}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "slides" / "files").mkdir(parents=True)
    names = []
    for info in scenes:
        src = replace(opts, format="mp4").work_dir(info) / "slides"  # this language's video
        if not (src / f"{info.name}.json").exists():
            print(f"deck: no slides recorded for {info.name} (render it as mp4 first)", file=sys.stderr)
            continue
        shutil.copy(src / f"{info.name}.json", work / "slides")
        shutil.copytree(src / "files" / info.name, work / "slides" / "files" / info.name)
        names.append(info.name)
    if not names:
        return None
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = work / "deck.html"
    cmd = [str(Path(sys.executable).with_name("manim-slides")), "convert", "--to", "html",
           "--folder", "slides", *names, str(tmp), "-c", "one_file=true",
           "-c", f"title={title}", "-c", "controls=true",
           "-c", "progress=true", "-c", "slide_number=true"]
    proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode or not tmp.exists():
        raise RuntimeError(f"manim-slides convert failed for {topic}:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    text = tmp.read_text(encoding="utf-8")
    tgz = reveal_assets(opts.out / ".cache")
    if tgz is not None:
        text = inline_reveal(text, tgz)
    staged = dest.with_name(f".{dest.name}.tmp")
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, dest)
    _stamp_path(dest).write_text(digest)
    return dest


def build_pptx_deck(topic: str, scenes: list[SceneInfo], opts: RenderOptions) -> Path | None:
    """``decks/<topic>.pptx``: a PowerPoint deck of the same slides (one per beat), with the
    captions in the deck's language; rebuilt only when a scene's video changed."""
    from pipeline.pptx_deck import build_pptx
    from scenes.style import THEMES

    mp4 = replace(opts, format="mp4")
    dest = opts.out / opts.quality_dir / opts.lang / "decks" / f"{topic}.pptx"
    title = tr("cards", f"title_{topic}", lang=opts.lang)
    videos = [mp4.output_path(i) for i in scenes]
    digest = _inputs_digest("pptx", topic, opts.lang, opts.theme, title,
                            Path(build_pptx.__code__.co_filename).read_text(encoding="utf-8"),
                            files=[v for v in videos if v.exists()])
    if _up_to_date(dest, digest):
        return dest
    items = []
    for info in scenes:
        work = mp4.work_dir(info)
        beats = json.loads((work / "beats.json").read_text()) if (work / "beats.json").exists() else {}
        items.append((info.name, work / "slides", [b["text"] for b in beats.get("beats", [])]))
    built = build_pptx(title, items, dest, THEMES[opts.theme].background)
    if built is not None:
        _stamp_path(dest).write_text(digest)
    return built


# ------------------------------------------------------------------ gallery

_GALLERY_CSS = """
body{font-family:system-ui,sans-serif;background:#111418;color:#f2f2f2;margin:0 auto;max-width:1200px;padding:1.5rem}
a{color:#56b4e9} h1{margin:.2rem 0} .meta{color:#9aa3ad;font-size:.9rem}
section{margin:2rem 0} .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:1rem}
.card{background:#1e242b;border-radius:8px;padding:.7rem} video{width:100%;border-radius:4px;background:#000}
.path{display:flex;gap:.4rem;margin-top:.4rem} .path input{flex:1;background:#111418;color:#f2f2f2;border:1px solid #39424c;border-radius:4px;padding:.2rem .4rem;font-family:monospace;font-size:.8rem}
button{background:#39424c;color:#f2f2f2;border:0;border-radius:4px;padding:.2rem .6rem;cursor:pointer}
.links a{margin-right:.8rem}
"""

_GALLERY_JS = """
document.addEventListener('DOMContentLoaded',()=>{document.querySelectorAll('video').forEach(v=>{
 const mark=()=>v.closest('.card').dataset.loaded='1';
 if(v.readyState>=1)mark();else v.addEventListener('loadedmetadata',mark)})});
function copyPath(btn){const i=btn.previousElementSibling;i.select();
 const done=()=>{btn.textContent='copied';setTimeout(()=>btn.textContent='copy',1200)};
 if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(i.value).then(done)}
 else{document.execCommand('copy');done()}}
"""


def build_gallery(out: Path) -> Path:
    """``<out>/index.html``: every output in the manifest by topic, playable from disk."""
    manifest = load_manifest(out / "manifest.json")
    order = {s.name: i for i, s in enumerate(discover())}
    topics_order = list(dict.fromkeys(s.topic for s in discover()))
    entries = [e for e in manifest["outputs"].values() if (out / e["file"]).exists()]
    entries.sort(key=lambda e: (e["quality"], e.get("lang", "en"), order.get(e["scene"], 1e9)))
    esc = html.escape
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
             "<title>dlviz gallery</title><style>", _GALLERY_CSS, "</style><script>", _GALLERY_JS,
             "</script></head><body><h1>dlviz</h1>",
             "<p class='meta'>The mathematics of deep learning, computed exactly and animated. "
             "Click a path to copy it; paths are relative to this folder.</p>"]
    for topic in topics_order + sorted({e["topic"] for e in entries} - set(topics_order)):
        mine = [e for e in entries if e["topic"] == topic]
        if not mine:
            continue
        parts.append(f"<section id='{esc(topic)}'><h2>{esc(tr('cards', f'title_{topic}', lang='en'))}</h2>")
        extras = []
        for q_lang in sorted({(e["quality"], e.get("lang", "en"), e["file"].split("/")[0]) for e in mine}):
            qdir, lang = q_lang[2], q_lang[1]
            for kind, ext, name in (("lecture", "lectures", f"{topic}.mp4"),
                                    ("deck", "decks", f"{topic}.html"),
                                    ("PowerPoint", "decks", f"{topic}.pptx")):
                path = Path(qdir) / lang / ext / name
                if (out / path).exists():
                    extras.append(f"<a href='{esc(path.as_posix())}'>{kind} ({esc(qdir)}, {esc(lang)})</a>")
        for pdf in sorted((out / "handouts" / topic).glob("*.pdf")):
            extras.append(f"<a href='{esc(pdf.relative_to(out).as_posix())}'>handout: {esc(pdf.stem)}</a>")
        if extras:
            parts.append("<p class='links'>" + " ".join(extras) + "</p>")
        parts.append("<div class='grid'>")
        for e in mine:
            rel = e["file"]
            meta = (f"{e['duration_s']:.1f} s · {e['resolution'][0]}×{e['resolution'][1]}"
                    f" · {e['format']} · {e.get('lang', 'en')}")
            if e.get("params"):  # a lecturer's own numbers: say which
                meta += " · " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in e["params"].items())
            if e["format"] in ("mp4", "webm"):
                qdir = rel.split("/")[0]
                poster_rel = f"{qdir}/{e.get('lang', 'en')}/posters/{Path(rel).stem}.jpg"
                track = ""
                if e.get("captions"):
                    track = (f"<track kind='captions' src='{esc(e['captions'])}' "
                             f"srclang='{esc(e.get('lang', 'en'))}' label='{esc(e.get('lang', 'en'))}' default>")
                poster_attr = f" poster='{esc(poster_rel)}'" if (out / poster_rel).exists() else ""
                media = (f"<video controls preload='metadata'{poster_attr}>"
                         f"<source src='{esc(rel)}' type='video/{e['format']}'>{track}</video>")
            else:
                media = f"<img src='{esc(rel)}' alt='{esc(e['scene'])}' style='width:100%'>"
            parts.append(
                f"<div class='card' data-scene='{esc(e['scene'])}'>{media}<b>{esc(e['scene'])}</b>"
                f"<div class='meta'>{esc(meta)}</div><div class='path'>"
                f"<input readonly value='{esc(rel)}'><button onclick='copyPath(this)'>copy</button></div></div>")
        parts.append("</div></section>")
    parts.append("</body></html>")
    dest = out / "index.html"
    tmp = out / ".index.html.tmp"
    tmp.write_text("\n".join(parts), encoding="utf-8")
    os.replace(tmp, dest)
    return dest


# ------------------------------------------------------------------ handouts


def handouts(out: Path, topics: list[str]) -> list[Path]:
    """Print handouts for ``topics`` in ``<out>/handouts/<topic>/``, rebuilt only when their
    inputs (dlmath, the lessons, the handout modules, the style) changed."""
    from pipeline.handouts import build_handouts

    dest = out / "handouts"
    sources = (sorted((REPO / "dlmath").glob("*.py")) + sorted((REPO / "lessons").glob("*.py"))
               + sorted(Path(build_handouts.__code__.co_filename).parent.glob("*.py"))
               + [SCENES_DIR / "style.py"])
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    stamp = dest / f".stamp-{'-'.join(sorted(topics))}"
    files = sorted(p for t in topics for p in (dest / t).glob("*.*"))
    if stamp.exists() and stamp.read_text() == digest and files:
        return files
    files = build_handouts(dest, topics)
    stamp.write_text(digest)
    return files


# ------------------------------------------------------------------ all of it


def deliver(opts: RenderOptions, topics: list[str] | None = None, decks: bool = True) -> dict:
    """Posters, lectures, decks and handouts for every topic rendered as mp4 at ``opts``; then
    the gallery."""
    manifest = load_manifest(opts.out / "manifest.json")
    infos = [s for s in discover() if topics is None or s.topic in topics]
    built: dict[str, list[str]] = {"lectures": [], "decks": [], "posters": []}
    by_topic: dict[str, list[tuple[SceneInfo, Path]]] = {}
    for info in infos:
        video = replace(opts, format="mp4").output_path(info)
        key = str(video.relative_to(opts.out))
        if key not in manifest["outputs"] or not video.exists():
            continue
        dest = opts.out / opts.quality_dir / opts.lang / "posters" / f"{video.stem}.jpg"
        if not dest.exists() or dest.stat().st_mtime < video.stat().st_mtime:
            poster(video, dest)
        built["posters"].append(str(dest.relative_to(opts.out)))
        by_topic.setdefault(info.topic, []).append((info, video))
    for topic, items in by_topic.items():
        lecture = build_lecture(topic, [v for _, v in items], opts)
        built["lectures"].append(str(lecture.relative_to(opts.out)))
        if decks:
            for builder in (build_deck, build_pptx_deck):
                deck = builder(topic, [i for i, _ in items], opts)
                if deck:
                    built["decks"].append(str(deck.relative_to(opts.out)))
    if by_topic:
        built["handouts"] = [str(p.relative_to(opts.out)) for p in handouts(opts.out, list(by_topic))]
    build_gallery(opts.out)
    update_manifest(opts.out / "manifest.json",
                    deliverables={f"{opts.quality_dir}/{opts.lang}": built})
    return built
