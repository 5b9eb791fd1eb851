"""The numbers the gradient-descent scenes put on screen match independent references:
numpy iterations of each update rule written out here, closed forms per eigen-direction,
hand-derived gradients, numpy least squares. No expected value comes from dlmath.optim."""

from __future__ import annotations

import math

import numpy as np
import pytest

import lessons
from lessons import ParamError
from scenes.gradient_descent import (
    GradientDescentSteps,
    SlopeSign,
    LearningRateRegimes,
    MiniBatchSGD,
    OptimizerLossCurves,
    OptimizerPaths2D,
)
from scenes.style import fmt_num
from tests.conftest import beat_keys, dry_run, dry_run_with

DERIV = r"\frac{\partial\,\mathrm{cost}}{\partial W}"


def _defaults(scene: str):
    return lessons.find(scene).params()


def _refused(scene: str, values: dict, name: str) -> None:
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find(scene).build(values)


def _sci(v: float) -> str:
    """The reference format of a small loss: decimals, or a one-decimal mantissa × 10^e."""
    if v == 0 or abs(v) >= 0.01:
        return fmt_num(v, 3)
    e = math.floor(math.log10(abs(v)))
    m = round(v / 10 ** e, 1)
    if abs(m) >= 10:
        m, e = m / 10, e + 1
    return rf"{fmt_num(m, 1)}\times 10^{{{e}}}"


# ---------------------------------------------------------------- SlopeSign


def _check_sign(scene, x, y, w_red, w_blue, lr):
    """Each start's slope (2/m) Σ (W x_i − y_i) x_i and its step W − α·slope, by hand."""
    x, y = np.array(x), np.array(y)
    shown = scene.shown
    for name, w, rel in (("red", w_red, "<"), ("blue", w_blue, ">")):
        g = 2 * np.mean((w * x - y) * x)
        assert (g < 0) == (name == "red")
        assert DERIV + rf"\Big|_{{W = {fmt_num(w, 3)}}} = {fmt_num(g)} {rel} 0" in shown
        assert (rf"W \leftarrow {fmt_num(w, 3)} - {fmt_num(lr)}\cdot({fmt_num(g)})"
                rf" = {fmt_num(w - lr * g, 3)}") in shown
        assert scene.t(f"sign_{name}") in shown
    w_min = (x @ y) / (x @ x)
    assert rf"W^{{*}} = {fmt_num(w_min, 3)}" in shown
    assert beat_keys(scene) == ["sign_rule", "sign_red", "sign_blue", "sign_both"]
    g_red = 2 * np.mean((w_red * x - y) * x)
    assert scene.beats[1][2] == scene.t("cap_sign_red", w=fmt_num(w_red, 3), g=fmt_num(g_red),
                                        w_next=fmt_num(w_red - lr * g_red, 3))


def test_sign_shows_both_notes_points_with_their_steps():
    p = _defaults("SlopeSign")
    scene = dry_run(SlopeSign)
    _check_sign(scene, p.x, p.y, p.w_red, p.w_blue, p.lr)
    # by hand: cost = 14 (W − 1)²/3, slope 28 (W − 1)/3: −14 at −0.5 (→ 0.2), 14 at 2.5 (→ 1.8)
    assert r"W \leftarrow -0.5 - 0.05\cdot(-14) = 0.2" in scene.shown
    assert r"W \leftarrow 2.5 - 0.05\cdot(14) = 1.8" in scene.shown


def test_sign_shows_a_lecturers_own_numbers():
    values = dict(x=(1.0, 2.0), y=(2.0, 3.0), w_red=0.0, w_blue=2.5, lr=0.1, w_view=(-1.0, 3.0),
                  cost_max=20.0)
    scene = dry_run_with(SlopeSign, **values)
    _check_sign(scene, values["x"], values["y"], 0.0, 2.5, 0.1)


