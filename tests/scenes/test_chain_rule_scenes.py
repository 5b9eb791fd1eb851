"""The numbers the chain-rule scenes put on screen match independent references (sympy,
closed forms, numpy loops), for the default lessons and for a lecturer's own values; every
parameter constraint is refused with the parameter's name."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import lessons
from lessons import ParamError
from scenes.chain_rule import (ActivationDerivatives, BackpropGraph, DenseLayerBackward,
                               InitHistograms, SigmoidStackGradients, VanishingGradients,
                               ZeroInitSymmetry, ZigZagSteps)
from scenes.style import fmt_num
from tests.conftest import beat_keys, dry_run, dry_run_with


def _sci(v: float) -> str:
    """Reference formatting of a tiny number: Python's own ``.1e``, mantissa via fmt_num."""
    if v == 0 or abs(v) >= 0.01:
        return fmt_num(v, 3)
    mant, ex = f"{v:.1e}".split("e")
    return rf"{fmt_num(float(mant), 1)} \times 10^{{{int(ex)}}}"


def _refuses(scene: str, values: dict, name: str) -> None:
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find(scene).build(values)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ---------------------------------------------------------------- BackpropGraph


def _check_backprop(scene, w0, x0, b0, y0):
    shown = scene.shown
    # independent reference: sympy on the written-out formula
    w, x, b, y = sp.symbols("w x b y", real=True)
    L = (1 / (1 + sp.exp(-(w * x + b))) - y) ** 2
    pt = {w: w0, x: x0, b: b0, y: y0}
    for name, sym in (("w", w), ("x", x), ("b", b), ("y", y)):
        g = float(sp.diff(L, sym).evalf(subs=pt))
        assert rf"\frac{{\partial L}}{{\partial {name}}} = {fmt_num(g, 3)}" in shown, name
    assert fmt_num(float(L.evalf(subs=pt)), 3) in shown  # the loss value under L
    assert f"= {fmt_num(float(sp.diff(L, w).evalf(subs=pt)), 3)}" in shown  # sympy line
    # every edge upstream × local = product, by the hand-written chain rule
    a = float(_sigmoid(w0 * x0 + b0))
    d = a - y0
    up_a = 2 * d
    up_z = up_a * a * (1 - a)
    edges = [(1.0, 2 * d), (up_a, 1.0), (up_a, -1.0), (up_a, a * (1 - a)), (up_z, 1.0),
             (up_z, 1.0), (up_z, x0), (up_z, w0)]
    for up, loc in edges:
        assert any(fmt_num(up, 3) in s and fmt_num(loc, 3) in s and r"\times" in s
                   and s.endswith(fmt_num(up * loc, 3)) for s in shown), (up, loc)
    keys = beat_keys(scene)
    assert keys[:2] == ["graph", "forward"] and keys[-1] == "sympy"
    assert keys.count("edge") == len(edges)


def test_backprop_graph_shows_every_edge_and_the_sympy_gradient():
    _check_backprop(dry_run(BackpropGraph), 0.8, 1.5, -0.5, 1.0)


def test_backprop_graph_shows_a_lecturers_own_point():
    values = {"w": -1.2, "x": 0.7, "b": 2.0, "y": -0.5}
    _check_backprop(dry_run_with(BackpropGraph, **values), *values.values())


@pytest.mark.parametrize("values, name", [
    ({"w": 5.5}, "w"), ({"x": -6.0}, "x"), ({"b": 10.0}, "b"), ({"y": -5.01}, "y"),
])
def test_backprop_graph_refuses_what_does_not_fit(values, name):
    _refuses("BackpropGraph", values, name)


# ---------------------------------------------------------------- VanishingGradients


