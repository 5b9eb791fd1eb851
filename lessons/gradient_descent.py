"""Gradient-descent lessons: each scene's parameters and everything it shows, from dlmath."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlmath import optim as om
from dlmath.optim import CostFunction, LRAnalysis, SGDRun, Trajectory
from lessons import Lesson, Params, param

__all__ = [
    "LESSONS", "AxisRange", "nice_step", "axis", "REGIMES", "METHODS",
    "GradientDescentStepsParams", "GradientDescentStepsData", "DescentStep",
    "gradient_descent_steps",
    "SlopeSignParams", "SlopeSignData", "SignedStep", "slope_sign",
    "LearningRateRegimesParams", "LearningRateRegimesData", "RegimeRun",
    "learning_rate_regimes",
    "OptimizerRunsParams", "OptimizerRun", "OptimizerProblem", "optimizer_problems",
    "OptimizerPaths2DParams", "OptimizerPaths2DData", "optimizer_paths_2d",
    "OptimizerLossCurvesParams", "OptimizerLossCurvesData", "LossPanel",
    "optimizer_loss_curves",
    "MiniBatchSGDParams", "MiniBatchSGDData", "minibatch_sgd",
]


# ---------------------------------------------------------------- shared pieces


@dataclass(frozen=True)
class AxisRange:
    """One axis of a plot: ``low … high`` with a tick every ``step``, labels with
    ``decimals`` decimals."""

    low: float
    high: float
    step: float
    decimals: int

    def triple(self) -> tuple[float, float, float]:
        """``(low, high, step)``, as Manim's ``x_range``/``y_range`` take it."""
        return (self.low, self.high, self.step)


def _box(view: tuple[AxisRange, AxisRange]) -> tuple[float, float, float, float]:
    """``(x0, x1, y0, y1)`` of a plot's two axes."""
    return (view[0].low, view[0].high, view[1].low, view[1].high)


def nice_step(span: float, max_ticks: int, mantissas: tuple[float, ...] = (1, 2, 5)) -> float:
    """The smallest tick step ``m·10^e`` (``m`` in ``mantissas``) with at most ``max_ticks``
    ticks over ``span`` (so tick labels never crowd, whatever the range)."""
    e = math.floor(math.log10(span / max_ticks)) - 1
    while True:
        for m in mantissas:
            step = m * 10.0 ** e
            if span / step <= max_ticks + 1e-9:
                return float(f"{step:.12g}")
        e += 1


def axis(low: float, high: float, max_ticks: int,
         mantissas: tuple[float, ...] = (1, 2, 5)) -> AxisRange:
    """An :class:`AxisRange` over ``[low, high]`` with a :func:`nice_step` tick step."""
    step = nice_step(high - low, max_ticks, mantissas)
    text = f"{step:.12g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return AxisRange(float(low), float(high), step, decimals)


COST_TICK_MANTISSAS = (1, 1.5, 2, 2.5, 5)
"""Tick steps of a cost axis (15 is allowed: 0, 15, 30, 45 reads well on a short panel)."""


@functools.lru_cache(maxsize=16)
def _regression_cost(x: tuple[float, ...], y: tuple[float, ...]) -> CostFunction:
    """The seed's cost(W) for data (x, y), built once per data set (check and compute share it)."""
    return om.regression_cost_1d(x, y)


def _check_data(p: Params, x: tuple[float, ...], y: tuple[float, ...]) -> None:
    """Same number of x and y, and a cost that depends on W (some x_i ≠ 0)."""
    if len(y) != len(x):
        p.refuse("y", y, f"as many values as x ({len(x)})")
    if not any(v != 0 for v in x):
        p.refuse("x", x, "at least one x_i ≠ 0 (otherwise cost(W) does not depend on W)")


def _check_view(p: Params, name: str, view: tuple[float, ...]) -> None:
    if not view[0] < view[1]:
        p.refuse(name, view, "(low, high) with low < high")


def _minimum_in_view(p: Params, cost: CostFunction) -> float:
    """The minimum W* of ``cost`` (sympy), refused unless inside ``p.w_view``."""
    w_min = float(cost.stationary_points()[0, 0])
    if not p.w_view[0] <= w_min <= p.w_view[1]:
        p.refuse("w_view", p.w_view, f"a W range containing the minimum W* = {w_min:.4g}")
    return w_min


# The seed's data (every scene of the topic that draws cost(W) = (1/m) Σ (W x_i − y_i)²) and
# the one-panel plot GradientDescentSteps and SlopeSign share: each call is a new field.

def _data_x() -> Any:
    return param((1.0, 2.0, 3.0), "the inputs x_i of cost(W) = (1/m) Σ (W x_i − y_i)²",
                 length=(1, DATA_MAX), low=-DATA_LIMIT, high=DATA_LIMIT)


def _data_y() -> Any:
    return param((1.0, 2.0, 3.0), "the targets y_i (as many as x)",
                 length=(1, DATA_MAX), low=-DATA_LIMIT, high=DATA_LIMIT)


def _plot_lr() -> Any:
    return param(0.05, "the learning rate α", low=1e-4, high=10.0)


def _plot_w_view() -> Any:
    return param((-1.5, 3.5), "the plot's W axis (low, high)", length=(2, 2), low=-20.0, high=20.0)


def _plot_cost_max() -> Any:
    return param(25.0, "top of the plot's cost axis", low=0.1, high=1000.0)


def _curve_samples(cost: CostFunction, w_view: tuple[float, float], c_top: float,
                   n: int = 240) -> np.ndarray:
    """Points ``(W, cost(W))`` of the convex parabola over ``w_view``, where the cost is at
    most ``c_top`` (one piece: a sublevel set of a convex function is an interval)."""
    ws = np.linspace(w_view[0], w_view[1], 4 * n)
    cs = cost.value(ws)
    inside = np.flatnonzero(cs <= c_top)
    ws = np.linspace(ws[inside[0]], ws[inside[-1]], n)
    return np.column_stack([ws, cost.value(ws)])


