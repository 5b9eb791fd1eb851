"""Chain-rule lessons: each scene's parameters and everything it shows, from dlmath."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from dlmath import autodiff as ad
from lessons import Lesson, Params, param

__all__ = [
    "LESSONS",
    "BackpropGraphParams", "BackpropGraphData", "BackpropEdge", "backprop_graph",
    "VanishingGradientsParams", "VanishingGradientsData", "ChainRun", "vanishing_gradients",
    "ActivationDerivativesParams", "ActivationDerivativesData", "ActivationPanel",
    "activation_derivatives",
    "InitHistogramsParams", "InitHistogramsData", "InitRun", "init_histograms",
    "ZeroInitSymmetryParams", "ZeroInitSymmetryData", "zero_init_symmetry",
    "DenseLayerBackwardParams", "DenseLayerBackwardData", "dense_layer_backward",
]


# ---------------------------------------------------------------- BackpropGraph

BACKPROP_LIMIT = 5.0
"""Largest |w|, |x|, |b|, |y|: the leaf box ``w = -4.999`` then reaches 0.1 units from the
frame's left edge (rendered), and the node values (|u| ≤ 25) and gradients stay short."""


@dataclass(frozen=True)
class BackpropGraphParams(Params):
    """BackpropGraph's inputs: the neuron ``L = (σ(w x + b) − y)²`` at one point."""

    w: float = param(0.8, "the weight w", low=-BACKPROP_LIMIT, high=BACKPROP_LIMIT)
    x: float = param(1.5, "the input x", low=-BACKPROP_LIMIT, high=BACKPROP_LIMIT)
    b: float = param(-0.5, "the bias b", low=-BACKPROP_LIMIT, high=BACKPROP_LIMIT)
    y: float = param(1.0, "the target y", low=-BACKPROP_LIMIT, high=BACKPROP_LIMIT)

    def values(self) -> dict[str, float]:
        """The graph's variables, by name."""
        return {"w": self.w, "x": self.x, "b": self.b, "y": self.y}


@dataclass(frozen=True)
class BackpropEdge:
    """One edge of the backward pass, as the scene writes it."""

    step: ad.BackwardStep
    """upstream × local = product, from ``source`` into ``target`` (indices into nodes)."""
    accumulates: bool
    """The target already received a product on an earlier edge (written ``+=``)."""
    complete: bool
    """After this edge the target's gradient is complete (its last incoming edge)."""
    grad: float
    """The target's gradient after this edge: complete, or the product added so far."""


@dataclass(frozen=True)
class BackpropGraphData:
    """What BackpropGraph draws."""

    output: ad.Node
    """The loss node L of :func:`dlmath.autodiff.neuron_loss_graph`."""
    backward: ad.Backward
    """Nodes (topological order), their values, gradients and the edge trace."""
    edges: tuple[BackpropEdge, ...]
    """The trace in order, with the bookkeeping of shared nodes."""
    sympy: ad.SymbolicGradient
    """∂L/∂w by sympy on the whole formula, written out and evaluated."""


def backprop_graph(params: BackpropGraphParams) -> BackpropGraphData:
    """Forward, backward with its edge trace, and sympy's ∂L/∂w (:mod:`dlmath.autodiff`)."""
    output = ad.neuron_loss_graph()
    res = ad.backward(output, params.values())
    incoming: dict[int, int] = {}
    for step in res.trace:
        incoming[step.target] = incoming.get(step.target, 0) + 1
    received: dict[int, int] = {}
    edges = []
    for step in res.trace:
        received[step.target] = received.get(step.target, 0) + 1
        complete = received[step.target] == incoming[step.target]
        edges.append(BackpropEdge(step=step, accumulates=received[step.target] > 1,
                                  complete=complete,
                                  grad=float(res.grads[step.target]) if complete
                                  else step.product))
    return BackpropGraphData(output=output, backward=res, edges=tuple(edges),
                             sympy=ad.symbolic_gradient_at(output, "w", params.values()))


# ---------------------------------------------------------------- VanishingGradients

