"""Delivery: lecture videos, decks, gallery, clip formats (built from tiny renders)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.manifest import probe
from pipeline.options import RenderOptions
from pipeline.render import run_render
from scenes.cards import CARD_SECONDS
from scenes.common import LANGUAGES, catalogue
from pipeline.registry import SceneInfo, discover
from tests.conftest import DELIVERY_TOPIC, TINY

TOPIC_SCENES = [s for s in discover() if s.topic == DELIVERY_TOPIC]


@pytest.fixture(scope="module")
def delivered(tiny_renders):
    from pipeline.deliver import deliver

    out, _, _ = tiny_renders
    w, h = (int(v) for v in TINY["resolution"].split(","))
    opts = RenderOptions(quality="l", resolution=(w, h), fps=int(TINY["fps"]), out=out)
    built = deliver(opts, [DELIVERY_TOPIC])
    return out, opts, built


def test_lecture_is_its_scenes_plus_title_cards(delivered):
    out, opts, built = delivered
    [lecture] = built["lectures"]
    scenes = [probe(opts.output_path(s))["duration_s"] for s in TOPIC_SCENES]
    expected = sum(scenes) + CARD_SECONDS * len(scenes)
    got = probe(out / lecture)["duration_s"]
    # each part is a whole number of frames at 5 fps: allow one frame per part
    assert abs(got - expected) <= 2 * len(scenes) / int(TINY["fps"]) + 1e-6, (got, expected)


def test_deck_has_a_slide_per_step_and_works_offline(delivered):
    out, _, built = delivered
    [deck] = [d for d in built["decks"] if d.endswith(".html")]
    text = (out / deck).read_text(encoding="utf-8")
    n_sections = text.count("<section")
    assert n_sections >= 2 * len(TOPIC_SCENES)
    assert "data-background-video=\"data:video/mp4;base64," in text, "videos not embedded"
    if (out / ".cache").exists() and any((out / ".cache").glob("reveal.js-*.tgz")):
        assert "cdn.jsdelivr" not in text, "reveal.js should be inlined (offline deck)"


def test_pptx_deck_has_a_slide_per_beat_each_with_its_video(delivered):
    """Opened with python-pptx: a title slide, then per scene one slide per beat, in order,
    each with an embedded video and the beat's caption (also in the speaker notes)."""
    import pptx

    out, opts, built = delivered
    [deck] = [d for d in built["decks"] if d.endswith(".pptx")]
    slides = list(pptx.Presentation(str(out / deck)).slides)
    expected = []
    for info in TOPIC_SCENES:
        work = replace(opts, format="mp4").work_dir(info)
        beats = json.loads((work / "beats.json").read_text())["beats"]
        expected += [f"{info.name}: {b['text']}" for b in beats]
    assert len(slides) == 1 + len(expected), "a title slide, then one slide per beat"
    for slide, note in zip(slides[1:], expected):
        movies = [sh for sh in slide.shapes if sh.shape_type == 16 or "video" in
                  sh.element.xml[:4000] and sh.element.tag.endswith("pic")]
        assert movies, "every beat slide has its video"
        assert slide.notes_slide.notes_text_frame.text == note
        assert any(sh.has_text_frame and sh.text_frame.text == note.split(": ", 1)[1]
                   for sh in slide.shapes)


def test_videos_start_playing_before_they_have_arrived(delivered):
    """Fast start: every clip and lecture has its index (moov) before its data (mdat)."""
    from pipeline.media import top_level_atoms

    out, opts, built = delivered
    cards = list((out / opts.quality_dir / opts.lang / "lectures" / "cards").glob("*.mp4"))
    assert cards
    for path in ([opts.output_path(s) for s in TOPIC_SCENES] + [out / p for p in built["lectures"]]
                 + cards):
        atoms = top_level_atoms(path)
        assert atoms.index("moov") < atoms.index("mdat"), (path.name, atoms)


