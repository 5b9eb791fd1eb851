"""Networks: the first hour of a deep-learning course, computed exactly.

* counting: one-hot targets, the parameters of a dense layer, steps per epoch;
* shapes: the result shape of a matrix product, a tensor product, broadcasting, reshape and
  transpose (numpy's rules), with errors that name the axes that clash, and where every
  element goes under reshape and under transpose;
* the perceptron and its classic learning rule (every update kept, for drawing);
* a dense network's forward pass (every layer's pre-activation and activation) and its
  backward pass, on top of the one MLP implementation in :mod:`dlmath.linear`;
* a gradient tape: operations recorded in order during a forward computation, replayed in
  reverse to give every gradient;
* softmax, cross-entropy and mean squared error of one prediction against one target.

Every public function validates its inputs and raises ``ValueError`` (or a ``TypeError``
subclass that is also a ``ValueError``) naming the argument.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from dlmath import _validate as v
from dlmath.linear import MLPParams, mlp_forward, mlp_loss_grads
from dlmath.linear import softmax as _softmax_rows

__all__ = [
    "one_hot",
    "dense_params",
    "steps_per_epoch",
    "matmul_shape",
    "broadcast_shape",
    "tensordot_shape",
    "reshape_shape",
    "transpose_shape",
    "Rearrangement",
    "numbered_reshape",
    "numbered_transpose",
    "PerceptronRun",
    "PerceptronUpdate",
    "perceptron_train",
    "perceptron_predict",
    "LayerRecord",
    "NetworkPass",
    "network_forward",
    "NetworkGrads",
    "network_backward",
    "TapeEntry",
    "TapeStep",
    "TapeGradient",
    "GradientTape",
    "softmax",
    "cross_entropy",
    "mse",
]


# ---------------------------------------------------------------- counting


def one_hot(labels: object, n_classes: int) -> np.ndarray:
    """Class indices as one-hot rows.

    Parameters
    ----------
    labels : array_like of int, shape (n,)
        Class indices in ``0 .. n_classes-1``.
    n_classes : int
        Number of classes C (>= 1).

    Returns
    -------
    ndarray, shape (n, C)
        Row i is the unit vector :math:`e_{y_i}`.

    Notes
    -----
    .. math::  Y_{ic} = [\\,c = y_i\\,],\\quad i = 0..n-1,\\ c = 0..C-1
    """
    n_classes = v.count("n_classes", n_classes)
    y = v.labels("labels", labels, n_classes=n_classes)
    v.check_elements("labels", y.size * n_classes, "one-hot entries")
    out = np.zeros((y.size, n_classes))
    out[np.arange(y.size), y] = 1.0
    return out


def dense_params(n_in: int, n_out: int, bias: bool = True) -> int:
    """Number of trainable numbers of a dense layer from ``n_in`` inputs to ``n_out`` units.

    Notes
    -----
    .. math::  P = n_\\text{in}\\, n_\\text{out} + n_\\text{out}\\ (\\text{with bias}),\\quad
               P = n_\\text{in}\\, n_\\text{out}\\ (\\text{without})
    """
    n_in = v.count("n_in", n_in, high=10**9)
    n_out = v.count("n_out", n_out, high=10**9)
    bias = v.flag("bias", bias)
    return n_in * n_out + (n_out if bias else 0)


def steps_per_epoch(n_samples: int, batch_size: int) -> int:
    """Gradient steps in one pass over ``n_samples`` in batches of ``batch_size`` (the last
    batch may be smaller).

    Notes
    -----
    .. math::  S = \\lceil N / B \\rceil
    """
    n_samples = v.count("n_samples", n_samples, high=10**12)
    batch_size = v.count("batch_size", batch_size, high=10**12)
    return -(-n_samples // batch_size)


# ---------------------------------------------------------------- shapes


def _shape(name: str, shape: object) -> tuple[int, ...]:
    if isinstance(shape, (str, bytes)) or not isinstance(shape, (tuple, list)):
        raise v.ArgumentTypeError(f"{name} must be a tuple of lengths >= 0, got {v.show(shape)}")
    return tuple(v.integer(f"{name}[{i}]", s, 0) for i, s in enumerate(shape))


def matmul_shape(a_shape: Sequence[int], b_shape: Sequence[int]) -> tuple[int, ...]:
    """Shape of ``a @ b`` (``np.matmul``) from the two shapes alone.

    A 1-D ``a`` is a row (a 1 is put in front, then dropped), a 1-D ``b`` a column (a 1
    is put behind, then dropped); the last axis of ``a`` meets the second-to-last of ``b``;
    the leading (batch) axes broadcast. For 2-D ``b`` this is the notes' rule
    (a, b, c, d)·(d, e) = (a, b, c, e).

    Raises
    ------
    ValueError
        Naming both axes when the inner lengths differ, or the batch axes that clash.

    Notes
    -----
    .. math::  (\\dots, m, k) \\cdot (\\dots, k, n) = (\\dots, m, n)
    """
    a = _shape("a_shape", a_shape)
    b = _shape("b_shape", b_shape)
    if not a:
        raise ValueError("a_shape must have at least 1 axis (matmul takes no scalars), got ()")
    if not b:
        raise ValueError("b_shape must have at least 1 axis (matmul takes no scalars), got ()")
    a2 = (1,) + a if len(a) == 1 else a
    b2 = b + (1,) if len(b) == 1 else b
    if a2[-1] != b2[-2]:
        b_axis = len(b) - 2 if len(b) > 1 else 0
        raise ValueError(f"a_shape axis {len(a) - 1} (length {a2[-1]}) must match b_shape "
                         f"axis {b_axis} (length {b2[-2]}): got {a} and {b}")
    batch = _broadcast((("a_shape", a2[:-2]), ("b_shape", b2[:-2])))
    out = batch + ((a2[-2],) if len(a) > 1 else ()) + ((b2[-1],) if len(b) > 1 else ())
    return out


def _broadcast(named: Sequence[tuple[str, tuple[int, ...]]]) -> tuple[int, ...]:
    """numpy's rule, right-aligned: equal lengths or a 1 broadcast; names the clash."""
    ndim = max((len(s) for _, s in named), default=0)
    out = []
    for k in range(1, ndim + 1):  # k-th axis from the right
        length, owner = 1, None
        for name, s in named:
            if k > len(s) or s[-k] == 1:
                continue
            if owner is None:
                length, owner = s[-k], (name, len(s) - k)
            elif s[-k] != length:
                raise ValueError(f"{owner[0]} axis {owner[1]} (length {length}) and {name} axis "
                                 f"{len(s) - k} (length {s[-k]}) cannot broadcast: lengths must "
                                 f"be equal or 1")
        out.append(length)
    return tuple(reversed(out))