CHAIN_KINDS = ("sigmoid", "tanh", "relu", "sigmoid+skip", "tanh+skip", "relu+skip")
"""Chains the scene can draw: an activation, optionally with a skip connection h + f(z)."""
VANISH_MAX_DEPTH = 8
"""Most layers: a box every 1.3 units, 8 boxes plus the x and y arrows fill the frame."""
VANISH_MAX_CHAINS = 3
"""Most chains: three bars side by side fill the 1.3-unit slot of each h_k."""
VANISH_MAX_DECADES = 12
"""Most powers of ten on the log axis (from the smallest |∂y/∂h_k| to the largest): the
3.6-unit chart keeps a bar of one decade 0.3 units tall."""


@dataclass(frozen=True)
class VanishingGradientsParams(Params):
    """VanishingGradients' inputs: a chain of one-unit layers h_k = f(w h_{k−1} + b)."""

    depth: int = param(8, "number of layers D", low=2, high=VANISH_MAX_DEPTH)
    weight: float = param(1.0, "every layer's weight w_k", low=-2.0, high=2.0)
    bias: float = param(0.0, "every layer's bias b_k", low=-2.0, high=2.0)
    x: float = param(1.0, "the input h_0 = x", low=-3.0, high=3.0)
    chains: tuple[str, ...] = param(
        ("sigmoid", "relu", "sigmoid+skip"),
        "the chains compared, in order (the first is built layer by layer); "
        "one of " + ", ".join(CHAIN_KINDS) + " each",
        length=(1, VANISH_MAX_CHAINS))

    def check(self) -> None:
        bad = [c for c in self.chains if c not in CHAIN_KINDS]
        if bad:
            self.refuse("chains", self.chains, "entries from " + ", ".join(CHAIN_KINDS))
        if len(set(self.chains)) != len(self.chains):
            self.refuse("chains", self.chains, "each chain at most once")
        runs = _chain_runs(self)
        for run in runs:
            if np.any(run.result.dh == 0):
                self.refuse("chains", self.chains,
                            f"a chain whose gradient is 0 somewhere ({run.kind}: a unit with "
                            "z ≤ 0 passes nothing) cannot be drawn on the log axis; change "
                            "w, b or x")
        low, high = _decades(runs)
        if high - low > VANISH_MAX_DECADES:
            self.refuse("weight", self.weight,
                        f"|∂y/∂h_k| spans 10^{low} … 10^{high}; at most "
                        f"{VANISH_MAX_DECADES} powers of ten fit the chart")


@dataclass(frozen=True)
class ChainRun:
    """One chain of VanishingGradients."""

    kind: str
    act: str
    residual: bool
    result: ad.ChainResult
    """z, h, the factors ∂h_k/∂h_{k−1} (``gain``) and ∂y/∂h_k (``dh``)."""
    grad_max: float
    """max f′ of the activation (σ′ ≤ 1/4)."""


@dataclass(frozen=True)
class VanishingGradientsData:
    """What VanishingGradients draws."""

    depth: int
    weight: float
    bias: float
    x: float
    chains: tuple[ChainRun, ...]
    low: int
    """Bottom of the log axis: 10^low (at or below the smallest |∂y/∂h_k|)."""
    high: int
    """Top of the log axis: 10^high (above the largest |∂y/∂h_k|)."""

    @property
    def floor(self) -> float:
        return 10.0 ** self.low

    @property
    def ceiling(self) -> float:
        return 10.0 ** self.high


def _chain_runs(params: VanishingGradientsParams) -> tuple[ChainRun, ...]:
    weights, biases = (params.weight,) * params.depth, (params.bias,) * params.depth
    runs = []
    for kind in params.chains:
        act, residual = kind.split("+")[0], kind.endswith("+skip")
        runs.append(ChainRun(kind=kind, act=act, residual=residual,
                             result=ad.scalar_chain(weights, biases, params.x, act, residual),
                             grad_max=ad.activation_info(act).grad_max))
    return tuple(runs)


def _decades(runs) -> tuple[int, int]:
    values = np.abs(np.concatenate([r.result.dh for r in runs]))
    return (math.floor(np.log10(values.min())), math.floor(np.log10(values.max())) + 1)


def vanishing_gradients(params: VanishingGradientsParams) -> VanishingGradientsData:
    """Every chain by :func:`dlmath.autodiff.scalar_chain`, and the log axis that holds them."""
    runs = _chain_runs(params)
    low, high = _decades(runs)
    return VanishingGradientsData(depth=params.depth, weight=params.weight, bias=params.bias,
                                  x=params.x, chains=runs, low=low, high=high)