@pytest.mark.parametrize("values, name", [
    ({"w_red": 1.5}, "w_red"),                  # right of the minimum W* = 1: positive slope
    ({"w_blue": 1.0}, "w_blue"),                # at the minimum: no sign
    ({"w_red": -1.4}, "w_red"),                 # cost 26.9 above the cost axis
    ({"lr": 0.3}, "lr"),                        # −0.5 → 3.7: off the W axis
    ({"lr": 0.005}, "lr"),                      # a step of 0.07: too short to draw
    ({"w_view": (1.5, 3.5), "w_red": 1.6}, "w_view"),  # the minimum off the plot
    ({"y": (1.0, 2.0)}, "y"),
])
def test_sign_refuses_what_does_not_fit(values, name):
    _refused("SlopeSign", values, name)


# ---------------------------------------------------------------- GradientDescentSteps


def _descent_reference(x, y, w0, lr, steps):
    """W_{k+1} = W_k − α (2/m) Σ (W_k x_i − y_i) x_i iterated with numpy."""
    x, y = np.array(x), np.array(y)
    w, slopes = [w0], []
    for _ in range(steps):
        slopes.append(2 * np.mean((w[-1] * x - y) * x))
        w.append(w[-1] - lr * slopes[-1])
    costs = [np.mean((wi * x - y) ** 2) for wi in w]
    return w, slopes, costs, (x @ y) / (x @ x)


def _check_steps(scene, x, y, w0, lr, steps, slow):
    shown = scene.shown
    w, slopes, costs, w_min = _descent_reference(x, y, w0, lr, steps)
    for k in range(steps):
        eq = (rf"W_{{{k + 1}}} = {fmt_num(w[k], 3)} - {fmt_num(lr)}\cdot({fmt_num(slopes[k])})"
              rf" = {fmt_num(w[k + 1], 3)}")
        assert eq in shown, eq
        assert DERIV + rf"(W_{k}) = {fmt_num(slopes[k])}" in shown
        assert (rf"W_{{{k + 1}}} = {fmt_num(w[k + 1], 3)},\quad "
                rf"\mathrm{{cost}}(W_{{{k + 1}}}) = {fmt_num(costs[k + 1])}") in shown
    assert rf"W_{{0}} = {fmt_num(w0, 3)},\quad \mathrm{{cost}}(W_{{0}}) = {fmt_num(costs[0])}" in shown
    assert rf"\alpha = {fmt_num(lr)}" in " ".join(shown)
    assert DERIV + rf" = 0 \iff W = {fmt_num(w_min, 3)}" in shown
    assert beat_keys(scene) == ["cost", "rule"] + ["step"] * steps + ["converged"]
    assert scene.beats[-1][2] == scene.t("cap_converged", n=steps, w=fmt_num(w[-1], 3),
                                         w_min=fmt_num(w_min, 3))


def test_steps_shows_every_update_with_the_closed_form_numbers():
    p = _defaults("GradientDescentSteps")
    scene = dry_run(GradientDescentSteps)
    _check_steps(scene, p.x, p.y, p.w0, p.lr, p.steps, p.slow_steps)
    # the factored cost by hand: (1/3)((W−1)² + (2W−2)² + (3W−3)²) = 14 (W − 1)²/3
    assert any(s.endswith(r"= \frac{14 \left(W - 1\right)^{2}}{3}") for s in scene.shown)
    assert r"x = [1,\ 2,\ 3],\quad y = [1,\ 2,\ 3]" in scene.shown


def test_steps_shows_a_lecturers_own_numbers():
    values = dict(x=(1.0, 2.0), y=(2.0, 3.0), w0=-0.5, lr=0.15, steps=4, slow_steps=1,
                  w_view=(-1.0, 3.0), cost_max=20.0)
    scene = dry_run_with(GradientDescentSteps, **values)
    _check_steps(scene, values["x"], values["y"], values["w0"], values["lr"], 4, 1)
    assert r"x = [1,\ 2],\quad y = [2,\ 3]" in scene.shown
    # the drawn parabola stays under the cost axis, tangents inside the plot
    d = scene.data
    assert d.curve[:, 1].max() <= 20.0 and d.cost_axis.high == 20.0
    for s in d.steps:
        assert np.all((s.tangent[:, 0] >= -1.0 - 1e-9) & (s.tangent[:, 0] <= 3.0 + 1e-9)
                      & (s.tangent[:, 1] >= -1e-9) & (s.tangent[:, 1] <= 20.0 + 1e-9))