def broadcast_shape(*shapes: Sequence[int]) -> tuple[int, ...]:
    """Shape of ``a + b + …`` under numpy's broadcasting.

    Shapes are aligned on their last axis; missing leading axes count as length 1; on
    each axis the lengths must be equal or 1, and a 1 is stretched (the data is repeated
    along that axis). ``(32, 10) + (10,)`` gives ``(32, 10)``: the vector gains an axis
    of length 1 in front, then is repeated 32 times.

    Raises
    ------
    ValueError
        Naming the two axes (``shapes[i] axis j``) whose lengths clash.

    Notes
    -----
    .. math::  n_k = \\max_i n_{i,k}\\quad\\text{where every } n_{i,k} \\in \\{1, n_k\\}
    """
    if not shapes:
        raise ValueError("shapes must name at least one shape, got none")
    named = [(f"shapes[{i}]", _shape(f"shapes[{i}]", s)) for i, s in enumerate(shapes)]
    return _broadcast(named)


def tensordot_shape(a_shape: Sequence[int], b_shape: Sequence[int],
                    axes: int = 1) -> tuple[int, ...]:
    """Shape of the tensor product ``np.tensordot(a, b, axes)``: the last ``axes`` axes of
    ``a`` are summed against the first ``axes`` axes of ``b``.

    With ``axes = 1`` this is the notes' rule (a, b, c, d)·(d, e) = (a, b, c, e): the last
    axis of ``a`` and the first of ``b`` must have the same length, and both disappear.

    Raises
    ------
    ValueError
        Naming both axes when a contracted pair has different lengths, or ``axes`` when
        either tensor has fewer than ``axes`` axes.

    Notes
    -----
    .. math::  (n_0, \\dots, n_{p-1}, k) \\cdot (k, m_1, \\dots, m_{q-1})
               = (n_0, \\dots, n_{p-1}, m_1, \\dots, m_{q-1}),\\quad
               z_{i\\ldots j\\ldots} = \\sum_{t=0}^{k-1} x_{i\\ldots t}\\, y_{t\\, j\\ldots}
    """
    a = _shape("a_shape", a_shape)
    b = _shape("b_shape", b_shape)
    axes = v.integer("axes", axes, 0, 32)
    if axes > len(a) or axes > len(b):
        raise ValueError(f"axes must be at most the number of axes of both shapes "
                         f"({len(a)} and {len(b)}), got {axes}")
    for k in range(axes):
        ia, ib = len(a) - axes + k, k
        if a[ia] != b[ib]:
            raise ValueError(f"a_shape axis {ia} (length {a[ia]}) must match b_shape axis {ib} "
                             f"(length {b[ib]}): got {a} and {b}")
    return a[:len(a) - axes] + b[axes:]


