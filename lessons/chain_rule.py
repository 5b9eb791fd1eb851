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
    "SigmoidStackGradientsParams", "SigmoidStackGradientsData", "StackRun",
    "sigmoid_stack_gradients",
    "ZigZagStepsParams", "ZigZagStepsData", "ZigZagRun", "zigzag_steps",
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
        ("sigmoid", "tanh", "sigmoid+skip"),
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

PANEL_ACTS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")
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

    acts: tuple[str, ...] = param(PANEL_ACTS,
                                  "the activations, one panel each, left to right; from "
                                  + ", ".join(PANEL_ACTS) + " (sigmoid must be one)",
                                  length=(1, len(PANEL_ACTS)))
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
    leaky_slope: float
    """Leaky ReLU's slope for x < 0 (dlmath's constant)."""


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
                                     y_max=PANEL_Y_MAX, stack_depth=params.stack_depth,
                                     leaky_slope=float(ad.activation_grad("leaky_relu", -1.0)))


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
        if abs(float(np.mean(self.target))) < 1e-9:
            self.refuse("target", self.target, "targets whose mean is not 0 (with mean 0 even "
                        "W₂ gets no gradient at the first step, and the story told is wrong)")
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
    zero_grads: ad.MLPPass
    """The zero-init network's gradients at step 0 (``dW[0] = 0``: W₂ = 0 blocks them)."""


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
    W, b = ad.init_mlp(SYM_SIZES, "zero")
    return ZeroInitSymmetryData(zero=zero, random=rand, shown_steps=params.shown_steps,
                                random_init=params.random_init,
                                zero_grads=ad.mlp_pass(W, b, params.x, (params.target,), SYM_ACT))


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


# ---------------------------------------------------------------- SigmoidStackGradients

STACK_MAX_DEPTH = 10
"""Most layers of a stack: ten bar slots of 1.1 units fill the log chart."""
STACK_FIRST_MAX = 3
"""The first network's ∂y/∂w_k are written out one line each: three lines fit."""
STACK_MAX_DECADES = 10
"""Most powers of ten on the log chart (3.4 units tall: 0.34 units a decade)."""
DEAD_SIZES = (1, 8, 8, 1)
"""The trained ReLU network: 1 input, two hidden layers of 8 units, 1 linear output."""
DEAD_X_RANGE = 2.0
"""Its training inputs are evenly spaced in [−2, 2]."""


@dataclass(frozen=True)
class SigmoidStackGradientsParams(Params):
    """SigmoidStackGradients' inputs: the notes' y = σ(w₃ σ(w₂ σ(w₁ x + b₁) + b₂) + b₃), deeper
    stacks of the same layer, ReLU inside, and a trained ReLU network's dead units."""

    x: float = param(1.0, "the input x", low=-3.0, high=3.0)
    weight: float = param(1.0, "every layer's weight w_k", low=-2.0, high=2.0)
    bias: float = param(0.0, "every layer's bias b_k", low=-2.0, high=2.0)
    depths: tuple[int, ...] = param((3, 5, 10), "the stacks compared, in layers L (the first "
                                    "is written out; increasing)", length=(1, 3), low=2,
                                    high=STACK_MAX_DEPTH)
    points: int = param(21, "training inputs of the ReLU network (x evenly in [−2, 2], "
                        "target sin 1.5x)", low=4, high=200)
    lr: float = param(0.3, "learning rate of the ReLU network's gradient descent",
                      low=0.01, high=1.0)
    steps: int = param(300, "gradient steps of the ReLU network", low=1, high=2000)
    seed: int = param(0, "seed of the ReLU network's He initialisation", low=0, high=999_999)

    def check(self) -> None:
        d = self.depths
        if d[0] > STACK_FIRST_MAX:
            self.refuse("depths", d, f"a first stack of at most {STACK_FIRST_MAX} layers "
                        "(its gradients are written out, one line a weight)")
        if any(b <= a for a, b in zip(d, d[1:])):
            self.refuse("depths", d, "strictly increasing depths")
        runs = _stack_runs(self)
        if any(np.any(r.grads.dw == 0) for r in runs):
            self.refuse("bias", self.bias, "gradients that are not exactly 0 (a ReLU layer "
                        "with z ≤ 0 passes nothing; the log chart cannot draw 0): change "
                        "w, b or x")
        low, high = _stack_decades(runs)
        if high - low > STACK_MAX_DECADES:
            self.refuse("weight", self.weight, f"|∂y/∂w_k| spans 10^{low} … 10^{high}; at "
                        f"most {STACK_MAX_DECADES} powers of ten fit the chart")
        try:
            _dead_training(self)
        except ValueError as exc:
            self.refuse("lr", self.lr, f"a training that converges ({exc}); lower lr")