@pytest.mark.parametrize("values, name", [
    ({"y": (1.0, 2.0)}, "y"),                         # fewer y than x
    ({"x": (0.0, 0.0, 0.0)}, "x"),                    # cost does not depend on W
    ({"x": (1.0,) * 6, "y": (1.0,) * 6}, "x"),        # more points than the panel holds
    ({"x": (1.0, 2.0, 9.0)}, "x"),                    # value out of range
    ({"w_view": (3.0, -1.0)}, "w_view"),              # reversed axis
    ({"w_view": (2.0, 3.0), "w0": 2.5}, "w_view"),    # the minimum W* = 1 off the plot
    ({"w0": 4.0}, "w0"),                              # start off the W axis
    ({"w0": 3.4}, "w0"),                              # start above the cost axis
    ({"lr": 0.3}, "lr"),                              # the path leaves the plot
    ({"lr": 0.0}, "lr"),
    ({"steps": 11}, "steps"),                         # too long a video
    ({"slow_steps": 7}, "slow_steps"),                # more slow steps than steps
    ({"cost_max": 0.0}, "cost_max"),
])
def test_steps_refuses_what_does_not_fit(values, name):
    _refused("GradientDescentSteps", values, name)


# ---------------------------------------------------------------- LearningRateRegimes


def _regime_reference(x, y, w0, lr, steps, w_view, cost_max):
    """Closed form W_k = W* + (1 − αλ)^k (W_0 − W*), λ = 2 mean(x²); the first step off the plot."""
    x, y = np.array(x), np.array(y)
    lam, w_star = 2 * np.mean(x ** 2), (x @ y) / (x @ x)
    w = w_star + (1 - lr * lam) ** np.arange(steps + 1) * (w0 - w_star)
    c = np.array([np.mean((wi * x - y) ** 2) for wi in w])
    off = np.flatnonzero((w < w_view[0]) | (w > w_view[1]) | (c > cost_max))
    return lam, w, (int(off[0]) if off.size else None)


def _check_regimes(scene, p, expected_regimes):
    shown = scene.shown
    lam = 2 * np.mean(np.array(p.x) ** 2)
    assert any(rf"\lambda = \mathrm{{cost}}''(W) = {fmt_num(lam)}" in s for s in shown)
    finals = {}
    for lr, name, regime in zip(p.lrs, ("too_small", "good", "too_big", "far_too_big"),
                                expected_regimes):
        al = lr * lam
        assert rf"\alpha = {fmt_num(lr, 3)},\ \ 1 - \alpha\lambda = {fmt_num(1 - al)}" in shown
        assert scene.t(name) in shown
        _, w, off = _regime_reference(p.x, p.y, p.w0, lr, p.steps, p.w_view, p.cost_max)
        if off is None:
            slow = name == "too_small" and regime == "monotone"  # it converges, but crawls
            assert scene.t("regime_slow" if slow else f"regime_{regime}") in shown
            finals[name] = fmt_num(w[-1], 3)
            last = p.steps
        else:
            assert regime == "diverging"
            assert scene.t("diverged_at", k=off) in shown
            finals[name] = fmt_num(w[off], 3)
            last = off
    assert rf"\iff \alpha \le \frac{{1}}{{\lambda}} = {fmt_num(1 / lam, 3)}," in shown
    assert (rf"\iff 0 < \alpha\lambda < 2 \iff \alpha < \frac{{2}}{{\lambda}} = "
            rf"{fmt_num(2 / lam, 3)}") in shown
    assert beat_keys(scene) == ["lambda", "panels", "runs", "thresholds"]
    # the caption's "after N steps" and the far-too-big run's step: what the panels show
    assert scene.beats[2][2] == scene.t("cap_runs", steps=p.steps, k=last, **finals)


def test_regimes_show_alpha_lambda_thresholds_and_the_divergence_step():
    p = _defaults("LearningRateRegimes")
    scene = dry_run(LearningRateRegimes)
    _check_regimes(scene, p, ["monotone", "monotone", "oscillating", "diverging"])
    _, _, off = _regime_reference(p.x, p.y, p.w0, p.lrs[-1], p.steps, p.w_view, p.cost_max)
    assert off == 8  # W_8 = 1 − 2·1.0533^8 = −2.03 < −2: the far-too-big run leaves on the left