def _size(shape: tuple[int, ...]) -> int:
    n = 1
    for s in shape:
        n *= s
    return n


def reshape_shape(shape: Sequence[int], new_shape: Sequence[int]) -> tuple[int, ...]:
    """Shape of ``x.reshape(new_shape)`` for ``x`` of shape ``shape``: the same number of
    elements, read and written in row-major order; one entry of ``new_shape`` may be -1
    (worked out from the others).

    Raises
    ------
    ValueError
        Naming ``new_shape`` when the element counts differ or -1 cannot be resolved.

    Notes
    -----
    .. math::  \\prod_k n_k = \\prod_k m_k
    """
    old = _shape("shape", shape)
    if isinstance(new_shape, (str, bytes)) or not isinstance(new_shape, (tuple, list)):
        raise v.ArgumentTypeError(f"new_shape must be a tuple of lengths >= 0 (one may be -1), "
                                  f"got {v.show(new_shape)}")
    new = [v.integer(f"new_shape[{i}]", s, -1) for i, s in enumerate(new_shape)]
    n = _size(old)
    if new.count(-1) > 1:
        raise ValueError(f"new_shape may have at most one -1, got {tuple(new)}")
    if -1 in new:
        known = _size(tuple(s for s in new if s != -1))
        if known == 0 or n % known:
            raise ValueError(f"new_shape {tuple(new)} cannot hold the {n} elements of {old}")
        new[new.index(-1)] = n // known
    if _size(tuple(new)) != n:
        raise ValueError(f"new_shape {tuple(new)} holds {_size(tuple(new))} elements, "
                         f"shape {old} has {n}")
    return tuple(new)


def _axes(shape: tuple[int, ...], axes: object) -> tuple[int, ...]:
    if axes is None:
        return tuple(range(len(shape) - 1, -1, -1))
    if isinstance(axes, (str, bytes)) or not isinstance(axes, (tuple, list)):
        raise v.ArgumentTypeError(f"axes must be a permutation of 0..{len(shape) - 1}, "
                                  f"got {v.show(axes)}")
    perm = tuple(v.integer(f"axes[{i}]", a, 0, max(len(shape) - 1, 0)) for i, a in enumerate(axes))
    if sorted(perm) != list(range(len(shape))):
        raise ValueError(f"axes must be a permutation of 0..{len(shape) - 1}, got {perm}")
    return perm