def _clip_segment(a: np.ndarray, b: np.ndarray, box: tuple[float, float, float, float]
                  ) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of segment a→b inside ``box = (x0, x1, y0, y1)`` (Liang–Barsky), or None."""
    t0, t1 = 0.0, 1.0
    d = b - a
    for p, q in ((-d[0], a[0] - box[0]), (d[0], box[1] - a[0]),
                 (-d[1], a[1] - box[2]), (d[1], box[3] - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
    if t0 > t1:
        return None
    return a + t0 * d, a + t1 * d


def _inside(pts: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Which rows ``(x, y)`` of ``pts`` lie inside ``box = (x0, x1, y0, y1)``."""
    return ((pts[:, 0] >= box[0]) & (pts[:, 0] <= box[1])
            & (pts[:, 1] >= box[2]) & (pts[:, 1] <= box[3]))


def _clip_polyline(points: np.ndarray, box: tuple[float, float, float, float]
                   ) -> tuple[np.ndarray, ...]:
    """The runs of consecutive points of ``points`` inside ``box`` (level curves in a view)."""
    inside = _inside(points, box)
    runs, start = [], None
    for i, flag in enumerate(np.append(inside, False)):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= 2:
                runs.append(points[start:i])
            start = None
    return tuple(runs)


# ---------------------------------------------------------------- GradientDescentSteps

DATA_MAX = 5
"""Most data points (x_i, y_i): the line ``x = [...], y = [...]`` and the factored cost of
five points still fit the 6.3-unit right panel at a legible size."""
DATA_LIMIT = 5.0
"""Largest |x_i|, |y_i|."""
STEPS_MAX_STEPS = 10
"""Most steps of GradientDescentSteps: each takes about 4 s (tangent, equation, move)."""
CURVE_TOP = 0.95
"""The parabola is drawn up to 95 % of the cost axis, so it never touches the axis' end."""
TANGENT_HALF_WIDTH = 0.4
"""Half the W-width of the drawn tangent."""
STEPS_MAX_TICKS = 6
"""At most six numbered ticks on the W and cost axes of the 6 × 4.9-unit plot."""


@dataclass(frozen=True)
class GradientDescentStepsParams(Params):
    """GradientDescentSteps' inputs: the seed's data, the start and the learning rate."""

    x: tuple[float, ...] = _data_x()
    y: tuple[float, ...] = _data_y()
    w0: float = param(-1.0, "the start W_0", low=-20.0, high=20.0)
    lr: float = _plot_lr()
    steps: int = param(6, "number of steps K", low=1, high=STEPS_MAX_STEPS)
    slow_steps: int = param(2, "the first steps explained slowly (arrow, then the move)",
                            low=0, high=STEPS_MAX_STEPS)
    w_view: tuple[float, ...] = _plot_w_view()
    cost_max: float = _plot_cost_max()

    def check(self) -> None:
        _check_data(self, self.x, self.y)
        _check_view(self, "w_view", self.w_view)
        if self.slow_steps > self.steps:
            self.refuse("slow_steps", self.slow_steps, f"at most steps = {self.steps}")
        cost = _regression_cost(self.x, self.y)
        box = (self.w_view[0], self.w_view[1], 0.0, self.cost_max)
        c0 = float(cost.value(self.w0))
        if not _inside(np.array([[self.w0, c0]]), box)[0]:
            self.refuse("w0", self.w0, f"a start inside the plot: W_0 in [{self.w_view[0]:g}, "
                        f"{self.w_view[1]:g}] with cost(W_0) = {c0:.4g} ≤ cost_max = {self.cost_max:g}")
        w_min = _minimum_in_view(self, cost)
        traj = om.gradient_descent(cost.grad, [self.w0], self.lr, self.steps)
        pts = np.column_stack([traj.points[:, 0], cost.value(traj.points[:, 0])])
        out = np.flatnonzero(~_inside(pts, box))
        if traj.diverged or out.size:
            k = int(out[0]) if out.size else traj.steps + 1
            lam = float(cost.hessian(self.w0)[0, 0])
            self.refuse("lr", self.lr, f"a learning rate whose path stays on the plot (W_{k} leaves "
                        f"W in [{self.w_view[0]:g}, {self.w_view[1]:g}], cost ≤ {self.cost_max:g}); "
                        f"every α ≤ 1/λ = {1 / lam:.4g} does from this start")


@dataclass(frozen=True)
class DescentStep:
    """One update W_{k+1} = W_k − α cost'(W_k), as the scene writes and draws it."""

    k: int
    w: float
    cost: float
    slope: float
    w_next: float
    cost_next: float
    tangent: np.ndarray
    """``[[W, c], [W, c]]``: the tangent at W_k (:func:`dlmath.optim.tangent_segment`),
    clipped to the plot."""


@dataclass(frozen=True)
class GradientDescentStepsData:
    """What GradientDescentSteps draws."""

    cost: CostFunction
    """cost(W) of the data, with its factored LaTeX and gradient (sympy)."""
    trajectory: Trajectory
    costs: np.ndarray
    """cost(W_k) for k = 0 … K."""
    steps: tuple[DescentStep, ...]
    w_min: float
    """The minimum W* (where cost′ = 0, by sympy)."""
    curve: np.ndarray
    """Samples ``(W, cost(W))`` of the parabola inside the plot."""
    w_axis: AxisRange
    cost_axis: AxisRange


def _descent_steps(cost: CostFunction, traj: Trajectory,
                   params: GradientDescentStepsParams | SlopeSignParams) -> tuple[DescentStep, ...]:
    """Each update of ``traj`` with its tangent at W_k, clipped to the plot of ``params``."""
    ws, gs = traj.points[:, 0], traj.grads[:, 0]
    cs = cost.value(ws)
    box = (params.w_view[0], params.w_view[1], 0.0, params.cost_max)
    steps = []
    for k in range(traj.steps):
        seg = om.tangent_segment(cost, ws[k], TANGENT_HALF_WIDTH)
        steps.append(DescentStep(k=k, w=float(ws[k]), cost=float(cs[k]), slope=float(gs[k]),
                                 w_next=float(ws[k + 1]), cost_next=float(cs[k + 1]),
                                 tangent=np.array(_clip_segment(seg[0], seg[1], box))))
    return tuple(steps)


