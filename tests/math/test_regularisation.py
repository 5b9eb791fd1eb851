"""dlmath's regularisation helpers (issue 16) against independent references: the L2
penalty and its gradient by central finite differences and hand loops, parameter counts
by a loop over the layers, feature-network regions by a forward pass written here,
inverted dropout by its closed form and by sampling Bernoulli masks, and the ensemble by
averaging softmax outputs computed with scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import softmax

from dlmath import linear as lm


def _params(sizes, seed=0):
    rng = np.random.default_rng(seed)
    Ws = tuple(rng.normal(size=(o, i)) for i, o in zip(sizes, sizes[1:]))
    bs = tuple(rng.normal(size=o) for o in sizes[1:])
    return lm.MLPParams(weights=Ws, biases=bs)


def _logits(p, X, act=np.tanh):
    a = X
    for W, b in zip(p.weights[:-1], p.biases[:-1]):
        a = act(a @ W.T + b)
    return a @ p.weights[-1].T + p.biases[-1]


# ---------------------------------------------------------------- parameter counts


@pytest.mark.parametrize("sizes, expected", [
    ((2, 8, 2), 2 * 8 + 8 + 8 * 2 + 2),            # 42, by hand
    ((2, 24, 24, 24, 2), 1322),                    # PlaygroundSpiral's big network
    ((4, 8, 8, 8, 2), 202),                        # the notes-style network on 4 features
    ((7, 1), 8),
])
def test_param_count_by_hand(sizes, expected):
    assert lm.mlp_param_count(sizes) == expected


def test_param_count_equals_the_arrays_of_init_mlp():
    sizes = (3, 5, 4, 2)
    p = lm.init_mlp(sizes, seed=1)
    total = 0
    for W, b in zip(p.weights, p.biases):   # count the entries one array at a time
        total += W.size + b.size
    assert lm.mlp_param_count(sizes) == total == 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2


@pytest.mark.parametrize("bad", [(2,), (2, 0, 2), (2, 2.5, 2), "2,8,2", None])
def test_param_count_refuses_bad_sizes(bad):
    with pytest.raises((ValueError, TypeError), match="sizes"):
        lm.mlp_param_count(bad)


# ---------------------------------------------------------------- L2 penalty


def test_l2_penalty_value_by_a_hand_loop():
    p = _params((2, 3, 2), seed=3)
    lam = 0.01
    ss = 0.0
    for W in p.weights:
        for row in W:
            for w in row:
                ss += w * w
    res = lm.l2_penalty(p, lam)
    assert res.sum_squares == pytest.approx(ss, rel=1e-13)
    assert res.value == pytest.approx(lam * ss, rel=1e-13)
    assert res.l2 == lam


def test_l2_penalty_gradient_by_central_differences():
    p = _params((2, 4, 3, 2), seed=5)
    lam, h = 0.07, 1e-6
    res = lm.l2_penalty(p, lam)
    for l, W in enumerate(p.weights):
        num = np.zeros_like(W)
        for idx in np.ndindex(W.shape):
            def f(delta):
                Ws = list(p.weights)
                Wd = W.copy()
                Wd[idx] += delta
                Ws[l] = Wd
                return lm.l2_penalty(lm.MLPParams(tuple(Ws), p.biases), lam).value
            num[idx] = (f(h) - f(-h)) / (2 * h)
        np.testing.assert_allclose(res.grads[l], num, rtol=1e-6, atol=1e-9)


def test_l2_penalty_is_what_mlp_loss_grads_adds():
    """The penalty term of the training loss and its gradient are this function's."""
    p = _params((2, 3, 2), seed=2)
    X = np.array([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8]])
    y = np.array([0, 1, 1])
    lam = 0.05
    l0, g0 = lm.mlp_loss_grads(p, X, y, "tanh", l2=0.0)
    l1, g1 = lm.mlp_loss_grads(p, X, y, "tanh", l2=lam)
    pen = lm.l2_penalty(p, lam)
    assert l1 - l0 == pytest.approx(pen.value, rel=1e-12)
    for a, b, c in zip(g1.weights, g0.weights, pen.grads):
        np.testing.assert_allclose(a - b, c, rtol=1e-12, atol=1e-15)


def test_l2_penalty_refuses_bad_input():
    p = _params((2, 2))
    with pytest.raises(ValueError, match="l2"):
        lm.l2_penalty(p, -0.1)
    with pytest.raises((ValueError, TypeError), match="l2"):
        lm.l2_penalty(p, float("nan"))
    with pytest.raises((ValueError, TypeError), match="params"):
        lm.l2_penalty("not params", 0.1)


# ---------------------------------------------------------------- feature-network regions


def test_feature_regions_match_a_forward_pass_written_here():
    feats = ("x1", "x2", "sin_x1", "sin_x2", "x1x2")
    p = _params((len(feats), 4, 2), seed=7)
    reg = lm.feature_mlp_regions(p, "tanh", feats, (-3.0, 3.0), (-2.0, 2.0), (7, 5))
    xs = -3.0 + (np.arange(7) + 0.5) * 6.0 / 7
    ys = -2.0 + (np.arange(5) + 0.5) * 4.0 / 5
    np.testing.assert_allclose(reg.xs, xs, rtol=1e-13)
    np.testing.assert_allclose(reg.ys, ys, rtol=1e-13)
    for r, yv in enumerate(ys):
        for c, xv in enumerate(xs):
            phi = np.array([[xv, yv, np.sin(xv), np.sin(yv), xv * yv]])
            P = softmax(_logits(p, phi), axis=1)[0]
            assert reg.labels[r, c] == np.argmax(P)
            assert reg.probs[r, c] == pytest.approx(P[1], rel=1e-12)


