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
    RIGHT,
    UP,
    UR,
    Axes,
    Circle,
    Create,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    ManimColor,
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


def fmt_plain(value: float, digits: int = 3) -> str:
    """A number for a caption (plain text): ``0.368``, or ``4.04×10^-5`` when tiny."""
    v = float(value)
    if v == 0 or abs(v) >= 10 ** -digits:
        return fmt_num(v, digits)
    mant, exp = _mantissa_exponent(v, 2)
    return f"{mant}×10^{exp}"


def _percentages(shares: np.ndarray) -> str:
    """``12.3\\%,\\ 12.6\\%, …`` for MathTex (the lesson's fractions, in percent)."""
    return r",\ ".join(fmt_num(100 * v, 1) + r"\%" for v in shares)


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


def _pixels(img: np.ndarray, width: float) -> VGroup:
    """A [-1, 1] grey image (DDPM's pixel scale) drawn as squares, 8-bit grey levels.

    One VMobject per grey level holds all pixels of that level as separate square
    subpaths (a few hundred mobjects instead of one per pixel). Values outside [-1, 1]
    (noisy images) are clipped to black/white for display, as any image viewer does.
    (Not ImageMobject: manim 0.21's camera fails on it with Pillow 13.)
    """
    h, w = img.shape
    side = width / w
    level = np.round(np.clip((img + 1.0) / 2.0, 0.0, 1.0) * 255).astype(int)
    jj, ii = np.meshgrid(np.arange(w), np.arange(h))
    cx, cy = (jj - (w - 1) / 2) * side, ((h - 1) / 2 - ii) * side
    offsets = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]]) * (side / 2)
    grid = VGroup()
    for v in np.unique(level):
        mask = level == v
        corners = np.column_stack([cx[mask], cy[mask]])[:, None, :] + offsets[None]  # (m, 5, 2)
        a, b = corners[:, :-1], corners[:, 1:]                                      # 4 edges
        curves = np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], axis=2)     # straight cubics
        pts = curves.reshape(-1, 2)
        mob = VMobject(stroke_width=0, fill_color=ManimColor.from_rgb((v / 255,) * 3),
                       fill_opacity=1.0)
        mob.set_points(np.column_stack([pts, np.zeros(len(pts))]))
        grid.add(mob)
    return grid


def _image_row(images, captions: list[list[str]], width: float,
               gap: float, frame_color: str, caption_color: str) -> VGroup:
    """Images side by side (framed), each with MathTex lines under it.

    The frames sit at a fixed pitch centred on x = 0 (captions of different widths do not
    shift them), so two rows built alike keep their columns aligned.
    """
    cells = VGroup()
    pitch, n = width + gap, len(captions)
    for i, (img, lines) in enumerate(zip(images, captions)):
        pic = _pixels(img, width).move_to([(i - (n - 1) / 2) * pitch, 0, 0])
        box = Rectangle(width=width, height=width, stroke_color=frame_color,
                        stroke_width=2).move_to(pic)
        text = VGroup(*(math(s, style.MATH_SIZE_SMALL * 0.8, caption_color) for s in lines))
        text.arrange(DOWN, buff=0.1).next_to(box, DOWN, buff=0.15)
        cells.add(VGroup(pic, box, text))
    return cells


def _place_row(row: VGroup, x: float, top: float) -> VGroup:
    """Move an image row so its frames are centred on ``x`` with their tops at ``top``."""
    boxes = VGroup(*(cell[1] for cell in row))
    return row.shift([x - boxes.get_center()[0], top - boxes.get_top()[1], 0])


def _readout(lines: list[str], anchor: np.ndarray, color: str) -> VGroup:
    """Formulas stacked under each other, left-aligned at ``anchor``."""
    group = VGroup(*(math(s, style.MATH_SIZE_SMALL, color) for s in lines))
    group.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
    return group.move_to(anchor, aligned_edge=LEFT + UP)


def _advance(scene: DLScene, tracker: ValueTracker, value: float, lines: list[str],
             anchor: np.ndarray, readout: VGroup | None, run_time: float) -> VGroup:
    """Run ``tracker`` to ``value`` at constant speed, then show ``lines`` as the new readout."""
    scene.play(tracker.animate.set_value(value), run_time=run_time, rate_func=linear)
    new = _readout(lines, anchor, scene.theme.foreground)
    scene.play(FadeIn(new) if readout is None else ReplacementTransform(readout, new),
               run_time=style.RUN_FAST)
    scene.wait(style.PAUSE)
    return new