def test_regimes_draw_nothing_outside_the_plot():
    """The issue's bug: the diverging zig-zag left its axes. Every drawn point is inside."""
    for scene in (dry_run(LearningRateRegimes), dry_run_with(LearningRateRegimes, **_REGIMES_OWN)):
        p = scene.params
        for run in scene.data.runs:
            pts = run.path
            assert np.all((pts[:, 0] >= p.w_view[0] - 1e-12) & (pts[:, 0] <= p.w_view[1] + 1e-12)
                          & (pts[:, 1] >= 0) & (pts[:, 1] <= p.cost_max + 1e-9))
        assert scene.data.curve[:, 1].max() <= p.cost_max


_REGIMES_OWN = dict(x=(1.0, 2.0), y=(2.0, 3.0), w0=0.0, lrs=(0.02, 0.1, 0.3, 0.42), steps=8,
                    w_view=(-2.0, 5.0), cost_max=25.0)


def test_regimes_show_a_lecturers_own_numbers():
    scene = dry_run_with(LearningRateRegimes, **_REGIMES_OWN)
    p = scene.params
    _check_regimes(scene, p, ["monotone", "monotone", "oscillating", "diverging"])
    _, _, off = _regime_reference(p.x, p.y, p.w0, 0.42, 8, p.w_view, p.cost_max)
    assert off == 8  # λ = 5: |W_k − 1.6| = 1.6·1.1^k, cost 2.5·3.43² + 0.1 = 29.5 > 25 at k = 8


@pytest.mark.parametrize("values, name", [
    ({"lrs": (0.015, 0.09, 0.2)}, "lrs"),                      # four panels
    ({"lrs": (0.09, 0.015, 0.18, 0.22)}, "lrs"),               # not ascending
    ({"lrs": (0.015, 0.09, 0.2, 0.21)}, "lrs"),                # αλ = 1.96: the last does not diverge
    ({"lrs": (0.015, 0.09, 0.1, 0.3)}, "lrs"),                 # αλ = 0.93: the third does not oscillate
    ({"w_view": (-2.0, 2.5), "lrs": (0.015, 0.09, 0.2, 0.22)}, "lrs"),  # converging run off the plot
    ({"w_view": (2.0, 4.0), "w0": 3.0}, "w_view"),             # minimum off the plot
    ({"w_view": (1.0, -1.0)}, "w_view"),
    ({"w0": 4.5}, "w0"),
    ({"y": (1.0, 2.0)}, "y"),
    ({"x": (0.0,), "y": (1.0,)}, "x"),
    ({"steps": 16}, "steps"),
])
def test_regimes_refuse_what_does_not_fit(values, name):
    _refused("LearningRateRegimes", values, name)


# ---------------------------------------------------------------- optimizers in 2-D


def _gd(grad, w0, lr, steps):
    w = [np.array(w0, float)]
    for _ in range(steps):
        w.append(w[-1] - lr * grad(w[-1]))
    return np.array(w)


def _heavy_ball(grad, w0, lr, beta, steps):
    """Goh's form: z ← βz + ∇f(w), w ← w − αz, z_0 = 0."""
    w, z = [np.array(w0, float)], np.zeros(2)
    for _ in range(steps):
        z = beta * z + grad(w[-1])
        w.append(w[-1] - lr * z)
    return np.array(w)


def _adam(grad, w0, lr, b1, b2, steps, eps=1e-8):
    """Kingma & Ba, Algorithm 1."""
    w, m, v = [np.array(w0, float)], np.zeros(2), np.zeros(2)
    for t in range(1, steps + 1):
        g = grad(w[-1])
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        w.append(w[-1] - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps))
    return np.array(w)


def _rosen(p):
    return (1 - p[..., 0]) ** 2 + 100 * (p[..., 1] - p[..., 0] ** 2) ** 2


def _rosen_grad(p):
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