def gradient_descent_steps(params: GradientDescentStepsParams) -> GradientDescentStepsData:
    """The descent W_{k+1} = W_k − α cost′(W_k) on the seed's cost (:mod:`dlmath.optim`)."""
    cost = _regression_cost(params.x, params.y)
    traj = om.gradient_descent(cost.grad, [params.w0], params.lr, params.steps)
    cs = cost.value(traj.points[:, 0])
    return GradientDescentStepsData(
        cost=cost, trajectory=traj, costs=cs, steps=_descent_steps(cost, traj, params),
        w_min=float(cost.stationary_points()[0, 0]),
        curve=_curve_samples(cost, params.w_view, CURVE_TOP * params.cost_max),
        w_axis=axis(*params.w_view, STEPS_MAX_TICKS),
        cost_axis=axis(0.0, params.cost_max, STEPS_MAX_TICKS, COST_TICK_MANTISSAS))


# ---------------------------------------------------------------- SlopeSign

SIGN_MAX_TICKS = STEPS_MAX_TICKS
"""Numbered ticks on the W and cost axes of SlopeSign's plot (the same size as
GradientDescentSteps')."""
SIGN_ARROW_MIN = 0.15
"""Shortest drawn step |W_1 − W_0| (W units): a shorter arrow would hide under the point."""


@dataclass(frozen=True)
class SlopeSignParams(Params):
    """SlopeSign's inputs: the seed's cost, two starts on either side of its minimum, α."""

    x: tuple[float, ...] = _data_x()
    y: tuple[float, ...] = _data_y()
    w_red: float = param(-0.5, "the red start, left of the minimum (negative slope)",
                         low=-20.0, high=20.0)
    w_blue: float = param(2.5, "the blue start, right of the minimum (positive slope)",
                          low=-20.0, high=20.0)
    lr: float = _plot_lr()
    w_view: tuple[float, ...] = _plot_w_view()
    cost_max: float = _plot_cost_max()

    def check(self) -> None:
        _check_data(self, self.x, self.y)
        _check_view(self, "w_view", self.w_view)
        cost = _regression_cost(self.x, self.y)
        w_min = _minimum_in_view(self, cost)
        box = (self.w_view[0], self.w_view[1], 0.0, self.cost_max)
        for name, side in (("w_red", -1), ("w_blue", 1)):
            w0 = getattr(self, name)
            if not side * (w0 - w_min) > 0:
                where = "left of" if side < 0 else "right of"
                self.refuse(name, w0, f"a start {where} the minimum W* = {w_min:.4g} (the slope "
                            f"there is {'negative' if side < 0 else 'positive'})")
            traj = om.gradient_descent(cost.grad, [w0], self.lr, 1)
            pts = np.column_stack([traj.points[:, 0], cost.value(traj.points[:, 0])])
            if not _inside(pts[:1], box)[0]:
                self.refuse(name, w0, f"a start inside the plot: W in [{self.w_view[0]:g}, "
                            f"{self.w_view[1]:g}] with cost ≤ cost_max = {self.cost_max:g} "
                            f"(cost = {pts[0, 1]:.4g})")
            if traj.diverged or not _inside(pts[1:], box)[0]:
                self.refuse("lr", self.lr, f"a step that stays on the plot (from {name} = {w0:g} "
                            f"it lands at W = {pts[1, 0]:.4g}, cost {pts[1, 1]:.4g})")
            if abs(pts[1, 0] - w0) < SIGN_ARROW_MIN:
                self.refuse("lr", self.lr, f"a step of at least {SIGN_ARROW_MIN:g} in W, long "
                            f"enough to draw (from {name} = {w0:g} it moves {pts[1, 0] - w0:.3g})")


@dataclass(frozen=True)
class SignedStep:
    """One start and its first update W_1 = W_0 − α cost′(W_0)."""

    name: str
    """``red`` (negative slope, W grows) or ``blue`` (positive slope, W shrinks)."""
    step: DescentStep


@dataclass(frozen=True)
class SlopeSignData:
    """What SlopeSign draws."""

    cost: CostFunction
    w_min: float
    curve: np.ndarray
    """Samples ``(W, cost(W))`` of the parabola inside the plot."""
    starts: tuple[SignedStep, ...]
    """The red start, then the blue one."""
    w_axis: AxisRange
    cost_axis: AxisRange


def slope_sign(params: SlopeSignParams) -> SlopeSignData:
    """One step of W ← W − α cost′(W) from each side of the minimum (:mod:`dlmath.optim`)."""
    cost = _regression_cost(params.x, params.y)
    starts = tuple(
        SignedStep(name, _descent_steps(cost, om.gradient_descent(cost.grad, [w0], params.lr, 1),
                                        params)[0])
        for name, w0 in (("red", params.w_red), ("blue", params.w_blue)))
    return SlopeSignData(
        cost=cost, w_min=float(cost.stationary_points()[0, 0]),
        curve=_curve_samples(cost, params.w_view, CURVE_TOP * params.cost_max),
        starts=starts, w_axis=axis(*params.w_view, SIGN_MAX_TICKS),
        cost_axis=axis(0.0, params.cost_max, SIGN_MAX_TICKS, COST_TICK_MANTISSAS))


# ---------------------------------------------------------------- LearningRateRegimes

REGIME_NAMES = ("too_small", "good", "too_big", "far_too_big")
"""The four panels' names (catalogue keys), left to right and top to bottom."""
REGIME_STORY = ("monotone", "monotone", "oscillating", "diverging")
"""What each panel must show (:func:`dlmath.optim.lr_regime` of its α): the title and the
captions tell this story (crawl, converge, oscillate, diverge)."""
REGIMES_MAX_STEPS = 15
"""Most steps per run: the runs step together, about 1 s a step."""
REGIMES_MAX_TICKS = (6, 3)
"""Numbered ticks on each 5.6 × 1.8-unit panel: six along W, three up the cost."""