def transpose_shape(shape: Sequence[int], axes: Sequence[int] | None = None) -> tuple[int, ...]:
    """Shape of ``np.transpose(x, axes)``: axis k of the result is axis ``axes[k]`` of ``x``
    (all axes reversed when ``axes`` is None; a matrix's rows become its columns).

    Notes
    -----
    .. math::  (n_0, \\dots, n_{r-1})^\\top = (n_{r-1}, \\dots, n_0)
    """
    s = _shape("shape", shape)
    return tuple(s[a] for a in _axes(s, axes))


@dataclass(frozen=True)
class Rearrangement:
    """A tensor whose elements are numbered 0, 1, 2, … in row-major order, and the same
    numbers after reshape or transpose: where each element goes."""

    before: np.ndarray
    """Element k sits at the k-th position of a row-major reading."""
    after: np.ndarray
    """The rearranged tensor (entries are the element numbers)."""
    positions: np.ndarray
    """``positions[k]``: the multi-index of element k in ``after``, shape (n, rank)."""


def _numbered(shape: tuple[int, ...]) -> np.ndarray:
    n = _size(shape)
    v.check_elements("shape", n, "elements")
    return np.arange(n).reshape(shape) if shape else np.array(0)


def _rowmajor_index(flat: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Multi-indices of row-major positions, by repeated division (no numpy unravel)."""
    out = np.zeros((flat.size, len(shape)), dtype=int)
    rest = flat.copy()
    for k in range(len(shape) - 1, -1, -1):
        out[:, k] = rest % shape[k]
        rest //= shape[k]
    return out


def _place(k: np.ndarray, positions: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The array of ``shape`` holding number ``k[i]`` at multi-index ``positions[i]``."""
    flat = np.zeros(k.size, dtype=int)
    for axis, length in enumerate(shape):
        flat = flat * length + positions[:, axis]
    out = np.empty(k.size, dtype=int)
    out[flat] = k
    return out.reshape(shape)


def numbered_reshape(shape: Sequence[int], new_shape: Sequence[int]) -> Rearrangement:
    """Reshape keeps the row-major reading order: element k goes to the k-th position of the
    new shape, so rows are cut and refilled, not turned.

    Notes
    -----
    .. math::  \\text{element } k \\text{ of } (n_0, \\dots) \\mapsto \\text{position } k
               \\text{ of } (m_0, \\dots) \\text{ (row-major)}
    """
    old = _shape("shape", shape)
    new = reshape_shape(old, new_shape)
    before = _numbered(old)
    k = np.arange(before.size)
    positions = _rowmajor_index(k, new)
    return Rearrangement(before=before, after=_place(k, positions, new), positions=positions)


def numbered_transpose(shape: Sequence[int], axes: Sequence[int] | None = None) -> Rearrangement:
    """Transpose moves element (i₀, …, i_{r−1}) to (i_{axes[0]}, …): for a matrix, entry
    (i, j) goes to (j, i), so each row becomes a column.

    Notes
    -----
    .. math::  y_{j, i} = x_{i, j}\\quad\\text{(matrix)},\\qquad
               y_{i_{p(0)}, \\dots, i_{p(r-1)}} = x_{i_0, \\dots, i_{r-1}}
    """
    old = _shape("shape", shape)
    perm = _axes(old, axes)
    new = tuple(old[a] for a in perm)
    before = _numbered(old)
    k = np.arange(before.size)
    src = _rowmajor_index(k, old)
    positions = src[:, list(perm)]
    return Rearrangement(before=before, after=_place(k, positions, new), positions=positions)



# ---------------------------------------------------------------- the perceptron


@dataclass(frozen=True)
class PerceptronUpdate:
    """One visit of the rule to a sample: what it predicted and how the weights moved."""

    epoch: int
    """1-based pass over the data."""
    index: int
    """Which sample (row of X)."""
    prediction: int
    """ŷ = step(w·x + b) before the update."""
    target: int
    error: int
    """y − ŷ ∈ {−1, 0, 1}; 0 leaves w and b unchanged."""
    w: np.ndarray
    """Weights after the visit."""
    b: float
    """Bias after the visit."""


@dataclass(frozen=True)
class PerceptronRun:
    """The perceptron rule run over the data, epoch after epoch.

    ``weights[u]``, ``biases[u]`` after the u-th change (entry 0: the start), so the line
    can be drawn moving with each update; ``errors[e]`` misclassified samples in epoch
    e+1; ``converged`` when an epoch made no mistake (the run stops there).
    """

    weights: np.ndarray
    biases: np.ndarray
    visits: tuple[PerceptronUpdate, ...]
    errors: np.ndarray
    converged: bool

    @property
    def w(self) -> np.ndarray:
        return self.weights[-1]

    @property
    def b(self) -> float:
        return float(self.biases[-1])


def perceptron_predict(w: object, b: float, X: object) -> np.ndarray:
    """ŷ = step(w·x + b): 1 where the weighted sum exceeds 0 (the threshold −b), else 0.

    Notes
    -----
    .. math::  \\hat y = [\\, w^\\top x + b > 0 \\,]
    """
    w = v.array("w", w, ndim=1)
    b = v.finite_float("b", b)
    X = v.array("X", X, shape=(None, w.size))
    return (X @ w + b > 0).astype(int)


def perceptron_train(X: object, y: object, lr: float = 1.0, epochs: int = 10,
                     w0: object | None = None, b0: float = 0.0) -> PerceptronRun:
    """Rosenblatt's rule: visit the samples in order; on a mistake move w and b toward it.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Inputs.
    y : array_like of {0, 1}, shape (n,)
        Targets.
    lr : float
        Learning rate η > 0.
    epochs : int
        Most passes over the data (1 .. 10 000); the run stops after the first pass
        without a mistake.
    w0, b0 : optional
        Starting weights (zeros by default) and bias.

    Notes
    -----
    .. math::  \\hat y = [\\,w^\\top x_i + b > 0\\,],\\quad
               w \\leftarrow w + \\eta\\,(y_i - \\hat y)\\,x_i,\\quad
               b \\leftarrow b + \\eta\\,(y_i - \\hat y)
    """
    X = v.array("X", X, ndim=2)
    n, d = X.shape
    y = v.labels("y", y, n, n_classes=2)
    lr = v.positive("lr", lr)
    epochs = v.integer("epochs", epochs, 1, 10_000)
    w = np.zeros(d) if w0 is None else v.array("w0", w0, shape=(d,)).copy()
    b = v.finite_float("b0", b0)
    v.check_elements("epochs", epochs * n, "sample visits")
    weights, biases, visits, errors = [w.copy()], [b], [], []
    converged = False
    for epoch in range(1, epochs + 1):
        wrong = 0
        for i in range(n):
            pred = int(X[i] @ w + b > 0)
            err = int(y[i]) - pred
            if err:
                wrong += 1
                w = w + lr * err * X[i]
                b = b + lr * err
                weights.append(w.copy())
                biases.append(b)
            visits.append(PerceptronUpdate(epoch=epoch, index=i, prediction=pred,
                                           target=int(y[i]), error=err, w=w.copy(), b=b))
        errors.append(wrong)
        if wrong == 0:
            converged = True
            break
    return PerceptronRun(weights=np.array(weights), biases=np.array(biases),
                         visits=tuple(visits), errors=np.array(errors), converged=converged)


# ---------------------------------------------------------------- dense network


@dataclass(frozen=True)
class LayerRecord:
    """One dense layer of a forward pass: ``z = a_prev Wᵀ + b``, then ``a = f(z)``."""

    inputs: np.ndarray
    """a_prev, shape (batch, n_in)."""
    z: np.ndarray
    """Pre-activation, shape (batch, n_out)."""
    a: np.ndarray
    """Activation (softmax for the output layer), shape (batch, n_out)."""
    activation: str


@dataclass(frozen=True)
class NetworkPass:
    """Every layer of a forward pass, in order; ``output`` the softmax probabilities."""

    layers: tuple[LayerRecord, ...]

    @property
    def output(self) -> np.ndarray:
        return self.layers[-1].a

    @property
    def shapes(self) -> tuple[tuple[int, ...], ...]:
        """The activations' shapes from the input on: (B, n_0), (B, n_1), …"""
        return (self.layers[0].inputs.shape,) + tuple(l.a.shape for l in self.layers)


def network_forward(params: MLPParams, X: object, activation: str = "relu") -> NetworkPass:
    """Forward pass through dense layers (hidden: ``activation``; output: softmax), every
    layer kept. Uses :func:`dlmath.linear.mlp_forward`.

    Notes
    -----
    .. math::  a_0 = X,\\quad z_l = a_{l-1} W_l^\\top + b_l,\\quad a_l = f(z_l),\\quad
               a_L = \\mathrm{softmax}(z_L)
    """
    v.instance("params", params, MLPParams)
    X = v.array("X", X, ndim=(1, 2))
    X = X[None, :] if X.ndim == 1 else X
    fwd = mlp_forward(params, X, activation)
    inputs = (X,) + fwd.hidden
    layers = [LayerRecord(inputs=inputs[l], z=z, a=a, activation=activation)
              for l, (z, a) in enumerate(zip(fwd.pre, fwd.hidden))]
    layers.append(LayerRecord(inputs=inputs[-1], z=fwd.logits, a=fwd.probs,
                              activation="softmax"))
    return NetworkPass(layers=tuple(layers))


@dataclass(frozen=True)
class NetworkGrads:
    """The mean cross-entropy of a batch and its gradient with respect to every W_l, b_l."""

    loss: float
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]