def _chain(depth, w, b, x, kind):
    """Factors ∂h_k/∂h_{k−1} and ∂y/∂h_k of the scalar chain by an explicit loop."""
    act, residual = kind.split("+")[0], kind.endswith("+skip")
    f = {"sigmoid": _sigmoid, "tanh": np.tanh, "relu": lambda z: max(z, 0.0)}[act]
    df = {"sigmoid": lambda z: _sigmoid(z) * (1 - _sigmoid(z)),
          "tanh": lambda z: 1 - np.tanh(z) ** 2, "relu": lambda z: float(z > 0)}[act]
    h, gains = x, []
    for _ in range(depth):
        z = w * h + b
        gains.append(w * df(z) + (1.0 if residual else 0.0))
        h = f(z) + (h if residual else 0.0)
    return gains, [float(np.prod(gains[k:])) for k in range(depth + 1)]


def _check_vanishing(scene, depth, w, b, x, chains):
    shown = scene.shown
    all_dh = []
    # the summary: one line over the h_0 bars, every chain's ∂y/∂h_0 in the chains' order
    summary = max((s for s in shown if s.startswith(r"\frac{\partial y}{\partial h_0} =")
                   and r"\prod" not in s), key=len)
    at = 0
    for i, kind in enumerate(chains):
        gains, dh = _chain(depth, w, b, x, kind)
        all_dh += dh
        for g in gains:
            assert rf"\times {fmt_num(g, 3)}" in shown, (kind, g)
        at = summary.index(_sci(dh[0]), at)  # ValueError if missing or out of order
    assert any(rf"\prod_{{k=1}}^{{{depth}}}" in s for s in shown)
    low = int(np.floor(np.log10(np.min(np.abs(all_dh)))))
    high = int(np.floor(np.log10(np.max(np.abs(all_dh))))) + 1
    ticks = [s for s in shown if s.startswith("10^")]
    assert ticks == [f"10^{{{e}}}" for e in range(low, high, 2)]
    assert [f"h_{k}" for k in range(depth + 1)] == [s for s in shown if s.startswith("h_")]
    plain = ["vanish_skip" if c.endswith("+skip") else "vanish_plain" for c in chains[1:]]
    assert beat_keys(scene) == ["chain", "vanish_first", *plain, "summary"]


def test_vanishing_gradients_shows_the_product_of_factors():
    scene = dry_run(VanishingGradients)
    _check_vanishing(scene, 8, 1.0, 0.0, 1.0, ("sigmoid", "tanh", "sigmoid+skip"))
    gains, dh = _chain(8, 1.0, 0.0, 1.0, "sigmoid")
    assert all(g <= 0.25 for g in gains) and _sci(dh[0]).endswith("10^{-6}")
    assert r"\sigma'(z) \le 0.25" in scene.shown


def test_vanishing_gradients_shows_a_lecturers_own_chains():
    values = dict(depth=5, weight=-1.5, bias=0.5, x=2.0, chains=("tanh", "sigmoid+skip"))
    scene = dry_run_with(VanishingGradients, **values)
    _check_vanishing(scene, 5, -1.5, 0.5, 2.0, ("tanh", "sigmoid+skip"))
    assert r"\tanh'(z) \le 1" in scene.shown


@pytest.mark.parametrize("values, name", [
    ({"depth": 1}, "depth"), ({"depth": 9}, "depth"),
    ({"weight": 2.5}, "weight"), ({"bias": -3.0}, "bias"), ({"x": 4.0}, "x"),
    ({"chains": ()}, "chains"), ({"chains": ("sigmoid", "tanh", "relu", "tanh+skip")}, "chains"),
    ({"chains": ("softplus",)}, "chains"), ({"chains": ("relu", "relu")}, "chains"),
    ({"x": -1.0, "chains": ("relu",)}, "chains"),  # ReLU passes nothing: 0 has no place on the log axis
    ({"weight": 0.1}, "weight"),   # 0.025^8: more powers of ten than the chart holds
])
def test_vanishing_gradients_refuses_what_does_not_fit(values, name):
    _refuses("VanishingGradients", values, name)