@dataclass(frozen=True)
class LearningRateRegimesParams(Params):
    """LearningRateRegimes' inputs: one cost, four learning rates."""

    x: tuple[float, ...] = _data_x()
    y: tuple[float, ...] = _data_y()
    w0: float = param(-1.0, "the start W_0 of every run", low=-20.0, high=20.0)
    steps: int = param(10, "steps per run", low=1, high=REGIMES_MAX_STEPS)
    lrs: tuple[float, ...] = param(
        (0.015, 0.09, 0.18, 0.22),
        "the learning rates α of the panels " + ", ".join(n.replace("_", " ") for n in REGIME_NAMES)
        + " (ascending: two with αλ ≤ 1, one with 1 < αλ < 2, one with αλ > 2)",
        length=(4, 4), low=1e-4, high=10.0)
    w_view: tuple[float, ...] = param((-2.0, 4.0), "every panel's W axis (low, high)",
                                      length=(2, 2), low=-20.0, high=20.0)
    cost_max: float = param(45.0, "top of every panel's cost axis", low=0.1, high=1000.0)

    def check(self) -> None:
        _check_data(self, self.x, self.y)
        _check_view(self, "w_view", self.w_view)
        if any(b <= a for a, b in zip(self.lrs, self.lrs[1:])):
            self.refuse("lrs", self.lrs, "four learning rates in ascending order (the panels go "
                        "from too small to far too big)")
        cost = _regression_cost(self.x, self.y)
        lam = float(cost.hessian(self.w0)[0, 0])
        regimes = tuple(om.lr_regime(lr, [[lam]]) for lr in self.lrs)
        if regimes != REGIME_STORY:
            self.refuse("lrs", self.lrs, f"the story the panels tell, with λ = {lam:.4g}: two "
                        f"monotone rates α ≤ 1/λ = {1 / lam:.4g}, one oscillating 1/λ < α < 2/λ = "
                        f"{2 / lam:.4g}, one diverging α > 2/λ (got {', '.join(regimes)})")
        c0 = float(cost.value(self.w0))
        if not (self.w_view[0] <= self.w0 <= self.w_view[1] and c0 <= self.cost_max):
            self.refuse("w0", self.w0, f"a start inside the plot: W_0 in [{self.w_view[0]:g}, "
                        f"{self.w_view[1]:g}] with cost(W_0) = {c0:.4g} ≤ cost_max = {self.cost_max:g}")
        w_min = _minimum_in_view(self, cost)
        for lr in self.lrs:
            run = _regime_run(cost, self, lr)
            if run.left_plot_at is not None and run.analysis.regime != "diverging":
                self.refuse("lrs", self.lrs, f"α = {lr:g} converges ({run.analysis.regime}) but its "
                            f"path leaves the plot at step {run.left_plot_at}: only a diverging run "
                            "(αλ > 2) may leave it; widen w_view or raise cost_max")


@dataclass(frozen=True)
class RegimeRun:
    """One panel's run: GD with one learning rate, drawn until it leaves the plot."""

    name: str
    """Catalogue key of the panel (too_small, good, too_big, far_too_big)."""
    lr: float
    analysis: LRAnalysis
    """αλ, 1 − αλ, the regime and the thresholds 1/λ, 2/λ (:func:`dlmath.optim.analyze_lr`)."""
    trajectory: Trajectory
    """Every iterate computed (up to ``steps``, or the first one off the plot)."""
    path: np.ndarray
    """The points ``(W_k, cost(W_k))`` drawn, in order; when the run leaves the plot the last
    one is where its segment crosses the plot's edge."""
    left_plot_at: int | None
    """The first step k whose (W_k, cost(W_k)) lies outside the plot (None: it stays)."""
    final_w: float
    """The last W computed (for a run that leaves: the first W off the plot)."""


@dataclass(frozen=True)
class LearningRateRegimesData:
    """What LearningRateRegimes draws."""

    cost: CostFunction
    curvature: float
    """λ = cost″(W) (constant: the cost is a parabola)."""
    runs: tuple[RegimeRun, ...]
    curve: np.ndarray
    """Samples ``(W, cost(W))`` of the parabola inside the panels."""
    w_axis: AxisRange
    cost_axis: AxisRange
    max_monotone_lr: float
    """1/λ: no step overshoots up to here."""
    max_stable_lr: float
    """2/λ: GD converges below it."""


def _regime_run(cost: CostFunction, params: LearningRateRegimesParams, lr: float,
                name: str = "") -> RegimeRun:
    """GD with step ``lr`` from W_0, cut where its path first leaves the plot."""
    traj = om.gradient_descent(cost.grad, [params.w0], lr, params.steps)
    pts = np.column_stack([traj.points[:, 0], cost.value(traj.points[:, 0])])
    box = (params.w_view[0], params.w_view[1], 0.0, params.cost_max)
    out = np.flatnonzero(~_inside(pts, box))
    left = int(out[0]) if out.size else None
    if left is not None:
        traj = om.gradient_descent(cost.grad, [params.w0], lr, left)
        _, edge = _clip_segment(pts[left - 1], pts[left], box)
        path = np.vstack([pts[:left], edge])
    else:
        path = pts
    return RegimeRun(name=name, lr=lr, analysis=om.analyze_lr(lr, cost.hessian(params.w0)),
                     trajectory=traj, path=path, left_plot_at=left,
                     final_w=float(traj.points[-1, 0]))


def learning_rate_regimes(params: LearningRateRegimesParams) -> LearningRateRegimesData:
    """Four GD runs on one parabola and the exact thresholds 1/λ, 2/λ (:mod:`dlmath.optim`)."""
    cost = _regression_cost(params.x, params.y)
    runs = tuple(_regime_run(cost, params, lr, name) for lr, name in zip(params.lrs, REGIME_NAMES))
    first = runs[0].analysis
    return LearningRateRegimesData(
        cost=cost, curvature=float(first.eigenvalues[-1]), runs=runs,
        curve=_curve_samples(cost, params.w_view, params.cost_max),
        w_axis=axis(*params.w_view, REGIMES_MAX_TICKS[0]),
        cost_axis=axis(0.0, params.cost_max, REGIMES_MAX_TICKS[1], COST_TICK_MANTISSAS),
        max_monotone_lr=first.max_monotone_lr, max_stable_lr=first.max_stable_lr)


# ---------------------------------------------------------------- optimizers in 2-D

