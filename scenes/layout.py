"""The layout check: what a lecture hall sees at every beat, checked from bounding boxes.

At each beat :class:`~scenes.common.DLScene` calls :func:`check_layout` on everything on
screen and records the problems with the beat (``python -m scenes`` writes them to the
beats file; ``make test`` fails on any). A problem is one of:

* ``off-frame`` — a visible mobject leaves the frame, or text leaves the safe margin
  (:data:`~scenes.style.SAFE_MARGIN`, projectors crop the edges);
* ``overlap`` — two texts (Text, MathTex, numbers) overlap;
* ``crossed`` — a line or curve runs through a text;
* ``small`` — text smaller than ~24 px at 1080p (Text font size < :data:`MIN_TEXT_SIZE`,
  MathTex < :data:`MIN_MATH_SIZE`);
* ``contrast`` — text whose colour is too close to the background (WCAG contrast < 3).

A deliberate overlap (a label on its arrow, a number on a bar) is declared with
:func:`allow`, with the reason, on the mobject: the check then skips it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np
from manim import (BackgroundRectangle, DecimalNumber, ImageMobject, Integer, MarkupText, MathTex,
                   Mobject, PMobject, SingleStringMathTex, Tex, Text, VMobject, config)

from scenes import style

__all__ = ["Problem", "check_layout", "allow", "MIN_TEXT_SIZE", "MIN_MATH_SIZE", "MIN_CONTRAST"]

MIN_TEXT_SIZE: float = 17.5
"""Smallest Text font size: a capital is 24 px tall at 1080p (measured: 32.8 px at 24)."""
MIN_MATH_SIZE: float = 23.5
"""Smallest MathTex font size: at 24 a digit or capital is 23 px tall at 1080p."""
MIN_CONTRAST: float = 3.0
"""WCAG 2 contrast ratio for large text."""
OVERLAP_TOLERANCE: float = 0.03
"""Boxes may touch by this much (scene units; 4 px at 1080p) before they overlap."""

TEXT_TYPES = (Text, MarkupText, Tex, MathTex, SingleStringMathTex, DecimalNumber, Integer)


@dataclass(frozen=True)
class Problem:
    kind: str
    """off-frame | overlap | crossed | small | contrast"""
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


def allow(mob: Mobject, reason: str) -> Mobject:
    """Exempt ``mob`` (and what it contains) from the overlap checks, for ``reason``."""
    mob.layout_exempt = reason  # type: ignore[attr-defined]
    return mob


def _name(mob: Mobject) -> str:
    if isinstance(mob, (Text, MarkupText)):
        return repr(mob.original_text[:30])
    if isinstance(mob, (MathTex, Tex, SingleStringMathTex)):
        return repr(mob.tex_string[:30])
    if isinstance(mob, DecimalNumber):
        return repr(f"{mob.number:g}")
    return type(mob).__name__


def _visible(mob: Mobject) -> bool:
    if isinstance(mob, VMobject):
        return (mob.get_fill_opacity() > 0.05 or
                (mob.get_stroke_opacity() > 0.05 and mob.get_stroke_width() > 0))
    if isinstance(mob, PMobject):
        return mob.points.size > 0
    return isinstance(mob, ImageMobject)


def _walk(mobs: Iterable[Mobject], exempt: bool = False) -> Iterator[tuple[Mobject, bool, bool]]:
    """(mobject, is_text, exempt) for every text unit and every drawn leaf."""
    for mob in mobs:
        ex = exempt or bool(getattr(mob, "layout_exempt", ""))
        if isinstance(mob, TEXT_TYPES):
            if any(_visible(m) for m in mob.family_members_with_points()):
                yield mob, True, ex
            continue
        if isinstance(mob, BackgroundRectangle):
            continue  # a text's backing patch: part of its text, drawn under it
        if mob.points.size and _visible(mob):
            yield mob, False, ex
        yield from _walk(mob.submobjects, ex)


def _glyphs(mob: Mobject) -> list[Mobject]:
    """A text's drawn parts, without the backing patch ``add_background_rectangle`` adds."""
    return [m for m in mob.family_members_with_points() if not isinstance(m, BackgroundRectangle)]


def _box(mob: Mobject) -> np.ndarray:
    """(xmin, ymin, xmax, ymax) of what is drawn (a text's glyphs, not its backing patch)."""
    parts = _glyphs(mob) if isinstance(mob, TEXT_TYPES) else [mob]
    pts = np.concatenate([m.points[:, :2] for m in parts if m.points.size]) if parts else np.zeros((1, 2))
    return np.array([pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max()])


