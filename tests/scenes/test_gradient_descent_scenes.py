"""The numbers the gradient-descent scenes put on screen are dlmath's, and match
independent closed forms (numpy, hand algebra)."""

from __future__ import annotations

import numpy as np

from dlmath.optim import adam, gradient_descent, linear_data, momentum, regression_cost_1d, rosenbrock, sgd
from scenes.gradient_descent import (
    GradientDescentSteps,
    LearningRateRegimes,
    MiniBatchSGD,
    OptimizerLossCurves,
    OptimizerPaths2D,
    _fmt_loss,
)
from scenes.style import fmt_num
from tests.conftest import dry_run


def _keys(scene):
    return [k for _, k, _ in scene.beats]


def _times_sorted(scene):
    times = [t for t, _, _ in scene.beats]
    return times == sorted(times)


def test_steps_shows_every_update_with_the_closed_form_numbers():
    S = GradientDescentSteps
    scene = dry_run(S)
    shown = scene.shown
    # independent reference: cost(W) = mean((W x - y)^2) has slope (2/m) sum((W x - y) x);
    # iterate the update by hand with numpy
    x, y = np.array(S.x), np.array(S.y)
    w = [S.w0]
    slopes = []
    for _ in range(S.steps):
        g = 2 * np.mean((w[-1] * x - y) * x)
        slopes.append(g)
        w.append(w[-1] - S.lr * g)
    costs = [np.mean((wi * x - y) ** 2) for wi in w]
    for k in range(S.steps):
        eq = (rf"W_{{{k + 1}}} = W_{k} - \alpha\,\frac{{\partial\,\mathrm{{cost}}}}{{\partial W}}"
              rf" = {fmt_num(w[k], 3)} - {fmt_num(S.lr)}\cdot({fmt_num(slopes[k])})"
              rf" = {fmt_num(w[k + 1], 3)}")
        assert eq in shown, eq
        assert (rf"W_{{{k + 1}}} = {fmt_num(w[k + 1], 3)},\quad "
                rf"\mathrm{{cost}}(W_{{{k + 1}}}) = {fmt_num(costs[k + 1])}") in shown
    # the factored cost from sympy, and the minimum W = sum(xy)/sum(x^2)
    assert any(s.endswith(r"= \frac{14 \left(W - 1\right)^{2}}{3}") for s in shown)
    w_min = (x @ y) / (x @ x)
    assert any(s.endswith(rf"\iff W = {fmt_num(w_min, 3)}") for s in shown)
    assert _keys(scene) == ["cost", "rule"] + ["step"] * S.steps + ["converged"]
    assert _times_sorted(scene)
    # the scene's trajectory is dlmath's
    traj = gradient_descent(regression_cost_1d(S.x, S.y).grad, [S.w0], S.lr, S.steps)
    np.testing.assert_allclose(traj.points[:, 0], w, rtol=1e-12)


def test_regimes_show_alpha_lambda_thresholds_and_the_divergence_step():
    S = LearningRateRegimes
    scene = dry_run(S)
    shown = scene.shown
    x = np.array(S.x)
    lam = 2 * np.mean(x ** 2)  # cost'' of mean((W x - y)^2), by hand: 28/3
    assert any(rf"\lambda = \mathrm{{cost}}''(W) = {fmt_num(lam)}" in s for s in shown)
    regimes = []
    for lr, key in S.runs:
        al = lr * lam
        assert (rf"\alpha = {fmt_num(lr, 3)},\ \ \alpha\lambda = {fmt_num(al)},"
                rf"\ \ 1 - \alpha\lambda = {fmt_num(1 - al)}") in shown
        assert scene.t(key) in shown
        regimes.append("monotone" if al <= 1 else "oscillating" if al < 2 else "diverging")
    assert regimes == ["monotone", "monotone", "oscillating", "diverging"]
    for r in regimes[:3]:
        assert scene.t(f"regime_{r}") in shown
    assert rf"\iff \alpha \le \frac{{1}}{{\lambda}} = {fmt_num(1 / lam, 3)}," in shown
    assert rf"\iff 0 < \alpha\lambda < 2 \iff \alpha < \frac{{2}}{{\lambda}} = {fmt_num(2 / lam, 3)}" in shown
    # the diverging run: W_k - 1 = (W_0 - 1)(1 - a lam)^k, first |W_k| > bound
    w = 1 + (S.w0 - 1) * (1 - S.runs[-1][0] * lam) ** np.arange(S.steps + 1)
    k_div = int(np.argmax(np.abs(w) > S.bound))
    assert k_div > 0
    assert scene.t("diverged_at", k=k_div) in shown
    assert [k for _, k, _ in scene.beats] == ["lambda", "panels", "runs", "thresholds"]
    assert _times_sorted(scene)