REGIMES = om.REGIMES
"""What :func:`dlmath.optim.lr_regime` may answer (each has a catalogue name)."""
METHODS = ("gd", "momentum", "adam")
"""The optimizers compared, in legend order."""
QUAD_VIEW = (AxisRange(-4.0, 2.0, 1.0, 0), AxisRange(-2.0, 2.0, 1.0, 0))
"""The bowl's (w1, w2) axes, one scale on both (6 × 4 units on the 5.6 × 3.6-unit plot): every
path must stay inside (checked)."""
QUAD_LEVELS = (0.25, 1.0, 2.5, 5.0, 10.0)
"""Costs of the bowl's drawn level curves (the band above them holds the plot's notes)."""
ROSEN_VIEW = (AxisRange(-2.0, 2.0, 1.0, 0), AxisRange(-1.0, 3.0, 1.0, 0))
"""The Rosenbrock valley's (x, y) axes: every path must stay inside (checked)."""
ROSEN_LEVELS = (0.5, 2.0, 8.0, 32.0, 128.0, 512.0)
"""Costs of the valley's drawn level curves."""
QUAD_MAX_STEPS = 60
"""Most steps on the bowl: the log axis then spans about 30 decades (momentum's rate)."""
ROSEN_MAX_STEPS = 3000
"""Most steps in the valley: three runs of 3000 steps compute in about a second."""
LOG_FLOOR = 1e-30
"""Smallest cost the log axis shows: with costs up to 10⁴ (the largest a start inside the
plots can have) the axis spans at most 34 decades, labelled every 4: ten labels on 4.6 units."""


@dataclass(frozen=True)
class OptimizerRunsParams(Params):
    """The GD, momentum and Adam runs that OptimizerPaths2D and OptimizerLossCurves share.

    On the bowl GD takes the optimal fixed step α = 2/(λ_min + λ_max) and momentum Goh's
    optimal (α, β), both from the Hessian; Adam and the Rosenbrock runs take the rates below.
    """

    quad_hessian: tuple[tuple[float, ...], ...] = param(
        ((1.0, 0.0), (0.0, 25.0)), "the bowl's Hessian H of cost(w) = ½ wᵀHw (symmetric, positive definite)",
        length=(2, 2), width=(2, 2), low=-50.0, high=50.0)
    quad_start: tuple[float, ...] = param((-3.5, 0.6), "the start w_0 on the bowl", length=(2, 2),
                                          low=-4.0, high=4.0)
    quad_steps: int = param(40, "steps on the bowl", low=1, high=QUAD_MAX_STEPS)
    quad_adam_lr: float = param(0.3, "Adam's learning rate α on the bowl", low=1e-4, high=2.0)
    rosen_start: tuple[float, ...] = param((-1.2, 1.0), "the start w_0 in the Rosenbrock valley",
                                           length=(2, 2), low=-2.0, high=3.0)
    rosen_steps: int = param(1500, "steps in the Rosenbrock valley", low=1, high=ROSEN_MAX_STEPS)
    rosen_gd_lr: float = param(0.001, "GD's learning rate α in the valley", low=1e-5, high=0.1)
    rosen_momentum_lr: float = param(0.001, "momentum's learning rate α in the valley",
                                     low=1e-5, high=0.1)
    rosen_beta: float = param(0.9, "momentum's β in the valley", low=0.0, high=0.99)
    rosen_adam_lr: float = param(0.05, "Adam's learning rate α in the valley", low=1e-5, high=1.0)
    adam_beta1: float = param(0.9, "Adam's β1 (both costs)", low=0.0, high=0.999)
    adam_beta2: float = param(0.999, "Adam's β2 (both costs)", low=0.0, high=0.9999)

    def check(self) -> None:
        h = np.array(self.quad_hessian)
        if not np.array_equal(h, h.T):
            self.refuse("quad_hessian", self.quad_hessian, "a symmetric matrix (H₁₂ = H₂₁)")
        lam = np.linalg.eigvalsh(h)
        if lam[0] <= 0:
            self.refuse("quad_hessian", self.quad_hessian, "a positive definite matrix "
                        f"(eigenvalues {lam[0]:.4g}, {lam[1]:.4g}: both must be > 0)")
        if lam[-1] / lam[0] < 1.01:
            self.refuse("quad_hessian", self.quad_hessian, "an ill-conditioned bowl, κ = λ_max/λ_min "
                        "≥ 1.01 (at κ = 1 GD lands on the minimum in one step: cost 0 has no log)")
        if 0.5 * np.array(self.quad_start) @ h @ np.array(self.quad_start) < 1e-6:
            self.refuse("quad_start", self.quad_start, "a start away from the minimum (0, 0)")
        if np.hypot(self.rosen_start[0] - 1, self.rosen_start[1] - 1) < 1e-3:
            self.refuse("rosen_start", self.rosen_start, "a start away from the minimum (1, 1)")
        for prob in optimizer_problems(self):
            self._check_problem(prob)

    def _check_problem(self, prob: "OptimizerProblem") -> None:
        box = (x0, x1, y0, y1) = _box(prob.view)
        start = "quad_start" if prob.key == "quadratic" else "rosen_start"
        if not _inside(prob.runs[0].trajectory.points[:1], box)[0]:
            self.refuse(start, getattr(self, start), f"a start inside the plot, [{x0:g}, {x1:g}] × "
                        f"[{y0:g}, {y1:g}]")
        for run in prob.runs:
            name = _RUN_PARAM[prob.key][run.method]
            pts = run.trajectory.points
            out = np.flatnonzero(~_inside(pts, box))
            if run.trajectory.diverged or out.size:
                k = int(out[0]) if out.size else run.trajectory.steps
                self.refuse(name, getattr(self, name), f"settings whose {run.method} path stays inside "
                            f"the plot [{x0:g}, {x1:g}] × [{y0:g}, {y1:g}] (it leaves at step {k})")
            if np.min(run.losses) < LOG_FLOOR:
                steps = "quad_steps" if prob.key == "quadratic" else "rosen_steps"
                self.refuse(steps, getattr(self, steps), f"fewer steps: {run.method}'s cost falls "
                            f"below {LOG_FLOOR:g}, the floor of the log axis")


_RUN_PARAM = {"quadratic": {"gd": "quad_hessian", "momentum": "quad_hessian", "adam": "quad_adam_lr"},
              "rosenbrock": {"gd": "rosen_gd_lr", "momentum": "rosen_momentum_lr",
                             "adam": "rosen_adam_lr"}}