def _optimizer_reference(p):
    """Costs of every run, per problem and method (eigen closed forms, hand gradients)."""
    H = np.array(p.quad_hessian)
    lam = np.linalg.eigvalsh(H)
    g_lr = 2 / (lam[0] + lam[-1])
    m_lr = (2 / (np.sqrt(lam[0]) + np.sqrt(lam[-1]))) ** 2
    sk = np.sqrt(lam[-1] / lam[0])
    m_beta = ((sk - 1) / (sk + 1)) ** 2
    quad = lambda w: 0.5 * np.einsum("ki,ij,kj->k", w, H, w)  # noqa: E731
    grad = lambda w: H @ w  # noqa: E731
    runs = {
        "quadratic": {
            "gd": (quad(_gd(grad, p.quad_start, g_lr, p.quad_steps)), rf"\alpha = {fmt_num(g_lr, 3)}"),
            "momentum": (quad(_heavy_ball(grad, p.quad_start, m_lr, m_beta, p.quad_steps)),
                         rf"\alpha = {fmt_num(m_lr, 3)},\ \beta = {fmt_num(m_beta, 3)}"),
            "adam": (quad(_adam(grad, p.quad_start, p.quad_adam_lr, p.adam_beta1, p.adam_beta2,
                                p.quad_steps)), rf"\alpha = {fmt_num(p.quad_adam_lr, 3)}")},
        "rosenbrock": {
            "gd": (_rosen(_gd(_rosen_grad, p.rosen_start, p.rosen_gd_lr, p.rosen_steps)),
                   rf"\alpha = {fmt_num(p.rosen_gd_lr, 3)}"),
            "momentum": (_rosen(_heavy_ball(_rosen_grad, p.rosen_start, p.rosen_momentum_lr,
                                            p.rosen_beta, p.rosen_steps)),
                         rf"\alpha = {fmt_num(p.rosen_momentum_lr, 3)},\ \beta = {fmt_num(p.rosen_beta, 3)}"),
            "adam": (_rosen(_adam(_rosen_grad, p.rosen_start, p.rosen_adam_lr, p.adam_beta1,
                                  p.adam_beta2, p.rosen_steps)),
                     rf"\alpha = {fmt_num(p.rosen_adam_lr, 3)}")}}
    return runs, lam[-1] / lam[0]


def _check_paths(scene, p):
    shown = scene.shown
    runs, kappa = _optimizer_reference(p)
    assert rf"\kappa = {fmt_num(kappa)}" in shown
    for key, milestones in (("quadratic", p.quad_milestones), ("rosenbrock", p.rosen_milestones)):
        for k in milestones:
            assert rf"k = {k}" in shown
            for losses, tex in runs[key].values():
                row = rf"({tex}):\ \ \mathrm{{cost}}(w_{{{k}}}) = {_sci(losses[k])}"
                assert row in shown, row
    assert beat_keys(scene) == ["problem_quadratic", "done_quadratic", "problem_rosenbrock",
                                "done_rosenbrock", "compare"]


def test_paths_show_costs_from_closed_forms_and_independent_runs():
    p = _defaults("OptimizerPaths2D")
    scene = dry_run(OptimizerPaths2D)
    _check_paths(scene, p)
    assert r"\kappa = 25" in scene.shown  # eigenvalues 1 and 25 of [[1, 0], [0, 25]]
    # GD on the bowl is exactly the per-eigendirection closed form (1 − αλ)^k
    H = np.array(p.quad_hessian)
    lam, Q = np.linalg.eigh(H)
    lr = 2 / (lam[0] + lam[-1])
    for k in p.quad_milestones:
        wk = ((1 - lr * lam) ** k * (np.array(p.quad_start) @ Q)) @ Q.T
        assert rf"(\alpha = {fmt_num(lr, 3)}):\ \ \mathrm{{cost}}(w_{{{k}}}) = {_sci(0.5 * wk @ H @ wk)}" \
            in scene.shown


def test_paths_show_momentum_and_adam_ahead_and_where_adam_loses():
    """The issue's defect: on the old bowl Adam ended far behind GD and momentum looked like GD.
    On the default bowl both are far ahead of GD at k = 10; Adam's fixed step then jitters and
    GD's cost stays below Adam's from a step the scene names (found here by brute force)."""
    p = _defaults("OptimizerPaths2D")
    runs, _ = _optimizer_reference(p)
    gd, mom, adam = (runs["quadratic"][m][0] for m in ("gd", "momentum", "adam"))
    assert mom[10] < gd[10] / 4 and adam[10] < gd[10] / 4
    ahead = [k for k in range(gd.size) if all(gd[j] < adam[j] for j in range(k, gd.size))]
    k = ahead[0]
    assert 10 < k < p.quad_steps
    scene = dry_run(OptimizerPaths2D)
    assert scene.t("compare_adam_2", k=k) in scene.shown
    assert scene.beats[-1][2] == scene.t("cap_compare", adam=scene.t("cap_adam_loses", k=k))


