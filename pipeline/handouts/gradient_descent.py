"""Print handouts of the gradient descent topic (from :mod:`lessons.gradient_descent`)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

import lessons
from lessons import Params
from lessons.gradient_descent import METHODS, OptimizerRun
from pipeline.handouts.figure import TH, FigData, figure, lesson_data, sci, styled
from scenes.style import fmt_num

# ---------------------------------------------------------------- gradient descent


_METHOD_NAMES = {"gd": "gradient descent", "momentum": "momentum", "adam": "Adam"}
_RUN_COLORS = dict(zip(("gd", "momentum", "adam", "minibatch"), TH.runs))
"""The scenes' run colours (:attr:`scenes.style.Theme.runs`, in its order)."""
_METHOD_COLORS = {k: _RUN_COLORS[k] for k in METHODS}


def _method_legend(fig: Figure) -> None:
    handles = [Line2D([], [], color=c, linewidth=2, label=_METHOD_NAMES[k])
               for k, c in _METHOD_COLORS.items()]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)


def _hyper(run: OptimizerRun) -> str:
    """``α = …`` (and ``β = …``) of a run, as mathtext."""
    tex = rf"\alpha = {fmt_num(run.lr, 3)}"
    return "$" + tex + (rf",\ \beta = {fmt_num(run.beta, 3)}" if run.beta is not None else "") + "$"


@styled
def slope_sign(params: Params | None = None) -> FigData:
    """The notes' picture: a red start (negative slope, W grows) and a blue one (positive
    slope, W shrinks), each with its tangent and its step W − α·cost′(W) (SlopeSign)."""
    params = params or lessons.find("SlopeSign").build()
    res = lesson_data("SlopeSign", params)
    fig = figure(3.6, r"The slope's sign decides the step: $W \leftarrow W - \alpha\,"
                      r"\partial\mathrm{cost}/\partial W$, "
                      rf"$\alpha = {fmt_num(params.lr)}$")
    ax = fig.subplots()
    ax.plot(*res.curve.T, color=TH.output, linewidth=1.4)
    data: dict[str, np.ndarray] = {"w_curve": res.curve[:, 0], "cost_curve": res.curve[:, 1]}
    for start in res.starts:
        s = start.step
        color = TH.negative if start.name == "red" else TH.positive
        ax.plot(*s.tangent.T, color=TH.product, linewidth=1.4)
        ax.plot(s.w, s.cost, "o", color=color, markersize=7, zorder=4)
        ax.plot(s.w_next, s.cost_next, "o", color=color, markersize=4.5, alpha=0.8, zorder=4)
        ax.annotate("", xy=(s.w_next, 0.6), xytext=(s.w, 0.6),
                    arrowprops=dict(arrowstyle="->", color=color, linewidth=1.6))
        ax.text(res.w_min, (0.9 if start.name == "red" else 0.78) * res.cost_axis.high,
                rf"$W \leftarrow {fmt_num(s.w, 3)} - {fmt_num(params.lr)}\cdot({fmt_num(s.slope)})"
                rf" = {fmt_num(s.w_next, 3)}$", color=color, ha="center", fontsize=8,
                bbox=dict(facecolor="white", edgecolor="none", pad=1.5))
        data[f"{start.name}"] = np.array([s.w, s.cost, s.slope, s.w_next, s.cost_next])
    ax.axvline(res.w_min, color=TH.muted, linestyle="--", linewidth=1)  # not the (red) print highlight beside the red point
    ax.set_xlim(res.w_axis.low, res.w_axis.high)
    ax.set_ylim(res.cost_axis.low, res.cost_axis.high)
    ax.set_xlabel("$W$")
    ax.set_ylabel(r"$\mathrm{cost}(W)$")
    ax.grid(color=TH.muted, alpha=0.3, linewidth=0.6)
    data["w_min"] = np.array([res.w_min])
    return fig, data


@styled
def optimizer_paths(params: Params | None = None) -> FigData:
    """GD, momentum and Adam paths on the contours of both costs (OptimizerPaths2D's lesson)."""
    probs = lesson_data("OptimizerPaths2D", params).problems
    fig = figure(4.0, "Optimizer paths: ill-conditioned bowl and Rosenbrock valley")
    axs = fig.subplots(1, len(probs))
    data: dict[str, np.ndarray] = {}
    for ax, prob in zip(axs, probs):
        for piece in prob.level_curves:
            ax.plot(piece[:, 0], piece[:, 1], color=TH.muted, linewidth=0.7, alpha=0.7)
        for run in prob.runs:
            pts = run.trajectory.points
            ax.plot(pts[:, 0], pts[:, 1], "-", color=_METHOD_COLORS[run.method], linewidth=1.3,
                    marker="o" if len(pts) < 60 else None, markersize=2.5)
            data[f"{prob.key}_{run.method}"] = pts
            data[f"{prob.key}_{run.method}_loss"] = np.asarray(run.losses, float)
        ax.plot(*prob.minimum, "*", color=TH.highlight, markersize=12, zorder=5)
        ax.plot(*prob.runs[0].trajectory.points[0], "o", color=TH.foreground, markersize=5)
        ax.set_xlim(prob.view[0].low, prob.view[0].high)
        ax.set_ylim(prob.view[1].low, prob.view[1].high)
        ax.set_aspect("equal")
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        name = ("quadratic, $\\kappa = " + fmt_num(prob.kappa) + "$"
                if prob.kappa is not None else "Rosenbrock")
        ax.set_title(f"{name}, {prob.steps} steps\n" + "\n".join(
            f"{_METHOD_NAMES[r.method]} ({_hyper(r)}): cost ${sci(r.losses[-1])}$"
            for r in prob.runs), fontsize=8)
        data[f"{prob.key}_minimum"] = np.asarray(prob.minimum, float)
    _method_legend(fig)
    return fig, data


