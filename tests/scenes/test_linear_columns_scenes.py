"""ColumnView and WhyNonLinearity (issue 16) put dlmath's numbers on screen: checked against
references computed here in plain numpy — the pixel data from its rule, gradient descent on
the MSE written out, the least-squares floor from the normal equations, matrix products and
ReLU by hand. Each scene also runs with a lecturer's own parameters, and every limit refuses
what it should."""

from __future__ import annotations

import numpy as np
import pytest

import lessons
from lessons import ParamError
from scenes.linear_classifier import ColumnView, FourPixelColumns, WhyNonLinearity
from scenes.style import fmt_num
from tests.conftest import beat_keys, dry_run, dry_run_with


def _pct(fraction: float) -> str:
    return fmt_num(100 * fraction, 1)


def _vec(v) -> str:
    return "(" + ", ".join(fmt_num(x) for x in v) + ")"


def _mat(M) -> str:
    return r"\begin{bmatrix} " + r" \\ ".join(" & ".join(fmt_num(v) for v in row)
                                             for row in np.atleast_2d(M)) + r" \end{bmatrix}"


# ---------------------------------------------------------------- ColumnView


def _column_reference(p):
    """Data, the W of every step and the losses, by the rules written out."""
    rng = np.random.default_rng(p.data_seed)
    X = np.concatenate([np.clip(np.array(c) + p.spread * rng.normal(size=(p.n_per_class, 2)),
                                0, 1) for c in p.centres])
    y = np.repeat(np.arange(3), p.n_per_class)
    Y = np.eye(3)[y]
    W = p.init_scale * np.random.default_rng(p.init_seed).normal(size=(3, 2))
    Ws, losses = [], []
    for _ in range(p.steps + 1):
        R = X @ W.T - Y
        Ws.append(W.copy())
        losses.append(np.mean(np.sum(R ** 2, axis=1)))
        W = W - p.lr * 2 * R.T @ X / len(y)
    best = np.linalg.solve(X.T @ X, X.T @ Y).T
    best_loss = np.mean(np.sum((X @ best.T - Y) ** 2, axis=1))
    return X, y, Ws, losses, best_loss


def _check_column_scene(scene, p):
    shown = scene.shown
    X, y, Ws, losses, best_loss = _column_reference(p)
    np.testing.assert_allclose(scene.data.data.X, X, rtol=0, atol=1e-12)
    steps = tuple(t for t in p.shown_steps if t < p.steps) + (p.steps,)
    cols = r"W = \begin{bmatrix} | & | \\ w_1 & w_2 \\ | & | \end{bmatrix} = "
    for t in steps:
        W = Ws[t]
        assert cols + _mat(W) in shown
        assert rf"t = {t},\quad L = {fmt_num(losses[t], 3)}" in shown
        assert f"accuracy {_pct(np.mean((X @ W.T).argmax(1) == y))}%" in shown
    x = X[p.point_index]
    x1, x2 = fmt_num(x[0]), fmt_num(x[1])
    s0 = Ws[0][:, 0] * x[0] + Ws[0][:, 1] * x[1]
    assert rf"Wx = {x1}\,w_1 + {x2}\,w_2 = {_vec(s0)}" in shown
    assert f"lowest loss any W can reach: {fmt_num(best_loss, 3)}" in shown
    Wl = Ws[p.steps]
    rows = np.array([sum(Wl[k, j] * x[j] for j in range(2)) for k in range(3)])
    assert rf"(w^{{(1)}}\cdot x,\ w^{{(2)}}\cdot x,\ w^{{(3)}}\cdot x) = {_vec(rows)}" in shown
    assert rf"{x1}\,w_1 + {x2}\,w_2 = {_vec(Wl @ x)}" in shown
    for k in range(3):
        assert rf"e_{k + 1} = {_vec(np.eye(3)[k])}" in shown
    texts = [b[2] for b in scene.beats]
    assert any(f"w₁ = {_vec(Ws[0][:, 0])} and w₂ = {_vec(Ws[0][:, 1])}" in t for t in texts)
    assert beat_keys(scene) == ["cv_space", "cv_columns", "cv_combo", "cv_plane", "cv_targets",
                                "cv_loss", "cv_training", "cv_floor", "cv_same"]
    return losses, best_loss