_OPTIMIZER_OWN = dict(quad_hessian=((4.0, 1.0), (1.0, 2.0)), quad_start=(2.0, -2.0), quad_steps=12,
                      quad_adam_lr=0.2, rosen_steps=300, rosen_gd_lr=0.0015,
                      rosen_momentum_lr=0.0005, rosen_beta=0.8, rosen_adam_lr=0.02,
                      adam_beta1=0.8, adam_beta2=0.99)


def test_paths_show_a_lecturers_own_numbers():
    values = dict(_OPTIMIZER_OWN, quad_milestones=(1, 4, 12), rosen_milestones=(1, 100, 300))
    scene = dry_run_with(OptimizerPaths2D, **values)
    _check_paths(scene, scene.params)


@pytest.mark.parametrize("values, name", [
    ({"quad_hessian": ((5.5, 4.5), (4.0, 5.5))}, "quad_hessian"),      # not symmetric
    ({"quad_hessian": ((1.0, 2.0), (2.0, 1.0))}, "quad_hessian"),      # not positive definite
    ({"quad_hessian": ((2.0, 0.0), (0.0, 2.0))}, "quad_hessian"),      # κ = 1: cost 0 in one step
    ({"quad_hessian": ((5.5, 4.5, 0.0), (4.5, 5.5, 0.0))}, "quad_hessian"),  # not 2 × 2
    ({"quad_start": (0.0, 3.5)}, "quad_start"),                        # off the bowl's plot
    ({"quad_start": (0.0, 0.0)}, "quad_start"),                        # at the minimum
    ({"rosen_start": (1.0, 1.0)}, "rosen_start"),
    ({"rosen_start": (0.0, 3.5)}, "rosen_start"),
    ({"quad_adam_lr": 2.0}, "quad_adam_lr"),                           # Adam leaves the plot
    ({"rosen_gd_lr": 0.01}, "rosen_gd_lr"),                            # GD diverges in the valley
    ({"quad_milestones": (1, 5, 3, 30)}, "quad_milestones"),           # not ascending
    ({"quad_milestones": (1, 2, 3)}, "quad_milestones"),               # does not end at quad_steps
    ({"rosen_milestones": (1, 10, 1000)}, "rosen_milestones"),
    ({"quad_milestones": tuple(range(1, 10)) + (30,)}, "quad_milestones"),  # too many pauses
    ({"quad_steps": 61}, "quad_steps"),
    ({"rosen_steps": 3001}, "rosen_steps"),
    ({"rosen_beta": 0.995}, "rosen_beta"),
    ({"adam_beta2": 1.0}, "adam_beta2"),
])
def test_paths_refuse_what_does_not_fit(values, name):
    _refused("OptimizerPaths2D", values, name)


# ---------------------------------------------------------------- loss curves


def _decades(losses) -> tuple[float, float]:
    """Whole decades around the losses, rounded out to even powers (ticks every 2)."""
    lo = 2 * math.floor(math.floor(math.log10(min(losses))) / 2)
    hi = 2 * math.ceil(math.ceil(math.log10(max(losses))) / 2)
    return lo, hi


