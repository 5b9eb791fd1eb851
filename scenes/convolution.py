"""Convolution scenes: y[n] = Σ_k x[k] h[n−k] as flip, shift, multiply, sum.

Every number on screen comes from :mod:`dlmath.convolution`.
Render one with the plain Manim CLI: ``manim -ql scenes/convolution.py Conv1DFlipShift``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    ReplacementTransform,
    SurroundingRectangle,
    TransformMatchingTex,
    VGroup,
    Write,
)

from dlmath.convolution import conv1d_steps
from scenes import style
from scenes.common import DLScene, cell_row, label, math, stems, title
from scenes.style import fmt_num

__all__ = ["Conv1DFlipShift"]


class Conv1DFlipShift(DLScene):
    """Discrete 1-D convolution read as flip the kernel, shift it, multiply, sum."""

    expected_duration = 40.0
    x = (1.0, 2.0, 3.0)
    h = (0.0, 1.0, 0.5)

    # layout: one column per index j; the output stem y[n] sits in the column n.
    col_width = 1.0
    x_offset = 0.5
    row_y = {"step": 2.35, "index": 1.45, "x": 0.8, "h": -0.25, "prod": -1.3, "eq": -2.15,
             "axis": -3.55}

    def col(self, j: float) -> float:
        center = (len(self.x) - 1) / 2
        return (j - center) * self.col_width + self.x_offset

    def step_label(self, text: str):
        return label(text, style.FONT_SIZE_BODY, self.theme.highlight).move_to(
            [self.col(len(self.x) / 2) + 0.8, self.row_y["step"], 0])

    def construct(self) -> None:
        th = self.theme
        res = conv1d_steps(self.x, self.h)
        n_x, n_h = res.x.size, res.h.size
        js = np.arange(-(n_h - 1), n_x + n_h - 1)  # every column the kernel visits
        xs = [self.col(j) for j in range(n_x)]

        heading = title(self.t("flip_shift_title"))
        formula = math(r"y[n] = \sum_k x[k]\, h[n-k]").move_to([0, self.row_y["step"], 0])
        formula.to_edge(LEFT, buff=0.6)
        self.play(Write(heading), run_time=style.RUN)
        self.play(Write(formula), run_time=style.RUN)

        index_row = VGroup(*(math(str(j), style.MATH_SIZE_SMALL * 0.8, th.muted)
                             .move_to([self.col(j), self.row_y["index"], 0]) for j in js))
        k_label = math("k", style.MATH_SIZE_SMALL * 0.8, th.muted).move_to(
            [self.col(js[0]) - 1.1, self.row_y["index"], 0])
        x_cells = cell_row(res.x, th.signal, xs, self.row_y["x"])
        x_label = math("x[k]", style.MATH_SIZE_SMALL, th.signal).move_to(
            [self.col(js[0]) - 1.1, self.row_y["x"], 0])
        h_cells = cell_row(res.h, th.kernel, [self.col(j) for j in range(n_h)], self.row_y["h"])
        h_label = math("h[k]", style.MATH_SIZE_SMALL, th.kernel).move_to(
            [self.col(js[0]) - 1.1, self.row_y["h"], 0])
        self.play(FadeIn(index_row), FadeIn(k_label), run_time=style.RUN_FAST)
        self.play(FadeIn(x_cells), Write(x_label), run_time=style.RUN)
        self.play(FadeIn(h_cells), Write(h_label), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("inputs")

        # 1. flip: h[k] -> h[-k], taps now at k = -(K-1) .. 0
        step_text = self.step_label(self.t("flip"))
        flipped = cell_row(res.h_flipped, th.kernel,
                           [self.col(j) for j in res.kernel_positions(0)], self.row_y["h"])
        flip_label = math("h[-k]", style.MATH_SIZE_SMALL, th.kernel).move_to(h_label)
        self.play(FadeIn(step_text), run_time=style.RUN_FAST)
        self.play(*(h_cells[i].animate.move_to(flipped[n_h - 1 - i]) for i in range(n_h)),
                  ReplacementTransform(h_label, flip_label), run_time=style.RUN_SLOW,
                  path_arc=np.pi / 2)
        self.wait(style.PAUSE)
        self.beat("flip")
        h_label = flip_label

        # output axes, columns aligned with the cells above
        y_max = float(max(1.0, np.max(np.abs(res.y))))
        axes = Axes(x_range=[js[0] - 0.5, js[-1] + 0.5, 1], y_range=[0, y_max, y_max],
                    x_length=self.col_width * (len(js)), y_length=1.15,
                    axis_config={"color": th.muted, "include_ticks": False},
                    tips=False)
        axes.y_axis.set_opacity(0)  # the index columns above are the n axis; no y axis needed
        axes.shift(np.array([self.col(0), self.row_y["axis"], 0]) - axes.c2p(0, 0))
        y_label = math("y[n]", style.MATH_SIZE_SMALL, th.output).move_to(
            [self.col(js[0]) - 1.1, self.row_y["axis"] + 0.4, 0])
        self.play(Create(axes), Write(y_label), run_time=style.RUN_FAST)

        # 2-4. for each n: shift, multiply, sum
        kernel_now = h_cells
        sum_eq = None
        products = VGroup()
        for step in res.steps:
            first = step.n == 0
            slow = style.RUN_SLOW if first else style.RUN
            new_text = self.step_label(self.t("shift", n=step.n))
            shift_label = math(f"h[{step.n}-k]", style.MATH_SIZE_SMALL, th.kernel).move_to(h_label)
            targets = [self.col(j) for j in res.kernel_positions(step.n)]
            # kernel_now[i] holds h[i]; in the flipped order h[i] sits at position n - i
            moves = [kernel_now[i].animate.move_to([targets[n_h - 1 - i], self.row_y["h"], 0])
                     for i in range(n_h)]
            self.play(*moves, ReplacementTransform(h_label, shift_label),
                      ReplacementTransform(step_text, new_text),
                      FadeOut(products), *([FadeOut(sum_eq)] if sum_eq else []), run_time=slow)
            h_label, step_text = shift_label, new_text

            products = cell_row(step.products, th.product,
                                [self.col(k) for k in step.k], self.row_y["prod"])
            terms = " + ".join(rf"{fmt_num(a)}\cdot{fmt_num(b)}"
                               for a, b in zip(step.x_values, step.h_values))
            eq = math(rf"y[{step.n}] = {terms} = {fmt_num(step.total)}",
                      style.MATH_SIZE_SMALL).move_to([self.col(n_x / 2 - 0.5), self.row_y["eq"], 0])
            overlap = SurroundingRectangle(VGroup(*(x_cells[k] for k in step.k)),
                                           color=th.highlight, buff=0.06)
            self.play(FadeIn(overlap), FadeIn(products, shift=DOWN * 0.3),
                      run_time=slow)
            self.play(Write(eq), run_time=slow if first else style.RUN_FAST)
            sum_eq = eq
            stem = stems(axes, [step.n], [step.total], th.output)
            value = math(fmt_num(step.total), style.MATH_SIZE_SMALL * 0.8, th.output)
            value.next_to(axes.c2p(step.n, step.total), UP, buff=0.1)
            self.play(GrowFromEdge(stem, DOWN), FadeIn(value), FadeOut(overlap),
                      run_time=style.RUN_FAST)
            self.wait(style.PAUSE if first else style.PAUSE * 0.6)
            self.beat("step", n=step.n, terms=len(step.k), total=fmt_num(step.total))

        result = math(r"y = x * h = [" + ",\\ ".join(fmt_num(v) for v in res.y) + "]",
                      style.MATH_SIZE, th.output).move_to(step_text)
        self.play(FadeOut(products), FadeOut(sum_eq), ReplacementTransform(step_text, result),
                  run_time=style.RUN)
        self.play(Indicate(result, color=th.highlight), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("result")