# ---------------------------------------------------------------- ActivationDerivatives


def test_activation_scene_shows_the_derivative_maxima_and_the_stacked_bound():
    scene = dry_run(ActivationDerivatives)
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
    assert r"\mathrm{ELU}(x) \in (-1,\ \infty)" in shown  # ELU's floor −α, α = 1
    assert r"\mathrm{LReLU}(x) \in (-\infty,\ \infty)" in shown  # unbounded both ways
    assert r"\tanh(x) \in (-1,\ 1)" in shown
    assert r"\max \mathrm{LReLU}' = 1" in shown
    assert any("0.01" in c for _, _, c in scene.beats)  # leaky ReLU's slope, 1/100
    assert beat_keys(scene) == ["act_sigmoid", "stack", "act_tanh", "act_relu",
                                "act_leaky_relu", "act_elu", "compare"]


def test_activation_scene_shows_a_lecturers_own_panels():
    scene = dry_run_with(ActivationDerivatives, acts=("relu", "sigmoid"), x_max=2.0,
                         samples=41, stack_depth=4)
    shown = scene.shown
    assert rf"(\sigma')^{{4}} \le {_sci(0.25 ** 4)}" in shown
    assert _sci(0.25**4) == r"3.9 \times 10^{-3}"
    assert r"(\mathrm{ReLU}')^{4} \le 1" in shown
    assert not any(r"\tanh" in s for s in shown)
    relu, sig = scene.data.panels  # the sampled curves drawn: numpy's formulas
    xs = np.linspace(-2, 2, 41)
    np.testing.assert_allclose(sig.xs, xs)
    np.testing.assert_allclose(sig.df, _sigmoid(xs) * (1 - _sigmoid(xs)), rtol=1e-12)
    np.testing.assert_array_equal(relu.df, (xs > 0).astype(float))
    assert beat_keys(scene) == ["act_relu", "act_sigmoid", "stack", "compare"]


@pytest.mark.parametrize("values, name", [
    ({"acts": ("tanh", "relu")}, "acts"), ({"acts": ("sigmoid", "softplus")}, "acts"),
    ({"acts": ("sigmoid", "sigmoid")}, "acts"), ({"acts": ()}, "acts"),
    ({"acts": ("sigmoid", "tanh", "relu", "tanh")}, "acts"),
    ({"x_max": 1.0}, "x_max"), ({"x_max": 11.0}, "x_max"),
    ({"samples": 20}, "samples"), ({"samples": 900}, "samples"),
    ({"x_max": 10.0, "samples": 81}, "samples"),   # points 0.25 apart: tanh′ would break
    ({"stack_depth": 0}, "stack_depth"), ({"stack_depth": 31}, "stack_depth"),
])
def test_activation_scene_refuses_what_does_not_fit(values, name):
    _refuses("ActivationDerivatives", values, name)


# ---------------------------------------------------------------- InitHistograms


def _numpy_stack_std(act: str, init: str, depth: int, width: int, batch: int, seed: int):
    """The deep stack rebuilt with numpy alone (same draws in the same order)."""
    rng = np.random.default_rng(seed)
    var = {"zero": 0.0, "small": 0.01**2, "large": 1.0, "xavier": 2 / (2 * width),
           "he": 2 / width}[init]
    Ws = [rng.normal(0, np.sqrt(var), (width, width)) for _ in range(depth)]
    h = rng.normal(size=(width, batch))
    out = []
    for W in Ws:
        z = W @ h
        h = np.tanh(z) if act == "tanh" else np.maximum(z, 0)
        out.append(h.std())
    return np.array(out)


def _std_shown(v: float) -> str:
    return _sci(v) if v < 0.01 else fmt_num(v, 2)


