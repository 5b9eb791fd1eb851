"""The layout check itself: each kind of problem is found, and nothing else is."""

from __future__ import annotations

import pytest
from manim import DOWN, LEFT, RIGHT, UP, Line, MathTex, Rectangle, Text

from scenes.layout import allow, check_layout

BG = "#111418"


def kinds(*mobs) -> list[str]:
    return [p.kind for p in check_layout(mobs, BG)]


def test_a_clean_picture_has_no_problem():
    a = Text("left", font_size=30, color="#F2F2F2").shift(LEFT * 3)
    b = MathTex("x^2", font_size=40, color="#F2F2F2").shift(RIGHT * 3)
    box = Rectangle(width=2, height=1, color="#7A828C").move_to(b)  # a box around a number
    assert kinds(a, b, box) == []


def test_overlapping_texts():
    a = Text("overlap", font_size=30, color="#F2F2F2")
    b = MathTex("y = 1", font_size=40, color="#F2F2F2").move_to(a.get_right())
    assert kinds(a, b) == ["overlap"]


def test_line_through_text_and_its_declared_exception():
    t = Text("label", font_size=30, color="#F2F2F2")
    line = Line(LEFT * 2, RIGHT * 2, color="#7A828C")
    assert kinds(t, line) == ["crossed"]
    assert kinds(allow(t, "a label set on its line on purpose"), line) == []
    assert kinds(Text("label", font_size=30, color="#F2F2F2").shift(UP), line) == []


@pytest.mark.parametrize("where, kind", [(LEFT * 7.0, "off-frame"), (DOWN * 3.95, "off-frame")])
def test_text_outside_the_safe_margin(where, kind):
    assert kinds(Text("edge", font_size=30, color="#F2F2F2").move_to(where)) == [kind]


def test_graphics_leaving_the_frame():
    assert kinds(Line(LEFT * 8, RIGHT, color="#7A828C")) == ["off-frame"]


def test_small_and_dim_text():
    assert kinds(Text("tiny", font_size=14, color="#F2F2F2")) == ["small"]
    assert kinds(MathTex("x", font_size=20, color="#F2F2F2")) == ["small"]
    assert kinds(Text("dim", font_size=30, color="#2A2F36")) == ["contrast"]


def test_a_backing_patch_is_not_the_text():
    t = Text("on a patch", font_size=30, color="#F2F2F2").add_background_rectangle(opacity=0.85)
    assert kinds(t) == []
