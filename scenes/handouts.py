"""Print handouts: matplotlib figures (PDF + PNG) of the results the scenes show.

Every figure is computed by the same :mod:`dlmath` calls, with the same parameters, as
its scene: the parameters are read from the scene classes' attributes (importing the
scene modules imports Manim, but nothing is rendered). Each figure function returns
``(fig, data)``, ``data`` being the numpy arrays it plots, so tests can check them
against independent references.

Build them with ``python -m scenes.handouts [--out DIR] [TOPIC ...]``
(default ``renders/handouts``); files go to ``DIR/<topic>/<name>.pdf`` and ``.png``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from functools import wraps
from pathlib import Path
from typing import Callable, Iterable, Sequence

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib import rc_context  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap, ListedColormap, to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Circle, Rectangle  # noqa: E402

from dlmath import autodiff as ad  # noqa: E402
from dlmath import convolution as cv  # noqa: E402
from dlmath import diffusion as dm  # noqa: E402
from dlmath import linear as lm  # noqa: E402
from dlmath import optim as om  # noqa: E402
from scenes import style  # noqa: E402  (style does not import manim)
from scenes.style import fmt_num  # noqa: E402

__all__ = ["TOPICS", "FIGURES", "DEFAULT_OUT", "PNG_DPI", "build_handouts", "main"]

FigData = tuple[Figure, dict[str, np.ndarray]]

TOPICS: tuple[str, ...] = ("convolution", "chain_rule", "linear_classifier",
                           "gradient_descent", "diffusion")
DEFAULT_OUT = Path("renders/handouts")
PNG_DPI = 150
WIDTH = 7.5
"""Figure width in inches: fits A4 (8.27 in) with margins."""

TH = style.THEMES["light"]
"""Print uses the light theme: Okabe-Ito colours darkened for white paper."""

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "figure.titlesize": 12,
    "mathtext.fontset": "dejavusans",
    "text.usetex": False,
    "axes.edgecolor": TH.muted,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
}


# ---------------------------------------------------------------- shared helpers


def _styled(fn: Callable[..., FigData]) -> Callable[..., FigData]:
    """Run a figure function under the handout rc settings."""
    @wraps(fn)
    def wrapper(*args, **kwargs) -> FigData:
        with rc_context(_RC):
            return fn(*args, **kwargs)
    return wrapper


def _figure(height: float, title: str | None = None) -> Figure:
    """A white, constrained-layout figure of handout width."""
    fig = Figure(figsize=(WIDTH, height), layout="constrained", facecolor="white")
    if title:
        fig.suptitle(title, fontweight="bold")
    return fig


def _scene(topic: str, name: str) -> type:
    """A scene class, for its parameters (importing its module imports Manim: done lazily)."""
    return getattr(importlib.import_module(f"scenes.{topic}"), name)


def _scene_call(cls: type, method: str, *args):
    """Call a scene's pure helper method with the class as ``self``.

    Such helpers (e.g. ``problems``, ``_train``) read only class attributes, so this runs
    the scene's own dlmath calls without constructing a Manim scene.
    """
    return getattr(cls, method)(cls, *args)


def _lighten(color: str, amount: float) -> tuple[float, float, float]:
    """``color`` mixed with white (``amount`` = share of white)."""
    r, g, b = to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def _number_grid(ax: Axes, values: np.ndarray, origin: tuple[float, float], color: str,
                 quiet: np.ndarray | None = None, digits: int = 2,
                 fill: np.ndarray | None = None, cmap=None) -> None:
    """Draw ``values`` as a grid of numbered unit cells, top-left at ``origin`` (y down).

    ``quiet`` marks cells drawn muted (zero padding); ``fill`` with ``cmap`` colours
    each cell by a value (heat map), otherwise cells are lightly tinted ``color``.
    """
    vals = np.atleast_2d(values)
    x0, y0 = origin
    lo, hi = (float(np.min(fill)), float(np.max(fill))) if fill is not None else (0.0, 1.0)
    for (r, c), v in np.ndenumerate(vals):
        q = quiet is not None and bool(quiet[r, c])
        if fill is not None:
            level = (fill[r, c] - lo) / (hi - lo) if hi > lo else 0.5
            face = cmap(0.15 + 0.7 * level)
            dark = level > 0.55
        else:
            face, dark = ("white" if q else _lighten(color, 0.85)), False
        ax.add_patch(Rectangle((x0 + c, y0 + r), 1, 1, facecolor=face,
                               edgecolor=TH.muted if q else color, linewidth=0.6 if q else 1.0))
        ax.text(x0 + c + 0.5, y0 + r + 0.5, fmt_num(v, digits), ha="center", va="center",
                color="white" if dark else (TH.muted if q else TH.foreground), fontsize=8)


def _grid_axes(ax: Axes, width: float, height: float) -> None:
    """Unit-cell drawing axes: equal aspect, y pointing down, no frame."""
    ax.set_xlim(-0.2, width + 0.2)
    ax.set_ylim(height + 0.2, -0.9)
    ax.set_aspect("equal")
    ax.axis("off")


def _stem(ax: Axes, n: np.ndarray, values: np.ndarray, color: str, name: str) -> None:
    """Stems of ``values`` at ``n``, each value written above (or below) its stem."""
    ax.vlines(n, 0, values, color=color, linewidth=2)
    ax.plot(n, values, "o", color=color, markersize=6)
    ax.axhline(0, color=TH.muted, linewidth=0.8)
    span = max(1.0, float(np.max(np.abs(values))))
    for i, v in zip(n, values):
        ax.annotate(fmt_num(v), (i, v), xytext=(0, 6 if v >= 0 else -12),
                    textcoords="offset points", ha="center", fontsize=9, color=TH.foreground)
    ax.set_ylim(min(0.0, float(values.min())) - 0.25 * span, float(values.max()) + 0.45 * span)
    ax.set_ylabel(name, color=color, rotation=0, ha="right", va="center", fontsize=11)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)


def _regions(ax: Axes, xs: np.ndarray, ys: np.ndarray, labels: np.ndarray,
             colors: Sequence[str], alpha: float = 0.22) -> None:
    """Class regions on a grid as a light image (``labels[r, c]`` at ``(xs[c], ys[r])``)."""
    cmap = ListedColormap([_lighten(c, 1 - alpha) for c in colors])
    dx, dy = (xs[1] - xs[0]) / 2, (ys[1] - ys[0]) / 2
    ax.imshow(labels, origin="lower", cmap=cmap, vmin=-0.5, vmax=len(colors) - 0.5,
              extent=(xs[0] - dx, xs[-1] + dx, ys[0] - dy, ys[-1] + dy), interpolation="nearest")


def _points(ax: Axes, X: np.ndarray, y: np.ndarray, colors: Sequence[str],
            size: float = 14, hollow: bool = False) -> None:
    """Data points coloured by class (hollow markers for held-out data)."""
    for k in np.unique(y):
        pts = X[y == k]
        if hollow:
            ax.scatter(pts[:, 0], pts[:, 1], s=size, facecolors="none", edgecolors=colors[k],
                       linewidths=0.8)
        else:
            ax.scatter(pts[:, 0], pts[:, 1], s=size, color=colors[k], edgecolors="white",
                       linewidths=0.4)


def _plane(ax: Axes, lim: tuple[float, float]) -> None:
    """A square data plane with limits ``lim`` on both axes."""
    ax.set_xlim(*lim)
    ax.set_ylim(*lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def _image_row(axes: Sequence[Axes], images: Sequence[np.ndarray], captions: Sequence[str]) -> None:
    """Grey images in ``[-1, 1]`` (black to white, as the scenes draw pixels) with captions."""
    for ax, img, cap in zip(axes, images, captions):
        ax.imshow(img, cmap="gray", vmin=-1.0, vmax=1.0, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(cap, fontsize=9)


def _sci(v: float) -> str:
    """Mathtext number: decimals when >= 0.01, else ``m×10^e``."""
    if v == 0 or abs(v) >= 0.01:
        return fmt_num(v, 3)
    mant, exp = f"{v:.1e}".split("e")
    return rf"{mant}\times 10^{{{int(exp)}}}"


# ---------------------------------------------------------------- convolution


@_styled
def conv1d_flip_shift() -> FigData:
    """x, h and y = x * h as stems (Conv1DFlipShift)."""
    scene = _scene("convolution", "Conv1DFlipShift")
    res = cv.conv1d_steps(scene.x, scene.h)
    n_max = res.y.size - 1
    fig = _figure(4.2, "1-D convolution: flip, shift, multiply, sum")
    axs = fig.subplots(3, 1, sharex=True)
    for ax, vals, color, name in ((axs[0], res.x, TH.signal, "$x[k]$"),
                                  (axs[1], res.h, TH.kernel, "$h[k]$"),
                                  (axs[2], res.y, TH.output, "$y[n]$")):
        _stem(ax, np.arange(vals.size), vals, color, name)
    for ax in axs:  # the zero line is the axis; ticks only under the last panel
        ax.spines["bottom"].set_visible(False)
    for ax in axs[:2]:
        ax.tick_params(bottom=False)
    axs[2].set_xticks(np.arange(n_max + 1))
    axs[2].set_xlim(-0.6, n_max + 0.6)
    axs[2].set_xlabel("index $k$ (inputs), $n$ (output)")
    axs[0].set_title(r"$y[n] = \sum_k x[k]\,h[n-k]$,   $y = x * h = ["
                     + ",\\ ".join(fmt_num(v) for v in res.y) + "]$")
    return fig, {"x": res.x, "h": res.h, "y": res.y}


@_styled
def conv2d_grid() -> FigData:
    """Padded input, kernel and output of both Conv2DGrid runs (stride/padding, dilation)."""
    scene = _scene("convolution", "Conv2DGrid")
    runs = [cv.conv2d_steps(scene.x, scene.k, **part) for part in scene.parts]
    width = max(r.x_padded.shape[1] + r.k.shape[1] + 2.4 + 7.5 for r in runs)
    heights = [r.x_padded.shape[0] + 1.1 for r in runs]  # rows as tall as their grids
    fig = _figure(sum(heights) * WIDTH / width + 0.5,
                  "2-D convolution (CNN cross-correlation) on a grid")
    axs = np.atleast_1d(fig.subplots(len(scene.parts), 1, height_ratios=heights))
    data: dict[str, np.ndarray] = {}
    for i, (ax, part, res) in enumerate(zip(axs, scene.parts, runs)):
        s, p, d = part["stride"], part["padding"], part["dilation"]
        n_in, n_k, n_out = res.x_padded.shape[0], res.k.shape[0], res.y.shape[0]
        quiet = np.ones(res.x_padded.shape, dtype=bool)
        quiet[p:p + res.x.shape[0], p:p + res.x.shape[1]] = False
        k_x, o_x = n_in + 1.2, n_in + n_k + 2.4
        _number_grid(ax, res.x_padded, (0, 0), TH.signal, quiet=quiet)
        _number_grid(ax, res.k, (k_x, 0), TH.kernel)
        _number_grid(ax, res.y, (o_x, 0), TH.output)
        first = res.steps[0]  # the window of y[0, 0]: its taps framed in the input
        for rr in first.rows:
            for cc in first.cols:
                ax.add_patch(Rectangle((cc + 0.08, rr + 0.08), 0.84, 0.84, fill=False,
                                       edgecolor=TH.highlight, linewidth=1.6))
        name = r"$\bar x$ (zero padded)" if p else "$x$"
        for xpos, text, color in ((0, name, TH.signal), (k_x, "$k$", TH.kernel),
                                  (o_x, "$y$", TH.output)):
            ax.text(xpos, -0.35, text, color=color, fontsize=10, va="bottom")
        o = cv.conv_output_size(res.x.shape[0], n_k, s, p, d)
        khat = cv.effective_kernel_size(n_k, d)
        ax.text(o_x, n_out + 0.9, f"stride $s={s}$, padding $p={p}$, dilation $d={d}$\n"
                rf"$\hat k = k + (k-1)(d-1) = {khat}$" "\n"
                rf"$o = \lfloor (i + 2p - \hat k)/s \rfloor + 1 = {o}$"
                "\n" f"framed: the taps of $y[0,0] = {fmt_num(first.total)}$",
                va="top", fontsize=8.5, linespacing=1.5)
        _grid_axes(ax, width, n_in)
        data[f"x_padded_{i}"], data[f"y_{i}"] = res.x_padded, res.y
    data["x"], data["k"] = np.asarray(scene.x, float), np.asarray(scene.k, float)
    return fig, data


@_styled
def transposed_checkerboard() -> FigData:
    """Overlap counts of a stride-2 transposed conv for each kernel size (TransposedCheckerboard)."""
    scene = _scene("convolution", "TransposedCheckerboard")
    n, s = scene.input_size, scene.stride
    fig = _figure(4.0, "Transposed convolution: how many kernel copies cover each output cell")
    axs = fig.subplots(1, len(scene.kernels))
    cmap = LinearSegmentedColormap.from_list("overlap", ["white", TH.product])
    data: dict[str, np.ndarray] = {}
    for ax, kk in zip(axs, scene.kernels):
        prof = cv.overlap_profile((n, n), kk, s)
        counts = prof.counts
        _number_grid(ax, counts, (0, 0), TH.product, digits=0, fill=counts, cmap=cmap)
        rows, cols = np.nonzero(prof.interior)
        ax.add_patch(Rectangle((cols.min(), rows.min()), cols.max() - cols.min() + 1,
                               rows.max() - rows.min() + 1, fill=False, edgecolor=TH.highlight,
                               linewidth=2))
        verdict = ("even: no checkerboard" if prof.uniform else "uneven: checkerboard")
        ax.set_title(f"$k = {kk},\\ s = {s}$ on a {n}×{n} input\ninterior (framed) counts "
                     f"{', '.join(map(str, prof.interior_values))}: {verdict}", fontsize=9)
        _grid_axes(ax, counts.shape[1], counts.shape[0])
        ax.set_ylim(counts.shape[0] + 0.2, -0.2)
        data[f"counts_k{kk}"] = counts
    return fig, data


@_styled
def conv_layer_cost() -> FigData:
    """Parameters and multiply-adds of a conv layer vs a dense layer (ConvLayerCost)."""
    scene = _scene("convolution", "ConvLayerCost")
    results = [cv.conv_vs_dense(n, n, scene.c_in, scene.c_out, scene.k, padding=scene.padding)
               for n in scene.sizes]
    data = {"sizes": np.array(scene.sizes),
            "conv_params": np.array([r.conv.params for r in results], dtype=float),
            "dense_params": np.array([r.dense.params for r in results], dtype=float),
            "conv_macs": np.array([r.conv.multiply_adds for r in results], dtype=float),
            "dense_macs": np.array([r.dense.multiply_adds for r in results], dtype=float)}
    fig = _figure(3.6, f"Weight sharing: a {scene.k}×{scene.k} conv layer ({scene.c_in} → "
                       f"{scene.c_out} channels, padding {scene.padding})\nvs a dense layer "
                       "with the same input and output sizes")
    axs = fig.subplots(1, 2)
    x = np.arange(len(scene.sizes))
    for ax, key, name in ((axs[0], "params", "parameters"), (axs[1], "macs", "multiply-adds")):
        for off, kind, color in ((-0.2, "conv", TH.kernel), (0.2, "dense", TH.negative)):
            vals = data[f"{kind}_{key}"]
            ax.bar(x + off, vals, width=0.38, color=color, label=kind)
            for xi, v in zip(x + off, vals):
                ax.annotate(f"{int(v):,}", (xi, v), xytext=(0, 2), textcoords="offset points",
                            ha="center", fontsize=7)
        ax.set_yscale("log")
        ax.set_ylim(1e2, data[f"dense_{key}"].max() * 60)
        ax.set_xticks(x, [f"{n}×{n} image" for n in scene.sizes])
        ax.set_title(name)
        ax.legend(loc="upper left", frameon=False)
    return fig, data


# ---------------------------------------------------------------- chain rule


_ACT_NAMES = {"sigmoid": "sigmoid", "relu": "ReLU", "tanh": "tanh"}


def _config_name(act: str, residual: bool) -> str:
    return _ACT_NAMES[act] + (" + skip" if residual else "")


@_styled
def vanishing_gradients() -> FigData:
    """|∂y/∂h_k| per layer, log bars, for each chain of VanishingGradients."""
    scene = _scene("chain_rule", "VanishingGradients")
    fig = _figure(3.9, f"Vanishing gradients in a chain of {scene.depth} one-unit layers "
                       f"(all $w_k = 1$, $b_k = 0$, $x = {fmt_num(scene.x)}$)")
    ax = fig.subplots()
    ks = np.arange(scene.depth + 1)
    width = 0.8 / len(scene.configs)
    data: dict[str, np.ndarray] = {}
    for i, (act, residual) in enumerate(scene.configs):
        res = ad.scalar_chain(scene.weights, scene.biases, scene.x, act, residual)
        key = f"dh_{act}" + ("_residual" if residual else "")
        data[key] = res.dh
        ax.bar(ks + (i - (len(scene.configs) - 1) / 2) * width, np.abs(res.dh), width=width * 0.92,
               bottom=0, color=TH.classes[i],
               label=rf"{_config_name(act, residual)}:  $\partial y/\partial h_0 = {_sci(res.dh[0])}$")
    ax.set_yscale("log")
    ax.set_ylim(scene.floor, 30)
    ax.set_xticks(ks, [f"$h_{{{k}}}$" for k in ks])
    ax.set_ylabel(r"$|\partial y / \partial h_k|$")
    ax.grid(axis="y", color=TH.muted, alpha=0.3, linewidth=0.6)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=3,
               frameon=False)
    ax.set_title(r"$\partial y/\partial h_0$ = product of the factors $\partial h_k/\partial h_{k-1}$;"
                 r"  sigmoid: $w\,\sigma'(z) \leq 1/4$ per layer;  skip: $1 + w\,\sigma'(z)$")
    return fig, data


_INIT_NAMES = {"zero": "zero", "xavier": "Xavier", "he": "He"}


def _init_name(init: str) -> str:
    """Legend name of an initialisation, with the std dlmath uses."""
    if init == "small":
        return rf"$N(0,\ {fmt_num(ad.SMALL_STD)}^2)$"
    if init == "large":
        return rf"$N(0,\ {fmt_num(ad.LARGE_STD)}^2)$"
    return _INIT_NAMES[init]


@_styled
def init_activation_std() -> FigData:
    """std(h_k) per layer for every initialisation of InitHistograms (linear and log scale)."""
    scene = _scene("chain_rule", "InitHistograms")
    fig = _figure(3.6, f"std of the activations per layer: {scene.depth} layers of width "
                       f"{scene.width}, {scene.batch} samples")
    axs = fig.subplots(1, 2)
    ks = np.arange(1, scene.depth + 1)
    data: dict[str, np.ndarray] = {}
    for i, (act, init) in enumerate(scene.configs):
        lo, hi, n_edges = scene.edges[act]
        st = ad.activation_stats(scene.depth, scene.width, act, init, seed=scene.seed,
                                 batch=scene.batch, edges=np.linspace(lo, hi, n_edges))
        data[f"std_{act}_{init}"] = st.std
        color = TH.classes[i % len(TH.classes)]
        name = f"{act}, {_init_name(init)}"
        axs[0].plot(ks, st.std, "o-", color=color, label=name, markersize=4)
        positive = st.std > 0
        if positive.any():
            axs[1].plot(ks[positive], st.std[positive], "o-", color=color, markersize=4)
    axs[0].set_ylim(-0.04, 1.05)  # zero init stays visible above the axis
    axs[0].set_title("linear scale")
    axs[1].set_yscale("log")
    axs[1].set_title("log scale (zero init is exactly 0: not drawn)")
    for ax in axs:
        ax.set_xticks(ks)
        ax.set_xlabel("layer $k$")
        ax.set_ylabel(r"$\mathrm{std}(h_k)$")
        ax.grid(color=TH.muted, alpha=0.3, linewidth=0.6)
    fig.legend(*axs[0].get_legend_handles_labels(), loc="outside lower center", ncols=3,
               frameon=False)
    return fig, data


# ---------------------------------------------------------------- linear classifier


@_styled
def linear_classifier_regions() -> FigData:
    """Argmax regions of the 3-class linear classifier before and after training, and its loss."""
    scene = _scene("linear_classifier", "LinearClassifierScores")
    data_set = lm.make_dataset("blobs3", scene.n_points, seed=scene.data_seed)
    hist = lm.train_softmax(data_set.X, data_set.y, 3, lr=scene.lr, steps=scene.steps,
                            seed=scene.init_seed, init_scale=scene.init_scale)
    fig = _figure(3.5, f"Linear classifier $s = Wx + b$: {scene.n_points} points, 3 classes, "
                       f"gradient descent ($\\alpha = {fmt_num(scene.lr)}$)")
    axs = fig.subplots(1, 3, width_ratios=(1, 1, 1.15))
    data: dict[str, np.ndarray] = {"X": data_set.X, "y": data_set.y, "loss": hist.loss,
                                   "accuracy": hist.accuracy}
    for ax, t in zip(axs[:2], (0, scene.steps)):
        reg = lm.class_regions(hist.W[t], hist.b[t], scene.lim, scene.lim, scene.resolution)
        _regions(ax, reg.xs, reg.ys, reg.labels, TH.classes[:3])
        for bd in reg.boundaries:
            ax.plot([bd.start[0], bd.end[0]], [bd.start[1], bd.end[1]], color=TH.foreground,
                    linewidth=1)
        _points(ax, data_set.X, data_set.y, TH.classes)
        _plane(ax, scene.lim)
        ax.set_title(f"step {t}\nloss {fmt_num(hist.loss[t])}, "
                     f"accuracy {hist.accuracy[t] * 100:.0f}%", fontsize=9)
        data[f"W_{t}"], data[f"b_{t}"] = hist.W[t], hist.b[t]
        data[f"labels_{t}"], data["grid_x"], data["grid_y"] = reg.labels, reg.xs, reg.ys
    steps = np.arange(hist.loss.size)
    axs[2].plot(steps, hist.loss, color=TH.output, label="cross-entropy")
    axs[2].set_xlabel("step")
    axs[2].set_ylabel("training loss", color=TH.output)
    acc_ax = axs[2].twinx()
    acc_ax.spines["right"].set_visible(True)
    acc_ax.plot(steps, hist.accuracy * 100, color=TH.signal, linestyle="--")
    acc_ax.set_ylabel("accuracy (%)", color=TH.signal)
    acc_ax.set_ylim(0, 105)
    axs[2].set_title("training\n(solid: loss, dashed: accuracy)", fontsize=9)
    return fig, data


@_styled
def playground_spiral() -> FigData:
    """The spiral MLP of PlaygroundSpiral (no regularisation): final regions and loss curves."""
    scene = _scene("linear_classifier", "PlaygroundSpiral")
    ds = lm.make_dataset("spiral", scene.n_points, noise=scene.noise, seed=scene.data_seed)
    Xtr, ytr, Xte, yte = lm.train_test_split(ds.X, ds.y, scene.test_fraction, seed=scene.data_seed)
    hist = _scene_call(scene, "_train", Xtr, ytr, Xte, yte)
    reg = lm.mlp_regions(hist.params, scene.activation, scene.lim, scene.lim, scene.resolution)
    fig = _figure(3.6, f"MLP {' × '.join(map(str, scene.hidden))} ({scene.activation}) on the "
                       f"spiral: {len(ytr)} training, {len(yte)} test points")
    axs = fig.subplots(1, 2, width_ratios=(1, 1.25))
    cmap = LinearSegmentedColormap.from_list("p1", [_lighten(TH.classes[0], 0.65), "white",
                                                    _lighten(TH.classes[1], 0.65)])
    dx = (reg.xs[1] - reg.xs[0]) / 2
    axs[0].imshow(reg.probs, origin="lower", cmap=cmap, vmin=0, vmax=1, interpolation="bilinear",
                  extent=(reg.xs[0] - dx, reg.xs[-1] + dx, reg.ys[0] - dx, reg.ys[-1] + dx))
    axs[0].contour(reg.xs, reg.ys, reg.probs, levels=[0.5], colors=TH.foreground, linewidths=1)
    _points(axs[0], Xtr, ytr, TH.classes, size=12)
    _points(axs[0], Xte, yte, TH.classes, size=12, hollow=True)
    _plane(axs[0], scene.lim)
    axs[0].set_title(f"after {scene.epochs} epochs: test accuracy {hist.test_acc[-1] * 100:.0f}%\n"
                     "filled: training points, rings: test points", fontsize=9)
    epochs = np.arange(hist.train_loss.size)
    axs[1].plot(epochs, hist.train_loss, color=TH.output, label="training loss")
    axs[1].plot(epochs, hist.test_loss, color=TH.negative, label="test loss")
    axs[1].set_xlabel("epoch")
    axs[1].set_ylabel("cross-entropy")
    axs[1].set_ylim(0, None)
    axs[1].legend(frameon=False)
    axs[1].set_title(f"final: training {fmt_num(hist.train_loss[-1])}, test "
                     f"{fmt_num(hist.test_loss[-1])} (the gap is overfitting)", fontsize=9)
    return fig, {"X_train": Xtr, "y_train": ytr, "X_test": Xte, "y_test": yte,
                 "train_loss": hist.train_loss, "test_loss": hist.test_loss,
                 "probs": reg.probs, "grid_x": reg.xs, "grid_y": reg.ys,
                 **{f"W{l}": W for l, W in enumerate(hist.params.weights)},
                 **{f"b{l}": b for l, b in enumerate(hist.params.biases)}}


# ---------------------------------------------------------------- gradient descent


_METHOD_NAMES = {"gd": "gradient descent", "momentum": "momentum", "adam": "Adam"}
_METHOD_COLORS = {k: TH.classes[i] for i, k in enumerate(_METHOD_NAMES)}


def _problems(scene: type) -> list[dict]:
    """The optimizer runs of ``scene`` (OptimizerPaths2D or OptimizerLossCurves), from its own
    ``problems`` method: the same dlmath calls and settings as the video."""
    return _scene_call(scene, "problems")


def _method_legend(fig: Figure) -> None:
    handles = [Line2D([], [], color=c, linewidth=2, label=_METHOD_NAMES[k])
               for k, c in _METHOD_COLORS.items()]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)


def _mathtext(tex: str) -> str:
    """A scene's small TeX snippet as mathtext (TeX's ``\\ `` space becomes a plain space)."""
    return "$" + tex.replace(r"\ ", " ") + "$"


@_styled
def optimizer_paths() -> FigData:
    """GD, momentum and Adam paths on the contours of both costs (OptimizerPaths2D)."""
    probs = _problems(_scene("gradient_descent", "OptimizerPaths2D"))
    fig = _figure(4.0, "Optimizer paths: ill-conditioned bowl and Rosenbrock valley")
    axs = fig.subplots(1, len(probs))
    data: dict[str, np.ndarray] = {}
    for ax, prob in zip(axs, probs):
        (x0, x1, _), (y0, y1, _) = prob["view"]
        for curve in prob["curves"]:
            ax.plot(curve[:, 0], curve[:, 1], color=TH.muted, linewidth=0.7, alpha=0.7)
        for key, traj, losses, tex in prob["runs"]:
            pts = traj.points
            ax.plot(pts[:, 0], pts[:, 1], "-", color=_METHOD_COLORS[key], linewidth=1.3,
                    marker="o" if len(pts) < 60 else None, markersize=2.5)
            data[f"{prob['key']}_{key}"] = pts
            data[f"{prob['key']}_{key}_loss"] = np.asarray(losses, float)
        w_star = np.array(prob["cost"].stationary_points()[0], dtype=float)
        ax.plot(*w_star, "*", color=TH.highlight, markersize=12, zorder=5)
        ax.plot(*prob["runs"][0][1].points[0], "o", color=TH.foreground, markersize=5)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        steps = prob["runs"][0][1].steps
        name = ("quadratic, $\\kappa = " + fmt_num(prob["kappa"]) + "$"
                if prob["kappa"] is not None else "Rosenbrock")
        ax.set_title(f"{name}, {steps} steps\n" + "\n".join(
            f"{_METHOD_NAMES[k]} ({_mathtext(tex)}): cost {_mathtext(_sci(l[-1]))}"
            for k, _, l, tex in prob["runs"]), fontsize=8)
        data[f"{prob['key']}_minimum"] = w_star
    _method_legend(fig)
    return fig, data


@_styled
def optimizer_loss_curves() -> FigData:
    """Cost per step, log scale, with GD's worst-case bound on the quadratic (OptimizerLossCurves)."""
    scene = _scene("gradient_descent", "OptimizerLossCurves")
    probs = _problems(scene)
    fig = _figure(3.4, "Cost per step (log scale)")
    axs = fig.subplots(1, len(probs))
    data: dict[str, np.ndarray] = {}
    for ax, prob in zip(axs, probs):
        for key, _, losses, _ in prob["runs"]:
            ax.plot(np.arange(len(losses)), losses, color=_METHOD_COLORS[key], linewidth=1.4)
            data[f"{prob['key']}_{key}"] = np.asarray(losses, float)
        lo, hi, _ = scene.log_ranges[prob["key"]]
        ax.set_yscale("log")
        ax.set_ylim(10.0 ** lo, 10.0 ** hi)
        ax.set_xlabel("step $k$")
        ax.set_ylabel(r"$\mathrm{cost}(w_k)$")
        ax.set_title("quadratic" if prob["kappa"] is not None else "Rosenbrock")
        ax.grid(color=TH.muted, alpha=0.3, linewidth=0.6)
        if prob["key"] == "quadratic":
            h = np.array(scene.quad_hessian)
            gd = np.asarray(prob["runs"][0][2], float)
            bound = om.gd_cost_bound(h, gd[0], len(gd) - 1)
            ax.plot(np.arange(len(bound)), bound, "--", color=TH.highlight, linewidth=1.2,
                    label=r"GD bound $\mathrm{cost}(w_0)\,((\kappa-1)/(\kappa+1))^{2k}$")
            ax.legend(loc="lower left", frameon=True, framealpha=0.9, fontsize=7)
            data["quadratic_gd_bound"] = bound
    _method_legend(fig)
    return fig, data