@dataclass(frozen=True)
class StackRun:
    """One stack of SigmoidStackGradients."""

    depth: int
    hidden: str
    grads: ad.StackWeightGrads
    """z, h, the local derivatives and ∂y/∂w_k (``dw[k − 1]``)."""


@dataclass(frozen=True)
class SigmoidStackGradientsData:
    """What SigmoidStackGradients draws."""

    x: float
    weight: float
    bias: float
    runs: tuple[StackRun, ...]
    """The sigmoid stacks of ``depths``, in order."""
    relu: StackRun
    """The deepest stack again with ReLU hidden layers (the output stays a sigmoid)."""
    low: int
    """Bottom of the log chart: 10^low."""
    high: int
    """Top of the log chart: 10^high."""
    sizes: tuple[int, ...]
    """The trained ReLU network's layer widths."""
    dead_before: ad.DeadUnits
    """Dead units of the He-initialised network on its training inputs."""
    dead_after: ad.DeadUnits
    """Dead units after training."""
    losses: np.ndarray
    """Training loss per step."""
    steps: int
    lr: float
    dead_grad_max: float
    """Largest |∂L/∂W| entry in a dead unit's row after training (0: it cannot come back)."""
    live_grad_max: float
    """Largest |∂L/∂W| entry in a live unit's row, for comparison."""

    @property
    def first(self) -> StackRun:
        return self.runs[0]


def _stack_runs(params: SigmoidStackGradientsParams) -> tuple[StackRun, ...]:
    runs = []
    for depth in params.depths:
        runs.append(StackRun(depth, "sigmoid", ad.sigmoid_stack_weight_grads(
            params.x, (params.weight,) * depth, (params.bias,) * depth)))
    deep = params.depths[-1]
    runs.append(StackRun(deep, "relu", ad.sigmoid_stack_weight_grads(
        params.x, (params.weight,) * deep, (params.bias,) * deep, hidden="relu")))
    return tuple(runs)


def _stack_decades(runs) -> tuple[int, int]:
    values = np.abs(np.concatenate([r.grads.dw for r in runs]))
    return (math.floor(np.log10(values.min())), math.floor(np.log10(values.max())) + 1)


@functools.lru_cache(maxsize=4)  # check() and compute both train: once
def _dead_training(params: SigmoidStackGradientsParams):
    x = np.linspace(-DEAD_X_RANGE, DEAD_X_RANGE, params.points)[None, :]
    target = np.sin(1.5 * x)
    W, b = ad.init_mlp(DEAD_SIZES, "he", seed=params.seed)
    tr = ad.train_mlp(W, b, x, target, "relu", params.lr, params.steps)
    Wf, bf = [w[-1] for w in tr.weights], [v[-1] for v in tr.biases]
    return x, target, (W, b), (Wf, bf), tr