def _check_init(scene, depth, width, batch, seed, configs):
    shown = scene.shown
    for cfg in configs:
        act, init = cfg.split("/")
        for v in _numpy_stack_std(act, init, depth, width, batch, seed):
            assert _std_shown(v) in shown, (cfg, v)
    assert any(rf"\mathbb{{R}}^{{{width}\times {width}}}" in s and f"k = 1, \\dots, {depth}" in s
               for s in shown)
    assert beat_keys(scene) == ["init_setup"] + ["init_" + c.replace("/", "_") for c in configs]


def test_init_histograms_show_numpy_stds_and_every_config():
    configs = ("tanh/zero", "tanh/small", "tanh/large", "tanh/xavier", "relu/xavier", "relu/he")
    scene = dry_run(InitHistograms)
    _check_init(scene, 8, 256, 256, 0, configs)
    he = _numpy_stack_std("relu", "he", 8, 256, 256, 0)
    assert he.max() / he.min() < 1.2  # He keeps ReLU's std level
    shown = scene.shown  # Xavier both ways (equal for square layers), He once
    assert r"\mathrm{Var}\,W = \frac{1}{n_\mathrm{in}}" in shown
    assert r"= \frac{2}{n_\mathrm{in} + n_\mathrm{out}}" in shown
    assert r"= \frac{1}{256}" in shown and 1 / 256 == 2 / (256 + 256)
    assert r"\mathrm{Var}\,W = \frac{2}{n_\mathrm{in}}" in shown


def test_init_histograms_show_a_lecturers_own_stack():
    values = dict(depth=3, width=16, batch=32, seed=5, configs=("relu/he", "tanh/small"))
    scene = dry_run_with(InitHistograms, **values)
    _check_init(scene, 3, 16, 32, 5, values["configs"])


@pytest.mark.parametrize("values, name", [
    ({"depth": 1}, "depth"), ({"depth": 9}, "depth"), ({"width": 1}, "width"),
    ({"width": 513}, "width"), ({"batch": 15}, "batch"), ({"batch": 513}, "batch"),
    ({"seed": -1}, "seed"), ({"configs": ()}, "configs"),
    ({"configs": ("tanh/zero",) * 7}, "configs"), ({"configs": ("sigmoid/he",)}, "configs"),
    ({"configs": ("relu/he", "relu/he")}, "configs"),
    ({"width": 2, "seed": 14}, "width"),   # ReLU/He on 2 units: std 10, above the plot
])
def test_init_histograms_refuse_what_does_not_fit(values, name):
    _refuses("InitHistograms", values, name)


# ---------------------------------------------------------------- ZeroInitSymmetry


def _numpy_training(W1, W2, x, t, lr, steps):
    """The 2-2-1 sigmoid network trained by hand-written numpy (weights after each step)."""
    b1, b2 = np.zeros((2, 1)), np.zeros((1, 1))
    hist = {}
    for step in range(steps + 1):
        h = _sigmoid(W1 @ x + b1)
        y = W2 @ h + b2
        hist[step] = (W1.copy(), W2.copy(), float(np.sum((y - t) ** 2) / (2 * x.shape[1])))
        g = (y - t) / x.shape[1]
        gh = (W2.T @ g) * h * (1 - h)
        W2, b2 = W2 - lr * g @ h.T, b2 - lr * g.sum(1, keepdims=True)
        W1, b1 = W1 - lr * gh @ x.T, b1 - lr * gh.sum(1, keepdims=True)
    return hist


