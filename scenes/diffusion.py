"""Diffusion scenes: noise added step by step, and the exact reverse process that removes it.

Every number and every point on screen comes from the scene's lesson
(:mod:`lessons.diffusion`, computed by :mod:`dlmath.diffusion`); point clouds of thousands
of points are one :class:`~manim.PMobject` whose points are set each frame from the
lesson's trajectory array. Render one with the plain Manim CLI:
``manim -ql scenes/diffusion.py DiffusionForward2D``.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RESAMPLING_ALGORITHMS,
    RIGHT,
    UP,
    UR,
    AnimationGroup,
    Arrow,
    Axes,
    Circle,
    Create,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    Group,
    ImageMobject,
    Indicate,
    LaggedStart,
    MathTex,
    Rectangle,
    ReplacementTransform,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
)

from lessons.diffusion import DATASETS
from scenes import style
from scenes.common import DLScene, curve, fit_width, label, math, point_cloud, title
from scenes.style import fmt_num

__all__ = [
    "DiffusionInkDrop",
    "DiffusionForward2D",
    "DiffusionMarginals1D",
    "DiffusionSchedules",
    "DiffusionImageNoising",
    "DiffusionReverse",
    "DiffusionMemorisation",
]


# ---------------------------------------------------------------- number formats


def _mantissa_exponent(value: float, digits: int) -> tuple[str, int]:
    mant, exp = f"{float(value):.{digits}e}".split("e")
    return fmt_num(float(mant), digits), int(exp)


def fmt_small(value: float, digits: int = 3) -> str:
    """A number for MathTex: ``0.368`` normally, ``4.04 \\times 10^{-5}`` when tiny."""
    v = float(value)
    if v == 0 or abs(v) >= 10 ** -digits:
        return fmt_num(v, digits)
    mant, exp = _mantissa_exponent(v, 2)
    return rf"{mant} \times 10^{{{exp}}}"


def fmt_sci(value: float, digits: int = 1) -> str:
    """Always ``m \\times 10^{e}`` (for MathTex): distances that are zero up to rounding."""
    mant, exp = _mantissa_exponent(value, digits)
    return rf"{mant} \times 10^{{{exp}}}"


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
"""Digits and minus sign → Unicode superscripts (exponents in plain-text captions)."""


def fmt_plain(value: float, digits: int = 3) -> str:
    """A number for a caption (plain text): ``0.368``, or ``4.04×10⁻⁵`` when tiny (the
    exponent in Unicode superscripts: a caption is not typeset)."""
    v = float(value)
    if v == 0 or abs(v) >= 10 ** -digits:
        return fmt_num(v, digits)
    mant, exp = _mantissa_exponent(v, 2)
    return f"{mant}×10{str(exp).translate(SUPERSCRIPT)}"


# ---------------------------------------------------------------- colour roles of the topic


def _data_color(th: style.Theme) -> str:
    """The data x_0 in every diffusion scene: ink, point clouds, densities, modes, training points."""
    return th.signal


def _sample_color(th: style.Theme) -> str:
    """What the reverse process makes: its points, their shares, the denoiser's estimate."""
    return th.output


def _noise_color(th: style.Theme) -> str:
    """Pure noise N(0, I) (its contour rings, the N(0, 1) reference density): quiet grey, so the
    data (blue) and the samples (green) stay the topic's only strong point colours. Formulas of
    the process are in the foreground colour, never in the samples' green."""
    return th.noise


def _schedule_color(th: style.Theme, key: str) -> str:
    """A noise schedule's curves (``lin`` or ``cos``), the same in every scene."""
    return {"lin": th.kernel, "cos": th.product}[key]


# ---------------------------------------------------------------- drawing helpers


def _to_screen(axes: Axes, pts: np.ndarray) -> np.ndarray:
    """Points ``(..., 2)`` in data coordinates → scene coordinates ``(..., 3)`` on ``axes``.

    The axes are linear, so this is the affine map through c2p of the origin and unit
    vectors (a change of drawing coordinates, not math of the topic).
    """
    o = np.asarray(axes.c2p(0, 0))
    ex, ey = np.asarray(axes.c2p(1, 0)) - o, np.asarray(axes.c2p(0, 1)) - o
    return o + pts[..., :1] * ex + pts[..., 1:2] * ey


def _follow(cloud, frames: np.ndarray, tracker: ValueTracker) -> None:
    """Make ``cloud`` show ``frames[round(tracker)]`` (frames in scene coordinates)."""
    last = len(frames) - 1

    def update(m):
        m.points = frames[int(round(min(max(tracker.get_value(), 0), last)))]

    cloud.add_updater(update)


def _plane(size: float, half: float, color: str) -> Axes:
    """Square axes ``[-half, half]²`` of side ``size``, quiet colour, ticks at integers."""
    return Axes(x_range=[-half, half, 1], y_range=[-half, half, 1], x_length=size, y_length=size,
                axis_config={"color": color, "stroke_width": 2, "include_ticks": True,
                             "tick_size": 0.05},
                tips=False)


def _left_plane(half: float, color: str) -> Axes:
    """The 5.6-unit point-cloud plane on the left of the 2-D scenes."""
    return _plane(5.6, half, color).to_edge(LEFT, buff=0.6).shift(DOWN * 0.45)


def _cloud(axes: Axes, trajectory: np.ndarray, color: str):
    """A point cloud showing ``trajectory[0]``, and every frame in scene coordinates."""
    frames = _to_screen(axes, trajectory)
    cloud = point_cloud(trajectory[0], color, stroke_width=3)
    cloud.points = frames[0]
    return cloud, frames


def _pixels(img: np.ndarray, width: float) -> ImageMobject:
    """A [-1, 1] grey image (DDPM's pixel scale) as one image of ``width`` units, 8-bit grey
    levels, each pixel a crisp square (nearest-neighbour resampling).

    Values outside [-1, 1] (noisy images) are clipped to black/white for display, as any
    image viewer does (drawn by :class:`scenes.common.ImageCamera`: cheap compositing).
    """
    h, w = img.shape
    level = np.round(np.clip((img + 1.0) / 2.0, 0.0, 1.0) * 255).astype(np.uint8)
    pic = ImageMobject(level)
    pic.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    return pic.stretch_to_fit_width(width).stretch_to_fit_height(width * h / w)


def _image_row(images, captions: list[list[str]], width: float,
               gap: float, frame_color: str, caption_color: str) -> Group:
    """Images side by side (framed), each with MathTex lines under it.

    The frames sit at a fixed pitch centred on x = 0 (captions of different widths do not
    shift them), so two rows built alike keep their columns aligned.
    """
    cells = Group()
    pitch, n = width + gap, len(captions)
    for i, (img, lines) in enumerate(zip(images, captions)):
        pic = _pixels(img, width).move_to([(i - (n - 1) / 2) * pitch, 0, 0])
        box = Rectangle(width=width, height=width, stroke_color=frame_color,
                        stroke_width=2).move_to(pic)
        text = VGroup(*(math(s, style.MATH_SIZE_SMALL * 0.8, caption_color) for s in lines))
        text.arrange(DOWN, buff=0.1).next_to(box, DOWN, buff=0.15)
        cells.add(Group(pic, box, text))
    return cells


def _place_row(row: Group, x: float, top: float) -> Group:
    """Move an image row so its frames are centred on ``x`` with their tops at ``top``."""
    boxes = VGroup(*(cell[1] for cell in row))
    return row.shift([x - boxes.get_center()[0], top - boxes.get_top()[1], 0])


def _readout(lines: list[str], anchor: np.ndarray, color: str) -> VGroup:
    """Formulas stacked under each other, left-aligned at ``anchor``."""
    group = VGroup(*(math(s, style.MATH_SIZE_SMALL, color) for s in lines))
    group.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
    return group.move_to(anchor, aligned_edge=LEFT + UP)


