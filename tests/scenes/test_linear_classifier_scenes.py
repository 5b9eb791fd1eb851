"""The numbers the linear-classifier scenes put on screen are dlmath's, and match
independent references (numpy products and determinants, scipy's log-softmax)."""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax

from dlmath import linear as lm
from scenes.linear_classifier import LinearClassifierScores, MatrixAsTransform
from scenes.style import fmt_num
from tests.conftest import beat_keys as _beat_keys, dry_run


def test_matrix_scene_shows_columns_det_and_collapse():
    scene = dry_run(MatrixAsTransform)
    shown = scene.shown
    W = np.array(MatrixAsTransform.W)
    i_img, j_img = W @ [1, 0], W @ [0, 1]
    assert rf"W\hat\imath = ({fmt_num(i_img[0])}, {fmt_num(i_img[1])})" in shown
    assert rf"W\hat\jmath = ({fmt_num(j_img[0])}, {fmt_num(j_img[1])})" in shown
    det = np.linalg.det(W)
    assert any(s.startswith(r"\det W =") and s.endswith(f"= {fmt_num(det)}") for s in shown)
    Ws = np.array(MatrixAsTransform.W_singular)
    assert abs(np.linalg.det(Ws)) < 1e-12 and np.linalg.matrix_rank(Ws) == 1
    assert any(s.startswith(r"\det W =") and s.endswith("= 0") for s in shown)
    # the direction shown as sent to 0 really is: W v = 0 with the numbers on screen
    null = next(s for s in shown if s.startswith(r"W\,("))
    v = np.array([float(t) for t in null[len(r"W\,("):null.index(")")].split(",")])
    np.testing.assert_allclose(Ws @ v, [0, 0], atol=1e-12)
    # the image line is spanned by W's first column (1, 0.5)
    assert r"\text{span}\{(1, 0.5)\}" in shown
    assert _beat_keys(scene) == ["basis", "transform", "det", "collapse"]


def test_classifier_scene_scores_and_training_match_references():
    cls = LinearClassifierScores
    scene = dry_run(cls)
    shown = scene.shown
    data = lm.make_dataset("blobs3", cls.n_points, seed=cls.data_seed)
    hist = lm.train_softmax(data.X, data.y, 3, lr=cls.lr, steps=cls.steps, seed=cls.init_seed,
                            init_scale=cls.init_scale)
    # the scores of the highlighted point, recomputed with numpy
    W0, b0 = hist.W[0], hist.b[0]
    x = data.X[cls.point_index]
    s = W0 @ x + b0
    for k in range(3):
        assert any(t.startswith(f"s_{k + 1} =") and t.endswith(f"= {fmt_num(s[k])}") for t in shown)
    assert f"highest score: class {int(np.argmax(s)) + 1}" in shown
    # every shown training step: loss from scipy's log-softmax, accuracy from numpy argmax
    for t in cls.shown_steps:
        Z = data.X @ hist.W[t].T + hist.b[t]
        loss = -np.mean(log_softmax(Z, axis=1)[np.arange(len(data.y)), data.y])
        acc = np.mean(np.argmax(Z, axis=1) == data.y)
        assert rf"t = {t},\quad L = {fmt_num(loss)}" in shown
        assert f"accuracy {fmt_num(100 * acc, 1)}%" in shown
    assert hist.accuracy[-1] >= 0.95
    assert _beat_keys(scene) == ["data", "rows", "scores", "regions", "training", "trained"]


