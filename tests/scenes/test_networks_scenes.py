"""The numbers the networks scenes put on screen match references computed here: the
perceptron rule by hand-written loops, the forward pass by explicit sums and math.exp,
shapes by numpy's matmul on empty arrays, the digits network by a plain numpy forward pass
over scikit-learn's own images."""

from __future__ import annotations

import math

import numpy as np
import pytest

import lessons
from lessons import ParamError
from scenes.networks import (FlattenOneHot, ForwardPass, GradientTape, KerasRecipe, Perceptron,
                             Tensors)
from scenes.style import fmt_num
from tests.conftest import beat_keys, dry_run, dry_run_with

CORNERS = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
GATES = {"AND": (0, 0, 0, 1), "OR": (0, 1, 1, 1), "XOR": (0, 1, 1, 0)}


def _vec(values) -> str:
    return "(" + ", ".join(fmt_num(v) for v in values) + ")"


# ---------------------------------------------------------------- Perceptron


def _rosenblatt(targets, lr, w, b, epochs):
    """The classic rule, written out: (updates as (w_old, b_old, x, err, w_new, b_new), errors)."""
    w, updates, errors = list(w), [], []
    for _ in range(epochs):
        wrong = 0
        for x, y in zip(CORNERS, targets):
            pred = 1 if w[0] * x[0] + w[1] * x[1] + b > 0 else 0
            if pred != y:
                wrong += 1
                err = y - pred
                new_w = [w[0] + lr * err * x[0], w[1] + lr * err * x[1]]
                updates.append((w, b, x, err, new_w, b + lr * err))
                w, b = new_w, b + lr * err
        errors.append(wrong)
        if wrong == 0:
            break
    return updates, errors


def _check_perceptron(scene, lr, w0, b0, xor_epochs):
    shown = scene.shown
    for gate in ("AND", "OR"):
        updates, errors = _rosenblatt(GATES[gate], lr, w0, b0, 200)
        assert errors[-1] == 0
        for w, b, x, err, nw, nb in updates:
            assert (rf"w \leftarrow {_vec(w)} + {fmt_num(lr)}\cdot ({fmt_num(err)})\cdot "
                    rf"{_vec(x)} = {_vec(nw)}") in shown
            assert rf"b \leftarrow {fmt_num(b)} + {fmt_num(lr)}\cdot ({fmt_num(err)}) = {fmt_num(nb)}" in shown
        assert scene.t("errors", errors=", ".join(fmt_num(e) for e in errors)) in shown
        assert rf"w = {_vec(updates[-1][4])},\quad b = {fmt_num(updates[-1][5])}" in shown
    _, xor_errors = _rosenblatt(GATES["XOR"], lr, w0, b0, xor_epochs)
    assert len(xor_errors) == xor_epochs and min(xor_errors) > 0
    assert scene.t("errors", errors=", ".join(fmt_num(e) for e in xor_errors)) in shown
    keys = beat_keys(scene)
    assert keys == ["neuron", "corners", "learned", "learned", "xor", "conclude"]


def test_perceptron_shows_the_rule_by_hand():
    _check_perceptron(dry_run(Perceptron), 0.5, (-0.5, 1.0), -0.2, 3)


def test_perceptron_with_a_lecturers_start():
    lr, w0, b0 = 1.0, (0.5, -0.5), 0.2
    scene = dry_run_with(Perceptron, lr=lr, w0=w0, b0=b0, xor_epochs=2)
    _check_perceptron(scene, lr, w0, b0, 2)