def _advance(scene: DLScene, tracker: ValueTracker, value: float, lines: list[str],
             anchor: np.ndarray, readout: VGroup | None, run_time: float,
             on_arrival=None, label_first: bool = False) -> VGroup:
    """Run ``tracker`` to ``value`` at constant speed, then show ``lines`` as the new readout
    (``on_arrival``: called the moment the tracker arrives, before the readout changes).

    ``label_first``: the readout changes as the tracker starts, so the values the stop's
    caption quotes are on screen for the whole caption (the picture then runs to them)."""
    if label_first:
        new = _readout(lines, anchor, scene.theme.foreground)
        swap = (FadeIn(new, run_time=style.RUN_FAST) if readout is None
                else ReplacementTransform(readout, new, run_time=style.RUN_FAST))
        scene.play(AnimationGroup(
            tracker.animate(run_time=run_time, rate_func=linear).set_value(value), swap))
        if on_arrival is not None:
            on_arrival()
        scene.wait(style.PAUSE)
        return new
    scene.play(tracker.animate.set_value(value), run_time=run_time, rate_func=linear)
    if on_arrival is not None:
        on_arrival()
    new = _readout(lines, anchor, scene.theme.foreground)
    scene.play(FadeIn(new) if readout is None else ReplacementTransform(readout, new),
               run_time=style.RUN_FAST)
    scene.wait(style.PAUSE)
    return new


def _run_time(scene: DLScene, base: float, key: str, label_first: bool = False,
              **fields: object) -> float:
    """How long the clock runs before a stop: ``base``, or longer when the stop's caption
    (``cap_<key>``) needs more reading time, so the points move while it is read instead of
    the picture waiting (the pause comes after, and the readout's fade too unless
    ``label_first``, as in :func:`_advance`)."""
    if not style.PACE_FROM_READING:
        return base
    need = style.reading_time(scene.t(f"cap_{key}", **fields), scene.lang)
    return max(base, need - (0 if label_first else style.RUN_FAST) - style.PAUSE)


def _fading_trails(frames: np.ndarray, which: tuple[int, ...], tracker: ValueTracker,
                   color: str, tail: int, width: float = 2.0, pieces: int = 10) -> VGroup:
    """One thin line per point of ``which``: the last ``tail`` steps of its path up to the
    tracker's frame, in ``pieces`` stretches that fade from the point back (older → fainter)."""
    trails = VGroup()
    for j in which:
        trail = VGroup(*(VMobject(stroke_color=color, stroke_width=width,
                                  stroke_opacity=(k + 1) / pieces) for k in range(pieces)))

        def update(group, j=j):
            i = int(round(tracker.get_value()))
            cuts = np.linspace(max(i - tail, 0), i, pieces + 1).round().astype(int)
            for piece, a, b in zip(group, cuts[:-1], cuts[1:]):
                if b > a:
                    piece.set_points_as_corners(frames[a: b + 1, j])
                else:
                    piece.clear_points()

        trail.add_updater(update)
        update(trail)
        trails.add(trail)
    return trails


def _label_spots(anchors: np.ndarray, centre: np.ndarray, sizes: list[tuple[float, float]],
                 keep_out: list[np.ndarray], bounds: np.ndarray, gap: float = 0.2,
                 avoid_axes: bool = True) -> np.ndarray:
    """Where to put a label beside each anchor: the first of 16 directions (starting a sixteenth
    turn off the direction away from ``centre``, so labels miss the axes through it) whose box
    stays inside ``bounds``, off the axes through ``centre`` and clear of ``keep_out`` boxes and
    of the labels already placed. Boxes are (xmin, ymin, xmax, ymax)."""
    placed, spots = [], []

    def free(box):
        if box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2] or box[3] > bounds[3]:
            return False
        if avoid_axes and (box[0] - 0.08 < centre[0] < box[2] + 0.08
                           or box[1] - 0.08 < centre[1] < box[3] + 0.08):
            return False
        return not any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3]
                       for o in keep_out + placed)

    for p, (w, h) in zip(anchors, sizes):
        v = p[:2] - centre[:2]
        base = np.arctan2(v[1], v[0]) if np.hypot(*v) > 1e-6 else np.pi / 4
        turns = [base + np.pi / 8 * k for k in (1, -1, 3, -3, 5, -5, 7, -7, 2, -2, 4, -4, 6, 0)]
        choice = None
        for a in turns:
            u = np.array([np.cos(a), np.sin(a)])
            c = p[:2] + u * (gap + abs(u[0]) * w / 2 + abs(u[1]) * h / 2)
            box = np.array([c[0] - w / 2, c[1] - h / 2, c[0] + w / 2, c[1] + h / 2])
            if choice is None:
                choice = box  # nothing fits: the first direction
            if free(box):
                choice = box
                break
        placed.append(choice)
        spots.append([(choice[0] + choice[2]) / 2, (choice[1] + choice[3]) / 2, 0.0])
    return np.array(spots)


def _shares_at(plane: Axes, points: np.ndarray, shares: np.ndarray, color: str,
               keep_out_radius: float, on_screen: bool = False, avoid_axes: bool = True,
               avoid: tuple = ()) -> VGroup:
    """Each share in percent beside its point on ``plane`` (``points`` in data coordinates,
    or already on screen with ``on_screen``); ``avoid_axes``: keep off the plane's axes."""
    screen = points if on_screen else _to_screen(plane, points)
    labels = [math(f"{100 * v:.1f}" + r"\%", style.MATH_SIZE_SMALL * 0.85, color)  # 12.0\%, not 12\%
              for v in shares]
    r = keep_out_radius
    keep_out = [np.array([q[0] - r, q[1] - r, q[0] + r, q[1] + r]) for q in screen]
    keep_out += [np.concatenate([m.get_corner(DOWN + LEFT)[:2], m.get_corner(UP + RIGHT)[:2]])
                 for m in avoid]
    lo, hi = plane.get_corner(DOWN + LEFT), plane.get_corner(UP + RIGHT)
    spots = _label_spots(screen, np.asarray(plane.c2p(0, 0)), [(m.width, m.height) for m in labels],
                         keep_out, np.array([lo[0], lo[1], hi[0], hi[1]]), avoid_axes=avoid_axes)
    return VGroup(*(m.move_to(spot) for m, spot in zip(labels, spots)))


def _radial_shares(plane: Axes, points: np.ndarray, shares: np.ndarray, color: str,
                   keep_out_radius: float, gap: float = 0.12) -> VGroup:
    """Each share in percent straight outside its own point (``points`` in data coordinates of
    ``plane``), on the ray from the plane's origin through the point, so it cannot be read as
    a neighbour's: as close as it fits clear of every point's ring (``keep_out_radius``) and of
    the labels already placed; a label that would sit on an axis slides along the circle
    (counter-clockwise) just clear of it."""
    centre = np.asarray(plane.c2p(0, 0))[:2]
    screen = _to_screen(plane, np.asarray(points))[:, :2]
    reach = keep_out_radius + gap  # a label's box stays this far from every point
    labels, placed = VGroup(), []

    def spot(p, u, dist, w, h):
        c = p + u * dist
        tangent = np.array([-u[1], u[0]])
        for axis, half in ((1, h / 2), (0, w / 2)):  # the x axis (y = centre), the y axis
            off = c[axis] - centre[axis]
            if abs(off) < half + 0.08:
                side = np.sign(off) if abs(off) > 1e-6 else (np.sign(tangent[axis]) or 1.0)
                c[axis] = centre[axis] + side * (half + 0.08)
        return c

    def free(c, w, h):
        near = [np.hypot(max(abs(c[0] - q[0]) - w / 2, 0), max(abs(c[1] - q[1]) - h / 2, 0))
                for q in screen]
        return min(near) >= reach and not any(
            abs(c[0] - o[0]) < (w + o[2]) / 2 + 0.05 and abs(c[1] - o[1]) < (h + o[3]) / 2 + 0.05
            for o in placed)

    for p, v in zip(screen, shares):
        m = math(f"{100 * v:.1f}" + r"\%", style.MATH_SIZE_SMALL * 0.85, color)
        w, h = m.width, m.height
        d = p - centre
        u = d / np.hypot(*d) if np.hypot(*d) > 1e-6 else np.array([1.0, 0.0])
        dist = 0.0
        while not free(c := spot(p, u, dist, w, h), w, h) and dist < 3.0:
            dist += 0.01
        placed.append((c[0], c[1], w, h))
        labels.add(m.move_to([c[0], c[1], 0.0]))
    return labels