_REGIME_NAMES = {"monotone": "monotone", "oscillating": "oscillating (converges)",
                 "marginal": "marginal (bounces)", "diverging": "diverging"}


@_styled
def learning_rate_regimes() -> FigData:
    """The four learning rates of LearningRateRegimes on the 1-D regression cost."""
    scene = _scene("gradient_descent", "LearningRateRegimes")
    cost = om.regression_cost_1d(scene.x, scene.y)
    hess = cost.hessian(scene.w0)
    infos = [om.analyze_lr(lr, hess) for lr, _ in scene.runs]
    lam = float(infos[0].eigenvalues[-1])
    fig = _figure(5.6, r"Learning-rate regimes: $W_{k+1} - W^* = (1 - \alpha\lambda)(W_k - W^*)$, "
                       rf"$\lambda = \mathrm{{cost}}''(W) = {fmt_num(lam)}$")
    axs = fig.subplots(2, 2, sharex=True, sharey=True).ravel()
    ws = np.linspace(*scene.plot_range, 300)
    curve = np.asarray(cost.value(ws[:, None]), float).ravel()
    data: dict[str, np.ndarray] = {"w_curve": ws, "cost_curve": curve}
    for ax, (lr, _), info in zip(axs, scene.runs, infos):
        traj = om.gradient_descent(cost.grad, [scene.w0], lr, scene.steps, bound=scene.bound)
        w = traj.points[:, 0]
        inside = np.abs(w) <= scene.bound
        c = np.asarray(cost.value(traj.points), float).ravel()
        ax.plot(ws, curve, color=TH.output, linewidth=1.2)
        ax.plot(w[inside], c[inside], "o-", color=TH.kernel, markersize=3.5, linewidth=1)
        ax.plot(w[0], c[0], "o", color=TH.foreground, markersize=5)
        verdict = (f"diverged at step {traj.diverged_at}" if traj.diverged
                   else _REGIME_NAMES[info.regime])
        ax.set_title(rf"$\alpha = {fmt_num(lr, 3)}$, $\alpha\lambda = "
                     rf"{fmt_num(info.alpha_lambda[-1])}$: {verdict}", fontsize=9)
        ax.set_xlim(scene.w_range[0], scene.w_range[1])
        ax.set_ylim(scene.c_range[0], scene.c_range[1])
        ax.grid(color=TH.muted, alpha=0.3, linewidth=0.6)
        data[f"w_lr{lr}"] = w
    for ax in axs[2:]:
        ax.set_xlabel("$W$")
    for ax in axs[::2]:
        ax.set_ylabel(r"$\mathrm{cost}(W)$")
    fig.text(0.5, 0.005, rf"monotone iff $\alpha \leq 1/\lambda = {fmt_num(infos[0].max_monotone_lr, 3)}$;"
             rf"  converges iff $\alpha < 2/\lambda = {fmt_num(infos[0].max_stable_lr, 3)}$"
             f";  start $W_0 = {fmt_num(scene.w0)}$, {scene.steps} steps",
             ha="center", va="bottom", fontsize=9)
    fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    return fig, data