def _check_curves(scene, p):
    shown = scene.shown
    runs, kappa = _optimizer_reference(p)
    for panel, key in zip(scene.data.panels, ("quadratic", "rosenbrock")):
        every = np.concatenate([losses for losses, _ in runs[key].values()])
        assert (panel.log_axis.low, panel.log_axis.high) == _decades(every)
        for losses, _ in runs[key].values():
            assert _sci(losses[-1]) in shown
    rate = (kappa - 1) / (kappa + 1)
    assert (r"\mathrm{cost}(w_0)\left(\frac{\kappa-1}{\kappa+1}\right)^{2k},\ \ \kappa = "
            + fmt_num(kappa)) in shown
    gd = runs["quadratic"]["gd"][0]
    np.testing.assert_allclose(scene.data.bound, gd[0] * rate ** (2 * np.arange(gd.size)), rtol=1e-9)
    np.testing.assert_allclose(gd, scene.data.bound, rtol=1e-9)  # the caption: GD meets it exactly
    assert scene.beats[-1][2] == scene.t("cap_curves_bound", rate=fmt_num(rate, 3),
                                         kappa=fmt_num(kappa))
    assert beat_keys(scene) == ["curves_quadratic", "curves_rosenbrock", "curves_bound"]


def test_loss_curves_end_values_axes_and_bound():
    scene = dry_run(OptimizerLossCurves)
    _check_curves(scene, _defaults("OptimizerLossCurves"))
    assert [(p.log_axis.low, p.log_axis.high) for p in scene.data.panels] == [(-10, 2), (-8, 2)]
    assert [p.k_axis.step for p in scene.data.panels] == [10, 500]
    # same runs as the path scene: its last milestone shows the curves' last values
    paths = dry_run(OptimizerPaths2D).shown
    for panel in scene.data.panels:
        for run in panel.problem.runs:
            assert any(s.endswith(f"= {_sci(run.losses[-1])}") for s in paths)


def test_loss_curves_show_a_lecturers_own_numbers():
    scene = dry_run_with(OptimizerLossCurves, **_OPTIMIZER_OWN)
    _check_curves(scene, scene.params)
    assert [p.k_axis.step for p in scene.data.panels] == [2, 50]


@pytest.mark.parametrize("values, name", [
    ({"quad_hessian": ((1.0, 0.0), (0.0, 1.05))}, "quad_steps"),   # GD's cost falls below 1e-30
    ({"quad_adam_lr": 2.0}, "quad_adam_lr"),
    ({"rosen_momentum_lr": 0.01}, "rosen_momentum_lr"),
    ({"rosen_adam_lr": 1.0}, "rosen_adam_lr"),
])
def test_loss_curves_refuse_what_does_not_fit(values, name):
    _refused("OptimizerLossCurves", values, name)


# ---------------------------------------------------------------- mini-batch SGD


def _sgd_reference(p, batch_size):
    """The data draw and mini-batch SGD written out with numpy's Generator (same protocol:
    x ~ U(−1, 1), y = W x + b + σ ε; each epoch one permutation cut into ⌈n/B⌉ batches)."""
    rng = np.random.default_rng(p.data_seed)
    x = rng.uniform(-1.0, 1.0, size=p.n)
    y = p.true_w * x + p.true_b + p.noise * rng.standard_normal(p.n)
    A = np.column_stack([x, np.ones_like(x)])
    rng = np.random.default_rng(p.shuffle_seed)
    w = [np.array(p.w0, float)]
    for _ in range(p.epochs):
        order = rng.permutation(p.n)
        for j in range(0, p.n, batch_size):
            idx = np.sort(order[j:j + batch_size])
            r = A[idx] @ w[-1] - y[idx]
            w.append(w[-1] - p.lr * 2 / idx.size * A[idx].T @ r)
    costs = [float(np.mean((A @ wk - y) ** 2)) for wk in w]
    return A, y, costs