def _stop_updaters(*mobs) -> None:
    for mob in mobs:
        for m in mob.get_family():
            m.clear_updaters()


def _legend_line(color: str) -> VMobject:
    return VMobject(color=color, stroke_width=5).set_points_as_corners([[0, 0, 0], [0.5, 0, 0]])


_fit = partial(fit_width, max_width=5.85)
"""Shrink a panel line to the panel's width if wider (long translations stay on screen): the
panel starts at :data:`X_RIGHT` and ends inside the safe margin."""

PLANE_LABEL_WIDTH = 6.2
"""Widest a label over the left plane may be: centred on it, it stays inside the safe margin."""

X_RIGHT = 0.9
"""Left edge of the text panel right of a plane."""

STEP_TEX = r"x_t = \sqrt{\alpha_t}\, x_{t-1} + \sqrt{\beta_t}\, \varepsilon_t"
CLOSED_TEX = (r"q(x_t \mid x_0) = \mathcal{N}\!\big(\sqrt{\bar\alpha_t}\, x_0,\ "
              r"(1-\bar\alpha_t)\, I\big)")


# ---------------------------------------------------------------- 1. ink drop

RING_SIGMAS = 2
"""The ink drop's ring has radius 2σ(t): it holds most of the particles (86 % of a 2-D
Gaussian), so its growth is the drop's visible spread."""