def test_feature_regions_refuse_a_width_mismatch():
    with pytest.raises(ValueError, match="params"):
        lm.feature_mlp_regions(_params((3, 2)), "tanh", ("x1", "x2"), (-1, 1), (-1, 1), 4)
    with pytest.raises(ValueError, match="features"):
        lm.feature_mlp_regions(_params((2, 2)), "tanh", ("x1", "cos"), (-1, 1), (-1, 1), 4)


# ---------------------------------------------------------------- inverted dropout


@pytest.mark.parametrize("keep, a", [(0.7, 0.99), (0.5, -2.0), (1.0, 0.3), (0.25, 4.0)])
def test_dropout_scaling_closed_form(keep, a):
    res = lm.dropout_scaling(keep, a)
    assert res.keep_prob == keep
    assert res.drop_prob == pytest.approx(1 - keep, abs=1e-15)
    assert res.scale == pytest.approx(1 / keep, rel=1e-15)
    assert res.kept_value == pytest.approx(a / keep, rel=1e-15)
    assert res.expected == pytest.approx(a, rel=1e-12)
    assert res.expected_unscaled == pytest.approx(keep * a, rel=1e-15)


def test_dropout_scaling_matches_sampled_masks():
    """Mean over 400 000 Bernoulli(keep) masks of m·a/keep ≈ a; of m·a ≈ keep·a."""
    keep, a = 0.7, 0.83
    m = np.random.default_rng(0).random(400_000) < keep
    res = lm.dropout_scaling(keep, a)
    se = a / keep * np.sqrt(keep * (1 - keep) / m.size)
    assert abs(np.mean(m * a / keep) - res.expected) < 5 * se
    assert abs(np.mean(m * a) - res.expected_unscaled) < 5 * se * keep


def test_dropout_scaling_agrees_with_train_mlp_masks():
    """train_mlp's masks are Bernoulli(1 − dropout)/(1 − dropout): with dropout = drop_prob
    a kept entry equals dropout_scaling's scale."""
    res = lm.dropout_scaling(0.7)
    fwd = lm.mlp_forward(lm.init_mlp((2, 50, 2)), np.ones((40, 2)), "tanh",
                         dropout=res.drop_prob, training=True, rng=np.random.default_rng(1))
    vals = np.unique(np.round(fwd.masks[0], 12))
    np.testing.assert_allclose(vals, [0.0, res.scale], rtol=1e-12)


@pytest.mark.parametrize("keep", [0.0, -0.1, 1.5, float("nan")])
def test_dropout_scaling_refuses_bad_keep(keep):
    with pytest.raises((ValueError, TypeError), match="keep_prob"):
        lm.dropout_scaling(keep)


# ---------------------------------------------------------------- ensembles


def test_ensemble_is_the_mean_of_scipy_softmaxes():
    members = tuple(_params((2, 5, 3), seed=s) for s in range(4))
    rng = np.random.default_rng(9)
    X = rng.normal(size=(30, 2))
    y = rng.integers(0, 3, 30)
    res = lm.ensemble_eval(members, X, y, "tanh")
    Ps = [softmax(_logits(m, X), axis=1) for m in members]
    P = sum(Ps) / len(Ps)
    np.testing.assert_allclose(res.probs, P, rtol=1e-12)
    losses = [-np.mean(np.log(Pm[np.arange(30), y])) for Pm in Ps]
    np.testing.assert_allclose(res.member_loss, losses, rtol=1e-12)
    assert res.loss == pytest.approx(-np.mean(np.log(P[np.arange(30), y])), rel=1e-12)
    assert res.acc == pytest.approx(np.mean(P.argmax(1) == y))
    np.testing.assert_allclose(res.member_acc, [np.mean(Pm.argmax(1) == y) for Pm in Ps])
    assert res.mean_member_loss == pytest.approx(np.mean(losses), rel=1e-12)
    # Jensen: -log is convex, so the averaged prediction never loses more than the members do
    assert res.loss <= res.mean_member_loss + 1e-12


def test_ensemble_of_one_is_that_network():
    m = _params((2, 3, 2), seed=4)
    X = np.array([[0.1, 0.2], [1.0, -1.0]])
    res = lm.ensemble_eval((m,), X, [0, 1], "relu")
    np.testing.assert_allclose(res.probs, lm.mlp_forward(m, X, "relu").probs, rtol=1e-15)
    assert res.loss == pytest.approx(res.member_loss[0], rel=1e-15)


def test_ensemble_regions_are_the_argmax_of_the_mean():
    members = tuple(_params((2, 4, 2), seed=s) for s in (1, 2))
    reg = lm.ensemble_regions(members, "tanh", (-2.0, 2.0), (-2.0, 2.0), 6)
    gx, gy = np.meshgrid(reg.xs, reg.ys)
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    P = np.mean([softmax(_logits(m, pts), axis=1) for m in members], axis=0)
    np.testing.assert_array_equal(reg.labels, P.argmax(1).reshape(6, 6))
    np.testing.assert_allclose(reg.probs, P[:, 1].reshape(6, 6), rtol=1e-12)


def test_ensemble_refuses_bad_members():
    X, y = np.zeros((2, 2)), [0, 1]
    with pytest.raises(ValueError, match="members"):
        lm.ensemble_eval((), X, y)
    with pytest.raises((ValueError, TypeError), match="members"):
        lm.ensemble_eval((_params((2, 2)), "x"), X, y)
    with pytest.raises(ValueError, match=r"members\[1\]"):
        lm.ensemble_eval((_params((2, 2)), _params((3, 2))), X, y)
