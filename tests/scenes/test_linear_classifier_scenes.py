"""The numbers the linear-classifier scenes put on screen match independent references:
numpy products, determinants and SVDs, gradient descent and backprop re-implemented here
in plain numpy (same seeds, same update rule), scipy's log-softmax, a best-line search
written here, and bisection for the circle's radius. Each scene also runs with a
lecturer's own parameters, and every layout limit refuses what it should."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import log_softmax, softmax

import lessons
from lessons import ParamError
from scenes.linear_classifier import (LinearClassifierScores, LinesNotEnough, MatrixAsTransform,
                                      PlaygroundSpiral, Uncrumpling)
from scenes.style import fmt_num
from tests.conftest import beat_keys, dry_run, dry_run_with


def _pct(fraction: float) -> str:
    return fmt_num(100 * fraction, 1)


def _ce(logits: np.ndarray, y: np.ndarray) -> float:
    """Mean cross-entropy from scipy's log-softmax."""
    return float(-np.mean(log_softmax(logits, axis=1)[np.arange(y.size), y]))


# ---------------------------------------------------------------- references


def _softmax_gd(X, y, k, lr, steps, seed, init_scale):
    """Full-batch gradient descent on softmax regression, written out in numpy:
    W₀ = init_scale · N(0, 1) (numpy Generator ``seed``), b₀ = 0,
    ∇W = (P − Y)ᵀX / n, ∇b = mean(P − Y). Returns the (W, b) of every step."""
    rng = np.random.default_rng(seed)
    W, b = init_scale * rng.normal(size=(k, X.shape[1])), np.zeros(k)
    Y = np.eye(k)[y]
    out = []
    for _ in range(steps + 1):
        out.append((W.copy(), b.copy()))
        G = softmax(X @ W.T + b, axis=1) - Y
        W, b = W - lr * G.T @ X / len(y), b - lr * G.mean(0)
    return out


_ACT = {"relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
        "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
        "sigmoid": (lambda z: 1 / (1 + np.exp(-z)),
                    lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2)}


def _forward(Ws, bs, X, act):
    f = _ACT[act][0]
    a = X
    for W, b in zip(Ws[:-1], bs[:-1]):
        a = f(a @ W.T + b)
    return a @ Ws[-1].T + bs[-1]


def _mlp_sgd(X, y, hidden, act, lr, epochs, batch=10, l2=0.0, dropout=0.0, seed=0,
             snapshots=()):
    """Mini-batch SGD with backprop written out in numpy, drawing from one Generator(seed)
    in the documented order: a seed for the Glorot-normal init N(0, 2/(fan_in + fan_out)),
    then per epoch a permutation and per batch the inverted-dropout masks.
    Loss: mean CE + l2 Σ‖W‖². Returns the final (Ws, bs) and the snapshots {epoch: (Ws, bs)}."""
    f, df = _ACT[act]
    rng = np.random.default_rng(seed)
    init = np.random.default_rng(int(rng.integers(2**31)))
    sizes = (X.shape[1], *hidden, 2)
    Ws = [init.normal(0, np.sqrt(2 / (i + o)), size=(o, i)) for i, o in zip(sizes, sizes[1:])]
    bs = [np.zeros(o) for o in sizes[1:]]
    kept = {0: ([W.copy() for W in Ws], [b.copy() for b in bs])} if 0 in snapshots else {}
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch):
            idx = order[start:start + batch]
            masks = [(rng.random((idx.size, h)) >= dropout) / (1 - dropout) for h in hidden] \
                if dropout > 0 else [np.ones((idx.size, h)) for h in hidden]
            acts, pres = [X[idx]], []
            for l in range(len(hidden)):
                pres.append(acts[-1] @ Ws[l].T + bs[l])
                acts.append(f(pres[-1]) * masks[l])
            delta = softmax(acts[-1] @ Ws[-1].T + bs[-1], axis=1) - np.eye(2)[y[idx]]
            delta /= idx.size
            grads = []
            for l in range(len(Ws) - 1, -1, -1):
                grads.append((delta.T @ acts[l] + 2 * l2 * Ws[l], delta.sum(0)))
                if l > 0:
                    delta = (delta @ Ws[l]) * masks[l - 1] * df(pres[l - 1])
            for l, (gW, gb) in enumerate(grads[::-1]):
                Ws[l], bs[l] = Ws[l] - lr * gW, bs[l] - lr * gb
        if epoch in snapshots:
            kept[epoch] = ([W.copy() for W in Ws], [b.copy() for b in bs])
    return Ws, bs, kept