def test_second_delivery_skips_what_did_not_change(delivered):
    """A no-op `make render` must be fast: lectures and decks are rebuilt only when a scene's
    video changed."""
    import os
    import time

    from pipeline.deliver import deliver

    out, opts, built = delivered
    lecture, deck = out / built["lectures"][0], out / built["decks"][0]
    before = {p: p.stat().st_mtime_ns for p in (lecture, deck)}
    t0 = time.perf_counter()
    again = deliver(opts, [DELIVERY_TOPIC])
    assert again["lectures"] == built["lectures"] and again["decks"] == built["decks"]
    assert {p: p.stat().st_mtime_ns for p in before} == before, "rebuilt with nothing changed"
    print(f"no-op delivery of {DELIVERY_TOPIC}: {time.perf_counter() - t0:.2f} s")
    # a re-rendered scene (new mtime) makes both stale again
    video = opts.output_path(TOPIC_SCENES[0])
    st = video.stat()
    os.utime(video, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    deliver(opts, [DELIVERY_TOPIC])
    assert all(p.stat().st_mtime_ns != before[p] for p in before), "stale outputs kept"


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("src", "href", "poster") and v:
                self.refs.append(v)


def test_gallery_references_only_existing_files(delivered):
    out, _, _ = delivered
    parser = _Refs()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    local = [r for r in parser.refs if not re.match(r"^[a-z]+:", r) and not r.startswith("#")]
    assert local, "the gallery links nothing"
    missing = [r for r in local if not (out / r).exists()]
    assert not missing, missing
    assert any(r.endswith(".vtt") for r in local), "no caption tracks in the gallery"
    assert any(r.endswith("lectures/convolution.mp4") for r in local)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_gallery_in_headless_chromium(delivered, tmp_path):
    if CHROMIUM is None:  # setup installs it as root; in CI a skip would hide a broken gallery
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing in CI: make setup installs it (apt-get install chromium)")
        pytest.skip("Chromium is not installed: sudo apt-get install chromium")
    out, _, _ = delivered
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--allow-file-access-from-files",
             "--autoplay-policy=no-user-gesture-required"]
    url = (out / "index.html").resolve().as_uri()
    dom = subprocess.run([CHROMIUM, *flags, "--virtual-time-budget=15000", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120).stdout
    cards = re.findall(r"<div class=\"card\"[^>]*>", dom)
    with_video = dom.count("<video")
    loaded = len(re.findall(r'data-loaded="1"', dom))
    assert with_video >= len(TOPIC_SCENES)
    assert loaded == with_video, f"{loaded} of {with_video} videos loaded their metadata"
    shot = tmp_path / "gallery.png"
    subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1280,900", url],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000, "no screenshot"
    assert cards


def test_title_card_catalogue_is_complete():
    cat = catalogue("cards")
    for lang in LANGUAGES:
        assert set(cat[lang]) == set(cat["en"])
    topics = {s.topic for s in discover()}
    assert {f"title_{t}" for t in topics} <= set(cat["en"])


TINY_SCENE = '''
from manim import Circle, Create
from scenes.common import DLScene


class TinyClip(DLScene):
    """A circle, drawn."""

    def construct(self):
        self.play(Create(Circle(color=self.theme.signal, fill_opacity=0.8)), run_time=1.0)
'''


@pytest.fixture(scope="module")
def clip_scene(tmp_path_factory) -> SceneInfo:
    path = tmp_path_factory.mktemp("clip") / "cliptopic.py"
    path.write_text(textwrap.dedent(TINY_SCENE))
    return SceneInfo("cliptopic", "TinyClip", "", 1.0, path)


@pytest.mark.parametrize("fmt, transparent", [("gif", False), ("png", False), ("webm", True),
                                               ("png", True)])
def test_clip_formats_open_with_the_requested_size(fmt, transparent, clip_scene, tmp_path):
    opts = RenderOptions(quality="l", format=fmt, transparent=transparent,
                         resolution=(96, 54), fps=10, out=tmp_path)
    [res] = run_render([clip_scene], opts)
    assert res.status == "rendered", res.error
    assert res.entry["resolution"] == [96, 54]
    if fmt == "webm":
        import av
        with av.open(str(res.output)) as c:
            stream = c.streams.video[0]
            assert stream.metadata.get("alpha_mode") == "1" or "a" in stream.codec_context.pix_fmt[:5]
    if fmt == "png":
        from PIL import Image
        with Image.open(res.output) as im:
            assert im.size == (96, 54)
            if transparent:
                assert im.mode == "RGBA" and im.getextrema()[3][0] == 0, "no transparent pixels"


def test_png_frame_at_a_chosen_time(clip_scene, tmp_path):
    from PIL import Image, ImageStat

    opts = RenderOptions(quality="l", format="png", resolution=(96, 54), fps=10, out=tmp_path)
    early = run_render([clip_scene], replace(opts, frame=0.0))[0]
    late = run_render([clip_scene], opts)[0]
    assert early.output.name == "TinyClip-t0.png" and late.output.name == "TinyClip.png"
    with Image.open(early.output) as a, Image.open(late.output) as b:
        assert sum(ImageStat.Stat(a.convert("L")).sum) < sum(ImageStat.Stat(b.convert("L")).sum)