def _check_symmetry(scene, x, t, lr, steps, shown_steps, init, seed):
    shown = scene.shown
    x, t = np.array(x), np.array([t])
    zero = _numpy_training(np.zeros((2, 2)), np.zeros((1, 2)), x, t, lr, steps)
    rng = np.random.default_rng(seed)  # the random init, drawn by numpy: N(0, var), layer by layer
    var = {"xavier": lambda i, o: 2 / (i + o), "he": lambda i, o: 2 / i}[init]
    W1 = rng.normal(0, np.sqrt(var(2, 2)), (2, 2))
    W2 = rng.normal(0, np.sqrt(var(2, 1)), (1, 2))
    rand = _numpy_training(W1, W2, x, t, lr, steps)
    for step in shown_steps:
        A, B, loss = zero[step]
        assert A[0, 0] == A[1, 0] and A[0, 1] == A[1, 1] and B[0, 0] == B[0, 1]
        for v in (*A.ravel(), *B.ravel(), *rand[step][0].ravel(), *rand[step][1].ravel()):
            assert fmt_num(v, 3) in shown, (step, v)
        assert f"L = {fmt_num(loss, 3)}" in shown
        assert f"L = {fmt_num(rand[step][2], 3)}" in shown
        assert f"t = {step}" in shown
    assert beat_keys(scene) == ["sym_start", "sym_step1", "sym_step2", "sym_end", "sym_notes"]
    # the first step, by hand: W₂ = 0 blocks W₁'s gradient; W₂'s is mean(ŷ − t)·σ(0) per unit
    g2 = float(np.mean(0.0 - t)) * 0.5
    assert any(s.endswith(rf"\begin{{bmatrix}} {fmt_num(g2, 3)} & {fmt_num(g2, 3)} "
                          r"\end{bmatrix}") and r"W_1}\Big|_{t=0} = 0," in s for s in shown)
    return rand


def test_zero_init_symmetry_shows_equal_rows_and_numpy_gradient_steps():
    x = ((1.0, -1.0, 0.5, -0.5), (0.5, 1.0, -1.0, -0.5))
    rand = _check_symmetry(dry_run(ZeroInitSymmetry), x, (1.0, 0.0, 1.0, 0.0), 1.0, 30,
                           (0, 1, 2, 5, 10, 30), "xavier", 0)
    assert abs(rand[30][0][0] - rand[30][0][1]).max() > 0.1  # random init broke the symmetry


def test_zero_init_symmetry_shows_a_lecturers_own_data():
    values = dict(x=((2.0, -1.0, 0.0), (1.0, 1.0, -2.0)), target=(0.5, -1.0, 2.0), lr=0.5,
                  steps=12, shown_steps=(0, 1, 2, 6, 12), random_init="he", seed=3)
    scene = dry_run_with(ZeroInitSymmetry, **values)
    _check_symmetry(scene, values["x"], values["target"], 0.5, 12, values["shown_steps"],
                    "he", 3)
    assert any("He" in s for s in scene.shown)


@pytest.mark.parametrize("values, name", [
    ({"x": ((1.0,), (1.0,), (1.0,)), "target": (1.0,)}, "x"),
    ({"x": ((1.0,) * 17, (1.0,) * 17), "target": (1.0,) * 17}, "x"),
    ({"x": ((6.0, 1.0, 1.0, 1.0), (1.0, 1.0, 1.0, 1.0))}, "x"),
    ({"target": (1.0, 0.0)}, "target"), ({"target": (9.0, 0.0, 0.0, 0.0)}, "target"),
    ({"target": (1.0, -1.0, 0.5, -0.5)}, "target"),   # mean 0: W₂ gets no gradient either
    ({"lr": 0.0}, "lr"), ({"lr": 6.0}, "lr"), ({"steps": 1}, "steps"),
    ({"steps": 501}, "steps"), ({"shown_steps": (0, 2, 5)}, "shown_steps"),
    ({"shown_steps": (0, 1, 2, 2)}, "shown_steps"), ({"shown_steps": (0, 1, 2, 40)}, "shown_steps"),
    ({"shown_steps": (0, 1)}, "shown_steps"), ({"shown_steps": tuple(range(9))}, "shown_steps"),
    ({"random_init": "zero"}, "random_init"), ({"seed": -1}, "seed"),
    ({"lr": 5.0, "steps": 500, "shown_steps": (0, 1, 2, 500)}, "lr"),   # diverges
    ({"lr": 2.0, "x": ((5.0,), (5.0,)), "target": (5.0,)}, "lr"),       # |W| > 99
])
def test_zero_init_symmetry_refuses_what_does_not_fit(values, name):
    _refuses("ZeroInitSymmetry", values, name)


