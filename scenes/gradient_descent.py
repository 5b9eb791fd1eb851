"""Gradient-descent scenes: the update W ← W − α ∂cost/∂W, learning-rate regimes,
optimizer paths on 2-D costs, mini-batch SGD, loss curves.

Every number on screen comes from the topic's lessons (:mod:`lessons.gradient_descent`),
which compute it with :mod:`dlmath.optim`.
Render one with the plain Manim CLI: ``manim -ql scenes/gradient_descent.py GradientDescentSteps``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Circle,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    Indicate,
    Integer,
    Line,
    LogBase,
    Mobject,
    ReplacementTransform,
    Star,
    Text,
    VGroup,
    VMobject,
    Write,
)

from lessons.gradient_descent import (
    METHODS,
    REGIMES,
    SGD_WB_VIEW,
    SGD_X_VIEW,
    AxisRange,
    DescentStep,
    LossPanel,
    OptimizerProblem,
    OptimizerRun,
    RegimeRun,
    SignedStep,
)
from scenes import style
from scenes.common import DLScene, curve, fit_width, label, math, title
from scenes.style import fmt_num

__all__ = ["SlopeSign", "GradientDescentSteps", "LearningRateRegimes", "OptimizerPaths2D", "MiniBatchSGD",
           "OptimizerLossCurves"]


# ----------------------------------------------------------------- shared pieces


class _BoxedAxes(Axes):
    """Axes drawn along the plot's bottom and left edges (not through (0, 0)): tick numbers
    sit outside the plot, where no path, contour or marker inside it can run through them."""

    @staticmethod
    def _origin_shift(axis_range) -> float:
        return axis_range[0]


def _axes(x: AxisRange, y: AxisRange, x_length: float, y_length: float, theme,
          boxed: bool = False) -> Axes:
    """Plain axes with numbered ticks, the lesson's ranges and label decimals; ``boxed``: along
    the bottom and left edges, every tick numbered (0 included)."""
    cls = _BoxedAxes if boxed else Axes
    axes = cls(x_range=list(x.triple()), y_range=list(y.triple()), x_length=x_length,
               y_length=y_length, tips=False,
               axis_config={"color": theme.muted, "include_numbers": not boxed,
                            "font_size": style.FONT_SIZE_SMALL,
                            **({"numbers_to_exclude": []} if boxed else {})},
               x_axis_config={"decimal_number_config": {"num_decimal_places": x.decimals}},
               y_axis_config={"decimal_number_config": {"num_decimal_places": y.decimals}})
    if boxed:
        for ax, rng in ((axes.x_axis, x), (axes.y_axis, y)):
            ax.exclude_origin_tick = False
            ax.remove(ax.ticks)
            ax.add_ticks()
            ax.add_numbers(font_size=style.FONT_SIZE_SMALL, num_decimal_places=rng.decimals)
    return axes


def _marker(axes: Axes, point, theme) -> VMobject:
    """The minimum, as a star drawn over the paths that end in it (a marker, not a text)."""
    return Star(5, outer_radius=0.16, inner_radius=0.07, color=theme.highlight, fill_opacity=1.0,
                stroke_width=1).move_to(axes.c2p(*point)).set_z_index(3)


def _polyline(axes: Axes, pts: np.ndarray, color: str, width: float = 3,
              opacity: float = 1.0) -> VMobject:
    """One polyline through the points ``(x, y)`` on ``axes``."""
    return VMobject(stroke_color=color, stroke_width=width, stroke_opacity=opacity
                    ).set_points_as_corners(axes.coords_to_point(np.asarray(pts, dtype=float)))


def _contours(axes: Axes, runs, theme) -> VGroup:
    """Level curves (pieces already cut to the view) as thin muted lines."""
    return VGroup(*(_polyline(axes, run, theme.muted, 1.5, 0.7) for run in runs))


def _fmt_loss(value: float) -> str:
    """A loss for the screen: ``0.123`` or ``3.4\\times 10^{-5}`` (mantissa through fmt_num)."""
    if value == 0 or abs(value) >= 0.01:
        return fmt_num(value, 3)
    mantissa, exponent = f"{value:.1e}".split("e")
    return rf"{fmt_num(float(mantissa), 1)}\times 10^{{{int(exponent)}}}"


def _fmt_plain_loss(value: float) -> str:
    """A loss for a caption (plain text): ``0.123`` or ``3.4e-05``."""
    if value == 0 or abs(value) >= 0.01:
        return fmt_num(value, 3)
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{fmt_num(float(mantissa), 1)}e{exponent}"


DERIV = r"\frac{\partial\,\mathrm{cost}}{\partial W}"

RUNS = ("gd", "momentum", "adam", "minibatch")
"""The runs :attr:`scenes.style.Theme.runs` colours, in its order (full batch = plain GD)."""


def run_colors(theme) -> dict[str, str]:
    """Colour of each training run (GD, momentum, Adam, mini-batch) from the theme's roles:
    one run keeps one colour in every scene of the topic, apart from W, the cost and the data."""
    return dict(zip(RUNS, theme.runs))


# ----------------------------------------------------------------- SlopeSign


@dataclass(frozen=True)
class _CostPlot:
    """The one-panel cost(W) plot of SlopeSign and GradientDescentSteps, with its labels."""

    axes: Axes
    w_label: Mobject
    cost_label: Mobject

    @classmethod
    def build(cls, w_axis: AxisRange, cost_axis: AxisRange, th) -> _CostPlot:
        axes = _axes(w_axis, cost_axis, 5.8, 4.9, th, boxed=True).move_to([-3.35, -0.75, 0])
        # inside the box's bottom-right corner: right of the axis it ran into the text column
        w_label = math("W", style.MATH_SIZE_SMALL, th.kernel).next_to(
            axes.x_axis.get_end(), UP + LEFT, buff=0.12)
        cost_label = math(r"\mathrm{cost}(W)", style.MATH_SIZE_SMALL, th.output).next_to(
            axes.y_axis, UP, buff=0.15, aligned_edge=LEFT)
        return cls(axes, w_label, cost_label)


class SlopeSign(DLScene):
    """The lecture notes' picture: the slope's sign decides the step (red point: W grows,
    blue point: W shrinks), each update written out with its numbers."""

    panel_x = 3.55
    """Centre of the right panel (the rule and one block per point)."""
    block_top = {"red": 0.95, "blue": -1.3}
    """Top of each point's block in the right panel."""

    def construct(self) -> None:
        self.draw_cost()
        self.arrows = []
        for start in self.data.starts:
            self.show_start(start)
        self.conclude()

    def draw_cost(self) -> None:
        """Axes, the parabola, its formula and the update rule."""
        th, d, p = self.theme, self.data, self.params
        self.heading = title(self.t("sign_title"))
        self.play(Write(self.heading), run_time=style.RUN)
        plot = _CostPlot.build(d.w_axis, d.cost_axis, th)
        self.axes, w_lab, c_lab = plot.axes, plot.w_label, plot.cost_label
        cost_eq = math(r"\mathrm{cost}(W) = " + d.cost.latex(), style.MATH_SIZE_SMALL, th.output)
        rule = math(r"W \leftarrow W - \alpha\," + DERIV + rf",\qquad \alpha = {fmt_num(p.lr)}",
                    style.MATH_SIZE_SMALL, th.kernel)
        top = VGroup(cost_eq, rule).arrange(DOWN, buff=0.3)
        for m in top:
            fit_width(m, 6.3)
        top.next_to(self.heading, DOWN, buff=0.4).set_x(self.panel_x)
        self.play(Create(self.axes), Write(w_lab), Write(c_lab), run_time=style.RUN)
        self.play(Write(cost_eq), Create(curve(self.axes, *d.curve.T, th.output, 4)),
                  run_time=style.RUN_SLOW)
        self.play(Write(rule), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("sign_rule", w_min=fmt_num(d.w_min, 3), lr=fmt_num(p.lr))

    def block(self, start: SignedStep, color: str) -> VGroup:
        """The point's header (prose), its slope and its update with the numbers."""
        th, s = self.theme, start.step
        rel = "<" if s.slope < 0 else ">"
        head = label(self.t(f"sign_{start.name}"), style.FONT_SIZE_LABEL, color)
        slope = math(DERIV + rf"\Big|_{{W = {fmt_num(s.w, 3)}}} = {fmt_num(s.slope)} {rel} 0",
                     style.MATH_SIZE, th.product)
        update = math(rf"W \leftarrow {fmt_num(s.w, 3)} - {fmt_num(self.params.lr)}\cdot"
                      rf"({fmt_num(s.slope)}) = {fmt_num(s.w_next, 3)}", style.MATH_SIZE,
                      th.kernel)
        rows = VGroup(*(fit_width(m, 6.3) for m in (head, slope, update))
                      ).arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        return rows.move_to([self.panel_x, 0, 0]).align_to([0, self.block_top[start.name], 0], UP)

    def show_start(self, start: SignedStep) -> None:
        """A start: its point, the tangent, the slope's sign and the step it gives."""
        th, ax, s = self.theme, self.axes, start.step
        color = th.negative if start.name == "red" else th.positive
        dot = Dot(ax.c2p(s.w, s.cost), radius=0.13, color=color).set_z_index(2)
        rows = self.block(start, color)
        self.play(FadeIn(dot, scale=0.5), FadeIn(rows[0]), run_time=style.RUN)
        tangent = Line(ax.c2p(*s.tangent[0]), ax.c2p(*s.tangent[1]), color=th.product,
                       stroke_width=5)
        self.play(Create(tangent), Write(rows[1]), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        lift = UP * 0.3
        arrow = Arrow(ax.c2p(s.w, 0) + lift, ax.c2p(s.w_next, 0) + lift, buff=0, color=color,
                      stroke_width=6, max_tip_length_to_length_ratio=0.35)
        drop = DashedLine(ax.c2p(s.w, 0), ax.c2p(s.w, s.cost), color=color, stroke_width=2)
        self.play(Write(rows[2]), Create(drop), run_time=style.RUN_SLOW)
        landed = Dot(ax.c2p(s.w, s.cost), radius=0.1, color=color).set_z_index(2)
        self.add(landed)
        self.play(Create(arrow), landed.animate.move_to(ax.c2p(s.w_next, s.cost_next)),
                  dot.animate.set_opacity(0.45), run_time=style.RUN_SLOW, path_arc=0.6 * np.sign(s.slope))
        self.arrows.append(arrow)
        self.wait(style.PAUSE)
        self.beat(f"sign_{start.name}", w=fmt_num(s.w, 3), g=fmt_num(s.slope),
                  w_next=fmt_num(s.w_next, 3))
        self.play(FadeOut(tangent), run_time=style.RUN_FAST)

    def conclude(self) -> None:
        """Both steps point to the minimum, where the slope is zero."""
        th, d = self.theme, self.data
        minimum = DashedLine(self.axes.c2p(d.w_min, 0), self.axes.c2p(d.w_min, d.cost_axis.high * 0.6),
                             color=th.highlight, stroke_width=3)
        star = math(rf"W^{{*}} = {fmt_num(d.w_min, 3)}", style.MATH_SIZE_SMALL, th.highlight
                    ).next_to(minimum, UP, buff=0.1)
        self.play(Create(minimum), FadeIn(star), run_time=style.RUN)
        self.play(*(Indicate(a, scale_factor=1.3) for a in self.arrows), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("sign_both", w_min=fmt_num(d.w_min, 3))


# ----------------------------------------------------------------- GradientDescentSteps


class GradientDescentSteps(DLScene):
    """Gradient descent on the seed's cost(W): a ball steps down along the tangent slope."""

    panel_x = 3.55
    """Centre of the right panel (data, formulas, the current step)."""
    row_y = {"state": -1.45, "slope": -2.25, "step": -3.2}

    def construct(self) -> None:
        self.draw_axes()
        self.show_formulas()
        self.place_ball()
        for step in self.data.steps:
            self.take_step(step)
        self.conclude()

    def draw_axes(self) -> None:
        th, d = self.theme, self.data
        self.heading = title(self.t("steps_title"))
        self.play(Write(self.heading), run_time=style.RUN)
        plot = _CostPlot.build(d.w_axis, d.cost_axis, th)
        self.axes, w_lab, c_lab = plot.axes, plot.w_label, plot.cost_label
        self.play(Create(self.axes), Write(w_lab), Write(c_lab), run_time=style.RUN)

    def show_formulas(self) -> None:
        """Right panel: the data, the cost, its derivative and the update rule."""
        th, p, cost = self.theme, self.params, self.data.cost
        data = math(r"x = " + _list(p.x) + r",\quad y = " + _list(p.y), style.MATH_SIZE_SMALL,
                    th.signal)
        cost_eq = math(r"\mathrm{cost}(W) = \frac{1}{m}\sum_{i=1}^{m} (W x_i - y_i)^2 = "
                       + cost.latex(), style.MATH_SIZE_SMALL, th.output)
        grad_eq = math(DERIV + r" = \frac{2}{m}\sum_{i=1}^{m}(W x_i - y_i)\,x_i = "
                       + cost.gradient_latex()[0], style.MATH_SIZE_SMALL, th.product)
        update_eq = math(r"W \leftarrow W - \alpha\," + DERIV + rf",\qquad \alpha = {fmt_num(p.lr)}",
                         style.MATH_SIZE_SMALL, th.kernel)
        panel = VGroup(data, cost_eq, grad_eq, update_eq).arrange(DOWN, buff=0.35)
        for m in panel:
            fit_width(m, 6.3)
        panel.next_to(self.heading, DOWN, buff=0.45).set_x(self.panel_x)
        self.play(FadeIn(data), run_time=style.RUN)
        self.play(Write(cost_eq), Create(curve(self.axes, *self.data.curve.T, th.output, 4)),
                  run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("cost", w_min=fmt_num(self.data.w_min, 3))
        self.play(Write(grad_eq), run_time=style.RUN_SLOW)
        self.play(Write(update_eq), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("rule", lr=fmt_num(p.lr))

    def state_line(self, k: int, w: float, cost: float):
        """``W_k = …, cost(W_k) = …`` in the panel."""
        return math(rf"W_{{{k}}} = {fmt_num(w, 3)},\quad \mathrm{{cost}}(W_{{{k}}}) = {fmt_num(cost)}",
                    style.MATH_SIZE_SMALL).move_to([self.panel_x, self.row_y["state"], 0])

    def place_ball(self) -> None:
        th, d = self.theme, self.data
        self.ball = Dot(self.axes.c2p(d.trajectory.points[0, 0], d.costs[0]), radius=0.13,
                        color=th.highlight)
        self.state = self.state_line(0, d.trajectory.points[0, 0], d.costs[0])
        self.play(FadeIn(self.ball, scale=0.5), Write(self.state), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.step_eq = None

    def show_slope(self, s: DescentStep, run: float) -> None:
        """The tangent at W_k, its slope, and the update written out."""
        th, lr = self.theme, self.params.lr
        self.tangent = Line(self.axes.c2p(*s.tangent[0]), self.axes.c2p(*s.tangent[1]),
                            color=th.product, stroke_width=5)
        self.slope_box = math(DERIV + rf"(W_{s.k}) = {fmt_num(s.slope)}", style.MATH_SIZE_SMALL,
                              th.product).move_to([self.panel_x, self.row_y["slope"], 0])
        self.play(Create(self.tangent), FadeIn(self.slope_box), run_time=run)
        # the rule W ← W − α ∂cost/∂W is in the panel above: here only its numbers, large
        new_eq = math(rf"W_{{{s.k + 1}}} = {fmt_num(s.w, 3)} - {fmt_num(lr)}\cdot({fmt_num(s.slope)})"
                      rf" = {fmt_num(s.w_next, 3)}", style.MATH_SIZE_SMALL, th.kernel)
        # right-aligned, clear of the W axis label at the plot's bottom right
        fit_width(new_eq, 6.0).move_to([self.panel_x, self.row_y["step"], 0]).align_to(
            [style.FRAME_HALF_WIDTH - style.SAFE_MARGIN - 0.05, 0, 0], RIGHT)
        if self.step_eq is None:
            self.play(Write(new_eq), run_time=style.RUN_SLOW)
        else:
            self.play(ReplacementTransform(self.step_eq, new_eq), run_time=run)
        self.step_eq = new_eq

    def take_step(self, s: DescentStep) -> None:
        """One update: slope, the step along W, the ball lands on the curve."""
        th, ax = self.theme, self.axes
        slow = s.k < self.params.slow_steps
        run = style.RUN if slow else style.RUN_FAST
        self.show_slope(s, run)
        lift = UP * 0.3
        step_arrow = Arrow(ax.c2p(s.w, 0) + lift, ax.c2p(s.w_next, 0) + lift, buff=0,
                           color=th.kernel, stroke_width=5, max_tip_length_to_length_ratio=0.3)
        drop = DashedLine(ax.c2p(s.w_next, 0), ax.c2p(s.w_next, s.cost_next), color=th.muted,
                          stroke_width=2)
        if slow:
            self.play(Create(step_arrow), run_time=style.RUN)
        self.add(Dot(self.ball.get_center(), radius=0.07, color=th.highlight, fill_opacity=0.45))
        new_state = self.state_line(s.k + 1, s.w_next, s.cost_next)
        self.play(self.ball.animate.move_to(ax.c2p(s.w_next, s.cost_next)),
                  *([] if slow else [FadeIn(step_arrow)]), FadeIn(drop),
                  ReplacementTransform(self.state, new_state),
                  run_time=style.RUN_SLOW if slow else style.RUN, path_arc=-0.6)
        self.state = new_state
        self.wait(style.PAUSE if slow else style.PAUSE * 0.5)
        self.beat("step", k=s.k, w=fmt_num(s.w, 3), g=fmt_num(s.slope), w_next=fmt_num(s.w_next, 3))
        self.play(FadeOut(self.tangent), FadeOut(self.slope_box), FadeOut(step_arrow),
                  FadeOut(drop), run_time=style.RUN_FAST)

    def conclude(self) -> None:
        """The minimum: where the slope is zero."""
        th, d = self.theme, self.data
        minimum = DashedLine(self.axes.c2p(d.w_min, 0),
                             self.axes.c2p(d.w_min, d.cost_axis.high * 0.6),
                             color=th.highlight, stroke_width=3)
        min_eq = math(DERIV + rf" = 0 \iff W = {fmt_num(d.w_min, 3)}", style.MATH_SIZE_SMALL,
                      th.highlight).move_to(self.step_eq)
        self.play(Create(minimum), ReplacementTransform(self.step_eq, min_eq), run_time=style.RUN)
        self.play(Indicate(self.ball, color=th.highlight), run_time=style.RUN)
        self.wait(2 * style.READ)  # the conclusion stays ≥ 5 s
        self.beat("converged", n=d.trajectory.steps, w=fmt_num(d.trajectory.points[-1, 0], 3),
                  w_min=fmt_num(d.w_min, 3))


def _list(values) -> str:
    r"""``[v0,\ v1, …]``."""
    return "[" + r",\ ".join(fmt_num(v) for v in values) + "]"


# ----------------------------------------------------------------- LearningRateRegimes


class LearningRateRegimes(DLScene):
    """Learning rate too small, good, oscillating, diverging: one cost, four runs, exact thresholds."""

    centers = ([-3.45, 0.45, 0], [3.45, 0.45, 0], [-3.45, -2.45, 0], [3.45, -2.45, 0])
    """Centres of the four panels (the lower row's tick labels end inside the safe margin)."""

    def construct(self) -> None:
        self.show_curvature()
        self.draw_panels()
        self.run_all()
        self.show_thresholds()

    def show_curvature(self) -> None:
        d = self.data
        self.play(Write(title(self.t("regimes_title"))), run_time=style.RUN)
        self.top = math(r"\mathrm{cost}(W) = " + d.cost.latex()
                        + r",\qquad \lambda = \mathrm{cost}''(W) = " + fmt_num(d.curvature)
                        + r",\qquad W_{k+1} - W^{*} = (1 - \alpha\lambda)\,(W_k - W^{*})",
                        style.MATH_SIZE_SMALL)
        fit_width(self.top, 13.4).move_to([0, 2.55, 0])
        self.play(Write(self.top), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("lambda", lam=fmt_num(d.curvature))

    def draw_panels(self) -> None:
        th, d = self.theme, self.data
        self.panels = []
        for run, center in zip(d.runs, self.centers):
            axes = _axes(d.w_axis, d.cost_axis, 5.6, 1.8, th, boxed=True).move_to(center)
            a = run.analysis
            head = VGroup(
                label(self.t(run.name), style.FONT_SIZE_LABEL, th.highlight),
                math(rf"\alpha = {fmt_num(run.lr, 3)},\ \ 1 - \alpha\lambda = {fmt_num(a.factors[-1])}",
                     style.MATH_SIZE_SMALL * 0.8)).arrange(RIGHT, buff=0.3)
            fit_width(head, 6.6).next_to(axes, UP, buff=0.12)
            self.panels.append((axes, curve(axes, *d.curve.T, th.output, 4), head))
        self.play(*(Create(a) for a, _, _ in self.panels), *(Create(c) for _, c, _ in self.panels),
                  run_time=style.RUN)
        self.play(*(FadeIn(h) for _, _, h in self.panels), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("panels")

    def run_all(self) -> None:
        """The four runs step together; a run that leaves its plot stops at the edge."""
        th, runs = self.theme, self.data.runs
        self.balls = [Dot(ax.c2p(*run.path[0]), radius=0.09, color=th.highlight)
                      for (ax, _, _), run in zip(self.panels, runs)]
        self.play(*(FadeIn(b, scale=0.5) for b in self.balls), run_time=style.RUN_FAST)
        for k in range(self.params.steps):
            anims = []
            for (ax, _, _), run, ball in zip(self.panels, runs, self.balls):
                if k + 1 < len(run.path):
                    anims += [Create(Line(ax.c2p(*run.path[k]), ax.c2p(*run.path[k + 1]),
                                          color=th.kernel, stroke_width=3)),
                              ball.animate.move_to(ax.c2p(*run.path[k + 1]))]
            if anims:
                self.play(*anims, run_time=style.RUN if k < 3 else 0.8 * style.RUN)
            for i, run in enumerate(runs):
                if run.left_plot_at == k + 1:
                    self.mark_divergence(i, run)
            self.wait(style.PAUSE * 0.4)
        self.wait(style.PAUSE)
        self.beat("runs", steps=self.params.steps, k=len(runs[-1].trajectory.points) - 1,
                  **{run.name: fmt_num(run.final_w, 3) for run in runs})

    def verdict(self, i: int, text: str, color: str) -> None:
        """Panel ``i``'s name in its header gives way to its verdict (off the plot, where no
        path runs)."""
        axes, c, head = self.panels[i]
        name, formula = head
        new = label(text, style.FONT_SIZE_SMALL, color)
        new_head = VGroup(new, formula.copy()).arrange(RIGHT, buff=0.3)
        fit_width(new_head, 6.6).next_to(axes, UP, buff=0.12)
        self.panels[i] = (axes, c, new_head)
        return [FadeTransform(name, new), ReplacementTransform(formula, new_head[1])]

    def mark_divergence(self, i: int, run: RegimeRun) -> None:
        """The run left its plot: its ball stops at the edge where it left, and the verdict."""
        th = self.theme
        self.play(*self.verdict(i, self.t("diverged_at", k=run.left_plot_at), th.negative),
                  self.balls[i].animate.set_color(th.negative), run_time=style.RUN_FAST)

    def show_thresholds(self) -> None:
        """The verdicts (dlmath's regimes) and the exact thresholds 1/λ, 2/λ."""
        th, d = self.theme, self.data
        regime_names = {r: self.t(f"regime_{r}") for r in REGIMES}  # any lr_regime may return

        def name(run: RegimeRun) -> str:  # the too-small rate converges too, but slowly
            slow = run.name == "too_small" and run.analysis.regime == "monotone"
            return self.t("regime_slow") if slow else regime_names[run.analysis.regime]

        anims = [anim for i, run in enumerate(d.runs) if run.left_plot_at is None
                 for anim in self.verdict(i, name(run), th.foreground)]
        self.play(*anims, run_time=style.RUN)
        thresholds = VGroup(
            label(self.t("regime_monotone"), style.FONT_SIZE_LABEL, th.highlight),
            math(r"\iff \alpha \le \frac{1}{\lambda} = " + fmt_num(d.max_monotone_lr, 3) + ",",
                 style.MATH_SIZE_SMALL, th.highlight),
            label(self.t("converges"), style.FONT_SIZE_LABEL, th.highlight),
            math(r"\iff 0 < \alpha\lambda < 2 \iff \alpha < \frac{2}{\lambda} = "
                 + fmt_num(d.max_stable_lr, 3), style.MATH_SIZE_SMALL, th.highlight),
        ).arrange(RIGHT, buff=0.2)
        fit_width(thresholds, 13.4).move_to(self.top)
        self.play(FadeTransform(self.top, thresholds), run_time=style.RUN_SLOW)
        self.wait(style.READ * 1.5)
        self.beat("thresholds", lr1=fmt_num(d.max_monotone_lr, 3), lr2=fmt_num(d.max_stable_lr, 3))


# ----------------------------------------------------------------- optimizers in 2-D


def _hyper_tex(run: OptimizerRun) -> str:
    """``α = …`` (and ``β = …`` for momentum) of a run."""
    tex = rf"\alpha = {fmt_num(run.lr, 3)}"
    return tex + (rf",\ \beta = {fmt_num(run.beta, 3)}" if run.beta is not None else "")


class _OptimizerScene(DLScene):
    """Title and GD/momentum/Adam legend shared by the path and loss-curve scenes."""

    LEGEND_WIDTH = {k: 6 for k in METHODS}
    """Stroke width of each run's legend swatch."""

    def heading_and_legend(self, title_key: str) -> None:
        th = self.theme
        heading = title(self.t(title_key))
        self.play(Write(heading), run_time=style.RUN)
        self.colors = {k: run_colors(th)[k] for k in METHODS}
        legend = VGroup(*(VGroup(Line(ORIGIN, RIGHT * 0.5, color=self.colors[k],
                                      stroke_width=self.LEGEND_WIDTH[k]),
                                 label(self.t(f"name_{k}"), style.FONT_SIZE_LABEL, self.colors[k]))
                          .arrange(RIGHT, buff=0.15) for k in METHODS)).arrange(RIGHT, buff=0.7)
        legend.next_to(heading, DOWN, buff=0.2)
        self.play(FadeIn(legend), run_time=style.RUN)

    def finals(self, prob: OptimizerProblem) -> dict[str, str]:
        """Each run's last cost, for a caption."""
        return {run.method: _fmt_plain_loss(run.losses[-1]) for run in prob.runs}


class OptimizerPaths2D(_OptimizerScene):
    """GD, momentum and Adam drawn step by step on an ill-conditioned bowl and on Rosenbrock."""

    PLOT_Y = -0.12
    """Centre height of both plots (their cost tables fit below, the legend above)."""
    PLOT_HEIGHT = 3.37
    """Height of both plots: their bottoms stay where the cost tables start, their tops leave
    room above for the panel labels, clear of both the plot and the legend (Korean's tall
    glyphs included)."""
    TABLE_SIZE = style.MATH_SIZE_SMALL * 0.85
    """Font size of the cost tables under the plots."""
    VALUE_WIDTH = 1.6
    """Room right of each table row for its value (the widest, 1.8 × 10^-10, fits)."""
    PATH_WIDTH = {"gd": 3, "momentum": 2, "adam": 5}
    PATH_Z = {"gd": 0, "momentum": 1, "adam": 0}
    """Stroke width and depth of each run's path: on Rosenbrock momentum and Adam share the valley
    floor, so momentum's thin line is drawn over Adam's broad one and both stay visible."""
    END_RING = 0.22
    """Radius of the innermost ring around a run's last point (the star hides the end dots)."""
    END_RING_GAP = 0.07
    """How much wider each further run's ring is."""

    def construct(self) -> None:
        self.heading_and_legend("paths_title")
        self.tables = []
        for side, prob, milestones in zip((-1, 1), self.data.problems, self.data.milestones):
            axes = self.draw_landscape(prob, side)
            self.draw_paths(prob, axes, milestones)
            if side == -1:
                self.wait(style.PAUSE)
        self.conclude()

    def conclude(self) -> None:
        """The takeaway under the plots, and where Adam loses (when it does: from dlmath's runs)."""
        th, bowl = self.theme, self.data.problems[0]
        lines = [label(self.t("compare_speed"), style.FONT_SIZE_LABEL, th.foreground)]
        k = bowl.gd_passes_adam
        if k is not None:
            lines += [label(self.t("compare_adam_1"), style.FONT_SIZE_LABEL, self.colors["adam"]),
                      label(self.t("compare_adam_2", k=k), style.FONT_SIZE_LABEL, self.colors["adam"])]
        text = VGroup(*lines).arrange(DOWN, buff=0.14)
        fit_width(text, 13.4).next_to(self.tables[0], DOWN, buff=0).set_y(-2.95).set_x(0)
        self.play(*(FadeOut(t) for t in self.tables), FadeIn(text), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("compare", adam=self.t("cap_adam_loses", k=k) if k is not None else "")

    def draw_landscape(self, prob: OptimizerProblem, side: int) -> Axes:
        """Axes, level curves, the minimum (sympy) and the start."""
        th = self.theme
        axes = _axes(*prob.view, 5.6, self.PLOT_HEIGHT, th, boxed=True).move_to(
            [side * 3.45, self.PLOT_Y, 0])
        head = label(self.t(f"problem_{prob.key}"), style.FONT_SIZE_LABEL)
        if prob.kappa is not None:
            head = VGroup(head, math(rf"\kappa = {fmt_num(prob.kappa)}", style.MATH_SIZE_SMALL)
                          ).arrange(RIGHT, buff=0.2)
        # over the top tick's number (clear of the step counter on the right), a line's gap
        # above it
        fit_width(head, 4.4).next_to(axes.c2p(prob.view[0].low, prob.view[1].high), UP + RIGHT,
                                     buff=0.25).shift(LEFT * 0.4)
        self.play(Create(axes), Create(_contours(axes, prob.level_curves, th)), FadeIn(head),
                  run_time=style.RUN_SLOW)
        star = _marker(axes, prob.minimum, th)
        start = prob.runs[0].trajectory.points[0]
        self.play(FadeIn(star), FadeIn(Dot(axes.c2p(*start), radius=0.07, color=th.foreground)),
                  run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat(f"problem_{prob.key}",
                  **({"kappa": fmt_num(prob.kappa)} if prob.kappa is not None else {}))
        return axes

    def cost_table(self, prob: OptimizerProblem, axes: Axes) -> VGroup:
        """One row per run, in its colour: a swatch, its hyper-parameters and ``cost(w_k) =``,
        built once; :meth:`table_values` gives the values at each milestone."""
        rows = VGroup(*(VGroup(
            Line(ORIGIN, RIGHT * 0.4, color=self.colors[run.method], stroke_width=6),
            math(rf"({_hyper_tex(run)}):\ \ \mathrm{{cost}}(w_k) =", self.TABLE_SIZE,
                 self.colors[run.method])).arrange(RIGHT, buff=0.15) for run in prob.runs))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        width = rows.width
        fit_width(rows, 6.6 - self.VALUE_WIDTH)
        rows.scale_used = rows.width / width
        return rows.next_to(axes, DOWN, buff=0.25).set_x(axes.get_center()[0] - self.VALUE_WIDTH / 2)

    def table_values(self, prob: OptimizerProblem, rows: VGroup, k: int) -> VGroup:
        """Each run's cost(w_k), right of its row (only the numbers are new per milestone; the
        rows as read aloud go to ``shown``)."""
        values = VGroup()
        for run, row in zip(prob.runs, rows):
            value = _fmt_loss(run.losses[k])
            values.add(math(value, self.TABLE_SIZE * rows.scale_used,
                            self.colors[run.method]).next_to(row, RIGHT, buff=0.12))
            # on the formula's baseline (its bottom is the subscript k and the parentheses)
            values[-1].shift(UP * (_baseline(row[1]) - _baseline(values[-1])))
            self.shown.append(rf"({_hyper_tex(run)}):\ \ \mathrm{{cost}}(w_{{{k}}}) = {value}")
        return values

    def draw_paths(self, prob: OptimizerProblem, axes: Axes, milestones: tuple[int, ...]) -> None:
        """The runs drawn up to each milestone, with their costs there under the plot and the
        step counter k in its corner, both updated in place."""
        th = self.theme
        heads = [Dot(axes.c2p(*run.trajectory.points[0]), radius=0.06, color=self.colors[run.method])
                 .set_z_index(2) for run in prob.runs]
        self.add(*heads)
        corner = axes.c2p(prob.view[0].high, prob.view[1].high)
        rows = self.cost_table(prob, axes)
        k_num = Integer(milestones[0], font_size=style.MATH_SIZE_SMALL, color=th.highlight,
                        group_with_commas=False)
        counter = VGroup(math("k =", style.MATH_SIZE_SMALL, th.highlight), k_num).arrange(RIGHT, buff=0.12)
        k_num.align_to(counter[0], DOWN)
        counter.next_to(corner, UP + LEFT, buff=0.12)
        prev, values = 0, None
        for j, m in enumerate(milestones):
            anims = []
            for run, dot in zip(prob.runs, heads):
                seg = run.trajectory.points[prev:m + 1]
                path = _polyline(axes, seg, self.colors[run.method], self.PATH_WIDTH[run.method])
                anims += [Create(path.set_z_index(self.PATH_Z[run.method])),
                          dot.animate.move_to(axes.c2p(*run.trajectory.points[m]))]
            new_values = self.table_values(prob, rows, m)
            first = j == 0
            if first:
                swap = [FadeIn(rows), FadeIn(new_values), FadeIn(counter)]
            else:
                k_num.set_value(m)
                k_num.next_to(counter[0], RIGHT, buff=0.12).align_to(counter[0], DOWN)
                counter.next_to(corner, UP + LEFT, buff=0.12)
                swap = [FadeOut(values), FadeIn(new_values)]
            self.shown.append(rf"k = {m}")
            self.play(*anims, *swap, run_time=style.RUN_SLOW if first or m == milestones[-1]
                      else style.RUN)
            values, prev = new_values, m
            self.wait(style.PAUSE * (1.0 if first else 0.6))
        # each run's end point ringed in its colour, over the star that hides the end dots
        rings = VGroup(*(Circle(radius=self.END_RING + i * self.END_RING_GAP,
                                color=self.colors[run.method], stroke_width=3)
                         .move_to(axes.c2p(*run.trajectory.points[milestones[-1]])).set_z_index(4)
                         for i, run in enumerate(prob.runs)))
        self.play(Create(rings), run_time=style.RUN_FAST)
        self.tables.append(VGroup(rows, values))
        self.wait(style.PAUSE)
        self.beat(f"done_{prob.key}", steps=prob.steps, **self.finals(prob))


# ----------------------------------------------------------------- loss curves


class OptimizerLossCurves(_OptimizerScene):
    """Cost per step on a log scale for the runs of OptimizerPaths2D, with GD's worst-case bound."""

    LEFT_PANEL_RIGHT = 0.5
    """Rightmost x of the left panel's end labels (the right panel's tick labels start at ~0.9)."""
    CURVE_WIDTH = {"gd": 8, "momentum": 3, "adam": 3}
    """Stroke width of each run's curve: GD's is broad and drawn beneath, so the thin dotted
    bound on top of it (GD meets the bound exactly) leaves GD's line visible on both sides."""
    LEGEND_WIDTH = {k: w + 2 for k, w in CURVE_WIDTH.items()}
    """The legend's swatches, as broad relative to each other as the curves."""
    BOUND_DOT = 0.026
    """Radius of the bound's dots: narrower than GD's curve under them."""

    def construct(self) -> None:
        self.heading_and_legend("curves_title")
        axes = [self.loss_panel(panel, side) for side, panel in zip((-1, 1), self.data.panels)]
        self.show_bound(axes[0], self.data.panels[0])

    def loss_panel(self, panel: LossPanel, side: int) -> Axes:
        """The runs' costs against k on a log axis, each labelled with its last value."""
        th, prob = self.theme, panel.problem
        axes = Axes(x_range=list(panel.k_axis.triple()), y_range=list(panel.log_axis.triple()),
                    x_length=4.0, y_length=4.6, tips=False,
                    axis_config={"color": th.muted, "font_size": style.FONT_SIZE_SMALL},
                    x_axis_config={"include_numbers": True, "decimal_number_config":
                                   {"num_decimal_places": panel.k_axis.decimals}},
                    y_axis_config={"scaling": LogBase(custom_labels=True), "include_numbers": True,
                                   "decimal_number_config": {"num_decimal_places": 0}})
        axes.move_to([-3.2 if side < 0 else 3.55, -0.75, 0])
        head = label(self.t(f"problem_{prob.key}"), style.FONT_SIZE_LABEL).next_to(axes, UP, buff=0.15)
        head.set_x(axes.x_axis.get_center()[0] + 0.5)
        # beside the last tick number, below the axis end where the end labels sit
        k_lab = math("k", style.MATH_SIZE_SMALL, th.muted).next_to(axes.x_axis.numbers[-1], RIGHT,
                                                                     buff=0.15)
        c_lab = math(r"\mathrm{cost}(w_k)", style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(
            axes.y_axis, UP, buff=0.25)
        ends = VGroup(*(math(_fmt_loss(run.losses[-1]), style.MATH_SIZE_SMALL * 0.8,
                             self.colors[run.method]).next_to(
                                 axes.c2p(len(run.losses) - 1, run.losses[-1]), RIGHT, buff=0.12)
                        for run in prob.runs))
        _stack_apart(list(ends))
        # long end labels (many decades) would pass the frame or the next panel: shift left
        right = style.FRAME_HALF_WIDTH - style.SAFE_MARGIN if side > 0 else self.LEFT_PANEL_RIGHT
        VGroup(axes, head, k_lab, c_lab, ends).shift(LEFT * max(0.0, ends.get_right()[0] - right))
        self.play(Create(axes), FadeIn(head), FadeIn(k_lab), FadeIn(c_lab), run_time=style.RUN)
        for run in prob.runs:
            ks = np.arange(len(run.losses))
            line = _polyline(axes, np.column_stack([ks, run.losses]), self.colors[run.method],
                             self.CURVE_WIDTH[run.method])
            self.play(Create(line.set_z_index(-1 if run.method == "gd" else 0)),
                      run_time=style.RUN_SLOW)
        self.play(*(FadeIn(e) for e in ends), run_time=style.RUN)
        self.wait(style.READ)
        self.beat(f"curves_{prob.key}", steps=prob.steps, **self.finals(prob))
        return axes

    def show_bound(self, axes: Axes, panel: LossPanel) -> None:
        """Theory on the bowl: GD at the optimal step is never slower than its bound."""
        th, d = self.theme, self.data
        # GD meets the bound exactly (both shrink by r² a step): one small dot per step k, edged
        # in the background colour, on top of GD's broad line, which shows around and between them
        bound = VGroup(*(Dot(axes.c2p(k, v), radius=self.BOUND_DOT, color=th.highlight,
                             stroke_color=th.background, stroke_width=2, stroke_opacity=1)
                         .set_z_index(2) for k, v in enumerate(d.bound)))
        tex = math(r"\mathrm{cost}(w_0)\left(\frac{\kappa-1}{\kappa+1}\right)^{2k},\ \ \kappa = "
                   + fmt_num(d.kappa), style.MATH_SIZE_SMALL * 0.8, th.highlight)
        tex.next_to(axes.c2p(0, 10 ** panel.log_axis.low), UP + RIGHT, buff=0.15)
        tex.add_background_rectangle(color=th.background, opacity=0.85)
        self.play(Create(bound), FadeIn(tex), run_time=style.RUN_SLOW)
        self.wait(style.READ * 1.5)
        self.beat("curves_bound", rate=fmt_num(d.rate, 3), kappa=fmt_num(d.kappa))


def _baseline(mob) -> float:
    """The baseline of a number (the bottom of its digits) or of a label or formula (the median
    bottom of its glyphs: descenders such as p or ( and raised signs such as = are outliers)."""
    if isinstance(mob, (Integer, DecimalNumber)):
        return float(mob.get_bottom()[1])
    glyphs = [g for g in mob.family_members_with_points()]
    return float(np.median([g.get_bottom()[1] for g in glyphs]))


def _on_baseline(row: VGroup) -> None:
    """Shift every word, number and formula of ``row`` (nested one level) onto the baseline of
    its first one, as type sits on a line (digits are not centred against descending letters)."""
    base = _baseline(row[0])
    for part in row:
        for m in (part.submobjects if isinstance(part, VGroup) and not isinstance(
                part, (Text, Integer, DecimalNumber)) else [part]):
            if getattr(m, "centre_on", None) is not None:  # a slash between two numbers
                m.set_y(m.centre_on.get_center()[1])
            else:
                m.shift(UP * (base - _baseline(m)))


def _stack_apart(labels: list, gap: float = 0.05) -> None:
    """Nudge overlapping end labels upwards until ``gap`` separates them (layout only)."""
    labels.sort(key=lambda m: m.get_y())
    for lower, upper in zip(labels, labels[1:]):
        overlap = gap - (upper.get_bottom()[1] - lower.get_top()[1])
        if overlap > 0:
            upper.shift(UP * overlap)


# ----------------------------------------------------------------- mini-batch SGD


class MiniBatchSGD(DLScene):
    """Full-batch vs mini-batch gradient descent on linear regression: epochs, batches, steps."""

    status_y = {"full": -2.3, "mini": -2.85}
    best_y = -3.4
    TAKEAWAY_Y = 3.13
    """Centre height of the two-line takeaway (where the title and the step counts were)."""

    def construct(self) -> None:
        th = self.theme
        d = self.data
        colors = run_colors(th)
        self.runs = {"full": (d.full, colors["gd"], d.full_line_ends),
                     "mini": (d.mini, colors["minibatch"], d.mini_line_ends)}
        self.draw_plots()
        self.count_steps()
        self.start_runs()
        s_mini = 0
        for e in range(self.params.epochs):
            s_mini = self.train_epoch(e, s_mini)
        self.conclude()

    def draw_plots(self) -> None:
        """Left: the data; right: exact level curves of cost(W, b) and its minimum."""
        th, d, p = self.theme, self.data, self.params
        self.heading = title(self.t("sgd_title"))
        self.play(Write(self.heading), run_time=style.RUN)
        self.data_ax = _axes(*SGD_X_VIEW, 5.4, 3.3, th, boxed=True).move_to([-3.6, 0.1, 0])
        self.dots = VGroup(*(Dot(self.data_ax.c2p(a, b), radius=0.055, color=th.signal)
                             for a, b in zip(d.x, d.y)))
        data_head = math(r"H(x) = W x + b,\quad m = " + str(p.n), style.MATH_SIZE_SMALL, th.signal)
        data_head.next_to(self.data_ax, UP, buff=0.12)
        self.wb_ax = _axes(*SGD_WB_VIEW, 5.4, 3.3, th, boxed=True).move_to([3.25, 0.1, 0])
        wb_head = math(r"\mathrm{cost}(W, b) = \tfrac{1}{m}\textstyle\sum_{i}(W x_i + b - y_i)^2",
                       style.MATH_SIZE_SMALL)
        w_lab = math("W", style.MATH_SIZE_SMALL, th.kernel).next_to(self.wb_ax.x_axis, RIGHT, buff=0.12)
        b_lab = math("b", style.MATH_SIZE_SMALL, th.kernel).next_to(self.wb_ax.y_axis, UP, buff=0.12)
        # the head starts right of the b label (both sit just above the plot)
        wb_head.next_to(self.wb_ax, UP, buff=0.12).set_x(
            max(self.wb_ax.get_center()[0], b_lab.get_right()[0] + 0.3 + wb_head.width / 2))
        self.star = _marker(self.wb_ax, d.w_star, th)
        self.play(Create(self.data_ax), FadeIn(self.dots), Write(data_head), run_time=style.RUN_SLOW)
        self.play(Create(self.wb_ax), Create(_contours(self.wb_ax, d.level_curves, th)),
                  Write(wb_head), FadeIn(w_lab), FadeIn(b_lab), FadeIn(self.star),
                  run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("sgd_setup", n=p.n, w=fmt_num(d.w_star[0]), b=fmt_num(d.w_star[1]))

    def count_steps(self) -> None:
        """The bookkeeping: steps = ⌈n / B⌉ · epochs, for both batch sizes."""
        p, d = self.params, self.data
        rows = VGroup()
        for key, (run, color, _) in zip(("full_batch", "mini_batch"), self.runs.values()):
            rows.add(VGroup(label(self.t(key, B=run.batch_size), style.FONT_SIZE_LABEL, color),
                            math(rf"\lceil {p.n} / {run.batch_size} \rceil"
                                 rf"\cdot {run.epochs} = {run.steps_per_epoch} \cdot {run.epochs}"
                                 rf" = {run.steps}", style.MATH_SIZE_SMALL, color),
                            label(self.t("steps_word"), style.FONT_SIZE_LABEL, color)
                            ).arrange(RIGHT, buff=0.2))
        rows.arrange(RIGHT, buff=0.9)
        fit_width(rows, 13.4).move_to([0, 2.78, 0])
        self.count_rows = rows
        self.play(FadeIn(rows), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("sgd_count", full=d.full.steps, mini=d.mini.steps,
                  per_epoch=d.mini.steps_per_epoch, epochs=p.epochs)

    def line_for(self, name: str, s: int) -> Line:
        """The line H(x) = W_s x + b_s of run ``name`` across the data plot."""
        _, color, ends = self.runs[name]
        (x0, x1), (y0, y1) = (SGD_X_VIEW[0].low, SGD_X_VIEW[0].high), ends[s]
        return Line(self.data_ax.c2p(x0, y0), self.data_ax.c2p(x1, y1), color=color, stroke_width=4)

    def status_row(self, name: str) -> VGroup:
        """Run ``name``'s counters (epoch, batch, step) and cost, built once: the words never
        change, the numbers are Integer/DecimalNumber mobjects that :meth:`set_status` updates
        in place (a new Text and MathTex per step cost MiniBatchSGD a fifth of its render)."""
        run, color, _ = self.runs[name]
        num = dict(font_size=style.MATH_SIZE_SMALL, color=color)
        parts = [label(self.t(f"status_{name}_name"), style.FONT_SIZE_SMALL, color)]
        counters = {}
        for key, total in (("epoch", run.epochs), ("batch", run.steps_per_epoch),
                           ("step", run.steps)):
            if key == "batch" and name == "full":
                continue
            counters[key] = Integer(0, **num)
            slash, of = math("/", num["font_size"], color), Integer(total, **num)
            slash.centre_on = of
            parts.append(VGroup(label(self.t(f"status_{key}"), style.FONT_SIZE_SMALL, color),
                                counters[key], slash, of))
        cost = DecimalNumber(0, num_decimal_places=3, **num)
        parts.append(VGroup(math(r"\mathrm{cost} =", num["font_size"], color), cost))
        row = VGroup(*parts)
        row.counters, row.cost = counters, cost
        return row

    def set_status(self, name: str, s: int) -> None:
        """Counters and cost after ``s`` steps of run ``name`` (s = 0: before the first step),
        in place; records the row as read aloud (the catalogue's ``status_<name>``)."""
        run, _, _ = self.runs[name]
        row = self.status[name]
        values = {"epoch": int(run.epoch[s - 1]) + 1 if s else 0,
                  "batch": int(run.batch[s - 1]) + 1 if s else 0, "step": s}
        for key, number in row.counters.items():
            number.set_value(values[key])
        row.cost.set_value(float(run.loss[s]))
        for part in row[1:]:
            part.arrange(RIGHT, buff=0.12)
        row.arrange(RIGHT, buff=0.3)
        _on_baseline(row)
        row.move_to([0, self.status_y[name], 0])
        self.shown.append(self.t(f"status_{name}", e=values["epoch"], E=run.epochs,
                                 j=values["batch"], J=run.steps_per_epoch, s=s, S=run.steps)
                          + f", cost = {row.cost.number:.3f}")

    def start_runs(self) -> None:
        """Both runs start at w0: their lines, their heads on the cost plot, their counters."""
        self.lines = {name: self.line_for(name, 0) for name in self.runs}
        self.heads = {name: Dot(self.wb_ax.c2p(*run.params[0]), radius=0.07 if name == "full" else 0.06,
                                color=color) for name, (run, color, _) in self.runs.items()}
        self.status = {name: self.status_row(name) for name in self.runs}
        for name in self.runs:
            self.set_status(name, 0)
        self.play(*(Create(m) for m in self.lines.values()), *(FadeIn(m) for m in self.heads.values()),
                  *(FadeIn(m) for m in self.status.values()), run_time=style.RUN)
        self.wait(style.PAUSE)

    def advance(self, name: str, s: int, run_time: float) -> None:
        """Step ``s`` of run ``name``: its batch lights up, the line and the head move."""
        th = self.theme
        run, color, _ = self.runs[name]
        seg = Line(self.wb_ax.c2p(*run.params[s - 1]), self.wb_ax.c2p(*run.params[s]), color=color,
                   stroke_width=3 if name == "mini" else 5)
        new_line = self.line_for(name, s)
        marks = VGroup(*(Dot(self.dots[i].get_center(), radius=0.09, color=th.highlight)
                         for i in run.batches[s - 1]))
        self.play(FadeIn(marks), run_time=style.RUN_FAST * 0.6)
        self.play(Create(seg), self.heads[name].animate.move_to(self.wb_ax.c2p(*run.params[s])),
                  ReplacementTransform(self.lines[name], new_line), run_time=run_time)
        self.set_status(name, s)
        self.remove(marks)
        self.lines[name] = new_line

    def train_epoch(self, e: int, s_mini: int) -> int:
        """One epoch: every mini-batch step, then the one full-batch step."""
        d, first = self.data, e == 0
        for _ in range(d.mini.steps_per_epoch):
            s_mini += 1
            self.advance("mini", s_mini, style.RUN if first else style.RUN_FAST)
        if first:
            self.wait(style.PAUSE)
        self.advance("full", e + 1, style.RUN_SLOW if first else style.RUN)
        self.wait(style.PAUSE * (1.0 if first else 0.5))
        self.beat("sgd_epoch", e=e + 1, mini=s_mini, full=e + 1,
                  c_mini=fmt_num(d.mini.loss[s_mini], 3), c_full=fmt_num(d.full.loss[e + 1], 3))
        return s_mini

    def conclude(self) -> None:
        th, d = self.theme, self.data
        self.wait(style.PAUSE)
        best = math(rf"\min \mathrm{{cost}} = {fmt_num(d.min_cost, 3)}", style.MATH_SIZE_SMALL,
                    th.highlight).move_to([0, self.best_y, 0])
        self.play(FadeIn(best), Indicate(self.star, color=th.highlight), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("sgd_done", epochs=self.params.epochs, mini=d.mini.steps, full=d.full.steps,
                  c_mini=fmt_num(d.mini.loss[-1], 3), c_full=fmt_num(d.full.loss[-1], 3),
                  best=fmt_num(d.min_cost, 3))
        self.takeaway()

    def takeaway(self) -> None:
        """What mini-batch noise buys and costs, in place of the title and the step counts
        (the counters below still show both runs' steps)."""
        lines = VGroup(*(label(self.t(f"sgd_takeaway_{i}"), style.FONT_SIZE_LABEL)
                         for i in (1, 2))).arrange(DOWN, buff=0.12)
        fit_width(lines, 13.4).move_to([0, self.TAKEAWAY_Y, 0])
        self.play(FadeOut(self.heading), FadeOut(self.count_rows), run_time=style.RUN_FAST)
        self.play(FadeIn(lines), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("sgd_takeaway")
