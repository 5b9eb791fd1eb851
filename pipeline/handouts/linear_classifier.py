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
from mpl_toolkits.mplot3d.art3d import Poly3DCollection  # column_view (issue 16)

from scenes.style import fmt_num  

from dlmath import autodiff as ad
from dlmath import convolution as cv
from dlmath import diffusion as dm
from dlmath import linear as lm
from dlmath import optim as om
from pipeline.handouts.figure import (
    FigData, RC, TH, figure, lesson_data, lighten, plane, points, regions, styled,
)
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


# ---------------------------------------------------------------- the column view (issue 16)


@styled
def column_view(params: Params | None = None) -> FigData:
    """W's columns in class-score space before and after gradient descent on the MSE, the
    mapped points and their corners, and the loss falling to its least-squares floor
    (ColumnView's lesson)."""
    p = params or lessons.find("ColumnView").params()
    res = lesson_data("ColumnView", p)
    hist, y = res.history, res.data.y
    fig = figure(3.6, f"Columns of W: $Wx = x_1 w_1 + x_2 w_2$; {y.size} images, MSE to $e_k$")
    axs = [fig.add_subplot(1, 3, 1, projection="3d"), fig.add_subplot(1, 3, 2, projection="3d"),
           fig.add_subplot(1, 3, 3)]
    data: dict[str, np.ndarray] = {"X": res.data.X, "y": y, "loss": hist.loss,
                                   "best_loss": np.array(hist.best_loss)}
    for ax, i in zip(axs[:2], (0, len(res.shown_steps) - 1)):
        t = res.shown_steps[i]
        W, S, sq = hist.W[t], res.mapped[i], res.square[i]
        ax.add_collection3d(Poly3DCollection([sq], facecolor=lighten(TH.signal, 0.8),
                                             edgecolor=TH.signal, linewidth=0.6, alpha=0.6))
        for k in range(3):
            ax.scatter(*S[y == k].T, s=6, color=TH.classes[k], depthshade=False)
            ax.scatter(*res.targets[k], s=40, color=TH.classes[k], edgecolors=TH.foreground)
        for j in range(2):
            ax.quiver(0, 0, 0, *W[:, j], color=TH.foreground, linewidth=1.2, arrow_length_ratio=0.12)
            ax.text(*(1.1 * W[:, j]), f"$w_{j + 1}$", fontsize=9)
        ax.set(xlim=(-1.1, 1.1), ylim=(-1.1, 1.1), zlim=(-0.6, 1.2), xlabel="$s_1$",
               ylabel="$s_2$", zlabel="$s_3$")
        ax.view_init(elev=22, azim=25)
        ax.tick_params(labelsize=6)
        ax.set_title(f"step {t}: L = {fmt_num(hist.loss[t], 3)}", fontsize=9)
        data[f"W_{t}"], data[f"mapped_{t}"] = W, S
    steps = np.arange(hist.loss.size)
    axs[2].plot(steps, hist.loss, color=TH.output, label="MSE $L$")
    axs[2].axhline(hist.best_loss, color=TH.negative, linestyle="--",
                   label=f"least-squares floor {fmt_num(hist.best_loss, 3)}")
    axs[2].set_xlabel("gradient-descent step")
    axs[2].set_ylim(0, None)
    axs[2].legend(frameon=False, fontsize=8)
    axs[2].set_title("two columns span a plane:\nit cannot hold all three corners, $L > 0$", fontsize=9)
    return fig, data


@styled
def why_nonlinearity(params: Params | None = None) -> FigData:
    """The grid under W₁, under W₂(W₁x) = (W₂W₁)x, under W₂ ReLU(W₁x), and under W₁x + b
    (WhyNonLinearity's lesson)."""
    p = params or lessons.find("WhyNonLinearity").params()
    res = lesson_data("WhyNonLinearity", p)
    m = res.maps
    fig = figure(2.9, "Two linear layers are one matrix; ReLU between them is not; $+b$ shifts")
    axs = fig.subplots(1, 4)
    panels = (("$W_1 x$", m.first), ("$W_2(W_1 x) = (W_2 W_1)x$\n$W_2 W_1 = $ ["
                                      + "; ".join(" ".join(fmt_num(v) for v in r) for r in m.product)
                                      + "]", m.direct),
              (r"$W_2\,\mathrm{ReLU}(W_1 x)$", m.relu_second), ("$W_1 x + b$", m.shifted))
    lines = np.split(res.grid, res.n_lines)
    for ax, (name, pts) in zip(axs, panels):
        for ref in lines:
            ax.plot(ref[:, 0], ref[:, 1], color=lighten(TH.muted, 0.5), linewidth=0.5)
        for line in np.split(pts, res.n_lines):
            ax.plot(line[:, 0], line[:, 1], color=TH.signal, linewidth=0.9)
        plane(ax, (-res.view, res.view))
        ax.set_title(name, fontsize=9)
        ax.tick_params(labelsize=6)
    return fig, {"grid": res.grid, "first": m.first, "second": m.second, "direct": m.direct,
                 "relu_second": m.relu_second, "shifted": m.shifted, "product": m.product,
                 "W1": m.W1, "W2": m.W2, "b": m.b}


