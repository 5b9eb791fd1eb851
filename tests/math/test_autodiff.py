"""dlmath.autodiff against independent references: sympy diff, central finite differences,
closed forms and hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from dlmath import autodiff as ad
from dlmath.autodiff import (
    ACTIVATIONS,
    INITS,
    activation,
    activation_grad,
    activation_info,
    activation_stats,
    backward,
    const,
    deep_pass,
    dense_backward,
    dense_forward,
    forward,
    gradient_per_layer,
    init_weights,
    mlp_pass,
    scalar_chain,
    symbolic_gradient,
    to_sympy,
    train_mlp,
    var,
)

FD_STEP = 1e-6


def central_diff(f, x: np.ndarray, h: float = FD_STEP) -> np.ndarray:
    """Central finite differences of a scalar function of an array, element by element."""
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def rel_err(a, b) -> float:
    """Norm-wise relative error max|a − b| / max|b| (entries far below the largest one
    carry the finite-difference round-off of ~1e-10, so elementwise ratios are noise)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


# ---------------------------------------------------------------- graph


def logistic_loss_graph():
    g = ad.neuron_loss_graph()
    assert [n.label for n in ad.topological_order(g)] == ["w", "x", "u", "b", "z", "a", "y",
                                                          "d", "L"]
    return g


def test_hand_example_forward_and_backward():
    # L = (σ(w x + b) − y)², w=0.8, x=1.5, b=−0.5, y=1: z = 0.7, a = 1/(1+e^-0.7)
    vals = dict(w=0.8, x=1.5, b=-0.5, y=1.0)
    res = backward(logistic_loss_graph(), vals)
    a = 1 / (1 + np.exp(-0.7))
    assert res.values[-1] == pytest.approx((a - 1) ** 2, rel=1e-15)
    dz = 2 * (a - 1) * a * (1 - a)  # hand chain rule: dL/da · da/dz
    assert res.grad("w") == pytest.approx(dz * 1.5, rel=1e-14)
    assert res.grad("x") == pytest.approx(dz * 0.8, rel=1e-14)
    assert res.grad("b") == pytest.approx(dz, rel=1e-14)
    assert res.grad("y") == pytest.approx(-2 * (a - 1), rel=1e-14)


def test_trace_is_upstream_times_local_in_reverse_topological_order():
    res = backward(logistic_loss_graph(), dict(w=0.8, x=1.5, b=-0.5, y=1.0))
    labels = [n.label for n in res.nodes]
    assert labels[-1] == "L"
    sources = [s.source for s in res.trace]
    assert sources == sorted(sources, reverse=True)
    for s in res.trace:
        assert s.product == s.upstream * s.local
        assert s.upstream == res.grads[s.source]  # complete when it is used
    # every gradient is the sum of the products flowing into it
    for i in range(len(res.nodes) - 1):
        assert res.grads[i] == pytest.approx(sum(s.product for s in res.trace if s.target == i))
    # the edge into w: upstream dL/dz, local x = 1.5
    into_w = [s for s in res.trace if res.nodes[s.target].label == "w"]
    assert len(into_w) == 1 and into_w[0].local == 1.5


def test_shared_node_accumulates_gradients():
    x = var("x")
    f = x * x + x
    res = backward(f, {"x": 3.0})
    assert res.grad("x") == 2 * 3.0 + 1  # d(x² + x)/dx, by hand
    into_x = [s for s in res.trace if res.nodes[s.target].label == "x"]
    assert len(into_x) == 3  # x*x gives two edges, + x gives one
    # a shared intermediate: u = exp(x) used by two consumers
    u = ad.exp(x)
    g = u * u + ad.log(u)  # = e^{2x} + x  ->  2 e^{2x} + 1
    assert backward(g, {"x": 0.3}).grad("x") == pytest.approx(2 * np.exp(0.6) + 1, rel=1e-14)


UNARY = ("exp", "sigmoid", "tanh", "relu", "neg", "square", "cube", "safe_log", "safe_div")
BINARY = ("add", "sub", "mul")


def random_graph(rng: np.random.Generator, names=("p", "q", "r"), n_ops: int = 9):
    """A random graph that reuses earlier nodes (so sub-expressions are shared)."""
    pool = [var(n) for n in names] + [const(float(rng.integers(1, 4)))]
    for _ in range(n_ops):
        if rng.random() < 0.5:
            a, b = (pool[i] for i in rng.integers(0, len(pool), size=2))
            op = BINARY[rng.integers(len(BINARY))]
            node = {"add": a + b, "sub": a - b, "mul": a * b}[op]
        else:
            a = pool[rng.integers(len(pool))]
            a = ad.tanh(a)  # keep magnitudes moderate before exp/pow
            op = UNARY[rng.integers(len(UNARY))]
            node = {"exp": ad.exp(a), "sigmoid": ad.sigmoid(a), "tanh": ad.tanh(a),
                    "relu": ad.relu(a), "neg": -a, "square": a ** 2, "cube": a ** 3,
                    "safe_log": ad.log(a ** 2 + 1), "safe_div": a / (2 + a)}[op]
        pool.append(node)
    out = pool[-1]
    for node in pool[-4:-1]:  # make the output depend on several shared nodes
        out = out + node
    return out


