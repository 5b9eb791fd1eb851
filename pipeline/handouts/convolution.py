"""Print handouts of the convolution topic."""

from __future__ import annotations

import importlib
from functools import wraps
from pathlib import Path
from typing import Callable, Sequence

import numpy as np  
from matplotlib import rc_context  
from matplotlib.axes import Axes  
from matplotlib.colors import LinearSegmentedColormap, ListedColormap, to_rgb  
from matplotlib.figure import Figure  
from matplotlib.lines import Line2D  
from matplotlib.patches import Circle, Rectangle  

from scenes.style import fmt_num  

from dlmath import autodiff as ad
from dlmath import convolution as cv
from dlmath import diffusion as dm
from dlmath import linear as lm
from dlmath import optim as om
from pipeline.handouts.figure import (
    FigData, RC, TH, WIDTH, figure, grid_axes, lesson_data, number_grid, stem, styled,
)
import lessons
from lessons import Params

# ---------------------------------------------------------------- convolution


@styled
def conv1d_flip_shift(params: Params | None = None) -> FigData:
    """x, h and y = x * h as stems (Conv1DFlipShift's lesson)."""
    res = lesson_data("Conv1DFlipShift", params).conv
    n_max = res.y.size - 1
    fig = figure(4.2, "1-D convolution: flip, shift, multiply, sum")
    axs = fig.subplots(3, 1, sharex=True)
    for ax, vals, color, name in ((axs[0], res.x, TH.signal, "$x[k]$"),
                                  (axs[1], res.h, TH.kernel, "$h[k]$"),
                                  (axs[2], res.y, TH.output, "$y[n]$")):
        stem(ax, np.arange(vals.size), vals, color, name)
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


@styled
def conv2d_grid(params: Params | None = None) -> FigData:
    """Padded input, kernel and output of both Conv2DGrid runs (stride/padding, dilation)."""
    runs = lesson_data("Conv2DGrid", params).runs
    width = max(r.steps.x_padded.shape[1] + r.steps.k.shape[1] + 2.4 + 7.5 for r in runs)
    heights = [r.steps.x_padded.shape[0] + 1.1 for r in runs]  # rows as tall as their grids
    fig = figure(sum(heights) * WIDTH / width + 0.5,
                 "2-D convolution (CNN cross-correlation) on a grid")
    axs = np.atleast_1d(fig.subplots(len(runs), 1, height_ratios=heights))
    data: dict[str, np.ndarray] = {}
    for i, (ax, run) in enumerate(zip(axs, runs)):
        res, s, p, d = run.steps, run.stride, run.padding, run.dilation
        n_in, n_k, n_out = res.x_padded.shape[0], res.k.shape[0], res.y.shape[0]
        k_x, o_x = n_in + 1.2, n_in + n_k + 2.4
        number_grid(ax, res.x_padded, (0, 0), TH.signal, quiet=run.pad_mask)
        number_grid(ax, res.k, (k_x, 0), TH.kernel)
        number_grid(ax, res.y, (o_x, 0), TH.output)
        first = res.steps[0]  # the window of y[0, 0]: its taps framed in the input
        for rr in first.rows:
            for cc in first.cols:
                ax.add_patch(Rectangle((cc + 0.08, rr + 0.08), 0.84, 0.84, fill=False,
                                       edgecolor=TH.highlight, linewidth=1.6))
        name = r"$\bar x$ (zero padded)" if p else "$x$"
        for xpos, text, color in ((0, name, TH.signal), (k_x, "$k$", TH.kernel),
                                  (o_x, "$y$", TH.output)):
            ax.text(xpos, -0.35, text, color=color, fontsize=10, va="bottom")
        ax.text(o_x, n_out + 0.9, f"stride $s={s}$, padding $p={p}$, dilation $d={d}$\n"
                rf"$\hat k = k + (k-1)(d-1) = {run.khat}$" "\n"
                rf"$o = \lfloor (i + 2p - \hat k)/s \rfloor + 1 = {run.out_size}$"
                "\n" f"framed: the taps of $y[0,0] = {fmt_num(first.total)}$",
                va="top", fontsize=8.5, linespacing=1.5)
        grid_axes(ax, width, n_in)
        data[f"x_padded_{i}"], data[f"y_{i}"] = res.x_padded, res.y
    data["x"], data["k"] = runs[0].steps.x, runs[0].steps.k
    return fig, data


