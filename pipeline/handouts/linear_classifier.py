"""Print handouts of the linear classifier topic."""

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
from pipeline.handouts.figure import TH, RC, FigData, lesson_data
import lessons
from lessons import Params

# ---------------------------------------------------------------- linear classifier


@styled
def linear_classifier_regions(params: Params | None = None) -> FigData:
    """Argmax regions of the 3-class linear classifier before and after training, and its loss
    (LinearClassifierScores' lesson)."""
    p = params or lessons.find("LinearClassifierScores").params()
    res = lesson_data("LinearClassifierScores", p)
    data_set, hist = res.data, res.history
    fig = figure(3.5, f"Linear classifier $s = Wx + b$: {data_set.y.size} points, 3 classes, "
                       f"gradient descent ($\\alpha = {fmt_num(p.lr, 3)}$)")
    axs = fig.subplots(1, 3, width_ratios=(1, 1, 1.15))
    data: dict[str, np.ndarray] = {"X": data_set.X, "y": data_set.y, "loss": hist.loss,
                                   "accuracy": hist.accuracy}
    for ax, t, reg in zip(axs[:2], (0, res.shown_steps[-1]), (res.regions[0], res.regions[-1])):
        regions(ax, reg.xs, reg.ys, reg.labels, TH.classes[:3])
        for bd in reg.boundaries:
            ax.plot([bd.start[0], bd.end[0]], [bd.start[1], bd.end[1]], color=TH.foreground,
                    linewidth=1)
        points(ax, data_set.X, data_set.y, TH.classes)
        plane(ax, res.lim)
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


@styled
def playground_spiral(params: Params | None = None) -> FigData:
    """The spiral MLP of PlaygroundSpiral (no regularisation): final regions and loss curves."""
    p = params or lessons.find("PlaygroundSpiral").params()
    res = lesson_data("PlaygroundSpiral", p)
    Xtr, ytr, Xte, yte = res.X_train, res.y_train, res.X_test, res.y_test
    hist, reg = res.plain, res.final_regions[0]
    fig = figure(3.6, f"MLP {' × '.join(map(str, p.hidden))} ({p.activation}) on the "
                       f"spiral: {len(ytr)} training, {len(yte)} test points")
    axs = fig.subplots(1, 2, width_ratios=(1, 1.25))
    cmap = LinearSegmentedColormap.from_list("p1", [lighten(TH.classes[0], 0.65), "white",
                                                    lighten(TH.classes[1], 0.65)])
    dx = (reg.xs[1] - reg.xs[0]) / 2
    axs[0].imshow(reg.probs, origin="lower", cmap=cmap, vmin=0, vmax=1, interpolation="bilinear",
                  extent=(reg.xs[0] - dx, reg.xs[-1] + dx, reg.ys[0] - dx, reg.ys[-1] + dx))
    axs[0].contour(reg.xs, reg.ys, reg.probs, levels=[0.5], colors=TH.foreground, linewidths=1)
    points(axs[0], Xtr, ytr, TH.classes, size=12)
    points(axs[0], Xte, yte, TH.classes, size=12, hollow=True)
    plane(axs[0], res.lim)
    axs[0].set_title(f"after {p.epochs} epochs: test accuracy {hist.test_acc[-1] * 100:.0f}%\n"
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