@pytest.mark.parametrize("seed", range(12))
def test_random_graphs_match_sympy_and_finite_differences(seed):
    rng = np.random.default_rng(seed)
    graph = random_graph(rng)
    vals = dict(zip("pqr", rng.uniform(-1.5, 1.5, size=3)))
    res = backward(graph, vals)
    expr = to_sympy(graph)  # σ as 1/(1+e^{-a}), ReLU as Max(0, a)
    syms = {s.name: s for s in expr.free_symbols}
    subs = {syms[k]: v for k, v in vals.items() if k in syms}
    assert res.values[-1] == pytest.approx(float(expr.evalf(subs=subs)), rel=1e-12, abs=1e-14)
    for name in "pqr":
        if name not in syms:
            continue
        exact = float(sp.diff(expr, syms[name]).evalf(subs=subs))
        assert res.grad(name) == pytest.approx(exact, rel=1e-10, abs=1e-12)

        def f(t, name=name):
            return forward(graph, {**vals, name: float(t[0])}).output

        fd = central_diff(f, np.array([vals[name]]))[0]
        assert rel_err(res.grad(name), fd) < 1e-6 or abs(res.grad(name) - fd) < 1e-8


def test_symbolic_gradient_keeps_sigma_and_equals_the_exp_form():
    graph = logistic_loss_graph()
    g = symbolic_gradient(graph, "w")
    assert r"\sigma" in sp.latex(g)
    w, x, b, y = (sp.Symbol(n, real=True) for n in "wxby")
    ref = sp.diff((1 / (1 + sp.exp(-(w * x + b))) - y) ** 2, w)  # by sympy, from scratch
    pt = {w: 0.8, x: 1.5, b: -0.5, y: 1.0}
    assert float(g.rewrite(sp.exp).evalf(subs=pt)) == pytest.approx(float(ref.evalf(subs=pt)),
                                                                    rel=1e-13)
    assert float(ref.evalf(subs=pt)) == pytest.approx(
        backward(graph, dict(w=0.8, x=1.5, b=-0.5, y=1.0)).grad("w"), rel=1e-13)


def test_symbolic_gradient_at_matches_backward():
    vals = dict(w=0.8, x=1.5, b=-0.5, y=1.0)
    res = backward(logistic_loss_graph(), vals)
    for name in "wxby":
        sg = ad.symbolic_gradient_at(logistic_loss_graph(), name, vals)
        assert sg.value == pytest.approx(res.grad(name), rel=1e-13)
    assert r"\sigma" in ad.symbolic_gradient_at(logistic_loss_graph(), "w", vals).latex
    with pytest.raises(ValueError, match="no entry for variable"):
        ad.symbolic_gradient_at(logistic_loss_graph(), "w", {"w": 1.0})


@pytest.mark.parametrize("build, vals, match", [
    (lambda: var("x") / var("y"), {"x": 1.0, "y": 0.0}, "division by zero"),
    (lambda: ad.log(var("x")), {"x": -1.0}, "log of non-positive"),
    (lambda: var("x") + 1, {}, "no entry for variable 'x'"),
    (lambda: var("x") + 1, {"x": np.nan}, r"values\['x'\] must be a finite number"),
    (lambda: ad.exp(var("x")), {"x": 1e4}, "overflowed"),
])
def test_bad_graph_evaluation(build, vals, match):
    with pytest.raises(ValueError, match=match):
        backward(build(), vals)


def test_bad_graph_construction():
    with pytest.raises(ValueError, match="name must be an identifier"):
        var("2x")
    with pytest.raises(ValueError, match="value must be a finite number"):
        const(np.inf)
    with pytest.raises(ValueError, match="exponent must be a real number"):
        var("x") ** var("y")
    with pytest.raises(ValueError, match="graph operands must be Nodes or real numbers"):
        var("x") + "1"
    with pytest.raises(ValueError, match="variable must be one of"):
        backward(var("x") * 2, {"x": 1.0}).grad("z")
    with pytest.raises(ValueError, match="wrt must be one of"):
        symbolic_gradient(var("x") * 2, "z")
    with pytest.raises(ValueError, match="sigmoid_as must be one of"):
        to_sympy(var("x"), sigmoid_as="tanh")


