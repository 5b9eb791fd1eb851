"""dlmath.linear against independent references.

References: numpy (matrix products, ``np.linalg.det``/``matrix_rank``), sympy (exact
determinants, completing the square), scipy.special (softmax, log-sum-exp), central
finite differences for every gradient, explicit Python loops for scores and the
TensorFlow Playground generators (``playground/src/dataset.ts``), and a naive brute force
over line directions and offsets for the best single-line accuracy.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy.special import log_softmax as sp_log_softmax
from scipy.special import softmax as sp_softmax

from dlmath.linear import (
    ACTIVATIONS,
    DATASETS,
    FEATURES,
    MLPParams,
    best_line_accuracy,
    binary_boundary,
    line_in_box,
    feature_regions,
    plane_height,
    circle_boundary,
    class_regions,
    decision_boundaries,
    deformation_stages,
    feature_map,
    init_mlp,
    linear_map,
    make_dataset,
    mlp_forward,
    mlp_loss_grads,
    mlp_regions,
    score_terms,
    scores,
    softmax,
    softmax_loss_grads,
    train_mlp,
    train_softmax,
    train_test_split,
)

# ---------------------------------------------------------------- linear maps


@pytest.mark.parametrize("W", [[[2.0, 1.0], [0.0, 1.5]], [[0.0, -1.0], [1.0, 0.0]],
                               [[1.0, 2.0], [0.5, 1.0]], [[-1.2, 0.3], [0.7, 2.2]]])
def test_linear_map_images_are_W_times_the_points(W):
    res = linear_map(W)
    Wa = np.array(W)
    np.testing.assert_array_equal(res.i_hat, Wa @ [1.0, 0.0])
    np.testing.assert_array_equal(res.j_hat, Wa @ [0.0, 1.0])
    for seg, img in zip(res.lines, res.lines_image):
        for p, q in zip(seg, img):
            np.testing.assert_allclose(q, Wa @ p, rtol=0, atol=1e-14)
    for p, q in zip(res.square, res.square_image):
        np.testing.assert_allclose(q, Wa @ p, rtol=0, atol=1e-14)
    np.testing.assert_allclose(res.det, np.linalg.det(Wa), rtol=1e-12, atol=1e-14)
    assert res.rank == np.linalg.matrix_rank(Wa)
    # |det| is the area of the image of the unit square (shoelace formula)
    x, y = res.square_image.T
    area = 0.5 * (x @ np.roll(y, -1) - y @ np.roll(x, -1))
    np.testing.assert_allclose(area, res.det, rtol=1e-12, atol=1e-14)


def test_linear_map_grid_is_the_integer_lattice():
    res = linear_map(np.eye(2), extent=2)
    assert res.lines.shape == (10, 2, 2)
    np.testing.assert_array_equal(res.lines[0], [[-2, -2], [-2, 2]])      # x = -2
    np.testing.assert_array_equal(res.lines[5], [[-2, -2], [2, -2]])      # y = -2
    np.testing.assert_array_equal(res.lines_image, res.lines)


def test_det_matches_sympy_exactly():
    Wr = sp.Matrix([[sp.Rational(3, 2), sp.Rational(1, 2)], [sp.Rational(-1, 4), 2]])
    res = linear_map(np.array(Wr, dtype=float))
    assert res.det == float(Wr.det())  # 3 + 1/8, exact in binary
    assert res.det == 3.125 and res.rank == 2 and not res.collapses


def test_singular_matrix_collapses_onto_its_column_space():
    W = np.array([[1.0, 2.0], [0.5, 1.0]])
    res = linear_map(W)
    assert res.det == 0.0 and res.rank == 1 and res.collapses
    # image line spanned by (1, 0.5); null space spanned by (2, -1)
    np.testing.assert_array_equal(res.image_direction, [1.0, 0.5])
    np.testing.assert_array_equal(res.null_direction, [1.0, -0.5])
    np.testing.assert_array_equal(W @ res.null_direction, [0.0, 0.0])
    # every image point lies on that line: cross product with the direction is 0
    img = res.lines_image.reshape(-1, 2)
    cross = img[:, 0] * res.image_direction[1] - img[:, 1] * res.image_direction[0]
    np.testing.assert_allclose(cross, 0, atol=1e-12)
    assert linear_map(np.zeros((2, 2))).rank == 0
    other = linear_map([[0.0, 0.0], [-3.0, 6.0]])   # image: the x2 axis; null: (2, 1)
    assert other.rank == 1
    np.testing.assert_array_equal(other.image_direction, [0.0, 1.0])
    np.testing.assert_array_equal(other.null_direction, [1.0, 0.5])


@pytest.mark.parametrize("W, match", [
    ([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], r"W must have shape \(2, 2\), got \(2, 3\)"),
    ([[1.0, np.nan], [0.0, 1.0]], "W must contain only finite"),
])
def test_linear_map_rejects_bad_matrices(W, match):
    with pytest.raises(ValueError, match=match):
        linear_map(W)


def test_linear_map_rejects_bad_extent():
    with pytest.raises(ValueError, match="extent must be an integer >= 1, got 0"):
        linear_map(np.eye(2), extent=0)


# ---------------------------------------------------------------- scores and regions

W3 = np.array([[0.0, 1.0], [-0.87, -0.5], [0.87, -0.5]])
B3 = np.array([0.2, -0.1, 0.0])


def test_scores_match_explicit_dot_products():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(7, 2))
    S = scores(W3, B3, X)
    for i in range(7):
        for k in range(3):
            assert S[i, k] == pytest.approx(W3[k, 0] * X[i, 0] + W3[k, 1] * X[i, 1] + B3[k],
                                            abs=1e-15)


def test_score_terms_hand_case():
    st = score_terms([[1.0, 2.0], [-1.0, 0.5]], [0.5, 0.0], [2.0, -1.0])
    np.testing.assert_array_equal(st.products, [[2.0, -2.0], [-2.0, -0.5]])
    np.testing.assert_array_equal(st.totals, [0.5, -2.5])   # 2 - 2 + .5 ; -2 - .5 + 0
    assert st.label == 0


def test_two_class_boundary_hand_case():
    (bd,) = decision_boundaries([[1.0, 0.0], [-1.0, 0.0]], [0.0, 0.0], (-2, 2), (-1, 3))
    assert (bd.i, bd.j) == (0, 1)
    ends = sorted([tuple(bd.start), tuple(bd.end)], key=lambda p: p[1])
    np.testing.assert_allclose(ends, [(0, -1), (0, 3)], atol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_points_on_boundaries_have_equal_top_scores(seed):
    rng = np.random.default_rng(seed)
    K = 3 + seed % 3
    W, b = rng.normal(size=(K, 2)), rng.normal(size=K)
    bds = decision_boundaries(W, b, (-3, 3), (-2, 2))
    assert bds, "random classes in a box should share at least one boundary"
    for bd in bds:
        t = np.linspace(0, 1, 101)[:, None]
        pts = bd.start + t * (bd.end - bd.start)
        S = pts @ W.T + b
        np.testing.assert_allclose(S[:, bd.i], S[:, bd.j], rtol=0, atol=1e-9)
        np.testing.assert_allclose(S[:, bd.i], S.max(axis=1), rtol=0, atol=1e-9)
        assert np.all(pts[:, 0] >= -3 - 1e-9) and np.all(pts[:, 0] <= 3 + 1e-9)
        assert np.all(pts[:, 1] >= -2 - 1e-9) and np.all(pts[:, 1] <= 2 + 1e-9)


def test_boundaries_are_complete_on_a_fine_grid():
    # every pair of neighbouring grid cells with different labels straddles a boundary
    reg = class_regions(W3, B3, (-3, 3), (-3, 3), 60)
    diff = np.argwhere(reg.labels[:, 1:] != reg.labels[:, :-1])
    pairs = {tuple(sorted((reg.labels[r, c], reg.labels[r, c + 1]))) for r, c in diff}
    assert pairs <= {(bd.i, bd.j) for bd in reg.boundaries}
    assert len(reg.boundaries) == 3


def test_class_regions_labels_are_argmax_of_scores():
    reg = class_regions(W3, B3, (-4, 2), (-1, 3), (30, 20))
    assert reg.labels.shape == (20, 30)
    np.testing.assert_allclose(reg.xs, -4 + 0.2 * (np.arange(30) + 0.5))  # pixel centres
    for r in range(0, 20, 3):
        for c in range(0, 30, 4):
            s = [W3[k] @ [reg.xs[c], reg.ys[r]] + B3[k] for k in range(3)]
            assert reg.labels[r, c] == int(np.argmax(s))


@pytest.mark.parametrize("kwargs, match", [
    (dict(W=W3, b=B3[:2], xlim=(-1, 1), ylim=(-1, 1)), r"b must have shape \(3,\)"),
    (dict(W=W3, b=B3, xlim=(1, -1), ylim=(-1, 1)), "xlim must be"),
    (dict(W=W3, b=B3, xlim=(-1, 1), ylim=(0, 0)), "ylim must be"),
    (dict(W=W3, b=B3, xlim=(-1, 1), ylim=(-1, 1), resolution=1), "resolution must be"),
])
def test_class_regions_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        class_regions(**kwargs)


def test_scores_rejects_wrong_point_width():
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\), got \(4, 3\)"):
        scores(W3, B3, np.zeros((4, 3)))


# ---------------------------------------------------------------- softmax regression


def test_softmax_matches_scipy_and_is_stable():
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(5, 4)) * 10
    np.testing.assert_allclose(softmax(Z), sp_softmax(Z, axis=1), rtol=1e-13)
    np.testing.assert_allclose(softmax([[1000.0, 1000.0]]), [[0.5, 0.5]])


def _fd_grad(f, theta, eps=1e-6):
    g = np.zeros_like(theta)
    for idx in np.ndindex(theta.shape):
        tp, tm = theta.copy(), theta.copy()
        tp[idx] += eps
        tm[idx] -= eps
        g[idx] = (f(tp) - f(tm)) / (2 * eps)
    return g


@pytest.mark.parametrize("l2", [0.0, 0.05])
def test_softmax_gradients_match_finite_differences(l2):
    rng = np.random.default_rng(11)
    X, y = rng.normal(size=(20, 2)), rng.integers(0, 3, 20)
    W, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    loss, dW, db = softmax_loss_grads(W, b, X, y, l2)
    ref = -np.mean(sp_log_softmax(X @ W.T + b, axis=1)[np.arange(20), y]) + l2 * np.sum(W**2)
    assert loss == pytest.approx(ref, rel=1e-13)
    fW = _fd_grad(lambda Wt: softmax_loss_grads(Wt, b, X, y, l2)[0], W)
    fb = _fd_grad(lambda bt: softmax_loss_grads(W, bt, X, y, l2)[0], b)
    np.testing.assert_allclose(dW, fW, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(db, fb, rtol=1e-7, atol=1e-9)


def test_softmax_regression_separates_three_blobs():
    d = make_dataset("blobs3", 300, seed=0)
    h = train_softmax(d.X, d.y, 3, lr=0.1, steps=100, seed=0)
    assert h.W.shape == (101, 3, 2) and h.loss.shape == (101,)
    assert h.accuracy[-1] >= 0.95
    assert h.loss[-1] < 0.1 * h.loss[0]
    # the recorded history is the gradient-descent recursion
    _, dW, db = softmax_loss_grads(h.W[5], h.b[5], d.X, d.y)
    np.testing.assert_allclose(h.W[6], h.W[5] - 0.1 * dW, rtol=1e-13)
    np.testing.assert_allclose(h.b[6], h.b[5] - 0.1 * db, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("kwargs, match", [
    (dict(lr=-0.1), "lr must be a finite number > 0, got -0.1"),
    (dict(n_classes=1), "n_classes must be an integer >= 2, got 1"),
    (dict(y=np.array([0, 1, 2, 1])), r"y must hold class indices 0, 1, ... below n_classes = 2, got \[2.0\]"),
    (dict(y=np.array([0, 1, 0])), r"y must have shape \(4,\)"),
    (dict(l2=-1.0), "l2 must be a finite number >= 0, got -1.0"),
])
def test_train_softmax_rejects_bad_arguments(kwargs, match):
    args = dict(X=np.zeros((4, 2)), y=np.array([0, 1, 0, 1]), n_classes=2) | kwargs
    with pytest.raises(ValueError, match=match):
        train_softmax(**args)


# ---------------------------------------------------------------- lines are not enough


def _naive_best_line(X, y, n_directions):
    """Independent brute force: every direction, every midpoint offset, both sides."""
    best = 0.0
    for a in np.pi * np.arange(n_directions) / n_directions:
        p = X @ np.array([np.cos(a), np.sin(a)])
        u = np.unique(p)
        cuts = np.concatenate([[u[0] - 1], (u[1:] + u[:-1]) / 2, [u[-1] + 1]])
        above = p[None, :] > cuts[:, None]
        acc = np.mean(above == (y[None, :] == 1), axis=1)
        best = max(best, acc.max(), (1 - acc).max())
    return best


def test_best_line_matches_naive_brute_force():
    d = make_dataset("xor", 300, seed=5)
    res = best_line_accuracy(d.X, d.y, n_directions=90)
    assert res.accuracy == pytest.approx(_naive_best_line(d.X, d.y, 90), abs=1e-12)
    # the returned line reaches the stated accuracy
    pred = (d.X @ res.normal > res.offset).astype(int)
    assert np.mean(pred == d.y) == pytest.approx(res.accuracy, abs=1e-12)


def test_line_in_box_hand_cases():
    a, b = line_in_box([1.0, 1.0], 0.0, (-2, 2), (-1, 1))      # x + y = 0
    np.testing.assert_allclose(sorted([tuple(a), tuple(b)]), [(-1, 1), (1, -1)], atol=1e-12)
    a, b = line_in_box([0.0, 2.0], 1.0, (-3, 3), (-3, 3))      # y = 0.5
    np.testing.assert_allclose(sorted([tuple(a), tuple(b)]), [(-3, 0.5), (3, 0.5)], atol=1e-12)
    with pytest.raises(ValueError, match="misses the box"):
        line_in_box([1.0, 0.0], 10.0, (-1, 1), (-1, 1))
    with pytest.raises(ValueError, match="normal must not be the zero vector"):
        line_in_box([0.0, 0.0], 1.0, (-1, 1), (-1, 1))


@pytest.mark.parametrize("name, ceiling", [("circle", 0.67), ("xor", 0.70)])
def test_a_linear_classifier_cannot_beat_the_best_line(name, ceiling):
    d = make_dataset(name, 2000, seed=0)
    best = _naive_best_line(d.X, d.y, 360)
    assert best == pytest.approx(ceiling, abs=0.02)  # the figures at 2000 points
    assert best_line_accuracy(d.X, d.y, 360).accuracy == pytest.approx(best, abs=1e-12)
    h = train_softmax(d.X, d.y, 2, lr=0.05, steps=300, seed=0)
    assert h.accuracy.max() <= best + 1e-12


@pytest.mark.parametrize("name, features", [("circle", ("x1", "x2", "r^2")),
                                            ("xor", ("x1", "x2", "x1x2"))])
def test_lifted_features_separate_what_lines_cannot(name, features):
    d = make_dataset(name, 2000, seed=0)
    h = train_softmax(feature_map(d.X, features), d.y, 2, lr=0.05, steps=500, seed=0)
    assert h.accuracy[-1] >= 0.95


@pytest.mark.parametrize("name", ["circle", "xor"])
def test_a_small_mlp_separates_circle_and_xor(name):
    d = make_dataset(name, 400, seed=0)
    h = train_mlp(d.X, d.y, hidden=(8,), activation="tanh", lr=0.1, epochs=60, seed=0)
    assert h.train_acc[-1] >= 0.95


def test_binary_boundary_and_plane_height():
    W, b = np.array([[1.0, 2.0, -1.0], [0.5, -1.0, 3.0]]), np.array([0.25, -0.5])
    w, c = binary_boundary(W, b)
    np.testing.assert_array_equal(w, [-0.5, -3.0, 4.0])
    assert c == -0.75
    rng = np.random.default_rng(2)
    phi = rng.normal(size=(50, 3))
    S = phi @ W.T + b
    np.testing.assert_array_equal(np.argmax(S, 1) == 1, phi @ w + c > 0)
    X = rng.normal(size=(20, 2))
    z = plane_height(w, c, X)
    np.testing.assert_allclose(np.column_stack([X, z]) @ w + c, 0, atol=1e-13)
    with pytest.raises(ValueError, match="W must have 2 rows"):
        binary_boundary(np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(ValueError, match=r"w must have w\[2\] != 0"):
        plane_height([1.0, 2.0, 0.0], 1.0, X)


def test_feature_regions_lifted_circle_matches_the_circle_boundary():
    d = make_dataset("circle", 2000, seed=0)
    feats = ("x1", "x2", "r^2")
    h = train_softmax(feature_map(d.X, feats), d.y, 2, lr=0.05, steps=500, seed=0)
    reg = feature_regions(h.W[-1], h.b[-1], feats, (-6, 6), (-6, 6), 80)
    centre, radius = circle_boundary(*binary_boundary(h.W[-1], h.b[-1]))
    gx, gy = np.meshgrid(reg.xs, reg.ys)
    inside = np.hypot(gx - centre[0], gy - centre[1]) < radius
    # class 1 (inner) exactly inside the circle; the lifted plane's w3 < 0 makes inside = 1
    np.testing.assert_array_equal(reg.labels == 1, inside)
    assert 2.5 < radius < 3.5   # between the two rings of the Playground data
    with pytest.raises(ValueError, match="one column per feature"):
        feature_regions(h.W[-1], h.b[-1], ("x1", "x2"), (-1, 1), (-1, 1))


def test_feature_map_values():
    F = feature_map([[2.0, -3.0]])
    np.testing.assert_allclose(F, [[2, -3, 4, 9, -6, np.sin(2), np.sin(-3)]], rtol=1e-15)
    assert F.shape == (1, len(FEATURES))
    np.testing.assert_array_equal(feature_map([[2.0, -3.0]], ("r^2", "x1")), [[13.0, 2.0]])
    with pytest.raises(ValueError, match="features must be chosen from .* got 'x3'"):
        feature_map([[1.0, 2.0]], ("x3",))


def test_circle_boundary_completes_the_square():
    x1, x2 = sp.symbols("x1 x2", real=True)
    w = (sp.Rational(1, 2), sp.Rational(-3, 4), sp.Rational(1, 4))
    c = sp.Rational(-2)
    expr = sp.expand((w[0] * x1 + w[1] * x2 + w[2] * (x1**2 + x2**2) + c) / w[2])
    a, bb = sp.symbols("a b", real=True)
    # expr = (x1 - a)^2 + (x2 - b)^2 - rho^2: read a, b, rho^2 off the coefficients
    a_ref = -expr.coeff(x1, 1) / 2
    b_ref = -expr.coeff(x2, 1) / 2
    rho2 = a_ref**2 + b_ref**2 - expr.subs({x1: 0, x2: 0})
    centre, radius = circle_boundary([float(v) for v in w], float(c))
    np.testing.assert_allclose(centre, [float(a_ref), float(b_ref)], rtol=1e-14)
    assert radius == pytest.approx(float(sp.sqrt(rho2)), rel=1e-14)
    with pytest.raises(ValueError, match=r"w must have w\[2\] != 0"):
        circle_boundary([1.0, 1.0, 0.0], 1.0)
    with pytest.raises(ValueError, match="boundary is empty"):
        circle_boundary([0.0, 0.0, 1.0], 1.0)


# ---------------------------------------------------------------- data sets


def test_circle_data_follows_the_playground_definition():
    d = make_dataset("circle", 400, seed=1)
    r = np.linalg.norm(d.X, axis=1)
    assert d.X.shape == (400, 2) and d.y.shape == (400,)
    assert np.all(r[:200] <= 2.5) and np.all((r[200:] >= 3.5) & (r[200:] <= 5.0))
    np.testing.assert_array_equal(d.y, np.repeat([1, 0], 200))  # noise 0: label by radius


def test_xor_data_follows_the_playground_definition():
    d = make_dataset("xor", 500, seed=2)
    assert np.all(np.abs(d.X) >= 0.3) and np.all(np.abs(d.X) <= 5.3)
    np.testing.assert_array_equal(d.y, (d.X[:, 0] * d.X[:, 1] >= 0).astype(int))


def test_spiral_data_matches_the_playground_loop_at_zero_noise():
    d = make_dataset("spiral", 40, seed=0)
    ref, lab = [], []
    for delta, label in ((0.0, 1), (np.pi, 0)):   # dataset.ts: genSpiral(0, 1), genSpiral(PI, -1)
        for i in range(20):
            r = i / 20 * 5
            t = 1.75 * i / 20 * 2 * np.pi + delta
            ref.append((r * np.sin(t), r * np.cos(t)))
            lab.append(label)
    np.testing.assert_allclose(d.X, ref, rtol=1e-14, atol=1e-14)
    np.testing.assert_array_equal(d.y, lab)
    noisy = make_dataset("spiral", 40, noise=0.3, seed=0)
    assert np.all(np.abs(noisy.X - d.X) <= 0.3)


def test_gauss_and_blobs_statistics():
    g = make_dataset("gauss", 4000, seed=3)
    np.testing.assert_allclose(g.X[g.y == 1].mean(0), [2, 2], atol=0.05)
    np.testing.assert_allclose(g.X[g.y == 0].var(0), [0.5, 0.5], rtol=0.08)
    b = make_dataset("blobs3", 3000, seed=3)
    assert np.bincount(b.y).tolist() == [1000, 1000, 1000]
    np.testing.assert_allclose(b.X[b.y == 0].mean(0), [0, 3], atol=0.06)
    np.testing.assert_allclose(b.X[b.y == 1].mean(0), [-3 * np.sqrt(3) / 2, -1.5], atol=0.06)


@pytest.mark.parametrize("name", DATASETS)
def test_datasets_are_reproducible_by_seed(name):
    a, b, c = (make_dataset(name, 101, noise=0.2, seed=s) for s in (7, 7, 8))
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert a.X.shape == (101, 2) and set(np.unique(a.y)) <= {0, 1, 2}
    assert not np.array_equal(a.X, c.X)


def test_make_dataset_rejects_unknown_name():
    with pytest.raises(ValueError, match=r"name must be one of \('circle', 'xor', 'gauss', "
                                         r"'spiral', 'blobs3'\), got 'moons'"):
        make_dataset("moons")


def test_make_dataset_rejects_bad_noise():
    with pytest.raises(ValueError, match="noise must be a finite number in"):
        make_dataset("xor", noise=-0.1)


def test_train_test_split_is_a_partition():
    d = make_dataset("xor", 100, seed=0)
    Xtr, ytr, Xte, yte = train_test_split(d.X, d.y, 0.3, seed=1)
    assert len(Xte) == 30 and len(Xtr) == 70
    together = np.concatenate([Xtr, Xte])
    assert sorted(map(tuple, together)) == sorted(map(tuple, d.X))
    with pytest.raises(ValueError, match="test_fraction must be a finite number in"):
        train_test_split(d.X, d.y, 1.0)


# ---------------------------------------------------------------- MLP


def _flat(p: MLPParams) -> np.ndarray:
    return np.concatenate([a.ravel() for a in p.weights + p.biases])


def _unflat(theta: np.ndarray, like: MLPParams) -> MLPParams:
    arrays, i = [], 0
    for a in like.weights + like.biases:
        arrays.append(theta[i:i + a.size].reshape(a.shape))
        i += a.size
    n = len(like.weights)
    return MLPParams(weights=tuple(arrays[:n]), biases=tuple(arrays[n:]))


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("l2", [0.0, 0.01])
def test_mlp_backprop_matches_finite_differences(activation, l2):
    rng = np.random.default_rng(5)
    params = init_mlp((2, 5, 4, 3), seed=1)
    params = MLPParams(weights=params.weights, biases=tuple(rng.normal(size=b.shape) * 0.3
                                                            for b in params.biases))
    X, y = rng.normal(size=(12, 2)), rng.integers(0, 3, 12)
    if activation == "relu":  # keep every pre-activation away from the kink at 0
        fwd = mlp_forward(params, X, activation)
        assert min(np.abs(z).min() for z in fwd.pre) > 1e-4
    loss, g = mlp_loss_grads(params, X, y, activation, l2)
    f = lambda th: mlp_loss_grads(_unflat(th, params), X, y, activation, l2)[0]
    np.testing.assert_allclose(_flat(g), _fd_grad(f, _flat(params), 1e-6), rtol=1e-6, atol=1e-8)
    ref = -np.mean(sp_log_softmax(mlp_forward(params, X, activation).logits, axis=1)[np.arange(12), y])
    assert loss == pytest.approx(ref + l2 * sum(np.sum(W**2) for W in params.weights), rel=1e-13)


def test_mlp_backprop_with_a_fixed_dropout_mask():
    rng = np.random.default_rng(6)
    params = init_mlp((2, 6, 5, 2), seed=2)
    X, y = rng.normal(size=(10, 2)), rng.integers(0, 2, 10)
    masks = tuple((rng.random((10, h)) >= 0.4) / 0.6 for h in (6, 5))
    _, g = mlp_loss_grads(params, X, y, "tanh", 0.02, masks)
    f = lambda th: mlp_loss_grads(_unflat(th, params), X, y, "tanh", 0.02, masks)[0]
    np.testing.assert_allclose(_flat(g), _fd_grad(f, _flat(params)), rtol=1e-6, atol=1e-8)


def test_dropout_is_off_at_evaluation():
    params = init_mlp((2, 8, 2), seed=0)
    X = np.random.default_rng(0).normal(size=(5, 2))
    a = mlp_forward(params, X, dropout=0.5, training=False)
    b = mlp_forward(params, X, dropout=0.5, training=False)
    c = mlp_forward(params, X, dropout=0.0)
    np.testing.assert_array_equal(a.probs, b.probs)
    np.testing.assert_array_equal(a.probs, c.probs)
    assert a.masks is None


def test_inverted_dropout_preserves_the_expected_activation():
    params = init_mlp((2, 50, 2), seed=0)
    X = np.tile([[0.7, -1.2]], (20000, 1))
    rng = np.random.default_rng(9)
    train = mlp_forward(params, X, dropout=0.3, training=True, rng=rng)
    clean = mlp_forward(params, X[:1]).hidden[0][0]
    kept = np.mean(train.masks[0] > 0)
    assert kept == pytest.approx(0.7, abs=0.005)
    assert set(np.unique(train.masks[0])) == {0.0, 1 / 0.7}
    mean = train.hidden[0].mean(axis=0)
    se = np.abs(clean) * np.sqrt(0.3 / 0.7 / 20000)           # std error of the mean
    assert np.all(np.abs(mean - clean) <= 5 * se + 1e-12)


def test_train_mlp_is_reproducible_and_snapshots():
    d = make_dataset("xor", 60, seed=0)
    kw = dict(hidden=(4,), lr=0.1, epochs=5, dropout=0.2, seed=3, snapshot_epochs=(0, 5))
    a, b = train_mlp(d.X, d.y, **kw), train_mlp(d.X, d.y, **kw)
    np.testing.assert_array_equal(a.train_loss, b.train_loss)
    assert a.snapshot_epochs == (0, 5) and a.train_loss.shape == (6,)
    np.testing.assert_array_equal(a.snapshots[1].weights[0], a.params.weights[0])
    c = train_mlp(d.X, d.y, **{**kw, "seed": 4})
    assert not np.array_equal(a.train_loss, c.train_loss)


def test_regularisation_lowers_the_test_loss_of_an_overfitting_net():
    d = make_dataset("spiral", 240, noise=0.5, seed=4)
    Xtr, ytr, Xte, yte = train_test_split(d.X, d.y, 0.5, seed=4)
    kw = dict(hidden=(24, 24, 24), activation="relu", lr=0.03, epochs=300, seed=0,
              X_test=Xte, y_test=yte)
    plain = train_mlp(Xtr, ytr, **kw)
    l2 = train_mlp(Xtr, ytr, **kw, l2=0.001)
    gap = lambda h: h.test_loss[-1] - h.train_loss[-1]
    assert gap(l2) < gap(plain)
    assert l2.test_loss[-1] < plain.test_loss[-1]


def test_mlp_regions_are_argmax_of_the_forward_pass():
    params = init_mlp((2, 6, 2), seed=4)
    reg = mlp_regions(params, "tanh", (-2, 2), (-1, 1), (8, 5))
    gx, gy = np.meshgrid(reg.xs, reg.ys)
    P = mlp_forward(params, np.column_stack([gx.ravel(), gy.ravel()]), "tanh").probs
    np.testing.assert_array_equal(reg.labels.ravel(), np.argmax(P, 1))
    np.testing.assert_allclose(reg.probs.ravel(), P[:, 1], rtol=1e-15)


def test_deformation_stages_compose_to_the_forward_pass():
    params = init_mlp((2, 2, 2, 2), seed=0)
    pts = np.random.default_rng(0).normal(size=(30, 2))
    dfm = deformation_stages(params, "tanh", pts)
    assert dfm.names == ("input", "W1", "+b1", "f1", "W2", "+b2", "f2")
    np.testing.assert_allclose(dfm.stages[3], np.tanh(pts @ params.weights[0].T + params.biases[0]))
    np.testing.assert_allclose(dfm.stages[-1], mlp_forward(params, pts, "tanh").hidden[-1])
    np.testing.assert_allclose(dfm.stages[-1] @ dfm.output_W.T + dfm.output_b,
                               mlp_forward(params, pts, "tanh").logits, rtol=1e-13)
    with pytest.raises(ValueError, match="hidden layers of width 2"):
        deformation_stages(init_mlp((2, 3, 2)), "tanh", pts)


@pytest.mark.parametrize("kwargs, match", [
    (dict(l2=-0.1), "l2 must be a finite number >= 0, got -0.1"),
    (dict(dropout=1.0), r"dropout must be a finite number in \[0, 1\), got 1.0"),
    (dict(dropout=-0.2), r"dropout must be a finite number in \[0, 1\), got -0.2"),
    (dict(activation="gelu"), r"activation must be one of \('tanh', 'relu', 'sigmoid'\)"),
    (dict(hidden=(2, 2, 2, 2)), "hidden must list 1 to 3"),
    (dict(batch_size=0), "batch_size must be an integer >= 1"),
    (dict(X_test=np.zeros((3, 2))), "X_test and y_test must be given together"),
])
def test_train_mlp_rejects_bad_arguments(kwargs, match):
    d = make_dataset("xor", 20, seed=0)
    with pytest.raises(ValueError, match=match):
        train_mlp(d.X, d.y, epochs=1, **kwargs)


def test_mlp_forward_rejects_mismatched_input_width():
    with pytest.raises(ValueError, match="params layer 0"):
        mlp_forward(init_mlp((2, 3, 2)), np.zeros((4, 3)))