@pytest.mark.parametrize("values, name", [
    ({"lr": 0.0}, "lr"),
    ({"lr": 1.5}, "lr"),
    ({"w0": (1.0, 2.0, 3.0)}, "w0"),
    ({"w0": (3.0, 0.0)}, "w0"),
    ({"w0": (0.0, 0.0)}, "w0"),                      # no line to draw
    ({"w0": (-2.0, -2.0), "b0": 2.0, "lr": 0.1}, "w0"),  # AND/OR need > 8 updates
    ({"b0": -2.5}, "b0"),
    ({"xor_epochs": 6}, "xor_epochs"),
    ({"xor_epochs": 0}, "xor_epochs"),
])
def test_perceptron_refuses(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("Perceptron").build(values)


# ---------------------------------------------------------------- ForwardPass


def _act(name, z):
    return {"relu": max(z, 0.0), "tanh": math.tanh(z), "sigmoid": 1 / (1 + math.exp(-z))}[name]


def _loop_forward(W1, b1, W2, b2, x, act):
    z1 = [sum(W1[j][i] * x[i] for i in range(len(x))) + b1[j] for j in range(len(b1))]
    a1 = [_act(act, z) for z in z1]
    z2 = [sum(W2[k][j] * a1[j] for j in range(len(a1))) + b2[k] for k in range(len(b2))]
    e = [math.exp(z) for z in z2]
    return z1, a1, z2, [v / sum(e) for v in e]


def _check_forward(scene, x, act, batch, deep, wide, n, epochs):
    shown, net = scene.shown, scene.data.net  # the drawn weights are the scene's input
    W1, b1, W2, b2 = (np.asarray(a).tolist() for a in (*net.weights[:1], *net.biases[:1],
                                                        *net.weights[1:], *net.biases[1:]))
    z1, a1, z2, p = _loop_forward(W1, b1, W2, b2, x, act)
    for v in (*x, *z1, *a1, *z2, *p):
        assert fmt_num(v) in shown
    terms = " + ".join(f"{'(' + fmt_num(w) + ')' if w < 0 else fmt_num(w)}\\cdot"
                       f"{'(' + fmt_num(xi) + ')' if xi < 0 else fmt_num(xi)}"
                       for w, xi in zip(W1[0], x))
    bias = f"({fmt_num(b1[0])})" if b1[0] < 0 else fmt_num(b1[0])
    assert f"z_{{1,1}} = {terms} + {bias} = {fmt_num(z1[0])}" in shown
    assert any(s.startswith("p = " + _vec(p)) for s in shown)
    n1, n2 = len(b1), len(b2)
    h = np.matmul(np.empty((batch, 2)), np.empty((2, n1))).shape
    o = np.matmul(np.empty(h), np.empty((n1, n2))).shape
    shape = lambda s: "(" + ", ".join(f"{k:,}".replace(",", "{,}") for k in s) + ")"
    assert (rf"X W_1^\top + b_1:\ {shape((batch, 2))}\cdot{shape((2, n1))} \to {shape(h)}") in shown
    assert (rf"A_1 W_2^\top + b_2:\ {shape(h)}\cdot{shape((n1, n2))} \to {shape(o)}") in shown
    assert rf"W_1, b_1:\ 2\cdot{n1} + {n1} = {2 * n1 + n1}" in shown
    assert rf"W_2, b_2:\ {n1}\cdot{n2} + {n2} = {n1 * n2 + n2}" in shown
    sep = lambda k: f"{k:,}".replace(",", "{,}")  # thousands separators, as MathTex needs them
    for sizes in (deep, wide):
        counts = [i * o + o for i, o in zip(sizes, sizes[1:])]
        assert " + ".join(map(sep, counts)) + f" = {sep(sum(counts))}" in shown
    spe = math.ceil(n / batch)
    assert rf"\lceil {sep(n)} / {sep(batch)} \rceil = {sep(spe)}" in shown
    assert rf"{sep(epochs)} \times {sep(spe)} = {sep(epochs * spe)}" in shown


def test_forward_pass_shows_the_sums_the_shapes_and_the_keras_counts():
    scene = dry_run(ForwardPass)
    _check_forward(scene, (1.0, -0.5), "relu", 128, (784, 128, 128, 128, 10), (784, 512, 10),
                   60_000, 5)
    # the notes' Keras recipe, by hand: 784·512 + 512, 512·10 + 10; ⌈60000/128⌉ = 469
    assert "401{,}920 + 5{,}130 = 407{,}050" in scene.shown
    assert r"5 \times 469 = 2{,}345" in scene.shown
    assert beat_keys(scene) == ["network", "input", "unit", "hidden", "output", "shapes",
                                "deep_wide", "recipe"]


def test_forward_pass_with_a_lecturers_network():
    values = dict(x=(-2.0, 1.5), hidden=3, outputs=2, activation="tanh", seed=7, batch=32,
                  deep=(100, 50, 50, 10), wide=(100, 400, 10), train_size=1000, epochs=3)
    scene = dry_run_with(ForwardPass, **values)
    _check_forward(scene, values["x"], "tanh", 32, values["deep"], values["wide"], 1000, 3)


@pytest.mark.parametrize("values, name", [
    ({"x": (1.0, 2.0, 3.0)}, "x"),
    ({"x": (4.0, 0.0)}, "x"),
    ({"hidden": 7}, "hidden"),
    ({"hidden": 1}, "hidden"),
    ({"outputs": 5}, "outputs"),
    ({"activation": "gelu"}, "activation"),
    ({"seed": -1}, "seed"),
    ({"batch": 0}, "batch"),
    ({"batch": 70_000}, "batch"),                     # more than train_size
    ({"deep": (784, 10)}, "deep"),
    ({"deep": (784,) + (8,) * 6 + (10,)}, "deep"),
    ({"deep": (784, 5000, 10)}, "deep"),
    ({"wide": (100, 512, 10)}, "wide"),               # not the same job as deep
    ({"train_size": 0}, "train_size"),
    ({"epochs": 0}, "epochs"),
])
def test_forward_pass_refuses(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("ForwardPass").build(values)


# ---------------------------------------------------------------- FlattenOneHot


def _numpy_net(params, X):
    W1, W2 = params.weights
    b1, b2 = params.biases
    z = np.maximum(X @ W1.T + b1, 0.0) @ W2.T + b2
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _check_digits(scene, hidden, n_filters):
    from sklearn.datasets import load_digits

    shown, d = scene.shown, scene.data
    digits = load_digits()
    # the shown digit is one of scikit-learn's own images, with its label
    match = np.flatnonzero(np.all(np.abs(digits.data / 16.0 - d.x) < 1e-12, axis=1))
    assert match.size >= 1 and digits.target[match[0]] == d.label
    np.testing.assert_array_equal(digits.images[match[0]], d.pixels)
    for v in digits.images[match[0]].ravel():
        assert fmt_num(v) in shown
    row = d.scale_row
    for v in digits.images[match[0]][row] / 16:
        assert fmt_num(v) in shown
    assert rf"\lVert e_i - e_j \rVert = {fmt_num(math.sqrt(2))}" in shown
    # accuracy on the held-out digits, by a plain numpy forward pass of the trained weights
    net = d.net
    assert net.params.weights[0].shape == (hidden, 64)
    P = _numpy_net(net.params, net.X_test)
    acc = float(np.mean(P.argmax(axis=1) == net.y_test))
    k = int(np.sum(P.argmax(axis=1) == net.y_test))
    assert scene.t("accuracy", acc=fmt_num(100 * acc, 1), k=fmt_num(k), n=fmt_num(net.n_test)) in shown
    p = P[scene.params.digit]
    t = np.eye(10)[d.label]
    y = fmt_num(d.label)
    assert rf"p_{y} = {fmt_num(p[d.label], 3)}" in shown
    assert rf"\mathrm{{CE}} = -\log p_{y} = {fmt_num(-math.log(p[d.label]), 3)}" in shown
    # the MSE's value on its formula's line (not wrapped alone onto a line of its own)
    assert (r"\mathrm{MSE} = \tfrac{1}{10}\sum_c (p_c - t_c)^2 = "
            rf"{fmt_num(np.mean((p - t) ** 2), 3)}") in shown
    assert d.filters.shape == (n_filters, 8, 8)
    np.testing.assert_array_equal(d.filters[0].ravel(), net.params.weights[0][0])
    return acc


def test_flatten_one_hot_default_net_reaches_95_percent():
    scene = dry_run(FlattenOneHot)
    acc = _check_digits(scene, 32, 8)
    assert acc >= 0.95, f"held-out accuracy {acc:.3f} is below the 95 % the issue asks for"
    assert beat_keys(scene) == ["pixels", "scale", "flatten", "integers", "one_hot", "trained",
                                "predict", "filters"]


def test_flatten_one_hot_with_a_lecturers_net():
    scene = dry_run_with(FlattenOneHot, digit=48, hidden=16, epochs=10, filters=4, seed=3)
    _check_digits(scene, 16, 4)


@pytest.mark.parametrize("values, name", [
    ({"digit": 360}, "digit"),
    ({"hidden": 65}, "hidden"),
    ({"hidden": 4}, "hidden"),
    ({"epochs": 0}, "epochs"),
    ({"epochs": 40, "hidden": 64}, "epochs"),        # training would take too long
    ({"lr": 0.0}, "lr"),
    ({"batch_size": 0}, "batch_size"),
    ({"seed": 100_000}, "seed"),
    ({"filters": 9}, "filters"),
])
def test_flatten_one_hot_refuses(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("FlattenOneHot").build(values)


# ---------------------------------------------------------------- GradientTape


def _sympy_neuron(values):
    import sympy as sp

    w, x, b, y = sp.symbols("w x b y")
    u = w * x
    z = u + b
    a = 1 / (1 + sp.exp(-z))
    d = a - y
    L = d ** 2
    point = {w: values["w"], x: values["x"], b: values["b"], y: values["y"]}
    ev = lambda e: float(e.subs(point))
    forward = {"u": ev(u), "z": ev(z), "a": ev(a), "d": ev(d), "L": ev(L)}
    grads = {str(s): ev(sp.diff(L, s)) for s in (w, x, b, y)}
    # every intermediate's gradient by the chain rule written out
    dL_dd = 2 * forward["d"]
    inner = {"L": 1.0, "d": dL_dd, "a": dL_dd, "z": dL_dd * forward["a"] * (1 - forward["a"])}
    inner["u"] = inner["z"]
    return forward, grads, inner


def _check_tape(scene, values):
    shown = scene.shown
    forward, grads, inner = _sympy_neuron(values)
    ops = {"u": r"w \cdot x", "z": "u + b", "a": r"\sigma(z)", "d": "a - y", "L": "d^2"}
    for i, name in enumerate(("u", "z", "a", "d", "L")):
        assert rf"{i + 1}:\ {name} = {ops[name]} = {fmt_num(forward[name])}" in shown
        assert rf"\bar {name} = {fmt_num(inner[name])}" in shown
    assert ",\\ ".join(rf"\partial L/\partial {n} = {fmt_num(grads[n])}" for n in "wxby") in shown
    # central differences by hand, on the sympy-free closed form
    sig = lambda t: 1 / (1 + math.exp(-t))
    loss = lambda v: (sig(v["w"] * v["x"] + v["b"]) - v["y"]) ** 2
    fd = []
    for n in "wxby":
        hi, lo = dict(values), dict(values)
        hi[n] += 1e-6
        lo[n] -= 1e-6
        fd.append((loss(hi) - loss(lo)) / 2e-6)
    assert ",\\ ".join(fmt_num(v) for v in fd) in shown
    assert beat_keys(scene) == ["record", "replay", "grads", "check"]


def test_gradient_tape_matches_sympy_and_backprop_graph_defaults():
    scene = dry_run(GradientTape)
    _check_tape(scene, {"w": 0.8, "x": 1.5, "b": -0.5, "y": 1.0})
    # BackpropGraph's neuron at the same point: ∂L/∂w = 2(σ(0.7) − 1)σ(0.7)(1 − σ(0.7))·1.5
    s = 1 / (1 + math.exp(-0.7))
    assert rf"\partial L/\partial w = {fmt_num(2 * (s - 1) * s * (1 - s) * 1.5)}" in \
        ",\\ ".join(scene.shown)


def test_gradient_tape_with_a_lecturers_point():
    values = {"w": -2.0, "x": 0.5, "b": 1.5, "y": 0.0}
    _check_tape(dry_run_with(GradientTape, **values), values)


@pytest.mark.parametrize("values, name", [({"w": 3.5}, "w"), ({"x": -3.5}, "x"),
                                          ({"b": 4.0}, "b"), ({"y": "nan"}, "y")])
def test_gradient_tape_refuses(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("GradientTape").build(values)


# ---------------------------------------------------------------- Tensors


def _np_shape(shape, tex=True) -> str:
    """A shape as numpy prints it, with MathTex thousands separators."""
    sep = "{,}" if tex else ","  # MathTex: a bare comma would add a space
    items = [f"{n:,}".replace(",", sep) for n in shape]
    return "(" + ", ".join(items) + (sep if len(items) == 1 else "") + ")"


def _check_tensors(scene, side, channels, batch, units, x_shape, y_shape, matrix):
    shown = scene.shown
    d = lessons.find("Tensors").run(dict(side=side, channels=channels, batch=batch, units=units,
                                         x_shape=x_shape, y_shape=y_shape, matrix=matrix))
    ladder = [np.float64(7), np.eye(10)[7], np.zeros((side, side)), np.zeros((side, side, channels)),
              np.zeros((batch, side, side, channels))]
    for x in ladder:  # shape and rank (number of axes) by numpy
        assert _np_shape(np.shape(x)) in shown
        assert scene.t("rank", r=str(np.ndim(x))) in shown
    out = np.tensordot(np.zeros((batch, side, side, channels)), np.zeros((channels, units)),
                       axes=1).shape
    assert any(s.endswith(f"= {_np_shape(out)}") and rf" {channels} )\cdot( {channels} ," in s
               for s in shown)  # the contracted axis: last of the left, first of the right
    assert rf"z_{{b,i,j,k}} = \sum_{{c=0}}^{{{channels - 1}}} x_{{b,i,j,c}}\, w_{{c,k}}" in shown
    X, y = np.empty(x_shape), np.arange(1, x_shape[1] + 1).reshape(y_shape)
    padded = np.expand_dims(y.ravel(), axis=0).shape  # the notes' np.expand_dims(y, axis=0)
    assert rf"y:\ ( 1 ,\ {padded[1]})" in shown
    total = (X + y).shape
    assert rf"X + y:\ {_np_shape(x_shape)} + {_np_shape(y_shape)} \to {_np_shape(total)}" in shown
    assert f"{total[0]:,}".replace(",", "{,}") in shown  # the repeat count beside its brace
    for v in range(1, x_shape[1] + 1):
        assert str(v) in shown
    r, c = matrix
    x = np.arange(r * c).reshape(r, c)
    np.testing.assert_array_equal(d.reshaped.before, x)
    np.testing.assert_array_equal(d.reshaped.after, x.reshape(c, r))
    np.testing.assert_array_equal(d.transposed.after, x.T)
    assert rf"{_np_shape((c, r))} = {_np_shape(x.T.shape)}" in shown
    for k in range(r * c):
        assert str(k) in shown
    assert beat_keys(scene) == ["ranks", "ranks_big", "dot", "new_axis", "repeat", "reshape",
                                "transpose"]


def test_tensors_shows_numpys_shapes():
    _check_tensors(dry_run(Tensors), 28, 3, 128, 8, (32, 10), (10,), (3, 2))


def test_tensors_with_a_lecturers_shapes():
    values = dict(side=16, channels=2, batch=32, units=4, x_shape=(8, 5), y_shape=(1, 5),
                  matrix=(2, 4))
    _check_tensors(dry_run_with(Tensors, **values), **values)


@pytest.mark.parametrize("values, name", [
    ({"side": 65}, "side"),
    ({"side": 1}, "side"),
    ({"channels": 5}, "channels"),
    ({"batch": 0}, "batch"),
    ({"units": 0}, "units"),
    ({"x_shape": (8, 13), "y_shape": (13,)}, "x_shape"),   # more columns than fit
    ({"x_shape": (65, 10)}, "x_shape"),
    ({"x_shape": (1, 10)}, "x_shape"),                      # one row: nothing to repeat
    ({"y_shape": (7,)}, "y_shape"),                         # does not broadcast
    ({"y_shape": (32, 1)}, "y_shape"),                      # broadcasts, but is not a row
    ({"y_shape": (1, 1, 10)}, "y_shape"),
    ({"matrix": (4, 4)}, "matrix"),                         # 16 elements: the copies do not fit
    ({"matrix": (1, 3)}, "matrix"),                         # reshape = transpose for one row
])
def test_tensors_refuses(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("Tensors").build(values)


def test_tensors_names_the_clashing_axes():
    with pytest.raises(ParamError, match=r"shapes\[0\] axis 1 \(length 10\) and shapes\[1\] axis 0 "
                                         r"\(length 7\)"):
        lessons.find("Tensors").build({"y_shape": (7,)})


# ---------------------------------------------------------------- KerasRecipe


def _sep(n: int) -> str:
    return f"{n:,}".replace(",", "{,}")


def _check_keras(scene, side, hidden, classes, samples, batch_size, epochs):
    shown = scene.shown
    n_in = side * side
    p1, p2 = n_in * hidden + hidden, hidden * classes + classes  # weights + one bias per unit
    assert rf"{_sep(side)} \times {_sep(side)}" in shown
    assert rf"{_sep(n_in)} \cdot {_sep(hidden)} + {_sep(hidden)} = {_sep(p1)}" in shown
    assert rf"{_sep(hidden)} \cdot {_sep(classes)} + {_sep(classes)} = {_sep(p2)}" in shown
    assert rf"{_sep(p1)} + {_sep(p2)} = {_sep(p1 + p2)}" in shown
    steps = len(range(0, samples, batch_size))  # one step per batch, the last one may be short
    last = samples - (steps - 1) * batch_size
    assert steps == math.ceil(samples / batch_size)
    assert rf"\lceil {_sep(samples)} / {_sep(batch_size)} \rceil = {_sep(steps)}" in shown
    assert rf"{_sep(steps - 1)} \cdot {_sep(batch_size)} + {_sep(last)} = {_sep(samples)}" in shown
    assert _sep(last) in shown
    h = np.matmul(np.zeros((batch_size, n_in)), np.zeros((n_in, hidden))).shape
    o = np.matmul(np.zeros(h), np.zeros((hidden, classes))).shape
    assert rf"{_np_shape((batch_size, n_in))} \to {_np_shape(h)} \to {_np_shape(o)}" in shown
    assert rf"{_sep(epochs)} \times {_sep(steps)} = {_sep(epochs * steps)}" in shown
    for k in range(1, epochs + 1):
        assert scene.t("epoch_n", k=str(k)) in shown
    assert scene.t("each_step", p=f"{p1 + p2:,}") in shown
    assert beat_keys(scene) == ["model", "params1", "params2", "total", "batches", "epochs"]


def test_keras_recipe_is_the_notes_numbers():
    scene = dry_run(KerasRecipe)
    _check_keras(scene, 28, 512, 10, 60_000, 128, 5)
    # the notes' numbers, by hand: 784·512 + 512, 512·10 + 10, ⌈60000/128⌉, 5 × 469
    assert "784 \\cdot 512 + 512 = 401{,}920" in scene.shown
    assert "401{,}920 + 5{,}130 = 407{,}050" in scene.shown
    assert "5 \\times 469 = 2{,}345" in scene.shown


def test_keras_recipe_with_a_lecturers_model():
    values = dict(side=8, hidden=32, classes=10, samples=300, batch_size=128, epochs=3)
    _check_keras(dry_run_with(KerasRecipe, **values), **values)


@pytest.mark.parametrize("values, name", [
    ({"side": 1}, "side"),
    ({"hidden": 0}, "hidden"),
    ({"classes": 1}, "classes"),
    ({"samples": 0}, "samples"),
    ({"batch_size": 70_000}, "batch_size"),                 # more than samples
    ({"epochs": 11}, "epochs"),                             # rows that fit
    ({"side": 1024, "hidden": 10_000}, "hidden"),           # counts too long for a line
    ({"hidden": 10_001}, "hidden"),                         # its label would not fit
    ({"classes": 1_001}, "classes"),
])
def test_keras_recipe_refuses(values, name):
    with pytest.raises(ParamError, match=f"'{name}'"):
        lessons.find("KerasRecipe").build(values)