# ---------------------------------------------------------------- ActivationDerivatives

PANEL_ACTS = ("sigmoid", "tanh", "relu")
"""Activations with a panel (and narration)."""
MAX_SPACING = 0.2
"""Widest step between samples: f′ is drawn broken where it jumps by more than 0.25
(ReLU′ at 0); tanh′ changes by at most 0.77 × 0.2 = 0.15 between points this close, so
only the real jump breaks the curve."""
PANEL_Y_MAX = 1.2
"""Each panel's y axis is [−1.2, 1.2]: f is drawn where it stays inside (ReLU is clipped)."""


@dataclass(frozen=True)
class ActivationDerivativesParams(Params):
    """ActivationDerivatives' inputs."""

    acts: tuple[str, ...] = param(("sigmoid", "tanh", "relu"),
                                  "the activations, one panel each, left to right; "
                                  "sigmoid, tanh, relu (sigmoid must be one)", length=(1, 3))
    x_max: float = param(4.0, "each panel shows x in [−x_max, x_max]", low=1.5, high=10.0)
    samples: int = param(161, "points where f and f′ are evaluated", low=21, high=801)
    stack_depth: int = param(10, "layers n of the bound (f′)ⁿ ≤ (max f′)ⁿ", low=1, high=30)

    def check(self) -> None:
        if any(a not in PANEL_ACTS for a in self.acts) or len(set(self.acts)) != len(self.acts):
            self.refuse("acts", self.acts, "distinct entries from " + ", ".join(PANEL_ACTS))
        if "sigmoid" not in self.acts:
            self.refuse("acts", self.acts, "must include sigmoid (the lesson: σ′ ≤ 1/4)")
        if 2 * self.x_max / (self.samples - 1) > MAX_SPACING:
            self.refuse("samples", self.samples,
                        f"at least {math.ceil(2 * self.x_max / MAX_SPACING) + 1} for x_max = "
                        f"{self.x_max:g} (points at most {MAX_SPACING:g} apart)")


@dataclass(frozen=True)
class ActivationPanel:
    """One panel: f and f′ sampled, the range and derivative maximum, the stacked bound."""

    act: str
    xs: np.ndarray
    f: np.ndarray
    df: np.ndarray
    inside: np.ndarray
    """Where f stays inside the panel's y range (the curve is drawn there only)."""
    info: ad.ActivationInfo
    bound: float
    """(max f′)^stack_depth."""


@dataclass(frozen=True)
class ActivationDerivativesData:
    panels: tuple[ActivationPanel, ...]
    x_max: float
    y_max: float
    stack_depth: int


def activation_derivatives(params: ActivationDerivativesParams) -> ActivationDerivativesData:
    """f, f′, :func:`~dlmath.autodiff.activation_info` and the stacked derivative bound."""
    xs = np.linspace(-params.x_max, params.x_max, params.samples)
    panels = []
    for act in params.acts:
        f = ad.activation(act, xs)
        panels.append(ActivationPanel(
            act=act, xs=xs, f=f, df=ad.activation_grad(act, xs),
            inside=np.abs(f) <= PANEL_Y_MAX, info=ad.activation_info(act),
            bound=float(ad.derivative_bound(act, params.stack_depth)[-1])))
    return ActivationDerivativesData(panels=tuple(panels), x_max=params.x_max,
                                     y_max=PANEL_Y_MAX, stack_depth=params.stack_depth)


# ---------------------------------------------------------------- InitHistograms

INIT_CONFIGS = ("tanh/zero", "tanh/small", "tanh/large", "tanh/xavier", "relu/xavier", "relu/he")
"""Activation/initialisation pairs the narration covers (one caption each)."""
HIST_EDGES = {"tanh": (-1.0, 1.0, 32), "relu": (0.05, 3.0, 31)}
"""Histogram range and edge count per activation; values outside are not drawn (ReLU's
zeros, about half of its outputs, would flatten every other bar)."""
INIT_MAX_DEPTH = 8
"""Most layers: one 1.35-unit histogram panel every 1.6 units across the frame."""
STD_AXIS_MAX = 2.0
"""Highest top of the std(h_k) plot (its axis grows from 1 in steps of 0.5 to hold every
run): above 2 the typical stds (0.1 – 1) would crowd its bottom. Only narrow stacks get
there (ReLU/He with 2 units can reach std 10)."""