def _best_line(X, y, n_directions):
    """Best accuracy of any line with a normal at angles π m / n: for each direction, every
    threshold between consecutive distinct projections (and beyond both ends), both sides."""
    best = 0.0
    for a in np.pi * np.arange(n_directions) / n_directions:
        p = X @ [np.cos(a), np.sin(a)]
        order = np.argsort(p)
        ps, ys = p[order], y[order]
        ones_left = np.concatenate([[0], np.cumsum(ys)])
        k = np.arange(len(y) + 1)
        right_ones = ys.sum() - ones_left
        zeros_left = k - ones_left
        ok = np.ones(len(y) + 1, bool)
        ok[1:-1] = ps[1:] > ps[:-1]
        above = (zeros_left + right_ones)[ok]                   # class 1 above the cut
        below = (ones_left + (len(y) - k - right_ones))[ok]     # class 1 below it
        best = max(best, above.max() / len(y), below.max() / len(y))
    return best


def _blobs3(n, noise, seed):
    """The blobs3 data set from its spec: N(c_k, (0.75 + noise)² I), c_k = 3(cos φ, sin φ)."""
    rng = np.random.default_rng(seed)
    counts = [n // 3, n // 3, n - 2 * (n // 3)]
    phis = np.deg2rad([90.0, 210.0, 330.0])
    X = np.concatenate([rng.normal(3 * np.array([np.cos(f), np.sin(f)]), 0.75 + noise, (m, 2))
                        for f, m in zip(phis, counts)])
    return X, np.repeat(np.arange(3), counts)


def _has(shown, start: str, end: str) -> bool:
    return any(s.startswith(start) and s.endswith(end) for s in shown)


# ---------------------------------------------------------------- MatrixAsTransform


def _unit_max(v):
    return v / v[np.argmax(np.abs(v))]


def _check_matrix_scene(scene, W, Ws):
    shown = scene.shown
    W, Ws = np.array(W), np.array(Ws)
    i_img, j_img = W @ [1, 0], W @ [0, 1]
    assert rf"W\hat\imath = ({fmt_num(i_img[0])}, {fmt_num(i_img[1])})" in shown
    assert rf"W\hat\jmath = ({fmt_num(j_img[0])}, {fmt_num(j_img[1])})" in shown
    assert _has(shown, r"\det W =", f"= {fmt_num(np.linalg.det(W))}")
    assert f"every area is multiplied by det W = {fmt_num(np.linalg.det(W))}" in shown
    assert np.linalg.matrix_rank(Ws) == 1 and _has(shown, r"\det W =", "= 0")
    # the image line is W_s's column space (numpy's SVD), the null space its right singular
    # vector: both as shown, scaled so that the largest entry is +1
    U, _, Vt = np.linalg.svd(Ws)
    span, null = _unit_max(U[:, 0]), _unit_max(Vt[1])
    assert rf"\text{{span}}\{{({fmt_num(span[0])}, {fmt_num(span[1])})\}}" in shown
    assert rf"W\,({fmt_num(null[0])}, {fmt_num(null[1])}) = (0, 0)" in shown
    assert "the plane collapses onto a line (rank 1)" in shown
    assert beat_keys(scene) == ["basis", "transform", "det", "collapse", "null"]


def test_matrix_scene_shows_columns_det_and_collapse():
    p = lessons.find("MatrixAsTransform").params()
    _check_matrix_scene(dry_run(MatrixAsTransform), p.W, p.W_singular)


def test_matrix_scene_shows_a_lecturers_own_matrices():
    W, Ws = ((2.0, 0.5), (-1.0, 1.5)), ((2.0, -1.0), (-1.0, 0.5))
    scene = dry_run_with(MatrixAsTransform, W=W, W_singular=Ws, extent=4)
    _check_matrix_scene(scene, W, Ws)
    assert r"\det W = 2\cdot1.5 - 0.5\cdot(-1) = 3.5" in scene.shown


@pytest.mark.parametrize("values", [{}, {"W": ((2.5, -2.0), (1.5, 2.0)), "extent": 4},
                                    {"W_singular": ((-2.0, 1.0), (3.0, -1.5))}])
def test_matrix_grid_image_is_clipped_to_its_window(values):
    """Each drawn segment is the part of W·(grid segment) inside the window, by sampling."""
    p = lessons.find("MatrixAsTransform").build(values)
    data = lessons.find("MatrixAsTransform").compute(p)
    e = p.extent
    for M, drawn in ((p.W, data.grid_transform), (p.W_singular, data.grid_singular)):
        M = np.array(M)
        assert np.abs(drawn).max() <= e + 1e-12
        t = np.linspace(0, 1, 20001)[:, None]
        for (a, b), (c, d) in zip(data.identity.lines, drawn):
            img = (a + t * (b - a)) @ M.T
            inside = img[np.all(np.abs(img) <= e, axis=1)]
            if inside.size == 0:
                assert np.allclose(c, d)          # a segment outside shrinks to a point
                continue
            ends = inside[[0, -1]]
            tol = 2e-4 * np.abs(M).max() * e
            assert (np.allclose(ends, [c, d], atol=tol) or np.allclose(ends, [d, c], atol=tol))


@pytest.mark.parametrize("values, name", [
    ({"W": ((3.5, 0.0), (0.0, 1.0))}, "W"),                       # entry beyond ±3
    ({"W": ((1.0, 0.0), (0.0, 1.0), (1.0, 1.0))}, "W"),           # not 2×2
    ({"W": ((0.1, 1.0), (0.1, 1.0))}, "W"),                       # W î too short to draw
    ({"W": ((2.5, 0.0), (0.0, 1.0)), "extent": 2}, "W"),          # W î leaves the window
    ({"W_singular": ((1.0, 0.0), (0.0, 1.0))}, "W_singular"),     # det ≠ 0
    ({"W_singular": ((3.0, 3.0), (1.0, 1.0))}, "W_singular"),     # W î + W ĵ leaves it
    ({"extent": 5}, "extent"),                                    # grid wider than its panel
    ({"extent": 1}, "extent"),
])
def test_matrix_refuses_what_does_not_fit(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("MatrixAsTransform").build(values)


# ---------------------------------------------------------------- LinearClassifierScores


def _check_scores_scene(scene, p):
    shown = scene.shown
    X, y = _blobs3(p.n_points, p.noise, p.data_seed)
    np.testing.assert_allclose(scene.data.data.X, X, rtol=0, atol=1e-12)
    reach = max(5.0, np.ceil(np.abs(X).max()))
    assert scene.data.lim == (-reach, reach)
    run = _softmax_gd(X, y, 3, p.lr, p.steps, p.init_seed, p.init_scale)
    W0, b0 = run[0]
    s = W0 @ X[p.point_index] + b0
    for k in range(3):
        assert _has(shown, f"s_{k + 1} =", f"= {fmt_num(s[k])}")
    assert f"highest score: class {int(np.argmax(s)) + 1}" in shown
    steps = tuple(t for t in p.shown_steps if t < p.steps) + (p.steps,)
    for t in steps:
        W, b = run[t]
        Z = X @ W.T + b
        assert rf"t = {t},\quad L = {fmt_num(_ce(Z, y))}" in shown
        assert f"accuracy {_pct(np.mean(Z.argmax(1) == y))}%" in shown
    assert f"{p.n_points} points, 3 classes" in shown
    # W's row k and b_k in class colour k (a row once slipped into the next row's colour)
    _, W_mat, _, b_mat = scene.Wtex
    for k, (row, entry) in enumerate(zip(W_mat.get_rows(), b_mat.get_rows())):
        assert [m.tex_string for m in row] == [fmt_num(v) for v in W0[k]]
        assert entry[0].tex_string == fmt_num(b0[k])
        for m in (*row, *entry):
            assert m.get_color().to_hex().upper() == scene.theme.classes[k].upper()
    assert beat_keys(scene) == ["data", "rows", "scores", "regions", "training", "trained"]
    return run


def test_classifier_scene_scores_and_training_match_references():
    p = lessons.find("LinearClassifierScores").params()
    run = _check_scores_scene(dry_run(LinearClassifierScores), p)
    X, y = _blobs3(p.n_points, p.noise, p.data_seed)
    W, b = run[-1]
    assert np.mean((X @ W.T + b).argmax(1) == y) >= 0.95


def test_classifier_scene_shows_a_lecturers_own_run():
    values = dict(n_points=60, noise=0.2, data_seed=3, lr=0.2, steps=40, init_seed=2,
                  init_scale=1.0, shown_steps=(0, 5, 20), point_index=7)
    scene = dry_run_with(LinearClassifierScores, **values)
    p = lessons.find("LinearClassifierScores").build(values)
    _check_scores_scene(scene, p)
    assert scene.data.lim == (-7.0, 7.0)            # the data reach 6.2: the box grows


@pytest.mark.parametrize("values, name", [
    ({"point_index": 90}, "point_index"),                          # only 90 points
    ({"shown_steps": (3, 6, 150)}, "shown_steps"),                 # must start at 0
    ({"shown_steps": (0, 6, 3)}, "shown_steps"),                   # must increase
    ({"shown_steps": tuple(range(12))}, "shown_steps"),            # 12 + the last > 12
    ({"n_points": 300, "noise": 0.5, "data_seed": 187}, "noise"),  # data reach 8.1 > 8
    ({"init_scale": 3.0, "init_seed": 3}, "init_scale"),           # initial loss 19 > 8
    ({"lr": 5.0, "steps": 300}, "lr"),                             # rows reach 6.9 > 5
    ({"lr": 6.0}, "lr"),
    ({"steps": 301}, "steps"),
])
def test_classifier_refuses_what_does_not_fit(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("LinearClassifierScores").build(values)


# ---------------------------------------------------------------- LinesNotEnough


def _check_lines_scene(scene, p):
    shown = scene.shown
    d = scene.data
    for fit in (d.circle, d.xor):
        X, y = fit.data.X, fit.data.y
        W, b = _softmax_gd(X, y, 2, p.lr, p.steps, p.data_seed, 0.5)[-1]
        acc = np.mean((X @ W.T + b).argmax(1) == y)
        best = _best_line(X, y, p.n_directions)
        assert acc <= best + 1e-12                      # a trained line never beats the best
        assert f"linear classifier: {_pct(acc)}%" in shown
        assert f"best of all lines: {_pct(best)}%" in shown
    X, y = d.circle.data.X, d.circle.data.y
    phi = np.column_stack([X, (X ** 2).sum(1)])
    W, b = _softmax_gd(phi, y, 2, p.lr, p.lift_steps, p.data_seed, 0.5)[-1]
    acc = np.mean((phi @ W.T + b).argmax(1) == y)
    assert f"one plane separates them: {_pct(acc)}%" in shown
    assert "x_1^2 + x_2^2" in shown and f"as a feature: {_pct(acc)}%" in shown
    w, c = W[1] - W[0], b[1] - b[0]
    assert _has(shown, f"{fmt_num(w[0], 3)}\\,x_1", f"{fmt_num(abs(c), 3)} = 0")
    # the radius on screen: where the two scores cross along a ray from the centre
    centre = -w[:2] / (2 * w[2])
    diff = lambda r: np.diff(np.array([*(centre + [r, 0]), ((centre + [r, 0]) ** 2).sum()])
                             @ W.T + b)[0]
    lo, hi = 0.0, 12.0
    assert np.sign(diff(lo)) != np.sign(diff(hi))
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.sign(diff(mid)) == np.sign(diff(lo)) else (lo, mid)
    assert _has(shown, "(x_1", f"= {fmt_num(lo, 3)}^2")
    X, y = d.xor.data.X, d.xor.data.y
    phi = np.column_stack([X, X[:, 0] * X[:, 1]])
    W, b = _softmax_gd(phi, y, 2, p.lr, p.lift_steps, p.data_seed, 0.5)[-1]
    assert f"as a feature: {_pct(np.mean((phi @ W.T + b).argmax(1) == y))}%" in shown
    assert beat_keys(scene) == ["nl_data", "nl_linear", "nl_ceiling", "nl_lift", "nl_plane",
                                "nl_back", "nl_features"]
    return acc


def test_lines_not_enough_shows_the_ceiling_and_the_lift():
    p = lessons.find("LinesNotEnough").params()
    scene = dry_run(LinesNotEnough)
    _check_lines_scene(scene, p)
    X, y = scene.data.circle.data.X, scene.data.circle.data.y
    np.testing.assert_array_equal(y, np.linalg.norm(X, axis=1) < 2.5)   # noise 0: the disc
    assert _best_line(X, y, p.n_directions) < 0.8


def test_lines_not_enough_shows_a_lecturers_own_data():
    values = dict(n_points=300, noise=0.1, data_seed=2, lr=0.1, steps=100, lift_steps=300,
                  n_directions=90)
    scene = dry_run_with(LinesNotEnough, **values)
    _check_lines_scene(scene, lessons.find("LinesNotEnough").build(values))
    assert scene.data.circle.data.y.size == 300


@pytest.mark.parametrize("values, name, why", [
    ({"noise": 0.5, "n_points": 100, "lift_steps": 10, "lr": 0.001, "data_seed": 1},
     "lift_steps", r"\|z\|"),                    # the plane's sheet would leave the frame
    ({"noise": 0.5, "n_points": 100, "lift_steps": 10, "lr": 0.2, "data_seed": 0},
     "lift_steps", "circle"),                    # the cut is no circle inside the box
    ({"n_points": 50}, "n_points", ""),
    ({"n_directions": 721}, "n_directions", ""),
    ({"lift_steps": 2001}, "lift_steps", ""),
])
def test_lines_refuses_what_does_not_fit(values, name, why):
    with pytest.raises(ParamError, match=f"'{name}'.*{why}"):
        lessons.find("LinesNotEnough").build(values)


# ---------------------------------------------------------------- Uncrumpling


def _check_uncrumpling_scene(scene, p):
    shown = scene.shown
    X, y = scene.data.data.X, scene.data.data.y
    Ws, bs, _ = _mlp_sgd(X, y, (2, 2), "tanh", p.lr, p.epochs, l2=p.l2, seed=p.train_seed)
    acc = np.mean(_forward(Ws, bs, X, "tanh").argmax(1) == y)
    assert f"one line of the output layer: {_pct(acc)}%" in shown
    assert f"2-2-2 tanh network, λ = {fmt_num(p.l2, 4)}, {p.epochs} epochs" in shown
    assert f"train accuracy {_pct(acc)}%" in shown
    for l in (0, 1, 2):  # W_3: the output layer's matrix is shown with its line
        assert any(s.startswith(f"W_{l + 1} = ") and all(fmt_num(v) in s for v in Ws[l].ravel())
                   for s in shown)
    h1 = np.tanh(X @ Ws[0].T + bs[0])
    h2 = np.tanh(h1 @ Ws[1].T + bs[1])
    bests = [_best_line(Z, y, p.n_directions) for Z in (X, h1, h2)]
    for b in bests:
        assert f"best of all lines: {_pct(b)}%" in shown
    assert beat_keys(scene) == ["uc_input", "uc_layer1", "uc_layer2", "uc_separated"]
    return acc, bests


def test_uncrumpling_ends_linearly_separable():
    p = lessons.find("Uncrumpling").params()
    acc, bests = _check_uncrumpling_scene(dry_run(Uncrumpling), p)
    assert acc >= 0.95 and bests[0] < 0.8 and bests[-1] == 1.0


def test_uncrumpling_shows_a_lecturers_own_network():
    values = dict(n_points=120, noise=0.1, data_seed=3, lr=0.3, epochs=60, l2=0.001,
                  train_seed=4, n_directions=90)
    scene = dry_run_with(Uncrumpling, **values)
    _check_uncrumpling_scene(scene, lessons.find("Uncrumpling").build(values))


@pytest.mark.parametrize("values, name", [
    ({"n_points": 50, "data_seed": 5, "train_seed": 1, "epochs": 10}, "n_points"),  # grid 1.54×
    ({"epochs": 301}, "epochs"),
    ({"l2": 0.2}, "l2"),
    ({"lr": 0.0}, "lr"),
])
def test_uncrumpling_refuses_what_does_not_fit(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("Uncrumpling").build(values)


# ---------------------------------------------------------------- PlaygroundSpiral


def _check_playground_scene(scene, p):
    shown = scene.shown
    d = scene.data
    Xtr, ytr, Xte, yte = d.X_train, d.y_train, d.X_test, d.y_test
    assert ytr.size + yte.size == p.n_points and yte.size == round(p.test_fraction * p.n_points)
    marks = tuple(e for e in p.shown_epochs if e < p.epochs) + (p.epochs,)
    results = []
    table = {"x1": lambda X: X[:, 0], "x2": lambda X: X[:, 1], "x1^2": lambda X: X[:, 0] ** 2,
             "x2^2": lambda X: X[:, 1] ** 2, "x1x2": lambda X: X[:, 0] * X[:, 1],
             "sin_x1": lambda X: np.sin(X[:, 0]), "sin_x2": lambda X: np.sin(X[:, 1])}

    def phi(X):
        return np.column_stack([table[f](X) for f in p.features])

    for kind in ("raw", "features"):
        hidden, act, tr, te = ((p.hidden, p.activation, Xtr, Xte) if kind == "raw" else
                               (p.feature_hidden, p.feature_activation, phi(Xtr), phi(Xte)))
        Ws, bs, snaps = _mlp_sgd(tr, ytr, hidden, act, p.lr, p.epochs, p.batch_size,
                                 seed=p.train_seed, snapshots=marks)
        ltr = _ce(_forward(Ws, bs, tr, act), ytr)
        logits = _forward(Ws, bs, te, act)
        lte = _ce(logits, yte)
        assert rf"L_\text{{train}} = {fmt_num(ltr)},\ L_\text{{test}} = {fmt_num(lte)}" in shown
        assert f"test accuracy {_pct(np.mean(logits.argmax(1) == yte))}%" in shown
        sizes = (tr.shape[1], *hidden, 2)
        n = sum(a * b + b for a, b in zip(sizes, sizes[1:]))   # weights + biases, by hand
        assert f"{n} weights and biases" in shown
        results.append((ltr, lte))
        if kind == "raw":   # the raw run's status line at every shown epoch
            for e in marks:
                W_e, b_e = snaps[e]
                assert f"epoch {e}" in shown
                assert (rf"L_\text{{train}} = {fmt_num(_ce(_forward(W_e, b_e, Xtr, act), ytr))},\ "
                        rf"L_\text{{test}} = {fmt_num(_ce(_forward(W_e, b_e, Xte, act), yte))}"
                        in shown)
    assert f"hidden layers {' × '.join(map(str, p.hidden))}, {p.activation}" in shown
    assert f"lr = {fmt_num(p.lr, 3)}, batch {p.batch_size}" in shown
    assert scene.t("pg_lesson_text") in shown  # the takeaway is on screen, not only in the caption
    assert beat_keys(scene) == ["pg_data", "pg_training", "pg_gap", "pg_raw", "pg_features",
                                "pg_lesson"]
    return results


def test_playground_losses_are_recomputed_and_features_beat_depth():
    p = lessons.find("PlaygroundSpiral").params()
    (r_tr, r_te), (f_tr, f_te) = _check_playground_scene(dry_run(PlaygroundSpiral), p)
    assert r_te - r_tr > 0.1                  # the big raw-input net overfits
    assert f_te < r_te                        # the notes' small net on sin features generalises
    shown = dry_run(PlaygroundSpiral).shown
    assert r"x_1,\ x_2,\ \sin x_1,\ \sin x_2" in shown


def test_playground_shows_a_lecturers_own_network():
    values = dict(n_points=100, noise=0.3, data_seed=1, test_fraction=0.3, hidden=(12, 6),
                  activation="tanh", lr=0.1, epochs=300, batch_size=8, train_seed=2,
                  features=("sin_x1", "sin_x2", "x1", "x2"), feature_hidden=(8, 8),
                  shown_epochs=(0, 20, 40))
    scene = dry_run_with(PlaygroundSpiral, **values)
    _check_playground_scene(scene, lessons.find("PlaygroundSpiral").build(values))
    assert scene.data.shown_epochs == (0, 20, 40, 300)


@pytest.mark.parametrize("values, name", [
    ({"epochs": 1000, "batch_size": 1}, "epochs"),                 # 120 000 SGD steps > 8 000
    ({"n_points": 60, "noise": 1.0, "epochs": 1000, "batch_size": 8, "lr": 0.1},
     "epochs"),                                                    # test loss above the axis
    ({"shown_epochs": (10, 400)}, "shown_epochs"),                 # must start at 0
    ({"shown_epochs": (0, 50, 50)}, "shown_epochs"),               # must increase
    ({"shown_epochs": tuple(range(0, 120, 10))}, "shown_epochs"),  # 12 + the last > 12
    ({"hidden": (24, 24, 24, 24)}, "hidden"),
    ({"hidden": (33,)}, "hidden"),
    ({"activation": "gelu"}, "activation"),
    ({"features": ("x1", "cos_x1")}, "features"),                  # not a Playground feature
    ({"features": ("x1", "x1")}, "features"),                      # twice
    ({"features": ("x1",), "feature_hidden": (1,)}, "features"),   # worse than the big net
    ({"feature_hidden": (8, 8, 8, 8)}, "feature_hidden"),
])
def test_playground_refuses_what_does_not_fit(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("PlaygroundSpiral").build(values)