def _traced_paths(frames: np.ndarray, which: tuple[int, ...], tracker: ValueTracker,
                  color: str, width: float = 2.5) -> VGroup:
    """Polylines following points ``which`` of a trajectory up to the tracker's frame."""
    paths = VGroup()
    for j in which:
        path = VMobject(color=color, stroke_width=width)
        path.set_points_as_corners(frames[:2, j])

        def update(m, j=j):
            i = int(round(tracker.get_value()))
            m.set_points_as_corners(frames[: max(i, 1) + 1, j])

        path.add_updater(update)
        paths.add(path)
    return paths


def _stop_updaters(*mobs) -> None:
    for mob in mobs:
        for m in mob.get_family():
            m.clear_updaters()


def _legend_line(color: str) -> VMobject:
    return VMobject(color=color, stroke_width=5).set_points_as_corners([[0, 0, 0], [0.5, 0, 0]])


_fit = partial(fit_width, max_width=6.0)
"""Shrink a panel line to the panel's width if wider (long translations stay on screen)."""

X_RIGHT = 0.9
"""Left edge of the text panel right of a plane."""

STEP_TEX = r"x_t = \sqrt{\alpha_t}\, x_{t-1} + \sqrt{\beta_t}\, \varepsilon_t"
CLOSED_TEX = (r"q(x_t \mid x_0) = \mathcal{N}\!\big(\sqrt{\bar\alpha_t}\, x_0,\ "
              r"(1-\bar\alpha_t)\, I\big)")