"""Which parameter sets each run's step (blamed when its path leaves the plot)."""


@dataclass(frozen=True)
class OptimizerRun:
    """One optimizer on one cost."""

    method: str
    """gd, momentum or adam."""
    trajectory: Trajectory
    losses: np.ndarray
    """cost(w_k), k = 0 … K."""
    lr: float
    beta: float | None
    """Momentum's β (None for GD and Adam)."""


@dataclass(frozen=True)
class OptimizerProblem:
    """One cost with its runs, as both optimizer scenes and the handouts show it."""

    key: str
    """quadratic or rosenbrock (catalogue keys ``problem_<key>``)."""
    cost: CostFunction
    view: tuple[AxisRange, AxisRange]
    """The (w1, w2) axes of the path plot."""
    kappa: float | None
    """Condition number of the bowl (None for Rosenbrock)."""
    hessian: np.ndarray | None
    """The bowl's H (None for Rosenbrock)."""
    minimum: np.ndarray
    """Where ∇cost = 0 (sympy)."""
    level_curves: tuple[np.ndarray, ...]
    """The exact level curves, cut into the runs that lie inside ``view``."""
    runs: tuple[OptimizerRun, ...]
    steps: int
    gd_passes_adam: int | None
    """The first step k from which GD's cost stays below Adam's to the end (None: it never
    does). On the bowl Adam, with its fixed step, gets close first and then jitters."""


def _passes(gd: Trajectory, adam: Trajectory, cost: CostFunction) -> int | None:
    """The first k from which GD's cost stays strictly below Adam's until the last step."""
    if len(gd.points) != len(adam.points):  # a run stopped early (diverged): check() refuses it
        return None
    below = cost.value(gd.points) < cost.value(adam.points)
    if not below[-1]:
        return None
    above = np.flatnonzero(~below)
    return int(above[-1]) + 1 if above.size else 0


def _quadratic_problem(p: OptimizerRunsParams) -> OptimizerProblem:
    h = np.array(p.quad_hessian)
    quad = om.quadratic_cost(h)
    m_lr, m_beta, _ = om.momentum_optimal(h)
    g_lr = om.optimal_lr(h)
    trajs = {"gd": (om.gradient_descent(quad.grad, p.quad_start, g_lr, p.quad_steps), g_lr, None),
             "momentum": (om.momentum(quad.grad, p.quad_start, m_lr, p.quad_steps, beta=m_beta),
                          m_lr, m_beta),
             "adam": (om.adam(quad.grad, p.quad_start, p.quad_adam_lr, p.quad_steps,
                              beta1=p.adam_beta1, beta2=p.adam_beta2), p.quad_adam_lr, None)}
    box = _box(QUAD_VIEW)
    curves = tuple(run for lv in QUAD_LEVELS
                   for run in _clip_polyline(om.quadratic_level_curve(h, lv, n=240), box))
    return OptimizerProblem(
        key="quadratic", cost=quad, view=QUAD_VIEW, kappa=om.condition_number(h), hessian=h,
        minimum=quad.stationary_points()[0], level_curves=curves,
        runs=tuple(OptimizerRun(k, t, quad.value(t.points), lr, beta)
                   for k, (t, lr, beta) in trajs.items()), steps=p.quad_steps,
        gd_passes_adam=_passes(trajs["gd"][0], trajs["adam"][0], quad))


def _rosenbrock_problem(p: OptimizerRunsParams) -> OptimizerProblem:
    rosen = om.rosenbrock()
    trajs = {"gd": (om.gradient_descent(rosen.grad, p.rosen_start, p.rosen_gd_lr, p.rosen_steps),
                    p.rosen_gd_lr, None),
             "momentum": (om.momentum(rosen.grad, p.rosen_start, p.rosen_momentum_lr, p.rosen_steps,
                                      beta=p.rosen_beta), p.rosen_momentum_lr, p.rosen_beta),
             "adam": (om.adam(rosen.grad, p.rosen_start, p.rosen_adam_lr, p.rosen_steps,
                              beta1=p.adam_beta1, beta2=p.adam_beta2), p.rosen_adam_lr, None)}
    box = _box(ROSEN_VIEW)
    curves = tuple(run for lv in ROSEN_LEVELS
                   for run in _clip_polyline(om.rosenbrock_level_curve(lv, n=600), box))
    return OptimizerProblem(
        key="rosenbrock", cost=rosen, view=ROSEN_VIEW, kappa=None, hessian=None,
        minimum=rosen.stationary_points()[0], level_curves=curves,
        runs=tuple(OptimizerRun(k, t, rosen.value(t.points), lr, beta)
                   for k, (t, lr, beta) in trajs.items()), steps=p.rosen_steps,
        gd_passes_adam=_passes(trajs["gd"][0], trajs["adam"][0], rosen))


_PROBLEMS: dict = {}


def optimizer_problems(params: OptimizerRunsParams) -> tuple[OptimizerProblem, ...]:
    """Both costs with their GD, momentum and Adam runs (the bowl, then Rosenbrock).

    Memoized on the run settings: check() and both scenes' compute share one computation.
    """
    key = tuple(getattr(params, s.name) for s in OptimizerRunsParams.specs())
    if key not in _PROBLEMS:
        _PROBLEMS[key] = (_quadratic_problem(params), _rosenbrock_problem(params))
        while len(_PROBLEMS) > 8:
            _PROBLEMS.pop(next(iter(_PROBLEMS)))
    return _PROBLEMS[key]


# ------------------------------------------- OptimizerPaths2D

MILESTONES_MAX = 8
"""Most milestones per cost: each is one animation with its cost table (about 1.5 s)."""


@dataclass(frozen=True)
class OptimizerPaths2DParams(OptimizerRunsParams):
    """OptimizerPaths2D's inputs: the shared runs and where the drawing pauses."""

    quad_milestones: tuple[int, ...] = param(
        (1, 2, 3, 5, 10, 20, 40), "steps k at which the bowl's paths pause with their costs "
        "(ascending, the last = quad_steps)", length=(1, MILESTONES_MAX), low=1, high=QUAD_MAX_STEPS)
    rosen_milestones: tuple[int, ...] = param(
        (1, 10, 50, 200, 600, 1500), "steps k at which the valley's paths pause "
        "(ascending, the last = rosen_steps)", length=(1, MILESTONES_MAX), low=1,
        high=ROSEN_MAX_STEPS)

    def check(self) -> None:
        for name, steps in (("quad_milestones", self.quad_steps),
                            ("rosen_milestones", self.rosen_steps)):
            ms = getattr(self, name)
            if any(b <= a for a, b in zip(ms, ms[1:])) or ms[-1] != steps:
                self.refuse(name, ms, f"ascending steps ending at the last step, {steps}")
        super().check()