# ---------------------------------------------------------------- diffusion


@_styled
def diffusion_schedules() -> FigData:
    """ᾱ_t and β_t of the linear and cosine schedules (DiffusionSchedules)."""
    scene = _scene("diffusion", "DiffusionSchedules")
    scheds = {"linear": dm.linear_schedule(scene.T), "cosine": dm.cosine_schedule(scene.T)}
    ts = np.arange(scene.T + 1)
    fig = _figure(3.3, "Noise schedules: linear (Ho et al. 2020) vs cosine (Nichol & Dhariwal 2021)")
    axs = fig.subplots(1, 2)
    data: dict[str, np.ndarray] = {"t": ts}
    for i, (key, sch) in enumerate(scheds.items()):
        ab = np.asarray(sch.alpha_bar(ts), float)
        color = TH.classes[i]
        axs[0].plot(ts, ab, color=color, label=key)
        visible = sch.betas <= scene.beta_top
        axs[1].plot(ts[1:][visible], sch.betas[visible], color=color, label=key)
        t = scene.compare_t
        axs[0].plot(t, ab[t], "o", color=color, markersize=5)
        axs[0].annotate(rf"$\bar\alpha_{{{t}}} = {fmt_num(ab[t], 3)}$", (t, ab[t]),
                        xytext=(8, 4) if i else (-8, -14), ha="left" if i else "right",
                        textcoords="offset points", color=color)
        data[f"alpha_bar_{key}"], data[f"beta_{key}"] = ab, sch.betas
    axs[0].set_ylabel(r"$\bar\alpha_t$ (signal kept)")
    axs[1].set_ylabel(r"$\beta_t$ (noise added per step)")
    axs[1].set_ylim(0, scene.beta_top)
    axs[1].set_title(rf"cosine $\beta_t$ above {fmt_num(scene.beta_top)} (last steps, up to "
                     rf"{fmt_num(scheds['cosine'].betas[-1], 3)}) cut off", fontsize=8)
    axs[0].set_title(r"$\bar\alpha_t = \prod_{s \leq t} (1 - \beta_s)$", fontsize=9)
    for ax in axs:
        ax.set_xlabel("$t$")
        ax.set_xlim(0, scene.T)
        ax.grid(color=TH.muted, alpha=0.3, linewidth=0.6)
        ax.legend(frameon=False)
    return fig, data