@styled
def optimizer_loss_curves(params: Params | None = None) -> FigData:
    """Cost per step, log scale, with GD's worst-case bound on the bowl (OptimizerLossCurves)."""
    res = lesson_data("OptimizerLossCurves", params)
    fig = figure(3.4, "Cost per step (log scale)")
    axs = fig.subplots(1, len(res.panels))
    data: dict[str, np.ndarray] = {}
    for ax, panel in zip(axs, res.panels):
        prob = panel.problem
        for run in prob.runs:
            ax.plot(np.arange(len(run.losses)), run.losses, color=_METHOD_COLORS[run.method],
                    linewidth=1.4)
            data[f"{prob.key}_{run.method}"] = np.asarray(run.losses, float)
        ax.set_yscale("log")
        ax.set_ylim(10.0 ** panel.log_axis.low, 10.0 ** panel.log_axis.high)
        ax.set_xlabel("step $k$")
        ax.set_ylabel(r"$\mathrm{cost}(w_k)$")
        ax.set_title("quadratic" if prob.kappa is not None else "Rosenbrock")
        ax.grid(color=TH.muted, alpha=0.3, linewidth=0.6)
        data[f"{prob.key}_log_range"] = np.array([panel.log_axis.low, panel.log_axis.high])
    axs[0].plot(np.arange(len(res.bound)), res.bound, "--", color=TH.highlight, linewidth=1.2,
                label=r"GD bound $\mathrm{cost}(w_0)\,((\kappa-1)/(\kappa+1))^{2k}$")
    axs[0].legend(loc="lower left", frameon=True, framealpha=0.9, fontsize=7)
    data["quadratic_gd_bound"] = res.bound
    _method_legend(fig)
    return fig, data


_REGIME_NAMES = {"monotone": "monotone", "oscillating": "oscillating (converges)",
                 "marginal": "marginal (bounces)", "diverging": "diverging"}


@styled
def learning_rate_regimes(params: Params | None = None) -> FigData:
    """The four learning rates of LearningRateRegimes on the 1-D regression cost."""
    params = params or lessons.find("LearningRateRegimes").build()
    res = lesson_data("LearningRateRegimes", params)
    fig = figure(5.6, r"Learning-rate regimes: $W_{k+1} - W^* = (1 - \alpha\lambda)(W_k - W^*)$, "
                       rf"$\lambda = \mathrm{{cost}}''(W) = {fmt_num(res.curvature)}$")
    axs = fig.subplots(2, 2, sharex=True, sharey=True).ravel()
    data: dict[str, np.ndarray] = {"w_curve": res.curve[:, 0], "cost_curve": res.curve[:, 1]}
    for ax, run in zip(axs, res.runs):
        ax.plot(*res.curve.T, color=TH.output, linewidth=1.2)
        ax.plot(*run.path.T, "-", color=TH.kernel, linewidth=1)
        ax.plot(*run.path[:len(run.path) - (run.left_plot_at is not None)].T, "o",
                color=TH.kernel, markersize=3.5)
        ax.plot(*run.path[0], "o", color=TH.foreground, markersize=5)
        verdict = (f"leaves the plot at step {run.left_plot_at}" if run.left_plot_at is not None
                   else _REGIME_NAMES[run.analysis.regime])
        ax.set_title(rf"$\alpha = {fmt_num(run.lr, 3)}$, $\alpha\lambda = "
                     rf"{fmt_num(run.analysis.alpha_lambda[-1])}$: {verdict}", fontsize=9)
        ax.set_xlim(res.w_axis.low, res.w_axis.high)
        ax.set_ylim(res.cost_axis.low, res.cost_axis.high)
        ax.grid(color=TH.muted, alpha=0.3, linewidth=0.6)
        data[f"w_lr{run.lr}"] = run.trajectory.points[:, 0]
        data[f"path_lr{run.lr}"] = run.path
    for ax in axs[2:]:
        ax.set_xlabel("$W$")
    for ax in axs[::2]:
        ax.set_ylabel(r"$\mathrm{cost}(W)$")
    fig.text(0.5, 0.005, rf"monotone iff $\alpha \leq 1/\lambda = {fmt_num(res.max_monotone_lr, 3)}$;"
             rf"  converges iff $\alpha < 2/\lambda = {fmt_num(res.max_stable_lr, 3)}$"
             f";  start $W_0 = {fmt_num(params.w0)}$, {params.steps} steps",
             ha="center", va="bottom", fontsize=9)
    fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    return fig, data