@dataclass(frozen=True)
class OptimizerPaths2DData:
    """What OptimizerPaths2D draws."""

    problems: tuple[OptimizerProblem, ...]
    milestones: tuple[tuple[int, ...], ...]
    """Per problem, the steps at which the drawing pauses."""


def optimizer_paths_2d(params: OptimizerPaths2DParams) -> OptimizerPaths2DData:
    """The runs of :func:`optimizer_problems` and the milestones of each."""
    return OptimizerPaths2DData(problems=optimizer_problems(params),
                                milestones=(params.quad_milestones, params.rosen_milestones))


# ------------------------------------------- OptimizerLossCurves

LOSS_MAX_TICKS = 6
"""Numbered ticks on the step axis of each 4-unit-wide loss plot."""
LOG_MAX_TICKS = 9
"""Numbered decades on each 4.6-unit-tall log axis."""


@dataclass(frozen=True)
class OptimizerLossCurvesParams(OptimizerRunsParams):
    """OptimizerLossCurves' inputs: the runs it shares with OptimizerPaths2D."""


@dataclass(frozen=True)
class LossPanel:
    """One cost's loss plot."""

    problem: OptimizerProblem
    k_axis: AxisRange
    log_axis: AxisRange
    """Decades (powers of ten) of the cost axis: every loss of the runs lies inside."""


@dataclass(frozen=True)
class OptimizerLossCurvesData:
    """What OptimizerLossCurves draws."""

    panels: tuple[LossPanel, ...]
    bound: np.ndarray
    """GD's worst case on the bowl, cost(w_0)((κ−1)/(κ+1))^{2k} (:func:`dlmath.optim.gd_cost_bound`)."""
    kappa: float
    rate: float
    """(κ−1)/(κ+1) (:func:`dlmath.optim.optimal_rate`)."""


def _log_axis(losses: np.ndarray) -> AxisRange:
    """Whole decades around ``losses``, rounded out to the tick step (2 decades, or 4 when
    more than :data:`LOG_MAX_TICKS` labels would crowd the axis)."""
    lo, hi = math.floor(math.log10(losses.min())), math.ceil(math.log10(losses.max()))
    step = 2 if (hi - lo) / 2 <= LOG_MAX_TICKS - 1 else 4
    lo, hi = step * math.floor(lo / step), step * math.ceil(hi / step)
    return AxisRange(float(lo), float(hi), float(step), 0)


def optimizer_loss_curves(params: OptimizerLossCurvesParams) -> OptimizerLossCurvesData:
    """Per cost: the runs' losses with the axes that hold them; GD's bound on the bowl."""
    probs = optimizer_problems(params)
    panels = tuple(LossPanel(problem=p, k_axis=axis(0, p.steps, LOSS_MAX_TICKS),
                             log_axis=_log_axis(np.concatenate([r.losses for r in p.runs])))
                   for p in probs)
    quad = probs[0]
    gd = quad.runs[0].losses
    return OptimizerLossCurvesData(panels=panels,
                                   bound=om.gd_cost_bound(quad.hessian, gd[0], len(gd) - 1),
                                   kappa=quad.kappa, rate=om.optimal_rate(quad.hessian))


# ---------------------------------------------------------------- MiniBatchSGD

SGD_X_VIEW = (AxisRange(-1.0, 1.0, 0.5, 1), AxisRange(-4.0, 3.0, 1.0, 0))
"""The data plot's (x, y) axes (x is drawn uniform on [−1, 1] by dlmath.optim.linear_data)."""
SGD_WB_VIEW = (AxisRange(-1.5, 3.0, 1.0, 0), AxisRange(-2.0, 2.0, 1.0, 0))
"""The (W, b) plot's axes: every iterate must stay inside (checked)."""
SGD_LEVELS = (0.05, 0.2, 0.5, 1.0, 2.0, 4.0, 8.0)
"""Level curves drawn at these heights above the minimum cost."""
SGD_MAX_POINTS = 40
"""Most data points: dots 0.11 units wide on the 5.4 × 3.3-unit data plot stay apart enough."""
SGD_MAX_STEPS = 48
"""Most mini-batch steps (⌈n/B⌉ · epochs): about 1.2 s each."""


