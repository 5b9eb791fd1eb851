"""The numbers the chain-rule scenes put on screen are dlmath's, and match independent
references (sympy, closed forms, numpy)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from dlmath import autodiff as ad
from scenes.chain_rule import BackpropGraph
from scenes.style import fmt_num
from tests.conftest import dry_run


def test_backprop_graph_shows_every_edge_and_the_sympy_gradient():
    scene = dry_run(BackpropGraph)
    shown = scene.shown
    vals = BackpropGraph.values
    # independent reference: sympy on the written-out formula
    w, x, b, y = sp.symbols("w x b y", real=True)
    L = (1 / (1 + sp.exp(-(w * x + b))) - y) ** 2
    pt = {w: vals["w"], x: vals["x"], b: vals["b"], y: vals["y"]}
    for name, sym in (("w", w), ("x", x), ("b", b), ("y", y)):
        g = float(sp.diff(L, sym).evalf(subs=pt))
        assert rf"\frac{{\partial L}}{{\partial {name}}} = {fmt_num(g, 3)}" in shown, name
    assert fmt_num(float(L.evalf(subs=pt)), 3) in shown  # the loss value under L
    res = ad.backward(ad.neuron_loss_graph(), vals)
    for step in res.trace:  # every edge shows upstream × local = product
        assert any(fmt_num(step.upstream, 3) in s and fmt_num(step.local, 3) in s
                   and s.endswith(fmt_num(step.product, 3)) and r"\times" in s for s in shown)
    sym = ad.symbolic_gradient_at(ad.neuron_loss_graph(), "w", vals)
    assert any(sym.latex in s for s in shown)
    assert f"= {fmt_num(float(sp.diff(L, w).evalf(subs=pt)), 3)}" in shown
    keys = [k for _, k, _ in scene.beats]
    assert keys[:2] == ["graph", "forward"] and keys[-1] == "sympy"
    assert keys.count("edge") == len(res.trace) == 8
    times = [t for t, _, _ in scene.beats]
    assert times == sorted(times)


def test_vanishing_gradients_shows_the_product_of_factors():
    from scenes.chain_rule import VanishingGradients as V, _sci

    scene = dry_run(V)
    shown = scene.shown
    # independent reference: the chain written out with numpy, and its product formula
    h, factors = V.x, []
    for w, b in zip(V.weights, V.biases):
        z = w * h + b
        s = 1 / (1 + np.exp(-z))
        factors.append(w * s * (1 - s))
        h = s
    for f in factors:
        assert rf"\times {fmt_num(f, 3)}" in shown
    assert all(f <= 0.25 for f in factors)
    prod = float(np.prod(factors))
    assert rf"\frac{{\partial y}}{{\partial h_0}} = {_sci(prod)}" in shown
    assert _sci(prod).endswith("10^{-6}")
    relu = ad.scalar_chain(V.weights, V.biases, V.x, "relu")
    resid = ad.scalar_chain(V.weights, V.biases, V.x, "sigmoid", residual=True)
    assert rf"\frac{{\partial y}}{{\partial h_0}} = {fmt_num(relu.dh[0], 3)}" in shown
    assert rf"\frac{{\partial y}}{{\partial h_0}} = {fmt_num(resid.dh[0], 3)}" in shown
    assert resid.dh[0] >= 1.0 and relu.dh[0] == 1.0
    for g in resid.gain:
        assert rf"\times {fmt_num(g, 3)}" in shown
    assert [k for _, k, _ in scene.beats] == ["chain", "sigmoid", "relu", "residual", "summary"]


def test_activation_scene_shows_the_derivative_maxima_and_the_stacked_bound():
    from scenes.chain_rule import ActivationDerivatives as A, _sci

    scene = dry_run(A)
    shown = scene.shown
    t = sp.Symbol("t", real=True)
    s = 1 / (1 + sp.exp(-t))
    peak = sp.diff(s, t).subs(t, 0)  # sympy: σ'(0) = 1/4
    assert peak == sp.Rational(1, 4)
    assert rf"\max \sigma' = {fmt_num(float(peak), 3)}" in shown
    assert rf"\sigma'(0) = {fmt_num(float(peak), 3)}" in shown
    assert rf"\max \tanh' = {fmt_num(float(sp.diff(sp.tanh(t), t).subs(t, 0)), 3)}" in shown
    assert rf"(\sigma')^{{10}} \le {_sci(0.25 ** 10)}" in shown
    assert _sci(0.25**10) == r"9.5 \times 10^{-7}"
    assert r"\mathrm{ReLU}(x) \in [0,\ \infty)" in shown
    assert r"\sigma(x) \in (0,\ 1)" in shown
    assert [k for _, k, _ in scene.beats] == ["act_sigmoid", "stack", "act_tanh", "act_relu",
                                              "compare"]


def _numpy_stack_std(act: str, init: str, depth: int, width: int, batch: int, seed: int):
    """The deep stack rebuilt with numpy alone (same draws in the same order)."""
    rng = np.random.default_rng(seed)
    var = {"zero": 0.0, "small": 0.01**2, "large": 1.0, "xavier": 2 / (2 * width), "he": 2 / width}[init]
    Ws = [rng.normal(0, np.sqrt(var), (width, width)) for _ in range(depth)]
    h = rng.normal(size=(width, batch))
    out = []
    for W in Ws:
        z = W @ h
        h = np.tanh(z) if act == "tanh" else np.maximum(z, 0)
        out.append(h.std())
    return np.array(out)


def test_init_histograms_show_numpy_stds_and_every_config():
    from scenes.chain_rule import InitHistograms as I, _sci

    scene = dry_run(I)
    shown = scene.shown
    for act, init in I.configs:
        stds = _numpy_stack_std(act, init, I.depth, I.width, I.batch, I.seed)
        for v in stds:
            assert (_sci(v) if v < 0.01 else fmt_num(v, 2)) in shown, (act, init, v)
    he = _numpy_stack_std("relu", "he", I.depth, I.width, I.batch, I.seed)
    assert he.max() / he.min() < 1.2  # He keeps ReLU's std level
    assert [k for _, k, _ in scene.beats] == ["init_setup"] + [f"init_{a}_{i}"
                                                                for a, i in I.configs]


def test_zero_init_symmetry_shows_equal_rows_and_numpy_gradient_steps():
    from scenes.chain_rule import ZeroInitSymmetry as Z

    scene = dry_run(Z)
    shown = scene.shown
    # independent reference: the 2-2-1 network trained by hand-written numpy
    x, t = np.array(Z.x), np.array(Z.target)
    W1, W2, b1, b2 = np.zeros((2, 2)), np.zeros((1, 2)), np.zeros((2, 1)), np.zeros((1, 1))
    hist = {0: (W1.copy(), W2.copy())}
    for step in range(1, Z.steps + 1):
        h = 1 / (1 + np.exp(-(W1 @ x + b1)))
        y = W2 @ h + b2
        g = (y - t) / x.shape[1]
        gh = (W2.T @ g) * h * (1 - h)
        W2, b2 = W2 - Z.lr * g @ h.T, b2 - Z.lr * g.sum(1, keepdims=True)
        W1, b1 = W1 - Z.lr * gh @ x.T, b1 - Z.lr * gh.sum(1, keepdims=True)
        hist[step] = (W1.copy(), W2.copy())
    for step in Z.shown_steps:
        A, B = hist[step]
        assert A[0, 0] == A[1, 0] and A[0, 1] == A[1, 1] and B[0, 0] == B[0, 1]
        for v in (*A.ravel(), *B.ravel()):
            assert fmt_num(v, 3) in shown, (step, v)
        assert f"t = {step}" in shown
    tr = ad.train_mlp(*ad.init_mlp(Z.sizes, Z.random_init, seed=Z.seed), x, t, Z.act, Z.lr,
                      Z.steps)
    assert abs(tr.weights[0][-1, 0] - tr.weights[0][-1, 1]).max() > 0.1  # broken symmetry
    assert [k for _, k, _ in scene.beats] == ["sym_start", "sym_step1", "sym_step2", "sym_end"]


def test_dense_layer_shows_numpy_forward_and_backward():
    from scenes.chain_rule import DenseLayerBackward as D

    scene = dry_run(D)
    shown = scene.shown
    W, x, b, t = (np.array(v) for v in (D.W, D.x, D.b, D.target))
    z = W @ x + b  # numpy reference, written out
    a = np.maximum(z, 0)
    delta = (a - t) * (z > 0)
    for v in (*z, *a, *(a - t), *delta, *np.outer(delta, x).ravel(), *(W.T @ delta)):
        assert fmt_num(v, 3) in shown, v
    assert rf"L = \tfrac12 \lVert a - t \rVert^2 = {fmt_num(0.5 * np.sum((a - t) ** 2), 3)}" in shown
    assert r"3 \times 4" in shown and r"4 \times 1" in shown
    assert r"(3 \times 1)(1 \times 4) = 3 \times 4" in shown
    assert [k for _, k, _ in scene.beats] == ["dense_shapes", "dense_forward", "dense_delta",
                                              "dense_dW", "dense_dx"]
