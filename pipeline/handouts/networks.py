"""Print handouts of the networks topic: the perceptron's lines on AND, OR and XOR, and the
digits network (one digit, its softmax against the one-hot target, first-layer weights)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from lessons import Params
from pipeline.handouts.figure import TH, FigData, figure, lesson_data, styled
from scenes.style import fmt_num

__all__ = ["perceptron_gates", "digits_network"]


def _line(ax, segment, **kw) -> None:
    if segment is not None:
        (x0, y0), (x1, y1) = segment
        ax.plot([x0, x1], [y0, y1], **kw)


@styled
def perceptron_gates(params: Params | None = None) -> FigData:
    """AND, OR (learned) and XOR (never learned): every line the rule drew, the last bold."""
    d = lesson_data("Perceptron", params)
    fig = figure(3.2, "The perceptron rule: AND and OR converge, XOR never does")
    axs = fig.subplots(1, 3)
    data: dict[str, np.ndarray] = {}
    for ax, gate in zip(axs, (*d.gates, d.xor)):
        lo, hi = d.box
        for k, seg in enumerate(gate.segments):
            last = k == len(gate.segments) - 1
            _line(ax, seg, color=TH.highlight if last else TH.muted, lw=2.2 if last else 0.8,
                  alpha=1.0 if last else 0.5)
        t = np.array(gate.targets)
        ax.scatter(*d.corners[t == 1].T, s=70, color=TH.output, zorder=3, label="target 1")
        ax.scatter(*d.corners[t == 0].T, s=70, facecolor="white", edgecolor=TH.negative,
                   linewidth=1.8, zorder=3, label="target 0")
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo, hi)
        ax.set_aspect("equal")
        ax.set_xticks([0, 1])
        ax.set_yticks([0, 1])
        ax.set_xlabel("$x_1$")
        errs = ", ".join(fmt_num(e) for e in gate.run.errors)
        ax.set_title(f"{gate.name}: mistakes per epoch\n{errs}", fontsize=9)
        data[f"{gate.name}_weights"] = gate.run.weights
        data[f"{gate.name}_errors"] = gate.run.errors
    axs[0].set_ylabel("$x_2$")
    return fig, data


@styled
def digits_network(params: Params | None = None) -> FigData:
    """The shown digit, the trained network's softmax against its one-hot target, and the
    first layer's weight rows as 8×8 images (FlattenOneHot's lesson)."""
    d = lesson_data("FlattenOneHot", params)
    net = d.net
    fig = figure(4.6, f"A 64 → {net.params.weights[0].shape[0]} → 10 network on 8×8 digits: "
                      f"held-out accuracy {fmt_num(100 * net.test_accuracy, 1)} %")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1.25, 1])
    ax_img, ax_bar = top.subplots(1, 2, width_ratios=[1, 2.4])
    ax_img.imshow(d.pixels, cmap="gray_r", vmin=0, vmax=16, interpolation="nearest")
    ax_img.set_xticks([])
    ax_img.set_yticks([])
    ax_img.set_title(f"label {d.label} (pixels 0–16)", fontsize=9)
    ks = np.arange(10)
    ax_bar.bar(ks, d.probs, color=TH.output, width=0.6, label="softmax output $p$")
    ax_bar.bar(ks, d.target, fill=False, edgecolor=TH.highlight, width=0.8, lw=1.5,
               label="one-hot target $t$")
    ax_bar.set_xticks(ks)
    ax_bar.set_ylim(0, 1.05)
    ax_bar.legend(fontsize=8, loc="upper left")
    ax_bar.set_title(rf"CE $= -\log p_{{{d.label}}} = {fmt_num(d.cross_entropy, 3)}$,   "
                     rf"MSE $= {fmt_num(d.mse, 3)}$", fontsize=9)
    cmap = LinearSegmentedColormap.from_list("w", [TH.signal, "white", TH.kernel])
    axs = bottom.subplots(1, len(d.filters))
    for ax, f in zip(np.atleast_1d(axs), d.filters):
        ax.imshow(f, cmap=cmap, vmin=-d.filter_scale, vmax=d.filter_scale, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
    bottom.suptitle("first-layer weights (rows of $W_1$ as 8×8; orange +, blue −)", fontsize=9)
    return fig, {"pixels": d.pixels, "probs": d.probs, "target": d.target, "filters": d.filters,
                 "test_accuracy": np.array(net.test_accuracy)}