@_styled
def diffusion_reverse() -> FigData:
    """Exact reverse process onto 8 Gaussians: x_T, DDPM samples, DDIM samples (DiffusionReverse)."""
    scene = _scene("diffusion", "DiffusionReverse")
    mix, ddpm, ddim = _scene_call(scene, "runs")
    fig = _figure(3.7, f"Reverse process with the exact denoiser: {scene.n_points} points\nonto "
                       f"8 Gaussians (ring radius {fmt_num(scene.radius)}, σ = {fmt_num(scene.sigma)})")
    axs = fig.subplots(1, 3, sharex=True, sharey=True)
    panels = ((ddpm.trajectory[0], f"$x_T$: pure noise, $T = {scene.T}$", None),
              (ddpm.samples, f"DDPM, {scene.T} stochastic steps", ddpm.trajectory),
              (ddim.samples, f"DDIM, {scene.ddim_steps} deterministic steps", None))
    for ax, (pts, name, traj) in zip(axs, panels):
        ax.add_patch(Circle((0, 0), scene.radius, fill=False, edgecolor=TH.muted, linestyle="--",
                            linewidth=0.8))
        ax.scatter(pts[:, 0], pts[:, 1], s=2, color=TH.signal, alpha=0.5, linewidths=0)
        if traj is not None:
            for i in scene.traced:
                ax.plot(traj[:, i, 0], traj[:, i, 1], color=TH.negative, linewidth=0.5, alpha=0.8)
        if pts is not panels[0][0]:
            name += "\n" + rf"mean radius $\bar r = {fmt_num(dm.mean_radius(pts), 3)}$"
        ax.set_title(name, fontsize=9)
        ax.plot(mix.means[:, 0], mix.means[:, 1], "+", color=TH.foreground, markersize=6)
        ax.set_aspect("equal")
        ax.set_xlim(-3.6, 3.6)
        ax.set_ylim(-3.6, 3.6)
    axs[1].text(0.02, 0.02, f"lines: paths of {len(scene.traced)} points", transform=axs[1].transAxes,
                fontsize=7, color=TH.negative)
    return fig, {"x_T": ddpm.trajectory[0], "ddpm": ddpm.samples, "ddim": ddim.samples,
                 "means": np.asarray(mix.means, float)}


