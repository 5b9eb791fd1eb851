"""Print handouts of the chain rule topic (they read the lessons, never a scene)."""

from __future__ import annotations

import numpy as np

from lessons import Params
from pipeline.handouts.figure import TH, FigData, figure, lesson_data, sci, styled
from scenes.style import fmt_num

# ---------------------------------------------------------------- chain rule


_ACT_NAMES = {"sigmoid": "sigmoid", "relu": "ReLU", "tanh": "tanh"}


def _config_name(act: str, residual: bool) -> str:
    return _ACT_NAMES[act] + (" + skip" if residual else "")


@styled
def vanishing_gradients(params: Params | None = None) -> FigData:
    """|∂y/∂h_k| per layer, log bars, for each chain of VanishingGradients' lesson."""
    les = lesson_data("VanishingGradients", params)
    fig = figure(3.9, f"Vanishing gradients in a chain of {les.depth} one-unit layers "
                       f"(all $w_k = {fmt_num(les.weight)}$, $b_k = {fmt_num(les.bias)}$, "
                       f"$x = {fmt_num(les.x)}$)")
    ax = fig.subplots()
    ks = np.arange(les.depth + 1)
    n = len(les.chains)
    width = 0.8 / n
    data: dict[str, np.ndarray] = {}
    for i, run in enumerate(les.chains):
        res = run.result
        key = f"dh_{run.act}" + ("_residual" if run.residual else "")
        data[key] = res.dh
        ax.bar(ks + (i - (n - 1) / 2) * width, np.abs(res.dh), width=width * 0.92,
               bottom=0, color=TH.classes[i],
               label=rf"{_config_name(run.act, run.residual)}:  "
                     rf"$\partial y/\partial h_0 = {sci(res.dh[0])}$")
    ax.set_yscale("log")
    ax.set_ylim(les.floor, 3 * les.ceiling)
    ax.set_xticks(ks, [f"$h_{{{k}}}$" for k in ks])
    ax.set_ylabel(r"$|\partial y / \partial h_k|$")
    ax.grid(axis="y", color=TH.muted, alpha=0.3, linewidth=0.6)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=3,
               frameon=False)
    ax.set_title(r"$\partial y/\partial h_0$ = product of the factors $\partial h_k/\partial h_{k-1}$;"
                 r"  sigmoid: $|w\,\sigma'(z)| \leq |w|/4$ per layer;  skip: $1 + w\,\sigma'(z)$")
    return fig, data


_INIT_NAMES = {"zero": "zero", "xavier": "Xavier", "he": "He"}


def _init_name(init: str, les) -> str:
    """Legend name of an initialisation, with the std dlmath uses."""
    if init == "small":
        return rf"$N(0,\ {fmt_num(les.small_std)}^2)$"
    if init == "large":
        return rf"$N(0,\ {fmt_num(les.large_std)}^2)$"
    return _INIT_NAMES[init]


@styled
def init_activation_std(params: Params | None = None) -> FigData:
    """std(h_k) per layer for every run of InitHistograms' lesson (linear and log scale)."""
    les = lesson_data("InitHistograms", params)
    fig = figure(3.6, f"std of the activations per layer: {les.depth} layers of width "
                       f"{les.width}, {les.batch} samples")
    axs = fig.subplots(1, 2)
    ks = np.arange(1, les.depth + 1)
    data: dict[str, np.ndarray] = {}
    for i, run in enumerate(les.runs):
        std = run.stats.std
        data[f"std_{run.act}_{run.init}"] = std
        color = TH.classes[i % len(TH.classes)]
        name = f"{run.act}, {_init_name(run.init, les)}"
        axs[0].plot(ks, std, "o-", color=color, label=name, markersize=4)
        positive = std > 0
        if positive.any():
            axs[1].plot(ks[positive], std[positive], "o-", color=color, markersize=4)
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