def sigmoid_stack_gradients(params: SigmoidStackGradientsParams) -> SigmoidStackGradientsData:
    """The stacks by :func:`dlmath.autodiff.sigmoid_stack_weight_grads`; the ReLU network
    trained by :func:`~dlmath.autodiff.train_mlp`, its dead units by
    :func:`~dlmath.autodiff.dead_relu_units` and its final gradients by
    :func:`~dlmath.autodiff.mlp_pass`."""
    runs = _stack_runs(params)
    low, high = _stack_decades(runs)
    x, target, (W0, b0), (Wf, bf), tr = _dead_training(params)
    after = ad.dead_relu_units(Wf, bf, x)
    grads = ad.mlp_pass(Wf, bf, x, target, "relu")
    rows = [np.abs(g).max(axis=1) for g in grads.dW[:-1]]  # per hidden unit
    dead_rows = np.concatenate([r[d] for r, d in zip(rows, after.dead)])
    live_rows = np.concatenate([r[~d] for r, d in zip(rows, after.dead)])
    return SigmoidStackGradientsData(
        x=params.x, weight=params.weight, bias=params.bias, runs=runs[:-1], relu=runs[-1],
        low=low, high=high, sizes=DEAD_SIZES, dead_before=ad.dead_relu_units(W0, b0, x),
        dead_after=after, losses=tr.losses, steps=params.steps, lr=params.lr,
        dead_grad_max=float(dead_rows.max()) if dead_rows.size else 0.0,
        live_grad_max=float(live_rows.max()) if live_rows.size else 0.0)


# ---------------------------------------------------------------- ZigZagSteps

ZIG_ACTS = ("sigmoid", "tanh")
"""The two layers below the neuron: all-positive outputs, then zero-centred ones."""
ZIG_MAX_EXTENT = 2.5
"""Largest |w_i| on a path: the two 5.2-unit panels show w in [−2.5, 2.5]² at most."""
ZIG_MAX_SHOWN = 40
"""Most steps drawn (each an arrow)."""


@dataclass(frozen=True)
class ZigZagStepsParams(Params):
    """ZigZagSteps' inputs: a neuron ŷ = w₁h₁ + w₂h₂ fed by a sigmoid layer, then by a tanh
    layer, trained by SGD (one sample a step) towards the same w*."""

    samples: int = param(8, "samples z_b (2 pre-activations each) drawn for the layer below",
                         low=2, high=64)
    z_std: float = param(1.5, "std of the pre-activations z_b", low=0.1, high=5.0)
    seed: int = param(0, "seed of the pre-activations", low=0, high=999_999)
    w_start: tuple[float, ...] = param((-1.0, 1.0), "the starting weights (w₁, w₂)",
                                       length=(2, 2), low=-2.0, high=2.0)
    w_target: tuple[float, ...] = param((1.0, -1.0), "the weights w* that make the targets "
                                        "t_b = w*ᵀh_b", length=(2, 2), low=-2.0, high=2.0)
    lr: float = param(1.0, "learning rate η", low=0.01, high=4.0)
    steps: int = param(24, "SGD steps drawn", low=2, high=ZIG_MAX_SHOWN)

    def check(self) -> None:
        if self.w_start == self.w_target:
            self.refuse("w_target", self.w_target, "a target other than the start")
        try:
            runs = _zig_runs(self)
        except ValueError as exc:
            self.refuse("lr", self.lr, f"a path that stays finite ({exc}); lower lr")
        big = max(float(np.abs(r.path.w).max()) for r in runs)
        if big > ZIG_MAX_EXTENT:
            self.refuse("lr", self.lr, f"a path inside |w_i| ≤ {ZIG_MAX_EXTENT:g} (it reaches "
                        f"{big:.3g}); lower lr")


@dataclass(frozen=True)
class ZigZagRun:
    act: str
    inputs: np.ndarray
    """h_b = f(z_b), one row a sample."""
    path: ad.NeuronPath
    same_sign: int
    """Steps whose two gradient entries share one sign."""
    distance: float
    """‖w_final − w*‖."""