@dataclass(frozen=True)
class InitHistogramsParams(Params):
    """InitHistograms' inputs: a deep stack h_k = f(W_k h_{k−1}) fed random inputs."""

    depth: int = param(8, "number of layers", low=2, high=INIT_MAX_DEPTH)
    width: int = param(256, "units per layer (W_k is width × width)", low=2, high=512)
    batch: int = param(256, "random input columns", low=16, high=512)
    seed: int = param(0, "seed of the weights and inputs", low=0, high=999_999)
    configs: tuple[str, ...] = param(INIT_CONFIGS,
                                     "activation/initialisation runs, in order; from "
                                     + ", ".join(INIT_CONFIGS), length=(1, len(INIT_CONFIGS)))

    def check(self) -> None:
        if any(c not in INIT_CONFIGS for c in self.configs) \
                or len(set(self.configs)) != len(self.configs):
            self.refuse("configs", self.configs, "distinct entries from " + ", ".join(INIT_CONFIGS))
        for run in _init_runs(self):
            if run.stats.std.max() > STD_AXIS_MAX:
                self.refuse("width", self.width,
                            f"{run.act}/{run.init} reaches std(h_k) = "
                            f"{run.stats.std.max():.3g} > {STD_AXIS_MAX:g}, above the std plot "
                            f"(seed {self.seed}); use more units or another seed")


@dataclass(frozen=True)
class InitRun:
    act: str
    init: str
    stats: ad.ActivationStats
    """Per-layer std and histogram fractions (``fractions[k−1]``) of h_k."""
    low: float
    """Left edge of the histograms."""
    high: float
    """Right edge of the histograms."""


@dataclass(frozen=True)
class InitHistogramsData:
    depth: int
    width: int
    batch: int
    runs: tuple[InitRun, ...]
    small_std: float
    """std of the "small" initialisation (dlmath's constant, shown in its formula)."""
    large_std: float
    std_top: float
    """Top of the std(h_k) plot: 1, or the next multiple of 0.5 above the largest std."""


@functools.lru_cache(maxsize=4)  # check() and compute both need the runs: draw them once
def _init_runs(params: InitHistogramsParams) -> tuple[InitRun, ...]:
    runs = []
    for cfg in params.configs:
        act, init = cfg.split("/")
        lo, hi, n_edges = HIST_EDGES[act]
        st = ad.activation_stats(params.depth, params.width, act, init, seed=params.seed,
                                 batch=params.batch, edges=np.linspace(lo, hi, n_edges))
        runs.append(InitRun(act=act, init=init, stats=st, low=lo, high=hi))
    return tuple(runs)


def init_histograms(params: InitHistogramsParams) -> InitHistogramsData:
    """Every run by :func:`dlmath.autodiff.activation_stats`."""
    runs = _init_runs(params)
    largest = max(float(r.stats.std.max()) for r in runs)
    return InitHistogramsData(depth=params.depth, width=params.width, batch=params.batch,
                              runs=runs, small_std=ad.SMALL_STD, large_std=ad.LARGE_STD,
                              std_top=max(1.0, math.ceil(largest * 2) / 2))


# ---------------------------------------------------------------- ZeroInitSymmetry

SYM_SIZES = (2, 2, 1)
"""The drawn network: 2 inputs, 2 hidden units, 1 output."""
SYM_ACT = "sigmoid"
"""Hidden activation: with σ(0) = 1/2 the zero-init hidden units are non-zero, so W₂ moves
first (the narration's step 1); tanh(0) = 0 would leave W₂ at 0 for ever."""
SYM_MAX_SHOWN = 8
"""Most steps shown (each is a few seconds of video)."""
SYM_WEIGHT_LIMIT = 99.0
"""Largest |weight| (and loss) shown: ``-99.999`` still fits a matrix cell beside its
neighbour."""


