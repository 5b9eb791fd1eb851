"""Print handouts of the gradient descent topic."""

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

# ---------------------------------------------------------------- gradient descent


_METHOD_NAMES = {"gd": "gradient descent", "momentum": "momentum", "adam": "Adam"}
_METHOD_COLORS = {k: TH.classes[i] for i, k in enumerate(_METHOD_NAMES)}


def _problems(scene: type) -> list[dict]:
    """The optimizer runs of ``scene`` (OptimizerPaths2D or OptimizerLossCurves), from its own
    ``problems`` method: the same dlmath calls and settings as the video."""
    return scene_call(scene, "problems")


def _method_legend(fig: Figure) -> None:
    handles = [Line2D([], [], color=c, linewidth=2, label=_METHOD_NAMES[k])
               for k, c in _METHOD_COLORS.items()]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)


def _mathtext(tex: str) -> str:
    """A scene's small TeX snippet as mathtext (TeX's ``\\ `` space becomes a plain space)."""
    return "$" + tex.replace(r"\ ", " ") + "$"


@styled
def optimizer_paths() -> FigData:
    """GD, momentum and Adam paths on the contours of both costs (OptimizerPaths2D)."""
    probs = _problems(scene("gradient_descent", "OptimizerPaths2D"))
    fig = figure(4.0, "Optimizer paths: ill-conditioned bowl and Rosenbrock valley")
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
            f"{_METHOD_NAMES[k]} ({_mathtext(tex)}): cost {_mathtext(sci(l[-1]))}"
            for k, _, l, tex in prob["runs"]), fontsize=8)
        data[f"{prob['key']}_minimum"] = w_star
    _method_legend(fig)
    return fig, data


@styled
def optimizer_loss_curves() -> FigData:
    """Cost per step, log scale, with GD's worst-case bound on the quadratic (OptimizerLossCurves)."""
    scene = scene_class("gradient_descent", "OptimizerLossCurves")
    probs = _problems(scene)
    fig = figure(3.4, "Cost per step (log scale)")
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


@styled
def learning_rate_regimes() -> FigData:
    """The four learning rates of LearningRateRegimes on the 1-D regression cost."""
    scene = scene_class("gradient_descent", "LearningRateRegimes")
    cost = om.regression_cost_1d(scene.x, scene.y)
    hess = cost.hessian(scene.w0)
    infos = [om.analyze_lr(lr, hess) for lr, _ in scene.runs]
    lam = float(infos[0].eigenvalues[-1])
    fig = figure(5.6, r"Learning-rate regimes: $W_{k+1} - W^* = (1 - \alpha\lambda)(W_k - W^*)$, "
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


