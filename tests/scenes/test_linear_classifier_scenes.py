"""The numbers the linear-classifier scenes put on screen are dlmath's, and match
independent references (numpy products and determinants, scipy's log-softmax)."""

from __future__ import annotations

import numpy as np
from scipy.special import log_softmax

from dlmath import linear as lm
from scenes.linear_classifier import LinearClassifierScores, MatrixAsTransform
from scenes.style import fmt_num
from tests.conftest import dry_run


def _beat_keys(scene) -> list[str]:
    times = [t for t, _, _ in scene.beats]
    assert times == sorted(times)
    return [k for _, k, _ in scene.beats]


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