@dataclass(frozen=True)
class ZeroInitSymmetryParams(Params):
    """ZeroInitSymmetry's inputs: a 2-2-1 sigmoid network trained twice on the same data."""

    x: tuple[tuple[float, ...], ...] = param(
        ((1.0, -1.0, 0.5, -0.5), (0.5, 1.0, -1.0, -0.5)),
        "the inputs, one column per sample (row i = input x_i)",
        length=(2, 2), width=(1, 16), low=-5.0, high=5.0)
    target: tuple[float, ...] = param((1.0, 0.0, 1.0, 0.0), "the target of each sample",
                                      length=(1, 16), low=-5.0, high=5.0)
    lr: float = param(1.0, "learning rate of full-batch gradient descent", low=0.01, high=5.0)
    steps: int = param(30, "gradient steps trained", low=2, high=500)
    shown_steps: tuple[int, ...] = param((0, 1, 2, 5, 10, 30),
                                         "the steps shown: 0, 1, 2, then increasing",
                                         length=(3, SYM_MAX_SHOWN), low=0, high=500)
    random_init: str = param("xavier", "the random initialisation on the right",
                             choices=("xavier", "he"))
    seed: int = param(0, "seed of the random initialisation", low=0, high=999_999)

    def check(self) -> None:
        if len(self.target) != len(self.x[0]):
            self.refuse("target", self.target, f"one target per column of x ({len(self.x[0])})")
        s = self.shown_steps
        if s[:3] != (0, 1, 2) or any(b <= a for a, b in zip(s, s[1:])):
            self.refuse("shown_steps", s, "0, 1, 2, then strictly increasing steps")
        if s[-1] > self.steps:
            self.refuse("shown_steps", s, f"steps up to steps = {self.steps}")
        try:
            runs = _sym_runs(self)
        except ValueError as exc:  # dlmath refuses a diverging training
            self.refuse("lr", self.lr, f"a training that converges ({exc}); lower lr")
        shown = list(s)
        for run in runs:
            big = max(float(np.abs(w[shown]).max()) for w in run.weights)
            if big > SYM_WEIGHT_LIMIT or not np.all(np.abs(run.losses[shown]) < 1000):
                self.refuse("lr", self.lr, f"a shown weight reaches {big:.4g}; |W| and L must "
                            f"stay ≤ {SYM_WEIGHT_LIMIT:g} to fit their cells: lower lr")


@dataclass(frozen=True)
class ZeroInitSymmetryData:
    zero: ad.Training
    """Training from all-zero weights: ``weights[k][s]`` after s steps, ``losses[s]``."""
    random: ad.Training
    """Training from the random initialisation."""
    shown_steps: tuple[int, ...]
    random_init: str


def _sym_runs(params: ZeroInitSymmetryParams) -> tuple[ad.Training, ad.Training]:
    target = (params.target,)
    runs = []
    for init, seed in (("zero", 0), (params.random_init, params.seed)):
        W, b = ad.init_mlp(SYM_SIZES, init, seed=seed)
        runs.append(ad.train_mlp(W, b, params.x, target, SYM_ACT, params.lr, params.steps))
    return runs[0], runs[1]


def zero_init_symmetry(params: ZeroInitSymmetryParams) -> ZeroInitSymmetryData:
    """Both trainings by :func:`dlmath.autodiff.train_mlp`."""
    zero, rand = _sym_runs(params)
    return ZeroInitSymmetryData(zero=zero, random=rand, shown_steps=params.shown_steps,
                                random_init=params.random_init)


# ---------------------------------------------------------------- DenseLayerBackward

DENSE_MAX_IN = 4
"""Most inputs: ∂L/∂W = δ xᵀ = [δ][xᵀ] = [n_out × n_in] is the widest row; 4 columns fit."""
DENSE_MAX_OUT = 3
"""Most outputs: with 4 rows, ∂L/∂W (centred at y = −2.4) pushes its shape line
``(4 × 1)(1 × 4) = 4 × 4`` below the frame's safe margin (layout check, measured)."""
DENSE_LIMIT = 5.0
"""Largest |entry| of W, x, b, t: keeps every shown number within 6 characters."""