@styled
def regularisation(params: Params | None = None) -> FigData:
    """Regularisation's λ sweep (train and test loss per λ), the best λ's regions, and the
    test losses of the plain, dropout and ensemble networks (Regularisation's lesson)."""
    p = params or lessons.find("Regularisation").params()
    res = lesson_data("Regularisation", p)
    best = res.picks[1]
    fig = figure(3.5, f"Regularisation: noisy {p.dataset}, {res.y_train.size} training / "
                      f"{res.y_test.size} test points, {' × '.join(map(str, p.hidden))} "
                      f"{p.activation}")
    axs = fig.subplots(1, 3, width_ratios=(1.2, 1, 1.2))
    xs = np.arange(len(res.lambdas))
    axs[0].plot(xs, res.train_loss, "o-", color=TH.output, label="training loss")
    axs[0].plot(xs, res.test_loss, "o-", color=TH.negative, label="test loss")
    axs[0].set_xticks(xs, [fmt_num(v, 3) for v in res.lambdas])
    axs[0].set_xlabel(r"$\lambda$ in $J = L + \lambda \sum W^2$")
    axs[0].set_ylabel("cross-entropy after training")
    axs[0].set_ylim(0, None)
    axs[0].legend(frameon=False)
    axs[0].set_title(f"lowest test loss {fmt_num(res.test_loss[best])} at "
                     f"$\\lambda = {fmt_num(res.lambdas[best], 3)}$", fontsize=9)
    reg = res.pick_regions[1]
    regions(axs[1], reg.xs, reg.ys, reg.labels, TH.classes[:2])
    points(axs[1], res.X_train, res.y_train, TH.classes, size=10)
    points(axs[1], res.X_test, res.y_test, TH.classes, size=10, hollow=True)
    plane(axs[1], res.lim)
    axs[1].set_title(f"$\\lambda = {fmt_num(res.lambdas[best], 3)}$: regions\n"
                     "filled: training, rings: test points", fontsize=9)
    ens = res.ensemble
    names = ([f"seed {p.train_seed + m}" for m in range(len(ens.member_loss))]
             + ["ensemble", f"dropout\nkeep {fmt_num(p.keep_prob)}"])
    values = list(ens.member_loss) + [ens.loss, res.dropout.test_loss[-1]]
    colors = [TH.kernel] * len(ens.member_loss) + [TH.output, TH.signal]
    axs[2].bar(np.arange(len(values)), values, color=colors)
    axs[2].axhline(ens.mean_member_loss, color=TH.foreground, linestyle="--", linewidth=1)
    axs[2].set_xticks(np.arange(len(values)), names, fontsize=7, rotation=35)
    axs[2].set_ylabel("test loss")
    axs[2].set_title(f"ensemble {fmt_num(ens.loss)};\nmembers' mean "
                     f"{fmt_num(ens.mean_member_loss)} (dashed)", fontsize=9)
    W = res.sweep[best].params
    return fig, {"lambdas": np.array(res.lambdas), "train_loss": res.train_loss,
                 "test_loss": res.test_loss, "X_train": res.X_train, "y_train": res.y_train,
                 "X_test": res.X_test, "y_test": res.y_test, "grid_x": reg.xs,
                 "grid_y": reg.ys, "labels": reg.labels, "member_loss": ens.member_loss,
                 "ensemble_loss": np.array(ens.loss),
                 "dropout_test_loss": np.array(res.dropout.test_loss[-1]),
                 **{f"W{l}": w for l, w in enumerate(W.weights)},
                 **{f"b{l}": b for l, b in enumerate(W.biases)}}


@styled
def four_pixel_columns(params: Params | None = None) -> FigData:
    """The notes' 3×4 example: the 4-pixel image, and each class score as the sum of its
    pixel-scaled column entries x_j W_kj plus b_k (FourPixelColumns' lesson)."""
    p = params or lessons.find("FourPixelColumns").params()
    res = lesson_data("FourPixelColumns", p)
    s = res.sum
    names = ("cat", "dog", "ship")
    fig = figure(3.0, "Four pixels scale four columns: $s = x_1 w_1 + x_2 w_2 + x_3 w_3 + "
                      "x_4 w_4 + b$")
    axs = fig.subplots(1, 2, width_ratios=(1, 2.4))
    axs[0].imshow(res.pixels, cmap="gray", vmin=0, vmax=255, interpolation="nearest")
    for (r, c), v in np.ndenumerate(res.pixels):
        axs[0].text(c, r, fmt_num(v), ha="center", va="center", fontsize=10,
                    color="black" if v > 127 else "white")
    axs[0].set_xticks([])
    axs[0].set_yticks([])
    axs[0].set_title("the image (pixels 0–255)", fontsize=9)
    ax = axs[1]
    ks = np.arange(3)
    parts = [*s.scaled, s.b]                       # x_j w_j for each pixel j, then b
    shades = [lighten(TH.product, a) for a in (0.0, 0.3, 0.5, 0.7)] + [TH.muted]
    width = 0.15
    for j, (part, color) in enumerate(zip(parts, shades)):
        name = "$b$" if j == len(parts) - 1 else f"$x_{j + 1} w_{j + 1}$"
        ax.bar(ks + (j - 2) * width, part, width, color=color, label=name)
    ax.hlines(s.total, ks - 2.6 * width, ks + 2.6 * width, color=TH.highlight, linewidth=2,
              label="score $s_k$ (their sum)")
    for k in ks:
        ax.annotate(f"$s_{k + 1}$ = {fmt_num(s.total[k])}", (k, s.total[k]), xytext=(0, 5),
                    textcoords="offset points", ha="center", fontsize=9)
    ax.set_xticks(ks, names)
    ax.axhline(0, color=TH.muted, linewidth=0.8)
    top = float(max(np.max(parts), np.max(s.total), 0.0))
    ax.set_ylim(top=top + 0.2 * (top - min(float(np.min(parts)), float(np.min(s.total)), 0.0)))
    ax.legend(frameon=False, fontsize=7, loc="upper left")
    ax.set_title(f"highest score: {names[res.label]}", fontsize=9)
    return fig, {"W": s.W, "x": s.x, "b": s.b, "scaled": s.scaled, "scores": s.total}
