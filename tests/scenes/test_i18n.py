"""Languages and captions: complete catalogues, real Hangul glyphs, Korean on screen."""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pytest

from scenes.common import LANGUAGES, catalogue
from pipeline.registry import discover
from tests.conftest import dry_run

SCENES = discover()
TOPICS = sorted({s.topic for s in SCENES})
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.mark.parametrize("topic", TOPICS)
def test_every_key_exists_in_every_language(topic):
    cat = catalogue(topic)
    assert set(cat) >= set(LANGUAGES), f"{topic}: catalogue needs tables {LANGUAGES}"
    en = set(cat["en"])
    for lang in LANGUAGES:
        assert set(cat[lang]) == en, (lang, sorted(set(cat[lang]) ^ en))
        fields = {k: set(re.findall(r"{(\w+)", v)) for k, v in cat[lang].items()}
        en_fields = {k: set(re.findall(r"{(\w+)", v)) for k, v in cat["en"].items()}
        assert fields == en_fields, f"{topic}/{lang}: placeholders differ from English"
    # prose must be translated; a short name the notes keep in English (ReLU, Adam, "tanh, Xavier")
    # may stay as it is
    untranslated = [k for k, v in cat["ko"].items()
                    if re.search("[A-Za-z]{4}", cat["en"][k]) and not k.startswith("sym_")
                    and not HANGUL.search(v) and not (v == cat["en"][k] and len(v.split()) <= 3)]
    assert not untranslated, f"{topic}: ko entries not in Korean: {untranslated}"


@pytest.mark.parametrize("topic", TOPICS)
def test_no_unused_keys(topic):
    used: set[str] = set()
    for info in (s for s in SCENES if s.topic == topic):
        scene_cls = getattr(__import__(f"scenes.{topic}", fromlist=[info.name]), info.name)
        used |= dry_run(scene_cls).used_keys
    unused = set(catalogue(topic)["en"]) - used
    assert not unused, f"scenes/text/{topic}.toml has keys no scene uses: {sorted(unused)}"


def _rasterize(text: str, font: str) -> np.ndarray:
    from manim import Camera, Text, tempconfig

    with tempconfig({"pixel_width": 64, "pixel_height": 64, "frame_width": 2.0,
                     "frame_height": 2.0}):
        cam = Camera()
        cam.capture_mobject(Text(text, font=font, font_size=48, color="#FFFFFF").move_to([0, 0, 0]))
        return np.asarray(cam.get_image().convert("L"), dtype=int)


def test_hangul_renders_real_glyphs_not_tofu():
    from scenes.style import font_for

    font = font_for("ko")  # raises if fonts-noto-cjk is missing
    ga, na = _rasterize("가", font), _rasterize("나", font)
    tofu = _rasterize("\U0010fffd", font)  # a private-use code point no font has: the box
    assert ga.sum() > 0 and na.sum() > 0
    assert np.abs(ga - na).sum() > 0.05 * ga.sum(), "two syllables drew the same bitmap"
    assert np.abs(ga - tofu).sum() > 0.05 * ga.sum(), "Hangul drew the missing-glyph box"


@pytest.mark.parametrize("topic", TOPICS)
def test_korean_render_shows_the_korean_strings(topic, monkeypatch):
    monkeypatch.setenv("DLVIZ_LANG", "ko")
    info = next(s for s in SCENES if s.topic == topic)
    scene_cls = getattr(__import__(f"scenes.{topic}", fromlist=[info.name]), info.name)
    scene = dry_run(scene_cls)
    ko = catalogue(topic)["ko"]
    korean_shown = [s for s in scene.shown if HANGUL.search(s)]
    assert korean_shown, f"{info.name} with --lang ko shows no Hangul"
    plain = [v for v in ko.values() if "{" not in v and HANGUL.search(v)]
    assert any(v in scene.shown for v in plain), "no catalogue string shown verbatim"
    assert all(HANGUL.search(text) for _, _, text in scene.beats[:1]), "captions not Korean"