def network_backward(params: MLPParams, X: object, y: object,
                     activation: str = "relu") -> NetworkGrads:
    """Backward pass of :func:`network_forward` for the mean cross-entropy with labels ``y``
    (backpropagation by :func:`dlmath.linear.mlp_loss_grads`).

    Notes
    -----
    .. math::  \\delta_L = \\tfrac1n (P - Y),\\quad
               \\partial L/\\partial W_l = \\delta_l^\\top a_{l-1},\\quad
               \\delta_{l-1} = (\\delta_l W_l) \\odot f'(z_{l-1})
    """
    v.instance("params", params, MLPParams)
    X = v.array("X", X, ndim=(1, 2))
    X = X[None, :] if X.ndim == 1 else X
    y = v.labels("y", y, X.shape[0], params.weights[-1].shape[0])
    loss, g = mlp_loss_grads(params, X, y, activation)
    return NetworkGrads(loss=float(loss), weights=g.weights, biases=g.biases)


# ---------------------------------------------------------------- gradient tape

_UNARY = {
    "exp": (math.exp, lambda x, out: (out,)),
    "log": (math.log, lambda x, out: (1.0 / x,)),
    "sigmoid": (lambda x: 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x)),
                lambda x, out: (out * (1.0 - out),)),
    "tanh": (math.tanh, lambda x, out: (1.0 - out * out,)),
    "relu": (lambda x: max(x, 0.0), lambda x, out: (1.0 if x > 0 else 0.0,)),
    "square": (lambda x: x * x, lambda x, out: (2.0 * x,)),
}
_BINARY = {
    "add": (lambda a, b: a + b, lambda a, b, out: (1.0, 1.0)),
    "sub": (lambda a, b: a - b, lambda a, b, out: (1.0, -1.0)),
    "mul": (lambda a, b: a * b, lambda a, b, out: (b, a)),
}


