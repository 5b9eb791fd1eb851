"""Diffusion scenes: noise added step by step, and the exact reverse process that removes it.

Every number and every point on screen comes from :mod:`dlmath.diffusion`; point clouds
of thousands of points are one :class:`~manim.PMobject` whose points are set each frame
from a dlmath trajectory array. Render one with the plain Manim CLI:
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

from dlmath import diffusion as dm
from scenes import style
from scenes.common import DLScene, fit_width, label, math, point_cloud, title
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


# ---------------------------------------------------------------- helpers


def fmt_small(value: float, digits: int = 3) -> str:
    """A number for MathTex: ``0.368`` normally, ``4.04 \\times 10^{-5}`` when tiny."""
    v = float(value)
    if v == 0 or abs(v) >= 10 ** -digits:
        return fmt_num(v, digits)
    mant, exp = f"{v:.2e}".split("e")
    return rf"{fmt_num(float(mant), 2)} \times 10^{{{int(exp)}}}"


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


def _curve(axes: Axes, xs: np.ndarray, ys: np.ndarray, color: str, width: float = 4) -> VMobject:
    """A polyline through dlmath's values (one VMobject, no per-point Dots)."""
    pts = np.column_stack([xs, ys])
    return VMobject(color=color, stroke_width=width).set_points_as_corners(_to_screen(axes, pts))


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


def _image_row(images: list[np.ndarray], captions: list[list[str]], width: float,
               gap: float, frame_color: str, caption_color: str) -> VGroup:
    """Images side by side (framed), each with MathTex lines under it."""
    cells = []
    for img, lines in zip(images, captions):
        pic = _pixels(img, width)
        box = Rectangle(width=width, height=width, stroke_color=frame_color,
                        stroke_width=2).move_to(pic)
        text = VGroup(*(math(s, style.MATH_SIZE_SMALL * 0.8, caption_color) for s in lines))
        text.arrange(DOWN, buff=0.1).next_to(box, DOWN, buff=0.15)
        cells.append(VGroup(pic, box, text))
    return VGroup(*cells).arrange(RIGHT, buff=gap, aligned_edge=UP)


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


def _percentages(shares: np.ndarray) -> str:
    """``12.3\\%,\\ 12.6\\%, …`` for MathTex (dlmath's fractions, formatted as percent)."""
    return r",\ ".join(f"{v:.1%}".replace("%", r"\%") for v in shares)


_fit = partial(fit_width, max_width=6.0)
"""Shrink a panel line to the panel's width if wider (long translations stay on screen)."""


def _readout(lines: list[str], anchor: np.ndarray, color: str) -> VGroup:
    """Formulas stacked under each other, left-aligned at ``anchor``."""
    group = VGroup(*(math(s, style.MATH_SIZE_SMALL, color) for s in lines))
    group.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
    return group.move_to(anchor, aligned_edge=LEFT + UP)


# ---------------------------------------------------------------- 1. ink drop