@dataclass(frozen=True)
class DenseLayerBackwardParams(Params):
    """DenseLayerBackward's inputs: a = relu(W x + b), L = ½‖a − t‖²."""

    W: tuple[tuple[float, ...], ...] = param(
        ((0.5, -1.0, 0.25, 1.0), (1.0, 0.5, -0.5, 0.0), (1.0, 0.25, 0.5, -0.5)),
        "the weights W (n_out rows × n_in columns)", length=(1, DENSE_MAX_OUT),
        width=(1, DENSE_MAX_IN), low=-DENSE_LIMIT, high=DENSE_LIMIT)
    x: tuple[float, ...] = param((1.0, 2.0, -1.0, 0.5), "the input x (n_in entries)",
                                 length=(1, DENSE_MAX_IN), low=-DENSE_LIMIT, high=DENSE_LIMIT)
    b: tuple[float, ...] = param((0.5, -1.0, 0.25), "the bias b (n_out entries)",
                                 length=(1, DENSE_MAX_OUT), low=-DENSE_LIMIT, high=DENSE_LIMIT)
    target: tuple[float, ...] = param((0.5, 1.0, 2.0),
                                      "the target t (n_out entries); the upstream gradient "
                                      "is ∂L/∂a = a − t", length=(1, DENSE_MAX_OUT),
                                      low=-DENSE_LIMIT, high=DENSE_LIMIT)

    def check(self) -> None:
        n_out, n_in = len(self.W), len(self.W[0])
        if len(self.x) != n_in:
            self.refuse("x", self.x, f"one entry per column of W ({n_in})")
        if len(self.b) != n_out:
            self.refuse("b", self.b, f"one entry per row of W ({n_out})")
        if len(self.target) != n_out:
            self.refuse("target", self.target, f"one entry per row of W ({n_out})")
        z = ad.dense_forward(self.W, self.x, self.b, "relu").z
        if np.all(z > 0):
            self.refuse("b", self.b, "at least one unit must be off (z_i ≤ 0): the lesson "
                        "shows its zero row of ∂L/∂W")


@dataclass(frozen=True)
class DenseLayerBackwardData:
    W: np.ndarray
    x: np.ndarray
    b: np.ndarray
    target: np.ndarray
    step: ad.DenseStep
    """z, a, L, ∂L/∂a, relu′(z), δ, ∂L/∂W, ∂L/∂b, ∂L/∂x."""
    off: tuple[int, ...]
    """Units switched off (relu′(z_i) = 0): their rows of ∂L/∂W are 0."""


def dense_layer_backward(params: DenseLayerBackwardParams) -> DenseLayerBackwardData:
    """Forward and backward of the layer by :func:`dlmath.autodiff.dense_step`."""
    st = ad.dense_step(params.W, params.x, params.b, params.target, "relu")
    return DenseLayerBackwardData(
        W=np.array(params.W, dtype=float), x=np.array(params.x, dtype=float),
        b=np.array(params.b, dtype=float), target=np.array(params.target, dtype=float),
        step=st, off=tuple(int(i) for i in np.flatnonzero(st.local == 0)))


LESSONS = (
    Lesson('BackpropGraph', BackpropGraphParams, backprop_graph,
           'Forward then backward on L = (σ(wx + b) − y)²: upstream × local = downstream on each edge.',
           52.0),
    Lesson('VanishingGradients', VanishingGradientsParams, vanishing_gradients,
           'The chain rule as a product: σ′ ≤ 1/4 per layer makes the gradient vanish; ReLU and skips keep it.',
           40.0),
    Lesson('ActivationDerivatives', ActivationDerivativesParams, activation_derivatives,
           'σ′ peaks at 1/4, so stacked sigmoids multiply factors ≤ 1/4; tanh and ReLU compared.',
           33.0),
    Lesson('InitHistograms', InitHistogramsParams, init_histograms,
           'Activations layer by layer under small, large, Xavier and He initialisation (tanh, ReLU).',
           42.0),
    Lesson('ZeroInitSymmetry', ZeroInitSymmetryParams, zero_init_symmetry,
           'Zero initialisation: both hidden units get the same gradient at every step, so they never differ.',
           24.0),
    Lesson('DenseLayerBackward', DenseLayerBackwardParams, dense_layer_backward,
           "Keras' Dense: relu(Wx + b) with its shapes, then the backward pass dL/dW = δ xᵀ.",
           28.0),
)