@dataclass(frozen=True)
class TapeEntry:
    """One recorded operation: ``output = op(inputs)`` with its value and the local
    derivatives ∂output/∂input (one per input), known at recording time."""

    index: int
    op: str
    inputs: tuple[str, ...]
    output: str
    value: float
    local: tuple[float, ...]


@dataclass(frozen=True)
class TapeStep:
    """Replaying one entry backwards: the output's gradient (upstream) times each local
    derivative is added to that input's gradient."""

    entry: TapeEntry
    upstream: float
    contributions: tuple[float, ...]
    """upstream × local, one per input (in the entry's input order)."""


@dataclass(frozen=True)
class TapeGradient:
    """The tape replayed from ``target``: the steps in reverse order and every gradient."""

    target: str
    steps: tuple[TapeStep, ...]
    grads: dict[str, float]
    """∂target/∂name for every variable and intermediate on the tape."""


class GradientTape:
    """Records scalar operations in order (as ``tf.GradientTape`` does), then replays them
    backwards to give the gradient of one result with respect to everything recorded.

    >>> tape = GradientTape()
    >>> w, x = tape.watch("w", 0.8), tape.watch("x", 1.5)
    >>> u = tape.mul(w, x, "u")
    >>> tape.gradient(u).grads["w"]
    1.5

    Notes
    -----
    .. math::  \\bar v_\\text{out} = 1,\\qquad
               \\bar v_i \\mathrel{+}= \\bar v_\\text{out}\\,
               \\frac{\\partial\\,\\text{out}}{\\partial v_i}
               \\quad\\text{(entries in reverse order)}
    """

    def __init__(self) -> None:
        self._values: dict[str, float] = {}
        self._variables: list[str] = []
        self._entries: list[TapeEntry] = []

    @property
    def entries(self) -> tuple[TapeEntry, ...]:
        """The operations in the order they were recorded."""
        return tuple(self._entries)

    @property
    def variables(self) -> tuple[str, ...]:
        """The watched inputs, in the order they were given."""
        return tuple(self._variables)

    def value(self, name: str) -> float:
        """The forward value of ``name``."""
        self._known("name", name)
        return self._values[name]

    def _known(self, arg: str, name: object) -> str:
        if not isinstance(name, str) or name not in self._values:
            raise ValueError(f"{arg} must name a value on the tape "
                             f"({', '.join(self._values) or 'none yet'}), got {v.show(name)}")
        return name

    def _new_name(self, name: str | None) -> str:
        if name is None:
            name = f"v{len(self._entries) + 1}"
        if not isinstance(name, str) or not name:
            raise v.ArgumentTypeError(f"name must be a non-empty string, got {v.show(name)}")
        if name in self._values:
            raise ValueError(f"name {name!r} is already on the tape")
        return name

    def watch(self, name: str, value: float) -> str:
        """An input variable ``name`` = ``value`` whose gradient the tape will give."""
        name = self._new_name(name)
        self._values[name] = v.finite_float("value", value)
        self._variables.append(name)
        return name

    def _record(self, op: str, inputs: tuple[str, ...], out: float,
                local: tuple[float, ...], name: str | None) -> str:
        if not math.isfinite(out) or not all(math.isfinite(g) for g in local):
            raise ValueError(f"{op}({', '.join(inputs)}) overflows: the result is not finite")
        name = self._new_name(name)
        self._values[name] = out
        self._entries.append(TapeEntry(index=len(self._entries), op=op, inputs=inputs,
                                       output=name, value=out, local=tuple(local)))
        return name

    def _binary(self, op: str, a: str, b: str, name: str | None) -> str:
        a, b = self._known("a", a), self._known("b", b)
        f, d = _BINARY[op]
        x, y = self._values[a], self._values[b]
        out = f(x, y)
        return self._record(op, (a, b), out, d(x, y, out), name)

    def _unary(self, op: str, a: str, name: str | None) -> str:
        a = self._known("a", a)
        x = self._values[a]
        if op == "log" and x <= 0:
            raise ValueError(f"a must be > 0 for log, got {a} = {x:g}")
        f, d = _UNARY[op]
        try:
            out = f(x)
        except OverflowError:
            raise ValueError(f"{op}({a}) overflows: {a} = {x:g}") from None
        return self._record(op, (a,), out, d(x, out), name)

    def add(self, a: str, b: str, name: str | None = None) -> str:
        """a + b."""
        return self._binary("add", a, b, name)

    def sub(self, a: str, b: str, name: str | None = None) -> str:
        """a − b."""
        return self._binary("sub", a, b, name)

    def mul(self, a: str, b: str, name: str | None = None) -> str:
        """a · b."""
        return self._binary("mul", a, b, name)

    def exp(self, a: str, name: str | None = None) -> str:
        """e^a."""
        return self._unary("exp", a, name)

    def log(self, a: str, name: str | None = None) -> str:
        """ln a (a > 0)."""
        return self._unary("log", a, name)

    def sigmoid(self, a: str, name: str | None = None) -> str:
        """σ(a) = 1 / (1 + e^{−a})."""
        return self._unary("sigmoid", a, name)

    def tanh(self, a: str, name: str | None = None) -> str:
        """tanh a."""
        return self._unary("tanh", a, name)

    def relu(self, a: str, name: str | None = None) -> str:
        """max(a, 0) (derivative 0 at a = 0)."""
        return self._unary("relu", a, name)

    def square(self, a: str, name: str | None = None) -> str:
        """a²."""
        return self._unary("square", a, name)

    def gradient(self, target: str) -> TapeGradient:
        """Replay the tape backwards from ``target``: every ∂target/∂v.

        Entries recorded after ``target`` do not influence it and are skipped.
        """
        target = self._known("target", target)
        grads = {name: 0.0 for name in self._values}
        grads[target] = 1.0
        last = next((e.index for e in self._entries if e.output == target), -1)
        steps = []
        for entry in reversed(self._entries[:last + 1]):
            up = grads[entry.output]
            contrib = tuple(up * g for g in entry.local)
            for name, c in zip(entry.inputs, contrib):
                grads[name] += c
            steps.append(TapeStep(entry=entry, upstream=up, contributions=contrib))
        return TapeGradient(target=target, steps=tuple(steps), grads=grads)