# ---------------------------------------------------------------- DenseLayerBackward


def _check_dense(scene, W, x, b, t):
    shown = scene.shown
    W, x, b, t = (np.array(v, dtype=float) for v in (W, x, b, t))
    z = W @ x + b  # numpy reference, written out
    a = np.maximum(z, 0)
    delta = (a - t) * (z > 0)
    for v in (*z, *a, *(a - t), *delta, *np.outer(delta, x).ravel(), *(W.T @ delta)):
        assert fmt_num(v, 3) in shown, v
    assert rf"L = \tfrac12 \lVert a - t \rVert^2 = {fmt_num(0.5 * np.sum((a - t) ** 2), 3)}" in shown
    n_out, n_in = W.shape
    assert rf"{n_out} \times {n_in}" in shown and rf"{n_in} \times 1" in shown
    assert rf"({n_out} \times 1)(1 \times {n_in}) = {n_out} \times {n_in}" in shown
    assert any(rf"\texttt{{Dense({n_out}, activation='relu')}}" in s for s in shown)
    assert beat_keys(scene) == ["dense_shapes", "dense_forward", "dense_delta", "dense_dW",
                                "dense_dx"]


def test_dense_layer_shows_numpy_forward_and_backward():
    _check_dense(dry_run(DenseLayerBackward),
                 ((0.5, -1.0, 0.25, 1.0), (1.0, 0.5, -0.5, 0.0), (1.0, 0.25, 0.5, -0.5)),
                 (1.0, 2.0, -1.0, 0.5), (0.5, -1.0, 0.25), (0.5, 1.0, 2.0))


def test_dense_layer_shows_a_lecturers_own_layer():
    values = dict(W=((1.0, -2.0, 0.5), (0.5, 1.0, 1.0)), x=(1.0, 1.0, 2.0), b=(0.0, -1.0),
                  target=(1.0, 0.5))
    _check_dense(dry_run_with(DenseLayerBackward, **values), *values.values())


@pytest.mark.parametrize("values, name", [
    ({"W": ((1.0,) * 5,) * 3, "x": (1.0,) * 5}, "W"),
    ({"W": ((1.0, 1.0, 1.0, 1.0),) * 4, "b": (-9.0,) * 4}, "W"),
    ({"W": ((1.0, 1.0), (1.0,), (1.0, 1.0))}, "W"),
    ({"W": ((6.0, 1.0, 1.0, 1.0), (1.0, 1.0, 1.0, 1.0), (1.0, 1.0, 1.0, 1.0))}, "W"),
    ({"x": (1.0, 2.0, 3.0)}, "x"), ({"b": (0.5, -1.0)}, "b"), ({"target": (1.0,)}, "target"),
    ({"b": (5.0, 5.0, 5.0)}, "b"),   # every unit on: no zero row of ∂L/∂W to show
])
def test_dense_layer_refuses_what_does_not_fit(values, name):
    _refuses("DenseLayerBackward", values, name)


# ---------------------------------------------------------------- SigmoidStackGradients


def _stack_y(ws, b, x, hidden="sigmoid"):
    """The one-unit stack by a hand loop: the hidden activation, a sigmoid at the end."""
    f = {"sigmoid": lambda u: 1 / (1 + np.exp(-u)), "relu": lambda u: max(u, 0.0)}[hidden]
    y = x
    for k, w in enumerate(ws):
        u = w * y + b
        y = 1 / (1 + np.exp(-u)) if k == len(ws) - 1 else f(u)
    return y