@styled
def transposed_checkerboard(params: Params | None = None) -> FigData:
    """Overlap counts of a stride-s transposed conv for each kernel size (TransposedCheckerboard)."""
    scene = "TransposedCheckerboard"
    p = params or lessons.find(scene).params()
    panels = lesson_data(scene, p).panels
    n, s = p.input_size, p.stride
    fig = figure(4.0, "Transposed convolution: how many kernel copies cover each output cell")
    axs = fig.subplots(1, len(panels))
    cmap = LinearSegmentedColormap.from_list("overlap", ["white", TH.product])
    data: dict[str, np.ndarray] = {}
    for ax, panel in zip(axs, panels):
        prof, kk = panel.profile, panel.k
        counts = prof.counts
        number_grid(ax, counts, (0, 0), TH.product, digits=0, fill=counts, cmap=cmap)
        rows, cols = np.nonzero(prof.interior)
        ax.add_patch(Rectangle((cols.min(), rows.min()), cols.max() - cols.min() + 1,
                               rows.max() - rows.min() + 1, fill=False, edgecolor=TH.highlight,
                               linewidth=2))
        verdict = ("even: no checkerboard" if prof.uniform else "uneven: checkerboard")
        ax.set_title(f"$k = {kk},\\ s = {s}$ on a {n}×{n} input\ninterior (framed) counts "
                     f"{', '.join(map(str, prof.interior_values))}: {verdict}", fontsize=9)
        grid_axes(ax, counts.shape[1], counts.shape[0])
        ax.set_ylim(counts.shape[0] + 0.2, -0.2)
        data[f"counts_k{kk}"] = counts
    return fig, data


@styled
def conv_layer_cost(params: Params | None = None) -> FigData:
    """Parameters and multiply-adds of a conv layer vs a dense layer (ConvLayerCost), with
    the notes' FLOPs (2 per multiply-add) and memory (4 bytes a float32 parameter) in the data."""
    scene = "ConvLayerCost"
    p = params or lessons.find(scene).params()
    results = lesson_data(scene, p).results
    sizes = [r.in_shape[1] for r in results]
    data = {"sizes": np.array(sizes),
            "conv_params": np.array([r.conv.params for r in results], dtype=float),
            "dense_params": np.array([r.dense.params for r in results], dtype=float),
            "conv_macs": np.array([r.conv.multiply_adds for r in results], dtype=float),
            "dense_macs": np.array([r.dense.multiply_adds for r in results], dtype=float),
            # the notes' measures: FLOPs = 2 multiply-adds, parameters as float32 memory
            "conv_flops": np.array([r.conv.flops for r in results], dtype=float),
            "dense_flops": np.array([r.dense.flops for r in results], dtype=float),
            "conv_bytes": np.array([r.conv.memory_bytes("float32") for r in results], dtype=float),
            "dense_bytes": np.array([r.dense.memory_bytes("float32") for r in results],
                                    dtype=float)}
    fig = figure(3.6, f"Weight sharing: a {p.k}×{p.k} conv layer ({p.c_in} → "
                      f"{p.c_out} channels, padding {p.padding})\nvs a dense layer "
                      "with the same input and output sizes")
    axs = fig.subplots(1, 2)
    x = np.arange(len(sizes))
    for ax, key, name in ((axs[0], "params", "parameters (float32 memory: 4 bytes each)"),
                          (axs[1], "macs", "multiply-adds (FLOPs = 2 × multiply-adds)")):
        for off, kind, color in ((-0.2, "conv", TH.kernel), (0.2, "dense", TH.negative)):
            vals = data[f"{kind}_{key}"]
            ax.bar(x + off, vals, width=0.38, color=color, label=kind)
            for xi, v in zip(x + off, vals):
                ax.annotate(f"{int(v):,}", (xi, v), xytext=(0, 2), textcoords="offset points",
                            ha="center", fontsize=7)
        ax.set_yscale("log")
        ax.set_ylim(1e2, data[f"dense_{key}"].max() * 60)
        ax.set_xticks(x, [f"{n}×{n} image" for n in sizes])
        ax.set_title(name)
        ax.legend(loc="upper left", frameon=False)
    return fig, data