def _luminance(hex_color: str) -> float:
    rgb = np.array([int(hex_color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)])
    lin = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def _contrast(mob: Mobject, background: str) -> float:
    members = [m for m in _glyphs(mob) if isinstance(m, VMobject)]
    if not members:
        return 21.0
    m = members[0]
    color, alpha = m.get_fill_color(), m.get_fill_opacity()
    bg = np.array([int(background.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]) / 255
    fg = np.array(color.to_rgb())
    mixed = alpha * fg + (1 - alpha) * bg
    hexed = "#" + "".join(f"{int(round(c * 255)):02x}" for c in mixed)
    a, b = _luminance(hexed), _luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def _stroke_segments(mob: VMobject) -> np.ndarray:
    """The mobject's stroke as short straight segments, shape (n, 2, 2)."""
    pts = mob.points
    n = len(pts) // 4
    if n == 0:
        return np.zeros((0, 2, 2))
    curves = pts[: 4 * n].reshape(n, 4, 3)[:, :, :2]
    t = np.linspace(0, 1, 9)[:, None, None]
    b = ((1 - t) ** 3 * curves[:, 0] + 3 * (1 - t) ** 2 * t * curves[:, 1]
         + 3 * (1 - t) * t ** 2 * curves[:, 2] + t ** 3 * curves[:, 3])  # (9, n, 2)
    return np.stack([b[:-1], b[1:]], axis=2).reshape(-1, 2, 2)


def _segments_cross_box(seg: np.ndarray, box: np.ndarray) -> bool:
    """Does any segment pass through the box's interior (slab test, vectorised)?"""
    if seg.size == 0:
        return False
    p, d = seg[:, 0], seg[:, 1] - seg[:, 0]
    t0, t1 = np.zeros(len(seg)), np.ones(len(seg))
    for axis, (lo, hi) in enumerate(((box[0], box[2]), (box[1], box[3]))):
        with np.errstate(divide="ignore", invalid="ignore"):
            a, b = (lo - p[:, axis]) / d[:, axis], (hi - p[:, axis]) / d[:, axis]
        still = d[:, axis] == 0
        inside = (p[:, axis] > lo) & (p[:, axis] < hi)
        near, far = np.minimum(a, b), np.maximum(a, b)
        t0 = np.where(still, np.where(inside, t0, 2.0), np.maximum(t0, near))
        t1 = np.where(still, np.where(inside, t1, -1.0), np.minimum(t1, far))
    return bool(np.any(t1 - t0 > 1e-6))


def check_layout(mobjects: Iterable[Mobject], background: str) -> list[Problem]:
    """Every layout problem of the mobjects on screen (see the module docstring)."""
    hw, hh = config.frame_width / 2, config.frame_height / 2
    margin = style.SAFE_MARGIN
    problems: list[Problem] = []
    texts, strokes = [], []
    for mob, is_text, exempt in _walk(mobjects):
        box = _box(mob)
        if is_text:
            lim_x, lim_y = hw - margin, hh - margin
            if box[0] < -lim_x - 1e-3 or box[2] > lim_x + 1e-3 or box[1] < -lim_y - 1e-3 \
                    or box[3] > lim_y + 1e-3:
                problems.append(Problem("off-frame", f"text {_name(mob)} leaves the safe margin"))
            size = mob.font_size
            floor = MIN_TEXT_SIZE if isinstance(mob, (Text, MarkupText)) else MIN_MATH_SIZE
            if size < floor:
                problems.append(Problem("small", f"text {_name(mob)} at font size {size:.0f} "
                                                 f"(< {floor:g}, about 24 px at 1080p)"))
            if _contrast(mob, background) < MIN_CONTRAST:
                problems.append(Problem("contrast", f"text {_name(mob)} contrast "
                                                    f"{_contrast(mob, background):.1f} < {MIN_CONTRAST}"))
            texts.append((mob, box, exempt))
        else:
            pts = mob.points[:, :2]
            if np.any(np.abs(pts[:, 0]) > hw + 1e-3) or np.any(np.abs(pts[:, 1]) > hh + 1e-3):
                problems.append(Problem("off-frame", f"{_name(mob)} leaves the frame"))
            if isinstance(mob, VMobject) and mob.get_stroke_opacity() > 0.05 \
                    and mob.get_stroke_width() > 0 and not exempt:
                seg = _stroke_segments(mob)
                if seg.size:
                    flat = seg.reshape(-1, 2)
                    strokes.append((mob, seg, np.concatenate([flat.min(axis=0), flat.max(axis=0)])))
    tol = OVERLAP_TOLERANCE
    for i, (a, ba, ea) in enumerate(texts):
        for b, bb, eb in texts[i + 1:]:
            if ea or eb:
                continue
            if min(ba[2], bb[2]) - max(ba[0], bb[0]) > tol and min(ba[3], bb[3]) - max(ba[1], bb[1]) > tol:
                problems.append(Problem("overlap", f"text {_name(a)} overlaps text {_name(b)}"))
        if ea:
            continue
        inner = ba + np.array([tol, tol, -tol, -tol])
        for s, seg, sbox in strokes:
            if sbox[0] >= inner[2] or sbox[2] <= inner[0] or sbox[1] >= inner[3] \
                    or sbox[3] <= inner[1]:
                continue  # the stroke's bounding box misses the text: no segment can cross it
            if _segments_cross_box(seg, inner):
                problems.append(Problem("crossed", f"{_name(s)} runs through text {_name(a)}"))
    return problems
