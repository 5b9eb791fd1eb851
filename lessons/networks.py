"""Networks lessons: a perceptron learning logic gates, a forward pass through a small dense
network with its shapes, a dense network trained on scikit-learn's 8×8 digits with
flattened pixels and one-hot targets, tensors and their shape rules, a gradient tape, and
the notes' Keras recipe counted. Everything shown is computed here from
:mod:`dlmath.networks` (and :mod:`dlmath.linear`'s MLP, which it builds on).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dlmath import networks as nw
from dlmath.linear import MLPParams, line_in_box, train_mlp, train_test_split
from dlmath.networks import NetworkPass, PerceptronRun, PerceptronUpdate
from lessons import Lesson, Params, param

__all__ = [
    "LESSONS",
    "PerceptronParams", "PerceptronData", "GateRun", "perceptron",
    "ForwardPassParams", "ForwardPassData", "NeuronSum", "forward_pass",
    "FlattenOneHotParams", "FlattenOneHotData", "DigitsNet", "flatten_one_hot", "digits_net",
    "TensorsParams", "TensorsData", "TensorExample", "tensors",
    "GradientTapeParams", "GradientTapeData", "gradient_tape",
    "KerasRecipeParams", "KerasRecipeData", "keras_recipe",
]

SEED_MAX = 99_999
"""Largest seed a lecturer may type (any seed works; this keeps the field readable)."""


# ---------------------------------------------------------------- Perceptron

CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
"""The four inputs (x₁, x₂) of a two-input logic gate."""
GATES = {"AND": (0, 0, 0, 1), "OR": (0, 1, 1, 1), "XOR": (0, 1, 1, 0)}
"""Targets of the gates at the four corners, in the order of :data:`CORNERS`."""
PERCEPTRON_BOX = (-0.5, 1.5)
"""The plotted square x₁, x₂ ∈ [−0.5, 1.5]: the corners with half a unit of room."""
PERCEPTRON_MAX_UPDATES = 8
"""Most weight updates animated for AND or for OR: each update is a 2.5 s step (the
sample, the update's equation, the line moving); more would push the clip past 90 s."""
PERCEPTRON_MAX_EPOCHS = 200
"""Epochs the rule may take on AND/OR before the lesson gives up (it converges on any
separable data; a start far away only takes long, and is refused by the update limit)."""


@dataclass(frozen=True)
class PerceptronParams(Params):
    """Perceptron's inputs: the learning rate and the starting line, shared by AND, OR, XOR."""

    lr: float = param(0.5, "the learning rate η of w ← w + η(y − ŷ)x", low=0.1, high=1.0)
    w0: tuple[float, ...] = param((-0.5, 1.0), "the starting weights (w₁, w₂)", length=(2, 2),
                                  low=-2.0, high=2.0)
    b0: float = param(-0.2, "the starting bias b", low=-2.0, high=2.0)
    xor_epochs: int = param(3, "epochs shown on XOR (the rule never stops there)", low=1, high=5)

    def check(self) -> None:
        if not any(self.w0):
            self.refuse("w0", self.w0, "a nonzero start: with w = (0, 0) there is no line to draw")
        for gate in ("AND", "OR"):
            run = _gate_run(self, gate, PERCEPTRON_MAX_EPOCHS)
            updates = len(run.weights) - 1
            if updates > PERCEPTRON_MAX_UPDATES:  # (a run that never converged has ≥ 200)
                self.refuse("w0", self.w0, f"a start from which AND and OR each need at most "
                            f"{PERCEPTRON_MAX_UPDATES} updates ({gate} needs {updates}); "
                            "or change lr / b0")


@lru_cache(maxsize=32)
def _gate_run(p: PerceptronParams, gate: str, epochs: int) -> PerceptronRun:
    return nw.perceptron_train(CORNERS, GATES[gate], p.lr, epochs, w0=p.w0, b0=p.b0)


@dataclass(frozen=True)
class GateRun:
    """One gate learned by the perceptron rule."""

    name: str
    targets: tuple[int, ...]
    run: PerceptronRun
    updates: tuple[PerceptronUpdate, ...]
    """The visits that changed w and b (error ≠ 0), in order: ``updates[u]`` leads from
    ``run.weights[u]`` to ``run.weights[u + 1]``."""
    segments: tuple[tuple[np.ndarray, np.ndarray] | None, ...]
    """The line w·x + b = 0 inside :data:`PERCEPTRON_BOX` for every state of the run (None
    when w = 0 or the line misses the box)."""


def _segment(w: np.ndarray, b: float):
    if not np.any(w):
        return None
    try:
        return line_in_box(w, -b, PERCEPTRON_BOX, PERCEPTRON_BOX)
    except ValueError:  # the line misses the plotted square
        return None


def _gate(p: PerceptronParams, name: str, epochs: int) -> GateRun:
    run = _gate_run(p, name, epochs)
    return GateRun(name=name, targets=GATES[name], run=run,
                   updates=tuple(u for u in run.visits if u.error),
                   segments=tuple(_segment(w, b) for w, b in zip(run.weights, run.biases)))


@dataclass(frozen=True)
class PerceptronData:
    """What Perceptron draws: AND and OR learned, XOR failing."""

    corners: np.ndarray
    box: tuple[float, float]
    gates: tuple[GateRun, ...]
    """AND, then OR (both converge)."""
    xor: GateRun
    """XOR over ``xor_epochs`` epochs: every epoch has errors."""


def perceptron(params: PerceptronParams) -> PerceptronData:
    """AND, OR and XOR by :func:`dlmath.networks.perceptron_train` from the same start."""
    return PerceptronData(corners=CORNERS, box=PERCEPTRON_BOX,
                          gates=tuple(_gate(params, g, PERCEPTRON_MAX_EPOCHS) for g in ("AND", "OR")),
                          xor=_gate(params, "XOR", params.xor_epochs))


# ---------------------------------------------------------------- ForwardPass

FORWARD_MAX_HIDDEN = 6
"""Most hidden units: six 0.8-unit cells with gaps fill the height under the title."""
FORWARD_MAX_OUTPUTS = 4
"""Most output units: the output layer's row vectors z₂ and p stay inside the right panel."""
FORWARD_MAX_LAYERS = 6
"""Most layer widths in the deep/wide comparison: longer arrows of sizes leave the panel."""
FORWARD_MAX_WIDTH = 4096
"""Widest layer in the deep/wide comparison (the parameter counts stay ≤ 9 digits)."""


@dataclass(frozen=True)
class ForwardPassParams(Params):
    """ForwardPass's inputs: one input point through a 2 → hidden → outputs network."""

    x: tuple[float, ...] = param((1.0, -0.5), "the input (x₁, x₂)", length=(2, 2),
                                 low=-3.0, high=3.0)
    hidden: int = param(5, "hidden units n₁", low=2, high=FORWARD_MAX_HIDDEN)
    outputs: int = param(3, "output classes n₂", low=2, high=FORWARD_MAX_OUTPUTS)
    activation: str = param("relu", "the hidden layer's activation f",
                            choices=("relu", "tanh", "sigmoid"))
    seed: int = param(2, "seed of the weights (drawn, then rounded to one decimal so the "
                         "sums can be checked by hand)", low=0, high=SEED_MAX)
    batch: int = param(128, "batch size B in the shapes (B, 2) → (B, n₁) → (B, n₂)",
                       low=1, high=100_000)
    deep: tuple[int, ...] = param((784, 128, 128, 128, 10), "layer widths of the deep network",
                                  length=(3, FORWARD_MAX_LAYERS), low=1, high=FORWARD_MAX_WIDTH)
    wide: tuple[int, ...] = param((784, 512, 10), "layer widths of the wide network (the "
                                  "notes' Keras model)", length=(3, FORWARD_MAX_LAYERS),
                                  low=1, high=FORWARD_MAX_WIDTH)
    train_size: int = param(60_000, "training images N (MNIST)", low=1, high=10_000_000)
    epochs: int = param(5, "epochs of model.fit", low=1, high=1000)

    def check(self) -> None:
        if self.deep[0] != self.wide[0] or self.deep[-1] != self.wide[-1]:
            self.refuse("wide", self.wide, "the same input and output widths as deep "
                        f"({self.deep[0]} → … → {self.deep[-1]}): the two must do the same job")
        if self.batch > self.train_size:
            self.refuse("batch", self.batch, f"at most train_size = {self.train_size}")


@dataclass(frozen=True)
class NeuronSum:
    """One unit's weighted sum, term by term: z = Σ_i w_i a_i + b, then a = f(z)."""

    unit: int
    weights: np.ndarray
    inputs: np.ndarray
    bias: float
    z: float
    a: float


@dataclass(frozen=True)
class ForwardPassData:
    """What ForwardPass draws."""

    net: MLPParams
    """W₁ (n₁, 2), b₁, W₂ (n₂, n₁), b₂ (dlmath's (out, in) layout)."""
    forward: NetworkPass
    """x → z₁, a₁ = f(z₁) → z₂, p = softmax(z₂), every layer kept."""
    first_sum: NeuronSum
    """Hidden unit 1's sum, written out."""
    out_sum: NeuronSum
    """Output unit 1's sum, written out."""
    shapes: tuple[tuple[int, ...], ...]
    """(B, 2) · (2, n₁) → (B, n₁) · (n₁, n₂) → (B, n₂): inputs, weights, result, …"""
    layer_params: tuple[int, ...]
    """Parameters of each layer of the drawn network."""
    deep_params: tuple[int, ...]
    wide_params: tuple[int, ...]
    steps_per_epoch: int
    total_steps: int


def _net(p: ForwardPassParams) -> MLPParams:
    rng = np.random.default_rng(p.seed)
    sizes = (2, p.hidden, p.outputs)
    Ws = tuple(np.round(rng.normal(0.0, 0.8, (o, i)), 1) for i, o in zip(sizes, sizes[1:]))
    bs = tuple(np.round(rng.normal(0.0, 0.3, o), 1) for o in sizes[1:])
    return MLPParams(weights=Ws, biases=bs)


def _neuron(net: MLPParams, fwd: NetworkPass, layer: int, unit: int) -> NeuronSum:
    rec = fwd.layers[layer]
    return NeuronSum(unit=unit, weights=net.weights[layer][unit], inputs=rec.inputs[0],
                     bias=float(net.biases[layer][unit]), z=float(rec.z[0, unit]),
                     a=float(rec.a[0, unit]))


def forward_pass(params: ForwardPassParams) -> ForwardPassData:
    """The forward pass (:func:`dlmath.networks.network_forward`), the shape chain
    (:func:`~dlmath.networks.matmul_shape`), parameter and step counts."""
    net = _net(params)
    fwd = nw.network_forward(net, np.array([params.x]), params.activation)
    b, n1, n2 = params.batch, params.hidden, params.outputs
    h_shape = nw.matmul_shape((b, 2), (2, n1))
    o_shape = nw.matmul_shape(h_shape, (n1, n2))
    per_layer = lambda sizes: tuple(nw.dense_params(i, o) for i, o in zip(sizes, sizes[1:]))
    spe = nw.steps_per_epoch(params.train_size, params.batch)
    return ForwardPassData(
        net=net, forward=fwd, first_sum=_neuron(net, fwd, 0, 0), out_sum=_neuron(net, fwd, 1, 0),
        shapes=((b, 2), (2, n1), h_shape, (n1, n2), o_shape),
        layer_params=per_layer((2, n1, n2)), deep_params=per_layer(params.deep),
        wide_params=per_layer(params.wide), steps_per_epoch=spe,
        total_steps=spe * params.epochs)


# ---------------------------------------------------------------- FlattenOneHot

DIGITS_MAX_WORK = 1280
"""Largest hidden × epochs: training time grows with both (32 × 15 takes about 1.3 s here);
1280 keeps a render's training under ~4 s."""
FLATTEN_MAX_FILTERS = 8
"""Most first-layer weight images: eight 1.5-unit 8×8 images fill the frame's width."""


@dataclass(frozen=True)
class FlattenOneHotParams(Params):
    """FlattenOneHot's inputs: the digits network and which held-out digit is shown."""

    digit: int = param(51, "which held-out digit is shown (its index in the test split)",
                       low=0, high=359)
    hidden: int = param(32, "hidden ReLU units of the 64 → hidden → 10 network", low=8, high=64)
    epochs: int = param(15, "epochs of mini-batch gradient descent", low=1, high=40)
    lr: float = param(0.2, "learning rate η", low=0.01, high=1.0)
    batch_size: int = param(32, "digits per gradient step", low=1, high=256)
    seed: int = param(0, "seed of the split, the initial weights and the shuffles",
                      low=0, high=SEED_MAX)
    filters: int = param(8, "first-layer weight rows shown as 8×8 images", low=1,
                         high=FLATTEN_MAX_FILTERS)

    def check(self) -> None:
        if self.hidden * self.epochs > DIGITS_MAX_WORK:
            self.refuse("epochs", self.epochs, f"hidden × epochs ≤ {DIGITS_MAX_WORK} "
                        "(training must stay a few seconds)")


DIGITS_TEST = 360
"""Held-out digits (20 % of scikit-learn's 1,797), never seen in training."""


@dataclass(frozen=True)
class DigitsNet:
    """The 64 → hidden → 10 network trained on the digits."""

    n_train: int
    n_test: int
    test_accuracy: float
    train_accuracy: float
    params: MLPParams
    X_test: np.ndarray
    """Held-out pixels scaled to [0, 1] (÷ 16), one flattened digit per row."""
    y_test: np.ndarray
    pixels_test: np.ndarray
    """The same digits as raw 8×8 pixel values 0–16."""


@lru_cache(maxsize=4)
def digits_net(hidden: int, epochs: int, lr: float, batch_size: int, seed: int) -> DigitsNet:
    """scikit-learn's bundled digits, ÷ 16, split, and trained by :func:`dlmath.linear.train_mlp`
    (ReLU hidden layer, softmax output, cross-entropy); cached (scene and handout share it)."""
    from sklearn.datasets import load_digits  # bundled with scikit-learn: no download

    digits = load_digits()
    raw = digits.data.astype(float)
    idx = np.arange(len(raw), dtype=float)[:, None]
    X_tr, y_tr, X_te, y_te = train_test_split(np.hstack([raw / 16.0, idx]), digits.target,
                                              DIGITS_TEST / len(raw), seed)
    hist = train_mlp(X_tr[:, :64], y_tr, hidden=(hidden,), activation="relu", lr=lr,
                     epochs=epochs, batch_size=batch_size, seed=seed, X_test=X_te[:, :64],
                     y_test=y_te, n_classes=10)
    pixels = raw[X_te[:, 64].astype(int)].reshape(-1, 8, 8)
    return DigitsNet(n_train=len(y_tr), n_test=len(y_te), test_accuracy=float(hist.test_acc[-1]),
                     train_accuracy=float(hist.train_acc[-1]), params=hist.params,
                     X_test=X_te[:, :64], y_test=y_te, pixels_test=pixels)


@dataclass(frozen=True)
class FlattenOneHotData:
    """What FlattenOneHot draws."""

    pixels: np.ndarray
    """The shown digit, 8×8 values 0–16."""
    x: np.ndarray
    """The same digit flattened and scaled: 64 values in [0, 1]."""
    label: int
    scale_row: int
    """The pixel row shown divided by 16: the one with the most different values."""
    near: tuple[int, int]
    """(a neighbouring label, |label − it|): integers call these two close."""
    far: tuple[int, int]
    """(a far label, |label − it|): integers call these two far apart."""
    target: np.ndarray
    """one_hot(label, 10)."""
    one_hots: np.ndarray
    """one_hot(0 … 9, 10): the ten targets, for the orthogonality picture."""
    one_hot_distance: float
    """‖e_i − e_j‖ for i ≠ j (the same for every pair)."""
    net: DigitsNet
    probs: np.ndarray
    """The trained network's softmax output for the shown digit."""
    predicted: int
    cross_entropy: float
    mse: float
    filters: np.ndarray
    """The first ``filters`` rows of W₁ as 8×8 images."""
    filter_scale: float
    """max |w| over the shown images (the colour scale's end)."""


def flatten_one_hot(params: FlattenOneHotParams) -> FlattenOneHotData:
    """The digit, its flattened input, one-hot targets, the trained network's prediction and
    losses (:mod:`dlmath.networks`), and the first layer's weights."""
    net = digits_net(params.hidden, params.epochs, params.lr, params.batch_size, params.seed)
    i = params.digit
    x, label = net.X_test[i], int(net.y_test[i])
    target = nw.one_hot([label], 10)[0]
    eye = nw.one_hot(np.arange(10), 10)
    probs = nw.network_forward(net.params, x, "relu").output[0]
    filters = net.params.weights[0][:params.filters].reshape(-1, 8, 8)
    pixels = net.pixels_test[i]
    row = int(np.argmax([np.unique(r).size for r in pixels]))
    near = label + 1 if label < 9 else label - 1
    far = 0 if label >= 5 else 9
    return FlattenOneHotData(
        pixels=pixels, x=x, label=label, scale_row=row, near=(near, abs(label - near)),
        far=(far, abs(label - far)), target=target, one_hots=eye,
        one_hot_distance=float(np.linalg.norm(eye[0] - eye[1])), net=net, probs=probs,
        predicted=int(np.argmax(probs)), cross_entropy=nw.cross_entropy(probs, target),
        mse=nw.mse(probs, target), filters=filters, filter_scale=float(np.abs(filters).max()))


# ---------------------------------------------------------------- Tensors

TENSORS_MAX_SIDE = 64
"""Largest image side drawn as a pixel grid: 64 lines across 2.2 units are 4.6 px apart at
1080p; more would blur into a grey square."""
TENSORS_MAX_CHANNELS = 4
"""Most colour channels drawn as stacked planes beside each other."""
BROADCAST_MAX_ROWS = 64
"""Most rows of the broadcast matrix: 64 strips fill 3.5 units at 0.055 each."""
BROADCAST_MAX_COLS = 12
"""Most columns: each is a numbered cell of 0.42 units; 12 fill half the frame's width."""
RESHAPE_MAX_CELLS = 12
"""Most elements of the reshaped matrix: its three copies must fit side by side."""
TENSOR_LABEL = 7
"""The scalar of the ladder: a digit's label, as in FlattenOneHot."""
TENSOR_CLASSES = 10
"""The vector of the ladder: that label one-hot over 10 classes."""


@dataclass(frozen=True)
class TensorsParams(Params):
    """Tensors' inputs: the image batch of the ladder and the product, the broadcast shapes,
    and the matrix that is reshaped and transposed."""

    side: int = param(28, "image side H = W in pixels (MNIST: 28)", low=2, high=TENSORS_MAX_SIDE)
    channels: int = param(3, "colour channels C of the 3-D image (H, W, C)", low=1,
                          high=TENSORS_MAX_CHANNELS)
    batch: int = param(128, "images B in the 4-D batch (B, H, W, C)", low=1, high=100_000)
    units: int = param(8, "columns e of the matrix (C, e) in the tensor product", low=1,
                       high=4096)
    x_shape: tuple[int, ...] = param((32, 10), "shape of the matrix X in X + y (the notes' "
                                     "(32, 10)); at least 2 rows, so the row is repeated",
                                     length=(2, 2), low=2, high=BROADCAST_MAX_ROWS)
    y_shape: tuple[int, ...] = param((10,), "shape of the row y in X + y: (n,) or (1, n)",
                                     length=(1, 2), low=1, high=BROADCAST_MAX_ROWS)
    matrix: tuple[int, ...] = param((3, 2), "rows and columns of the numbered matrix that is "
                                    "reshaped to (columns, rows) and transposed (the notes' "
                                    "3 × 2)", length=(2, 2), low=2, high=RESHAPE_MAX_CELLS // 2)

    def check(self) -> None:
        rows, cols = self.x_shape
        if cols > BROADCAST_MAX_COLS:
            self.refuse("x_shape", self.x_shape, f"at most {BROADCAST_MAX_COLS} columns (each "
                        "is a numbered cell)")
        if self.y_shape not in ((cols,), (1, cols)):
            try:
                nw.broadcast_shape(self.x_shape, self.y_shape)
            except ValueError as err:
                self.refuse("y_shape", self.y_shape, f"a shape that broadcasts with x_shape "
                            f"{self.x_shape} ({err})")
            self.refuse("y_shape", self.y_shape, f"a row ({cols},) or (1, {cols}): the scene "
                        "draws one row repeated down the rows of X")
        if self.matrix[0] * self.matrix[1] > RESHAPE_MAX_CELLS:
            self.refuse("matrix", self.matrix, f"at most {RESHAPE_MAX_CELLS} elements (three "
                        "copies side by side)")


@dataclass(frozen=True)
class TensorExample:
    """One rung of the ladder: a tensor's shape and rank (its number of axes)."""

    key: str
    shape: tuple[int, ...]
    rank: int


@dataclass(frozen=True)
class TensorsData:
    """What Tensors draws."""

    ladder: tuple[TensorExample, ...]
    """Scalar (a label), vector (its one-hot), matrix (a grey image), 3-D (a colour image),
    4-D (a batch of colour images)."""
    label: int
    one_hot: np.ndarray
    dot_shapes: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]
    """(B, H, W, C) · (C, e) = (B, H, W, e), by :func:`dlmath.networks.tensordot_shape`."""
    contracted: tuple[int, int]
    """The contracted axes: last of the batch, first of the matrix."""
    x_shape: tuple[int, ...]
    y_shape: tuple[int, ...]
    y_padded: tuple[int, ...]
    """y with the broadcast axis added in front: (1, n)."""
    broadcast: tuple[int, ...]
    """broadcast_shape(x_shape, y_shape)."""
    y: np.ndarray
    """The row's entries (1, 2, …, n), so the repeated copies can be recognised."""
    reshaped: nw.Rearrangement
    transposed: nw.Rearrangement


def tensors(params: TensorsParams) -> TensorsData:
    """The ladder of ranks, the tensor-product and broadcasting shapes, and reshape versus
    transpose of a numbered matrix, all from :mod:`dlmath.networks`."""
    h = w = params.side
    c, b = params.channels, params.batch
    shapes = {"scalar": (), "vector": (TENSOR_CLASSES,), "matrix": (h, w),
              "image": (h, w, c), "batch": (b, h, w, c)}
    one_hot = nw.one_hot([TENSOR_LABEL], TENSOR_CLASSES)[0]
    ladder = tuple(TensorExample(key=k, shape=s, rank=len(s)) for k, s in shapes.items())
    mat = (c, params.units)
    out = nw.tensordot_shape(shapes["batch"], mat, 1)
    rows, cols = params.matrix
    return TensorsData(
        ladder=ladder, label=TENSOR_LABEL, one_hot=one_hot,
        dot_shapes=(shapes["batch"], mat, out), contracted=(len(shapes["batch"]) - 1, 0),
        x_shape=params.x_shape, y_shape=params.y_shape,
        y_padded=nw.reshape_shape(params.y_shape, (1, -1)),
        broadcast=nw.broadcast_shape(params.x_shape, params.y_shape),
        y=np.arange(1, params.x_shape[1] + 1),
        reshaped=nw.numbered_reshape((rows, cols), (cols, rows)),
        transposed=nw.numbered_transpose((rows, cols)))


# ---------------------------------------------------------------- GradientTape

TAPE_LIMIT = 3.0
"""Largest |w|, |x|, |b|, |y|: every value on the tape then stays within 4 characters
(|u| ≤ 9, L ≤ 16) and the table rows fit their columns."""
FD_STEP = 1e-5
"""Step h of the central differences (L(v + h) − L(v − h)) / 2h the gradients are checked with."""


@dataclass(frozen=True)
class GradientTapeParams(Params):
    """GradientTape's inputs: the neuron L = (σ(w x + b) − y)² of BackpropGraph at one point."""

    w: float = param(0.8, "the weight w", low=-TAPE_LIMIT, high=TAPE_LIMIT)
    x: float = param(1.5, "the input x", low=-TAPE_LIMIT, high=TAPE_LIMIT)
    b: float = param(-0.5, "the bias b", low=-TAPE_LIMIT, high=TAPE_LIMIT)
    y: float = param(1.0, "the target y", low=-TAPE_LIMIT, high=TAPE_LIMIT)


@dataclass(frozen=True)
class GradientTapeData:
    """What GradientTape draws."""

    variables: tuple[str, ...]
    """The watched inputs w, x, b, y."""
    values: dict[str, float]
    entries: tuple[nw.TapeEntry, ...]
    """The operations in recording order (u = w·x, z = u + b, a = σ(z), d = a − y, L = d²)."""
    gradient: nw.TapeGradient
    """The tape replayed from L: the steps in reverse order and every ∂L/∂v."""
    finite_differences: dict[str, float]
    """(L(v + h) − L(v − h)) / 2h for every input v, each L recorded on a fresh tape."""


def _neuron_tape(values: dict[str, float]) -> tuple[nw.GradientTape, str]:
    tape = nw.GradientTape()
    w, x, b, y = (tape.watch(n, values[n]) for n in "wxby")
    u = tape.mul(w, x, "u")
    z = tape.add(u, b, "z")
    a = tape.sigmoid(z, "a")
    d = tape.sub(a, y, "d")
    return tape, tape.square(d, "L")


def gradient_tape(params: GradientTapeParams) -> GradientTapeData:
    """Record the neuron on a :class:`dlmath.networks.GradientTape`, replay it from L, and
    check every gradient with central differences."""
    values = {"w": params.w, "x": params.x, "b": params.b, "y": params.y}
    tape, out = _neuron_tape(values)
    fd = {}
    for name in "wxby":
        plus, minus = dict(values), dict(values)
        plus[name] += FD_STEP
        minus[name] -= FD_STEP
        hi, lo = (t.value(o) for t, o in (_neuron_tape(plus), _neuron_tape(minus)))
        fd[name] = (hi - lo) / (2 * FD_STEP)
    return GradientTapeData(variables=tape.variables, values=values, entries=tape.entries,
                            gradient=tape.gradient(out), finite_differences=fd)



# ---------------------------------------------------------------- KerasRecipe

KERAS_MAX_EPOCHS = 10
"""Most epochs drawn as stacked rows of batches."""
KERAS_MAX_UNITS = 10_000
"""Widest hidden layer: "Dense(10,000, relu)" still fits under its bar at a readable size."""
KERAS_MAX_CLASSES = 1_000
"""Most classes: "Dense(1,000, softmax)" still fits between its arrow and the frame's edge."""


@dataclass(frozen=True)
class KerasRecipeParams(Params):
    """KerasRecipe's inputs: the notes' model and its model.fit call."""

    side: int = param(28, "image side (inputs are side × side pixels, flattened)", low=2,
                      high=1024)
    hidden: int = param(512, "units of Dense(hidden, relu)", low=1, high=KERAS_MAX_UNITS)
    classes: int = param(10, "units of Dense(classes, softmax)", low=2, high=KERAS_MAX_CLASSES)
    samples: int = param(60_000, "training images N", low=1, high=100_000_000)
    batch_size: int = param(128, "batch_size of model.fit", low=1, high=100_000_000)
    epochs: int = param(5, "epochs of model.fit", low=1, high=KERAS_MAX_EPOCHS)

    def check(self) -> None:
        if self.batch_size > self.samples:
            self.refuse("batch_size", self.batch_size, f"at most samples = {self.samples}")
        total = (nw.dense_params(self.side ** 2, self.hidden)
                 + nw.dense_params(self.hidden, self.classes))
        if total >= 10 ** 10:
            self.refuse("hidden", self.hidden, f"a model under 10 billion parameters (the "
                        f"counts must fit on one line; this one has {total:,})")


@dataclass(frozen=True)
class KerasRecipeData:
    """What KerasRecipe draws: every count of the notes' recipe, each from dlmath."""

    inputs: int
    """side × side after reshape((N, side·side)): the flattened image."""
    input_shape: tuple[int, ...]
    """reshape_shape((side, side), (-1,))."""
    params1: int
    """dense_params(inputs, hidden)."""
    params2: int
    """dense_params(hidden, classes)."""
    total_params: int
    batch_shapes: tuple[tuple[int, ...], ...]
    """(B, inputs) · (inputs, hidden) → (B, hidden) · (hidden, classes) → (B, classes)."""
    steps_per_epoch: int
    """⌈N / B⌉ by steps_per_epoch."""
    last_batch: int
    """Images in the last (possibly smaller) batch: N − (steps − 1)·B."""
    total_steps: int
    """steps_per_epoch × epochs: one gradient step each."""


def keras_recipe(params: KerasRecipeParams) -> KerasRecipeData:
    """The notes' Keras model counted: parameters per layer (:func:`dlmath.networks.dense_params`),
    shapes per batch (:func:`~dlmath.networks.matmul_shape`), steps per epoch and in total
    (:func:`~dlmath.networks.steps_per_epoch`)."""
    p = params
    input_shape = nw.reshape_shape((p.side, p.side), (-1,))
    n_in = input_shape[0]
    p1, p2 = nw.dense_params(n_in, p.hidden), nw.dense_params(p.hidden, p.classes)
    h = nw.matmul_shape((p.batch_size, n_in), (n_in, p.hidden))
    o = nw.matmul_shape(h, (p.hidden, p.classes))
    spe = nw.steps_per_epoch(p.samples, p.batch_size)
    return KerasRecipeData(
        inputs=n_in, input_shape=input_shape, params1=p1, params2=p2, total_params=p1 + p2,
        batch_shapes=((p.batch_size, n_in), (n_in, p.hidden), h, (p.hidden, p.classes), o),
        steps_per_epoch=spe, last_batch=p.samples - (spe - 1) * p.batch_size,
        total_steps=spe * p.epochs)


LESSONS = (
    Lesson("Perceptron", PerceptronParams, perceptron,
           "A perceptron: weighted sum, threshold, and the rule that learns AND and OR but never XOR.",
           52.0),
    Lesson("ForwardPass", ForwardPassParams, forward_pass,
           "Values flowing through a dense network: Wx + b, activation, softmax; shapes and parameter counts.",
           52.6),
    Lesson("FlattenOneHot", FlattenOneHotParams, flatten_one_hot,
           "Real 8×8 digits: pixels flattened to 64 inputs, one-hot labels, a trained net's softmax vs the target.",
           59.2),
    Lesson("Tensors", TensorsParams, tensors,
           "Tensors: rank and shape from a scalar to a batch of images, the tensor-product and "
           "broadcasting shape rules, reshape versus transpose element by element.",
           52.4),
    Lesson("GradientTape", GradientTapeParams, gradient_tape,
           "A gradient tape: the forward pass writes its operations in order, the backward pass replays them in reverse.",
           31.8),
    Lesson("KerasRecipe", KerasRecipeParams, keras_recipe,
           "The notes' Keras recipe in numbers: each layer's parameters and the steps of "
           "model.fit, tied to the layer or loop they come from.",
           41.4),
)