# ---------------------------------------------------------------- 1. ink drop


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
        glass = Rectangle(width=6.0, height=6.0, stroke_color=th.muted, stroke_width=3,
                          fill_color=th.panel, fill_opacity=1.0).move_to(axes)
        self.cloud, self.frames = _cloud(axes, drop.trajectory, th.signal)
        water = label(self.t("water"), style.FONT_SIZE_SMALL, th.muted).next_to(glass, UP, 0.08)
        self.play(FadeIn(glass), FadeIn(water), run_time=style.RUN)
        self.play(FadeIn(self.cloud), run_time=style.RUN)

    def show_heat_law(self) -> None:
        th, p = self.theme, self.params
        pde = math(r"\frac{\partial u}{\partial t} = D\, \nabla^2 u").move_to([X_RIGHT, 2.2, 0],
                                                                                aligned_edge=LEFT)
        law = math(r"\sigma(t)^2 = \sigma_0^2 + 2 D t", style.MATH_SIZE, th.output).next_to(
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
        self.wait(style.PAUSE)
        self.beat("ink_law")

    def run_clock(self) -> None:
        """Stop at each chosen step: the heat kernel's spread beside the particles'."""
        tracker = ValueTracker(0)
        _follow(self.cloud, self.frames, tracker)
        self.readout = None
        anchor = np.array([X_RIGHT, self.explain.get_bottom()[1] - 0.35, 0])
        for stop in self.data.stops:
            t, theory, measured = (fmt_num(stop.t, 3), fmt_num(stop.std_theory, 3),
                                   fmt_num(stop.std_measured, 3))
            self.readout = _advance(self, tracker, stop.step, [
                rf"t = {t}", rf"\sigma_{{\text{{theory}}}} = {theory}",
                rf"\sigma_{{\text{{measured}}}} = {measured}"],
                anchor, self.readout, style.RUN_SLOW * 1.5)
            self.beat("ink_stop", t=t, theory=theory, measured=measured)
        self.cloud.clear_updaters()

    def bridge_to_diffusion_models(self) -> None:
        th = self.theme
        bridge = VGroup(_fit(label(self.t("ink_bridge"), style.FONT_SIZE_SMALL, th.highlight)),
                        math(r"x_t = \sqrt{\alpha_t}\, x_{t-1} + \sqrt{\beta_t}\, \varepsilon",
                             style.MATH_SIZE, th.highlight),
                        _fit(label(self.t("ink_shrink"), style.FONT_SIZE_SMALL)))
        bridge.arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to(
            self.explain.get_corner(UP + LEFT), aligned_edge=LEFT + UP)
        self.play(FadeOut(self.explain), FadeOut(self.readout), FadeIn(bridge[0]),
                  run_time=style.RUN)
        self.play(Write(bridge[1]), run_time=style.RUN_SLOW)
        self.play(FadeIn(bridge[2]), run_time=style.RUN)
        self.wait(style.READ)
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
        self.cloud, self.frames = _cloud(self.plane, self.data.trajectory, th.signal)
        self.play(Create(self.plane), run_time=style.RUN_FAST)
        self.play(FadeIn(self.cloud), run_time=style.RUN)
        names = {k: self.t(f"data_{k}") for k in DATASETS}
        self.data_label = label(self.t("fwd_data", n=fmt_num(p.n_points), name=names[p.dataset]),
                                style.FONT_SIZE_SMALL, th.signal).next_to(self.plane, UP, buff=0.1)
        self.play(FadeIn(self.data_label), run_time=style.RUN_FAST)
        self.beat("fwd_data", n=fmt_num(p.n_points), name=names[p.dataset])

    def show_formulas(self) -> None:
        """Right: the ᾱ_t curve, one step of the chain and its closed form."""
        th, T, d = self.theme, self.params.T, self.data
        self.chart = _t_chart(T, [0, 1, 0.5], 5.4, 2.2, th.muted).to_edge(RIGHT, buff=0.6
                                                                           ).shift(UP * 1.35)
        graph = curve(self.chart, d.ts, d.alpha_bars, th.kernel)
        t_lab = math("t", style.MATH_SIZE_SMALL, th.muted).next_to(self.chart.x_axis, DOWN, 0.1,
                                                                   aligned_edge=RIGHT)
        t_max = math(fmt_num(T), style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(
            self.chart.c2p(T, 0), DOWN, 0.1).shift(LEFT * 0.5)
        ab_lab = math(r"\bar\alpha_t", style.MATH_SIZE_SMALL, th.kernel).next_to(
            self.chart.c2p(0, 1), LEFT, 0.15)
        one = math("1", style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(
            self.chart.c2p(0, 1), LEFT, 0.15).shift(DOWN * 0.4)
        step = math(STEP_TEX, style.MATH_SIZE_SMALL).next_to(self.chart, DOWN, buff=0.55)
        self.closed = math(CLOSED_TEX, style.MATH_SIZE_SMALL, th.output).next_to(step, DOWN,
                                                                                 buff=0.3)
        self.play(Create(self.chart), Create(graph), FadeIn(t_lab), FadeIn(ab_lab), FadeIn(one),
                  FadeIn(t_max), run_time=style.RUN)
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
                anchor, readout, style.RUN_SLOW * 1.4)
            self.beat("fwd_stop", t=fmt_num(stop.t), ab=fmt_plain(stop.alpha_bar))
        _stop_updaters(self.cloud, marker)

    def show_noise_contours(self) -> None:
        """Contours of N(0, I) at one and two standard deviations."""
        th, plane = self.theme, self.plane
        unit = plane.c2p(1, 0)[0] - plane.c2p(0, 0)[0]
        rings = VGroup(*(Circle(radius=r * unit, color=th.highlight, stroke_width=5).move_to(
            plane.c2p(0, 0)) for r in (1, 2)))
        normal = math(r"\mathcal{N}(0, I):\ 1\sigma,\ 2\sigma", style.MATH_SIZE_SMALL,
                      th.highlight).next_to(plane, DOWN, buff=0.1)
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
        self.curve = curve(self.axes, d.xs, d.densities[0], th.signal, width=5)
        mix_tex = math(r"p_0(x) = \sum_k \pi_k\, \mathcal{N}(x;\ \mu_k,\ \sigma_k^2)",
                       style.MATH_SIZE_SMALL, th.signal)
        lines = VGroup(*(math(rf"\pi = {fmt_num(w, 3)},\ \mu = {fmt_num(m, 3)},\ "
                              rf"\sigma^2 = {fmt_num(v, 3)}", style.MATH_SIZE_SMALL * 0.85,
                              th.muted)
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
                 style.MATH_SIZE_SMALL, th.output),
            math(r"m_k = \sqrt{\bar\alpha_t}\,\mu_k,\quad "
                 r"s_k^2 = \bar\alpha_t \sigma_k^2 + 1 - \bar\alpha_t",
                 style.MATH_SIZE_SMALL, th.output))
        self.pt.arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(self.right, DOWN, buff=0.45,
                                                                   aligned_edge=LEFT)
        ref = DashedVMobject(curve(self.axes, d.xs, d.std_normal, th.muted, width=3)[0],
                             num_dashes=60)
        ref_lab = math(r"\mathcal{N}(0, 1)", style.MATH_SIZE_SMALL, th.muted).next_to(
            self.axes.c2p(*d.ref_label_at), UR, buff=0.1)
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
                anchor, self.readout, style.RUN_SLOW)
            self.beat("marg_stop", t=fmt_num(stop.t), ab=fmt_plain(stop.alpha_bar))
        line.clear_updaters()

    def conclude(self) -> None:
        end = label(self.t("marg_end"), style.FONT_SIZE_SMALL, self.theme.highlight).next_to(
            self.readout, DOWN, buff=0.35, aligned_edge=LEFT)
        self.play(FadeIn(end), Indicate(self.curve, color=self.theme.highlight),
                  run_time=style.RUN)
        self.wait(style.READ)
        self.beat("marg_end")


# ---------------------------------------------------------------- 4. schedules


class DiffusionSchedules(DLScene):
    """Linear vs cosine noise schedules: ᾱ_t, the noise per step β_t, and the same image under both."""

    KEYS = ("lin", "cos")

    def construct(self) -> None:
        self.heading = title(self.t("sched_title"))
        self.play(Write(self.heading), run_time=style.RUN)
        self.colors = {"lin": self.theme.classes[0], "cos": self.theme.classes[1]}
        self.panels = {"lin": self.data.linear, "cos": self.data.cosine}
        self.draw_charts()
        self.draw_schedules()
        self.compare_at_one_step()
        self.show_images()

    def draw_charts(self) -> None:
        th, T, top = self.theme, self.params.T, self.params.beta_top
        num_cfg = {"color": th.muted}
        self.ab_ax = _t_chart(T, [0, 1, 0.5], 5.6, 3.2, th.muted, y_axis_config={
            "numbers_to_include": [0.5, 1], "font_size": 20,
            "decimal_number_config": {"num_decimal_places": 1, **num_cfg}}).move_to([-3.3, 0.2, 0])
        self.b_ax = _t_chart(T, [0, top, top / 4], 5.6, 3.2, th.muted, y_axis_config={
            "numbers_to_include": [top / 2, top], "font_size": 20,
            "decimal_number_config": {"num_decimal_places": 2, **num_cfg}}).move_to([3.6, 0.2, 0])
        axes = (self.ab_ax, self.b_ax)
        self.labels = VGroup(
            math(r"\bar\alpha_t", style.MATH_SIZE_SMALL).next_to(self.ab_ax, UP, buff=0.15),
            math(r"\beta_t", style.MATH_SIZE_SMALL).next_to(self.b_ax, UP, buff=0.15),
            *(math("t", style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(a.x_axis, DOWN, 0.1,
                                                                       aligned_edge=RIGHT)
              for a in axes),
            *(math(fmt_num(T), style.MATH_SIZE_SMALL * 0.7, th.muted).next_to(
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
        for i, key in enumerate(self.KEYS):
            eq = math(formulas[key], style.MATH_SIZE_SMALL, self.colors[key]).move_to([0, -2.55, 0])
            self.play(Create(self.curves[key]), FadeIn(self.legend[i]), Write(eq),
                      run_time=style.RUN_SLOW)
            self.wait(style.READ)
            self.play(FadeOut(eq), run_time=style.RUN_FAST)
            self.beat(f"sched_{key}")

    def compare_at_one_step(self) -> None:
        th, t, lin, cos = self.theme, self.params.compare_t, self.data.linear, self.data.cosine
        self.marks = VGroup(*(Dot(self.ab_ax.c2p(t, pan.alpha_bar_compare), radius=0.08,
                                  color=th.highlight) for pan in (lin, cos)))
        self.read = math(rf"t = {fmt_num(t)}:\ \ \bar\alpha_t^{{\text{{lin}}}} = "
                         rf"{fmt_small(lin.alpha_bar_compare)},\ \ \bar\alpha_t^{{\text{{cos}}}} = "
                         rf"{fmt_small(cos.alpha_bar_compare)}", style.MATH_SIZE_SMALL,
                         th.highlight).move_to([0, -2.45, 0])
        self.clip = math(rf"\beta_T^{{\text{{cos}}}} = {fmt_num(cos.beta_T, 3)}\ \ "
                         rf"\beta_T^{{\text{{lin}}}} = {fmt_num(lin.beta_T, 3)}",
                         style.MATH_SIZE_SMALL, th.muted).next_to(self.read, DOWN, buff=0.2)
        self.play(FadeIn(self.marks), Write(self.read), run_time=style.RUN)
        self.play(FadeIn(self.clip), run_time=style.RUN_FAST)
        self.wait(style.READ)
        self.beat("sched_compare", t=fmt_num(t), lin=fmt_plain(lin.alpha_bar_compare),
                  cos=fmt_plain(cos.alpha_bar_compare))

    def show_images(self) -> None:
        """The same image, the same noise ε, at equal t under both schedules."""
        th, image_ts = self.theme, self.params.image_ts
        self.play(FadeOut(VGroup(self.ab_ax, self.b_ax, self.labels, *self.curves.values(),
                                 self.marks, self.read, self.clip)), run_time=style.RUN)
        rows = VGroup(*(_image_row(pan.images, [[rf"\bar\alpha_t = {fmt_small(a, 2)}"]
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
        same = math(r"x_t = \sqrt{\bar\alpha_t}\, x_0 + \sqrt{1-\bar\alpha_t}\, \varepsilon"
                    r"\quad (\text{same } x_0,\ \varepsilon)", style.MATH_SIZE_SMALL
                    ).next_to(self.heading, DOWN, buff=0.25)  # where the legend was
        self.play(FadeOut(self.legend), FadeIn(same), run_time=style.RUN_FAST)
        self.play(FadeIn(t_heads), FadeIn(row_names[0]), FadeIn(rows[0]), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.play(FadeIn(row_names[1]), FadeIn(rows[1]), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("sched_images")


# ---------------------------------------------------------------- 5. image noising


class DiffusionImageNoising(DLScene):
    """A small image noised by the forward chain, shown at t = 0, 50, 100, 250, 500, 1000."""

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
        caps = [[f"t = {fmt_num(t)}", rf"\bar\alpha_t = {fmt_small(a, 2)}"]
                for t, a in zip(image_ts, d.alpha_bars)]
        row = _image_row(d.images, caps, 1.85, 0.4, self.theme.muted,
                         self.theme.foreground).move_to([0, -0.35, 0])
        _place_row(row, 0.0, row[0][1].get_top()[1])
        for t, a, cell in zip(image_ts, d.alpha_bars, row):
            self.play(FadeIn(cell), run_time=style.RUN_SLOW)
            self.wait(style.PAUSE * 1.2)
            self.beat("img_step", t=fmt_num(t), ab=fmt_plain(a))

    def conclude(self) -> None:
        th = self.theme
        closed = math(CLOSED_TEX, style.MATH_SIZE_SMALL, th.output).to_edge(DOWN, buff=1.05)
        end = label(self.t("img_end", T=fmt_num(self.params.T)), style.FONT_SIZE_BODY,
                    th.highlight).to_edge(DOWN, buff=0.4)
        self.play(Write(closed), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.play(FadeIn(end), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("img_end")


# ---------------------------------------------------------------- 6. the exact reverse process


SHARES_PER_LINE = 5
"""Most percentages on one line of the text panel (6 units wide)."""


def _shares_readout(scene: DLScene, first: str, shares: np.ndarray, key: str,
                    anchor: np.ndarray) -> tuple[VGroup, VGroup]:
    """``first`` line, the label ``key`` under it, then the shares: one line of up to
    :data:`SHARES_PER_LINE`, else two lines of half each."""
    per_line = -(-len(shares) // (1 if len(shares) <= SHARES_PER_LINE else 2))
    lines = [first] + [_percentages(shares[i:i + per_line])
                       for i in range(0, len(shares), per_line)]
    result = _readout(lines, anchor, scene.theme.foreground)
    name = _fit(label(scene.t(key), style.FONT_SIZE_SMALL, scene.theme.muted)).next_to(
        result[0], DOWN, buff=0.2, aligned_edge=LEFT)
    result[1:].next_to(name, DOWN, buff=0.12, aligned_edge=LEFT)
    return result, name


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
        self.plane = _left_plane(self.data.half, th.muted)
        modes = VGroup(*(Circle(radius=0.14, color=th.output, stroke_width=3).move_to(pt)
                         for pt in _to_screen(self.plane, self.data.mixture.means)))
        modes_label = label(self.t("rev_modes", r=fmt_num(p.radius, 3), s=fmt_num(p.sigma, 3)),
                            style.FONT_SIZE_SMALL, th.output).next_to(self.plane, UP, buff=0.1)
        self.play(Create(self.plane), run_time=style.RUN_FAST)
        self.play(Create(modes), FadeIn(modes_label), run_time=style.RUN)

    def show_denoiser(self) -> None:
        th = self.theme
        den_tex = VGroup(
            math(r"\hat x_0(x_t) = \mathbb{E}[x_0 \mid x_t]", style.MATH_SIZE_SMALL, th.output),
            _fit(label(self.t("rev_exact"), style.FONT_SIZE_SMALL, th.output)))
        den_tex.arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to([X_RIGHT, 2.75, 0],
                                                                    aligned_edge=LEFT + UP)
        self.ddpm_tex = VGroup(
            _fit(label(self.t("rev_ddpm", T=fmt_num(self.params.T)), style.FONT_SIZE_SMALL,
                       th.signal)),
            math(r"x_{t-1} = \tilde\mu_t(\hat x_0, x_t) + \sqrt{\tilde\beta_t}\, z",
                 style.MATH_SIZE_SMALL, th.signal))
        self.ddpm_tex.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(
            den_tex, DOWN, buff=0.35, aligned_edge=LEFT)
        self.anchor = np.array([X_RIGHT, self.ddpm_tex.get_bottom()[1] - 0.3, 0])
        self.play(Write(den_tex[0]), run_time=style.RUN)
        self.play(FadeIn(den_tex[1]), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("rev_denoiser")

    def start_from_noise(self) -> None:
        self.cloud, self.frames = _cloud(self.plane, self.data.ddpm.run.trajectory,
                                         self.theme.signal)
        self.play(FadeIn(self.cloud), FadeIn(self.ddpm_tex), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("rev_start", n=fmt_num(self.params.n_points))

    def run_ddpm(self) -> None:
        """DDPM from t = T, pausing at each chosen t; some points leave a trace."""
        run = self.data.ddpm.run
        tracker = ValueTracker(0)
        _follow(self.cloud, self.frames, tracker)
        self.paths = _traced_paths(self.frames, self.params.traced, tracker,
                                   self.theme.highlight, width=1.5)
        self.add(self.paths)
        self.readout = None
        for i in self.data.stop_frames:
            t = fmt_num(int(run.ts[i]))
            self.readout = _advance(self, tracker, i, [rf"t = {t}"], self.anchor, self.readout,
                                    style.RUN_SLOW * 1.5)
            self.beat("rev_stop", t=t)
        _stop_updaters(self.cloud, self.paths)

    def show_result(self, sampler, key: str, **caption: str) -> None:
        """Mean radius of the samples and their share in each mode (``caption``: more fields
        of the beat's caption)."""
        r = fmt_num(sampler.mean_radius, 3)
        self.result, self.shares_label = _shares_readout(
            self, rf"\bar r = {r}\ \ (r = {fmt_num(self.params.radius, 3)})", sampler.shares,
            "rev_shares", self.anchor)
        if self.readout is not None:
            self.play(ReplacementTransform(self.readout, self.result), FadeIn(self.shares_label),
                      run_time=style.RUN)
            self.readout = None
        else:
            self.play(FadeIn(self.result), FadeIn(self.shares_label), run_time=style.RUN)
        self.wait(style.READ)
        self.beat(key, r=r, **caption)

    def restart_with_ddim(self) -> None:
        """DDIM from the very same starting noise."""
        th = self.theme
        ddim_tex = VGroup(
            _fit(label(self.t("rev_ddim", steps=fmt_num(self.params.ddim_steps)),
                       style.FONT_SIZE_SMALL, th.kernel)),
            math(r"x_s = \sqrt{\bar\alpha_s}\, \hat x_0 + \sqrt{1-\bar\alpha_s}\, "
                 r"\hat\varepsilon", style.MATH_SIZE_SMALL, th.kernel))
        ddim_tex.arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to(self.ddpm_tex,
                                                                     aligned_edge=LEFT + UP)
        self.dframes = _to_screen(self.plane, self.data.ddim.run.trajectory)
        self.play(FadeOut(self.result), FadeOut(self.shares_label),
                  ReplacementTransform(self.ddpm_tex, ddim_tex),
                  self.paths.animate.set_stroke(color=th.muted, opacity=0.6),
                  self.cloud.animate.set_color(th.kernel), run_time=style.RUN)
        self.cloud.points = self.dframes[0]
        self.wait(style.PAUSE)
        self.beat("rev_ddim_start")

    def run_ddim(self) -> None:
        tracker = ValueTracker(0)
        _follow(self.cloud, self.dframes, tracker)
        paths = _traced_paths(self.dframes, self.params.traced, tracker, self.theme.highlight,
                              width=3.5)
        self.add(paths)
        self.play(tracker.animate.set_value(self.params.ddim_steps), run_time=style.RUN_SLOW * 3,
                  rate_func=linear)
        _stop_updaters(self.cloud, paths)


# ---------------------------------------------------------------- 7. memorisation


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
        self.dots = VGroup(*(Circle(radius=0.13, color=th.kernel, stroke_width=4).move_to(pt)
                             for pt in _to_screen(self.plane, self.data.data)))
        data_label = label(self.t("mem_data", m=fmt_num(self.params.m)), style.FONT_SIZE_SMALL,
                           th.kernel).next_to(self.plane, UP, buff=0.1)
        self.play(Create(self.plane), run_time=style.RUN_FAST)
        self.play(FadeIn(self.dots), FadeIn(data_label), run_time=style.RUN)

    def show_denoiser(self) -> None:
        th = self.theme
        self.formula = VGroup(
            math(r"\hat x_0(x_t) = \sum_{i=1}^{m} w_i(x_t)\, y_i", style.MATH_SIZE_SMALL,
                 th.output),
            math(r"w_i = \operatorname{softmax}_i\!\Big(-\frac{\lVert x_t - \sqrt{\bar\alpha_t}"
                 r"\, y_i\rVert^2}{2(1-\bar\alpha_t)}\Big)", style.MATH_SIZE_SMALL, th.output))
        self.formula.arrange(DOWN, aligned_edge=LEFT, buff=0.25).move_to(
            [X_RIGHT, 2.75, 0], aligned_edge=LEFT + UP)
        self.play(Write(self.formula), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("mem_denoiser")

    def run_ddpm(self) -> None:
        run = self.data.run
        cloud, frames = _cloud(self.plane, run.trajectory, self.theme.signal)
        self.add_foreground_mobjects(self.dots)
        self.play(FadeIn(cloud), run_time=style.RUN)
        tracker = ValueTracker(0)
        _follow(cloud, frames, tracker)
        self.anchor = np.array([X_RIGHT, self.formula.get_bottom()[1] - 0.4, 0])
        self.readout = None
        for i in self.data.stop_frames:
            t = fmt_num(int(run.ts[i]))
            self.readout = _advance(self, tracker, i, [rf"t = {t}"], self.anchor, self.readout,
                                    style.RUN_SLOW * 1.5)
            self.beat("mem_stop", t=t)
        cloud.clear_updaters()

    def show_result(self) -> None:
        """The worst sample's distance to the training set, and the share on each point."""
        d = self.data
        self.result, name = _shares_readout(
            self, r"\max_n \min_i \lVert x_0^{(n)} - y_i \rVert = " + fmt_sci(d.max_distance),
            d.shares, "mem_shares", self.anchor)
        self.play(ReplacementTransform(self.readout, self.result), FadeIn(name),
                  run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("mem_result", n=fmt_num(self.params.n_points),
                  d=fmt_plain(d.max_distance))

    def conclude(self) -> None:
        lesson = _fit(label(self.t("mem_lesson"), style.FONT_SIZE_SMALL, self.theme.highlight)
                      ).next_to(self.result, DOWN, buff=0.4, aligned_edge=LEFT)
        self.play(FadeIn(lesson), run_time=style.RUN)
        self.wait(style.READ * 1.5)
        self.beat("mem_lesson")