def test_lines_not_enough_shows_the_ceiling_and_the_lift():
    from scenes.linear_classifier import LinesNotEnough as cls

    scene = dry_run(cls)
    shown = scene.shown
    for name in ("circle", "xor"):
        d = lm.make_dataset(name, cls.n_points, seed=cls.data_seed)
        h = lm.train_softmax(d.X, d.y, 2, lr=cls.lr, steps=cls.steps, seed=cls.data_seed)
        acc = np.mean(np.argmax(d.X @ h.W[-1].T + h.b[-1], 1) == d.y)   # numpy, not dlmath
        best = lm.best_line_accuracy(d.X, d.y, cls.n_directions).accuracy
        assert acc <= best                       # a trained line never beats the best line
        assert f"linear classifier: {fmt_num(100 * acc, 1)}%" in shown
        assert f"best of all lines: {fmt_num(100 * best, 1)}%" in shown
    circ = lm.make_dataset("circle", cls.n_points, seed=cls.data_seed)
    phi = np.column_stack([circ.X, (circ.X ** 2).sum(1)])
    lift = lm.train_softmax(phi, circ.y, 2, lr=cls.lr, steps=cls.lift_steps, seed=cls.data_seed)
    W, b = lift.W[-1], lift.b[-1]
    acc = np.mean(np.argmax(phi @ W.T + b, 1) == circ.y)
    assert acc >= 0.95
    assert f"one plane separates them: {fmt_num(100 * acc, 1)}%" in shown
    # the radius on screen: where the two scores cross along a ray, found by bisection
    centre = lm.circle_boundary(*lm.binary_boundary(W, b))[0]
    diff = lambda t: np.diff(np.array([*(centre + [t, 0]), ((centre + [t, 0]) ** 2).sum()]) @ W.T + b)[0]
    lo, hi = 0.0, 6.0
    assert np.sign(diff(lo)) != np.sign(diff(hi))
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.sign(diff(mid)) == np.sign(diff(lo)) else (lo, mid)
    assert any(s.endswith(f"= {fmt_num(lo, 3)}^2") for s in shown)
    assert [k for k in _beat_keys(scene)] == ["nl_data", "nl_linear", "nl_ceiling", "nl_lift",
                                              "nl_plane", "nl_back", "nl_features"]


def _forward(params, X, act):
    a = X
    for W, b in zip(params.weights[:-1], params.biases[:-1]):
        a = act(a @ W.T + b)
    return a @ params.weights[-1].T + params.biases[-1]


def test_uncrumpling_ends_linearly_separable():
    from scenes.linear_classifier import Uncrumpling as cls

    scene = dry_run(cls)
    shown = scene.shown
    d = lm.make_dataset("xor", cls.n_points, seed=cls.data_seed)
    h = lm.train_mlp(d.X, d.y, hidden=cls.hidden, activation="tanh", lr=cls.lr, epochs=cls.epochs,
                     l2=cls.l2, seed=cls.train_seed)
    acc = np.mean(np.argmax(_forward(h.params, d.X, np.tanh), 1) == d.y)
    assert acc >= 0.95
    assert f"one line of the output layer: {fmt_num(100 * acc, 1)}%" in shown
    W1 = h.params.weights[0]
    assert any(s.startswith("W_1 = ") and all(fmt_num(v) in s for v in W1.ravel()) for s in shown)
    # the best line gets better layer by layer, and is perfect in the last hidden layer
    h1 = np.tanh(d.X @ W1.T + h.params.biases[0])
    h2 = np.tanh(h1 @ h.params.weights[1].T + h.params.biases[1])
    bests = [lm.best_line_accuracy(Z, d.y, cls.n_directions).accuracy for Z in (d.X, h1, h2)]
    for b in bests:
        assert f"best of all lines: {fmt_num(100 * b, 1)}%" in shown
    assert bests[0] < 0.8 and bests[-1] == 1.0
    assert _beat_keys(scene) == ["uc_input", "uc_layer1", "uc_layer2", "uc_separated"]


def test_playground_losses_are_recomputed_and_regularisation_helps():
    from scenes.linear_classifier import PlaygroundSpiral as cls

    scene = dry_run(cls)
    shown = scene.shown
    d = lm.make_dataset("spiral", cls.n_points, noise=cls.noise, seed=cls.data_seed)
    Xtr, ytr, Xte, yte = lm.train_test_split(d.X, d.y, cls.test_fraction, seed=cls.data_seed)
    relu = lambda z: np.maximum(z, 0)
    results = []
    for key in ("plain", "l2", "dropout"):
        h = scene.histories[key]   # the trained weights the scene drew (dlmath.train_mlp)
        assert h.params.sizes == (2, *cls.hidden, 2)
        # cross-entropy recomputed with numpy + scipy from the final weights
        ltr = -np.mean(log_softmax(_forward(h.params, Xtr, relu), 1)[np.arange(len(ytr)), ytr])
        lte = -np.mean(log_softmax(_forward(h.params, Xte, relu), 1)[np.arange(len(yte)), yte])
        assert rf"L_\text{{train}} = {fmt_num(ltr)},\ L_\text{{test}} = {fmt_num(lte)}" in shown
        results.append((ltr, lte))
    (p_tr, p_te), (l_tr, l_te), (d_tr, d_te) = results
    assert l_te < p_te and d_te < p_te                    # both lower the test loss
    assert l_te - l_tr < p_te - p_tr and d_te - d_tr < p_te - p_tr   # and the gap
    assert _beat_keys(scene) == ["pg_data", "pg_training", "pg_gap", "pg_plain", "pg_l2",
                                 "pg_dropout"]