# ---------------------------------------------------------------- losses


def softmax(z: object) -> np.ndarray:
    """Probabilities from scores, along the last axis (max subtracted, so no overflow).

    Notes
    -----
    .. math::  p_c = \\frac{e^{z_c}}{\\sum_{k} e^{z_k}}
    """
    z = v.array("z", z, ndim=(1, 2))
    return _softmax_rows(z[None, :])[0] if z.ndim == 1 else _softmax_rows(z)


def _pred_target(p: object, t: object) -> tuple[np.ndarray, np.ndarray]:
    p = v.array("p", p, ndim=(1, 2))
    t = v.array("target", t, ndim=(1, 2))
    if p.shape != t.shape:
        raise ValueError(f"target must have the shape of p {p.shape}, got {t.shape}")
    return p, t


def cross_entropy(p: object, target: object, eps: float = 1e-12) -> float:
    """Cross-entropy of predicted probabilities ``p`` against ``target`` (one-hot rows or
    any distribution), averaged over rows; ``p`` is clipped at ``eps`` so log 0 never occurs.

    Notes
    -----
    .. math::  \\mathrm{CE} = -\\frac1n \\sum_i \\sum_c t_{ic} \\log p_{ic}
               \\;=\\; -\\log p_{y}\\ \\text{for one one-hot row}
    """
    p, t = _pred_target(p, target)
    eps = v.finite_float("eps", eps, 0.0, 1.0, low_open=True, high_open=True)
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("p must hold probabilities in [0, 1]")
    logs = np.log(np.clip(p, eps, 1.0))
    rows = -(t * logs).sum(axis=-1)
    return float(np.mean(rows))


def mse(p: object, target: object) -> float:
    """Mean squared error of ``p`` against ``target``, averaged over every entry.

    Notes
    -----
    .. math::  \\mathrm{MSE} = \\frac{1}{nC} \\sum_i \\sum_c (p_{ic} - t_{ic})^2
    """
    p, t = _pred_target(p, target)
    return float(np.mean((p - t) ** 2))
