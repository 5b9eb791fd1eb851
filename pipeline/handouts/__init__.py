"""Print handouts: matplotlib figures (PDF + PNG) of the results the scenes show.

Every figure reads the same lesson as its scene (:mod:`lessons`), so it shows the same
numbers; building handouts never imports manim or a scene. Each figure function returns
``(fig, data)``, ``data`` being the numpy arrays it plots, so tests can check them
against independent references. One module a topic; shared pieces in
:mod:`pipeline.handouts.figure`.

Build them with ``python -m pipeline.handouts [--out DIR] [TOPIC ...]``
(default ``renders/handouts``); files go to ``DIR/<topic>/<name>.pdf`` and ``.png``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Iterable, Sequence

from matplotlib import rc_context
from matplotlib.figure import Figure

from pipeline.handouts import chain_rule, convolution, diffusion, gradient_descent, linear_classifier
from pipeline.handouts import networks
from pipeline.handouts.figure import PNG_DPI, RC, FigData

__all__ = ["TOPICS", "FIGURES", "DEFAULT_OUT", "PNG_DPI", "build_handouts", "main"]

TOPICS: tuple[str, ...] = ("networks", "convolution", "chain_rule", "linear_classifier",
                           "gradient_descent", "diffusion")
DEFAULT_OUT = Path("renders/handouts")

FIGURES: dict[str, tuple[tuple[str, Callable[[], FigData]], ...]] = {
    "networks": (("perceptron_gates", networks.perceptron_gates),
                 ("digits_network", networks.digits_network),
                 ("tensor_shapes", networks.tensor_shapes),
                 ("keras_recipe", networks.keras_recipe)),
    "convolution": (("conv1d_flip_shift", convolution.conv1d_flip_shift), ("conv2d_grid", convolution.conv2d_grid),
                    ("transposed_checkerboard", convolution.transposed_checkerboard),
                    ("conv_layer_cost", convolution.conv_layer_cost)),
    "chain_rule": (("sigmoid_stack_gradients", chain_rule.sigmoid_stack_gradients),
                   ("vanishing_gradients", chain_rule.vanishing_gradients),
                   ("zigzag_steps", chain_rule.zigzag_steps),
                   ("init_activation_std", chain_rule.init_activation_std)),
    "linear_classifier": (("linear_classifier_regions", linear_classifier.linear_classifier_regions),
                          ("column_view", linear_classifier.column_view),
                          ("four_pixel_columns", linear_classifier.four_pixel_columns),
                          ("why_nonlinearity", linear_classifier.why_nonlinearity),
                          ("playground_spiral", linear_classifier.playground_spiral),
                          ("regularisation", linear_classifier.regularisation)),
    "gradient_descent": (("slope_sign", gradient_descent.slope_sign),
                         ("optimizer_paths", gradient_descent.optimizer_paths),
                         ("optimizer_loss_curves", gradient_descent.optimizer_loss_curves),
                         ("learning_rate_regimes", gradient_descent.learning_rate_regimes)),
    "diffusion": (("diffusion_schedules", diffusion.diffusion_schedules),
                  ("diffusion_schedule_images", diffusion.diffusion_schedule_images),
                  ("diffusion_reverse", diffusion.diffusion_reverse),
                  ("diffusion_image_noising", diffusion.diffusion_image_noising)),
}
"""Figure name and function per topic, in teaching order."""


def _save(fig: Figure, stem: Path) -> list[Path]:
    """Write ``stem.pdf`` and ``stem.png`` (150 dpi, white); returns both paths."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    pdf, png = stem.with_suffix(".pdf"), stem.with_suffix(".png")
    with rc_context(RC):
        fig.savefig(pdf, facecolor="white", metadata={"CreationDate": None})
        fig.savefig(png, dpi=PNG_DPI, facecolor="white")
    return [pdf, png]


def build_handouts(out_dir: Path, topics: Iterable[str] | None = None) -> list[Path]:
    """Write every figure of ``topics`` (all when None) to ``out_dir/<topic>/<name>.{pdf,png}``.

    Raises ValueError for an unknown topic (before writing anything).
    """
    chosen = list(TOPICS if topics is None else topics)
    unknown = [t for t in chosen if t not in FIGURES]
    if unknown:
        raise ValueError(f"unknown topic(s) {unknown}; valid: {', '.join(TOPICS)}")
    written: list[Path] = []
    for topic in chosen:
        for name, fn in FIGURES[topic]:
            fig, _ = fn()
            written += _save(fig, Path(out_dir) / topic / name)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: ``python -m pipeline.handouts [--out DIR] [TOPIC ...]``; exit 2 on an unknown topic."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.handouts",
                                     description="Write print handouts (PDF + PNG) per topic.")
    parser.add_argument("topics", nargs="*", metavar="TOPIC",
                        help=f"topics to build (default: all): {', '.join(TOPICS)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output directory (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    unknown = [t for t in args.topics if t not in FIGURES]
    if unknown:
        parser.error(f"unknown topic(s): {', '.join(unknown)}; valid topics: {', '.join(TOPICS)}")
    for path in build_handouts(args.out, args.topics or None):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
