"""Print handouts of the networks topic: the perceptron's lines on AND, OR and XOR, the
digits network (one digit, its softmax against the one-hot target, first-layer weights),
tensor shapes (ranks, shape rules, reshape versus transpose) and the Keras recipe counted."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Rectangle

import lessons
from lessons import Params
from pipeline.handouts.figure import TH, FigData, figure, lesson_data, styled
from scenes.style import fmt_num

__all__ = ["perceptron_gates", "digits_network", "tensor_shapes", "keras_recipe"]


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


def _numbered_grid(ax, values: np.ndarray, rows0: int, cols0: int, title: str) -> None:
    """A numbered matrix; each number coloured by its row in the original matrix."""
    colours = TH.classes
    r, c = values.shape
    for i in range(r):
        for j in range(c):
            k = int(values[i, j])
            ax.add_patch(Rectangle((j, r - 1 - i), 1, 1, facecolor="white",
                                   edgecolor=colours[(k // cols0) % len(colours)], lw=2))
            ax.text(j + 0.5, r - 0.5 - i, str(k), ha="center", va="center", fontsize=10)
    ax.set_xlim(-0.1, max(c, cols0, rows0) + 0.1)
    ax.set_ylim(-0.1, max(r, cols0, rows0) + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=9)


@styled
def tensor_shapes(params: Params | None = None) -> FigData:
    """Tensors' lesson on paper: rank and shape of each rung, the tensor product and
    broadcasting shape rules, and reshape versus transpose of the numbered matrix."""
    d = lesson_data("Tensors", params)
    fig = figure(4.4, "Tensors: rank = number of axes; shape rules; reshape vs transpose")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1, 1.3])
    ax = top.subplots()
    ax.axis("off")
    names = {"scalar": "a label", "vector": "its one-hot vector", "matrix": "a grey image",
             "image": "a colour image", "batch": "a batch of images"}
    lines = [f"rank {ex.rank}  {_shape_text(ex.shape):<18} {names[ex.key]}" for ex in d.ladder]
    a, b, out = d.dot_shapes
    lines += ["", f"tensor product: {_shape_text(a)} · {_shape_text(b)} = {_shape_text(out)}",
              f"  (axis {d.contracted[0]} of the left meets axis {d.contracted[1]} of the right; "
              "both are summed away)",
              f"broadcasting: {_shape_text(d.x_shape)} + {_shape_text(d.y_shape)}: y → "
              f"{_shape_text(d.y_padded)} → repeated to {_shape_text(d.broadcast)}"]
    ax.text(0.0, 1.0, "\n".join(lines), va="top", ha="left", family="DejaVu Sans Mono",
            fontsize=8.5, transform=ax.transAxes)
    axs = bottom.subplots(1, 3)
    rows0, cols0 = d.reshaped.before.shape
    _numbered_grid(axs[0], d.reshaped.before, rows0, cols0, f"x {_shape_text(d.reshaped.before.shape)}")
    _numbered_grid(axs[1], d.reshaped.after, rows0, cols0,
                   f"x.reshape{_shape_text(d.reshaped.after.shape)}: reading order kept")
    _numbered_grid(axs[2], d.transposed.after, rows0, cols0,
                   f"x.T {_shape_text(d.transposed.after.shape)}: rows become columns")
    return fig, {"ranks": np.array([ex.rank for ex in d.ladder]),
                 "dot_out": np.array(out), "broadcast": np.array(d.broadcast),
                 "reshaped": d.reshaped.after, "transposed": d.transposed.after}


def lessons_params(scene: str, params: Params | None) -> Params:
    """The parameters a figure shows (the lesson's defaults when None)."""
    return params if params is not None else lessons.find(scene).build()


def _shape_text(shape) -> str:
    return "(" + ", ".join(f"{n:,}" for n in shape) + ("," if len(shape) == 1 else "") + ")"


@styled
def keras_recipe(params: Params | None = None) -> FigData:
    """The notes' Keras recipe counted: parameters per layer as bars, steps per epoch and
    in total (KerasRecipe's lesson)."""
    d = lesson_data("KerasRecipe", params)
    p = lessons_params("KerasRecipe", params)
    fig = figure(3.0, f"The notes' Keras recipe: {d.total_params:,} parameters, "
                      f"{d.total_steps:,} gradient steps")
    ax_p, ax_s = fig.subplots(1, 2, width_ratios=[1.2, 1])
    names = [f"Dense({p.hidden:,}, relu)\n{d.inputs:,}·{p.hidden:,} + {p.hidden:,}",
             f"Dense({p.classes:,}, softmax)\n{p.hidden:,}·{p.classes:,} + {p.classes:,}"]
    counts = [d.params1, d.params2]
    bars = ax_p.barh(names, counts, color=[TH.product, TH.output])
    ax_p.bar_label(bars, labels=[f"{c:,}" for c in counts], padding=3, fontsize=8)
    ax_p.invert_yaxis()
    ax_p.set_xlim(0, max(counts) * 1.35)
    ax_p.set_xlabel("parameters (weights + biases)")
    ax_p.set_title(f"{p.side}×{p.side} inputs flattened to {d.inputs:,}", fontsize=9)
    epochs = np.arange(1, p.epochs + 1)
    ax_s.step(np.r_[0, epochs], np.r_[0, epochs * d.steps_per_epoch], where="post",
              color=TH.highlight)
    ax_s.plot(epochs, epochs * d.steps_per_epoch, "o", color=TH.highlight)
    ax_s.set_xlabel("epoch")
    ax_s.set_ylabel("gradient steps so far")
    ax_s.set_title(f"⌈{p.samples:,} / {p.batch_size:,}⌉ = {d.steps_per_epoch:,} steps per epoch\n"
                   f"(the last batch holds {d.last_batch:,})", fontsize=9)
    ax_s.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax_p.xaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax_s.set_xticks(epochs)
    return fig, {"params": np.array(counts), "steps_per_epoch": np.array(d.steps_per_epoch),
                 "cumulative_steps": epochs * d.steps_per_epoch}
