"""The column view of a linear map (issue 16) against independent references: hand loops,
numpy's normal equations, central finite differences, sympy's symbolic matrix algebra, and
the documented generation rule of the pixel data. Bad input: one ``pytest.raises`` per
argument, each message naming the argument."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from dlmath import linear as lm

RNG = np.random.default_rng(20261202)


# ---------------------------------------------------------------- column_sum


def test_column_sum_by_hand():
    W = [[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]]
    c = lm.column_sum(W, [2.0, -1.0], [0.5, 0.0, -1.0])
    # x1 w1 = 2·(1, 0, 3) = (2, 0, 6); x2 w2 = −1·(2, −1, 0.5) = (−2, 1, −0.5)
    np.testing.assert_array_equal(c.scaled, [[2.0, 0.0, 6.0], [-2.0, 1.0, -0.5]])
    np.testing.assert_array_equal(c.path, [[0, 0, 0], [2.0, 0.0, 6.0], [0.0, 1.0, 5.5]])
    np.testing.assert_array_equal(c.total, [0.5, 1.0, 4.5])
    np.testing.assert_array_equal(c.row_dots, [0.5, 1.0, 4.5])
    np.testing.assert_array_equal(c.columns, [[1.0, 0.0, 3.0], [2.0, -1.0, 0.5]])


def test_column_sum_matches_loops_for_random_matrices():
    for K, d in ((3, 2), (3, 4), (5, 7)):
        W, x, b = RNG.normal(size=(K, d)), RNG.normal(size=d), RNG.normal(size=K)
        c = lm.column_sum(W, x, b)
        ref = [sum(W[k][j] * x[j] for j in range(d)) + b[k] for k in range(K)]
        np.testing.assert_allclose(c.total, ref, rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(c.row_dots, ref, rtol=1e-13, atol=1e-13)
        tip = np.zeros(K)
        for j in range(d):                 # tip to tail, one column at a time
            np.testing.assert_allclose(c.path[j], tip, atol=1e-13)
            tip = tip + x[j] * W[:, j]
        np.testing.assert_allclose(c.path[-1] + b, c.total, atol=1e-13)


def test_column_sum_of_the_cs231n_image():
    """CS231n's 4-pixel cat (the notes' 3×4 figure): W, x = (56, 231, 24, 2), b."""
    W = [[0.2, -0.5, 0.1, 2.0], [1.5, 1.3, 2.1, 0.0], [0.0, 0.25, 0.2, -0.3]]
    c = lm.column_sum(W, [56.0, 231.0, 24.0, 2.0], [1.1, 3.2, -1.2])
    # by hand: 11.2 − 115.5 + 2.4 + 4 + 1.1; 84 + 300.3 + 50.4 + 0 + 3.2; 0 + 57.75 + 4.8 − 0.6 − 1.2
    np.testing.assert_allclose(c.total, [-96.8, 437.9, 60.75], rtol=0, atol=1e-12)


# ---------------------------------------------------------------- pixel_blobs


def test_pixel_blobs_follow_their_rule():
    C = [[0.9, 0.2], [0.2, 0.9], [0.85, 0.85]]
    d = lm.pixel_blobs(C, 18, 0.08, 3)
    rng = np.random.default_rng(3)
    ref = np.concatenate([np.clip(np.array(c) + 0.08 * rng.normal(size=(18, 2)), 0, 1) for c in C])
    np.testing.assert_array_equal(d.X, ref)
    np.testing.assert_array_equal(d.y, np.repeat([0, 1, 2], 18))
    assert d.X.min() >= 0 and d.X.max() <= 1
    np.testing.assert_array_equal(lm.pixel_blobs(C, 5, 0.0, 0).X, np.repeat(C, 5, axis=0))


# ---------------------------------------------------------------- MSE and its gradient


def _loss_loop(W, X, y):
    total = 0.0
    for x, k in zip(X, y):
        s = [sum(W[r][j] * x[j] for j in range(len(x))) for r in range(len(W))]
        total += sum((s[r] - (1.0 if r == k else 0.0)) ** 2 for r in range(len(W)))
    return total / len(y)


def test_mse_by_hand():
    # W x = (1, 0, 2) for x = (1, 0), target e_1 = (1, 0, 0): squared distance 4
    loss, grad = lm.mse_loss_grad([[1.0, 0.0], [0.0, 1.0], [2.0, 0.0]], [[1.0, 0.0]], [0])
    assert loss == 4.0
    np.testing.assert_array_equal(grad, [[0.0, 0.0], [0.0, 0.0], [4.0, 0.0]])


def test_mse_gradient_matches_central_differences():
    W, X, y = RNG.normal(size=(3, 2)), RNG.uniform(size=(12, 2)), RNG.integers(0, 3, 12)
    loss, grad = lm.mse_loss_grad(W, X, y)
    assert loss == pytest.approx(_loss_loop(W, X, y), rel=1e-13)
    h = 1e-6
    num = np.zeros_like(W)
    for idx in np.ndindex(W.shape):
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += h
        Wm[idx] -= h
        num[idx] = (_loss_loop(Wp, X, y) - _loss_loop(Wm, X, y)) / (2 * h)
    np.testing.assert_allclose(grad, num, rtol=1e-7, atol=1e-9)


def test_mse_gradient_matches_sympy():
    w = sp.Matrix(3, 2, sp.symbols("w0:6"))
    X = [[sp.Rational(1, 2), 1], [1, sp.Rational(-1, 4)]]
    y = [2, 0]
    L = sum(((w * sp.Matrix(x)) - sp.eye(3)[:, k]).dot((w * sp.Matrix(x)) - sp.eye(3)[:, k])
            for x, k in zip(X, y)) / 2
    W = RNG.normal(size=(3, 2))
    subs = dict(zip(w, W.ravel()))
    ref = np.array([[float(sp.diff(L, w[r, c]).subs(subs)) for c in range(2)] for r in range(3)])
    loss, grad = lm.mse_loss_grad(W, np.array(X, dtype=float), y)
    assert loss == pytest.approx(float(L.subs(subs)), rel=1e-13)
    np.testing.assert_allclose(grad, ref, rtol=1e-12, atol=1e-13)


def test_train_mse_is_gradient_descent_and_approaches_least_squares():
    d = lm.pixel_blobs([[0.9, 0.2], [0.2, 0.9], [0.85, 0.85]], 10, 0.1, 1)
    X, y = d.X, d.y
    W0 = 0.8 * np.random.default_rng(5).normal(size=(3, 2))
    hist = lm.train_mse(X, y, W0, lr=0.5, steps=200)
    Y = np.eye(3)[y]
    W = W0.copy()
    for t in range(201):                          # the update written out
        np.testing.assert_allclose(hist.W[t], W, rtol=1e-12, atol=1e-12)
        assert hist.loss[t] == pytest.approx(_loss_loop(W, X, y), rel=1e-12)
        W = W - 0.5 * 2 * (X @ W.T - Y).T @ X / len(y)
    best = np.linalg.solve(X.T @ X, X.T @ Y).T    # normal equations XᵀX Wᵀ = XᵀY
    np.testing.assert_allclose(hist.best_W, best, rtol=1e-10, atol=1e-12)
    assert hist.best_loss == pytest.approx(_loss_loop(best, X, y), rel=1e-12)
    assert hist.best_loss > 0                      # three corners, a plane through 0: no fit
    assert np.all(hist.loss >= hist.best_loss - 1e-12)
    assert hist.loss[-1] == pytest.approx(hist.best_loss, rel=1e-6)


def test_train_mse_reports_divergence():
    with pytest.raises(ValueError, match="lr"):
        lm.train_mse([[1.0, 1.0], [0.5, -1.0]], [0, 1], [[1.0, 0.0], [0.0, 1.0]], lr=50.0,
                     steps=400)


# ---------------------------------------------------------------- stacked maps


def test_two_linear_layers_are_one_matrix_symbolically():
    a = sp.Matrix(2, 2, sp.symbols("a0:4"))
    c = sp.Matrix(2, 2, sp.symbols("c0:4"))
    x = sp.Matrix(sp.symbols("x0:2"))
    assert sp.simplify(c * (a * x) - (c * a) * x) == sp.zeros(2, 1)


def test_stacked_maps_against_loops():
    W1, W2, b = RNG.normal(size=(2, 2)), RNG.normal(size=(2, 2)), RNG.normal(size=2)
    P = RNG.normal(size=(30, 2))
    m = lm.stacked_maps(W1, W2, b, P)
    prod = [[sum(W2[i][j] * W1[j][k] for j in range(2)) for k in range(2)] for i in range(2)]
    np.testing.assert_allclose(m.product, prod, rtol=1e-14, atol=1e-14)
    for p, f, s, dct, rf, rs, sh in zip(P, m.first, m.second, m.direct, m.relu_first,
                                        m.relu_second, m.shifted):
        h = [W1[0][0] * p[0] + W1[0][1] * p[1], W1[1][0] * p[0] + W1[1][1] * p[1]]
        r = [v if v > 0 else 0.0 for v in h]
        np.testing.assert_allclose(f, h, atol=1e-13)
        np.testing.assert_allclose(s, [W2[0][0] * h[0] + W2[0][1] * h[1],
                                       W2[1][0] * h[0] + W2[1][1] * h[1]], atol=1e-13)
        np.testing.assert_allclose(dct, s, atol=1e-13)
        np.testing.assert_allclose(rf, r, atol=0)
        np.testing.assert_allclose(rs, [W2[0][0] * r[0] + W2[0][1] * r[1],
                                        W2[1][0] * r[0] + W2[1][1] * r[1]], atol=1e-13)
        np.testing.assert_allclose(sh, [h[0] + b[0], h[1] + b[1]], atol=1e-13)
    assert m.max_gap < 1e-13


def test_stacked_maps_of_the_lesson_point_by_hand():
    m = lm.stacked_maps([[1.0, -1.0], [0.5, 1.0]], [[0.5, 1.0], [-1.0, 0.5]], [1.0, -0.5],
                        [[-1.0, 1.0]])
    np.testing.assert_array_equal(m.product, [[1.0, 0.5], [-0.75, 1.5]])
    np.testing.assert_array_equal(m.first, [[-2.0, 0.5]])
    np.testing.assert_array_equal(m.second, [[-0.5, 2.25]])
    np.testing.assert_array_equal(m.relu_first, [[0.0, 0.5]])
    np.testing.assert_array_equal(m.relu_second, [[0.5, 0.25]])
    np.testing.assert_array_equal(m.shifted, [[-1.0, 0.0]])


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("call, name", [
    (lambda: lm.column_sum([[1.0, 2.0]], [1.0]), "x"),
    (lambda: lm.column_sum([1.0, 2.0], [1.0, 2.0]), "W"),
    (lambda: lm.column_sum([[1.0, np.nan]], [1.0, 2.0]), "W"),
    (lambda: lm.column_sum([[1.0, 2.0]], [1.0, 2.0], [1.0, 2.0]), "b"),
    (lambda: lm.column_sum([[1e300, 1e300]], [1e300, 1e300]), "W, x or b"),
    (lambda: lm.pixel_blobs([[1.5, 0.0]], 3), "centres"),
    (lambda: lm.pixel_blobs([[0.5, 0.5]], 0), "n_per_class"),
    (lambda: lm.pixel_blobs([[0.5, 0.5]], 3, spread=-0.1), "spread"),
    (lambda: lm.pixel_blobs([[0.5, 0.5]], 3, seed=-1), "seed"),
    (lambda: lm.mse_loss_grad([[1.0, 0.0]], [[1.0, 2.0, 3.0]], [0]), "X"),
    (lambda: lm.mse_loss_grad([[1.0, 0.0]], [[1.0, 2.0]], [1]), "y"),
    (lambda: lm.mse_loss_grad([[1.0, 0.0]], [[1.0, 2.0]], [0, 0]), "y"),
    (lambda: lm.train_mse([[1.0, 2.0]], [0], [[1.0, 0.0]], lr=0.0), "lr"),
    (lambda: lm.train_mse([[1.0, 2.0]], [0], [[1.0, 0.0]], steps=-1), "steps"),
    (lambda: lm.train_mse([[1.0, 2.0]], [0], [1.0, 0.0]), "W0"),
    (lambda: lm.stacked_maps([[1.0, 0.0]], np.eye(2), [0.0, 0.0], [[1.0, 1.0]]), "W1"),
    (lambda: lm.stacked_maps(np.eye(2), np.eye(3), [0.0, 0.0], [[1.0, 1.0]]), "W2"),
    (lambda: lm.stacked_maps(np.eye(2), np.eye(2), [0.0], [[1.0, 1.0]]), "b"),
    (lambda: lm.stacked_maps(np.eye(2), np.eye(2), [0.0, 0.0], [1.0, 1.0]), "points"),
])
def test_bad_input_is_refused_by_name(call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call()