@dataclass(frozen=True)
class MiniBatchSGDParams(Params):
    """MiniBatchSGD's inputs: the noisy line, the batch size and the training settings."""

    n: int = param(24, "number of data points m", low=2, high=SGD_MAX_POINTS)
    true_w: float = param(2.0, "the slope W of the line the data come from", low=-1.5, high=3.0)
    true_b: float = param(-1.0, "the intercept b of the line the data come from", low=-2.0, high=2.0)
    noise: float = param(0.3, "the noise's standard deviation σ (y = W x + b + σ ε)", low=0.0, high=2.0)
    data_seed: int = param(0, "seed of the data draw", low=0, high=2 ** 31 - 1)
    batch_size: int = param(4, "the mini-batch size B", low=1, high=SGD_MAX_POINTS)
    epochs: int = param(4, "number of epochs", low=1, high=8)
    lr: float = param(0.3, "the learning rate α (both runs)", low=1e-3, high=2.0)
    shuffle_seed: int = param(0, "seed of the per-epoch shuffles", low=0, high=2 ** 31 - 1)
    w0: tuple[float, ...] = param((-1.0, 1.5), "the start (W_0, b_0) of both runs", length=(2, 2),
                                  low=-1.5, high=3.0)

    def check(self) -> None:
        if self.batch_size > self.n:
            self.refuse("batch_size", self.batch_size, f"at most n = {self.n}")
        per_epoch = -(-self.n // self.batch_size)
        if per_epoch * self.epochs > SGD_MAX_STEPS:
            self.refuse("batch_size", self.batch_size, f"⌈n/B⌉ · epochs ≤ {SGD_MAX_STEPS} steps "
                        f"(here {per_epoch} · {self.epochs}): a larger B or fewer epochs")
        x, y = om.linear_data(self.n, self.true_w, self.true_b, self.noise, self.data_seed)
        _, _, y0, y1 = _box(SGD_X_VIEW)
        if not (np.all(y >= y0) and np.all(y <= y1)):
            clean = self.true_w * x + self.true_b
            name = "noise" if np.all((clean >= y0) & (clean <= y1)) else "true_b"
            self.refuse(name, getattr(self, name), f"data inside the plot, y in [{y0:g}, {y1:g}] "
                        f"(a point lands at y = {y[(y < y0) | (y > y1)][0]:.3g})")
        w0, w1, b0, b1 = _box(SGD_WB_VIEW)
        w_star = om.linear_regression_quadratic(x, y)[1]
        if not _inside(w_star[None], (w0, w1, b0, b1))[0]:
            name = "true_w" if not w0 <= w_star[0] <= w1 else "true_b"
            self.refuse(name, getattr(self, name), f"data whose least-squares fit (W*, b*) = "
                        f"({w_star[0]:.3g}, {w_star[1]:.3g}) lies on the (W, b) plot, "
                        f"[{w0:g}, {w1:g}] × [{b0:g}, {b1:g}]")
        if not (b0 <= self.w0[1] <= b1):
            self.refuse("w0", self.w0, f"(W_0, b_0) inside the plot: b_0 in [{b0:g}, {b1:g}]")
        for batch in (self.n, self.batch_size):
            run = om.sgd(x, y, batch, self.epochs, self.lr, self.shuffle_seed, w0=self.w0)
            bad = _sgd_off_plot(run.params)
            if bad is not None:
                who = "w0" if bad == 0 else "lr"
                self.refuse(who, getattr(self, who), f"a run that stays on both plots: (W, b) in "
                            f"[{w0:g}, {w1:g}] × [{b0:g}, {b1:g}] and its line W x + b inside "
                            f"y in [{y0:g}, {y1:g}] (B = {batch} leaves at step {bad})")


def _sgd_off_plot(params: np.ndarray) -> int | None:
    """The first step whose (W, b) leaves the (W, b) plot or whose line leaves the data plot."""
    x0, x1, y0, y1 = _box(SGD_X_VIEW)
    w0, w1, b0, b1 = _box(SGD_WB_VIEW)
    ends = params[:, :1] * np.array([x0, x1]) + params[:, 1:]
    ok = (_inside(params, (w0, w1, b0, b1)) & np.all((ends >= y0) & (ends <= y1), axis=1))
    bad = np.flatnonzero(~ok)
    return int(bad[0]) if bad.size else None


@dataclass(frozen=True)
class MiniBatchSGDData:
    """What MiniBatchSGD draws."""

    x: np.ndarray
    y: np.ndarray
    full: SGDRun
    """Full batch (B = n): one step per epoch."""
    mini: SGDRun
    """Mini-batches of B: ⌈n/B⌉ steps per epoch."""
    w_star: np.ndarray
    """The least-squares (W*, b*)."""
    min_cost: float
    level_curves: tuple[np.ndarray, ...]
    """Exact level curves of cost(W, b), cut into the runs inside the (W, b) plot."""
    full_line_ends: np.ndarray
    """The line W x + b of every full-batch iterate at the data plot's two x ends,
    shape (steps + 1, 2)."""
    mini_line_ends: np.ndarray
    """The same for every mini-batch iterate."""


def minibatch_sgd(params: MiniBatchSGDParams) -> MiniBatchSGDData:
    """Data, both runs and the exact cost surface (:func:`dlmath.optim.sgd` and friends)."""
    p = params
    x, y = om.linear_data(p.n, p.true_w, p.true_b, p.noise, p.data_seed)
    full = om.sgd(x, y, p.n, p.epochs, p.lr, p.shuffle_seed, w0=p.w0)
    mini = om.sgd(x, y, p.batch_size, p.epochs, p.lr, p.shuffle_seed, w0=p.w0)
    hess, w_star, min_cost = om.linear_regression_quadratic(x, y)
    box = _box(SGD_WB_VIEW)
    curves = tuple(run for extra in SGD_LEVELS
                   for run in _clip_polyline(om.quadratic_level_curve(
                       hess, min_cost + extra, w_star, offset=min_cost, n=240), box))
    xs = np.array([SGD_X_VIEW[0].low, SGD_X_VIEW[0].high])
    full_ends, mini_ends = (r.params[:, :1] * xs + r.params[:, 1:] for r in (full, mini))
    return MiniBatchSGDData(x=x, y=y, full=full, mini=mini, w_star=w_star, min_cost=min_cost,
                            level_curves=curves, full_line_ends=full_ends,
                            mini_line_ends=mini_ends)


LESSONS = (
    Lesson('SlopeSign', SlopeSignParams, slope_sign,
           "The slope's sign decides the step: from the red point W grows, from the blue one it "
           "shrinks, both towards the minimum.", 32.8),
    Lesson('GradientDescentSteps', GradientDescentStepsParams, gradient_descent_steps,
           "Gradient descent on the seed's cost(W): a ball steps down along the tangent slope.",
           49.8),
    Lesson('LearningRateRegimes', LearningRateRegimesParams, learning_rate_regimes,
           'Learning rate too small, good, oscillating, diverging: one cost, four runs, exact thresholds.',
           32.6),
    Lesson('OptimizerPaths2D', OptimizerPaths2DParams, optimizer_paths_2d,
           'GD, momentum and Adam drawn step by step on an ill-conditioned bowl and on Rosenbrock.',
           48.6),
    Lesson('MiniBatchSGD', MiniBatchSGDParams, minibatch_sgd,
           'Full-batch vs mini-batch gradient descent on linear regression: epochs, batches, steps.',
           70.6),
    Lesson('OptimizerLossCurves', OptimizerLossCurvesParams, optimizer_loss_curves,
           "Cost per step on a log scale for the runs of OptimizerPaths2D, with GD's worst-case bound.",
           31.6),
)
