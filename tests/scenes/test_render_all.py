"""Every discovered scene renders at a tiny size, through the real CLI, in parallel.

One `python -m scenes render` call renders all scenes at 160x90, 5 fps; each test then
checks its scene's video: it exists, lasts about as long as declared, and its last frame
is not blank. A few key frames are locked against control frames (tests/scenes/frames/).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from pipeline.registry import discover

SCENES = discover()
FRAMES_DIR = Path(__file__).parent / "frames"
LOCKED = sorted({p.stem for p in FRAMES_DIR.glob("*.npz")}
                | {n for n in os.environ.get("DLVIZ_UPDATE_FRAMES", "").split(",") if n})
"""Scenes whose last frame is compared with a stored control frame (one .npz each).

Lock a new scene, or regenerate on purpose: ``DLVIZ_UPDATE_FRAMES=SceneA,SceneB pytest
tests/scenes/test_render_all.py -k 'SceneA or SceneB'``, look at the frame, commit the .npz.
"""


def last_frame(path: Path) -> np.ndarray:
    import av
    with av.open(str(path)) as c:
        frame = None
        for frame in c.decode(video=0):
            pass
    return frame.to_ndarray(format="rgb24")


def test_scenes_are_discovered():
    assert SCENES, "no scenes discovered in scenes/*.py"
    assert len({s.name for s in SCENES}) == len(SCENES), "scene names must be unique"


@pytest.mark.parametrize("info", SCENES, ids=lambda s: s.name)
def test_scene_renders(info, tiny_renders):
    out, proc, entries = tiny_renders
    assert info.name in entries, f"{info.name} did not render:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    entry = entries[info.name]
    video = out / entry["file"]
    assert video.exists()
    assert entry["resolution"] == [160, 90]
    # `python -m scenes list` shows the declared duration: it must be the real one (±10%,
    # plus one second for the 5 fps frame rounding of a tiny render)
    assert abs(entry["duration_s"] - info.expected_duration) <= 0.1 * info.expected_duration + 1, \
        f"renders {entry['duration_s']} s, declares expected_duration = {info.expected_duration}"
    frame = last_frame(video)
    assert frame.shape == (90, 160, 3)
    assert frame.std() > 5, "last frame is blank"


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    """Cues of a WebVTT file as (start s, end s, text); fails on anything malformed."""
    assert text.startswith("WEBVTT"), "not a WebVTT file"
    cues = []
    for block in text.strip().split("\n\n")[1:]:
        lines = block.splitlines()
        times = next(ln for ln in lines if "-->" in ln)
        start, end = (sum(float(p) * 60 ** i for i, p in enumerate(reversed(t.strip().split(":"))))
                      for t in times.split("-->"))
        cues.append((start, end, "\n".join(lines[lines.index(times) + 1:])))
    return cues


@pytest.mark.parametrize("info", SCENES, ids=lambda s: s.name)
def test_captions_follow_the_scene(info, tiny_renders):
    """Every clip has a WebVTT file: cues in order, inside the video, one per step."""
    out, _, entries = tiny_renders
    entry = entries[info.name]
    vtt = out / entry["captions"]
    cues = parse_vtt(vtt.read_text(encoding="utf-8"))
    assert len(cues) >= 2, "a clip needs captions for its steps"
    assert all(s < e for s, e, _ in cues) and all(t for _, _, t in cues)
    assert all(e1 <= s2 + 1e-6 for (_, e1, _), (s2, _, _) in zip(cues, cues[1:])), "overlap"
    assert cues[-1][1] <= entry["duration_s"] + 1e-3
    assert cues[-1][1] >= 0.7 * entry["duration_s"], "captions stop long before the end"


@pytest.mark.parametrize("name", LOCKED)
def test_key_frame_matches_control(name, tiny_renders):
    """Like Manim CE's graphical unit tests: compare with a stored frame, with a tolerance.

    Regenerate on purpose with ``DLVIZ_UPDATE_FRAMES=<Scene>`` (see LOCKED).
    """
    out, _, entries = tiny_renders
    frame = last_frame(out / entries[name]["file"]).astype(np.int16)
    control = FRAMES_DIR / f"{name}.npz"
    if name in os.environ.get("DLVIZ_UPDATE_FRAMES", "").split(","):
        FRAMES_DIR.mkdir(exist_ok=True)
        np.savez_compressed(control, frame=frame.astype(np.uint8))
        from PIL import Image
        Image.fromarray(frame.astype(np.uint8)).resize((640, 360)).save(
            out / f"{name}.control.png")  # to look at before committing
    expected = np.load(control)["frame"].astype(np.int16)
    diff = np.abs(frame - expected)
    # video compression and font hinting move a few pixels a little; a layout change moves many
    assert diff.mean() < 3.0 and (diff > 64).mean() < 0.02, (diff.mean(), (diff > 64).mean())


def _layout_report(name: str, record: dict) -> list[str]:
    return [f"{name} @ {p['beat']} ({p['time']:.1f} s): {p['problem']}"
            for p in record.get("layout", [])]


@pytest.mark.parametrize("info", SCENES, ids=lambda s: s.name)
def test_layout_at_every_beat_in_english(info, tiny_renders):
    """The layout check (scenes/layout.py) at every beat of the tiny render: nothing off the
    frame, no text on text or on a line, nothing too small or too dim."""
    from tests.conftest import record_of

    problems = _layout_report(info.name, record_of(info.name))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("info", SCENES, ids=lambda s: s.name)
def test_layout_at_every_beat_in_korean(info, korean_dry_runs):
    problems = _layout_report(info.name, korean_dry_runs[info.name])
    assert not problems, "\n".join(problems)


SUBTITLE_RATE = {"en": 17.0, "ko": 12.0}
"""The fastest caption a viewer can read (characters a second): English counts every character,
spaces included (the review rubric's ~17/s, shared/review-brief.md; BBC subtitle guidelines'
160–180 words a minute), Korean its syllables (characters but spaces; Korean subtitle guides
allow adults about 12). Counted here, independently of scenes.style.reading_time, which sets
a slower pace (16 and 10)."""


def _caption_units(text: str, lang: str) -> int:
    text = " ".join(text.split())
    return len(text) if lang == "en" else len(text.replace(" ", ""))


@pytest.mark.parametrize("info", SCENES, ids=lambda s: s.name)
def test_pace_follows_reading_speed(info, tiny_renders, korean_dry_runs):
    """No caption is on screen for less than its reading time at the subtitle guides' rates
    (English 17 characters/s counting spaces, Korean 12 syllables/s), and the conclusion stays
    at least 5 s, in both languages."""
    from scenes.style import CONCLUSION_HOLD
    from tests.conftest import record_of

    frame = 1 / 5  # the tiny render's frame: beat times are known to one frame
    for lang, record in (("en", record_of(info.name)), ("ko", korean_dry_runs[info.name])):
        start = 0.0
        for beat in record["beats"]:
            units = _caption_units(beat["text"], lang)
            shown = beat["time"] - start
            assert units <= SUBTITLE_RATE[lang] * (shown + frame), \
                f"{info.name} @ {beat['key']} ({lang}): {units} characters in {shown:.1f} s " \
                f"= {units / max(shown, 1e-9):.1f}/s (at most {SUBTITLE_RATE[lang]:.0f}/s)"
            start = beat["time"]
        assert record["hold_s"] >= CONCLUSION_HOLD - 0.25, \
            f"{info.name} ({lang}): conclusion held {record['hold_s']:.1f} s"
