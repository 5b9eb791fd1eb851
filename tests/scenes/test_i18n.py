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


# Korean particles whose form depends on the sound before them (은/는, 이/가, 을/를, 으로/로,
# 과/와) plus 의, 도, 만: after a number the template cannot know how the number is read.
_PARTICLE = re.compile(r"(?:은|는|이|가|을|를|으로|로|와|과|의|도|만)")
_HANGUL_AT = re.compile("[\uac00-\ud7a3]")
# a clause ending in plain -다 (…한다, …이다); not …니다, nor the particles 마다 and 보다
_PLAIN_DA = re.compile(r"(?<![니마보])다(?=[\s.,:;)!?]|$)")
_HAPNIDA_END = re.compile(r"(?:니다\.?|니다 \(.*\)\.|까요\?|세요\.)$")


def _number_before(text: str, i: int) -> bool:
    """Is text[i] right after a `{field}`, an ASCII digit or a bracketed number ("[{r},{c}]")?"""
    j = i - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    if j < 0:
        return False
    if text[j] == "}" or text[j].isascii() and text[j].isdigit():
        return True
    if text[j] in ")]":  # "(10,)가", "y[{r},{c}]가": a bracket whose content is a number
        opener, depth, k = "(" if text[j] == ")" else "[", 0, j
        while k >= 0:
            depth += text[k] == text[j]
            depth -= text[k] == opener
            if depth == 0:
                break
            k -= 1
        inside = re.sub(r"{\w+}", "0", text[max(k, 0) + 1:j])
        return bool(re.fullmatch(r"[0-9.,:\s+\-−–…]*[0-9][0-9.,:\s+\-−–…]*", inside))
    return False


def _particles_after_numbers(text: str) -> list[str]:
    bad = []
    for m in _PARTICLE.finditer(text):
        i, end = m.start(), m.end()
        spaced = i > 0 and text[i - 1] == " "
        # with a space in between only a free-standing particle counts ("{p} 가 아니다"), not
        # the first syllable of a word ("{h}×{w} 이미지")
        if spaced and end < len(text) and _HANGUL_AT.match(text[end]):
            continue
        if _number_before(text, i):
            bad.append(text[max(0, i - 12):end + 2])
    return bad


def test_particle_check_finds_the_reviewed_mistakes():
    """The checker flags the forms the 1080p review found and passes the rephrasings."""
    for bad in ["a = {a}가", "0.53로", "0와", "(10,)가", "(32, 10)로", "y[0,0] = 7 는", "9.6e-3는",
                "0.148를", "{p} 가 아니다", "{x}으로", "y[{r},{c}]가", "N(0, 1)이"]:
        assert _particles_after_numbers(bad), bad
    for good in ["기울기 {g}", "{n}개", "{e} 에포크", "{x}입니다", "{h}×{w} 이미지", "{x}에서",
                 "W₁의", "σ(1 − σ)는", "(backpropagation)는", "{acc}%를"]:
        assert not _particles_after_numbers(good), good
    assert _PLAIN_DA.search("입력에서 끝난다.") and _PLAIN_DA.search("기울기를 지킨다")
    assert not _PLAIN_DA.search("끝납니다. 층마다 인수, 0보다 크면")


@pytest.mark.parametrize("topic", TOPICS + ["cards"])
def test_korean_particles_never_follow_a_number(topic):
    """No Korean particle right after a `{field}`, an ASCII digit or a bracketed number.

    Whether 0.6 takes 이 or 가, 로 or 으로 depends on how the number is read ("영 점 육"), which a
    template cannot know: the catalogue puts the number after its noun ("기울기 {g}"), uses a
    counter or unit ("{n}개", "{e} 에포크") or ends the clause with "{x}입니다", which reads
    after any sound. Checked: 은 는 이 가 을 를 으로 로 와 과 의 도 만 directly after the number
    (or after spaces when the particle stands alone). Subscripts (W₁) and superscripts (x²) are
    read as words and are not checked.
    """
    bad = {k: hits for k, v in catalogue(topic)["ko"].items()
           if (hits := _particles_after_numbers(v))}
    assert not bad, f"scenes/text/{topic}.toml [ko]: particle after a number: {bad}"


@pytest.mark.parametrize("topic", TOPICS)
def test_korean_captions_use_one_register(topic):
    """Every Korean caption (``cap_*``) is in 합니다체, never the plain -다 register.

    The rule: a caption ends in …니다. / …니다 / …까요? / …세요. (or "…니다 (a remark)."): no
    caption is nominal, a caption that would end on a number ends "{x}입니다." instead. The one
    exception is a caption ending in a `{field}` right after a finished sentence
    ("…따라갑니다.{adam}"): the field is an optional second sentence, another ``cap_*`` string
    held to the same rule. No clause of any Korean string (captions, labels, titles) ends in a
    plain -다 (…한다, …이다, …된다); labels and titles stay noun phrases, or are written in
    합니다체 when they are sentences.
    """
    ko = catalogue(topic)["ko"]
    plain = {k: v for k, v in ko.items() if _PLAIN_DA.search(v)}
    assert not plain, f"scenes/text/{topic}.toml [ko]: plain -다 register in {sorted(plain)}"
    for key, text in ko.items():
        if not key.startswith("cap_"):
            continue
        end = re.sub(r"(?<=니다\.)\{\w+\}$", "", text.strip())
        assert _HAPNIDA_END.search(end), f"{topic}/{key} does not end in 합니다체: {text!r}"
