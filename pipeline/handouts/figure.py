"""Shared pieces of the print handouts: the light print style, figure factory, grids, stems."""

from __future__ import annotations

from functools import wraps
from pathlib import Path
from typing import Callable, Sequence

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib import rc_context  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap, ListedColormap, to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Circle, Rectangle  # noqa: E402

import lessons  # noqa: E402
from lessons import Params  # noqa: E402
from scenes import style  # noqa: E402  (style does not import manim)
from scenes.style import fmt_num  # noqa: E402


FigData = tuple[Figure, dict[str, np.ndarray]]

PNG_DPI = 150
WIDTH = 7.5
"""Figure width in inches: fits A4 (8.27 in) with margins."""

TH = style.THEMES["light"]
"""Print uses the light theme: Okabe-Ito colours darkened for white paper."""

RC = {
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


def styled(fn: Callable[..., FigData]) -> Callable[..., FigData]:
    """Run a figure function under the handout rc settings."""
    @wraps(fn)
    def wrapper(*args, **kwargs) -> FigData:
        with rc_context(RC):
            return fn(*args, **kwargs)
    return wrapper


def figure(height: float, title: str | None = None) -> Figure:
    """A white, constrained-layout figure of handout width."""
    fig = Figure(figsize=(WIDTH, height), layout="constrained", facecolor="white")
    if title:
        fig.suptitle(title, fontweight="bold")
    return fig


def lesson_data(scene: str, params: Params | None = None):
    """The data of ``scene``'s lesson for ``params`` (its defaults when None)."""
    return lessons.find(scene).run(params)


def lighten(color: str, amount: float) -> tuple[float, float, float]:
    """``color`` mixed with white (``amount`` = share of white)."""
    r, g, b = to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def number_grid(ax: Axes, values: np.ndarray, origin: tuple[float, float], color: str,
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
            face, dark = ("white" if q else lighten(color, 0.85)), False
        ax.add_patch(Rectangle((x0 + c, y0 + r), 1, 1, facecolor=face,
                               edgecolor=TH.muted if q else color, linewidth=0.6 if q else 1.0))
        ax.text(x0 + c + 0.5, y0 + r + 0.5, fmt_num(v, digits), ha="center", va="center",
                color="white" if dark else (TH.muted if q else TH.foreground), fontsize=8)


def grid_axes(ax: Axes, width: float, height: float) -> None:
    """Unit-cell drawing axes: equal aspect, y pointing down, no frame."""
    ax.set_xlim(-0.2, width + 0.2)
    ax.set_ylim(height + 0.2, -0.9)
    ax.set_aspect("equal")
    ax.axis("off")


def stem(ax: Axes, n: np.ndarray, values: np.ndarray, color: str, name: str) -> None:
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


def regions(ax: Axes, xs: np.ndarray, ys: np.ndarray, labels: np.ndarray,
             colors: Sequence[str], alpha: float = 0.22) -> None:
    """Class regions on a grid as a light image (``labels[r, c]`` at ``(xs[c], ys[r])``)."""
    cmap = ListedColormap([lighten(c, 1 - alpha) for c in colors])
    dx, dy = (xs[1] - xs[0]) / 2, (ys[1] - ys[0]) / 2
    ax.imshow(labels, origin="lower", cmap=cmap, vmin=-0.5, vmax=len(colors) - 0.5,
              extent=(xs[0] - dx, xs[-1] + dx, ys[0] - dy, ys[-1] + dy), interpolation="nearest")


def points(ax: Axes, X: np.ndarray, y: np.ndarray, colors: Sequence[str],
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


def plane(ax: Axes, lim: tuple[float, float]) -> None:
    """A square data plane with limits ``lim`` on both axes."""
    ax.set_xlim(*lim)
    ax.set_ylim(*lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def image_row(axes: Sequence[Axes], images: Sequence[np.ndarray], captions: Sequence[str]) -> None:
    """Grey images in ``[-1, 1]`` (black to white, as the scenes draw pixels) with captions."""
    for ax, img, cap in zip(axes, images, captions):
        ax.imshow(img, cmap="gray", vmin=-1.0, vmax=1.0, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(cap, fontsize=9)


def sci(v: float) -> str:
    """Mathtext number: decimals when >= 0.01, else ``m×10^e``."""
    if v == 0 or abs(v) >= 0.01:
        return fmt_num(v, 3)
    mant, exp = f"{v:.1e}".split("e")
    return rf"{mant}\times 10^{{{int(exp)}}}"