@_styled
def diffusion_image_noising() -> FigData:
    """The glyph through the forward chain at the steps of DiffusionImageNoising."""
    scene = _scene("diffusion", "DiffusionImageNoising")
    sched = dm.linear_schedule(scene.T)
    img = dm.glyph_image(scene.glyph, scene.glyph_size)
    traj = dm.forward_chain(img.reshape(1, -1), sched, scene.seed)
    images = np.stack([traj[t, 0].reshape(img.shape) for t in scene.image_ts])
    abars = np.array([sched.alpha_bar(t) for t in scene.image_ts])
    fig = _figure(2.05, r"Forward noising $x_t = \sqrt{\alpha_t}\,x_{t-1} + \sqrt{\beta_t}\,"
                       r"\varepsilon_t$ (linear schedule), " f"{scene.glyph_size}×{scene.glyph_size} "
                       "pixels")
    axs = fig.subplots(1, len(scene.image_ts))
    _image_row(axs, images, [f"$t = {t}$\n" rf"$\bar\alpha_t = {_sci(a)}$"
                             for t, a in zip(scene.image_ts, abars)])
    return fig, {"x0": img, "images": images, "t": np.array(scene.image_ts), "alpha_bar": abars}


@_styled
def diffusion_schedule_images() -> FigData:
    """The same image and noise at equal t under both schedules (end of DiffusionSchedules)."""
    scene = _scene("diffusion", "DiffusionSchedules")
    img = dm.glyph_image(scene.glyph, scene.glyph_size)
    x0 = img.reshape(1, -1)
    eps = np.random.default_rng(scene.noise_seed).standard_normal(x0.shape)
    fig = _figure(3.6, r"$x_t = \sqrt{\bar\alpha_t}\,x_0 + \sqrt{1-\bar\alpha_t}\,\varepsilon$"
                       r" with the same $x_0$ and $\varepsilon$")
    axs = fig.subplots(2, len(scene.image_ts))
    data: dict[str, np.ndarray] = {"x0": img, "eps": eps}
    for row, (key, sch) in zip(axs, (("linear", dm.linear_schedule(scene.T)),
                                     ("cosine", dm.cosine_schedule(scene.T)))):
        noisy = np.stack([dm.q_sample(x0, t, sch, noise=eps).reshape(img.shape)
                          for t in scene.image_ts])
        _image_row(row, noisy, [f"{key}, $t = {t}$\n" rf"$\bar\alpha_t = {_sci(sch.alpha_bar(t))}$"
                                for t in scene.image_ts])
        data[f"images_{key}"] = noisy
    return fig, data