def test_fmt_loss():
    assert _fmt_loss(0.1234) == "0.123" and _fmt_loss(0) == "0"
    assert _fmt_loss(3.14e-5) == r"3.1\times 10^{-5}"


def test_paths_show_costs_from_closed_forms_and_dlmath_runs():
    S = OptimizerPaths2D
    scene = dry_run(S)
    shown = scene.shown
    # quadratic: GD at 2/(lmin+lmax) equals the eigen-decomposition closed form (numpy)
    H = np.array(S.quad_hessian)
    lam, Q = np.linalg.eigh(H)
    lr = 2 / (lam[0] + lam[-1])
    x0 = np.array(S.quad_start)
    for k in S.milestones["quadratic"]:
        wk = ((1 - lr * lam) ** k * (x0 @ Q)) @ Q.T
        cost = 0.5 * wk @ H @ wk
        assert rf"(\alpha = {fmt_num(lr, 3)}):\ \ \mathrm{{cost}}(w_{{{k}}}) = {_fmt_loss(cost)}" in shown
    # momentum at Goh's optimum: alpha = (2/(sqrt(l1)+sqrt(ln)))^2, beta = ((sqrt k - 1)/(sqrt k + 1))^2
    sk = np.sqrt(lam[-1] / lam[0])
    m_lr, m_beta = (2 / (np.sqrt(lam[0]) + np.sqrt(lam[-1]))) ** 2, ((sk - 1) / (sk + 1)) ** 2
    grad = lambda w: H @ w  # noqa: E731
    t = momentum(grad, x0, m_lr, S.quad_steps, beta=m_beta)
    k = S.milestones["quadratic"][-1]
    assert (rf"(\alpha = {fmt_num(m_lr, 3)},\ \beta = {fmt_num(m_beta, 3)}):\ \ "
            rf"\mathrm{{cost}}(w_{{{k}}}) = {_fmt_loss(0.5 * t.points[k] @ H @ t.points[k])}") in shown
    assert r"\kappa = 10" in shown
    # Rosenbrock: the cost of dlmath's iterates, evaluated by the textbook formula
    f = lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2  # noqa: E731
    r = rosenbrock()
    lrs = dict(S.rosen_lr)
    runs = {"gd": gradient_descent(r.grad, S.rosen_start, lrs["gd"], S.rosen_steps),
            "momentum": momentum(r.grad, S.rosen_start, lrs["momentum"], S.rosen_steps, beta=S.rosen_beta),
            "adam": adam(r.grad, S.rosen_start, lrs["adam"], S.rosen_steps)}
    for k in S.milestones["rosenbrock"]:
        assert rf"k = {k}" in shown
        for name, t in runs.items():
            assert any(s.endswith(rf"\mathrm{{cost}}(w_{{{k}}}) = {_fmt_loss(f(t.points[k]))}")
                       for s in shown), (name, k)
    assert [k for _, k, _ in scene.beats] == ["problem_quadratic", "done_quadratic",
                                              "problem_rosenbrock", "done_rosenbrock", "compare"]
    assert _times_sorted(scene)