class DiffusionInkDrop(DLScene):
    """An ink drop spreading in water: particles diffusing, the density widening like the heat kernel."""

    def construct(self) -> None:
        self.play(Write(title(self.t("ink_title"))), run_time=style.RUN)
        self.show_glass()
        self.show_heat_law()
        self.run_clock()
        self.bridge_to_diffusion_models()

    def show_glass(self) -> None:
        th, drop = self.theme, self.data.drop
        axes = _plane(6.0, self.data.half, th.muted).to_edge(LEFT, buff=0.7).shift(DOWN * 0.45)
        self.axes = axes
        glass = Rectangle(width=6.0, height=6.0, stroke_color=th.muted, stroke_width=3,
                          fill_color=th.panel, fill_opacity=1.0).move_to(axes)
        self.cloud, self.frames = _cloud(axes, drop.trajectory, _data_color(th))
        water = label(self.t("water"), style.FONT_SIZE_SMALL, th.muted).next_to(glass, UP, 0.08)
        self.play(FadeIn(glass), FadeIn(water), run_time=style.RUN)
        self.play(FadeIn(self.cloud), run_time=style.RUN)

    def show_heat_law(self) -> None:
        th, p = self.theme, self.params
        pde = math(r"\frac{\partial u}{\partial t} = D\, \nabla^2 u").move_to([X_RIGHT, 2.2, 0],
                                                                                aligned_edge=LEFT)
        law = math(r"\sigma(t)^2 = \sigma_0^2 + 2 D t", style.MATH_SIZE).next_to(
            pde, DOWN, buff=0.35, aligned_edge=LEFT)
        values = math(rf"D = {fmt_num(p.D, 4)},\ \ \sigma_0 = {fmt_num(p.sigma0, 3)}",
                      style.MATH_SIZE_SMALL, th.muted).next_to(law, DOWN, buff=0.3,
                                                               aligned_edge=LEFT)
        self.explain = _fit(label(self.t("ink_rule"), style.FONT_SIZE_SMALL)).next_to(
            values, DOWN, buff=0.35, aligned_edge=LEFT)
        self.play(Write(pde), run_time=style.RUN)
        self.play(FadeIn(self.explain), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("ink_drop")
        self.play(Write(law), FadeIn(values), run_time=style.RUN)
        self.ring = self.spread_ring(0)
        self.play(Create(self.ring), run_time=style.RUN_SLOW)
        self.play(Indicate(self.ring[0], color=th.foreground, scale_factor=1.1), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("ink_law")

    def spread_ring(self, step: int) -> VGroup:
        """A dashed circle of radius :data:`RING_SIGMAS` σ(t) (the heat equation's spread at
        ``step``) around the drop, named at its top right."""
        th = self.theme
        circle = DashedVMobject(Circle(radius=1.0, color=th.highlight, stroke_width=4),
                                num_dashes=40)
        name = math(rf"{RING_SIGMAS}\sigma(t)", style.MATH_SIZE_SMALL, th.highlight)
        name.add_background_rectangle(color=th.panel, opacity=0.85, buff=0.05)  # over the ink
        return self.fit_ring(VGroup(circle, name), step)

    def fit_ring(self, ring: VGroup, step: int) -> VGroup:
        """Resize the ring to the spread at ``step`` and move its name along (not rebuilt:
        a MathTex a frame is slow)."""
        o = np.asarray(self.axes.c2p(0, 0))
        radius = RING_SIGMAS * self.data.drop.std_theory[step] * (self.axes.c2p(1, 0)[0] - o[0])
        ring[0].scale_to_fit_width(2 * radius).move_to(o)
        ring[1].next_to(o + radius * np.array([0.72, 0.72, 0]), UR, buff=0.05)
        return ring

    def run_clock(self) -> None:
        """Stop at each chosen step: the heat kernel's spread beside the particles'."""
        tracker = ValueTracker(0)
        _follow(self.cloud, self.frames, tracker)
        self.ring.add_updater(lambda m: self.fit_ring(m, int(round(tracker.get_value()))))
        self.readout = None
        anchor = np.array([X_RIGHT, self.explain.get_bottom()[1] - 0.35, 0])
        for stop in self.data.stops:
            t, theory, measured = (fmt_num(stop.t, 3), fmt_num(stop.std_theory, 3),
                                   fmt_num(stop.std_measured, 3))
            self.readout = _advance(self, tracker, stop.step, [
                rf"t = {t}", rf"\sigma_{{\text{{theory}}}} = {theory}",
                rf"\sigma_{{\text{{measured}}}} = {measured}"],
                anchor, self.readout, _run_time(self, style.RUN_SLOW * 1.5, "ink_stop",
                                                label_first=True, t=t, theory=theory,
                                                measured=measured),
                label_first=True)
            self.beat("ink_stop", t=t, theory=theory, measured=measured)
        self.cloud.clear_updaters()
        self.ring.clear_updaters()

    def bridge_to_diffusion_models(self) -> None:
        th = self.theme
        bridge = VGroup(_fit(label(self.t("ink_bridge"), style.FONT_SIZE_SMALL, th.highlight)),
                        math(r"x_t = \sqrt{\alpha_t}\, x_{t-1} + \sqrt{\beta_t}\, \varepsilon",
                             style.MATH_SIZE, th.highlight),
                        # a full line's gap under √α_t's subscript, as between the other lines
                        VGroup(math(r"\sqrt{\alpha_t} < 1", style.MATH_SIZE_SMALL),
                               _fit(label(self.t("ink_shrink"), style.FONT_SIZE_SMALL))
                               ).arrange(DOWN, aligned_edge=LEFT, buff=0.3))
        bridge.arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to(
            self.explain.get_corner(UP + LEFT), aligned_edge=LEFT + UP)
        self.play(FadeOut(self.explain), FadeOut(self.readout), FadeIn(bridge[0]),
                  run_time=style.RUN)
        self.play(Write(bridge[1]), run_time=style.RUN_SLOW)
        self.play(FadeIn(bridge[2]), run_time=style.RUN)
        self.wait(style.CONCLUSION_HOLD + style.PAUSE)  # the last picture: held well over 5 s
        self.beat("ink_bridge")


# ---------------------------------------------------------------- 2. forward process in 2-D


def _t_chart(T: int, y_range: list[float], width: float, height: float, color: str,
             **kwargs) -> Axes:
    """Axes over t = 0 … T (ticks at quarters of T)."""
    return Axes(x_range=[0, T, T / 4], y_range=y_range, x_length=width, y_length=height,
                axis_config={"color": color, "include_ticks": True, "tick_size": 0.05},
                tips=False, **kwargs)


class DiffusionForward2D(DLScene):
    """The forward process on 2-D data: 2000 points of two moons dissolving into a Gaussian."""

    def construct(self) -> None:
        self.play(Write(title(self.t("fwd_title"))), run_time=style.RUN)
        self.show_data()
        self.show_formulas()
        self.run_chain()
        self.show_noise_contours()

    def show_data(self) -> None:
        th, p = self.theme, self.params
        self.plane = _left_plane(self.data.half, th.muted)
        self.cloud, self.frames = _cloud(self.plane, self.data.trajectory, _data_color(th))
        self.play(Create(self.plane), run_time=style.RUN_FAST)
        self.play(FadeIn(self.cloud), run_time=style.RUN)
        names = {k: self.t(f"data_{k}") for k in DATASETS}
        self.data_label = fit_width(label(self.t("fwd_data", n=fmt_num(p.n_points),
                                                 name=names[p.dataset]),
                                          style.FONT_SIZE_SMALL, _data_color(th)),
                                    PLANE_LABEL_WIDTH).next_to(self.plane, UP, buff=0.1)
        self.play(FadeIn(self.data_label), run_time=style.RUN_FAST)
        self.beat("fwd_data", n=fmt_num(p.n_points), name=names[p.dataset])

    def show_formulas(self) -> None:
        """Right: the ᾱ_t curve, one step of the chain and its closed form."""
        th, T, d = self.theme, self.params.T, self.data
        sched = _schedule_color(th, "cos" if self.params.schedule == "cosine" else "lin")
        self.chart = _t_chart(T, [0, 1, 0.5], 5.0, 2.2, th.muted).to_edge(RIGHT, buff=0.95
                                                                           ).shift(UP * 1.2)
        graph = curve(self.chart, d.ts, d.alpha_bars, sched)
        chart, small = self.chart, style.MATH_SIZE_SMALL * 0.8
        t_lab = math("t", style.MATH_SIZE_SMALL, th.muted).next_to(chart.x_axis, RIGHT, 0.12)
        t_nums = VGroup(*(math(fmt_num(v), small, th.muted).next_to(chart.c2p(v, 0), DOWN, 0.12)
                          for v in (0, T // 2, T)))
        ab_lab = math(r"\bar\alpha_t", style.MATH_SIZE_SMALL, sched).next_to(
            chart.y_axis, UP, 0.12)
        y_nums = VGroup(*(math(n, small, th.muted).next_to(chart.c2p(0, v), LEFT, 0.15)
                          for n, v in (("0.5", 0.5), ("1", 1))))
        step = math(STEP_TEX, style.MATH_SIZE_SMALL).next_to(chart, DOWN, buff=0.6)
        self.closed = math(CLOSED_TEX, style.MATH_SIZE_SMALL).next_to(step, DOWN,
                                                                                 buff=0.3)
        self.play(Create(chart), Create(graph), FadeIn(t_lab), FadeIn(ab_lab), FadeIn(y_nums),
                  FadeIn(t_nums), run_time=style.RUN)
        self.play(Write(step), run_time=style.RUN)
        self.play(Write(self.closed), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("fwd_formula")

    def run_chain(self) -> None:
        """The cloud runs through the chain; a marker rides the ᾱ_t curve."""
        th, d, chart = self.theme, self.data, self.chart
        tracker = ValueTracker(0)
        _follow(self.cloud, self.frames, tracker)
        marker = Dot(chart.c2p(0, 1), radius=0.08, color=th.highlight)
        marker.add_updater(lambda m: m.move_to(
            chart.c2p(tracker.get_value(), d.alpha_bars[int(round(tracker.get_value()))])))
        self.play(FadeIn(marker), run_time=style.RUN_FAST)
        anchor = np.array([self.closed.get_left()[0], self.closed.get_bottom()[1] - 0.35, 0])
        readout = None
        for stop in d.stops:
            readout = _advance(self, tracker, stop.t, [
                rf"t = {fmt_num(stop.t)}", rf"\bar\alpha_t = {fmt_small(stop.alpha_bar)}",
                rf"\sqrt{{1-\bar\alpha_t}} = {fmt_num(stop.noise_std, 3)}"],
                anchor, readout, _run_time(self, style.RUN_SLOW * 1.4, "fwd_stop",
                                           t=fmt_num(stop.t), ab=fmt_plain(stop.alpha_bar)))
            self.beat("fwd_stop", t=fmt_num(stop.t), ab=fmt_plain(stop.alpha_bar))
        _stop_updaters(self.cloud, marker)

    def show_noise_contours(self) -> None:
        """Contours of N(0, I) at one and two standard deviations."""
        th, plane = self.theme, self.plane
        unit = plane.c2p(1, 0)[0] - plane.c2p(0, 0)[0]
        rings = VGroup(*(Circle(radius=r * unit, color=_noise_color(th), stroke_width=5).move_to(
            plane.c2p(0, 0)) for r in (1, 2)))
        normal = math(r"\mathcal{N}(0, I):\ 1\sigma,\ 2\sigma", style.MATH_SIZE_SMALL,
                      _noise_color(th)).next_to(plane, DOWN, buff=0.1)
        self.add_foreground_mobjects(rings)
        self.play(Create(rings), Write(normal), run_time=style.RUN)
        end = label(self.t("fwd_end"), style.FONT_SIZE_SMALL, th.highlight).next_to(
            plane, UP, buff=0.1)
        self.play(ReplacementTransform(self.data_label, end), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("fwd_end")


# ---------------------------------------------------------------- 3. exact 1-D marginals


class DiffusionMarginals1D(DLScene):
    """The exact density p_t(x) of 1-D mixture data morphing into N(0, 1) as t grows."""

    def construct(self) -> None:
        self.play(Write(title(self.t("marg_title"))), run_time=style.RUN)
        self.show_axes()
        self.show_data_density()
        self.show_marginal_formula()
        self.run_clock()
        self.conclude()

    def show_axes(self) -> None:
        th, d = self.theme, self.data
        lo, hi = d.xs[0], d.xs[-1]
        self.axes = Axes(x_range=[lo, hi, 1], y_range=[0, d.y_top, 0.5], x_length=6.8,
                         y_length=4.6,
                         axis_config={"color": th.muted, "include_ticks": True, "tick_size": 0.05},
                         x_axis_config={"numbers_to_include": list(range(int(lo), int(hi) + 1, 2)),
                                        "font_size": 24},
                         tips=False).to_edge(LEFT, buff=0.6).shift(DOWN * 0.6)
        x_lab = math("x", style.MATH_SIZE_SMALL, th.muted).next_to(self.axes.x_axis, RIGHT, 0.1)
        self.play(Create(self.axes), FadeIn(x_lab), run_time=style.RUN)

    def show_data_density(self) -> None:
        th, p, d = self.theme, self.params, self.data
        self.curve = curve(self.axes, d.xs, d.densities[0], _data_color(th), width=5)
        mix_tex = math(r"p_0(x) = \sum_k \pi_k\, \mathcal{N}(x;\ \mu_k,\ \sigma_k^2)",
                       style.MATH_SIZE_SMALL, _data_color(th))
        lines = VGroup(*(math(rf"\pi = {fmt_num(w, 3)},\ \mu = {fmt_num(m, 3)},\ "
                              rf"\sigma^2 = {fmt_num(v, 3)}", style.MATH_SIZE_SMALL,
                              _data_color(th))
                         for w, m, v in zip(p.weights, p.means, p.variances)))
        self.right = VGroup(mix_tex, lines.arrange(DOWN, aligned_edge=LEFT, buff=0.12))
        self.right.arrange(DOWN, aligned_edge=LEFT, buff=0.25).move_to(
            [self.axes.get_right()[0] + 0.45, 2.75, 0], aligned_edge=LEFT + UP)
        self.play(Create(self.curve), run_time=style.RUN_SLOW)
        self.play(Write(mix_tex), FadeIn(lines), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("marg_data", k=fmt_num(len(p.weights)))

    def show_marginal_formula(self) -> None:
        th, d = self.theme, self.data
        self.pt = VGroup(
            math(r"p_t(x) = \sum_k \pi_k\, \mathcal{N}\big(x;\ m_k(t),\ s_k^2(t)\big)",
                 style.MATH_SIZE_SMALL),
            math(r"m_k = \sqrt{\bar\alpha_t}\,\mu_k,\quad "
                 r"s_k^2 = \bar\alpha_t \sigma_k^2 + 1 - \bar\alpha_t",
                 style.MATH_SIZE_SMALL))
        self.pt.arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(self.right, DOWN, buff=0.45,
                                                                   aligned_edge=LEFT)
        ref = DashedVMobject(curve(self.axes, d.xs, d.std_normal, _noise_color(th), width=3)[0],
                             num_dashes=60)
        ref_lab = VGroup(DashedVMobject(_legend_line(_noise_color(th)), num_dashes=4),
                         math(r"\mathcal{N}(0, 1)", style.MATH_SIZE_SMALL, _noise_color(th))
                         ).arrange(RIGHT, buff=0.15)
        ref_lab.next_to(self.axes, UP, buff=0.15, aligned_edge=LEFT).shift(RIGHT * 0.3)
        self.play(Write(self.pt), run_time=style.RUN_SLOW * 1.2)
        self.play(Create(ref), FadeIn(ref_lab), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("marg_formula")

    def run_clock(self) -> None:
        """The curve morphs through p_t; the clock stops at each chosen t."""
        d, line = self.data, self.curve[0]
        tracker = ValueTracker(0)
        line.add_updater(lambda m: m.set_points_as_corners(_to_screen(
            self.axes, np.column_stack([d.xs, d.densities[int(round(tracker.get_value()))]]))))
        anchor = np.array([self.pt.get_left()[0], self.pt.get_bottom()[1] - 0.4, 0])
        self.readout = None
        for stop in d.stops:
            self.readout = _advance(self, tracker, stop.t, [
                rf"t = {fmt_num(stop.t)}", rf"\bar\alpha_t = {fmt_small(stop.alpha_bar)}"],
                anchor, self.readout, _run_time(self, style.RUN_SLOW, "marg_stop",
                                                label_first=True, t=fmt_num(stop.t),
                                                ab=fmt_plain(stop.alpha_bar)),
                label_first=True)
            self.beat("marg_stop", t=fmt_num(stop.t), ab=fmt_plain(stop.alpha_bar))
        line.clear_updaters()

    def conclude(self) -> None:
        end = label(self.t("marg_end"), style.FONT_SIZE_SMALL, self.theme.highlight).next_to(
            self.readout, DOWN, buff=0.35, aligned_edge=LEFT)
        # a colour flash only: a scaled curve would leave its axes and run into the takeaway
        self.play(FadeIn(end), Indicate(self.curve, color=self.theme.highlight, scale_factor=1),
                  run_time=style.RUN)
        self.wait(style.CONCLUSION_HOLD + style.PAUSE)  # the takeaway: fully shown well over 5 s
        self.beat("marg_end")


# ---------------------------------------------------------------- 4. schedules


class DiffusionSchedules(DLScene):
    """Linear vs cosine noise schedules: ᾱ_t, the noise per step β_t, and the same image under both."""

    KEYS = ("lin", "cos")

    def construct(self) -> None:
        self.heading = title(self.t("sched_title"))
        self.play(Write(self.heading), run_time=style.RUN)
        self.colors = {k: _schedule_color(self.theme, k) for k in self.KEYS}
        self.panels = {"lin": self.data.linear, "cos": self.data.cosine}
        self.draw_charts()
        self.draw_schedules()
        self.compare_at_one_step()
        self.show_images()

    def draw_charts(self) -> None:
        th, T, top = self.theme, self.params.T, self.params.beta_top
        num_cfg = {"color": th.muted}
        self.ab_ax = _t_chart(T, [0, 1, 0.5], 5.6, 3.2, th.muted, y_axis_config={
            "numbers_to_include": [0.5, 1], "font_size": 24,
            "decimal_number_config": {"num_decimal_places": 1, **num_cfg}}).move_to([-3.3, 0.0, 0])
        self.b_ax = _t_chart(T, [0, top, top / 4], 5.6, 3.2, th.muted, y_axis_config={
            "numbers_to_include": [top / 2, top], "font_size": 24,
            "decimal_number_config": {"num_decimal_places": 2, **num_cfg}}).move_to([3.6, 0.0, 0])
        axes = (self.ab_ax, self.b_ax)
        self.labels = VGroup(
            # at the y-axes' tops, clear of the legend (long in Korean) under the title; β_t
            # inside its chart, where both β_t stay low until the very end
            math(r"\bar\alpha_t", style.MATH_SIZE_SMALL).next_to(self.ab_ax.y_axis, UP, buff=0.12),
            math(r"\beta_t", style.MATH_SIZE_SMALL).next_to(self.b_ax.c2p(0, top), RIGHT,
                                                           buff=0.2),
            *(math("t", style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(a.x_axis, DOWN, 0.1,
                                                                       aligned_edge=RIGHT)
              for a in axes),
            *(math(fmt_num(T), style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(
                a.c2p(T, 0), DOWN, 0.1).shift(LEFT * 0.45) for a in axes))
        self.play(Create(self.ab_ax), Create(self.b_ax), FadeIn(self.labels), run_time=style.RUN)

    def draw_schedules(self) -> None:
        """Each schedule's ᾱ_t and β_t, with its defining formula below."""
        ts = self.data.ts
        self.curves = {k: VGroup(curve(self.ab_ax, ts, pan.alpha_bars, self.colors[k]),
                                 curve(self.b_ax, pan.beta_ts, pan.betas_shown, self.colors[k]))
                       for k, pan in self.panels.items()}
        self.legend = VGroup(*(VGroup(_legend_line(self.colors[k]),
                                      label(self.t(f"sched_{k}"), style.FONT_SIZE_SMALL,
                                            self.colors[k])).arrange(RIGHT, buff=0.15)
                               for k in self.KEYS))
        self.legend.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(self.heading, DOWN,
                                                                        buff=0.25)
        formulas = {"lin": r"\beta_t = \beta_1 + \tfrac{t-1}{T-1}(\beta_T - \beta_1)",
                    "cos": r"\bar\alpha_t = \frac{f(t)}{f(0)},\ f(t) = \cos^2\!\Big("
                           r"\frac{t/T + s}{1+s}\cdot\frac{\pi}{2}\Big)"}
        self.overflow = VGroup()
        for i, key in enumerate(self.KEYS):
            eq = math(formulas[key], style.MATH_SIZE_SMALL, self.colors[key]).move_to([0, -2.55, 0])
            off = self.off_chart(key)
            self.overflow.add(off)
            self.play(Create(self.curves[key]), FadeIn(self.legend[i]), Write(eq), FadeIn(off),
                      run_time=style.RUN_SLOW)
            self.wait(style.READ)
            self.play(FadeOut(eq), run_time=style.RUN_FAST)
            self.beat(f"sched_{key}")

    def off_chart(self, key: str) -> VGroup:
        """Where a schedule's β_t leaves the top of its chart: an arrow up from the exit and
        the value it climbs to, β_T (empty when the whole curve is on the chart)."""
        pan, top, T = self.panels[key], self.params.beta_top, self.params.T
        if len(pan.beta_ts) == T:
            return VGroup()
        base = np.asarray(self.b_ax.c2p(pan.beta_ts[-1], top))
        arrow = Arrow(base, base + UP * 0.55, buff=0, color=self.colors[key], stroke_width=4,
                      max_tip_length_to_length_ratio=0.35)
        value = math(rf"\beta_T = {fmt_num(pan.beta_T, 3)}", style.MATH_SIZE_SMALL,
                     self.colors[key])
        return VGroup(arrow, value.next_to(arrow.get_end(), LEFT, buff=0.12))

    def compare_at_one_step(self) -> None:
        th, t, lin, cos = self.theme, self.params.compare_t, self.data.linear, self.data.cosine
        self.marks = VGroup(*(Dot(self.ab_ax.c2p(t, pan.alpha_bar_compare), radius=0.08,
                                  color=th.highlight) for pan in (lin, cos)))
        self.read = math(rf"t = {fmt_num(t)}:\ \ \bar\alpha_t^{{\text{{lin}}}} = "
                         rf"{fmt_small(lin.alpha_bar_compare)},\ \ \bar\alpha_t^{{\text{{cos}}}} = "
                         rf"{fmt_small(cos.alpha_bar_compare)}", style.MATH_SIZE_SMALL,
                         th.highlight).move_to([0, -2.45, 0])
        self.clip = math(rf"\beta_T^{{\text{{cos}}}} = {fmt_num(cos.beta_T, 3)},\ \ "
                         rf"\beta_T^{{\text{{lin}}}} = {fmt_num(lin.beta_T, 3)}",
                         style.MATH_SIZE_SMALL, th.foreground).next_to(self.read, DOWN, buff=0.2)
        self.play(FadeIn(self.marks), Write(self.read), run_time=style.RUN)
        self.play(FadeIn(self.clip), run_time=style.RUN_FAST)
        self.wait(style.READ)
        self.beat("sched_compare", t=fmt_num(t), lin=fmt_plain(lin.alpha_bar_compare),
                  cos=fmt_plain(cos.alpha_bar_compare))

    def show_images(self) -> None:
        """The same image, the same noise ε, at equal t under both schedules."""
        th, image_ts = self.theme, self.params.image_ts
        self.play(FadeOut(VGroup(self.ab_ax, self.b_ax, self.labels, *self.curves.values(),
                                 self.overflow, self.marks, self.read, self.clip)),
                  run_time=style.RUN)
        rows = Group(*(_image_row(pan.images, [[rf"\bar\alpha_t = {fmt_small(a)}"]
                                               for a in pan.image_alpha_bars],
                                  1.45, 0.55, th.muted, self.colors[k])
                       for k, pan in self.panels.items()))
        rows.arrange(DOWN, buff=0.35).move_to([0.55, -0.55, 0])
        for row in rows:  # columns aligned: frames centred on the same x in both rows
            _place_row(row, 0.55, row[0][1].get_top()[1])
        t_heads = VGroup(*(math(f"t = {fmt_num(t)}", style.MATH_SIZE_SMALL * 0.85,
                                th.foreground).next_to(cell[1], UP, buff=0.12)
                           for t, cell in zip(image_ts, rows[0])))
        row_names = VGroup(*(label(self.t(f"sched_{k}_short"), style.FONT_SIZE_SMALL,
                                   self.colors[k]).next_to(row[0], LEFT, buff=0.3)
                             for k, row in zip(self.KEYS, rows)))
        # "(same x_0, ε)": the word from the catalogue, set on the formula's baseline
        formula = math(r"x_t = \sqrt{\bar\alpha_t}\, x_0 + \sqrt{1-\bar\alpha_t}\, \varepsilon"
                       r"\quad (", style.MATH_SIZE_SMALL)
        word = label(self.t("sched_same"), style.FONT_SIZE_SMALL)
        rest = math(r"x_0,\ \varepsilon)", style.MATH_SIZE_SMALL)
        same = VGroup(formula, word, rest).arrange(RIGHT, buff=0.1)
        word.align_to(rest[0][0], DOWN)  # rest[0][0]: the x, sitting on the baseline
        same.next_to(self.heading, DOWN, buff=0.25)  # where the legend was
        self.play(FadeOut(self.legend), FadeIn(same), run_time=style.RUN_FAST)
        self.play(FadeIn(t_heads), FadeIn(row_names[0]), FadeIn(rows[0]), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.play(FadeIn(row_names[1]), FadeIn(rows[1]), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("sched_images")


# ---------------------------------------------------------------- 5. image noising


class DiffusionImageNoising(DLScene):
    """A small image noised by the forward chain, shown at t = 0, 100, 200, 300, 400 and T = 1000."""

    def construct(self) -> None:
        self.show_step_formula()
        self.show_images()
        self.conclude()

    def show_step_formula(self) -> None:
        heading = title(self.t("img_title"))
        self.play(Write(heading), run_time=style.RUN)
        step = math(STEP_TEX, style.MATH_SIZE).next_to(heading, DOWN, buff=0.4)
        x0 = self.data.x0
        pixels = label(self.t("img_pixels", size=fmt_num(x0.shape[0]), d=fmt_num(x0.size)),
                       style.FONT_SIZE_SMALL, self.theme.muted).next_to(step, DOWN, buff=0.2)
        self.play(Write(step), FadeIn(pixels), run_time=style.RUN)

    def show_images(self) -> None:
        d, image_ts = self.data, self.params.image_ts
        caps = [[f"t = {fmt_num(t)}", rf"\bar\alpha_t = {fmt_small(a)}"]
                for t, a in zip(image_ts, d.alpha_bars)]
        row = _image_row(d.images, caps, 1.85, 0.4, self.theme.muted,
                         self.theme.foreground).move_to([0, -0.35, 0])
        _place_row(row, 0.0, row[0][1].get_top()[1])
        self.scaling = VGroup()
        for i, (t, a, cell) in enumerate(zip(image_ts, d.alpha_bars, row)):
            self.play(FadeIn(cell), run_time=style.RUN_SLOW)
            self.wait(style.PAUSE * 1.2)
            self.beat("img_step", t=fmt_num(t), ab=fmt_plain(a))
            if i == 0 and t == 0:  # the clean image: how its pixels became numbers in [-1, 1]
                self.show_scaling(cell[0])

    def show_scaling(self, pic: ImageMobject) -> None:
        """The notes' 0 … 255 pixels and this scene's [-1, 1]: x = 2p/255 − 1, spelled out for
        black, white and one grey pixel of the glyph's edge (circled on the image)."""
        th, d = self.theme, self.data
        (r, c), (h, w) = d.example, d.x0.shape
        side = pic.width / w
        spot = pic.get_center() + np.array([(c - (w - 1) / 2) * side, ((h - 1) / 2 - r) * side, 0])
        ring = Circle(radius=0.16, color=th.highlight, stroke_width=5).move_to(spot)
        parts = [r"x = \frac{2p}{255} - 1:", r"\quad p = 0 \mapsto -1,\quad p = 255 \mapsto 1,",
                 rf"\quad p = {d.example_p} \mapsto x = {fmt_num(d.example_x, 3)}"]
        tex = MathTex(*parts, font_size=style.MATH_SIZE_SMALL).move_to([0, -2.6, 0])
        tex[2].set_color(th.highlight)
        self.play(Write(tex[:2]), run_time=style.RUN_SLOW)
        self.play(Create(ring), run_time=style.RUN)
        self.play(ReplacementTransform(ring.copy(), tex[2]), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("img_scale", p=d.example_p, x=fmt_num(d.example_x, 3))
        self.scaling = VGroup(tex, ring)  # the circled pixel stays with its numbers

    def conclude(self) -> None:
        th = self.theme
        closed = math(CLOSED_TEX, style.MATH_SIZE_SMALL).to_edge(DOWN, buff=1.05)
        end = label(self.t("img_end", T=fmt_num(self.params.T)), style.FONT_SIZE_BODY,
                    th.highlight).to_edge(DOWN, buff=0.4)
        self.play(FadeOut(self.scaling), Write(closed), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.play(FadeIn(end), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("img_end")


# ---------------------------------------------------------------- 6. the exact reverse process


def _result_readout(scene: DLScene, first: str, key: str, anchor: np.ndarray) -> VGroup:
    """A result formula at ``anchor`` and, under it, the note ``key`` saying what the
    percentages beside the points are."""
    line = _readout([first], anchor, scene.theme.foreground)
    note = _fit(label(scene.t(key), style.FONT_SIZE_SMALL, _sample_color(scene.theme)))
    return VGroup(line, note.next_to(line, DOWN, buff=0.2, aligned_edge=LEFT))


TRAIL_WIDTH = 2.0
"""Stroke of the one traced path: thin, so the cloud stays visible under it."""


class DiffusionReverse(DLScene):
    """The reverse process with the exact denoiser: noise flows back onto 8 Gaussians (DDPM, then DDIM)."""

    def construct(self) -> None:
        self.play(Write(title(self.t("rev_title"))), run_time=style.RUN)
        self.show_modes()
        self.show_denoiser()
        self.start_from_noise()
        self.run_ddpm()
        self.show_result(self.data.ddpm, "rev_ddpm_result")
        self.restart_with_ddim()
        self.run_ddim()
        self.show_result(self.data.ddim, "rev_ddim_result",
                         steps=fmt_num(self.params.ddim_steps))

    def show_modes(self) -> None:
        th, p = self.theme, self.params
        self.plane = _left_plane(self.data.half, th.muted).shift(DOWN * 0.2)  # room for 2 lines
        self.modes = VGroup(*(Circle(radius=0.14, color=_data_color(th), stroke_width=3).move_to(pt)
                              for pt in _to_screen(self.plane, self.data.mixture.means)))
        modes_label = VGroup(label(self.t("rev_modes"), style.FONT_SIZE_SMALL, _data_color(th)),
                             math(rf"r = {fmt_num(p.radius, 3)},\ \sigma = {fmt_num(p.sigma, 3)}",
                                  style.MATH_SIZE_SMALL * 0.85, _data_color(th)))
        modes_label.arrange(DOWN, buff=0.1).next_to(self.plane, UP, buff=0.1)
        self.play(Create(self.plane), run_time=style.RUN_FAST)
        self.play(Create(self.modes), FadeIn(modes_label), run_time=style.RUN)

    def show_denoiser(self) -> None:
        th = self.theme
        den_tex = VGroup(
            math(r"\hat x_0(x_t) = \mathbb{E}[x_0 \mid x_t]", style.MATH_SIZE_SMALL,
                 _sample_color(th)),
            _fit(label(self.t("rev_exact"), style.FONT_SIZE_SMALL)))
        den_tex.arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to([X_RIGHT, 2.75, 0],
                                                                    aligned_edge=LEFT + UP)
        self.ddpm_tex = VGroup(
            _fit(label(self.t("rev_ddpm", T=fmt_num(self.params.T)), style.FONT_SIZE_SMALL)),
            math(r"x_{t-1} = \tilde\mu_t(\hat x_0, x_t) + \sqrt{\tilde\beta_t}\, z",
                 style.MATH_SIZE_SMALL))
        self.ddpm_tex.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(
            den_tex, DOWN, buff=0.35, aligned_edge=LEFT)
        self.anchor = np.array([X_RIGHT, self.ddpm_tex.get_bottom()[1] - 0.35, 0])
        self.play(Write(den_tex[0]), run_time=style.RUN)
        self.play(FadeIn(den_tex[1]), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("rev_denoiser")

    def start_from_noise(self) -> None:
        self.cloud, self.frames = _cloud(self.plane, self.data.ddpm.run.trajectory,
                                         _sample_color(self.theme))
        self.play(FadeIn(self.cloud), FadeIn(self.ddpm_tex), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("rev_start", n=fmt_num(self.params.n_points))

    def run_ddpm(self) -> None:
        """DDPM from t = T, pausing at each chosen t; one point trails a fading path (its
        last quarter of the steps)."""
        run = self.data.ddpm.run
        tracker = ValueTracker(0)
        _follow(self.cloud, self.frames, tracker)
        self.trail = _fading_trails(self.frames, self.params.traced, tracker,
                                    self.theme.highlight, tail=max(self.params.T // 4, 1),
                                    width=TRAIL_WIDTH)
        self.add(self.trail)
        self.readout = None
        for i in self.data.stop_frames:
            t = fmt_num(int(run.ts[i]))
            self.readout = _advance(self, tracker, i, [rf"t = {t}"], self.anchor, self.readout,
                                    _run_time(self, style.RUN_SLOW * 1.5, "rev_stop", t=t))
            self.beat("rev_stop", t=t)
        _stop_updaters(self.cloud, self.trail)

    def show_result(self, sampler, key: str, **caption: str) -> None:
        """Mean radius of the samples, and beside each mode the share of samples nearest to
        it (``caption``: more fields of the beat's caption)."""
        th = self.theme
        r = fmt_num(sampler.mean_radius, 3)
        self.result = _result_readout(self, rf"\bar r = {r}\ \ (r = {fmt_num(self.params.radius, 3)})",
                                      "rev_shares", self.anchor)
        self.shares = _radial_shares(self.plane, self.data.mixture.means, sampler.shares,
                                     _sample_color(th), keep_out_radius=self.modes[0].radius)
        self.play(ReplacementTransform(self.readout, self.result[0]), FadeIn(self.result[1]),
                  FadeOut(self.trail), run_time=style.RUN)
        self.readout = self.result[0]
        self.play(LaggedStart(*(FadeIn(m, scale=0.6) for m in self.shares), lag_ratio=0.15),
                  run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat(key, r=r, **caption)

    def restart_with_ddim(self) -> None:
        """DDIM from the very same starting noise."""
        ddim_tex = VGroup(
            _fit(label(self.t("rev_ddim", steps=fmt_num(self.params.ddim_steps)),
                       style.FONT_SIZE_SMALL)),
            math(r"x_s = \sqrt{\bar\alpha_s}\, \hat x_0 + \sqrt{1-\bar\alpha_s}\, "
                 r"\hat\varepsilon", style.MATH_SIZE_SMALL))
        ddim_tex.arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to(self.ddpm_tex,
                                                                     aligned_edge=LEFT + UP)
        self.dframes = _to_screen(self.plane, self.data.ddim.run.trajectory)
        self.play(FadeOut(self.result), FadeOut(self.shares), FadeOut(self.cloud),
                  ReplacementTransform(self.ddpm_tex, ddim_tex), run_time=style.RUN)
        self.readout = None
        self.cloud.points = self.dframes[0]
        self.play(FadeIn(self.cloud), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat("rev_ddim_start")

    def run_ddim(self) -> None:
        """DDIM's few deterministic steps; the same point trails its whole (smooth) path."""
        tracker = ValueTracker(0)
        _follow(self.cloud, self.dframes, tracker)
        self.trail = _fading_trails(self.dframes, self.params.traced, tracker,
                                    self.theme.highlight, tail=self.params.ddim_steps,
                                    width=TRAIL_WIDTH)
        self.add(self.trail)
        self.play(tracker.animate.set_value(self.params.ddim_steps), run_time=style.RUN_SLOW * 3,
                  rate_func=linear)
        _stop_updaters(self.cloud, self.trail)
        self.readout = _readout([rf"t = 0"], self.anchor, self.theme.foreground)
        self.play(FadeIn(self.readout), run_time=style.RUN_FAST)


# ---------------------------------------------------------------- 7. memorisation


ZOOM_SPAN = 4.0
"""Screen units the training points span after the zoom (the plane is 5.6 wide: room is
left around them for the shares)."""
LANDED_RADIUS = 0.085
"""Radius of the filled disc marking where samples landed at t = 0: inside its training
point's ring (0.13 units), so the ring stays visible around it."""
PILE_RADIUS = 0.3
"""Screen radius of the disc on the training point that received the most samples (the
others scale by area with their share)."""


class DiffusionMemorisation(DLScene):
    """With a 5-point data set, the exact reverse process returns only training points (memorisation)."""

    def construct(self) -> None:
        self.play(Write(title(self.t("mem_title", m=fmt_num(self.params.m)))), run_time=style.RUN)
        self.show_training_points()
        self.show_denoiser()
        self.run_ddpm()
        self.show_result()
        self.conclude()

    def show_training_points(self) -> None:
        th = self.theme
        self.plane = _left_plane(self.data.half, th.muted)
        self.screen = _to_screen(self.plane, self.data.data)
        self.dots = VGroup(*(Circle(radius=0.13, color=_data_color(th), stroke_width=4).move_to(pt)
                             for pt in self.screen))
        data_label = label(self.t("mem_data", m=fmt_num(self.params.m)), style.FONT_SIZE_SMALL,
                           _data_color(th)).next_to(self.plane, UP, buff=0.1)
        self.play(Create(self.plane), run_time=style.RUN_FAST)
        self.play(FadeIn(self.dots), FadeIn(data_label), run_time=style.RUN)

    def show_denoiser(self) -> None:
        th = self.theme
        self.formula = VGroup(
            math(r"\hat x_0(x_t) = \sum_{i=1}^{m} w_i(x_t)\, y_i", style.MATH_SIZE_SMALL,
                 _sample_color(th)),
            math(r"w_i = \operatorname{softmax}_i\!\Big(-\frac{\lVert x_t - \sqrt{\bar\alpha_t}"
                 r"\, y_i\rVert^2}{2(1-\bar\alpha_t)}\Big)", style.MATH_SIZE_SMALL,
                 _sample_color(th)))
        self.formula.arrange(DOWN, aligned_edge=LEFT, buff=0.25).move_to(
            [X_RIGHT, 2.75, 0], aligned_edge=LEFT + UP)
        self.play(Write(self.formula), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("mem_denoiser")

    def run_ddpm(self) -> None:
        run = self.data.run
        self.cloud, frames = _cloud(self.plane, run.trajectory, _sample_color(self.theme))
        self.add_foreground_mobjects(self.dots)
        self.play(FadeIn(self.cloud), run_time=style.RUN)
        tracker = ValueTracker(0)
        _follow(self.cloud, frames, tracker)
        self.anchor = np.array([X_RIGHT, self.formula.get_bottom()[1] - 0.4, 0])
        self.readout = None
        for i in self.data.stop_frames:
            t = fmt_num(int(run.ts[i]))
            # t = 0: the samples have landed, their discs show from that very frame
            self.readout = _advance(self, tracker, i, [rf"t = {t}"], self.anchor, self.readout,
                                    _run_time(self, style.RUN_SLOW * 1.5, "mem_stop", t=t),
                                    on_arrival=self.land if i == len(frames) - 1 else None)
            self.beat("mem_stop", t=t)
        self.cloud.clear_updaters()

    def land(self) -> None:
        """At t = 0 the samples sit on the training points, hidden under the rings drawn over
        the noise: a filled disc of the samples' colour over each point that received samples
        (drawn above its ring) shows where they landed, from the first frame at t = 0."""
        self.landed = VGroup(*(Dot(pt, radius=LANDED_RADIUS, color=_sample_color(self.theme),
                                   fill_opacity=1.0 if v > 0 else 0.0)
                               for pt, v in zip(self.screen, self.data.shares)))
        self.cloud.clear_updaters()
        self.add_foreground_mobjects(self.landed)  # after the rings: drawn over them

    def zoom_in(self) -> None:
        """The samples now sit on the training points, which crowd the middle of a plane sized
        for the starting noise: drop the axes and magnify the data (rings keep their size) so
        each point has room for its pile and its share."""
        pts = self.screen[:, :2]
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        k = ZOOM_SPAN / max(float(np.max(hi - lo)), 1e-9)
        mid = np.append((lo + hi) / 2, 0.0)
        target = np.asarray(self.plane.get_center())
        self.screen = target + k * (self.screen - mid)
        zoom = label(self.t("mem_zoom", k=fmt_num(k, 1)), style.FONT_SIZE_SMALL,
                     self.theme.muted).next_to(self.plane, DOWN, buff=0.05)
        self.zoom_note = zoom
        self.play(FadeOut(self.plane),
                  self.cloud.animate.scale(k, about_point=mid).shift(target - mid),
                  *(ring.animate.move_to(p) for ring, p in zip(self.dots, self.screen)),
                  *(disc.animate.move_to(p) for disc, p in zip(self.landed, self.screen)),
                  FadeIn(zoom), run_time=style.RUN)

    def piles(self) -> VGroup:
        """A disc on each training point, its area in proportion to the share of samples that
        landed there (no two discs touch)."""
        d = self.data
        gaps = np.linalg.norm(self.screen[:, None, :2] - self.screen[None, :, :2], axis=2)
        closest = np.min(gaps + np.eye(len(gaps)) * 1e9)
        big = min(PILE_RADIUS, 0.45 * closest)
        top = max(float(d.shares.max()), 1e-12)
        return VGroup(*(Circle(radius=max(big * np.sqrt(v / top), 0.02), stroke_width=0,
                               fill_color=_sample_color(self.theme), fill_opacity=0.55
                               ).move_to(pt) for v, pt in zip(d.shares, self.screen)))

    def show_result(self) -> None:
        """The worst sample's distance to the training set; on each point, a pile as big as its
        share of the samples and the share beside it."""
        d = self.data
        self.result = _result_readout(
            self, r"\max_n \min_i \lVert x_0^{(n)} - y_i \rVert = " + fmt_sci(d.max_distance),
            "mem_shares", self.anchor)
        self.play(ReplacementTransform(self.readout, self.result[0]), run_time=style.RUN)
        self.zoom_in()
        piles = self.piles()
        self.shares = _shares_at(self.plane, self.screen, d.shares, _sample_color(self.theme),
                                 keep_out_radius=max(PILE_RADIUS, 0.13) + 0.02, on_screen=True,
                                 avoid_axes=False, avoid=(self.zoom_note,))
        self.play(LaggedStart(*(GrowFromCenter(p) for p in piles), lag_ratio=0.2),
                  FadeIn(self.result[1]), run_time=style.RUN_SLOW)
        self.play(LaggedStart(*(FadeIn(m, scale=0.6) for m in self.shares), lag_ratio=0.15),
                  run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("mem_result", n=fmt_num(self.params.n_points),
                  d=fmt_plain(d.max_distance))

    def conclude(self) -> None:
        lesson = _fit(label(self.t("mem_lesson"), style.FONT_SIZE_SMALL, self.theme.highlight)
                      ).next_to(self.result, DOWN, buff=0.4, aligned_edge=LEFT)
        self.play(FadeIn(lesson), run_time=style.RUN)
        self.wait(style.READ * 2)  # the scene's conclusion: on screen well over 5 s
        self.beat("mem_lesson")