def test_column_view_shows_the_columns_the_loss_and_its_floor():
    p = lessons.find("ColumnView").params()
    losses, best = _check_column_scene(dry_run(ColumnView), p)
    assert losses[0] > 2 and losses[-1] < best + 1e-3 and best > 0.3


def test_column_view_shows_a_lecturers_own_run():
    values = dict(centres=((0.8, 0.1), (0.1, 0.7), (0.3, 0.3)), n_per_class=6, spread=0.05,
                  data_seed=4, init_seed=2, init_scale=0.5, lr=0.3, steps=12,
                  shown_steps=(0, 3, 6), point_index=10)
    scene = dry_run_with(ColumnView, **values)
    _check_column_scene(scene, lessons.find("ColumnView").build(values))


@pytest.mark.parametrize("values, name", [
    ({"shown_steps": (1, 5, 40)}, "shown_steps"),                   # must start at 0
    ({"shown_steps": (0, 5, 3)}, "shown_steps"),                    # must increase
    ({"shown_steps": (0, 1, 2, 3, 4, 5, 6, 7, 8)}, "shown_steps"),  # 9 + the last > 9
    ({"point_index": 54}, "point_index"),                           # only 54 points
    ({"init_scale": 1.5, "init_seed": 2}, "init_scale"),            # W₀ reaches 2.9 > 1.6
    ({"lr": 2.0}, "lr"),                                            # diverges
    ({"centres": ((0.9, 1.2), (0.2, 0.9), (0.8, 0.8))}, "centres"),  # brightness > 1
])
def test_column_view_refuses_what_does_not_fit(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("ColumnView").build(values)


# ---------------------------------------------------------------- WhyNonLinearity


def _check_stack_scene(scene, p):
    shown = scene.shown
    W1, W2, b, x = (np.array(v, dtype=float) for v in (p.W1, p.W2, p.b, p.point))
    h = np.array([W1[0] @ x, W1[1] @ x])
    prod = np.array([[sum(W2[i, j] * W1[j, k] for j in range(2)) for k in range(2)]
                     for i in range(2)])
    r = np.where(h > 0, h, 0.0)
    assert f"x = {_vec(x)}" in shown
    assert f"W_1 = {_mat(W1)}" in shown and f"W_2 = {_mat(W2)}" in shown
    assert f"W_1 x = {_vec(h)}" in shown
    assert f"W_2 (W_1 x) = {_vec(W2 @ h)}" in shown
    assert f"W_2 W_1 = {_mat(W2)}{_mat(W1)} = {_mat(prod)}" in shown
    assert f"(W_2 W_1) x = {_vec(prod @ x)}" in shown
    assert "same grid: largest difference 0" in shown
    assert rf"\mathrm{{ReLU}}(W_1 x) = {_vec(r)}" in shown
    assert rf"W_2\,\mathrm{{ReLU}}(W_1 x) = {_vec(W2 @ r)}" in shown
    assert f"linear layers alone: {_vec(prod @ x)}" in shown
    assert "no single matrix folds the grid:" in " ".join(shown)
    assert f"b = {_mat(b[:, None])}" in shown and f"W_1 x + b = {_vec(h + b)}" in shown
    assert beat_keys(scene) == ["wn_plane", "wn_first", "wn_second", "wn_product", "wn_fold",
                                "wn_relu", "wn_bias", "wn_takeaway"]


def test_why_nonlinearity_shows_one_matrix_then_the_fold():
    _check_stack_scene(dry_run(WhyNonLinearity), lessons.find("WhyNonLinearity").params())


def test_why_nonlinearity_shows_a_lecturers_own_layers():
    values = dict(W1=((0.5, 1.5), (-1.0, 0.5)), W2=((1.0, 0.0), (0.5, -1.0)), b=(-0.5, 1.0),
                  point=(1.0, -1.5))
    scene = dry_run_with(WhyNonLinearity, **values)
    _check_stack_scene(scene, lessons.find("WhyNonLinearity").build(values))


@pytest.mark.parametrize("values, name", [
    ({"W1": ((2.5, 0.0), (0.0, 1.0))}, "W1"),               # entry beyond ±2
    ({"W1": ((2.0, 1.0), (0.0, 1.0))}, "W1"),               # W₁ grid reaches 6 > 5
    ({"W2": ((2.0, 2.0), (0.5, 1.0))}, "W2"),               # W₂W₁ grid reaches 6.5 > 5
    ({"b": (2.0, 0.0)}, "b"),                               # shifted grid reaches 6 > 5
    ({"point": (1.0, 0.0)}, "point"),                       # W₁x = (1, 0.5): ReLU changes nothing
    ({"point": (2.5, 0.0)}, "point"),                       # outside the grid
])
def test_why_nonlinearity_refuses_what_does_not_fit(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("WhyNonLinearity").build(values)


# ---------------------------------------------------------------- FourPixelColumns


def _check_pixel_scene(scene, p):
    shown = scene.shown
    W, x, b = (np.array(v, dtype=float) for v in (p.W, p.x, p.b))
    s = np.array([sum(W[k, j] * x[j] for j in range(4)) + b[k] for k in range(3)])
    wx = sum(x[j] * W[:, j] for j in range(4))
    assert f"x = {_vec(x)}" in shown and f"W = {_mat(W)}" in shown
    terms = " + ".join(rf"{fmt_num(v)}\,w_{{{j + 1}}}" for j, v in enumerate(x))
    assert f"Wx = {terms}" in shown
    assert f"b = {_vec(b)}" in shown and f"s = Wx + b = {_vec(s)}" in shown
    names = ("cat", "dog", "ship")
    assert f"highest score: {names[int(np.argmax(s))]}" in shown
    assert any(f"Wx = {_vec(wx)}" in t for _, _, t in scene.beats)
    assert beat_keys(scene) == ["fp_image", "fp_columns", "fp_scale", "fp_sum", "fp_scores"]
    return s


def test_four_pixel_columns_shows_the_notes_example():
    s = _check_pixel_scene(dry_run(FourPixelColumns), lessons.find("FourPixelColumns").params())
    np.testing.assert_allclose(s, [-96.8, 437.9, 60.75], atol=1e-12)   # by hand, CS231n's W


def test_four_pixel_columns_shows_a_lecturers_own_image():
    values = dict(W=((1.0, 0.0, -0.5, 0.2), (0.0, 1.0, 0.5, 0.1), (0.3, 0.3, 0.3, -1.0)),
                  x=(200.0, 10.0, 90.0, 255.0), b=(0.0, -2.0, 5.0))
    scene = dry_run_with(FourPixelColumns, **values)
    _check_pixel_scene(scene, lessons.find("FourPixelColumns").build(values))


@pytest.mark.parametrize("values, name", [
    ({"W": ((0.2, -0.5, 0.0, 2.0), (1.5, 1.3, 0.0, 0.0), (0.0, 0.25, 0.05, -0.3))}, "W"),
    ({"x": (0.0, 0.0, 0.0, 0.0)}, "x"),
    ({"x": (56.0, 256.0, 24.0, 2.0)}, "x"),
    ({"b": (1.1, 3.2, -11.0)}, "b"),
])
def test_four_pixel_columns_refuses_what_does_not_fit(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("FourPixelColumns").build(values)


# ---------------------------------------------------------------- handouts


def test_handouts_plot_the_lessons_numbers():
    from pipeline.handouts import linear_classifier as H

    _, d = H.column_view()
    p = lessons.find("ColumnView").params()
    X, y, Ws, losses, best = _column_reference(p)
    np.testing.assert_allclose(d["loss"], losses, rtol=1e-12)
    assert float(d["best_loss"]) == pytest.approx(best, rel=1e-10)
    np.testing.assert_allclose(d[f"mapped_{p.steps}"], X @ Ws[p.steps].T, atol=1e-12)
    _, d = H.why_nonlinearity()
    q = lessons.find("WhyNonLinearity").params()
    W1, W2, b = (np.array(v) for v in (q.W1, q.W2, q.b))
    G = d["grid"]
    np.testing.assert_allclose(d["direct"], G @ (W2 @ W1).T, atol=1e-12)
    np.testing.assert_allclose(d["relu_second"], np.maximum(G @ W1.T, 0) @ W2.T, atol=1e-12)
    np.testing.assert_allclose(d["shifted"], G @ W1.T + b, atol=1e-12)
    _, d = H.four_pixel_columns()
    np.testing.assert_allclose(d["scaled"].sum(0) + d["b"], [-96.8, 437.9, 60.75], atol=1e-12)