def test_minibatch_counts_steps_and_shows_costs():
    S = MiniBatchSGD
    scene = dry_run(S)
    shown = scene.shown
    per_epoch = -(-S.n // S.batch_size)  # ceil(n / B) by integer arithmetic
    assert per_epoch * S.epochs == 24
    assert (rf"\lceil {S.n} / {S.batch_size} \rceil\cdot {S.epochs} = {per_epoch} \cdot {S.epochs}"
            rf" = {per_epoch * S.epochs}") in shown
    assert rf"\lceil {S.n} / {S.n} \rceil\cdot {S.epochs} = 1 \cdot {S.epochs} = {S.epochs}" in shown
    x, y = linear_data(S.n, S.true_w, S.true_b, S.noise, S.data_seed)
    # least squares by numpy: the minimum on screen
    A = np.column_stack([x, np.ones_like(x)])
    wb, *_ = np.linalg.lstsq(A, y, rcond=None)
    best = np.mean((A @ wb - y) ** 2)
    assert rf"\min \mathrm{{cost}} = {fmt_num(best, 3)}" in shown
    # full batch = plain GD on the MSE (numpy gradient), one step per epoch
    p = np.array(S.w0)
    full_costs = [np.mean((A @ p - y) ** 2)]
    for _ in range(S.epochs):
        p = p - S.lr * 2 / S.n * A.T @ (A @ p - y)
        full_costs.append(np.mean((A @ p - y) ** 2))
    for e, c in enumerate(full_costs):
        assert scene.t("status_full", e=e, E=S.epochs, s=e, S=S.epochs) in shown
        assert rf"\mathrm{{cost}} = {fmt_num(c, 3)}" in shown
    mini = sgd(x, y, S.batch_size, S.epochs, S.lr, S.shuffle_seed, w0=S.w0)
    for s_ in range(1, mini.steps + 1):
        e, j = (s_ - 1) // per_epoch + 1, (s_ - 1) % per_epoch + 1
        assert scene.t("status_mini", e=e, E=S.epochs, j=j, J=per_epoch, s=s_, S=mini.steps) in shown
        assert rf"\mathrm{{cost}} = {fmt_num(np.mean((A @ mini.params[s_] - y) ** 2), 3)}" in shown
    # the closing caption's claim holds for these inputs
    assert mini.loss[-1] < full_costs[-1]
    assert [k for _, k, _ in scene.beats] == ["sgd_setup", "sgd_count"] + ["sgd_epoch"] * S.epochs + ["sgd_done"]
    assert _times_sorted(scene)


def test_loss_curves_end_values_and_bound():
    S = OptimizerLossCurves
    scene = dry_run(S)
    shown = scene.shown
    paths = dry_run(OptimizerPaths2D).shown
    # the curves end at the costs the path scene shows at its last milestone (same runs)
    H = np.array(S.quad_hessian)
    lam, Q = np.linalg.eigh(H)
    lr = 2 / (lam[0] + lam[-1])
    x0 = np.array(S.quad_start)
    wK = ((1 - lr * lam) ** S.quad_steps * (x0 @ Q)) @ Q.T
    assert _fmt_loss(0.5 * wK @ H @ wK) in shown
    f = lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2  # noqa: E731
    r = rosenbrock()
    lrs = dict(S.rosen_lr)
    runs = [gradient_descent(r.grad, S.rosen_start, lrs["gd"], S.rosen_steps),
            momentum(r.grad, S.rosen_start, lrs["momentum"], S.rosen_steps, beta=S.rosen_beta),
            adam(r.grad, S.rosen_start, lrs["adam"], S.rosen_steps)]
    for t in runs:
        assert _fmt_loss(f(t.points[-1])) in shown
        assert any(s.endswith(f"= {_fmt_loss(f(t.points[-1]))}") for s in paths)
        # every cost lies inside the log axis (nothing clipped)
        lo, hi, _ = S.log_ranges["rosenbrock"]
        costs = np.array([f(p) for p in t.points])
        assert np.all((costs > 10.0 ** lo) & (costs < 10.0 ** hi))
    assert r"\mathrm{cost}(w_0)\left(\frac{\kappa-1}{\kappa+1}\right)^{2k},\ \ \kappa = 10" in shown
    rate = (10 - 1) / (10 + 1)
    assert scene.beats[-1][2] == scene.t("cap_curves_bound", rate=fmt_num(rate, 3), kappa="10")
    assert [k for _, k, _ in scene.beats] == ["curves_quadratic", "curves_rosenbrock", "curves_bound"]
    assert _times_sorted(scene)