# ---------------------------------------------------------------- activations


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_derivatives_match_sympy_and_finite_differences(name):
    x = np.linspace(-4, 4, 81)
    x = x[np.abs(x) > 1e-3]  # the kinks of ReLU and leaky ReLU
    t = sp.Symbol("t", real=True)
    f = {"linear": t, "sigmoid": 1 / (1 + sp.exp(-t)), "tanh": sp.tanh(t),
         "relu": sp.Max(0, t), "leaky_relu": sp.Max(sp.Rational(1, 100) * t, t),
         "elu": sp.Piecewise((t, t > 0), (sp.exp(t) - 1, True))}[name]
    ref = sp.lambdify(t, f, "numpy")(x) * np.ones_like(x)
    dref = sp.lambdify(t, sp.diff(f, t), "numpy")(x) * np.ones_like(x)
    np.testing.assert_allclose(activation(name, x), ref, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(activation_grad(name, x), dref, rtol=1e-12, atol=1e-15)
    fd = (activation(name, x + 1e-6) - activation(name, x - 1e-6)) / 2e-6
    np.testing.assert_allclose(activation_grad(name, x), fd, rtol=1e-6, atol=1e-9)


def test_sigmoid_derivative_peaks_at_one_quarter_at_zero():
    t = sp.Symbol("t", real=True)
    s = 1 / (1 + sp.exp(-t))
    ds = sp.diff(s, t)
    crit = sp.solve(sp.simplify(sp.diff(ds, t)), t)
    assert crit == [0] and sp.simplify(ds.subs(t, 0)) == sp.Rational(1, 4)
    info = activation_info("sigmoid")
    assert (info.grad_max, info.grad_argmax, info.low, info.high) == (0.25, 0.0, 0.0, 1.0)
    assert not info.zero_centred and activation_info("tanh").zero_centred
    assert activation_grad("sigmoid", 0.0) == 0.25
    grid = np.linspace(-10, 10, 200001)
    for name in ACTIVATIONS:
        inf = activation_info(name)
        assert activation_grad(name, grid).max() == pytest.approx(inf.grad_max, rel=1e-9)
        vals = activation(name, grid)
        assert inf.low <= vals.min() and vals.max() <= inf.high
        assert (vals.min() == inf.low) == inf.low_attained  # ReLU(−3) = 0; σ never reaches 0


def test_derivative_bound_is_reached_by_the_zero_preactivation_chain():
    bound = ad.derivative_bound("sigmoid", 10)
    assert bound[-1] == 0.25**10 == 9.5367431640625e-07  # exact in binary
    c = scalar_chain(np.ones(10), [0.0] + [-0.5] * 9, 0.0, "sigmoid")
    np.testing.assert_array_equal(bound, c.dh[:-1][::-1])  # reached: every σ′(0) = 1/4
    np.testing.assert_array_equal(ad.derivative_bound("tanh", 3), [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="depth must be an integer >= 1"):
        ad.derivative_bound("sigmoid", 0)


def test_relu_derivative_at_zero_is_zero_and_unknown_activation():
    assert activation_grad("relu", 0.0) == 0.0
    assert activation_grad("leaky_relu", -2.0) == 0.01
    with pytest.raises(ValueError, match="name must be one of"):
        activation("swish", 1.0)
    with pytest.raises(ValueError, match="name must be one of"):
        activation_info("softmax")


# ---------------------------------------------------------------- dense layer and MLP


def test_dense_forward_by_hand():
    W = np.array([[1.0, -2.0, 0.5], [0.0, 1.0, 1.0]])
    x, b = np.array([2.0, 1.0, -2.0]), np.array([0.5, -1.0])
    # z = [2 - 2 - 1 + .5, 0 + 1 - 2 - 1] = [-0.5, -2]
    f = dense_forward(W, x, b, "relu")
    np.testing.assert_array_equal(f.z, [-0.5, -2.0])
    np.testing.assert_array_equal(f.a, [0.0, 0.0])
    np.testing.assert_array_equal(dense_forward(W, x, b, "linear").a, [-0.5, -2.0])


@pytest.mark.parametrize("act", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("batch", [None, 3])
def test_dense_backward_matches_finite_differences(act, batch):
    rng = np.random.default_rng(11)
    W, b = rng.normal(size=(3, 4)), rng.normal(size=3)
    x = rng.normal(size=4 if batch is None else (4, batch))
    t = rng.normal(size=(3,) if batch is None else (3, batch))

    def loss(W_, x_, b_):
        return 0.5 * np.sum((dense_forward(W_, x_, b_, act).a - t) ** 2)

    g = dense_backward(W, x, b, dense_forward(W, x, b, act).a - t, act)
    assert rel_err(g.dW, central_diff(lambda v: loss(v, x, b), W)) < 1e-6
    assert rel_err(g.db, central_diff(lambda v: loss(W, x, v), b)) < 1e-6
    assert rel_err(g.dx, central_diff(lambda v: loss(W, v, b), x)) < 1e-6
    if batch is None:  # dL/dW is the outer product δ xᵀ
        np.testing.assert_allclose(g.dW, np.outer(g.delta, x), rtol=1e-15)


def test_dense_step_by_hand_and_finite_differences():
    W = np.array([[0.5, -1, 0.25, 1], [1, 0.5, -0.5, 0], [1, 0.25, 0.5, -0.5]])
    x, b, t = np.array([1, 2, -1, 0.5]), np.array([0.5, -1, 0.25]), np.array([0.5, 1, 2])
    st = ad.dense_step(W, x, b, t, "relu")
    # by hand: z = [-0.75, 1.5, 1], a = [0, 1.5, 1], a − t = [-0.5, 0.5, -1], δ = [0, 0.5, -1]
    np.testing.assert_array_equal(st.z, [-0.75, 1.5, 1.0])
    np.testing.assert_array_equal(st.a, [0.0, 1.5, 1.0])
    np.testing.assert_array_equal(st.delta, [0.0, 0.5, -1.0])
    np.testing.assert_array_equal(st.dW, [[0, 0, 0, 0], [0.5, 1, -0.5, 0.25], [-1, -2, 1, -0.5]])
    np.testing.assert_array_equal(st.dx, [-0.5, 0.0, -0.75, 0.5])
    assert st.loss == 0.5 * (0.25 + 0.25 + 1.0)

    def L(W_, x_, b_):
        return 0.5 * np.sum((np.maximum(W_ @ x_ + b_, 0) - t) ** 2)

    assert rel_err(st.dW, central_diff(lambda v: L(v, x, b), W)) < 1e-6
    assert rel_err(st.db, central_diff(lambda v: L(W, x, v), b)) < 1e-6
    assert rel_err(st.dx, central_diff(lambda v: L(W, v, b), x)) < 1e-6
    with pytest.raises(ValueError, match="target must have shape"):
        ad.dense_step(W, x, b, [1.0, 2.0])
    with pytest.raises(ValueError, match="x must be one sample"):
        ad.dense_step(W, np.ones((4, 2)), b, t)


def test_mlp_gradients_match_finite_differences():
    rng = np.random.default_rng(5)
    Ws = [rng.normal(size=(4, 2)), rng.normal(size=(3, 4)), rng.normal(size=(1, 3))]
    bs = [rng.normal(size=4), rng.normal(size=3), rng.normal(size=1)]
    x, t = rng.normal(size=(2, 5)), rng.normal(size=(1, 5))
    p = mlp_pass(Ws, bs, x, t, "tanh")
    for k in range(3):
        def lw(v, k=k):
            return mlp_pass([v if j == k else W for j, W in enumerate(Ws)], bs, x, t, "tanh").loss

        def lb(v, k=k):
            return mlp_pass(Ws, [v if j == k else b for j, b in enumerate(bs)], x, t, "tanh").loss

        assert rel_err(p.dW[k], central_diff(lw, Ws[k])) < 1e-6
        assert rel_err(p.db[k], central_diff(lb, bs[k])) < 1e-6
    # the loss by hand: (1/2B) Σ (ŷ − t)²
    h = np.tanh(Ws[1] @ np.tanh(Ws[0] @ x + bs[0][:, None]) + bs[1][:, None])
    yhat = Ws[2] @ h + bs[2][:, None]
    assert p.loss == pytest.approx(np.sum((yhat - t) ** 2) / 10, rel=1e-14)


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "relu"])
def test_zero_init_never_breaks_symmetry(act):
    x = np.array([[1.0, -1.0, 0.5], [0.5, 2.0, -1.0]])
    t = np.array([[1.0, -1.0, 0.5]])
    zero = train_mlp([np.zeros((2, 2)), np.zeros((1, 2))], [np.zeros(2), np.zeros(1)], x, t,
                     act, lr=0.5, steps=20)
    W1, W2 = zero.weights
    assert W1.shape == (21, 2, 2) and W2.shape == (21, 1, 2)
    np.testing.assert_array_equal(W1[:, 0, :], W1[:, 1, :])  # the two hidden units
    np.testing.assert_array_equal(W2[:, 0, 0], W2[:, 0, 1])
    rng = np.random.default_rng(3)
    rand = train_mlp([rng.normal(0, 0.5, (2, 2)), rng.normal(0, 0.5, (1, 2))],
                     [np.zeros(2), np.zeros(1)], x, t, act, lr=0.5, steps=20)
    assert np.abs(rand.weights[0][-1, 0] - rand.weights[0][-1, 1]).max() > 0.05
    assert rand.losses[-1] < rand.losses[0]


def test_sigmoid_zero_init_moves_weights_but_keeps_units_equal():
    # with σ hidden units output 1/2, so the output layer learns; then W1 moves too
    x = np.array([[1.0, -1.0], [0.5, 2.0]])
    t = np.array([[1.0, 0.0]])
    tr = train_mlp([np.zeros((2, 2)), np.zeros((1, 2))], [np.zeros(2), np.zeros(1)], x, t,
                   "sigmoid", lr=1.0, steps=5)
    assert np.abs(tr.weights[0][-1]).max() > 1e-4
    np.testing.assert_array_equal(tr.weights[0][-1, 0], tr.weights[0][-1, 1])
    # first step by hand: ŷ = 0, δ_out = (0 − t)/B, dW2 = δ_out hᵀ with h = 1/2
    np.testing.assert_allclose(tr.weights[1][1], [[0.25, 0.25]], rtol=1e-15)


def test_bad_layer_inputs():
    with pytest.raises(ValueError, match=r"x must have 3 rows"):
        dense_forward(np.ones((2, 3)), np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match="b must have length 2"):
        dense_forward(np.ones((2, 3)), np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="W must contain only finite"):
        dense_forward(np.array([[np.nan]]), [1.0], [0.0])
    with pytest.raises(ValueError, match="grad_a must have shape"):
        dense_backward(np.ones((2, 3)), np.ones(3), np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match="lr must be a finite number > 0"):
        train_mlp([np.ones((1, 1))], [np.ones(1)], [1.0], [1.0], lr=0.0)
    with pytest.raises(ValueError, match="steps must be an integer"):
        train_mlp([np.ones((1, 1))], [np.ones(1)], [1.0], [1.0], steps=-1)
    with pytest.raises(ValueError, match=r"weights\[1\] must have 3 columns"):
        mlp_pass([np.ones((3, 2)), np.ones((1, 2))], [np.ones(3), np.ones(1)], [1.0, 1.0], [1.0])


# ---------------------------------------------------------------- deep chains


def test_sigmoid_chain_with_zero_preactivations_gives_quarter_per_layer():
    # w = 1, x = 0, b_1 = 0 and b_k = −1/2 (since h = σ(0) = 1/2): every z_k = 0
    depth = 10
    c = scalar_chain(np.ones(depth), [0.0] + [-0.5] * (depth - 1), 0.0, "sigmoid")
    np.testing.assert_array_equal(c.z, np.zeros(depth))
    np.testing.assert_array_equal(c.local, np.full(depth, 0.25))
    assert c.db[0] == 0.25**10 == pytest.approx(9.54e-7, rel=1e-3)
    assert c.dh[0] == 0.25**10
    np.testing.assert_allclose(c.db, 0.25 ** np.arange(depth, 0, -1), rtol=1e-15)


@pytest.mark.parametrize("act, residual", [("sigmoid", False), ("tanh", False),
                                           ("relu", False), ("sigmoid", True)])
def test_scalar_chain_product_formula_and_finite_differences(act, residual):
    rng = np.random.default_rng(2)
    depth = 7
    w, b, x = rng.normal(1.0, 0.5, depth), rng.normal(0.2, 0.3, depth), 0.7

    def y_of(w_, b_):
        h = x
        for wk, bk in zip(w_, b_):  # the chain written out independently
            z = wk * h + bk
            f = {"sigmoid": 1 / (1 + np.exp(-z)), "tanh": np.tanh(z), "relu": max(z, 0.0)}[act]
            h = h + f if residual else f
        return h

    c = scalar_chain(w, b, x, act, residual)
    assert c.h[-1] == pytest.approx(y_of(w, b), rel=1e-14)
    assert rel_err(c.dw, central_diff(lambda v: y_of(v, b), w)) < 1e-6
    assert rel_err(c.db, central_diff(lambda v: y_of(w, v), b)) < 1e-6
    for k in range(depth):  # explicit product formula, layer k+1
        rest = np.prod([w[j] * c.local[j] + residual for j in range(k + 1, depth)])
        assert c.dw[k] == pytest.approx(c.h[k] * c.local[k] * rest, rel=1e-13)


@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("act", ["sigmoid", "relu"])
def test_deep_pass_matches_finite_differences(act, residual):
    rng = np.random.default_rng(8)
    Ws = [rng.normal(0, 0.7, (3, 3)) for _ in range(4)]
    bs = [rng.normal(0, 0.3, 3) for _ in range(4)]
    x = rng.normal(size=(3, 2))

    def L(Ws_, bs_):
        h = x
        for W, b in zip(Ws_, bs_):
            f = activation(act, W @ h + b[:, None])
            h = h + f if residual else f
        return h.sum() / x.shape[1]

    p = deep_pass(Ws, bs, x, act, residual)
    for k in range(4):
        num = central_diff(lambda v, k=k: L([v if j == k else W for j, W in enumerate(Ws)], bs),
                           Ws[k])
        assert rel_err(p.dW[k], num) < 1e-6

    def Lx(v):
        h = v
        for W, b in zip(Ws, bs):
            f = activation(act, W @ h + b[:, None])
            h = h + f if residual else f
        return h.sum() / x.shape[1]

    assert rel_err(p.dh[0], central_diff(Lx, x)) < 1e-6


def test_gradient_per_layer_vanishes_for_sigmoid_not_for_residual():
    sig = gradient_per_layer(10, "sigmoid", "xavier", seed=0)
    res = gradient_per_layer(10, "sigmoid", "xavier", residual=True, seed=0)
    relu = gradient_per_layer(10, "relu", "he", seed=0)
    assert np.all(sig.mean_local <= 0.25)
    assert sig.weight_norm[0] / sig.weight_norm[-1] < 1e-4  # first layer ≪ last layer
    assert res.weight_norm[0] / res.weight_norm[-1] > 0.01
    assert relu.weight_norm[0] / relu.weight_norm[-1] > 0.1
    # the gradient reaching each layer shrinks at every step down the sigmoid stack
    assert np.all(np.diff(sig.signal_norm) > 0)


def test_init_weight_variances():
    rng = np.random.default_rng(0)
    n_in, n_out = 300, 200
    expected = {"small": 0.01**2, "large": 1.0, "xavier": 2 / (n_in + n_out), "he": 2 / n_in}
    for init, var_ in expected.items():
        W = init_weights(init, n_in, n_out, rng)
        assert W.shape == (n_out, n_in)
        # 60000 samples: the sample variance is within ~4 standard errors (√(2/n) ≈ 0.6 %)
        assert W.var() == pytest.approx(var_, rel=0.025)
    assert not init_weights("zero", 3, 2, rng).any()


def test_relu_he_keeps_variance_and_xavier_halves_it():
    seeds = range(8)
    he = np.mean([activation_stats(20, 128, "relu", "he", s, batch=128).std ** 2
                  for s in seeds], axis=0)
    xav = np.mean([activation_stats(20, 128, "relu", "xavier", s, batch=128).std ** 2
                   for s in seeds], axis=0)
    ratio = he / he[0]
    assert np.all((ratio > 0.5) & (ratio < 2.0)), ratio  # constant within a factor 2
    # square layers: Xavier's variance is He's / 2, and ReLU is positively homogeneous,
    # so layer k's activations are exactly He's times 2^{-k/2}: variance halves per layer
    k = np.arange(1, 21)
    np.testing.assert_allclose(xav / he, 2.0 ** -k, rtol=1e-10)


def test_tanh_small_init_vanishes_and_zero_init_makes_units_identical():
    small = activation_stats(10, 64, "tanh", "small", seed=1)
    assert small.std[-1] < 1e-10 < 1e-3 < small.std[0]  # ≈ 0.01^k: gone by layer 10
    zero = activation_stats(6, 16, "sigmoid", "zero", seed=1)
    np.testing.assert_array_equal(zero.unit_spread, 0.0)
    np.testing.assert_array_equal(zero.mean, 0.5)
    xav = activation_stats(6, 16, "tanh", "xavier", seed=1)
    assert np.all(xav.unit_spread > 0.1)


def test_init_mlp_shapes_and_fractions():
    Ws, bs = ad.init_mlp((2, 3, 1), "he", seed=0)
    assert [W.shape for W in Ws] == [(3, 2), (1, 3)] and [b.shape for b in bs] == [(3,), (1,)]
    rng = np.random.default_rng(0)  # the same draws, in the same order
    np.testing.assert_array_equal(Ws[0], rng.normal(0, 1.0, (3, 2)))
    with pytest.raises(ValueError, match="sizes must list at least 2"):
        ad.init_mlp((2,), "he")
    s = activation_stats(3, 8, "tanh", "he", seed=0, batch=16)
    np.testing.assert_allclose(s.fractions.sum(axis=1), 1.0, rtol=1e-15)


def test_histograms_match_numpy():
    s = activation_stats(5, 32, "tanh", "xavier", seed=4, batch=64,
                         edges=np.linspace(-1, 1, 21))
    rng = np.random.default_rng(4)  # rebuild the same stack, independently
    Ws = [init_weights("xavier", 32, 32, rng) for _ in range(5)]
    x = rng.normal(size=(32, 64))
    h = x
    for k, W in enumerate(Ws):
        h = np.tanh(W @ h)
        ref, _ = np.histogram(h, bins=np.linspace(-1, 1, 21))
        np.testing.assert_array_equal(s.counts[k], ref)
        assert s.std[k] == pytest.approx(h.std(), rel=1e-12)
    assert s.counts.sum() == 5 * 32 * 64  # tanh ∈ (−1, 1): every value is inside
    # ReLU: with edges above 0 the zeros are left out, exactly as numpy does
    r = activation_stats(3, 16, "relu", "he", seed=2, batch=32, edges=np.linspace(0.1, 2, 11))
    rng = np.random.default_rng(2)
    Ws = [init_weights("he", 16, 16, rng) for _ in range(3)]
    h = rng.normal(size=(16, 32))
    for k, W in enumerate(Ws):
        h = np.maximum(W @ h, 0)
        ref, _ = np.histogram(h, bins=np.linspace(0.1, 2, 11))
        np.testing.assert_array_equal(r.counts[k], ref)
        np.testing.assert_allclose(r.fractions[k], ref / h.size, rtol=1e-15)


@pytest.mark.parametrize("call, match", [
    (lambda: gradient_per_layer(0, "sigmoid"), "depth must be an integer >= 1"),
    (lambda: gradient_per_layer(3, "softplus"), "act must be one of"),
    (lambda: gradient_per_layer(3, "relu", "orthogonal"), "init must be one of"),
    (lambda: activation_stats(3, 0, "relu", "he"), "width must be an integer >= 1"),
    (lambda: activation_stats(3, 4, "relu", "he", edges=[1.0, 0.0]), "edges must be"),
    (lambda: scalar_chain([1.0, np.inf], [0.0, 0.0], 1.0), "weights must contain only finite"),
    (lambda: scalar_chain([1.0], [0.0, 0.0], 1.0), "biases must have length 1"),
    (lambda: scalar_chain([1.0], [0.0], np.nan), "x must be a finite number"),
    (lambda: deep_pass([np.ones((2, 3))], [np.ones(2)], np.ones(3), "relu", True), "square"),
    (lambda: init_weights("he", 0, 3, np.random.default_rng(0)), "n_in must be"),
])
def test_bad_deep_inputs(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_inits_listed():
    assert INITS == ("zero", "small", "large", "xavier", "he")


# ---------------------------------------------------------------- the notes' sigmoid stack


def test_sigmoid_stack_weight_grads_match_sympy_on_the_notes_network():
    w1, w2, w3, b1, b2, b3, x = sp.symbols("w1 w2 w3 b1 b2 b3 x", real=True)
    s = lambda u: 1 / (1 + sp.exp(-u))  # noqa: E731
    y = s(w3 * s(w2 * s(w1 * x + b1) + b2) + b3)
    pt = {w1: 0.8, w2: -1.3, w3: 1.7, b1: 0.2, b2: -0.4, b3: 0.1, x: 1.5}
    r = ad.sigmoid_stack_weight_grads(1.5, [0.8, -1.3, 1.7], [0.2, -0.4, 0.1])
    ref = [float(sp.diff(y, w).evalf(subs=pt)) for w in (w1, w2, w3)]
    np.testing.assert_allclose(r.dw, ref, rtol=1e-12)
    refb = [float(sp.diff(y, b).evalf(subs=pt)) for b in (b1, b2, b3)]
    np.testing.assert_allclose(r.db, refb, rtol=1e-12)
    assert r.y == pytest.approx(float(y.evalf(subs=pt)), rel=1e-14)
    # all weights 1, biases 0, x = 1: ∂y/∂h_k shrinks by at least 4x a layer (σ′ ≤ 1/4)
    g = ad.sigmoid_stack_weight_grads(1.0, [1.0] * 3, [0.0] * 3)
    assert g.dw[2] > g.dw[1] > g.dw[0] > 0
    assert np.all(g.dh[:-1] <= g.dh[1:] / 4)


@pytest.mark.parametrize("hidden", ["sigmoid", "relu", "tanh", "elu"])
def test_sigmoid_stack_weight_grads_match_finite_differences(hidden):
    rng = np.random.default_rng(3)
    w, b = rng.normal(0, 1.2, 10), rng.normal(0.3, 0.3, 10)

    def out(ws, bs):  # the stack by a hand loop: hidden activation, sigmoid at the end
        h = 0.7
        for k in range(10):
            z = ws[k] * h + bs[k]
            h = 1 / (1 + np.exp(-z)) if k == 9 else float(activation(hidden, z))
        return h

    r = ad.sigmoid_stack_weight_grads(0.7, w, b, hidden=hidden)
    assert r.y == pytest.approx(out(w, b), rel=1e-14)
    assert rel_err(r.dw, central_diff(lambda v: out(v, b), w)) < 1e-6
    assert rel_err(r.db, central_diff(lambda v: out(w, v), b)) < 1e-6


def test_relu_inside_keeps_the_gradient_and_a_dead_relu_passes_nothing():
    r = ad.sigmoid_stack_weight_grads(1.0, [1.0] * 6, [0.0] * 6, hidden="relu")
    s1 = 1 / (1 + np.exp(-1.0))
    np.testing.assert_allclose(r.dw, s1 * (1 - s1), rtol=1e-14)  # σ′(1) for every weight
    dead = ad.sigmoid_stack_weight_grads(1.0, [1.0] * 4, [0.0, -2.0, 0.5, 0.0], hidden="relu")
    assert dead.z[1] == -1.0  # layer 2 is off: nothing passes below it, and it outputs 0
    assert dead.dw[0] == dead.dw[1] == dead.dw[2] == 0.0 and dead.dw[3] > 0


def test_dead_relu_units_by_hand_and_their_zero_gradient():
    W1 = np.array([[1.0], [-1.0], [0.0]])
    b1 = np.array([0.0, -3.0, -0.5])   # unit 2: −x − 3 < 0 and unit 3: −0.5 for x in [−2, 2]
    W2, b2 = np.array([[1.0, 2.0, -1.0]]), np.array([0.1])
    x = np.linspace(-2, 2, 9)[None, :]
    d = ad.dead_relu_units([W1, W2], [b1, b2], x)
    np.testing.assert_array_equal(d.dead[0], [False, True, True])
    assert d.count == 2 and d.n_hidden == 3
    np.testing.assert_allclose(d.max_z[0], [2.0, -1.0, -0.5])
    g = mlp_pass([W1, W2], [b1, b2], x, np.sin(x), "relu")
    assert np.all(g.dW[0][1:] == 0) and np.all(g.db[0][1:] == 0)  # none reaches a dead unit
    assert np.all(g.dW[0][0] != 0)
    with pytest.raises(ValueError, match="at least 2 layers"):
        ad.dead_relu_units([W2], [b2], np.ones((3, 1)))
    with pytest.raises(ValueError, match="x must have 1 rows"):
        ad.dead_relu_units([W1, W2], [b1, b2], np.ones((2, 4)))


def test_neuron_sgd_path_by_a_hand_loop_and_the_sign_of_its_steps():
    rng = np.random.default_rng(0)
    H = 1 / (1 + np.exp(-rng.normal(0, 1.5, (8, 2))))  # sigmoid outputs: all positive
    t = H @ np.array([1.0, -1.0])
    p = ad.neuron_sgd_path(H, t, [-1.0, 1.0], 0.5, 20)
    w = np.array([-1.0, 1.0])
    for s in range(20):
        h = H[s % 8]
        g = (w @ h - t[s % 8]) * h
        np.testing.assert_allclose(p.grads[s], g, rtol=1e-14)
        w = w - 0.5 * g
        np.testing.assert_allclose(p.w[s + 1], w, rtol=1e-14)
    assert p.same_sign.all()  # h > 0: both entries take the sign of (ŷ − t)
    np.testing.assert_allclose(p.losses[-1], 0.5 * np.mean((H @ w - t) ** 2), rtol=1e-12)
    q = ad.neuron_sgd_path(np.tanh(np.arctanh(2 * H - 1)), t, [-1.0, 1.0], 0.5, 20)
    assert not q.same_sign.all()  # zero-centred inputs: mixed signs happen
    with pytest.raises(ValueError, match="targets must have one entry per row"):
        ad.neuron_sgd_path(H, t[:3], [0.0, 0.0], 0.5, 3)
    with pytest.raises(ValueError, match="w0 must have 2 entries"):
        ad.neuron_sgd_path(H, t, [0.0], 0.5, 3)
    with pytest.raises(ValueError, match="lr"):
        ad.neuron_sgd_path(H, t, [0.0, 0.0], -1.0, 3)


@pytest.mark.parametrize("call, match", [
    (lambda: ad.sigmoid_stack_weight_grads(1.0, [1.0, 2.0], [0.0]), "biases must have length 2"),
    (lambda: ad.sigmoid_stack_weight_grads(np.inf, [1.0], [0.0]), "x must be a finite"),
    (lambda: ad.sigmoid_stack_weight_grads(1.0, [1.0], [0.0], "swish"), "hidden must be one of"),
    (lambda: ad.sigmoid_stack_weight_grads(1.0, [], []), "weights"),
])
def test_bad_stack_inputs(call, match):
    with pytest.raises(ValueError, match=match):
        call()