# ---------------------------------------------------------------- building


FIGURES: dict[str, tuple[tuple[str, Callable[[], FigData]], ...]] = {
    "convolution": (("conv1d_flip_shift", conv1d_flip_shift), ("conv2d_grid", conv2d_grid),
                    ("transposed_checkerboard", transposed_checkerboard),
                    ("conv_layer_cost", conv_layer_cost)),
    "chain_rule": (("vanishing_gradients", vanishing_gradients),
                   ("init_activation_std", init_activation_std)),
    "linear_classifier": (("linear_classifier_regions", linear_classifier_regions),
                          ("playground_spiral", playground_spiral)),
    "gradient_descent": (("optimizer_paths", optimizer_paths),
                         ("optimizer_loss_curves", optimizer_loss_curves),
                         ("learning_rate_regimes", learning_rate_regimes)),
    "diffusion": (("diffusion_schedules", diffusion_schedules),
                  ("diffusion_schedule_images", diffusion_schedule_images),
                  ("diffusion_reverse", diffusion_reverse),
                  ("diffusion_image_noising", diffusion_image_noising)),
}
"""Figure name and function per topic, in teaching order."""


def _save(fig: Figure, stem: Path) -> list[Path]:
    """Write ``stem.pdf`` and ``stem.png`` (150 dpi, white); returns both paths."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    pdf, png = stem.with_suffix(".pdf"), stem.with_suffix(".png")
    with rc_context(_RC):
        fig.savefig(pdf, facecolor="white", metadata={"CreationDate": None})
        fig.savefig(png, dpi=PNG_DPI, facecolor="white")
    return [pdf, png]


def build_handouts(out_dir: Path, topics: Iterable[str] | None = None) -> list[Path]:
    """Write every figure of ``topics`` (all when None) to ``out_dir/<topic>/<name>.{pdf,png}``.

    Raises ValueError for an unknown topic (before writing anything).
    """
    chosen = list(TOPICS if topics is None else topics)
    unknown = [t for t in chosen if t not in FIGURES]
    if unknown:
        raise ValueError(f"unknown topic(s) {unknown}; valid: {', '.join(TOPICS)}")
    written: list[Path] = []
    for topic in chosen:
        for name, fn in FIGURES[topic]:
            fig, _ = fn()
            written += _save(fig, Path(out_dir) / topic / name)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: ``python -m scenes.handouts [--out DIR] [TOPIC ...]``; exit 2 on an unknown topic."""
    parser = argparse.ArgumentParser(prog="python -m scenes.handouts",
                                     description="Write print handouts (PDF + PNG) per topic.")
    parser.add_argument("topics", nargs="*", metavar="TOPIC",
                        help=f"topics to build (default: all): {', '.join(TOPICS)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output directory (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    unknown = [t for t in args.topics if t not in FIGURES]
    if unknown:
        parser.error(f"unknown topic(s): {', '.join(unknown)}; valid topics: {', '.join(TOPICS)}")
    for path in build_handouts(args.out, args.topics or None):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
