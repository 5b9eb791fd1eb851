"""Print handouts of the chain rule topic."""

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
from pipeline.handouts.figure import *  # noqa: F401,F403
from pipeline.handouts.figure import TH, RC, FigData

# ---------------------------------------------------------------- chain rule


_ACT_NAMES = {"sigmoid": "sigmoid", "relu": "ReLU", "tanh": "tanh"}


def _config_name(act: str, residual: bool) -> str:
    return _ACT_NAMES[act] + (" + skip" if residual else "")


@styled
def vanishing_gradients() -> FigData:
    """|∂y/∂h_k| per layer, log bars, for each chain of VanishingGradients."""
    scene = scene_class("chain_rule", "VanishingGradients")
    fig = figure(3.9, f"Vanishing gradients in a chain of {scene.depth} one-unit layers "
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
               label=rf"{_config_name(act, residual)}:  $\partial y/\partial h_0 = {sci(res.dh[0])}$")
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


@styled
def init_activation_std() -> FigData:
    """std(h_k) per layer for every initialisation of InitHistograms (linear and log scale)."""
    scene = scene_class("chain_rule", "InitHistograms")
    fig = figure(3.6, f"std of the activations per layer: {scene.depth} layers of width "
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


