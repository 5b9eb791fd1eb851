"""Gradient-descent scenes: the update W ← W − α ∂cost/∂W, learning-rate regimes,
optimizer paths on 2-D costs, mini-batch SGD, loss curves.

Every number on screen comes from :mod:`dlmath.optim`.
Render one with the plain Manim CLI: ``manim -ql scenes/gradient_descent.py GradientDescentSteps``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    DashedLine,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    Indicate,
    Line,
    LogBase,
    ReplacementTransform,
    VGroup,
    VMobject,
    Write,
)

from dlmath.optim import (
    REGIMES,
    adam,
    analyze_lr,
    condition_number,
    gd_cost_bound,
    gradient_descent,
    linear_data,
    linear_regression_quadratic,
    momentum,
    momentum_optimal,
    optimal_lr,
    optimal_rate,
    quadratic_cost,
    quadratic_level_curve,
    regression_cost_1d,
    rosenbrock,
    rosenbrock_level_curve,
    sgd,
    tangent_segment,
)
from scenes import style
from scenes.common import DLScene, fit_width, label, math, title
from scenes.style import fmt_num

__all__ = ["GradientDescentSteps", "LearningRateRegimes", "OptimizerPaths2D", "MiniBatchSGD", "OptimizerLossCurves"]


def _cost_axes(cost, w_range, c_range, x_length, y_length, center, theme, plot_range,
               numbers=True):
    """Axes of W against cost(W), centred at ``center``, with the dlmath cost plotted on them
    over ``plot_range`` (chosen so that the curve stays inside ``c_range``)."""
    axes = Axes(x_range=list(w_range), y_range=list(c_range), x_length=x_length,
                y_length=y_length, tips=False,
                axis_config={"color": theme.muted, "include_numbers": numbers,
                             "font_size": style.FONT_SIZE_SMALL,
                             "decimal_number_config": {"num_decimal_places": 0}})
    axes.move_to(center)
    curve = axes.plot(lambda w: float(cost.value(w)), x_range=list(plot_range),
                      color=theme.output, stroke_width=4)
    return axes, curve


class GradientDescentSteps(DLScene):
    """Gradient descent on the seed's cost(W): a ball steps down along the tangent slope."""

    expected_duration = 44.0
    x = (1.0, 2.0, 3.0)
    y = (1.0, 2.0, 3.0)
    w0 = -1.0
    lr = 0.05
    steps = 6
    slow_steps = 2  # the first steps are explained in full, the rest go faster
    w_range = (-1.5, 3.5, 1.0)
    c_range = (0.0, 25.0, 5.0)
    plot_range = (-1.25, 3.25)
    tangent_half_width = 0.4

    def construct(self) -> None:
        th = self.theme
        cost = regression_cost_1d(self.x, self.y)
        traj = gradient_descent(cost.grad, [self.w0], self.lr, self.steps)
        ws, gs = traj.points[:, 0], traj.grads[:, 0]
        cs = cost.value(ws)
        w_min = cost.stationary_points()[0, 0]

        heading = title(self.t("steps_title"))
        self.play(Write(heading), run_time=style.RUN)

        axes, curve = _cost_axes(cost, self.w_range, self.c_range, 6.0, 4.9, [-3.5, -0.75, 0], th,
                                 self.plot_range)
        w_lab = math("W", style.MATH_SIZE_SMALL, th.kernel).next_to(axes.x_axis, RIGHT, buff=0.15)
        c_lab = math(r"\mathrm{cost}(W)", style.MATH_SIZE_SMALL, th.output).next_to(
            axes.y_axis, UP, buff=0.15)
        self.play(Create(axes), Write(w_lab), Write(c_lab), run_time=style.RUN)

        # right panel: data, cost, derivative, update rule
        panel_x = 3.55
        data = math(r"x = [" + r",\ ".join(fmt_num(v) for v in self.x) + r"],\quad y = ["
                    + r",\ ".join(fmt_num(v) for v in self.y) + "]",
                    style.MATH_SIZE_SMALL, th.signal)
        cost_eq = math(r"\mathrm{cost}(W) = \frac{1}{m}\sum_{i=1}^{m} (W x_i - y_i)^2 = "
                       + cost.latex(), style.MATH_SIZE_SMALL)
        grad_eq = math(r"\frac{\partial\,\mathrm{cost}}{\partial W} = \frac{2}{m}\sum_{i=1}^{m}"
                       r"(W x_i - y_i)\,x_i = " + cost.gradient_latex()[0],
                       style.MATH_SIZE_SMALL, th.product)
        update_eq = math(r"W \leftarrow W - \alpha\,\frac{\partial\,\mathrm{cost}}{\partial W},"
                         rf"\qquad \alpha = {fmt_num(self.lr)}", style.MATH_SIZE_SMALL, th.kernel)
        panel = VGroup(data, cost_eq, grad_eq, update_eq).arrange(DOWN, buff=0.35)
        for m in panel:
            fit_width(m, 6.3)
        panel.next_to(heading, DOWN, buff=0.45).set_x(panel_x)
        self.play(FadeIn(data), run_time=style.RUN)
        self.play(Write(cost_eq), Create(curve), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("cost", w_min=fmt_num(w_min, 3))
        self.play(Write(grad_eq), run_time=style.RUN_SLOW)
        self.play(Write(update_eq), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("rule", lr=fmt_num(self.lr))

        # the ball at W_0
        ball = Dot(axes.c2p(ws[0], cs[0]), radius=0.13, color=th.highlight)
        state = math(rf"W_0 = {fmt_num(ws[0], 3)},\quad \mathrm{{cost}}(W_0) = {fmt_num(cs[0])}",
                     style.MATH_SIZE_SMALL).move_to([panel_x, -1.45, 0])
        self.play(FadeIn(ball, scale=0.5), Write(state), run_time=style.RUN)
        self.wait(style.PAUSE)

        step_eq = None
        trail = VGroup()
        for k in range(traj.steps):
            slow = k < self.slow_steps
            run = style.RUN if slow else style.RUN_FAST
            seg = tangent_segment(cost, ws[k], self.tangent_half_width)
            tangent = Line(axes.c2p(*seg[0]), axes.c2p(*seg[1]), color=th.product, stroke_width=5)
            slope_box = math(rf"\frac{{\partial\,\mathrm{{cost}}}}{{\partial W}}(W_{k}) = {fmt_num(gs[k])}",
                             style.MATH_SIZE_SMALL, th.product).move_to([panel_x, -2.25, 0])
            self.play(Create(tangent), FadeIn(slope_box), run_time=run)

            new_eq = math(rf"W_{{{k + 1}}} = W_{k} - \alpha\,\frac{{\partial\,\mathrm{{cost}}}}{{\partial W}}"
                          rf" = {fmt_num(ws[k], 3)} - {fmt_num(self.lr)}\cdot({fmt_num(gs[k])})"
                          rf" = {fmt_num(ws[k + 1], 3)}", style.MATH_SIZE_SMALL, th.kernel)
            fit_width(new_eq, 6.3)
            new_eq.move_to([panel_x, -3.2, 0])
            if step_eq is None:
                self.play(Write(new_eq), run_time=style.RUN_SLOW)
            else:
                self.play(ReplacementTransform(step_eq, new_eq), run_time=run)
            step_eq = new_eq

            # the step along W, then the ball lands on the curve
            lift = UP * 0.3
            step_arrow = Arrow(axes.c2p(ws[k], 0) + lift, axes.c2p(ws[k + 1], 0) + lift, buff=0,
                               color=th.kernel, stroke_width=5, max_tip_length_to_length_ratio=0.3)
            drop = DashedLine(axes.c2p(ws[k + 1], 0), axes.c2p(ws[k + 1], cs[k + 1]),
                              color=th.muted, stroke_width=2)
            if slow:
                self.play(Create(step_arrow), run_time=style.RUN)
            ghost = Dot(ball.get_center(), radius=0.07, color=th.highlight, fill_opacity=0.45)
            trail.add(ghost)
            new_state = math(rf"W_{{{k + 1}}} = {fmt_num(ws[k + 1], 3)},\quad "
                             rf"\mathrm{{cost}}(W_{{{k + 1}}}) = {fmt_num(cs[k + 1])}",
                             style.MATH_SIZE_SMALL).move_to(state)
            self.add(ghost)
            self.play(ball.animate.move_to(axes.c2p(ws[k + 1], cs[k + 1])),
                      *([] if slow else [FadeIn(step_arrow)]), FadeIn(drop),
                      ReplacementTransform(state, new_state),
                      run_time=style.RUN_SLOW if slow else style.RUN, path_arc=-0.6)
            state = new_state
            self.wait(style.PAUSE if slow else style.PAUSE * 0.5)
            self.beat("step", k=k, w=fmt_num(ws[k], 3), g=fmt_num(gs[k]),
                      w_next=fmt_num(ws[k + 1], 3))
            self.play(FadeOut(tangent), FadeOut(slope_box), FadeOut(step_arrow), FadeOut(drop),
                      run_time=style.RUN_FAST)

        # the minimum: where the slope is zero
        minimum = DashedLine(axes.c2p(w_min, 0), axes.c2p(w_min, self.c_range[1] * 0.6),
                             color=th.highlight, stroke_width=3)
        min_eq = math(rf"\frac{{\partial\,\mathrm{{cost}}}}{{\partial W}} = 0 \iff W = {fmt_num(w_min, 3)}",
                      style.MATH_SIZE_SMALL, th.highlight).move_to(step_eq)
        self.play(Create(minimum), ReplacementTransform(step_eq, min_eq), run_time=style.RUN)
        self.play(Indicate(ball, color=th.highlight), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("converged", n=traj.steps, w=fmt_num(ws[-1], 3), w_min=fmt_num(w_min, 3))


class LearningRateRegimes(DLScene):
    """Learning rate too small, good, oscillating, diverging: one cost, four runs, exact thresholds."""

    expected_duration = 30.0
    x = (1.0, 2.0, 3.0)
    y = (1.0, 2.0, 3.0)
    w0 = -1.0
    steps = 10
    # (learning rate, catalogue key of the panel's verdict)
    runs = ((0.015, "too_small"), (0.09, "good"), (0.18, "too_big"), (0.22, "far_too_big"))
    w_range = (-2.0, 4.0, 1.0)
    c_range = (0.0, 45.0, 15.0)
    plot_range = (-1.9, 3.9)
    bound = 4.0
    """A run is stopped and reported diverged when |W| exceeds this (the plot's edge)."""

    def construct(self) -> None:
        th = self.theme
        cost = regression_cost_1d(self.x, self.y)
        hess = cost.hessian(self.w0)
        infos = [analyze_lr(lr, hess) for lr, _ in self.runs]
        trajs = [gradient_descent(cost.grad, [self.w0], lr, self.steps, bound=self.bound)
                 for lr, _ in self.runs]
        lam = infos[0].eigenvalues[-1]

        heading = title(self.t("regimes_title"))
        self.play(Write(heading), run_time=style.RUN)
        top = math(r"\mathrm{cost}(W) = " + cost.latex() + r",\qquad \lambda = \mathrm{cost}''(W) = "
                   + fmt_num(lam) + r",\qquad W_{k+1} - W^{*} = (1 - \alpha\lambda)\,(W_k - W^{*})",
                   style.MATH_SIZE_SMALL)
        fit_width(top, 13.4)
        top.move_to([0, 2.55, 0])
        self.play(Write(top), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("lambda", lam=fmt_num(lam))

        centers = [[-3.45, 0.4, 0], [3.45, 0.4, 0], [-3.45, -2.6, 0], [3.45, -2.6, 0]]
        panels = []
        for (lr, key), info, center in zip(self.runs, infos, centers):
            axes, curve = _cost_axes(cost, self.w_range, self.c_range, 5.6, 1.8, center, th,
                                     self.plot_range)
            head = VGroup(
                label(self.t(key), style.FONT_SIZE_LABEL, th.highlight),
                math(rf"\alpha = {fmt_num(lr, 3)},\ \ \alpha\lambda = {fmt_num(info.alpha_lambda[-1])},"
                     rf"\ \ 1 - \alpha\lambda = {fmt_num(info.factors[-1])}",
                     style.MATH_SIZE_SMALL * 0.8)).arrange(RIGHT, buff=0.3)
            fit_width(head, 6.6)
            head.next_to(axes, UP, buff=0.12)
            panels.append((axes, curve, head))
        self.play(*(Create(a) for a, _, _ in panels), *(Create(c) for _, c, _ in panels),
                  run_time=style.RUN)
        self.play(*(FadeIn(h) for _, _, h in panels), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("panels")

        balls, paths = [], []
        for (axes, _, _), traj in zip(panels, trajs):
            p = traj.points[0, 0]
            balls.append(Dot(axes.c2p(p, float(cost.value(p))), radius=0.09, color=th.highlight))
        self.play(*(FadeIn(b, scale=0.5) for b in balls), run_time=style.RUN_FAST)
        stopped = set()
        for k in range(self.steps):
            anims = []
            for i, ((axes, _, _), traj) in enumerate(zip(panels, trajs)):
                if k + 1 >= len(traj.points):
                    continue
                a, b = traj.points[k, 0], traj.points[k + 1, 0]
                p_a = axes.c2p(a, float(cost.value(a)))
                p_b = axes.c2p(b, float(cost.value(b)))
                seg = Line(p_a, p_b, color=th.kernel, stroke_width=3)
                paths.append(seg)
                anims += [Create(seg), balls[i].animate.move_to(p_b)]
            if anims:
                self.play(*anims, run_time=style.RUN if k < 3 else 0.8 * style.RUN)
            for i, traj in enumerate(trajs):
                if traj.diverged and traj.diverged_at == k + 1 and i not in stopped:
                    stopped.add(i)
                    axes = panels[i][0]
                    note = label(self.t("diverged_at", k=traj.diverged_at), style.FONT_SIZE_SMALL,
                                 th.negative)
                    note.add_background_rectangle(color=th.background, opacity=0.85)
                    note.next_to(axes.c2p(self.w_range[1], self.c_range[1]), DOWN + LEFT, buff=0.05)
                    self.play(FadeIn(note), balls[i].animate.set_color(th.negative),
                              run_time=style.RUN_FAST)
            self.wait(style.PAUSE * 0.4)
        self.wait(style.PAUSE)
        finals = {key: fmt_num(t.points[-1, 0], 3) for (_, key), t in zip(self.runs, trajs)}
        self.beat("runs", **finals)

        # the verdicts, from lr_regime, and the exact thresholds
        regime_names = {r: self.t(f"regime_{r}") for r in REGIMES}  # any lr_regime may return
        verdicts = []
        for (axes, _, _), info, traj in zip(panels, infos, trajs):
            if traj.diverged:
                continue  # its run report is already in that corner; the threshold line says why
            v = label(regime_names[info.regime], style.FONT_SIZE_SMALL, th.output)
            v.add_background_rectangle(color=th.background, opacity=0.85)
            v.next_to(axes.c2p(self.w_range[1], self.c_range[1]), DOWN + LEFT, buff=0.05)
            verdicts.append(v)
        self.play(*(FadeIn(v) for v in verdicts), run_time=style.RUN)
        thresholds = VGroup(
            label(self.t("regime_monotone"), style.FONT_SIZE_LABEL, th.highlight),
            math(r"\iff \alpha \le \frac{1}{\lambda} = " + fmt_num(infos[0].max_monotone_lr, 3) + ",",
                 style.MATH_SIZE_SMALL, th.highlight),
            label(self.t("converges"), style.FONT_SIZE_LABEL, th.highlight),
            math(r"\iff 0 < \alpha\lambda < 2 \iff \alpha < \frac{2}{\lambda} = "
                 + fmt_num(infos[0].max_stable_lr, 3), style.MATH_SIZE_SMALL, th.highlight),
        ).arrange(RIGHT, buff=0.2)
        fit_width(thresholds, 13.4)
        thresholds.move_to(top)
        self.play(FadeTransform(top, thresholds), run_time=style.RUN_SLOW)
        self.wait(style.READ * 1.5)
        self.beat("thresholds", lr1=fmt_num(infos[0].max_monotone_lr, 3),
                  lr2=fmt_num(infos[0].max_stable_lr, 3))


# ----------------------------------------------------------------- optimizers in 2-D

_METHODS = {"gd": gradient_descent, "momentum": momentum, "adam": adam}


def _fmt_loss(value: float) -> str:
    """A loss for the screen: ``0.123`` or ``3.4\\times 10^{-5}`` (decimals, or mantissa/exponent)."""
    if value == 0 or abs(value) >= 0.01:
        return fmt_num(value, 3)
    mantissa, exponent = f"{value:.1e}".split("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}"


def _clip_polyline(points: np.ndarray, box: tuple[float, float, float, float]) -> list[np.ndarray]:
    """The runs of consecutive points inside ``box = (x0, x1, y0, y1)`` (drawing, not math)."""
    x0, x1, y0, y1 = box
    inside = (points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0) & (points[:, 1] <= y1)
    runs, start = [], None
    for i, flag in enumerate(np.append(inside, False)):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= 2:
                runs.append(points[start:i])
            start = None
    return runs


class _OptimizerProblems:
    """Inputs shared by the 2-D path scene and the loss-curve scene (same runs in both).

    The quadratic uses the theory's best settings: GD at α = 2/(λ_min + λ_max) and
    momentum at Goh's optimal (α, β); Adam and the Rosenbrock runs use the rates below.
    """

    quad_hessian = ((5.5, 4.5), (4.5, 5.5))
    quad_start = (-3.2, 2.2)
    quad_steps = 30
    quad_adam_lr = 0.3
    quad_view = ((-4.0, 4.0, 1.0), (-3.0, 3.0, 1.0))
    quad_levels = (0.25, 1.0, 2.5, 5.0, 10.0, 20.0)
    rosen_start = (-1.2, 1.0)
    rosen_steps = 1500
    rosen_lr = (("gd", 0.001), ("momentum", 0.001), ("adam", 0.05))
    rosen_beta = 0.9
    rosen_view = ((-2.0, 2.0, 1.0), (-1.0, 3.0, 1.0))
    rosen_levels = (0.5, 2.0, 8.0, 32.0, 128.0, 512.0)

    def problems(self) -> list[dict]:
        """For each cost: its runs ``(method, trajectory, losses, hyper-parameter TeX)``."""
        out = []
        h = np.array(self.quad_hessian)
        quad = quadratic_cost(h)
        m_lr, m_beta, _ = momentum_optimal(h)
        g_lr = optimal_lr(h)
        runs = [("gd", gradient_descent(quad.grad, self.quad_start, g_lr, self.quad_steps),
                 rf"\alpha = {fmt_num(g_lr, 3)}"),
                ("momentum", momentum(quad.grad, self.quad_start, m_lr, self.quad_steps, beta=m_beta),
                 rf"\alpha = {fmt_num(m_lr, 3)},\ \beta = {fmt_num(m_beta, 3)}"),
                ("adam", adam(quad.grad, self.quad_start, self.quad_adam_lr, self.quad_steps),
                 rf"\alpha = {fmt_num(self.quad_adam_lr, 3)}")]
        out.append({"key": "quadratic", "cost": quad, "view": self.quad_view,
                    "kappa": condition_number(h),
                    "curves": [quadratic_level_curve(h, lv, n=240) for lv in self.quad_levels],
                    "runs": [(k, t, quad.value(t.points), tex) for k, t, tex in runs]})
        rosen = rosenbrock()
        runs = []
        for key, lr in self.rosen_lr:
            kw = {"beta": self.rosen_beta} if key == "momentum" else {}
            t = _METHODS[key](rosen.grad, self.rosen_start, lr, self.rosen_steps, **kw)
            tex = rf"\alpha = {fmt_num(lr, 3)}" + (rf",\ \beta = {fmt_num(self.rosen_beta)}"
                                                   if key == "momentum" else "")
            runs.append((key, t, rosen.value(t.points), tex))
        out.append({"key": "rosenbrock", "cost": rosen, "view": self.rosen_view, "kappa": None,
                    "curves": [rosenbrock_level_curve(lv, n=600) for lv in self.rosen_levels],
                    "runs": runs})
        return out

    def heading_and_legend(self, title_key: str) -> tuple:
        """Write the title and the GD/momentum/Adam legend; return the title and the colours."""
        th = self.theme
        heading = title(self.t(title_key))
        self.play(Write(heading), run_time=style.RUN)
        colors = {k: th.classes[i] for i, k in enumerate(_METHODS)}
        legend = VGroup(*(VGroup(Line(ORIGIN, RIGHT * 0.5, color=colors[k], stroke_width=6),
                                 label(self.t(f"name_{k}"), style.FONT_SIZE_LABEL, colors[k]))
                          .arrange(RIGHT, buff=0.15) for k in _METHODS)).arrange(RIGHT, buff=0.7)
        legend.next_to(heading, DOWN, buff=0.25)
        self.play(FadeIn(legend), run_time=style.RUN)
        return heading, colors


class OptimizerPaths2D(_OptimizerProblems, DLScene):
    """GD, momentum and Adam drawn step by step on an ill-conditioned bowl and on Rosenbrock."""

    expected_duration = 37.0
    milestones = {"quadratic": (1, 2, 3, 5, 10, 30), "rosenbrock": (1, 10, 50, 200, 600, 1500)}

    def construct(self) -> None:
        th = self.theme
        heading, colors = self.heading_and_legend("paths_title")
        probs = self.problems()

        for side, prob in zip((-1, 1), probs):
            (xr, yr) = prob["view"]
            axes = Axes(x_range=list(xr), y_range=list(yr), x_length=5.6, y_length=3.8, tips=False,
                        axis_config={"color": th.muted, "include_numbers": True,
                                     "font_size": style.FONT_SIZE_SMALL,
                                     "decimal_number_config": {"num_decimal_places": 0}})
            axes.move_to([side * 3.5, -0.1, 0])
            box = (xr[0], xr[1], yr[0], yr[1])
            contours = VGroup()
            for curve in prob["curves"]:
                for run in _clip_polyline(curve, box):
                    contours.add(VMobject(stroke_color=th.muted, stroke_width=1.5, stroke_opacity=0.7)
                                 .set_points_as_corners(axes.coords_to_point(run)))
            name = self.t(f"problem_{prob['key']}")
            head = label(name, style.FONT_SIZE_LABEL)
            if prob["kappa"] is not None:
                head = VGroup(head, math(rf"\kappa = {fmt_num(prob['kappa'])}", style.MATH_SIZE_SMALL)
                              ).arrange(RIGHT, buff=0.2)
            head.next_to(axes, UP, buff=0.1)
            self.play(Create(axes), Create(contours), FadeIn(head), run_time=style.RUN_SLOW)
            # the minimum (where the gradient is zero, by sympy)
            w_star = prob["cost"].stationary_points()[0]
            star = math(r"\star", style.MATH_SIZE, th.highlight).move_to(axes.c2p(*w_star))
            start = prob["runs"][0][1].points[0]
            self.play(FadeIn(star), FadeIn(Dot(axes.c2p(*start), radius=0.07, color=th.foreground)),
                      run_time=style.RUN_FAST)
            self.wait(style.PAUSE)
            self.beat(f"problem_{prob['key']}",
                      **({"kappa": fmt_num(prob["kappa"])} if prob["kappa"] is not None else {}))

            heads = [Dot(axes.c2p(*traj.points[0]), radius=0.06, color=colors[key])
                     for key, traj, _, _ in prob["runs"]]
            self.add(*heads)
            prev = 0
            table = counter = None
            for j, m in enumerate(self.milestones[prob["key"]]):
                anims = []
                rows = VGroup()
                for (key, traj, losses, tex), dot in zip(prob["runs"], heads):
                    k = min(m, traj.steps)
                    seg = traj.points[prev:k + 1]
                    if len(seg) >= 2:
                        path = VMobject(stroke_color=colors[key], stroke_width=3).set_points_as_corners(
                            axes.coords_to_point(seg))
                        anims += [Create(path), dot.animate.move_to(axes.c2p(*traj.points[k]))]
                    rows.add(VGroup(
                        label(self.t(f"name_{key}"), style.FONT_SIZE_SMALL, colors[key]),
                        math(rf"({tex}):\ \ \mathrm{{cost}}(w_{{{k}}}) = {_fmt_loss(losses[k])}",
                             style.MATH_SIZE_SMALL * 0.85)).arrange(RIGHT, buff=0.15))
                rows.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
                fit_width(rows, 6.6)
                rows.next_to(axes, DOWN, buff=0.3).set_x(axes.get_center()[0])
                new_counter = math(rf"k = {m}", style.MATH_SIZE_SMALL, th.highlight)
                new_counter.next_to(axes.c2p(xr[1], yr[1]), DOWN + LEFT, buff=0.1)
                new_counter.add_background_rectangle(color=th.background, opacity=0.85)
                swap = ([FadeIn(rows), FadeIn(new_counter)] if table is None else
                        [FadeOut(table), FadeIn(rows), FadeOut(counter), FadeIn(new_counter)])
                first = j == 0
                self.play(*anims, *swap,
                          run_time=style.RUN_SLOW if first or m == self.milestones[prob["key"]][-1]
                          else style.RUN)
                table, counter = rows, new_counter
                prev = m
                self.wait(style.PAUSE * (1.0 if first else 0.6))
            self.wait(style.PAUSE)
            finals = {key: _fmt_plain_loss(losses[-1]) for key, _, losses, _ in prob["runs"]}
            self.beat(f"done_{prob['key']}", steps=prob["runs"][0][1].steps, **finals)
            if side == -1:
                self.wait(style.PAUSE)
        self.wait(style.READ)
        self.beat("compare")


def _fmt_plain_loss(value: float) -> str:
    """A loss for a caption (plain text): ``0.123`` or ``3.4e-05``."""
    return fmt_num(value, 3) if value == 0 or abs(value) >= 0.01 else f"{value:.1e}"


# ----------------------------------------------------------------- mini-batch SGD


class MiniBatchSGD(DLScene):
    """Full-batch vs mini-batch gradient descent on linear regression: epochs, batches, steps."""

    expected_duration = 51.0
    n = 24
    true_w, true_b, noise, data_seed = 2.0, -1.0, 0.3, 0
    batch_size = 4
    epochs = 4
    lr = 0.3
    shuffle_seed = 0
    w0 = (-1.0, 1.5)
    x_view = ((-1.0, 1.0, 0.5), (-4.0, 3.0, 1.0))
    wb_view = ((-1.5, 3.0, 1.0), (-2.0, 2.0, 1.0))
    levels_above_min = (0.05, 0.2, 0.5, 1.0, 2.0, 4.0, 8.0)

    def construct(self) -> None:
        th = self.theme
        x, y = linear_data(self.n, self.true_w, self.true_b, self.noise, self.data_seed)
        full = sgd(x, y, self.n, self.epochs, self.lr, self.shuffle_seed, w0=self.w0)
        mini = sgd(x, y, self.batch_size, self.epochs, self.lr, self.shuffle_seed, w0=self.w0)
        hess, w_star, min_cost = linear_regression_quadratic(x, y)
        c_full, c_mini = th.classes[0], th.classes[1]

        heading = title(self.t("sgd_title"))
        self.play(Write(heading), run_time=style.RUN)

        # left: the data and the current lines H(x) = W x + b
        (xr, yr), (wr, br) = self.x_view, self.wb_view
        data_ax = Axes(x_range=list(xr), y_range=list(yr), x_length=5.4, y_length=3.3, tips=False,
                       axis_config={"color": th.muted, "include_numbers": True,
                                    "font_size": style.FONT_SIZE_SMALL}).move_to([-3.55, 0.1, 0])
        dots = VGroup(*(Dot(data_ax.c2p(a, b), radius=0.055, color=th.signal) for a, b in zip(x, y)))
        data_head = math(r"H(x) = W x + b,\quad m = " + str(self.n), style.MATH_SIZE_SMALL, th.signal)
        data_head.next_to(data_ax, UP, buff=0.12)

        def line_for(params, color):
            W, b = params
            return Line(data_ax.c2p(xr[0], W * xr[0] + b), data_ax.c2p(xr[1], W * xr[1] + b),
                        color=color, stroke_width=4)

        # right: the cost over (W, b): exact level curves of the quadratic MSE
        wb_ax = Axes(x_range=list(wr), y_range=list(br), x_length=5.4, y_length=3.3, tips=False,
                     axis_config={"color": th.muted, "include_numbers": True,
                                  "font_size": style.FONT_SIZE_SMALL}).move_to([3.55, 0.1, 0])
        box = (wr[0], wr[1], br[0], br[1])
        contours = VGroup()
        for extra in self.levels_above_min:
            curve = quadratic_level_curve(hess, min_cost + extra, w_star, offset=min_cost, n=240)
            for run in _clip_polyline(curve, box):
                contours.add(VMobject(stroke_color=th.muted, stroke_width=1.5, stroke_opacity=0.7)
                             .set_points_as_corners(wb_ax.coords_to_point(run)))
        wb_head = math(r"\mathrm{cost}(W, b) = \tfrac{1}{m}\textstyle\sum_{i}(W x_i + b - y_i)^2",
                       style.MATH_SIZE_SMALL).next_to(wb_ax, UP, buff=0.12)
        w_lab = math("W", style.MATH_SIZE_SMALL, th.kernel).next_to(wb_ax.x_axis, RIGHT, buff=0.1)
        b_lab = math("b", style.MATH_SIZE_SMALL, th.kernel).next_to(wb_ax.y_axis.get_top(), LEFT, buff=0.15)
        star = math(r"\star", style.MATH_SIZE, th.highlight).move_to(wb_ax.c2p(*w_star))
        self.play(Create(data_ax), FadeIn(dots), Write(data_head), run_time=style.RUN_SLOW)
        self.play(Create(wb_ax), Create(contours), Write(wb_head), FadeIn(w_lab), FadeIn(b_lab),
                  FadeIn(star), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("sgd_setup", n=self.n, w=fmt_num(w_star[0]), b=fmt_num(w_star[1]))

        # the bookkeeping: steps = ceil(n / B) * epochs, for both batch sizes
        rows = VGroup()
        for run, color, key in ((full, c_full, "full_batch"), (mini, c_mini, "mini_batch")):
            rows.add(VGroup(label(self.t(key, B=run.batch_size), style.FONT_SIZE_LABEL, color),
                            math(rf"\lceil {self.n} / {run.batch_size} \rceil"
                                 rf"\cdot {run.epochs} = {run.steps_per_epoch} \cdot {run.epochs}"
                                 rf" = {run.steps}", style.MATH_SIZE_SMALL, color),
                            label(self.t("steps_word"), style.FONT_SIZE_LABEL, color)
                            ).arrange(RIGHT, buff=0.2))
        rows.arrange(RIGHT, buff=0.9)
        fit_width(rows, 13.4)
        rows.move_to([0, 2.78, 0])
        self.play(FadeIn(rows), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("sgd_count", full=full.steps, mini=mini.steps, per_epoch=mini.steps_per_epoch,
                  epochs=self.epochs)

        # both start at w0
        lines = {"full": line_for(full.params[0], c_full), "mini": line_for(mini.params[0], c_mini)}
        heads = {"full": Dot(wb_ax.c2p(*full.params[0]), radius=0.07, color=c_full),
                 "mini": Dot(wb_ax.c2p(*mini.params[0]), radius=0.06, color=c_mini)}
        status = {}

        def status_row(run, color, key, s):
            """Counters after ``s`` steps of ``run`` (s = 0: before the first step)."""
            e = int(run.epoch[s - 1]) + 1 if s else 0
            j = int(run.batch[s - 1]) + 1 if s else 0
            text = self.t(key, e=e, E=run.epochs, j=j, J=run.steps_per_epoch, s=s, S=run.steps)
            return VGroup(label(text, style.FONT_SIZE_SMALL, color),
                          math(rf"\mathrm{{cost}} = {fmt_num(run.loss[s], 3)}",
                               style.MATH_SIZE_SMALL * 0.85, color)).arrange(RIGHT, buff=0.25)

        def place(row, y):
            return row.move_to([0, y, 0])

        status["full"] = place(status_row(full, c_full, "status_full", 0), -2.45)
        status["mini"] = place(status_row(mini, c_mini, "status_mini", 0), -3.1)
        self.play(*(Create(m) for m in lines.values()), *(FadeIn(m) for m in heads.values()),
                  *(FadeIn(m) for m in status.values()), run_time=style.RUN)
        self.wait(style.PAUSE)

        def advance(run, name, color, key, s, y, run_time, batch_mark):
            seg = Line(wb_ax.c2p(*run.params[s - 1]), wb_ax.c2p(*run.params[s]), color=color,
                       stroke_width=3 if name == "mini" else 5)
            new_line = line_for(run.params[s], color)
            new_status = place(status_row(run, color, key, s), y)
            anims = [Create(seg), heads[name].animate.move_to(wb_ax.c2p(*run.params[s])),
                     ReplacementTransform(lines[name], new_line), FadeOut(status[name]),
                     FadeIn(new_status)]
            lines[name], status[name] = new_line, new_status
            marks = VGroup(*(Dot(dots[i].get_center(), radius=0.09, color=th.highlight)
                             for i in run.batches[s - 1]))
            if batch_mark:
                self.play(FadeIn(marks), run_time=style.RUN_FAST * 0.6)
            self.play(*anims, run_time=run_time)
            if batch_mark:
                self.remove(marks)

        s_mini = 0
        for e in range(self.epochs):
            first_epoch = e == 0
            for _ in range(mini.steps_per_epoch):
                s_mini += 1
                advance(mini, "mini", c_mini, "status_mini", s_mini, -3.1,
                        style.RUN if first_epoch else style.RUN_FAST, True)
            if first_epoch:
                self.wait(style.PAUSE)
            advance(full, "full", c_full, "status_full", e + 1, -2.45,
                    style.RUN_SLOW if first_epoch else style.RUN, True)
            self.wait(style.PAUSE * (1.0 if first_epoch else 0.5))
            self.beat("sgd_epoch", e=e + 1, mini=s_mini, full=e + 1,
                      c_mini=fmt_num(mini.loss[s_mini], 3), c_full=fmt_num(full.loss[e + 1], 3))
        self.wait(style.PAUSE)
        best = math(rf"\min \mathrm{{cost}} = {fmt_num(min_cost, 3)}", style.MATH_SIZE_SMALL,
                    th.highlight).next_to(wb_ax.c2p(wr[1], br[0]), UP + LEFT, buff=0.1)
        best.add_background_rectangle(color=th.background, opacity=0.85)
        self.play(FadeIn(best), Indicate(star, color=th.highlight), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("sgd_done", epochs=self.epochs, mini=mini.steps, full=full.steps,
                  best=fmt_num(min_cost, 3))


# ----------------------------------------------------------------- loss curves


class OptimizerLossCurves(_OptimizerProblems, DLScene):
    """Cost per step on a log scale for the runs of OptimizerPaths2D, with GD's worst-case bound."""

    expected_duration = 27.0
    log_ranges = {"quadratic": (-14.0, 2.0, 2.0), "rosenbrock": (-8.0, 2.0, 2.0)}
    """Decades shown on each log axis (every loss of the runs lies inside; tested)."""
    x_steps = {"quadratic": 5, "rosenbrock": 500}

    def construct(self) -> None:
        th = self.theme
        heading, colors = self.heading_and_legend("curves_title")
        probs = self.problems()

        quad_axes = None
        for side, prob in zip((-1, 1), probs):
            steps = prob["runs"][0][1].steps
            axes = Axes(x_range=[0, steps, self.x_steps[prob["key"]]],
                        y_range=list(self.log_ranges[prob["key"]]), x_length=4.0, y_length=4.6,
                        tips=False,
                        axis_config={"color": th.muted, "font_size": style.FONT_SIZE_SMALL},
                        x_axis_config={"include_numbers": True},
                        y_axis_config={"scaling": LogBase(custom_labels=True), "include_numbers": True,
                                       "decimal_number_config": {"num_decimal_places": 0}})
            axes.move_to([-3.2 if side < 0 else 3.55, -0.75, 0])
            head = label(self.t(f"problem_{prob['key']}"), style.FONT_SIZE_LABEL).next_to(axes, UP, buff=0.15)
            head.set_x(axes.x_axis.get_center()[0] + 0.5)
            k_lab = math("k", style.MATH_SIZE_SMALL, th.muted).next_to(axes.x_axis, RIGHT, buff=0.1)
            c_lab = math(r"\mathrm{cost}(w_k)", style.MATH_SIZE_SMALL * 0.8, th.muted).next_to(
                axes.y_axis, UP, buff=0.25)
            self.play(Create(axes), FadeIn(head), FadeIn(k_lab), FadeIn(c_lab), run_time=style.RUN)
            ends = []
            for key, traj, losses, _ in prob["runs"]:
                ks = np.arange(len(losses))
                pts = axes.coords_to_point(np.column_stack([ks, losses]))
                curve = VMobject(stroke_color=colors[key], stroke_width=3).set_points_as_corners(pts)
                self.play(Create(curve), run_time=style.RUN_SLOW)
                end = math(_fmt_loss(losses[-1]), style.MATH_SIZE_SMALL * 0.8, colors[key])
                end.next_to(axes.c2p(ks[-1], losses[-1]), RIGHT, buff=0.12)
                ends.append(end)
            # keep the end labels apart (layout only: nudge overlapping labels vertically)
            ends.sort(key=lambda m: m.get_y())
            for lower, upper in zip(ends, ends[1:]):
                gap = upper.get_bottom()[1] - lower.get_top()[1]
                if gap < 0.05:
                    upper.shift(UP * (0.05 - gap))
            self.play(*(FadeIn(e) for e in ends), run_time=style.RUN)
            self.wait(style.READ)
            finals = {key: _fmt_plain_loss(losses[-1]) for key, _, losses, _ in prob["runs"]}
            self.beat(f"curves_{prob['key']}", steps=steps, **finals)
            if prob["key"] == "quadratic":
                quad_axes, quad_prob = axes, prob

        # theory on the quadratic: GD at the optimal step can never be slower than its bound
        h = np.array(self.quad_hessian)
        gd_losses = quad_prob["runs"][0][2]
        bound = gd_cost_bound(h, gd_losses[0], len(gd_losses) - 1)
        bound_curve = DashedVMobject(VMobject(stroke_color=th.highlight, stroke_width=3)
                                     .set_points_as_corners(quad_axes.coords_to_point(
                                         np.column_stack([np.arange(len(bound)), bound]))),
                                     num_dashes=30)
        kappa = condition_number(h)
        bound_tex = math(r"\mathrm{cost}(w_0)\left(\frac{\kappa-1}{\kappa+1}\right)^{2k},\ \ \kappa = "
                         + fmt_num(kappa), style.MATH_SIZE_SMALL * 0.8, th.highlight)
        bound_tex.next_to(quad_axes.c2p(0, 10 ** self.log_ranges["quadratic"][0]), UP + RIGHT, buff=0.15)
        bound_tex.add_background_rectangle(color=th.background, opacity=0.85)
        self.play(Create(bound_curve), FadeIn(bound_tex), run_time=style.RUN_SLOW)
        self.wait(style.READ * 1.5)
        self.beat("curves_bound", rate=fmt_num(optimal_rate(h), 3), kappa=fmt_num(kappa))