@dataclass(frozen=True)
class ZigZagStepsData:
    runs: tuple[ZigZagRun, ...]
    w_start: np.ndarray
    w_target: np.ndarray
    lr: float
    steps: int
    extent: float
    """The panels show w in [−extent, extent]² (a multiple of 0.5)."""

    @property
    def start_distance(self) -> float:
        return float(np.linalg.norm(self.w_start - self.w_target))


@functools.lru_cache(maxsize=4)
def _zig_runs(params: ZigZagStepsParams) -> tuple[ZigZagRun, ...]:
    z = np.random.default_rng(params.seed).normal(0.0, params.z_std, size=(params.samples, 2))
    target_w = np.array(params.w_target)
    runs = []
    for act in ZIG_ACTS:
        h = ad.activation(act, z)
        path = ad.neuron_sgd_path(h, h @ target_w, params.w_start, params.lr, params.steps)
        runs.append(ZigZagRun(act=act, inputs=h, path=path, same_sign=int(path.same_sign.sum()),
                              distance=float(np.linalg.norm(path.w[-1] - target_w))))
    return tuple(runs)


def zigzag_steps(params: ZigZagStepsParams) -> ZigZagStepsData:
    """Both paths by :func:`dlmath.autodiff.neuron_sgd_path` (inputs by
    :func:`~dlmath.autodiff.activation`)."""
    runs = _zig_runs(params)
    big = max(float(np.abs(r.path.w).max()) for r in runs)
    return ZigZagStepsData(runs=runs, w_start=np.array(params.w_start),
                           w_target=np.array(params.w_target), lr=params.lr,
                           steps=params.steps, extent=math.ceil(2 * big + 0.5) / 2)


LESSONS = (
    Lesson('BackpropGraph', BackpropGraphParams, backprop_graph,
           'Forward then backward on L = (σ(wx + b) − y)²: upstream × local = downstream on each edge.',
           60.4),
    Lesson('SigmoidStackGradients', SigmoidStackGradientsParams, sigmoid_stack_gradients,
           "The notes' y = σ(w₃σ(w₂σ(w₁x + b₁) + b₂) + b₃): ∂y/∂w_k shrinks away from the "
           "output, 3, 5 and 10 layers deep; ReLU inside keeps it, but a dead ReLU passes nothing.",
           52.8),
    Lesson('VanishingGradients', VanishingGradientsParams, vanishing_gradients,
           'The gradient reaching h_0 is a product of one factor per layer: σ′ ≤ 1/4 vanishes, '
           'zero-centred tanh less so, and a skip connection (1 + w σ′(z)) keeps it.',
           45.2),
    Lesson('ActivationDerivatives', ActivationDerivativesParams, activation_derivatives,
           'Sigmoid, tanh, ReLU, leaky ReLU and ELU with their derivatives: σ′ ≤ 1/4, '
           "ReLU's dead region, the slopes that avoid it.",
           56.2),
    Lesson('ZigZagSteps', ZigZagStepsParams, zigzag_steps,
           "Sigmoid outputs are all positive, so a neuron's weight gradients share one sign "
           "and SGD zig-zags; zero-centred tanh inputs go straight.",
           37.4),
    Lesson('InitHistograms', InitHistogramsParams, init_histograms,
           'Activations layer by layer under small, large, Xavier and He initialisation (tanh, ReLU).',
           51.0),
    Lesson('ZeroInitSymmetry', ZeroInitSymmetryParams, zero_init_symmetry,
           'Zero initialisation: W₂ moves, but both hidden units get the same gradient at every '
           "step, so they never differ (the notes' \"all gradients 0\", made exact).",
           37.8),
    Lesson('DenseLayerBackward', DenseLayerBackwardParams, dense_layer_backward,
           "Keras' Dense: relu(Wx + b) with its shapes, then the backward pass dL/dW = δ xᵀ.",
           33.8),
)