def _stack_dw(depth, w, b, x, hidden="sigmoid"):
    """∂y/∂w_k: by sympy on the written-out formula for the notes' short stacks, by central
    finite differences of the hand loop for deep ones (sympy's nested exps get slow)."""
    if depth <= 3 and hidden == "sigmoid":
        ws = sp.symbols(f"w1:{depth + 1}", real=True)
        y = x
        for k in range(depth):
            y = 1 / (1 + sp.exp(-(ws[k] * y + b)))
        return [float(sp.diff(y, s).evalf(subs={v: w for v in ws})) for s in ws]
    out = []
    for k in range(depth):
        up, down = [w] * depth, [w] * depth
        up[k], down[k] = w + 1e-6, w - 1e-6
        out.append((_stack_y(up, b, x, hidden) - _stack_y(down, b, x, hidden)) / 2e-6)
    return out


def _numpy_dead_count(points, lr, steps, seed):
    """The 1-8-8-1 ReLU network trained by hand-written numpy; dead units before and after."""
    rng = np.random.default_rng(seed)
    sizes = (1, 8, 8, 1)
    Ws = [rng.normal(0, np.sqrt(2 / a), (b, a)) for a, b in zip(sizes[:-1], sizes[1:])]
    bs = [np.zeros((n, 1)) for n in sizes[1:]]
    x = np.linspace(-2, 2, points)[None, :]
    t = np.sin(1.5 * x)

    def dead():
        h, n = x, 0
        for W, b in zip(Ws[:-1], bs[:-1]):
            z = W @ h + b
            n += int(np.sum(z.max(axis=1) <= 0))
            h = np.maximum(z, 0)
        return n

    before = dead()
    for _ in range(steps):
        hs, zs = [x], []
        for k, (W, b) in enumerate(zip(Ws, bs)):
            zs.append(W @ hs[-1] + b)
            hs.append(zs[-1] if k == 2 else np.maximum(zs[-1], 0))
        g = (hs[-1] - t) / points
        for k in (2, 1, 0):
            d = g if k == 2 else g * (zs[k] > 0)
            gW, gb, g = d @ hs[k].T, d.sum(axis=1, keepdims=True), Ws[k].T @ d
            Ws[k], bs[k] = Ws[k] - lr * gW, bs[k] - lr * gb
    return before, dead()


def _check_stack(scene, depths, w, b, x):
    shown = scene.shown
    first = _stack_dw(depths[0], w, b, x)
    for v in first:  # the first stack's gradients, written out with their value
        assert any(s.endswith(f"= {_sci(v)}") and r"\frac{\partial y}{\partial w" in s
                   for s in shown), v
        assert _sci(v) in shown  # the bar's value label
    assert list(dict.fromkeys(s for s in shown if s.startswith("w_{L"))) == [
        f"w_{{L-{j}}}" for j in range(1, depths[-1])]  # one slot a weight of the deepest
    keys = beat_keys(scene)
    assert keys == ["stack_net", "stack_out", "stack_back", "stack_deep", "stack_relu",
                    "stack_dead"]
    caps = dict((k, c) for _, k, c in scene.beats)
    deep = [_stack_dw(d, w, b, x)[0] for d in depths]
    for v in deep:
        mant, ex = f"{v:.1e}".split("e")
        assert (fmt_num(v, 3) if v >= 0.01 else f"{fmt_num(float(mant), 1)}e{int(ex)}") \
            in caps["stack_deep"], v
    return caps


def test_sigmoid_stack_shows_sympy_gradients_and_a_numpy_dead_relu_count():
    scene = dry_run(SigmoidStackGradients)
    caps = _check_stack(scene, (3, 5, 10), 1.0, 0.0, 1.0)
    relu = _stack_dw(10, 1.0, 0.0, 1.0, "relu")
    assert np.allclose(relu, relu[0]) and fmt_num(relu[0], 3) in caps["stack_relu"]
    before, after = _numpy_dead_count(21, 0.3, 300, 0)
    assert f"dead units: {before} of 16" in scene.shown and f"dead units: {after} of 16" \
        in scene.shown and after > before
    assert "0" in scene.shown  # a dead unit's largest weight gradient is exactly 0


