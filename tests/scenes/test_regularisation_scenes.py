"""Regularisation (issue 16): every number on screen against references written here —
mini-batch SGD with backprop and inverted dropout re-implemented in numpy (the same
seeds and draw order), Σ W² by a sum over the arrays, the cost J added by hand, the
inverted-dropout numbers from a forward pass of one point, the ensemble from scipy's
softmax. One run with a lecturer's own parameters, and each limit refuses what it should."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import softmax

import lessons
from lessons import ParamError
from scenes.linear_classifier import Regularisation
from scenes.style import fmt_num
from tests.conftest import beat_keys, dry_run, dry_run_with
from tests.scenes.test_linear_classifier_scenes import _ACT, _ce, _forward, _mlp_sgd, _pct


def _losses(ltr, lte):
    return rf"L_\text{{train}} = {fmt_num(ltr)},\ L_\text{{test}} = {fmt_num(lte)}"


def _check(scene, p):
    shown, d = scene.shown, scene.data
    Xtr, ytr, Xte, yte = d.X_train, d.y_train, d.X_test, d.y_test
    assert ytr.size + yte.size == p.n_points
    caps = " ".join(text for _, _, text in scene.beats)
    run = dict(lr=p.lr, epochs=p.epochs, batch=p.batch_size)
    # the λ sweep: one reference run per λ, same seed
    finals = []
    for lam in p.lambdas:
        Ws, bs, _ = _mlp_sgd(Xtr, ytr, p.hidden, p.activation, l2=lam, seed=p.train_seed, **run)
        finals.append((Ws, bs, _ce(_forward(Ws, bs, Xtr, p.activation), ytr),
                       _ce(_forward(Ws, bs, Xte, p.activation), yte)))
    test = [f[3] for f in finals]
    test_acc = [np.mean(_forward(Ws, bs, Xte, p.activation).argmax(1) == yte)
                for Ws, bs, _, _ in finals]
    best = int(np.argmin(test))
    assert 0 < best < len(p.lambdas) - 1
    picks = (0, best, len(p.lambdas) - 1)
    terms = [(finals[i][2], p.lambdas[i] * sum(float((W ** 2).sum()) for W in finals[i][0]))
             for i in picks]
    # J's terms add up on screen: the fewest decimals (from 3) at which the rounded terms,
    # written out and added by hand, give the rounded total at every picked λ
    dj = next(d for d in range(3, 9) if all(
        round(float(fmt_num(a, d)) + float(fmt_num(b, d)), d) == float(fmt_num(a + b, d))
        for a, b in terms))
    for i, (ltr, pen) in zip(picks, terms):
        Ws, bs, _, lte = finals[i]
        ss = sum(float((W ** 2).sum()) for W in Ws)
        assert _losses(ltr, lte) in shown
        assert rf"\textstyle\sum W^2 = {fmt_num(ss, 1)}" in shown
        shown_j = rf"J = {fmt_num(ltr, dj)} + {fmt_num(pen, dj)} = {fmt_num(ltr + pen, dj)}"
        assert shown_j in shown
    assert (f"the test loss falls to {fmt_num(test[best])} at λ = {fmt_num(p.lambdas[best], 3)}, "
            f"then climbs to {fmt_num(test[-1])}") in caps
    # dropout with keep probability k = keep_prob, i.e. drop rate 1 − k
    k = p.keep_prob
    Ws, bs, _ = _mlp_sgd(Xtr, ytr, p.hidden, p.activation, dropout=1 - k, seed=p.train_seed, **run)
    lte = dropout_test = _ce(_forward(Ws, bs, Xte, p.activation), yte)
    dropout_acc = np.mean(_forward(Ws, bs, Xte, p.activation).argmax(1) == yte)
    assert _losses(_ce(_forward(Ws, bs, Xtr, p.activation), ytr), lte) in shown
    h1 = _ACT[p.activation][0](Xtr[:1] @ Ws[0].T + bs[0])[0]
    a = h1[np.argmax(np.abs(h1))]
    assert rf"p = 1 - k = 1 - {fmt_num(k)} = {fmt_num(1 - k)}" in shown
    assert rf"a / k = {fmt_num(a, 3)} / {fmt_num(k, 3)} = {fmt_num(a / k, 3)}" in shown
    assert rf"{fmt_num(k, 3)} \cdot {fmt_num(a, 3)} = {fmt_num(k * a, 3)}" in shown
    assert f"test loss {fmt_num(lte)} instead of {fmt_num(test[0])}" in caps
    # the ensemble: members with seeds train_seed + m, probabilities averaged
    Ps = []
    for m in range(p.n_members):
        Ws, bs, _ = _mlp_sgd(Xtr, ytr, p.hidden, p.activation, seed=p.train_seed + m, **run)
        Ps.append(softmax(_forward(Ws, bs, Xte, p.activation), axis=1))
        assert fmt_num(-np.mean(np.log(Ps[-1][np.arange(yte.size), yte]))) in shown
        assert f"seed {p.train_seed + m}" in shown
    P = np.mean(Ps, axis=0)
    loss = -np.mean(np.log(P[np.arange(yte.size), yte]))
    mean = np.mean([-np.mean(np.log(Q[np.arange(yte.size), yte])) for Q in Ps])
    assert rf"L_\text{{test}} = {fmt_num(loss)}" in shown
    assert rf"\bar L = {fmt_num(mean)}" in shown
    assert f"test accuracy {_pct(np.mean(P.argmax(1) == yte))}%" in shown
    assert loss <= mean + 1e-12
    # the closing summary: each remedy beside its test loss and test accuracy
    ens_acc = np.mean(P.argmax(1) == yte)
    for name, v, acc in ((scene.t("reg_sum_plain"), test[0], test_acc[0]),
                         (scene.t("reg_sum_l2", lam=fmt_num(p.lambdas[best], 3)), test[best],
                          test_acc[best]),
                         (scene.t("reg_sum_dropout", keep=fmt_num(k)), dropout_test, dropout_acc),
                         (scene.t("reg_sum_ensemble", m=fmt_num(p.n_members)), loss, ens_acc)):
        assert name in shown
        assert rf"L_\text{{test}} = {fmt_num(v)}" in shown
        assert scene.t("test_acc", acc=_pct(acc)) in shown
    assert beat_keys(scene) == ["reg_data", "reg_overfit", "reg_cost", "reg_sweep", "reg_three",
                                "reg_keep", "reg_scale", "reg_dropout", "reg_ensemble", "reg_end"]


def test_regularisation_numbers_match_references():
    p = lessons.find("Regularisation").params()
    scene = dry_run(Regularisation)
    _check(scene, p)
    shown = scene.shown
    assert r"J(W) = L_\text{CE}(W) + \lambda \sum W^2" in shown
    assert r"k = 0.7" in shown and r"k = 1" in shown and r"p = 0.3" in shown and r"p = 0" in shown


def test_regularisation_shows_a_lecturers_own_run():
    values = dict(n_points=100, noise=0.25, data_seed=3, hidden=(12, 12), epochs=300,
                  batch_size=50, train_seed=5, lambdas=(0.0, 0.01, 0.1), keep_prob=0.6,
                  n_members=2)
    scene = dry_run_with(Regularisation, **values)
    _check(scene, lessons.find("Regularisation").build(values))


@pytest.mark.parametrize("values, name", [
    ({"lambdas": (0.001, 0.01, 0.1)}, "lambdas"),                 # must start at 0
    ({"lambdas": (0.0, 0.01, 0.01)}, "lambdas"),                  # must increase
    ({"lambdas": (0.0, 0.0001, 0.0002)}, "lambdas"),              # lowest test loss at the end
    ({"lambdas": tuple(0.01 * i for i in range(8))}, "lambdas"),  # 8 > 7 ticks
    ({"epochs": 1000, "batch_size": 10}, "epochs"),               # 60 000 steps > 6 000
    ({"keep_prob": 1.0}, "keep_prob"),
    ({"n_members": 7}, "n_members"),
    ({"dataset": "spiral"}, "dataset"),
])
def test_regularisation_refuses_what_does_not_fit(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("Regularisation").build(values)


def test_handout_regions_and_losses_match_an_independent_forward_pass():
    """The Regularisation handout (pipeline.handouts.linear_classifier.regularisation): the
    best λ's regions and test loss recomputed from its weights with numpy and scipy."""
    from pipeline.handouts.linear_classifier import regularisation as figure_fn

    _, d = figure_fn()
    n = sum(1 for k in d if k.startswith("W"))
    Ws, bs = [d[f"W{l}"] for l in range(n)], [d[f"b{l}"] for l in range(n)]
    best = int(np.argmin(d["test_loss"]))
    assert d["test_loss"][best] == pytest.approx(_ce(_forward(Ws, bs, d["X_test"], "tanh"),
                                                     d["y_test"]), rel=1e-9)
    gx, gy = np.meshgrid(d["grid_x"], d["grid_y"])
    Z = _forward(Ws, bs, np.column_stack([gx.ravel(), gy.ravel()]), "tanh")
    np.testing.assert_array_equal(d["labels"], Z.argmax(1).reshape(gx.shape))
    assert d["ensemble_loss"] <= d["member_loss"].mean() + 1e-12
