"""dlmath.networks against independent references: numpy's own shape rules, hand-computed
perceptron updates, sympy and finite differences, explicit loops."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from dlmath.linear import init_mlp
from dlmath.networks import (
    GradientTape,
    broadcast_shape,
    cross_entropy,
    dense_params,
    matmul_shape,
    mse,
    numbered_reshape,
    numbered_transpose,
    reshape_shape,
    tensordot_shape,
    transpose_shape,
    network_backward,
    network_forward,
    one_hot,
    perceptron_predict,
    perceptron_train,
    softmax,
    steps_per_epoch,
)

# ---------------------------------------------------------------- counting


def test_one_hot_rows_are_unit_vectors():
    got = one_hot([2, 0, 1, 2], 3)
    np.testing.assert_array_equal(got, np.eye(3)[[2, 0, 1, 2]])
    assert got.shape == (4, 3)
    # orthogonal: Y Yᵀ is 1 where labels agree, 0 elsewhere
    y = np.array([2, 0, 1, 2])
    np.testing.assert_array_equal(got @ got.T, (y[:, None] == y[None, :]).astype(float))


@pytest.mark.parametrize("labels, n", [([0, 3], 3), ([-1], 2), ([0.5], 2), ("01", 2),
                                       ([0], 0), ([0], 2.5)])
def test_one_hot_refuses(labels, n):
    with pytest.raises(ValueError, match="labels|n_classes"):
        one_hot(labels, n)


def test_dense_params_keras_recipe():
    # the notes' Keras model: Dense(512) on 28×28 inputs, then Dense(10); by hand
    assert dense_params(28 * 28, 512) == 784 * 512 + 512 == 401_920
    assert dense_params(512, 10) == 5_130
    assert dense_params(3, 4, bias=False) == 12


@pytest.mark.parametrize("args, name", [((0, 3), "n_in"), ((3, 0), "n_out"), ((2.5, 3), "n_in"),
                                        ((3, 3, "yes"), "bias")])
def test_dense_params_refuses(args, name):
    with pytest.raises(ValueError, match=name):
        dense_params(*args)


def test_steps_per_epoch_is_the_number_of_batches():
    assert steps_per_epoch(60_000, 128) == 469 == len(range(0, 60_000, 128))
    assert 5 * steps_per_epoch(60_000, 128) == 2_345
    assert steps_per_epoch(10, 5) == 2 and steps_per_epoch(11, 5) == 3 and steps_per_epoch(1, 7) == 1


@pytest.mark.parametrize("args, name", [((0, 3), "n_samples"), ((3, 0), "batch_size"),
                                        ((3.5, 1), "n_samples")])
def test_steps_per_epoch_refuses(args, name):
    with pytest.raises(ValueError, match=name):
        steps_per_epoch(*args)


# ---------------------------------------------------------------- shapes


def _random_shape(rng, ndim):
    return tuple(int(s) for s in rng.choice([1, 2, 3], size=ndim))


def test_broadcast_shape_matches_numpy_on_random_shapes():
    rng = np.random.default_rng(0)
    agreed = refused = 0
    for _ in range(400):
        shapes = [_random_shape(rng, rng.integers(0, 4)) for _ in range(rng.integers(1, 4))]
        try:
            ref = np.broadcast_shapes(*shapes)
        except ValueError:
            with pytest.raises(ValueError, match=r"shapes\[\d\] axis \d .* and shapes\[\d\] axis \d"):
                broadcast_shape(*shapes)
            refused += 1
        else:
            assert broadcast_shape(*shapes) == ref
            agreed += 1
    assert agreed > 50 and refused > 50


def test_broadcast_shape_notes_example_and_error():
    assert broadcast_shape((32, 10), (10,)) == (32, 10)
    assert broadcast_shape((8, 1, 6, 1), (7, 1, 5)) == np.broadcast_shapes((8, 1, 6, 1), (7, 1, 5))
    with pytest.raises(ValueError, match=r"shapes\[0\] axis 1 \(length 10\) and shapes\[1\] axis 0 \(length 3\)"):
        broadcast_shape((32, 10), (3,))


@pytest.mark.parametrize("shapes, name", [((), "shapes"), (((2, -1),), r"shapes\[0\]\[1\]"),
                                          (("ab",), r"shapes\[0\]"), (((2.5,),), r"shapes\[0\]")])
def test_broadcast_shape_refuses(shapes, name):
    with pytest.raises(ValueError, match=name):
        broadcast_shape(*shapes)


def test_matmul_shape_matches_numpy_on_empty_arrays():
    rng = np.random.default_rng(1)
    agreed = refused = 0
    for _ in range(400):
        a = _random_shape(rng, rng.integers(1, 5))
        b = _random_shape(rng, rng.integers(1, 4))
        try:
            ref = np.matmul(np.empty(a), np.empty(b)).shape
        except ValueError:
            with pytest.raises(ValueError, match="a_shape axis|b_shape axis"):
                matmul_shape(a, b)
            refused += 1
        else:
            assert matmul_shape(a, b) == ref, (a, b)
            agreed += 1
    assert agreed > 50 and refused > 50


def test_matmul_shape_notes_rule():
    assert matmul_shape((2, 3, 4, 5), (5, 6)) == (2, 3, 4, 6)  # (a, b, c, d)·(d, e)
    assert matmul_shape((128, 784), (784, 512)) == (128, 512)
    with pytest.raises(ValueError, match=r"a_shape axis 1 \(length 3\) must match b_shape axis 0 \(length 4\)"):
        matmul_shape((2, 3), (4, 5))


@pytest.mark.parametrize("a, b, name", [((), (2,), "a_shape"), ((2,), (), "b_shape"),
                                        ((2, -3), (3,), "a_shape"), ((2,), None, "b_shape"),
                                        ((2, 2, 3), (4, 3, 5), "a_shape axis 0")])
def test_matmul_shape_refuses(a, b, name):
    with pytest.raises(ValueError, match=name):
        matmul_shape(a, b)


# ---------------------------------------------------------------- tensor product, reshape, transpose


def test_tensordot_shape_matches_numpy_on_empty_arrays():
    rng = np.random.default_rng(2)
    agreed = refused = 0
    for _ in range(400):
        a = _random_shape(rng, rng.integers(0, 5))
        b = _random_shape(rng, rng.integers(0, 4))
        axes = int(rng.integers(0, 3))
        try:
            ref = np.tensordot(np.empty(a), np.empty(b), axes=axes).shape
        except (ValueError, IndexError):
            with pytest.raises(ValueError, match="a_shape axis|axes must"):
                tensordot_shape(a, b, axes)
            refused += 1
        else:
            assert tensordot_shape(a, b, axes) == ref, (a, b, axes)
            agreed += 1
    assert agreed > 50 and refused > 50


def test_tensordot_shape_notes_rule_and_errors():
    # (a, b, c, d)·(d, e) = (a, b, c, e): the last axis meets the first, both vanish
    assert tensordot_shape((128, 28, 28, 3), (3, 8)) == (128, 28, 28, 8)
    assert tensordot_shape((2, 3, 4, 5), (5, 6, 7)) == np.tensordot(
        np.zeros((2, 3, 4, 5)), np.zeros((5, 6, 7)), axes=1).shape == (2, 3, 4, 6, 7)
    with pytest.raises(ValueError, match=r"a_shape axis 3 \(length 3\) must match b_shape axis 0 \(length 4\)"):
        tensordot_shape((128, 28, 28, 3), (4, 8))
    with pytest.raises(ValueError, match="axes must be at most"):
        tensordot_shape((3,), (3, 4), axes=2)


@pytest.mark.parametrize("a, b, axes, name", [((2,), "ab", 1, "b_shape"), ((2, -1), (2,), 1, "a_shape"),
                                              ((2,), (2,), -1, "axes"), ((2,), (2,), 1.5, "axes")])
def test_tensordot_shape_refuses(a, b, axes, name):
    with pytest.raises(ValueError, match=name):
        tensordot_shape(a, b, axes)


def test_reshape_and_transpose_shapes_match_numpy():
    rng = np.random.default_rng(3)
    for _ in range(200):
        shape = _random_shape(rng, rng.integers(0, 5))
        n = int(np.prod(shape))
        new = tuple(int(s) for s in rng.permutation(shape + (1,)))
        assert reshape_shape(shape, new) == np.empty(shape).reshape(new).shape
        if new:
            hole = list(new)
            hole[int(rng.integers(0, len(new)))] = -1
            assert reshape_shape(shape, hole) == np.empty(shape).reshape(hole).shape
        perm = tuple(int(p) for p in rng.permutation(len(shape)))
        assert transpose_shape(shape, perm) == np.transpose(np.empty(shape), perm).shape
        assert transpose_shape(shape) == np.empty(shape).T.shape
        assert n == int(np.prod(reshape_shape(shape, (-1,))))


@pytest.mark.parametrize("shape, new, match", [((3, 2), (4,), "holds 4 elements"),
                                               ((3, 2), (-1, -1), "at most one -1"),
                                               ((3, 2), (4, -1), "cannot hold"),
                                               ((3, 2), (-2, 3), r"new_shape\[0\]"),
                                               ((3, 2), "32", "new_shape"),
                                               ((3, -2), (6,), r"shape\[1\]")])
def test_reshape_shape_refuses(shape, new, match):
    with pytest.raises(ValueError, match=match):
        reshape_shape(shape, new)


@pytest.mark.parametrize("axes, match", [((0, 0), "permutation"), ((0,), "permutation"),
                                         ((0, 2), r"axes\[1\]"), ("01", "axes")])
def test_transpose_shape_refuses(axes, match):
    with pytest.raises(ValueError, match=match):
        transpose_shape((3, 2), axes)


def test_numbered_reshape_and_transpose_the_notes_example():
    # the notes: x = [[0, 1], [2, 3], [4, 5]]; x.reshape((2, 3)) and np.transpose(x)
    r = numbered_reshape((3, 2), (2, 3))
    np.testing.assert_array_equal(r.before, [[0, 1], [2, 3], [4, 5]])
    np.testing.assert_array_equal(r.after, [[0, 1, 2], [3, 4, 5]])
    t = numbered_transpose((3, 2))
    np.testing.assert_array_equal(t.after, [[0, 2, 4], [1, 3, 5]])
    # positions[k] is where element k lands
    assert [tuple(p) for p in t.positions] == [(0, 0), (1, 0), (0, 1), (1, 1), (0, 2), (1, 2)]


def test_numbered_rearrangements_match_numpy_on_random_shapes():
    rng = np.random.default_rng(4)
    for _ in range(100):
        shape = tuple(int(s) for s in rng.integers(1, 4, size=rng.integers(0, 4)))
        x = np.arange(int(np.prod(shape))).reshape(shape)
        new = tuple(int(s) for s in rng.permutation(shape + (1,)))
        r = numbered_reshape(shape, new)
        np.testing.assert_array_equal(r.before, x)
        np.testing.assert_array_equal(r.after, x.reshape(new))
        perm = tuple(int(p) for p in rng.permutation(len(shape)))
        t = numbered_transpose(shape, perm)
        np.testing.assert_array_equal(t.after, np.transpose(x, perm))
        for k, pos in enumerate(t.positions):  # element k sits where positions says
            assert t.after[tuple(pos)] == k


_JUNK = st.one_of(st.none(), st.booleans(), st.floats(allow_nan=True), st.text(max_size=3),
                  st.integers(-5, 5), st.lists(st.one_of(st.integers(-3, 5), st.floats(),
                                                         st.text(max_size=1), st.none()),
                                               max_size=4))


@settings(max_examples=60, deadline=None)
@given(a=_JUNK, b=_JUNK)
def test_shape_functions_on_bad_input_raise_naming_the_argument(a, b):
    """Random bad values: either a correct shape (checked against numpy) or a ValueError
    that names the argument."""
    calls = (("a_shape|b_shape|axes", lambda: tensordot_shape(a, b), lambda: np.tensordot(
                 np.empty(a), np.empty(b), axes=1).shape),
             ("shape|new_shape", lambda: reshape_shape(a, b),
              lambda: np.empty(a).reshape(b).shape),
             ("shape|axes", lambda: transpose_shape(a, b),
              lambda: np.transpose(np.empty(a), b).shape))
    for names, call, ref in calls:
        try:
            got = call()
        except ValueError as err:
            assert any(n in str(err) for n in names.split("|")), str(err)
        else:
            assert isinstance(got, tuple) and got == ref()


# ---------------------------------------------------------------- perceptron

CORNERS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)


def test_perceptron_first_updates_by_hand():
    run = perceptron_train(CORNERS, [0, 0, 0, 1], lr=1.0, epochs=50)
    # epoch 1: (0,0): 0·0+0 = 0, not > 0 → ŷ 0 = y; (0,1),(1,0): ŷ 0 = y;
    # (1,1): ŷ 0 ≠ 1 → w = (1, 1), b = 1
    np.testing.assert_array_equal(run.weights[1], [1, 1])
    assert run.biases[1] == 1
    # epoch 2: (0,0): 1 > 0 → ŷ 1 ≠ 0 → w = (1, 1), b = 0; (0,1): 1 > 0 → w = (1, 0), b = −1
    np.testing.assert_array_equal(run.weights[2], [1, 1])
    assert run.biases[2] == 0
    np.testing.assert_array_equal(run.weights[3], [1, 0])
    assert run.biases[3] == -1
    assert run.errors[0] == 1 and run.errors[1] == 3


@pytest.mark.parametrize("y", [[0, 0, 0, 1], [0, 1, 1, 1]], ids=["AND", "OR"])
def test_perceptron_learns_and_or(y):
    run = perceptron_train(CORNERS, y, lr=0.5, epochs=100)
    assert run.converged and run.errors[-1] == 0
    np.testing.assert_array_equal(perceptron_predict(run.w, run.b, CORNERS), y)
    # explicit check of the learned line: w·x + b > 0 exactly on the positives
    assert [int(run.w @ x + run.b > 0) for x in CORNERS] == y
    assert len(run.weights) == 1 + sum(abs(u.error) for u in run.visits)


def test_perceptron_never_converges_on_xor():
    run = perceptron_train(CORNERS, [0, 1, 1, 0], lr=1.0, epochs=200)
    assert not run.converged and run.errors.size == 200 and run.errors.min() > 0


@pytest.mark.parametrize("kw, name", [({"X": [1, 2]}, "X"), ({"y": [0, 1, 2, 0]}, "y"),
                                      ({"y": [0, 1]}, "y"), ({"lr": 0.0}, "lr"),
                                      ({"epochs": 0}, "epochs"), ({"epochs": 10**6}, "epochs"),
                                      ({"w0": [1.0]}, "w0"), ({"b0": float("nan")}, "b0")])
def test_perceptron_refuses(kw, name):
    args = {"X": CORNERS, "y": [0, 0, 0, 1], "lr": 1.0, "epochs": 5, **kw}
    with pytest.raises(ValueError, match=name):
        perceptron_train(**args)


# ---------------------------------------------------------------- dense network


def _loop_forward(params, x):
    """The forward pass by explicit loops over units."""
    a = list(x)
    layers = []
    for l, (W, b) in enumerate(zip(params.weights, params.biases)):
        z = [sum(W[j, i] * a[i] for i in range(len(a))) + b[j] for j in range(W.shape[0])]
        if l < len(params.weights) - 1:
            a = [max(t, 0.0) for t in z]
        else:
            e = [math.exp(t) for t in z]
            a = [t / sum(e) for t in e]
        layers.append((z, a))
    return layers


def test_network_forward_matches_loops_and_shapes_chain():
    params = init_mlp((2, 5, 3), seed=3)
    X = np.array([[0.5, -1.0], [2.0, 0.25], [0.0, 1.0], [-1.5, 0.5]])
    fwd = network_forward(params, X, "relu")
    assert fwd.shapes == ((4, 2), (4, 5), (4, 3))
    for i, x in enumerate(X):
        for rec, (z, a) in zip(fwd.layers, _loop_forward(params, x)):
            np.testing.assert_allclose(rec.z[i], z, atol=1e-12)
            np.testing.assert_allclose(rec.a[i], a, atol=1e-12)
    np.testing.assert_allclose(fwd.output.sum(axis=1), 1.0)


def test_network_backward_matches_finite_differences():
    params = init_mlp((3, 4, 3), seed=5)
    X = np.array([[0.3, -0.7, 1.2], [1.0, 0.4, -0.2]])
    y = np.array([2, 0])
    g = network_backward(params, X, y, "tanh")

    def loss(p):
        P = network_forward(p, X, "tanh").output
        return -np.mean(np.log(P[np.arange(2), y]))

    assert g.loss == pytest.approx(loss(params), rel=1e-12)
    h = 1e-6
    for l, W in enumerate(params.weights):
        for idx in np.ndindex(W.shape):
            Wp, Wm = [w.copy() for w in params.weights], [w.copy() for w in params.weights]
            Wp[l][idx] += h
            Wm[l][idx] -= h
            num = (loss(type(params)(tuple(Wp), params.biases))
                   - loss(type(params)(tuple(Wm), params.biases))) / (2 * h)
            assert g.weights[l][idx] == pytest.approx(num, abs=1e-7)


def test_network_refuses():
    params = init_mlp((2, 3, 2), seed=0)
    with pytest.raises(ValueError, match="params"):
        network_forward("W", [[1.0, 2.0]])
    with pytest.raises(ValueError, match="X"):
        network_forward(params, [[1.0, float("inf")]])
    with pytest.raises(ValueError, match="y"):
        network_backward(params, [[1.0, 2.0]], [5])


# ---------------------------------------------------------------- gradient tape


def _neuron_tape(w, x, b, y):
    tape = GradientTape()
    names = [tape.watch(n, val) for n, val in zip("wxby", (w, x, b, y))]
    u = tape.mul(names[0], names[1], "u")
    z = tape.add(u, names[2], "z")
    a = tape.sigmoid(z, "a")
    d = tape.sub(a, names[3], "d")
    return tape, tape.square(d, "L")


def test_tape_records_in_order_and_replays_in_reverse():
    tape, L = _neuron_tape(0.8, 1.5, -0.5, 1.0)
    assert [e.output for e in tape.entries] == ["u", "z", "a", "d", "L"]
    grad = tape.gradient(L)
    assert [s.entry.output for s in grad.steps] == ["L", "d", "a", "z", "u"]
    # by hand: u = 1.2, z = 0.7
    assert tape.value("u") == pytest.approx(1.2) and tape.value("z") == pytest.approx(0.7)


def test_tape_gradients_match_sympy_and_finite_differences():
    w, x, b, y = sp.symbols("w x b y")
    L = (1 / (1 + sp.exp(-(w * x + b))) - y) ** 2
    point = {w: 0.8, x: 1.5, b: -0.5, y: 1.0}
    tape, out = _neuron_tape(0.8, 1.5, -0.5, 1.0)
    grads = tape.gradient(out).grads
    assert tape.value(out) == pytest.approx(float(L.subs(point)), rel=1e-12)
    for s in (w, x, b, y):
        assert grads[str(s)] == pytest.approx(float(sp.diff(L, s).subs(point)), rel=1e-12)
        h = 1e-6
        plus, minus = dict(point), dict(point)
        plus[s] += h
        minus[s] -= h
        fd = (float(L.subs(plus)) - float(L.subs(minus))) / (2 * h)
        assert grads[str(s)] == pytest.approx(fd, rel=1e-6)


def test_tape_accumulates_a_shared_input():
    tape = GradientTape()
    x = tape.watch("x", 3.0)
    y = tape.mul(x, x, "y")       # x², both inputs are x
    z = tape.add(y, x, "z")       # x² + x → dz/dx = 2x + 1 = 7
    e = tape.exp(tape.log(tape.watch("c", 2.0)))
    r = tape.relu(tape.tanh(e))
    assert tape.gradient(z).grads["x"] == pytest.approx(7.0)
    assert tape.value(e) == pytest.approx(2.0)
    assert tape.gradient(r).grads["c"] == pytest.approx(1 - math.tanh(2.0) ** 2)


def test_tape_refuses():
    tape = GradientTape()
    tape.watch("x", 1.0)
    with pytest.raises(ValueError, match="value"):
        tape.watch("y", float("nan"))
    with pytest.raises(ValueError, match="already"):
        tape.watch("x", 2.0)
    with pytest.raises(ValueError, match="a must name"):
        tape.mul("q", "x")
    with pytest.raises(ValueError, match="a must be > 0"):
        tape.log(tape.sub("x", "x"))
    with pytest.raises(ValueError, match="target"):
        tape.gradient("nope")
    with pytest.raises(ValueError, match="name"):
        tape.watch("", 1.0)


# ---------------------------------------------------------------- losses


def test_softmax_ce_mse_on_one_prediction():
    z = np.array([2.0, 1.0, 0.1])
    e = np.exp(z)
    p = e / e.sum()
    np.testing.assert_allclose(softmax(z), p)
    np.testing.assert_allclose(softmax(np.array([z, z + 100])), [p, p])
    t = np.array([0.0, 1.0, 0.0])
    assert cross_entropy(p, t) == pytest.approx(-math.log(p[1]))
    assert mse(p, t) == pytest.approx(((p[0]) ** 2 + (p[1] - 1) ** 2 + p[2] ** 2) / 3)
    assert cross_entropy(t, t) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("fn, args, name", [
    (softmax, ([],), "z"), (softmax, ([[[1.0]]],), "z"),
    (cross_entropy, ([0.5, 0.5], [1.0]), "target"), (cross_entropy, ([1.5, -0.5], [1.0, 0.0]), "p"),
    (cross_entropy, ([0.5, 0.5], [1.0, 0.0], 0.0), "eps"),
    (mse, ([0.5, 0.5], [[1.0, 0.0]]), "target"), (mse, ([float("nan")], [1.0]), "p"),
])
def test_losses_refuse(fn, args, name):
    with pytest.raises(ValueError, match=name):
        fn(*args)
