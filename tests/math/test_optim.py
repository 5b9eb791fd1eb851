"""dlmath.optim against independent references: closed forms, finite differences, numpy
eigenvalues and least squares, hand-computed steps of the published update rules."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dlmath.optim import (
    HIMMELBLAU_MINIMA,
    adam,
    analyze_lr,
    condition_number,
    contraction_factors,
    gd_cost_bound,
    gradient_descent,
    himmelblau,
    linear_data,
    linear_regression_cost,
    linear_regression_quadratic,
    lr_regime,
    max_stable_lr,
    momentum,
    momentum_optimal,
    nesterov,
    optimal_lr,
    optimal_rate,
    quadratic_cost,
    quadratic_level_curve,
    regression_cost_1d,
    rmsprop,
    rosenbrock,
    rosenbrock_level_curve,
    sgd,
    steps_per_epoch,
    tangent_segment,
    total_steps,
)

OPTIMIZERS = (gradient_descent, momentum, nesterov, rmsprop, adam)


def fd_grad(f, w, h=1e-6):
    """Central finite differences of a scalar function of a point."""
    w = np.asarray(w, dtype=float)
    out = np.zeros_like(w)
    for i in range(w.size):
        e = np.zeros_like(w)
        e[i] = h
        out[i] = (f(w + e) - f(w - e)) / (2 * h)
    return out


# ----------------------------------------------------------------- cost functions


def test_seed_cost_by_hand():
    # x = y = [1, 2, 3]: cost(W) = ((W-1)^2 + 4(W-1)^2 + 9(W-1)^2)/3 = 14(W-1)^2/3
    c = regression_cost_1d([1, 2, 3], [1, 2, 3])
    for w in (-1.0, 0.0, 1.0, 2.5):
        assert c.value(w) == pytest.approx(14 * (w - 1) ** 2 / 3, rel=1e-14, abs=1e-14)
        assert c.grad(w)[0] == pytest.approx(28 * (w - 1) / 3, rel=1e-14, abs=1e-14)
    assert c.value(0.0) == pytest.approx(14 / 3)
    np.testing.assert_allclose(c.hessian(0.3), [[28 / 3]], rtol=1e-14)
    assert c.latex() == r"\frac{14 \left(W - 1\right)^{2}}{3}"
    # vectorized over points, against the defining sum
    ws = np.linspace(-2, 3, 11)
    ref = np.mean((ws[:, None] * np.array([1, 2, 3]) - np.array([1, 2, 3])) ** 2, axis=1)
    np.testing.assert_allclose(c.value(ws), ref, rtol=1e-13)


def test_linear_regression_cost_matches_numpy_and_lstsq():
    x, y = linear_data(20, 1.5, -0.5, 0.4, seed=3)
    c = linear_regression_cost(x, y)
    rng = np.random.default_rng(0)
    pts = rng.normal(size=(7, 2))
    ref = np.mean((pts[:, :1] * x + pts[:, 1:] - y) ** 2, axis=1)
    np.testing.assert_allclose(c.value(pts), ref, rtol=1e-12)
    for p in pts:
        np.testing.assert_allclose(c.grad(p), fd_grad(c.value, p), rtol=1e-7, atol=1e-8)
    hess, w_star, min_cost = linear_regression_quadratic(x, y)
    lst, *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)
    np.testing.assert_allclose(w_star, lst, rtol=1e-12)
    np.testing.assert_allclose(w_star, np.polyfit(x, y, 1), rtol=1e-10)
    np.testing.assert_allclose(c.hessian(pts), np.broadcast_to(hess, (7, 2, 2)), rtol=1e-12)
    assert c.value(w_star) == pytest.approx(min_cost, rel=1e-12)
    np.testing.assert_allclose(c.grad(w_star), [0, 0], atol=1e-12)


def test_quadratic_cost_gradient_and_hessian():
    H = np.array([[5.5, 4.5], [4.5, 5.5]])
    c0 = np.array([1.0, -2.0])
    q = quadratic_cost(H, c0, offset=0.25)
    rng = np.random.default_rng(1)
    pts = rng.normal(size=(5, 2))
    d = pts - c0
    np.testing.assert_allclose(q.value(pts), 0.5 * np.einsum("ni,ij,nj->n", d, H, d) + 0.25, rtol=1e-13)
    np.testing.assert_allclose(q.grad(pts), d @ H.T, rtol=1e-13)
    np.testing.assert_allclose(q.hessian(pts[0]), H, rtol=1e-14)


def test_rosenbrock_gradient_hessian_fd_and_known_values():
    r = rosenbrock()
    # known Hessian at the minimum (1, 1): [[802, -400], [-400, 200]]
    np.testing.assert_allclose(r.hessian([1.0, 1.0]), [[802, -400], [-400, 200]], rtol=0, atol=1e-12)
    np.testing.assert_allclose(r.grad([1.0, 1.0]), [0, 0], atol=1e-15)
    assert r.value([1.0, 1.0]) == 0.0
    assert r.value([0.0, 0.0]) == 1.0 and r.value([-1.2, 1.0]) == pytest.approx(24.2)
    rng = np.random.default_rng(2)
    for p in rng.uniform(-1.5, 1.5, size=(6, 2)):
        np.testing.assert_allclose(r.grad(p), fd_grad(r.value, p), rtol=1e-6, atol=1e-6)
        fd_h = np.array([fd_grad(lambda q, i=i: r.grad(q)[i], p) for i in range(2)])
        np.testing.assert_allclose(r.hessian(p), fd_h, rtol=1e-6, atol=1e-4)


def test_himmelblau_has_four_published_minima():
    h = himmelblau()
    np.testing.assert_allclose(h.value(HIMMELBLAU_MINIMA), 0, atol=1e-9)
    # the published minima are given to 6 decimals: gradient ~0 there, Hessian positive definite
    np.testing.assert_allclose(h.grad(HIMMELBLAU_MINIMA), 0, atol=1e-3)
    assert np.all(np.linalg.eigvalsh(h.hessian(HIMMELBLAU_MINIMA)) > 0)
    # GD from near each minimum converges to it (they are four distinct basins)
    for m in HIMMELBLAU_MINIMA:
        t = gradient_descent(h.grad, m + 0.3, 0.01, 2000)
        np.testing.assert_allclose(t.points[-1], m, atol=2e-6)


def test_level_curves_lie_on_their_level():
    H = np.array([[5.5, 4.5], [4.5, 5.5]])
    q = quadratic_cost(H, [1.0, 2.0], offset=0.5)
    curve = quadratic_level_curve(H, 3.0, [1.0, 2.0], offset=0.5, n=50)
    np.testing.assert_allclose(q.value(curve), 3.0, rtol=1e-12)
    np.testing.assert_allclose(curve[0], curve[-1], atol=1e-12)
    r = rosenbrock()
    for level in (0.1, 1.0, 30.0):
        curve = rosenbrock_level_curve(level, n=100)
        np.testing.assert_allclose(r.value(curve), level, rtol=1e-10)
    seg = tangent_segment(regression_cost_1d(), 0.0, 0.5)
    np.testing.assert_allclose(seg, [[-0.5, 14 / 3 + 0.5 * 28 / 3], [0.5, 14 / 3 - 0.5 * 28 / 3]], rtol=1e-13)


# ----------------------------------------------------------------- optimizers


@pytest.mark.parametrize("lr_lam", [0.05, 0.5, 1.0, 1.5, 1.9])
def test_gd_on_quadratic_equals_closed_form(lr_lam):
    # w_k - c = Q diag((1 - a lam)^k) Q^T (w_0 - c), eigen-decomposition by numpy
    H = np.array([[5.5, 4.5], [4.5, 5.5]])
    c0 = np.array([0.5, -1.0])
    lam, Q = np.linalg.eigh(H)
    lr = lr_lam / lam[-1]
    q = quadratic_cost(H, c0)
    w0 = np.array([-3.0, 2.0])
    t = gradient_descent(q.grad, w0, lr, 40)
    k = np.arange(41)[:, None]
    ref = c0 + ((1 - lr * lam) ** k * ((w0 - c0) @ Q)) @ Q.T
    np.testing.assert_allclose(t.points, ref, rtol=1e-10, atol=1e-12)
    assert not t.diverged and t.diverged_at is None and t.steps == 40


def test_seed_gd_steps_by_hand():
    # W1 = 0 - 0.1 * 28(0 - 1)/3 = 14/15; then W_k = 1 - (1 - 0.1*28/3)^k = 1 - (1/15)^k
    c = regression_cost_1d()
    t = gradient_descent(c.grad, 0.0, 0.1, 6)
    np.testing.assert_allclose(t.points[:, 0], 1 - (1 / 15) ** np.arange(7), rtol=1e-14)
    np.testing.assert_allclose(t.grads[:, 0], 28 / 3 * (t.points[:-1, 0] - 1), rtol=1e-14, atol=1e-14)


def test_divergence_is_reported_not_nan():
    c = regression_cost_1d()  # lambda = 28/3, 2/lambda = 3/14 = 0.214...
    t = gradient_descent(c.grad, 0.0, 0.25, 100, bound=10.0)
    # 1 - 0.25*28/3 = -4/3: W_k = 1 - (-4/3)^k; |W_k| > 10 first at k = 9 (|W_8| = 8.99)
    assert t.diverged and t.diverged_at == 9
    assert len(t.points) == 10 and np.all(np.isfinite(t.points))
    np.testing.assert_allclose(t.points[:, 0], 1 - (-4 / 3) ** np.arange(10), rtol=1e-13)
    # an overflow stops before the first non-finite iterate
    t = gradient_descent(c.grad, 0.0, 1e3, 1000, bound=1e308)
    assert t.diverged and np.all(np.isfinite(t.points)) and t.points.shape[0] == t.diverged_at


def test_momentum_first_steps_by_hand():
    # f = 2 w^2 (grad 4w), w0 = 1, a = 0.1, b = 0.5 (Goh's form z' = b z + g, w' = w - a z')
    g = lambda w: 4 * w  # noqa: E731
    t = momentum(g, [1.0], 0.1, 2, beta=0.5)
    z1 = 4.0
    w1 = 1 - 0.1 * z1  # 0.6
    z2 = 0.5 * z1 + 4 * w1  # 4.4
    np.testing.assert_allclose(t.points[:, 0], [1.0, w1, w1 - 0.1 * z2], rtol=1e-15)


def test_nesterov_first_steps_by_hand():
    # Sutskever et al. 2013: v' = b v - a grad(w + b v), w' = w + v'
    g = lambda w: 4 * w  # noqa: E731
    t = nesterov(g, [1.0], 0.1, 2, beta=0.5)
    v1 = -0.1 * 4 * 1.0
    w1 = 1.0 + v1
    v2 = 0.5 * v1 - 0.1 * 4 * (w1 + 0.5 * v1)
    np.testing.assert_allclose(t.points[:, 0], [1.0, w1, w1 + v2], rtol=1e-15)
    np.testing.assert_allclose(t.grads[:, 0], [4.0, 4 * (w1 + 0.5 * v1)], rtol=1e-15)


def test_rmsprop_first_steps_by_hand():
    g = lambda w: np.array([4 * w[0], -1.0])  # noqa: E731
    t = rmsprop(g, [1.0, 0.0], 0.01, 2, rho=0.9, eps=1e-8)
    s1 = 0.1 * np.array([16.0, 1.0])
    w1 = np.array([1.0, 0.0]) - 0.01 * np.array([4.0, -1.0]) / (np.sqrt(s1) + 1e-8)
    g2 = np.array([4 * w1[0], -1.0])
    s2 = 0.9 * s1 + 0.1 * g2 ** 2
    np.testing.assert_allclose(t.points, [[1.0, 0.0], w1, w1 - 0.01 * g2 / (np.sqrt(s2) + 1e-8)], rtol=1e-14)


def test_adam_first_steps_by_hand_kingma_ba():
    # Kingma & Ba 2015, Algorithm 1, with bias correction; defaults b1=.9, b2=.999, eps=1e-8
    g = lambda w: np.array([4 * w[0], 0.5])  # noqa: E731
    a = 0.1
    t = adam(g, [1.0, 0.0], a, 2)
    g1 = np.array([4.0, 0.5])
    m1, v1 = 0.1 * g1, 0.001 * g1 ** 2
    w1 = np.array([1.0, 0.0]) - a * (m1 / 0.1) / (np.sqrt(v1 / 0.001) + 1e-8)
    # the first bias-corrected step is a * g/|g| (up to eps): every coordinate moves by a
    np.testing.assert_allclose(w1, [1.0 - a, -a], rtol=1e-7)
    g2 = g(w1)
    m2, v2 = 0.9 * m1 + 0.1 * g2, 0.999 * v1 + 0.001 * g2 ** 2
    w2 = w1 - a * (m2 / (1 - 0.9 ** 2)) / (np.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8)
    np.testing.assert_allclose(t.points, [[1.0, 0.0], w1, w2], rtol=1e-14)


@pytest.mark.parametrize("opt", OPTIMIZERS, ids=lambda f: f.__name__)
def test_every_optimizer_reaches_the_quadratic_minimum(opt):
    H = np.diag([1.0, 10.0])
    q = quadratic_cost(H, [1.0, -1.0])
    lr = {"gradient_descent": 0.1, "momentum": 0.05, "nesterov": 0.05, "rmsprop": 0.01, "adam": 0.05}
    t = opt(q.grad, [-3.0, 2.0], lr[opt.__name__], 3000)
    assert t.points.shape == (3001, 2) and t.grads.shape == (3000, 2)
    np.testing.assert_allclose(t.points[-1], [1.0, -1.0], atol=2e-2)
    assert q.value(t.points[-1]) < 1e-3 * q.value(t.points[0])


def test_momentum_optimal_rate_is_the_spectral_radius():
    # Goh 2017: per eigenvalue the heavy-ball iteration (z, w) is linear with matrix
    # [[b, lam], [-a b, 1 - a lam]]; its spectral radius (numpy) is the rate.
    H = np.diag([1.0, 10.0])
    lr, beta, rate = momentum_optimal(H)
    kappa = 10.0
    assert rate == pytest.approx((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1), rel=1e-14)
    assert lr == pytest.approx((2 / (1 + math.sqrt(10))) ** 2) and beta == pytest.approx(rate ** 2)
    for lam in (1.0, 10.0):
        mat = np.array([[beta, lam], [-lr * beta, 1 - lr * lam]])
        assert max(abs(np.linalg.eigvals(mat))) == pytest.approx(rate, rel=1e-6)
    # and a run converges at that rate: error ~ C k rate^k
    q = quadratic_cost(H)
    t = momentum(q.grad, [1.0, 1.0], lr, 200, beta=beta)
    err = np.linalg.norm(t.points, axis=1)
    assert (err[200] / err[100]) ** (1 / 100) == pytest.approx(rate, rel=0.02)


def test_gd_optimal_step_and_rate():
    H = np.array([[5.5, 4.5], [4.5, 5.5]])  # eigenvalues 1 and 10
    lam = np.linalg.eigvalsh(H)
    assert max_stable_lr(H) == pytest.approx(2 / lam.max(), rel=1e-14) == pytest.approx(0.2)
    assert optimal_lr(H) == pytest.approx(2 / 11, rel=1e-14)
    assert optimal_rate(H) == pytest.approx(9 / 11, rel=1e-14)
    assert max(abs(contraction_factors(optimal_lr(H), H))) == pytest.approx(9 / 11, rel=1e-14)
    # the worst case over starting points is attained: error ratio 9/11 every step
    q = quadratic_cost(H)
    t = gradient_descent(q.grad, np.linalg.eigh(H)[1][:, 0], optimal_lr(H), 10)
    np.testing.assert_allclose(np.linalg.norm(t.points, axis=1), (9 / 11) ** np.arange(11), rtol=1e-12)


@pytest.mark.parametrize("lr_lam, regime", [(0.5, "monotone"), (1.0, "monotone"), (1.5, "oscillating"),
                                            (2.0, "marginal"), (2.5, "diverging")])
def test_lr_regimes(lr_lam, regime):
    lam = 28 / 3
    assert lr_regime(lr_lam / lam, [[lam]]) == regime
    # and the iterates behave that way (W_k - 1 = -(1 - a lam)^k)
    c = regression_cost_1d()
    t = gradient_descent(c.grad, 0.0, lr_lam / lam, 12, bound=1e3)
    e = t.points[:, 0] - 1
    if regime == "monotone":
        assert np.all(np.abs(e[1:]) <= np.abs(e[:-1]) + 1e-15) and np.all(e <= 1e-15)
    elif regime == "oscillating":
        assert np.all(np.sign(e[1:]) == -np.sign(e[:-1])) and abs(e[-1]) < abs(e[0])
    elif regime == "marginal":
        np.testing.assert_allclose(np.abs(e), 1.0, rtol=1e-12)
    else:
        assert np.all(np.abs(e[1:]) > np.abs(e[:-1]))


def test_lr_regime_uses_every_eigenvalue():
    H = np.array([[5.5, 4.5], [4.5, 5.5]])  # 1 and 10: 2/10 = 0.2 is the threshold
    assert lr_regime(0.05, H) == "monotone"
    assert lr_regime(0.15, H) == "oscillating"
    assert lr_regime(0.21, H) == "diverging"
    np.testing.assert_allclose(contraction_factors(0.15, H), [0.85, -0.5], rtol=1e-12)


# ----------------------------------------------------------------- SGD


@pytest.mark.parametrize("n, batch, epochs", [(12, 4, 5), (12, 5, 3), (10, 1, 2), (7, 7, 4), (9, 2, 1)])
def test_sgd_step_count(n, batch, epochs):
    x, y = linear_data(n, 2.0, -1.0, 0.3, seed=0)
    run = sgd(x, y, batch, epochs, 0.1, seed=1)
    expected = math.ceil(n / batch) * epochs
    assert run.steps == expected == total_steps(n, batch, epochs)
    assert steps_per_epoch(n, batch) == math.ceil(n / batch)
    assert run.params.shape == (expected + 1, 2) and run.loss.shape == (expected + 1,)
    # every epoch visits every point exactly once
    for e in range(epochs):
        idx = np.concatenate([b for b, ep in zip(run.batches, run.epoch) if ep == e])
        np.testing.assert_array_equal(np.sort(idx), np.arange(n))
    assert list(run.batch[: run.steps_per_epoch]) == list(range(run.steps_per_epoch))


def test_full_batch_sgd_is_gradient_descent():
    x, y = linear_data(15, 2.0, -1.0, 0.3, seed=4)
    run = sgd(x, y, 15, 20, 0.2, seed=9, w0=(0.5, 0.5))
    t = gradient_descent(linear_regression_cost(x, y).grad, [0.5, 0.5], 0.2, 20)
    np.testing.assert_allclose(run.params, t.points, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(run.loss, linear_regression_cost(x, y).value(t.points), rtol=1e-12)


def test_sgd_batch_gradient_by_hand_and_seed_reproduces():
    x, y = np.array([0.0, 1.0, 2.0, 3.0]), np.array([1.0, 3.0, 5.0, 7.0])
    run = sgd(x, y, 2, 1, 0.1, seed=5)
    idx = run.batches[0]
    r = -y[idx]  # W = b = 0
    np.testing.assert_allclose(run.params[1], -0.1 * np.array([2 / 2 * r @ x[idx], 2 / 2 * r.sum()]), rtol=1e-15)
    assert run.batch_loss[0] == pytest.approx(np.mean(y[idx] ** 2))
    again = sgd(x, y, 2, 1, 0.1, seed=5)
    np.testing.assert_array_equal(run.params, again.params)
    other = sgd(x, y, 2, 3, 0.1, seed=6)
    assert not np.array_equal(sgd(x, y, 2, 3, 0.1, seed=5).params, other.params)


def test_sgd_converges_near_least_squares():
    x, y = linear_data(40, 2.0, -1.0, 0.2, seed=2)
    run = sgd(x, y, 8, 200, 0.05, seed=0)
    _, w_star, min_cost = linear_regression_quadratic(x, y)
    np.testing.assert_allclose(run.params[-1], w_star, atol=0.05)
    assert run.loss[-1] < 1.05 * min_cost


# ----------------------------------------------------------------- errors


@pytest.mark.parametrize("opt", OPTIMIZERS, ids=lambda f: f.__name__)
def test_bad_lr(opt):
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0, got 0"):
        opt(lambda w: w, [1.0], 0, 3)


def test_negative_lr():
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0, got -0.1"):
        gradient_descent(lambda w: w, [1.0], -0.1, 3)


def test_negative_steps():
    with pytest.raises(ValueError, match=r"steps must be an integer >= 0, got -1"):
        gradient_descent(lambda w: w, [1.0], 0.1, -1)


def test_non_integer_steps():
    with pytest.raises(ValueError, match=r"steps must be an integer >= 0, got 2.5"):
        gradient_descent(lambda w: w, [1.0], 0.1, 2.5)


def test_non_finite_start():
    with pytest.raises(ValueError, match=r"x0 must contain only finite numbers, got \[1.0, nan\]"):
        adam(lambda w: w, [1.0, np.nan], 0.1, 3)


def test_bad_beta():
    with pytest.raises(ValueError, match=r"beta must be a finite number in \[0, 1\), got 1.0"):
        momentum(lambda w: w, [1.0], 0.1, 3, beta=1.0)


def test_bad_beta2():
    with pytest.raises(ValueError, match=r"beta2 must be a finite number in \[0, 1\), got -0.1"):
        adam(lambda w: w, [1.0], 0.1, 3, beta2=-0.1)


def test_bad_eps():
    with pytest.raises(ValueError, match=r"eps must be a finite number > 0, got 0"):
        rmsprop(lambda w: w, [1.0], 0.1, 3, eps=0)


def test_batch_size_zero():
    with pytest.raises(ValueError, match=r"batch_size must be an integer >= 1, got 0"):
        sgd([0, 1, 2], [0, 1, 2], 0, 1, 0.1, seed=0)


def test_batch_size_above_n():
    with pytest.raises(ValueError, match=r"batch_size must be between 1 and n = 3, got 4"):
        sgd([0, 1, 2], [0, 1, 2], 4, 1, 0.1, seed=0)


def test_sgd_bad_epochs():
    with pytest.raises(ValueError, match=r"epochs must be an integer >= 1, got 0"):
        sgd([0, 1, 2], [0, 1, 2], 1, 0, 0.1, seed=0)


def test_sgd_bad_lr():
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0, got -1"):
        sgd([0, 1, 2], [0, 1, 2], 1, 1, -1, seed=0)


def test_data_shape_mismatch():
    with pytest.raises(ValueError, match=r"y must have the shape of x \(3,\), got \(2,\)"):
        linear_regression_cost([0, 1, 2], [0, 1])


def test_non_symmetric_hessian():
    with pytest.raises(ValueError, match=r"hessian must be symmetric"):
        lr_regime(0.1, [[1.0, 2.0], [0.0, 1.0]])


def test_non_square_hessian():
    with pytest.raises(ValueError, match=r"hessian must be a square matrix, got shape \(1, 2\)"):
        max_stable_lr([[1.0, 2.0]])


def test_indefinite_hessian_for_thresholds():
    with pytest.raises(ValueError, match=r"hessian must be positive definite"):
        max_stable_lr([[1.0, 0.0], [0.0, -1.0]])


def test_regime_lr_must_be_positive():
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0, got 0"):
        lr_regime(0, [[1.0]])


def test_level_below_minimum():
    with pytest.raises(ValueError, match=r"level must exceed the minimum offset = 0.0, got -1"):
        quadratic_level_curve(np.eye(2), -1)


def test_wrong_point_dimension():
    with pytest.raises(ValueError, match=r"w must have last axis 2 for rosenbrock, got shape \(3,\)"):
        rosenbrock().value([1.0, 2.0, 3.0])


def test_analyze_lr_seed_cost():
    # cost'' = 28/3 for x = y = [1, 2, 3]; thresholds 1/lambda = 3/28 and 2/lambda = 3/14
    a = analyze_lr(0.18, [[28 / 3]])
    assert a.regime == "oscillating"
    np.testing.assert_allclose(a.alpha_lambda, [0.18 * 28 / 3], rtol=1e-14)
    np.testing.assert_allclose(a.factors, [1 - 0.18 * 28 / 3], rtol=1e-14)
    assert a.max_monotone_lr == pytest.approx(3 / 28) and a.max_stable_lr == pytest.approx(3 / 14)


def test_stationary_points_by_sympy_solve():
    np.testing.assert_allclose(regression_cost_1d().stationary_points(), [[1.0]], rtol=1e-14)
    np.testing.assert_allclose(regression_cost_1d([1, 2], [2, 3]).stationary_points(), [[8 / 5]], rtol=1e-14)
    np.testing.assert_allclose(rosenbrock().stationary_points(), [[1.0, 1.0]], rtol=1e-14)
    x, y = linear_data(10, 2.0, -1.0, 0.3, seed=1)
    np.testing.assert_allclose(linear_regression_cost(x, y).stationary_points(),
                               [np.polyfit(x, y, 1)], rtol=1e-10)


def test_condition_number_matches_numpy_cond():
    H = np.array([[5.5, 4.5], [4.5, 5.5]])
    assert condition_number(H) == pytest.approx(np.linalg.cond(H), rel=1e-12) == pytest.approx(10.0)


def test_gd_cost_bound_holds_and_is_attained():
    H = np.array([[5.5, 4.5], [4.5, 5.5]])
    q = quadratic_cost(H)
    rng = np.random.default_rng(11)
    H3 = np.diag([1.0, 4.0, 10.0])  # 3-D: the middle eigenvalue shrinks faster, strict bound
    q3 = quadratic_cost(H3)
    for w0 in rng.normal(size=(5, 3)) * 3:
        t = gradient_descent(q3.grad, w0, optimal_lr(H3), 25)
        bound = gd_cost_bound(H3, q3.value(w0), 25)
        assert np.all(q3.value(t.points) <= bound * (1 + 1e-12))
        assert np.all(q3.value(t.points[1:]) < bound[1:])
    # 2-D: at the optimal step both factors are +-9/11, so equality for any start
    t = gradient_descent(q.grad, [-3.2, 2.2], optimal_lr(H), 25)
    np.testing.assert_allclose(q.value(t.points), gd_cost_bound(H, q.value([-3.2, 2.2]), 25), rtol=1e-10)
    v_min = np.linalg.eigh(H)[1][:, 0]  # along an extreme eigenvector: equality, (9/11)^(2k)
    t = gradient_descent(q.grad, 2 * v_min, optimal_lr(H), 25)
    np.testing.assert_allclose(q.value(t.points), q.value(2 * v_min) * (9 / 11) ** (2 * np.arange(26)),
                               rtol=1e-10)
    np.testing.assert_allclose(gd_cost_bound(H, 2.0, 3), 2.0 * (9 / 11) ** np.array([0, 2, 4, 6]), rtol=1e-14)


def test_gd_cost_bound_rejects_negative_cost():
    with pytest.raises(ValueError, match=r"cost0 must be a finite number >= 0, got -1"):
        gd_cost_bound(np.eye(2), -1, 3)