def _check_sgd(scene, p):
    shown = scene.shown
    per_epoch = -(-p.n // p.batch_size)
    steps = per_epoch * p.epochs
    assert (rf"\lceil {p.n} / {p.batch_size} \rceil\cdot {p.epochs} = {per_epoch} \cdot {p.epochs}"
            rf" = {steps}") in shown
    assert rf"\lceil {p.n} / {p.n} \rceil\cdot {p.epochs} = 1 \cdot {p.epochs} = {p.epochs}" in shown
    A, y, full = _sgd_reference(p, p.n)
    _, _, mini = _sgd_reference(p, p.batch_size)
    wb, *_ = np.linalg.lstsq(A, y, rcond=None)
    assert rf"\min \mathrm{{cost}} = {fmt_num(np.mean((A @ wb - y) ** 2), 3)}" in shown
    # the counter rows are updated in place; the scene records each state as read aloud
    for e, c in enumerate(full):
        assert scene.t("status_full", e=e, E=p.epochs, s=e, S=p.epochs) + f", cost = {c:.3f}" in shown
    for s in range(1, steps + 1):
        e, j = (s - 1) // per_epoch + 1, (s - 1) % per_epoch + 1
        assert (scene.t("status_mini", e=e, E=p.epochs, j=j, J=per_epoch, s=s, S=steps)
                + f", cost = {mini[s]:.3f}") in shown
    assert beat_keys(scene) == (["sgd_setup", "sgd_count"] + ["sgd_epoch"] * p.epochs
                                + ["sgd_done", "sgd_takeaway"])
    # the takeaway (what mini-batch noise buys and costs) is the last thing on screen
    assert scene.shown[-2:] == [scene.t("sgd_takeaway_1"), scene.t("sgd_takeaway_2")]
    assert scene.beats[-2][2] == scene.t("cap_sgd_done", epochs=p.epochs, mini=steps, full=p.epochs,
                                         c_mini=fmt_num(mini[-1], 3), c_full=fmt_num(full[-1], 3),
                                         best=fmt_num(np.mean((A @ wb - y) ** 2), 3))
    assert scene.beats[0][2] == scene.t("cap_sgd_setup", n=p.n, w=fmt_num(wb[0]), b=fmt_num(wb[1]))
    return mini[-1] < full[-1]


def test_minibatch_counts_steps_and_shows_costs():
    p = _defaults("MiniBatchSGD")
    assert _check_sgd(dry_run(MiniBatchSGD), p)  # with the defaults the mini-batches end lower


def test_minibatch_shows_a_lecturers_own_numbers():
    values = dict(n=10, batch_size=3, epochs=2, lr=0.4, data_seed=3, shuffle_seed=5, true_w=1.0,
                  true_b=0.5, noise=0.2, w0=(0.0, 0.0))
    scene = dry_run_with(MiniBatchSGD, **values)
    _check_sgd(scene, scene.params)
    # every line drawn stays inside the data plot, every iterate inside the (W, b) plot
    for ends in (scene.data.full_line_ends, scene.data.mini_line_ends):
        assert np.all((ends >= -4.0) & (ends <= 3.0))


@pytest.mark.parametrize("values, name", [
    ({"batch_size": 25}, "batch_size"),                  # larger than n
    ({"n": 40, "batch_size": 1, "epochs": 2}, "batch_size"),  # 80 steps: too long
    ({"n": 41}, "n"),
    ({"noise": 2.0}, "noise"),                           # a noisy point off the data plot
    ({"true_w": 3.0, "true_b": 3.0}, "true_b"),          # the line itself off the plot
    ({"lr": 2.0}, "lr"),                                 # the full-batch run leaves the plots
    ({"w0": (0.0, 2.5)}, "w0"),                          # b_0 off the (W, b) plot
    ({"w0": (3.0, 2.0)}, "w0"),                          # its line W x + b off the data plot
    ({"epochs": 9}, "epochs"),
])
def test_minibatch_refuses_what_does_not_fit(values, name):
    _refused("MiniBatchSGD", values, name)


def test_sign_handout_plots_the_hand_computed_steps():
    """The SlopeSign handout figure (pipeline.handouts.gradient_descent.slope_sign): each start's
    cost, slope and step against (1/m) Σ (W x_i − y_i)² and its derivative written out here."""
    from pipeline.handouts.gradient_descent import slope_sign

    p = _defaults("SlopeSign")
    x, y = np.array(p.x), np.array(p.y)
    fig, d = slope_sign()
    for name, w in (("red", p.w_red), ("blue", p.w_blue)):
        g = 2 * np.mean((w * x - y) * x)
        w1 = w - p.lr * g
        np.testing.assert_allclose(d[name], [w, np.mean((w * x - y) ** 2), g, w1,
                                             np.mean((w1 * x - y) ** 2)], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(d["cost_curve"], np.mean((d["w_curve"][:, None] * x - y) ** 2, 1),
                               rtol=1e-12, atol=1e-12)
    assert d["w_min"][0] == pytest.approx((x @ y) / (x @ x))