@styled
def sigmoid_stack_gradients(params: Params | None = None) -> FigData:
    """|∂y/∂w_k| of SigmoidStackGradients' stacks (log bars aligned at the output) and the
    trained ReLU network's dead units before and after training."""
    les = lesson_data("SigmoidStackGradients", params)
    fig = figure(3.9, f"One-unit stacks ($w_k = {fmt_num(les.weight)}$, "
                      f"$b_k = {fmt_num(les.bias)}$, $x = {fmt_num(les.x)}$) and dead ReLUs")
    ax, ax2 = fig.subplots(1, 2, width_ratios=(3, 1))
    runs = (*les.runs, les.relu)
    deepest = max(r.depth for r in runs)
    n = len(runs)
    width = 0.8 / n
    data: dict[str, np.ndarray] = {}
    for i, run in enumerate(runs):
        dw = run.grads.dw
        key = f"dw_{run.hidden}_{run.depth}"
        data[key] = dw
        j = run.depth - np.arange(1, run.depth + 1)  # layers below the output
        name = (f"{run.depth} sigmoid layers" if run.hidden == "sigmoid"
                else f"{run.depth} layers: ReLU inside, sigmoid output")
        ax.bar(-j + (i - (n - 1) / 2) * width, np.abs(dw), width=width * 0.92,
               color=TH.classes[i % len(TH.classes)], label=name)
    ax.set_yscale("log")
    ax.set_ylim(10.0 ** les.low, 10.0 ** les.high)
    ticks = -np.arange(deepest)[::-1]
    ax.set_xticks(ticks, [f"$w_{{L{t}}}$" if t else "$w_L$" for t in ticks])
    ax.set_ylabel(r"$|\partial y / \partial w_k|$")
    ax.grid(axis="y", color=TH.muted, alpha=0.3, linewidth=0.6)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2,
               frameon=False)
    ax.set_title(r"$\partial y/\partial w_k = h_{k-1} f'(z_k)\prod_{j>k} w_j f'(z_j)$;"
                 r"  $\sigma' \leq 1/4$, ReLU$' = 1$ on the active path")
    before, after = les.dead_before.count, les.dead_after.count
    data["dead"] = np.array([before, after])
    ax2.bar([0, 1], [before, after], color=[TH.muted, TH.negative])
    ax2.set_xticks([0, 1], ["He init", f"after {les.steps} steps"])
    ax2.set_ylim(0, les.dead_after.n_hidden)
    ax2.set_ylabel(f"dead ReLU units (of {les.dead_after.n_hidden})")
    ax2.set_title("-".join(map(str, les.sizes)) + f" ReLU net, lr {fmt_num(les.lr)}")
    return fig, data


@styled
def zigzag_steps(params: Params | None = None) -> FigData:
    """ZigZagSteps' two SGD paths: inputs from a sigmoid layer (all positive) and from tanh."""
    les = lesson_data("ZigZagSteps", params)
    fig = figure(3.6, r"SGD steps $-\eta(\hat y - t)\,h$ of $\hat y = w_1h_1 + w_2h_2$")
    axs = fig.subplots(1, 2)
    data: dict[str, np.ndarray] = {}
    for ax, run in zip(axs, les.runs):
        w = run.path.w
        data[f"path_{run.act}"] = w
        ax.plot(w[:, 0], w[:, 1], "o-", color=TH.kernel, markersize=3, linewidth=1.2)
        ax.plot(*les.w_target, "*", color=TH.output, markersize=12, label="$w^*$")
        ax.plot(*les.w_start, "o", color=TH.kernel, markersize=6, label="start")
        ax.set_xlim(-les.extent, les.extent)
        ax.set_ylim(-les.extent, les.extent)
        ax.set_aspect("equal")
        ax.axhline(0, color=TH.muted, linewidth=0.6)
        ax.axvline(0, color=TH.muted, linewidth=0.6)
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        name = r"$h = \sigma(z) > 0$" if run.act == "sigmoid" else r"$h = \tanh z$"
        ax.set_title(f"{name}: {run.same_sign}/{les.steps} same-sign steps, "
                     rf"$\|w - w^*\| = {fmt_num(run.distance, 3)}$", fontsize="small")
        ax.legend(frameon=False, fontsize="small")
    return fig, data