class DiffusionInkDrop(DLScene):
    """An ink drop spreading in water: particles diffusing, the density widening like the heat kernel."""

    expected_duration = 27.0
    n_particles = 3000
    steps = 150
    D = 0.013
    dt = 0.05
    sigma0 = 0.08
    seed = 0
    stops = (50, 100, 150)
    """Steps where the clock stops and the measured spread is compared with theory."""

    def construct(self) -> None:
        th = self.theme
        drop = dm.ink_drop(self.n_particles, self.steps, self.D, self.dt, self.sigma0, self.seed)
        heading = title(self.t("ink_title"))
        self.play(Write(heading), run_time=style.RUN)

        axes = _plane(6.0, 2.0, th.muted).to_edge(LEFT, buff=0.7).shift(DOWN * 0.45)
        glass = Rectangle(width=6.0, height=6.0, stroke_color=th.muted, stroke_width=3,
                          fill_color=th.panel, fill_opacity=1.0).move_to(axes)
        frames = _to_screen(axes, drop.trajectory)
        cloud = point_cloud(drop.trajectory[0], th.signal, stroke_width=3)
        cloud.points = frames[0]
        water = label(self.t("water"), style.FONT_SIZE_SMALL, th.muted).next_to(glass, UP, 0.08)
        self.play(FadeIn(glass), FadeIn(water), run_time=style.RUN)
        self.play(FadeIn(cloud), run_time=style.RUN)

        x_right = 0.9
        pde = math(r"\frac{\partial u}{\partial t} = D\, \nabla^2 u").move_to([x_right, 2.2, 0],
                                                                                aligned_edge=LEFT)
        law = math(r"\sigma(t)^2 = \sigma_0^2 + 2 D t", style.MATH_SIZE, th.output).next_to(
            pde, DOWN, buff=0.35, aligned_edge=LEFT)
        params = math(rf"D = {fmt_num(self.D, 3)},\ \ \sigma_0 = {fmt_num(self.sigma0)}",
                      style.MATH_SIZE_SMALL, th.muted).next_to(law, DOWN, buff=0.3, aligned_edge=LEFT)
        explain = _fit(label(self.t("ink_rule"), style.FONT_SIZE_SMALL)).next_to(
            params, DOWN, buff=0.35, aligned_edge=LEFT)
        self.play(Write(pde), run_time=style.RUN)
        self.play(FadeIn(explain), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("ink_drop")
        self.play(Write(law), FadeIn(params), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("ink_law")

        tracker = ValueTracker(0)
        _follow(cloud, frames, tracker)
        readout = None
        anchor = np.array([x_right, explain.get_bottom()[1] - 0.35, 0])
        for k in self.stops:
            readout = _advance(self, tracker, k, [
                rf"t = {fmt_num(drop.times[k])}",
                rf"\sigma_{{\text{{theory}}}} = {fmt_num(drop.std_theory[k], 3)}",
                rf"\sigma_{{\text{{measured}}}} = {fmt_num(drop.std_measured[k], 3)}"],
                anchor, readout, style.RUN_SLOW * 1.5)
            self.beat("ink_stop", t=fmt_num(drop.times[k]), theory=fmt_num(drop.std_theory[k], 3),
                      measured=fmt_num(drop.std_measured[k], 3))
        cloud.clear_updaters()

        bridge = VGroup(_fit(label(self.t("ink_bridge"), style.FONT_SIZE_SMALL, th.highlight)),
                        math(r"x_t = \sqrt{\alpha_t}\, x_{t-1} + \sqrt{\beta_t}\, \varepsilon",
                             style.MATH_SIZE, th.highlight),
                        _fit(label(self.t("ink_shrink"), style.FONT_SIZE_SMALL)))
        bridge.arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to(
            explain.get_corner(UP + LEFT), aligned_edge=LEFT + UP)
        self.play(FadeOut(explain), FadeOut(readout), FadeIn(bridge[0]), run_time=style.RUN)
        self.play(Write(bridge[1]), run_time=style.RUN_SLOW)
        self.play(FadeIn(bridge[2]), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("ink_bridge")


# ---------------------------------------------------------------- 2. forward process in 2-D


class DiffusionForward2D(DLScene):
    """The forward process on 2-D data: 2000 points of two moons dissolving into a Gaussian."""

    expected_duration = 33.0
    n_points = 2000
    noise = 0.05
    seed = 0
    T = 1000
    stops = (50, 100, 250, 500, 1000)

    def construct(self) -> None:
        th = self.theme
        sched = dm.linear_schedule(self.T)
        x0 = dm.two_moons(self.n_points, self.noise, self.seed)
        traj = dm.forward_chain(x0, sched, self.seed + 1)

        heading = title(self.t("fwd_title"))
        self.play(Write(heading), run_time=style.RUN)
        plane = _plane(5.6, 3.5, th.muted).to_edge(LEFT, buff=0.6).shift(DOWN * 0.45)
        frames = _to_screen(plane, traj)
        cloud = point_cloud(x0, th.signal, stroke_width=3)
        cloud.points = frames[0]
        self.play(Create(plane), run_time=style.RUN_FAST)
        self.play(FadeIn(cloud), run_time=style.RUN)
        data_label = label(self.t("fwd_data", n=self.n_points), style.FONT_SIZE_SMALL,
                           th.signal).next_to(plane, UP, buff=0.1)
        self.play(FadeIn(data_label), run_time=style.RUN_FAST)
        self.beat("fwd_data", n=self.n_points)

        # right: the closed form and the ᾱ_t curve with a marker
        chart = Axes(x_range=[0, self.T, 250], y_range=[0, 1, 0.5], x_length=5.4, y_length=2.2,
                     axis_config={"color": th.muted, "include_ticks": True, "tick_size": 0.05},
                     tips=False).to_edge(RIGHT, buff=0.6).shift(UP * 1.35)
        ts = np.arange(0, self.T + 1)
        abars = sched.alpha_bar(ts)  # ᾱ_0 = 1, ..., ᾱ_T
        curve = _curve(chart, ts, abars, th.kernel)
        t_lab = math("t", style.MATH_SIZE_SMALL, th.muted).next_to(chart.x_axis, DOWN, 0.1,
                                                                   aligned_edge=RIGHT)
        t_max = math(str(self.T), style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(
            chart.c2p(self.T, 0), DOWN, 0.1).shift(LEFT * 0.5)
        ab_lab = math(r"\bar\alpha_t", style.MATH_SIZE_SMALL, th.kernel).next_to(
            chart.c2p(0, 1), LEFT, 0.15)
        one = math("1", style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(chart.c2p(0, 1), LEFT,
                                                                       0.15).shift(DOWN * 0.4)
        step = math(r"x_t = \sqrt{\alpha_t}\, x_{t-1} + \sqrt{\beta_t}\, \varepsilon_t",
                    style.MATH_SIZE_SMALL).next_to(chart, DOWN, buff=0.55)
        closed = math(r"q(x_t \mid x_0) = \mathcal{N}\!\big(\sqrt{\bar\alpha_t}\, x_0,\ "
                      r"(1-\bar\alpha_t)\, I\big)", style.MATH_SIZE_SMALL, th.output
                      ).next_to(step, DOWN, buff=0.3)
        self.play(Create(chart), Create(curve), FadeIn(t_lab), FadeIn(ab_lab), FadeIn(one),
                  FadeIn(t_max), run_time=style.RUN)
        self.play(Write(step), run_time=style.RUN)
        self.play(Write(closed), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("fwd_formula")

        tracker = ValueTracker(0)
        _follow(cloud, frames, tracker)
        marker = Dot(chart.c2p(0, 1), radius=0.08, color=th.highlight)
        marker.add_updater(lambda m: m.move_to(
            chart.c2p(tracker.get_value(), abars[int(round(tracker.get_value()))])))
        self.play(FadeIn(marker), run_time=style.RUN_FAST)
        anchor = np.array([closed.get_left()[0], closed.get_bottom()[1] - 0.35, 0])
        readout = None
        for t in self.stops:
            readout = _advance(self, tracker, t, [
                rf"t = {t}", rf"\bar\alpha_t = {fmt_small(sched.alpha_bar(t))}",
                rf"\sqrt{{1-\bar\alpha_t}} = {fmt_num(sched.noise_std(t), 3)}"],
                anchor, readout, style.RUN_SLOW * 1.4)
            self.beat("fwd_stop", t=t, ab=f"{sched.alpha_bar(t):.3g}")
        cloud.clear_updaters()
        marker.clear_updaters()

        # contours of N(0, I) at one and two standard deviations
        rings = VGroup(*(Circle(radius=r * (plane.c2p(1, 0)[0] - plane.c2p(0, 0)[0]),
                                color=th.highlight, stroke_width=5).move_to(plane.c2p(0, 0))
                         for r in (1, 2)))
        normal = math(r"\mathcal{N}(0, I):\ 1\sigma,\ 2\sigma", style.MATH_SIZE_SMALL,
                      th.highlight).next_to(plane, DOWN, buff=0.1)
        self.add_foreground_mobjects(rings)
        self.play(Create(rings), Write(normal), run_time=style.RUN)
        end = label(self.t("fwd_end"), style.FONT_SIZE_SMALL, th.highlight).next_to(
            plane, UP, buff=0.1)
        self.play(ReplacementTransform(data_label, end), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("fwd_end")


# ---------------------------------------------------------------- 3. exact 1-D marginals


class DiffusionMarginals1D(DLScene):
    """The exact density p_t(x) of 1-D mixture data morphing into N(0, 1) as t grows."""

    expected_duration = 34.0
    weights = (0.3, 0.5, 0.2)
    means = (-2.0, 0.5, 2.5)
    variances = (0.09, 0.25, 0.04)
    T = 1000
    stops = (0, 20, 50, 100, 200, 400, 1000)
    x_range = (-4.0, 4.0)
    grid_points = 401

    def construct(self) -> None:
        th = self.theme
        sched = dm.linear_schedule(self.T)
        mix = dm.GaussianMixture.create(self.weights, [[m] for m in self.means], self.variances)
        xs = np.linspace(*self.x_range, self.grid_points)
        ts = np.arange(self.T + 1)
        dens = dm.marginal_density_1d(mix, ts, xs, sched)          # (T + 1, grid): exact p_t
        std_normal = dm.GaussianMixture.create([1.0], [[0.0]], [1.0]).pdf(xs[:, None])

        heading = title(self.t("marg_title"))
        self.play(Write(heading), run_time=style.RUN)
        y_top = float(np.ceil(dens.max() * 10) / 10)
        axes = Axes(x_range=[self.x_range[0], self.x_range[1], 1], y_range=[0, y_top, 0.5],
                    x_length=6.8, y_length=4.6,
                    axis_config={"color": th.muted, "include_ticks": True, "tick_size": 0.05},
                    x_axis_config={"numbers_to_include": [-4, -2, 0, 2, 4], "font_size": 24},
                    tips=False).to_edge(LEFT, buff=0.6).shift(DOWN * 0.6)
        x_lab = math("x", style.MATH_SIZE_SMALL, th.muted).next_to(axes.x_axis, RIGHT, 0.1)
        self.play(Create(axes), FadeIn(x_lab), run_time=style.RUN)

        tracker = ValueTracker(0)
        curve = _curve(axes, xs, dens[0], th.signal, width=5)
        curve.add_updater(lambda m: m.set_points_as_corners(_to_screen(
            axes, np.column_stack([xs, dens[int(round(tracker.get_value()))]]))))
        mix_tex = math(r"p_0(x) = \sum_k \pi_k\, \mathcal{N}(x;\ \mu_k,\ \sigma_k^2)",
                       style.MATH_SIZE_SMALL, th.signal)
        params = VGroup(*(math(rf"\pi = {fmt_num(w)},\ \mu = {fmt_num(m)},\ \sigma^2 = {fmt_num(v)}",
                               style.MATH_SIZE_SMALL * 0.85, th.muted)
                          for w, m, v in zip(self.weights, self.means, self.variances)))
        right = VGroup(mix_tex, params.arrange(DOWN, aligned_edge=LEFT, buff=0.12))
        right.arrange(DOWN, aligned_edge=LEFT, buff=0.25).move_to(
            [axes.get_right()[0] + 0.45, 2.75, 0], aligned_edge=LEFT + UP)
        self.play(Create(curve), run_time=style.RUN_SLOW)
        self.play(Write(mix_tex), FadeIn(params), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("marg_data")

        pt = VGroup(math(r"p_t(x) = \sum_k \pi_k\, \mathcal{N}\big(x;\ m_k(t),\ s_k^2(t)\big)",
                         style.MATH_SIZE_SMALL, th.output),
                    math(r"m_k = \sqrt{\bar\alpha_t}\,\mu_k,\quad "
                         r"s_k^2 = \bar\alpha_t \sigma_k^2 + 1 - \bar\alpha_t",
                         style.MATH_SIZE_SMALL, th.output))
        pt.arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(right, DOWN, buff=0.45,
                                                              aligned_edge=LEFT)
        ref = DashedVMobject(_curve(axes, xs, std_normal, th.muted, width=3), num_dashes=60)
        ref_lab = math(r"\mathcal{N}(0, 1)", style.MATH_SIZE_SMALL, th.muted).next_to(
            axes.c2p(1.2, std_normal[np.searchsorted(xs, 1.2)]), UR, buff=0.1)
        self.play(Write(pt), run_time=style.RUN_SLOW * 1.2)
        self.play(Create(ref), FadeIn(ref_lab), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("marg_formula")

        anchor = np.array([pt.get_left()[0], pt.get_bottom()[1] - 0.4, 0])
        readout = None
        for t in self.stops[1:]:
            readout = _advance(self, tracker, t, [
                rf"t = {t}", rf"\bar\alpha_t = {fmt_small(sched.alpha_bar(t))}"],
                anchor, readout, style.RUN_SLOW)
            self.beat("marg_stop", t=t, ab=f"{sched.alpha_bar(t):.3g}")
        curve.clear_updaters()
        end = label(self.t("marg_end"), style.FONT_SIZE_SMALL, th.highlight).next_to(
            readout, DOWN, buff=0.35, aligned_edge=LEFT)
        self.play(FadeIn(end), Indicate(curve, color=th.highlight), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("marg_end")


# ---------------------------------------------------------------- 4. schedules


class DiffusionSchedules(DLScene):
    """Linear vs cosine noise schedules: ᾱ_t, the noise per step β_t, and the same image under both."""

    expected_duration = 26.0
    T = 1000
    compare_t = 500
    """The step where the two ᾱ_t are read off."""
    image_ts = (100, 250, 500, 750, 900)
    glyph = "7"
    glyph_size = 32
    noise_seed = 3
    beta_top = 0.04
    """Top of the β_t chart; the cosine β_t above it (the last steps, up to 0.999) is cut off."""

    def construct(self) -> None:
        th = self.theme
        lin, cos = dm.linear_schedule(self.T), dm.cosine_schedule(self.T)
        colors = {"lin": th.classes[0], "cos": th.classes[1]}
        ts = np.arange(self.T + 1)
        heading = title(self.t("sched_title"))
        self.play(Write(heading), run_time=style.RUN)

        axis_cfg = {"color": th.muted, "include_ticks": True, "tick_size": 0.05}
        num_cfg = {"color": th.muted}
        ab_ax = Axes(x_range=[0, self.T, 250], y_range=[0, 1, 0.5], x_length=5.6, y_length=3.2,
                     axis_config=axis_cfg, tips=False,
                     y_axis_config={"numbers_to_include": [0.5, 1], "font_size": 20,
                                    "decimal_number_config":
                                    {"num_decimal_places": 1, **num_cfg}}).move_to([-3.3, 0.2, 0])
        b_ax = Axes(x_range=[0, self.T, 250], y_range=[0, self.beta_top, 0.01], x_length=5.6,
                    y_length=3.2, axis_config=axis_cfg, tips=False,
                    y_axis_config={"numbers_to_include": [0.02, self.beta_top], "font_size": 20,
                                   "decimal_number_config": {"num_decimal_places": 2, **num_cfg}}
                    ).move_to([3.6, 0.2, 0])
        labels = VGroup(
            math(r"\bar\alpha_t", style.MATH_SIZE_SMALL).next_to(ab_ax, UP, buff=0.15),
            math(r"\beta_t", style.MATH_SIZE_SMALL).next_to(b_ax, UP, buff=0.15),
            *(math("t", style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(a.x_axis, DOWN, 0.1,
                                                                       aligned_edge=RIGHT)
              for a in (ab_ax, b_ax)),
            *(math(str(self.T), style.MATH_SIZE_SMALL * 0.7, th.muted).next_to(
                a.c2p(self.T, 0), DOWN, 0.1).shift(LEFT * 0.45) for a in (ab_ax, b_ax)))
        self.play(Create(ab_ax), Create(b_ax), FadeIn(labels), run_time=style.RUN)

        curves = {}
        for key, sch in (("lin", lin), ("cos", cos)):
            abars = sch.alpha_bar(ts)
            visible = sch.betas <= self.beta_top  # drawing range only: the chart stops at beta_top
            curves[key] = VGroup(_curve(ab_ax, ts, abars, colors[key]),
                                 _curve(b_ax, ts[1:][visible], sch.betas[visible], colors[key]))
        legend = VGroup(*(VGroup(VMobject(color=colors[k], stroke_width=5).set_points_as_corners(
                                     [[0, 0, 0], [0.5, 0, 0]]),
                                 label(self.t(f"sched_{k}"), style.FONT_SIZE_SMALL, colors[k])
                                 ).arrange(RIGHT, buff=0.15) for k in ("lin", "cos")))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(heading, DOWN, buff=0.25)
        for key, formula in (("lin", r"\beta_t = \beta_1 + \tfrac{t-1}{T-1}(\beta_T - \beta_1)"),
                             ("cos", r"\bar\alpha_t = \frac{f(t)}{f(0)},\ f(t) = \cos^2\!\Big("
                                     r"\frac{t/T + s}{1+s}\cdot\frac{\pi}{2}\Big)")):
            eq = math(formula, style.MATH_SIZE_SMALL, colors[key]).move_to([0, -2.55, 0])
            self.play(Create(curves[key]), FadeIn(legend[0 if key == "lin" else 1]), Write(eq),
                      run_time=style.RUN_SLOW)
            self.wait(style.READ)
            self.play(FadeOut(eq), run_time=style.RUN_FAST)
            self.beat(f"sched_{key}")

        t = self.compare_t
        marks = VGroup(*(Dot(ab_ax.c2p(t, sch.alpha_bars[t - 1]), radius=0.08, color=th.highlight)
                         for sch in (lin, cos)))
        read = math(rf"t = {t}:\ \ \bar\alpha_t^{{\text{{lin}}}} = {fmt_small(lin.alpha_bars[t - 1])},"
                    rf"\ \ \bar\alpha_t^{{\text{{cos}}}} = {fmt_small(cos.alpha_bars[t - 1])}",
                    style.MATH_SIZE_SMALL, th.highlight).move_to([0, -2.45, 0])
        clip = math(rf"\beta_T^{{\text{{cos}}}} = {fmt_num(cos.betas[-1], 3)}\ \ "
                    rf"\beta_T^{{\text{{lin}}}} = {fmt_num(lin.betas[-1], 3)}",
                    style.MATH_SIZE_SMALL, th.muted).next_to(read, DOWN, buff=0.2)
        self.play(FadeIn(marks), Write(read), run_time=style.RUN)
        self.play(FadeIn(clip), run_time=style.RUN_FAST)
        self.wait(style.READ)
        self.beat("sched_compare", t=t, lin=f"{lin.alpha_bars[t - 1]:.3g}",
                  cos=f"{cos.alpha_bars[t - 1]:.3g}")

        # the same image, the same noise ε, at equal t under both schedules
        img = dm.glyph_image(self.glyph, self.glyph_size)
        x0 = img.reshape(1, -1)
        eps = np.random.default_rng(self.noise_seed).standard_normal(x0.shape)
        self.play(FadeOut(VGroup(ab_ax, b_ax, labels, curves["lin"], curves["cos"], marks, read,
                                 clip)), run_time=style.RUN)
        rows = VGroup()
        for key, sch in (("lin", lin), ("cos", cos)):
            noisy = [dm.q_sample(x0, t, sch, noise=eps).reshape(img.shape) for t in self.image_ts]
            caps = [[rf"\bar\alpha_t = {fmt_small(sch.alpha_bar(t), 2)}"] for t in self.image_ts]
            row = _image_row(noisy, caps, 1.45, 0.55, th.muted, colors[key])
            rows.add(row)
        rows.arrange(DOWN, buff=0.35).move_to([0.55, -0.55, 0])
        t_heads = VGroup(*(math(f"t = {t}", style.MATH_SIZE_SMALL * 0.85, th.foreground).next_to(
            cell[1], UP, buff=0.12) for t, cell in zip(self.image_ts, rows[0])))
        row_names = VGroup(*(label(self.t(f"sched_{k}_short"), style.FONT_SIZE_SMALL, colors[k]
                                   ).next_to(row[0], LEFT, buff=0.3) for k, row in zip(("lin", "cos"), rows)))
        same = math(r"x_t = \sqrt{\bar\alpha_t}\, x_0 + \sqrt{1-\bar\alpha_t}\, \varepsilon"
                    r"\quad (\text{same } x_0,\ \varepsilon)", style.MATH_SIZE_SMALL
                    ).next_to(heading, DOWN, buff=0.25)  # where the legend was, above the t = … heads
        self.play(FadeOut(legend), FadeIn(same), run_time=style.RUN_FAST)
        self.play(FadeIn(t_heads), FadeIn(row_names[0]), FadeIn(rows[0]), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.play(FadeIn(row_names[1]), FadeIn(rows[1]), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("sched_images")


# ---------------------------------------------------------------- 5. image noising


class DiffusionImageNoising(DLScene):
    """A small image noised by the forward chain, shown at t = 0, 50, 100, 250, 500, 1000."""

    expected_duration = 26.0
    T = 1000
    image_ts = (0, 50, 100, 250, 500, 1000)
    glyph = "7"
    glyph_size = 32
    seed = 5

    def construct(self) -> None:
        th = self.theme
        sched = dm.linear_schedule(self.T)
        img = dm.glyph_image(self.glyph, self.glyph_size)
        traj = dm.forward_chain(img.reshape(1, -1), sched, self.seed)   # the real chain, step by step
        heading = title(self.t("img_title"))
        self.play(Write(heading), run_time=style.RUN)
        step = math(r"x_t = \sqrt{\alpha_t}\, x_{t-1} + \sqrt{\beta_t}\, \varepsilon_t",
                    style.MATH_SIZE).next_to(heading, DOWN, buff=0.4)
        pixels = label(self.t("img_pixels", size=self.glyph_size, d=img.size),
                       style.FONT_SIZE_SMALL, th.muted).next_to(step, DOWN, buff=0.2)
        self.play(Write(step), FadeIn(pixels), run_time=style.RUN)

        caps = [[f"t = {t}", rf"\bar\alpha_t = {fmt_small(sched.alpha_bar(t), 2)}"]
                for t in self.image_ts]
        row = _image_row([traj[t, 0].reshape(img.shape) for t in self.image_ts], caps, 1.85, 0.4,
                         th.muted, th.foreground).move_to([0, -0.35, 0])
        for i, cell in enumerate(row):
            self.play(FadeIn(cell), run_time=style.RUN_SLOW)
            self.wait(style.PAUSE * 1.2)
            self.beat("img_step", t=self.image_ts[i], ab=f"{sched.alpha_bar(self.image_ts[i]):.3g}")
        closed = math(r"q(x_t \mid x_0) = \mathcal{N}\!\big(\sqrt{\bar\alpha_t}\, x_0,\ "
                      r"(1-\bar\alpha_t)\, I\big)", style.MATH_SIZE_SMALL, th.output
                      ).to_edge(DOWN, buff=1.05)
        end = label(self.t("img_end"), style.FONT_SIZE_BODY, th.highlight).to_edge(DOWN, buff=0.4)
        self.play(Write(closed), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.play(FadeIn(end), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("img_end")


# ---------------------------------------------------------------- 6. the exact reverse process


class DiffusionReverse(DLScene):
    """The reverse process with the exact denoiser: noise flows back onto 8 Gaussians (DDPM, then DDIM)."""

    expected_duration = 39.0
    n_points = 2000
    radius = 2.0
    sigma = 0.05
    T = 1000
    seed = 0
    ddim_steps = 50
    traced = (0, 1, 2)
    """Indices of the points whose whole path is drawn."""
    stops = (500, 800, 950, 1000)
    """DDPM: reverse steps done at each pause (t = T − stop)."""

    def runs(self) -> tuple:
        """The data mixture, then DDPM (T steps) and DDIM (from the same x_T) with its exact
        denoiser; reads class attributes only (the handouts call it too)."""
        sched = dm.linear_schedule(self.T)
        mix = dm.eight_gaussians(self.radius, self.sigma)
        den = dm.GaussianMixtureDenoiser(mix)
        ddpm = dm.ddpm_sample(den, sched, self.n_points, self.seed, return_trajectory=True)
        ddim = dm.ddim_sample(den, sched, self.n_points, self.ddim_steps, eta=0.0,
                              x_T=ddpm.trajectory[0], return_trajectory=True)
        return mix, ddpm, ddim

    def construct(self) -> None:
        th = self.theme
        mix, ddpm, ddim = self.runs()

        heading = title(self.t("rev_title"))
        self.play(Write(heading), run_time=style.RUN)
        plane = _plane(5.6, 3.5, th.muted).to_edge(LEFT, buff=0.6).shift(DOWN * 0.45)
        modes = VGroup(*(Circle(radius=0.14, color=th.output, stroke_width=3).move_to(p)
                         for p in _to_screen(plane, mix.means)))
        modes_label = label(self.t("rev_modes", r=fmt_num(self.radius), s=fmt_num(self.sigma)),
                            style.FONT_SIZE_SMALL, th.output).next_to(plane, UP, buff=0.1)
        self.play(Create(plane), run_time=style.RUN_FAST)
        self.play(Create(modes), FadeIn(modes_label), run_time=style.RUN)

        x_right = 0.9
        den_tex = VGroup(
            math(r"\hat x_0(x_t) = \mathbb{E}[x_0 \mid x_t]", style.MATH_SIZE_SMALL, th.output),
            _fit(label(self.t("rev_exact"), style.FONT_SIZE_SMALL, th.output)))
        den_tex.arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to([x_right, 2.75, 0],
                                                                    aligned_edge=LEFT + UP)
        ddpm_tex = VGroup(
            _fit(label(self.t("rev_ddpm"), style.FONT_SIZE_SMALL, th.signal)),
            math(r"x_{t-1} = \tilde\mu_t(\hat x_0, x_t) + \sqrt{\tilde\beta_t}\, z",
                 style.MATH_SIZE_SMALL, th.signal))
        ddpm_tex.arrange(DOWN, aligned_edge=LEFT, buff=0.15).next_to(den_tex, DOWN, buff=0.35,
                                                                     aligned_edge=LEFT)
        self.play(Write(den_tex[0]), run_time=style.RUN)
        self.play(FadeIn(den_tex[1]), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("rev_denoiser")

        frames = _to_screen(plane, ddpm.trajectory)
        cloud = point_cloud(ddpm.trajectory[0], th.signal, stroke_width=3)
        cloud.points = frames[0]
        self.play(FadeIn(cloud), FadeIn(ddpm_tex), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("rev_start", n=self.n_points)

        tracker = ValueTracker(0)
        _follow(cloud, frames, tracker)
        paths = _traced_paths(frames, self.traced, tracker, th.highlight, width=1.5)
        self.add(paths)
        anchor = np.array([x_right, ddpm_tex.get_bottom()[1] - 0.3, 0])
        readout = None
        for i in self.stops:
            readout = _advance(self, tracker, i, [rf"t = {int(ddpm.ts[i])}"], anchor, readout,
                               style.RUN_SLOW * 1.5)
            self.beat("rev_stop", t=int(ddpm.ts[i]))
        cloud.clear_updaters()
        for p in paths:
            p.clear_updaters()
        result = _readout([rf"\bar r = {fmt_num(dm.mean_radius(ddpm.samples), 3)}"
                           rf"\ \ (r = {fmt_num(self.radius)})",
                           _percentages(dm.mode_shares(ddpm.samples, mix.means)[:4]),
                           _percentages(dm.mode_shares(ddpm.samples, mix.means)[4:])],
                          anchor, th.foreground)
        shares_label = _fit(label(self.t("rev_shares"), style.FONT_SIZE_SMALL, th.muted)).next_to(
            result[0], DOWN, buff=0.2, aligned_edge=LEFT)
        result[1:].next_to(shares_label, DOWN, buff=0.12, aligned_edge=LEFT)
        self.play(ReplacementTransform(readout, result), FadeIn(shares_label), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("rev_ddpm_result", r=fmt_num(dm.mean_radius(ddpm.samples), 3))

        # DDIM from the very same starting noise: deterministic paths
        ddim_tex = VGroup(
            _fit(label(self.t("rev_ddim", steps=self.ddim_steps), style.FONT_SIZE_SMALL, th.kernel)),
            math(r"x_s = \sqrt{\bar\alpha_s}\, \hat x_0 + \sqrt{1-\bar\alpha_s}\, "
                 r"\hat\varepsilon", style.MATH_SIZE_SMALL, th.kernel))
        ddim_tex.arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to(ddpm_tex, aligned_edge=LEFT + UP)
        dframes = _to_screen(plane, ddim.trajectory)
        self.play(FadeOut(result), FadeOut(shares_label), ReplacementTransform(ddpm_tex, ddim_tex),
                  paths.animate.set_stroke(color=th.muted, opacity=0.6),
                  cloud.animate.set_color(th.kernel), run_time=style.RUN)
        cloud.points = dframes[0]
        self.wait(style.PAUSE)
        self.beat("rev_ddim_start")
        tracker2 = ValueTracker(0)
        _follow(cloud, dframes, tracker2)
        dpaths = _traced_paths(dframes, self.traced, tracker2, th.highlight, width=3.5)
        self.add(dpaths)
        self.play(tracker2.animate.set_value(self.ddim_steps), run_time=style.RUN_SLOW * 3,
                  rate_func=linear)
        cloud.clear_updaters()
        for p in dpaths:
            p.clear_updaters()
        shares = dm.mode_shares(ddim.samples, mix.means)
        result2 = _readout([rf"\bar r = {fmt_num(dm.mean_radius(ddim.samples), 3)}"
                            rf"\ \ (r = {fmt_num(self.radius)})",
                            _percentages(shares[:4]), _percentages(shares[4:])],
                           anchor, th.foreground)
        result2[1:].next_to(shares_label, DOWN, buff=0.12, aligned_edge=LEFT)
        self.play(FadeIn(result2), FadeIn(shares_label), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("rev_ddim_result", steps=self.ddim_steps, r=fmt_num(dm.mean_radius(ddim.samples), 3))


class DiffusionMemorisation(DLScene):
    """With a 5-point data set, the exact reverse process returns only training points (memorisation)."""

    expected_duration = 28.0
    m = 5
    data_seed = 0
    n_points = 1000
    T = 1000
    seed = 1
    stops = (700, 900, 1000)

    def construct(self) -> None:
        th = self.theme
        sched = dm.linear_schedule(self.T)
        data = dm.small_point_set(self.m, self.data_seed)
        den = dm.FiniteSetDenoiser.create(data)
        res = dm.ddpm_sample(den, sched, self.n_points, self.seed, return_trajectory=True)

        heading = title(self.t("mem_title"))
        self.play(Write(heading), run_time=style.RUN)
        plane = _plane(5.6, 3.5, th.muted).to_edge(LEFT, buff=0.6).shift(DOWN * 0.45)
        dots = VGroup(*(Circle(radius=0.13, color=th.kernel, stroke_width=4).move_to(p)
                        for p in _to_screen(plane, data)))
        data_label = label(self.t("mem_data", m=self.m), style.FONT_SIZE_SMALL, th.kernel
                           ).next_to(plane, UP, buff=0.1)
        self.play(Create(plane), run_time=style.RUN_FAST)
        self.play(FadeIn(dots), FadeIn(data_label), run_time=style.RUN)

        x_right = 0.9
        formula = VGroup(
            math(r"\hat x_0(x_t) = \sum_{i=1}^{m} w_i(x_t)\, y_i", style.MATH_SIZE_SMALL, th.output),
            math(r"w_i = \operatorname{softmax}_i\!\Big(-\frac{\lVert x_t - \sqrt{\bar\alpha_t}"
                 r"\, y_i\rVert^2}{2(1-\bar\alpha_t)}\Big)", style.MATH_SIZE_SMALL, th.output))
        formula.arrange(DOWN, aligned_edge=LEFT, buff=0.25).move_to([x_right, 2.75, 0],
                                                                    aligned_edge=LEFT + UP)
        self.play(Write(formula), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("mem_denoiser")

        frames = _to_screen(plane, res.trajectory)
        cloud = point_cloud(res.trajectory[0], th.signal, stroke_width=3)
        cloud.points = frames[0]
        self.add_foreground_mobjects(dots)
        self.play(FadeIn(cloud), run_time=style.RUN)
        tracker = ValueTracker(0)
        _follow(cloud, frames, tracker)
        anchor = np.array([x_right, formula.get_bottom()[1] - 0.4, 0])
        readout = None
        for i in self.stops:
            readout = _advance(self, tracker, i, [rf"t = {int(res.ts[i])}"], anchor, readout,
                               style.RUN_SLOW * 1.5)
            self.beat("mem_stop", t=int(res.ts[i]))
        cloud.clear_updaters()

        dist = dm.nearest_distance(res.samples, data).max()
        mant, exp = f"{dist:.1e}".split("e")
        result = _readout([r"\max_n \min_i \lVert x_0^{(n)} - y_i \rVert = "
                           rf"{mant} \times 10^{{{int(exp)}}}",
                           _percentages(dm.mode_shares(res.samples, data))],
                          anchor, th.foreground)
        shares_label = _fit(label(self.t("mem_shares"), style.FONT_SIZE_SMALL, th.muted)).next_to(
            result[0], DOWN, buff=0.2, aligned_edge=LEFT)
        result[1].next_to(shares_label, DOWN, buff=0.12, aligned_edge=LEFT)
        self.play(ReplacementTransform(readout, result), FadeIn(shares_label), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("mem_result", n=self.n_points, d=f"{dist:.1e}")
        lesson = _fit(label(self.t("mem_lesson"), style.FONT_SIZE_SMALL, th.highlight)).next_to(
            result, DOWN, buff=0.4, aligned_edge=LEFT)
        self.play(FadeIn(lesson), run_time=style.RUN)
        self.wait(style.READ * 1.5)
        self.beat("mem_lesson")