def test_sigmoid_stack_shows_a_lecturers_own_network():
    values = dict(x=2.0, weight=1.5, bias=-0.5, depths=(2, 4), points=12, lr=0.1, steps=50,
                  seed=4)
    scene = dry_run_with(SigmoidStackGradients, **values)
    _check_stack(scene, (2, 4), 1.5, -0.5, 2.0)
    before, after = _numpy_dead_count(12, 0.1, 50, 4)
    assert f"dead units: {after} of 16" in scene.shown


@pytest.mark.parametrize("values, name", [
    ({"depths": (4, 6)}, "depths"), ({"depths": (3, 3)}, "depths"), ({"depths": ()}, "depths"),
    ({"depths": (3, 11)}, "depths"), ({"depths": (1, 5)}, "depths"),
    ({"bias": -2.0}, "bias"),        # z₁ = −1: the ReLU stack passes nothing, no log bar
    ({"weight": 0.2}, "weight"),     # more powers of ten than the chart holds
    ({"x": 3.5}, "x"), ({"lr": 0.0}, "lr"), ({"steps": 0}, "steps"), ({"points": 3}, "points"),
])
def test_sigmoid_stack_refuses_what_does_not_fit(values, name):
    _refuses("SigmoidStackGradients", values, name)


# ---------------------------------------------------------------- ZigZagSteps


def _numpy_zigzag(samples, z_std, seed, w0, wt, lr, steps):
    z = np.random.default_rng(seed).normal(0.0, z_std, size=(samples, 2))
    out = {}
    for name, h in (("sigmoid", 1 / (1 + np.exp(-z))), ("tanh", np.tanh(z))):
        t = h @ np.array(wt)
        w, same = np.array(w0, dtype=float), 0
        for s in range(steps):
            g = (w @ h[s % samples] - t[s % samples]) * h[s % samples]
            same += int(np.sign(g[0]) == np.sign(g[1]))
            w = w - lr * g
        out[name] = (same, float(np.hypot(*(w - wt))))
    return out, float(np.hypot(*(np.array(w0) - wt)))


def _check_zigzag(scene, *args):
    ref, start = _numpy_zigzag(*args)
    steps = args[-1]
    for same, dist in ref.values():
        assert (f"same-sign steps: {same} of {steps}\ndistance to w*: {fmt_num(start, 3)} → "
                f"{fmt_num(dist, 3)}") in scene.shown
    assert beat_keys(scene) == ["zig_setup", "zig_sigmoid", "zig_tanh", "zig_compare"]
    return ref


def test_zigzag_shows_numpy_sgd_paths():
    ref = _check_zigzag(dry_run(ZigZagSteps), 8, 1.5, 0, (-1.0, 1.0), (1.0, -1.0), 1.0, 24)
    assert ref["sigmoid"][0] == 24 and ref["tanh"][0] < 24  # positive inputs: one sign always
    assert ref["sigmoid"][1] > 10 * ref["tanh"][1]


def test_zigzag_shows_a_lecturers_own_neuron():
    values = dict(samples=5, z_std=2.0, seed=3, w_start=(0.5, 1.5), w_target=(1.5, -0.5),
                  lr=0.5, steps=12)
    _check_zigzag(dry_run_with(ZigZagSteps, **values), 5, 2.0, 3, (0.5, 1.5), (1.5, -0.5),
                  0.5, 12)


@pytest.mark.parametrize("values, name", [
    ({"w_target": (-1.0, 1.0)}, "w_target"), ({"lr": 4.0}, "lr"), ({"steps": 41}, "steps"),
    ({"samples": 1}, "samples"), ({"w_start": (3.0, 0.0)}, "w_start"),
    ({"w_start": (1.0,)}, "w_start"),
])
def test_zigzag_refuses_what_does_not_fit(values, name):
    _refuses("ZigZagSteps", values, name)
