"""Convolution scenes: y[n] = Σ_k x[k] h[n−k] as flip, shift, multiply, sum.

Every number on screen comes from :mod:`dlmath.convolution`.
Render one with the plain Manim CLI: ``manim -ql scenes/convolution.py Conv1DFlipShift``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    DashedLine,
    DecimalNumber,
    Dot,
    Polygon,
    Rectangle,
    Square,
    ValueTracker,
    VMobject,
    always_redraw,
    Line,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Axes,
    Create,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Arrow,
    FadeTransform,
    LogBase,
    Indicate,
    LaggedStart,
    ReplacementTransform,
    SurroundingRectangle,
    TransformMatchingTex,
    VGroup,
    Write,
)

from dlmath.convolution import (
    continuous_conv,
    conv1d_steps,
    correlate2d,
    conv_transpose2d_steps,
    conv_vs_dense,
    overlap_profile,
    conv_as_matrix,
    correlate2d_steps,
    conv_output_size,
    effective_kernel_size,
    correlate1d_steps,
    exp_decay,
    rect,
)
from scenes import style
from scenes.common import DLScene, cell, cell_row, fit_width, label, math, spread_apart, stems, title
from scenes.style import fmt_num

__all__ = ["Conv1DFlipShift", "ConvVsCorrelation", "ContinuousConvolution", "Conv2DGrid", "ConvAsMatrix", "TransposedConvScatter",
           "TransposedCheckerboard", "ConvLayerCost"]


class Conv1DFlipShift(DLScene):
    """Discrete 1-D convolution read as flip the kernel, shift it, multiply, sum."""

    # layout: one column per index j; the output stem y[n] sits in the column n.
    col_width = 1.0
    x_offset = 0.5
    row_y = {"step": 2.35, "index": 1.45, "x": 0.8, "h": -0.25, "prod": -1.3, "eq": -2.15,
             "axis": -3.55}
    stem_height = 1.15

    def col(self, j: float) -> float:
        """x of index column ``j``: the strip of columns centred, shifted right by
        ``x_offset`` to leave room for the row names."""
        center = (self.data.columns[0] + self.data.columns[-1]) / 2
        return (j - center) * self.col_width + self.x_offset

    def row_name_x(self) -> float:
        """x of the row names (x[k], h[k], y[n]), left of the first column."""
        return self.col(self.data.columns[0]) - 1.1

    def step_label(self, text: str):
        """The current step's name, left-aligned right of the formula."""
        lab = label(text, style.FONT_SIZE_LABEL, self.theme.highlight)
        return lab.move_to([-1.0 + lab.width / 2, self.row_y["step"], 0])

    def construct(self) -> None:
        self.show_inputs()
        self.flip()
        self.draw_output_axes()
        for step in self.data.conv.steps:
            self.shift_multiply_sum(step)
        self.conclude()

    def show_inputs(self) -> None:
        th, conv = self.theme, self.data.conv
        self.play(Write(title(self.t("flip_shift_title"))), run_time=style.RUN)
        self.formula = math(r"y[n] = \sum_k x[k]\, h[n-k]").move_to([0, self.row_y["step"], 0])
        self.play(Write(self.formula.to_edge(LEFT, buff=0.6)), run_time=style.RUN)
        index_row = VGroup(*(math(str(j), style.MATH_SIZE_SMALL * 0.8, th.muted)
                             .move_to([self.col(j), self.row_y["index"], 0])
                             for j in self.data.columns))
        k_label = math("k", style.MATH_SIZE_SMALL * 0.8, th.muted).move_to(
            [self.row_name_x(), self.row_y["index"], 0])
        self.x_cells = cell_row(conv.x, th.signal, [self.col(j) for j in range(conv.x.size)],
                                self.row_y["x"])
        x_label = math("x[k]", style.MATH_SIZE_SMALL, th.signal).move_to(
            [self.row_name_x(), self.row_y["x"], 0])
        self.h_cells = cell_row(conv.h, th.kernel, [self.col(j) for j in range(conv.h.size)],
                                self.row_y["h"])
        self.h_label = math("h[k]", style.MATH_SIZE_SMALL, th.kernel).move_to(
            [self.row_name_x(), self.row_y["h"], 0])
        self.play(FadeIn(index_row), FadeIn(k_label), run_time=style.RUN_FAST)
        self.play(FadeIn(self.x_cells), Write(x_label), run_time=style.RUN)
        self.play(FadeIn(self.h_cells), Write(self.h_label), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("inputs")

    def flip(self) -> None:
        """h[k] → h[−k]: the taps now sit at k = −(K−1) … 0."""
        th, conv = self.theme, self.data.conv
        n_h = conv.h.size
        self.step_text = self.step_label(self.t("flip"))
        flipped = cell_row(conv.h_flipped, th.kernel,
                           [self.col(j) for j in conv.kernel_positions(0)], self.row_y["h"])
        flip_label = math("h[-k]", style.MATH_SIZE_SMALL, th.kernel).move_to(self.h_label)
        self.play(FadeIn(self.step_text), run_time=style.RUN_FAST)
        self.play(*(self.h_cells[i].animate.move_to(flipped[n_h - 1 - i]) for i in range(n_h)),
                  ReplacementTransform(self.h_label, flip_label), run_time=style.RUN_SLOW,
                  path_arc=np.pi / 2)
        self.h_label = flip_label
        self.wait(style.PAUSE)
        self.beat("flip")

    def draw_output_axes(self) -> None:
        """The y[n] stem axis, its columns aligned with the cells above."""
        th, js = self.theme, self.data.columns
        lo, hi = self.data.y_low, self.data.y_high
        self.axes = Axes(x_range=[js[0] - 0.5, js[-1] + 0.5, 1], y_range=[lo, hi, hi - lo],
                         x_length=self.col_width * len(js), y_length=self.stem_height,
                         axis_config={"color": th.muted, "include_ticks": False}, tips=False)
        self.axes.y_axis.set_opacity(0)  # the index columns above are the n axis
        self.axes.shift(np.array([self.col(0), self.row_y["axis"], 0]) - self.axes.c2p(0, lo))
        y_label = math("y[n]", style.MATH_SIZE_SMALL, th.output).move_to(
            [self.row_name_x(), self.axes.c2p(0, 0)[1] + 0.4, 0])
        self.play(Create(self.axes), Write(y_label), run_time=style.RUN_FAST)
        self.products = VGroup()
        self.sum_eq = None

    def shift_multiply_sum(self, step) -> None:
        """Shift the flipped kernel to n, multiply the overlapping pairs, sum into y[n]."""
        th, conv = self.theme, self.data.conv
        n_h, first = conv.h.size, step.n == 0
        slow = style.RUN_SLOW if first else style.RUN
        new_text = self.step_label(self.t("shift", n=step.n))
        shift_label = math(f"h[{step.n}-k]", style.MATH_SIZE_SMALL, th.kernel).move_to(self.h_label)
        targets = [self.col(j) for j in conv.kernel_positions(step.n)]
        # h_cells[i] holds h[i]; in the flipped order h[i] sits at position n - i
        moves = [self.h_cells[i].animate.move_to([targets[n_h - 1 - i], self.row_y["h"], 0])
                 for i in range(n_h)]
        self.play(*moves, ReplacementTransform(self.h_label, shift_label),
                  FadeTransform(self.step_text, new_text), FadeOut(self.products),
                  *([FadeOut(self.sum_eq)] if self.sum_eq else []), run_time=slow)
        self.h_label, self.step_text = shift_label, new_text
        self.products = cell_row(step.products, th.product, [self.col(k) for k in step.k],
                                 self.row_y["prod"])
        eq = math(_sum_tex(f"y[{step.n}]", step.x_values, step.h_values, step.total),
                  style.MATH_SIZE_SMALL)
        eq.move_to([self.col(conv.x.size / 2 - 0.5), self.row_y["eq"], 0])
        overlap = SurroundingRectangle(VGroup(*(self.x_cells[k] for k in step.k)),
                                       color=th.highlight, buff=0.06)
        self.play(FadeIn(overlap), FadeIn(self.products, shift=DOWN * 0.3), run_time=slow)
        if first:  # name steps 3 and 4 once, while the first products are on screen
            mult_text = self.step_label(self.t("multiply"))
            self.play(FadeTransform(self.step_text, mult_text), run_time=style.RUN_FAST)
            self.step_text = mult_text
        self.play(Write(eq), run_time=slow if first else style.RUN_FAST)
        self.sum_eq = eq
        stem = stems(self.axes, [step.n], [step.total], th.output)
        value = math(fmt_num(step.total), style.MATH_SIZE_SMALL * 0.8, th.output)
        value.next_to(self.axes.c2p(step.n, step.total), UP if step.total >= 0 else DOWN, buff=0.1)
        self.play(GrowFromEdge(stem, DOWN if step.total >= 0 else UP), FadeIn(value),
                  FadeOut(overlap), run_time=style.RUN_FAST)
        self.wait(style.PAUSE if first else style.PAUSE * 0.6)
        self.beat("step", n=step.n, terms=len(step.k), total=fmt_num(step.total))

    def conclude(self) -> None:
        th = self.theme
        result = math(r"y = x * h = " + _list_tex(self.data.conv.y), style.MATH_SIZE, th.output)
        room = style.FRAME_HALF_WIDTH - style.SAFE_MARGIN + 0.8  # right of the formula
        long = result.width > room
        if long:  # a long y takes the formula's place, centred
            fit_width(result, 2 * (style.FRAME_HALF_WIDTH - style.SAFE_MARGIN))
            result.move_to([0, self.row_y["step"], 0])
        else:
            result.move_to([-0.8 + result.width / 2, self.row_y["step"], 0])
        self.play(FadeOut(self.products), FadeOut(self.sum_eq),
                  *([FadeOut(self.formula)] if long else []),
                  FadeTransform(self.step_text, result), run_time=style.RUN)
        self.play(Indicate(result, color=th.highlight), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("result")


def _factor(v: float) -> str:
    """A factor of a product: negative numbers in parentheses, ``2\cdot(-0.5)``."""
    return fmt_num(v) if v >= 0 else f"({fmt_num(v)})"


def _sum_tex(lhs: str, xs, hs, total: float) -> str:
    """``lhs = x0·h0 + x1·h1 + … = total`` from dlmath's values (formatted, never computed)."""
    terms = " + ".join(rf"{_factor(a)}\cdot{_factor(b)}" for a, b in zip(xs, hs))
    return rf"{lhs} = {terms} = {fmt_num(total)}"


def _list_tex(values) -> str:
    r"""``[v0,\ v1, …]`` of dlmath values."""
    return "[" + ",\\ ".join(fmt_num(v) for v in values) + "]"


class ConvVsCorrelation(DLScene):
    """Convolution flips the kernel; cross-correlation, what CNN layers compute, does not."""

    expected_duration = 35.0
    x = (1.0, 2.0, 3.0)
    h = (0.0, 1.0, 0.5)

    col_width = 0.66
    cell_size = 0.54
    panel_x = {"conv": -3.55, "corr": 3.55}
    row_y = {"head": 2.55, "formula": 1.85, "index": 1.1, "x": 0.55, "h": -0.2, "eq": -0.95,
             "out": -1.75, "out_index": -2.3, "result": -3.05}

    def col(self, panel: str, j: float) -> float:
        """x position of signal index ``j`` in a panel (indices -(K-1) .. N+K-2 fit)."""
        first, last = -(len(self.h) - 1), len(self.x) + len(self.h) - 2
        return self.panel_x[panel] + (j - (first + last) / 2) * self.col_width

    def construct(self) -> None:
        th = self.theme
        conv, corr = conv1d_steps(self.x, self.h), correlate1d_steps(self.x, self.h)
        n_x, n_h = conv.x.size, conv.h.size
        js = np.arange(-(n_h - 1), n_x + n_h - 1)
        small, tiny = style.MATH_SIZE_SMALL * 0.85, style.MATH_SIZE_SMALL * 0.7

        self.play(Write(title(self.t("vs_title"))), run_time=style.RUN)
        heads = VGroup(
            label(self.t("conv_head"), style.FONT_SIZE_LABEL, th.output)
            .move_to([self.panel_x["conv"], self.row_y["head"], 0]),
            label(self.t("corr_head"), style.FONT_SIZE_LABEL, th.output)
            .move_to([self.panel_x["corr"], self.row_y["head"], 0]))
        formulas = VGroup(
            math(r"y[n] = \sum_k x[k]\, h[n-k]", small)
            .move_to([self.panel_x["conv"], self.row_y["formula"], 0]),
            math(r"c[m] = \sum_k x[k+m]\, h[k]", small)
            .move_to([self.panel_x["corr"], self.row_y["formula"], 0]))
        divider = Line([0, self.row_y["head"] + 0.3, 0], [0, self.row_y["result"] + 0.35, 0],
                       color=th.muted, stroke_width=2)
        self.play(FadeIn(heads), Create(divider), run_time=style.RUN)
        self.play(Write(formulas), run_time=style.RUN_SLOW)

        rows = {}
        for p in ("conv", "corr"):
            idx = VGroup(*(math(str(j), tiny, th.muted).move_to([self.col(p, j), self.row_y["index"], 0])
                           for j in js))
            xc = cell_row(conv.x, th.signal, [self.col(p, j) for j in range(n_x)], self.row_y["x"],
                          self.cell_size)
            hc = cell_row(conv.h, th.kernel, [self.col(p, j) for j in range(n_h)], self.row_y["h"],
                          self.cell_size)
            xl = math("x", small, th.signal).next_to(VGroup(idx[0]).get_center() * [1, 0, 0]
                                                     + [0, self.row_y["x"], 0], LEFT, buff=0.6)
            hl = math("h", small, th.kernel).move_to([xl.get_x(), self.row_y["h"], 0])
            out_names = VGroup(
                math("y" if p == "conv" else "c", small, th.output).move_to(
                    [xl.get_x(), self.row_y["out"], 0]),
                math("n" if p == "conv" else "m", tiny, th.muted).move_to(
                    [xl.get_x(), self.row_y["out_index"], 0]))
            rows[p] = dict(idx=idx, x=xc, h=hc, xl=xl, hl=hl, out_names=out_names)
            self.play(FadeIn(idx), FadeIn(xc), FadeIn(hc), Write(xl), Write(hl),
                      run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("vs_inputs")

        # convolution flips h; cross-correlation keeps it as it is
        flip_pos = conv.kernel_positions(0)  # flipped taps h[K-1] .. h[0]
        ch = rows["conv"]["h"]
        flip_note = label(self.t("flip"), style.FONT_SIZE_SMALL, th.highlight).move_to(
            [self.panel_x["conv"], self.row_y["eq"], 0])
        keep_note = label(self.t("no_flip"), style.FONT_SIZE_SMALL, th.highlight).move_to(
            [self.panel_x["corr"], self.row_y["eq"], 0])
        self.play(FadeIn(flip_note), FadeIn(keep_note), run_time=style.RUN_FAST)
        self.play(*(ch[i].animate.move_to([self.col("conv", flip_pos[n_h - 1 - i]), self.row_y["h"], 0])
                    for i in range(n_h)), run_time=style.RUN_SLOW, path_arc=np.pi / 2)
        self.wait(style.PAUSE)
        self.beat("vs_flip")
        self.play(FadeOut(flip_note), FadeOut(keep_note), run_time=style.RUN_FAST)

        # slide both over the same positions: the windows coincide, the kernels are mirrored
        eqs = VGroup()
        boxes = VGroup()
        outs = {"conv": VGroup(), "corr": VGroup()}
        for i, (cs, rs) in enumerate(zip(conv.steps, corr.steps)):
            first = i == 0
            run = style.RUN_SLOW if first else style.RUN
            conv_pos, corr_pos = conv.kernel_positions(cs.n), corr.kernel_positions(rs.m)
            moves = [ch[t].animate.move_to([self.col("conv", conv_pos[n_h - 1 - t]), self.row_y["h"], 0])
                     for t in range(n_h)]
            moves += [rows["corr"]["h"][t].animate.move_to(
                [self.col("corr", corr_pos[t]), self.row_y["h"], 0]) for t in range(n_h)]
            self.play(*moves, FadeOut(eqs), FadeOut(boxes), run_time=run)
            boxes = VGroup(
                SurroundingRectangle(VGroup(*(rows["conv"]["x"][k] for k in cs.k)),
                                     color=th.highlight, buff=0.05),
                SurroundingRectangle(VGroup(*(rows["corr"]["x"][k] for k in rs.x_index)),
                                     color=th.highlight, buff=0.05))
            eqs = VGroup(
                math(_sum_tex(f"y[{cs.n}]", cs.x_values, cs.h_values, cs.total), small)
                .move_to([self.panel_x["conv"], self.row_y["eq"], 0]),
                math(_sum_tex(f"c[{rs.m}]", rs.x_values, rs.h_values, rs.total), small)
                .move_to([self.panel_x["corr"], self.row_y["eq"], 0]))
            new = {}
            for p, idx_val, total, name in (("conv", cs.n, cs.total, "n"), ("corr", rs.m, rs.total, "m")):
                c = cell(total, th.output, self.cell_size).move_to(
                    [self.col(p, idx_val), self.row_y["out"], 0])
                lab = math(str(idx_val), tiny, th.muted).move_to(
                    [self.col(p, idx_val), self.row_y["out_index"], 0])
                new[p] = VGroup(c, lab)
                outs[p].add(new[p])
            if first:
                self.play(FadeIn(rows["conv"]["out_names"]), FadeIn(rows["corr"]["out_names"]),
                          run_time=style.RUN_FAST)
            self.play(Create(boxes), Write(eqs), run_time=run)
            self.play(FadeIn(new["conv"], shift=DOWN * 0.2), FadeIn(new["corr"], shift=DOWN * 0.2),
                      run_time=style.RUN_FAST)
            self.wait(style.PAUSE if first else style.PAUSE * 0.5)
            self.beat("vs_step", n=cs.n, m=rs.m, y=fmt_num(cs.total), c=fmt_num(rs.total))

        results = VGroup(
            math(r"y = x * h = " + _list_tex(conv.y), style.MATH_SIZE_SMALL, th.output)
            .move_to([self.panel_x["conv"], self.row_y["result"], 0]),
            math(r"c = x \star h = " + _list_tex(corr.c), style.MATH_SIZE_SMALL, th.output)
            .move_to([self.panel_x["corr"], self.row_y["result"], 0]))
        self.play(FadeOut(eqs), FadeOut(boxes), Write(results), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("vs_result")

        note = label(self.t("cnn_note"), style.FONT_SIZE_LABEL, th.highlight).move_to(
            [0, self.row_y["result"] - 0.7, 0])
        fit_width(note, 13.0)
        self.play(FadeIn(note), Indicate(results[1], color=th.highlight), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("vs_cnn")


def _curve(axes, xs: np.ndarray, ys: np.ndarray, color: str, width: float = 4) -> VMobject:
    """One polyline through ``(xs, ys)`` on ``axes`` (a single vectorized mobject)."""
    pts = axes.c2p(xs, ys).T
    return VMobject(color=color, stroke_width=width).set_points_as_corners(pts)


class ContinuousConvolution(DLScene):
    """Continuous convolution: g(t−τ) slides over f(τ); the shaded overlap area is (f*g)(t)."""

    expected_duration = 35.0
    f = rect(0, 1, name="f")
    g = exp_decay(1, name="g")
    t_range = (-2.0, 5.0)
    stops = (-1.0, 0.5, 1.0, 2.5, 4.5)
    """Values of t where the slide pauses (the first is where it starts)."""
    samples = 701

    def construct(self) -> None:
        th = self.theme
        res = continuous_conv(self.f, self.g)
        taus = np.linspace(*self.t_range, self.samples)
        small = style.MATH_SIZE_SMALL

        heading = title(self.t("cc_title"))
        formula = math(r"(f*g)(t) = \int_{-\infty}^{\infty} f(\tau)\, g(t-\tau)\, d\tau", small)
        formula.to_edge(LEFT, buff=0.5).shift(UP * 2.45)
        defs = VGroup(math("f(t) = " + self.f.latex(), small * 0.8, th.signal),
                      math("g(t) = " + self.g.latex(), small * 0.8, th.kernel)).arrange(RIGHT, buff=0.6)
        defs.to_edge(RIGHT, buff=0.5).shift(UP * 2.45)
        self.play(Write(heading), run_time=style.RUN)
        self.play(Write(formula), run_time=style.RUN_SLOW)
        self.play(FadeIn(defs), run_time=style.RUN)

        top = Axes(x_range=[*self.t_range, 1], y_range=[0, 1.2, 0.5], x_length=11, y_length=2.0,
                   axis_config={"color": th.muted, "include_ticks": True, "tick_size": 0.05},
                   tips=False).move_to([0.3, 0.45, 0])
        bottom = Axes(x_range=[*self.t_range, 1], y_range=[0, 0.8, 0.5], x_length=11, y_length=1.5,
                      axis_config={"color": th.muted, "include_ticks": True, "tick_size": 0.05},
                      tips=False).move_to([0.3, -2.35, 0])
        tau_lab = math(r"\tau", small, th.muted).next_to(top.x_axis, RIGHT, buff=0.15)
        t_lab = math("t", small, th.muted).next_to(bottom.x_axis, RIGHT, buff=0.15)
        ticks = VGroup(*(math(str(v), small * 0.75, th.muted).next_to(bottom.c2p(v, 0), DOWN, buff=0.1)
                         for v in range(int(self.t_range[0]), int(self.t_range[1]) + 1)),
                       *(math(str(v), small * 0.75, th.muted).next_to(top.c2p(v, 0), DOWN, buff=0.1)
                         for v in range(int(self.t_range[0]), int(self.t_range[1]) + 1)))
        self.play(Create(top), Create(bottom), FadeIn(tau_lab), FadeIn(t_lab), FadeIn(ticks),
                  run_time=style.RUN)

        f_curve = _curve(top, taus, self.f(taus), th.signal)
        f_lab = math(r"f(\tau)", small, th.signal).next_to(top.c2p(0.5, 1.0), UP, buff=0.1)
        g_curve = _curve(top, taus, self.g(taus), th.kernel)
        g_lab = math(r"g(\tau)", small, th.kernel).next_to(top.c2p(1.6, float(self.g(1.6))), UR, buff=0.1)
        self.play(Create(f_curve), FadeIn(f_lab), run_time=style.RUN)
        self.play(Create(g_curve), FadeIn(g_lab), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("cc_inputs")

        # flip g, then shift it to the first stop: g(t - tau)
        t_now = ValueTracker(self.stops[0])
        flipped = _curve(top, taus, self.g(-taus), th.kernel)
        flip_lab = math(r"g(-\tau)", small, th.kernel).next_to(top.c2p(-1.6, float(self.g(1.6))), UL, buff=0.1)
        self.play(ReplacementTransform(g_curve, flipped), ReplacementTransform(g_lab, flip_lab),
                  run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("cc_flip")

        def slid():
            t = t_now.get_value()
            return _curve(top, taus, self.g(t - taus), th.kernel)

        def place_slid_label(lab):  # moved, not rebuilt: a MathTex per frame is slow
            x = max(t_now.get_value() - 1.6, self.t_range[0] + 0.6)  # stays on screen at the left
            return lab.next_to(top.c2p(x, float(self.g(t_now.get_value() - x))), UL, buff=0.1)

        def area():
            t = t_now.get_value()
            span = res.overlap(t)
            if span is None:
                return VMobject()
            lo, hi = max(span[0], self.t_range[0]), min(span[1], self.t_range[1])
            xs = np.linspace(lo, hi, 200)
            pts = top.c2p(np.concatenate([[lo], xs, [hi]]),
                          np.concatenate([[0.0], res.integrand(t, xs), [0.0]])).T
            return Polygon(*pts, stroke_width=0, fill_color=th.product, fill_opacity=0.6)

        def place_edges(group):  # two dashed lines made once and moved (a DashedLine is slow to build)
            span = res.overlap(t_now.get_value())
            for line, v in zip(group, span or (None, None)):
                shown = v is not None and self.t_range[0] <= v <= self.t_range[1]
                line.set_stroke(opacity=1.0 if shown else 0.0)
                if shown:
                    line.move_to(top.c2p(v, 0.6))
            return group

        def trace():
            ts = np.linspace(self.t_range[0], t_now.get_value(), 300)
            return _curve(bottom, ts, res(ts), th.output)

        def marker():
            t = t_now.get_value()
            return VGroup(Dot(bottom.c2p(t, float(res(t))), color=th.output, radius=0.07),
                          Line(bottom.c2p(t, 0), bottom.c2p(t, float(res(t))), color=th.muted,
                               stroke_width=1.5))

        g_slide = slid()
        g_slide_lab = place_slid_label(math(r"g(t-\tau)", small, th.kernel))
        self.play(ReplacementTransform(flipped, g_slide), ReplacementTransform(flip_lab, g_slide_lab),
                  run_time=style.RUN_SLOW)
        self.remove(g_slide)
        g_slide_lab.add_updater(place_slid_label)
        edges = VGroup(*(DashedLine(top.c2p(0, 0), top.c2p(0, 1.2), color=th.highlight,
                                    stroke_width=2) for _ in range(2)))
        edges.add_updater(place_edges)
        moving = VGroup(always_redraw(area), always_redraw(slid), g_slide_lab,
                        place_edges(edges), always_redraw(trace), always_redraw(marker))
        self.add(moving)
        readout = VGroup(math("t =", small), DecimalNumber(self.stops[0], num_decimal_places=2,
                                                           font_size=small),
                         math(r"(f*g)(t) =", small, th.output),
                         DecimalNumber(float(res(self.stops[0])), num_decimal_places=2,
                                       font_size=small, color=th.output)).arrange(RIGHT, buff=0.15)
        readout[2].shift(RIGHT * 0.4)
        readout[3].next_to(readout[2], RIGHT, buff=0.15)
        readout.move_to([3.6, -1.05, 0])
        readout[1].add_updater(lambda m: m.set_value(t_now.get_value()))
        readout[3].add_updater(lambda m: m.set_value(float(res(t_now.get_value()))))
        conv_lab = math(r"(f*g)(t)", small, th.output).move_to(bottom.c2p(-1.2, 0.55))
        self.play(FadeIn(readout), FadeIn(conv_lab), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat("cc_start", t=fmt_num(self.stops[0]))

        for t_stop in self.stops[1:]:
            self.play(t_now.animate.set_value(t_stop), run_time=style.RUN_SLOW * 1.6,
                      rate_func=lambda a: a)
            span = res.overlap(t_stop)
            self.wait(style.PAUSE)
            self.beat("cc_stop", t=fmt_num(t_stop), value=fmt_num(float(res(t_stop))),
                      lo=fmt_num(span[0]) if span else "-", hi=fmt_num(span[1]) if span else "-")

        # freeze and show the closed form
        for m in readout:
            m.clear_updaters()
        closed = math(r"(f*g)(t) = " + res.latex(), small, th.output)
        closed.to_edge(RIGHT, buff=0.5).shift(UP * 2.3)
        self.play(FadeOut(defs), run_time=style.RUN_FAST)
        self.play(Write(closed), run_time=style.RUN_SLOW)
        self.play(Indicate(closed, color=th.highlight), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("cc_closed")


def _grid(values, color: str, size: float, center=(0.0, 0.0), muted=None) -> VGroup:
    """A grid of number cells (row-major, ``grid[r * n_cols + c]``) centred at ``center``.

    ``muted`` (same shape, bool) marks cells drawn quietly, e.g. zero padding.
    """
    vals = np.asarray(values, dtype=float)
    n_r, n_c = vals.shape
    th = style.theme()
    out = VGroup()
    for r in range(n_r):
        for c in range(n_c):
            quiet = muted is not None and bool(muted[r][c])
            cl = cell(vals[r, c], th.muted if quiet else color, size,
                      font_size=style.MATH_SIZE_SMALL * min(1.0, size / 0.6))
            if quiet:
                cl[1].set_color(th.muted)
                cl[0].set_fill(opacity=0.3)
            cl.move_to([center[0] + (c - (n_c - 1) / 2) * size,
                        center[1] - (r - (n_r - 1) / 2) * size, 0])
            out.add(cl)
    return out


class Conv2DGrid(DLScene):
    """2-D convolution on a number grid: zero padding, stride, dilation and the output-size formula."""

    expected_duration = 52.0
    x = ((0, 0, 1, 2, 2, 1),
         (0, 1, 3, 3, 2, 0),
         (1, 3, 3, 2, 1, 0),
         (2, 3, 2, 1, 0, 0),
         (2, 2, 1, 0, 0, 1),
         (1, 0, 0, 0, 1, 2))
    k = ((1, 0, -1),
         (2, 0, -2),
         (1, 0, -1))
    parts = ({"stride": 2, "padding": 1, "dilation": 1},
             {"stride": 1, "padding": 0, "dilation": 2})
    """Two runs over the same image: stride + padding, then dilation."""

    input_center = (-4.3, -0.55)
    output_center = (4.5, -0.55)
    kernel_center = (-0.2, 0.8)
    products_center = (-0.2, -1.2)

    def construct(self) -> None:
        th = self.theme
        self.play(Write(title(self.t("grid_title"))), run_time=style.RUN)
        general = math(r"y[r,c] = \sum_{u,v} \bar x[s r + d u,\ s c + d v]\; k[u,v]",
                       style.MATH_SIZE_SMALL).move_to([0, 2.65, 0])
        self.play(Write(general), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        for i, part in enumerate(self.parts):
            self.run_part(i, **part)

    def run_part(self, index: int, stride: int, padding: int, dilation: int) -> None:
        th = self.theme
        res = correlate2d_steps(self.x, self.k, stride=stride, padding=padding, dilation=dilation)
        n_pad = res.x_padded.shape[0]
        size_in = min(0.55, 4.2 / n_pad)
        pad_mask = np.ones(res.x_padded.shape, dtype=bool)
        pad_mask[padding:padding + res.x.shape[0], padding:padding + res.x.shape[1]] = False
        grid = _grid(res.x_padded, th.signal, size_in, self.input_center, pad_mask)
        x_lab = math(r"\bar x" if padding else "x", style.MATH_SIZE_SMALL, th.signal).next_to(grid, UP, buff=0.12)
        settings = label(self.t("grid_settings", s=stride, p=padding, d=dilation),
                         style.FONT_SIZE_LABEL, th.highlight).move_to([0, 2.0, 0])
        kern = _grid(res.k, th.kernel, 0.55, self.kernel_center)
        k_lab = math("k", style.MATH_SIZE_SMALL, th.kernel).next_to(kern, LEFT, buff=0.2)
        n_out = res.y.shape
        size_out = 0.7
        out_boxes = VGroup(*(Square(size_out, stroke_color=th.output, stroke_width=3, fill_color=th.panel,
                                    fill_opacity=1.0).move_to(
            [self.output_center[0] + (c - (n_out[1] - 1) / 2) * size_out,
             self.output_center[1] - (r - (n_out[0] - 1) / 2) * size_out, 0])
            for r in range(n_out[0]) for c in range(n_out[1])))
        y_lab = math("y", style.MATH_SIZE_SMALL, th.output).next_to(out_boxes, UP, buff=0.12)

        self.play(FadeIn(grid), Write(x_lab), FadeIn(settings), run_time=style.RUN)
        self.play(FadeIn(kern), Write(k_lab), FadeIn(out_boxes), Write(y_lab), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("grid_setup" if index == 0 else "grid_dilation_setup",
                  s=stride, p=padding, d=dilation, n=res.x.shape[0], kk=res.k.shape[0])

        n_cols = res.x_padded.shape[1]
        window = VGroup()
        prods = VGroup()
        total = VGroup()
        values = VGroup()
        for j, st in enumerate(res.steps):
            first = j == 0
            taps = VGroup(*(Square(size_in * 0.92, stroke_color=th.highlight, stroke_width=4)
                            .move_to(grid[rr * n_cols + cc]) for rr in st.rows for cc in st.cols))
            span = VGroup(grid[st.rows[0] * n_cols + st.cols[0]], grid[st.rows[-1] * n_cols + st.cols[-1]])
            frame = SurroundingRectangle(span, color=th.highlight, buff=0.03, stroke_width=1.5)
            new_window = VGroup(frame, taps)
            new_prods = _grid(st.products, th.product, 0.55, self.products_center)
            new_total = math(rf"y[{st.r},{st.c}] = {fmt_num(st.total)}", style.MATH_SIZE_SMALL,
                             th.output).next_to(new_prods, DOWN, buff=0.2)
            out_cell = out_boxes[st.r * n_out[1] + st.c]
            value = math(fmt_num(st.total), style.MATH_SIZE_SMALL, th.foreground).move_to(out_cell)
            fit_width(value, 0.85 * size_out)
            if first:
                self.play(Create(new_window), run_time=style.RUN_SLOW)
                self.play(FadeIn(new_prods, shift=RIGHT * 0.3), run_time=style.RUN_SLOW)
                self.play(Write(new_total), run_time=style.RUN)
                self.play(ReplacementTransform(new_total.copy(), value), run_time=style.RUN)
                self.wait(style.PAUSE)
                self.beat("grid_first", r=st.r, c=st.c, total=fmt_num(st.total))
            else:
                self.play(ReplacementTransform(window, new_window), ReplacementTransform(prods, new_prods),
                          ReplacementTransform(total, new_total), run_time=style.RUN_FAST)
                self.play(FadeIn(value, scale=1.3), run_time=style.RUN_FAST)
            window, prods, total = new_window, new_prods, new_total
            values.add(value)
        self.wait(style.PAUSE)
        self.beat("grid_done", oh=n_out[0], ow=n_out[1])

        i_in, kk = res.x.shape[0], res.k.shape[0]
        khat = effective_kernel_size(kk, dilation)
        o = conv_output_size(i_in, kk, stride, padding, dilation)
        size_eq = math(rf"o = \left\lfloor \frac{{i + 2p - \hat k}}{{s}} \right\rfloor + 1"
                       rf" = \left\lfloor \frac{{{i_in} + 2\cdot {padding} - {khat}}}{{{stride}}}"
                       rf" \right\rfloor + 1 = {o}", style.MATH_SIZE_SMALL).move_to([1.3, -3.2, 0])
        khat_eq = math(rf"\hat k = k + (k-1)(d-1) = {khat}", style.MATH_SIZE_SMALL * 0.85,
                       th.kernel).next_to(size_eq, LEFT, buff=0.5)
        self.play(Write(khat_eq), run_time=style.RUN)
        self.play(Write(size_eq), run_time=style.RUN_SLOW)
        self.play(Indicate(out_boxes, color=th.highlight, scale_factor=1.05), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("grid_size", o=o, i=i_in, p=padding, k=kk, s=stride, d=dilation, khat=khat)
        if index < len(self.parts) - 1:  # clear for the next part; the last one stays on screen
            self.play(*(FadeOut(m) for m in (grid, x_lab, settings, kern, k_lab, out_boxes, y_lab,
                                              window, prods, total, values, size_eq, khat_eq)),
                      run_time=style.RUN)


def _place_cells(values, color: str, size: float, positions, font_scale: float = 1.0,
                 quiet=None) -> VGroup:
    """Number cells for ``values`` at ``positions`` (x, y); ``quiet`` marks muted cells."""
    th = style.theme()
    out = VGroup()
    for i, (v, (px, py)) in enumerate(zip(values, positions)):
        q = quiet is not None and bool(quiet[i])
        cl = cell(v, th.muted if q else color, size,
                  font_size=style.MATH_SIZE_SMALL * font_scale * min(1.0, size / 0.6))
        if q:
            cl[1].set_color(th.muted)
            cl[0].set_stroke(width=1)
        out.add(cl.move_to([px, py, 0]))
    return out


class ConvAsMatrix(DLScene):
    """Convolution is a matrix product y = Cx: a sparse C whose rows repeat the same few weights."""

    expected_duration = 30.0
    x = ((1, 2, 0),
         (3, 1, 2),
         (0, 1, 3))
    k = ((2, 1),
         (-1, 3))
    m_cell = 0.46
    m_center = (0.1, 0.05)

    def construct(self) -> None:
        th = self.theme
        res = conv_as_matrix(self.x, self.k)
        n_out, n_in = res.C.shape
        # categorical colours per tap, skipping the signal blue and the highlight yellow
        palette = [th.classes[i] for i in (1, 2, 3, 5)]
        tap_colors = [palette[i % len(palette)] for i in range(res.k.size)]

        self.play(Write(title(self.t("mx_title"))), run_time=style.RUN)
        x_grid = _grid(res.x, th.signal, 0.6, (-5.6, 1.3))
        x_lab = math("x", style.MATH_SIZE_SMALL, th.signal).next_to(x_grid, UP, buff=0.12)
        k_grid = _grid(res.k, th.kernel, 0.6, (-3.4, 1.6))
        for i, kc in enumerate(k_grid):
            kc[0].set_stroke(color=tap_colors[i], width=5)
        k_lab = math("k", style.MATH_SIZE_SMALL, th.kernel).next_to(k_grid, UP, buff=0.12)
        y_grid = _grid(res.y_sliding, th.output, 0.6, (-4.5, -1.6))
        y_lab = math(r"y = x \star k", style.MATH_SIZE_SMALL, th.output).next_to(y_grid, UP, buff=0.12)
        self.play(FadeIn(x_grid), Write(x_lab), FadeIn(k_grid), Write(k_lab), run_time=style.RUN)
        self.play(FadeIn(y_grid), Write(y_lab), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("mx_inputs", n=n_out, h=res.x.shape[0], w=res.x.shape[1], kh=res.k.shape[0],
                  kw=res.k.shape[1])

        # unroll x into a column vector
        cs = self.m_cell
        col_x = self.m_center[0] + (n_in - 1) / 2 * cs + 1.0
        vec_pos = [(col_x, self.m_center[1] + ((n_in - 1) / 2 - i) * cs) for i in range(n_in)]
        x_vec = _place_cells(res.x_flat, th.signal, cs, vec_pos)
        vec_idx = VGroup(*(math(str(i), style.MATH_SIZE_SMALL * 0.6, th.muted)
                           .next_to(x_vec[i], RIGHT, buff=0.08) for i in range(n_in)))
        self.play(*(ReplacementTransform(x_grid[i].copy(), x_vec[i]) for i in range(n_in)),
                  run_time=style.RUN_SLOW)
        self.play(FadeIn(vec_idx), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat("mx_unroll", n=n_in)

        # C row by row: the window over x lights up, its weights land in the row
        c_pos = [[(self.m_center[0] + (j - (n_in - 1) / 2) * cs,
                   self.m_center[1] + ((n_out - 1) / 2 - r) * cs) for j in range(n_in)]
                 for r in range(n_out)]
        col_idx = VGroup(*(math(str(j), style.MATH_SIZE_SMALL * 0.6, th.muted)
                           .move_to([c_pos[0][j][0], c_pos[0][j][1] + cs * 0.85, 0]) for j in range(n_in)))
        c_lab = math("C", style.MATH_SIZE, th.kernel).next_to(
            VGroup(*(Dot([p[0], p[1], 0]) for p in c_pos[n_out // 2])), LEFT, buff=0.45)
        self.play(FadeIn(col_idx), Write(c_lab), run_time=style.RUN_FAST)
        rows = VGroup()
        window = VGroup()
        ow = res.y_sliding.shape[1]
        for r in range(n_out):
            first = r == 0
            taps = res.taps[r]
            row = _place_cells(res.C[r], th.kernel, cs, c_pos[r], quiet=taps < 0)
            for j, t in enumerate(taps):
                if t >= 0:
                    row[j][0].set_stroke(color=tap_colors[t], width=4)
            used = [j for j in range(n_in) if taps[j] >= 0]
            new_window = VGroup(*(SurroundingRectangle(x_grid[j], color=th.highlight, buff=0.02)
                                  for j in used),
                                SurroundingRectangle(y_grid[r], color=th.highlight, buff=0.02))
            self.play(ReplacementTransform(window, new_window) if len(window) else Create(new_window),
                      run_time=style.RUN_FAST)
            self.play(*(ReplacementTransform(k_grid[taps[j]].copy(), row[j]) for j in used),
                      FadeIn(VGroup(*(row[j] for j in range(n_in) if taps[j] < 0))),
                      run_time=style.RUN_SLOW if first else style.RUN)
            rows.add(row)
            window = new_window
            self.wait(style.PAUSE * (1.0 if first else 0.5))
            self.beat("mx_row", row=r, r=r // ow, c=r % ow)
        self.play(FadeOut(window), run_time=style.RUN_FAST)
        sparse = label(self.t("mx_sparse_note", nnz=res.nonzeros, total=res.C.size, w=res.k.size),
                       style.FONT_SIZE_LABEL, th.highlight).move_to([1.2, -2.8, 0])
        zeros = VGroup(*(rows[r][j] for r in range(n_out) for j in range(n_in) if res.taps[r, j] < 0))
        self.play(FadeIn(sparse), Indicate(zeros, color=th.muted, scale_factor=1.0), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("mx_sparse", nnz=res.nonzeros, total=res.C.size, w=res.k.size)

        # the product
        eq = math("=", style.MATH_SIZE).move_to([col_x + 0.75, self.m_center[1], 0])
        y_vec = _place_cells(res.y_flat, th.output, cs,
                             [(col_x + 1.5, self.m_center[1] + ((n_out - 1) / 2 - i) * cs)
                              for i in range(n_out)])
        self.play(Write(eq), run_time=style.RUN_FAST)
        self.play(LaggedStart(*(FadeIn(c, shift=LEFT * 0.3) for c in y_vec), lag_ratio=0.3),
                  run_time=style.RUN_SLOW)
        self.play(*(Indicate(VGroup(y_vec[i], y_grid[i]), color=th.highlight, scale_factor=1.1)
                    for i in range(n_out)), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("mx_product", values=", ".join(fmt_num(v) for v in res.y_flat))

        final = math(r"\operatorname{vec}(y) = C\, \operatorname{vec}(x)", style.MATH_SIZE,
                     th.output).move_to([self.m_center[0] + 0.6, -3.1, 0])
        note = label(self.t("mx_linear_note"), style.FONT_SIZE_LABEL, th.foreground).next_to(
            final, UP, buff=0.15)
        self.play(FadeOut(sparse), run_time=style.RUN_FAST)
        self.play(Write(final), FadeIn(note), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("mx_linear")


def _grid_cells(n_rows: int, n_cols: int, size: float, center) -> list[tuple[float, float]]:
    """Centres of an ``n_rows × n_cols`` grid of cells (row-major) around ``center``."""
    return [(center[0] + (c - (n_cols - 1) / 2) * size, center[1] - (r - (n_rows - 1) / 2) * size)
            for r in range(n_rows) for c in range(n_cols)]


class TransposedConvScatter(DLScene):
    """Transposed convolution: every input cell scatters a scaled kernel, overlaps add; not an inverse."""

    expected_duration = 31.0
    x = ((1, 0, 2, 1, 0),
         (0, 2, 1, 0, 2),
         (2, 0, 1, 1, 3),
         (1, 1, 0, 1, 1),
         (0, 2, 1, 0, 0))
    k = ((1, 0, 1),
         (0, 1, 0),
         (1, 1, 0))
    stride = 2

    def construct(self) -> None:
        th = self.theme
        y = correlate2d(self.x, self.k, stride=self.stride)
        res = conv_transpose2d_steps(y, self.k, stride=self.stride)
        x_arr = np.asarray(self.x, dtype=float)
        small = style.MATH_SIZE_SMALL

        self.play(Write(title(self.t("tr_title"))), run_time=style.RUN)
        x_grid = _grid(x_arr, th.signal, 0.45, (-5.85, 0.2))
        x_lab = math("x", small, th.signal).next_to(x_grid, UP, buff=0.15)
        y_grid = _grid(res.y, th.output, 0.6, (-2.45, 0.2))
        y_lab = math("y", small, th.output).next_to(y_grid, UP, buff=0.15)
        k_grid = _grid(res.k, th.kernel, 0.45, (5.6, 1.75))
        k_lab = math("k", small, th.kernel).next_to(k_grid, LEFT, buff=0.15)
        arrow1 = Arrow(x_grid.get_right(), y_grid.get_left(), buff=0.15, color=th.muted)
        a1_lab = math(rf"\star k,\ s={self.stride}", small * 0.75, th.muted).next_to(arrow1, DOWN, buff=0.1)
        self.play(FadeIn(x_grid), Write(x_lab), FadeIn(k_grid), Write(k_lab), run_time=style.RUN)
        self.play(Create(arrow1), FadeIn(a1_lab), run_time=style.RUN)
        self.play(FadeIn(y_grid), Write(y_lab), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("tr_forward", n=x_arr.shape[0], m=res.y.shape[0], s=self.stride)

        # the output canvas starts at zero
        n_r, n_c = res.canvas.shape
        size = 0.6
        center = (1.5, 0.2)
        pos = _grid_cells(n_r, n_c, size, center)
        canvas = _place_cells(np.zeros(n_r * n_c), th.product, size, pos, quiet=np.ones(n_r * n_c))
        arrow2 = Arrow(y_grid.get_right(), canvas.get_left(), buff=0.15, color=th.muted)
        a2_lab = math(rf"k^\top,\ s={self.stride}", small * 0.75, th.muted).next_to(arrow2, DOWN, buff=0.1)
        z_lab = math(r"x' = C^\top y", small, th.product).next_to(canvas, UP, buff=0.15)
        self.play(Create(arrow2), FadeIn(a2_lab), FadeIn(canvas), Write(z_lab), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("tr_canvas", n=n_r)

        block_center = (5.6, -0.6)
        marker = VGroup()
        block = VGroup()
        for j, st in enumerate(res.steps):
            first = j == 0
            run = style.RUN_SLOW if first else style.RUN
            src = y_grid[st.r * res.y.shape[1] + st.c]
            new_marker = SurroundingRectangle(src, color=th.highlight, buff=0.04)
            new_block = _grid(st.block, th.product, 0.45, block_center)
            block_lab = math(rf"{fmt_num(st.value)}\cdot k", small * 0.8, th.product).next_to(
                new_block, UP, buff=0.12)
            new_block = VGroup(new_block, block_lab)
            self.play(ReplacementTransform(marker, new_marker) if len(marker) else Create(new_marker),
                      FadeOut(block), run_time=style.RUN_FAST)
            self.play(FadeTransform(src.copy(), new_block), run_time=run)
            # the block flies onto its footprint; the footprint cells become the running sums
            cells = [rr * n_c + cc for rr in st.rows for cc in st.cols]
            updated = _place_cells([st.canvas[rr, cc] for rr in st.rows for cc in st.cols],
                                   th.product, size, [pos[i] for i in cells])
            foot = SurroundingRectangle(VGroup(canvas[cells[0]], canvas[cells[-1]]), color=th.highlight,
                                        buff=0.03)
            self.play(Create(foot), *(FadeTransform(canvas[i], cl) for i, cl in zip(cells, updated)),
                      run_time=run)
            for i, cl in zip(cells, updated):
                canvas.submobjects[i] = cl
            self.play(FadeOut(foot), run_time=style.RUN_FAST)
            marker, block = new_marker, new_block
            self.wait(style.PAUSE * (1.0 if first else 0.4))
            self.beat("tr_scatter", r=st.r, c=st.c, v=fmt_num(st.value))
        self.play(FadeOut(marker), FadeOut(block), run_time=style.RUN_FAST)
        shared = [i for i in range(n_r * n_c) if res.counts[i // n_c, i % n_c] > 1]
        self.play(*(canvas[i][0].animate.set_stroke(color=th.highlight, width=4) for i in shared),
                  run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("tr_overlaps")

        # not the inverse: compare x' with x cell by cell
        neq = math(r"x' \ne x", style.MATH_SIZE, th.negative).move_to([5.6, 0.2, 0])
        note = label(self.t("tr_not_inverse"), style.FONT_SIZE_LABEL, th.foreground).move_to([0, -2.75, 0])
        fit_width(note, 13.0)
        self.play(FadeOut(k_grid), FadeOut(k_lab), run_time=style.RUN_FAST)
        self.play(Write(neq), FadeIn(note), Indicate(x_grid, color=th.highlight, scale_factor=1.05),
                  Indicate(canvas, color=th.highlight, scale_factor=1.05), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("tr_not_inverse", shape=f"{n_r}×{n_c}")


class TransposedCheckerboard(DLScene):
    """Why transposed convolutions make checkerboards: uneven kernel overlap when k is not a multiple of s."""

    expected_duration = 23.0
    input_size = 4
    stride = 2
    kernels = (3, 4)
    """Kernel sizes compared side by side (same stride)."""
    cell_size = 0.42
    panel_x = (-3.55, 3.55)

    def construct(self) -> None:
        th = self.theme
        small = style.MATH_SIZE_SMALL
        n, s = self.input_size, self.stride
        self.play(Write(title(self.t("cb_title"))), run_time=style.RUN)
        lead = label(self.t("cb_lead", n=n), style.FONT_SIZE_LABEL, th.foreground).move_to([0, 2.55, 0])
        self.play(FadeIn(lead), run_time=style.RUN)

        panels = []
        for kk, px in zip(self.kernels, self.panel_x):
            res = conv_transpose2d_steps(np.ones((n, n)), np.ones((kk, kk)), stride=s)
            prof = overlap_profile((n, n), kk, s)
            counts = prof.counts
            n_r, n_c = res.canvas.shape
            center = (px, -0.55)
            pos = _grid_cells(n_r, n_c, self.cell_size, center)
            outline = VGroup(*(Square(self.cell_size, stroke_color=th.muted, stroke_width=1)
                               .move_to([x, y, 0]) for x, y in pos))
            head = math(rf"k = {kk},\ s = {s}", small, th.kernel).next_to(outline, UP, buff=0.2)
            panels.append(dict(res=res, counts=counts, prof=prof, pos=pos, outline=outline,
                               head=head, n_c=n_c, kk=kk))
        self.play(*(Create(p["outline"]) for p in panels), *(Write(p["head"]) for p in panels),
                  run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("cb_setup", n=n, s=s, k1=self.kernels[0], k2=self.kernels[1])

        # every input cell stamps one translucent kernel footprint; overlaps look darker
        stamps = []
        for p in panels:
            group = VGroup()
            for st in p["res"].steps:
                a = p["pos"][st.rows[0] * p["n_c"] + st.cols[0]]
                b = p["pos"][st.rows[-1] * p["n_c"] + st.cols[-1]]
                group.add(Rectangle(width=abs(b[0] - a[0]) + self.cell_size,
                                    height=abs(b[1] - a[1]) + self.cell_size, stroke_width=0,
                                    fill_color=th.product, fill_opacity=0.22)
                          .move_to([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, 0]))
            stamps.append(group)
        first = [g[0] for g in stamps]
        self.play(*(FadeIn(f) for f in first), run_time=style.RUN_SLOW)
        self.play(*(LaggedStart(*(FadeIn(r) for r in g[1:]), lag_ratio=0.25) for g in stamps),
                  run_time=style.RUN_SLOW * 3.5)
        self.wait(style.PAUSE)
        self.beat("cb_stack")

        numbers = VGroup()
        for p in panels:
            for i, (x, y) in enumerate(p["pos"]):
                v = p["counts"][i // p["n_c"], i % p["n_c"]]
                numbers.add(math(str(v), small * 0.7, th.foreground).move_to([x, y, 0]))
        self.play(FadeIn(numbers), run_time=style.RUN)
        self.wait(style.PAUSE)
        # frame the interior, where an unbounded input would give the same counts
        inner = VGroup()
        for p in panels:
            cells = [i for i in range(len(p["pos"])) if p["prof"].interior[i // p["n_c"], i % p["n_c"]]]
            inner.add(SurroundingRectangle(VGroup(p["outline"][cells[0]], p["outline"][cells[-1]]),
                                           color=th.highlight, buff=0.02, stroke_width=3))
        self.play(Create(inner), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("cb_counts", k1=panels[0]["kk"], k2=panels[1]["kk"],
                  uneven=", ".join(str(v) for v in panels[0]["prof"].interior_values),
                  even=", ".join(str(v) for v in panels[1]["prof"].interior_values))

        verdicts = VGroup(
            label(self.t("cb_uneven"), style.FONT_SIZE_SMALL, th.negative)
            .next_to(panels[0]["outline"], DOWN, buff=0.2),
            label(self.t("cb_even"), style.FONT_SIZE_SMALL, th.output)
            .next_to(panels[1]["outline"], DOWN, buff=0.2))
        for v, p in zip(verdicts, panels):
            fit_width(v, 6.6)
            v.set_x(p["outline"].get_x())
        self.play(FadeIn(verdicts), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("cb_rule")


def _int_tex(v: int) -> str:
    """A dlmath integer with thousands separators, for MathTex: ``50{,}348{,}032``."""
    return f"{int(v):,}".replace(",", "{,}")


class ConvLayerCost(DLScene):
    """Parameters and multiply-adds of a conv layer vs a dense layer on the same image: weight sharing."""

    expected_duration = 25.0
    sizes = (32, 224)
    """Image sides compared (CIFAR-10, ImageNet)."""
    c_in, c_out, k, padding = 3, 16, 3, 1

    def table(self, res):
        """The cost table for one image size (rows: parameters, multiply-adds)."""
        th = self.theme
        small = style.MATH_SIZE * 0.9
        cells = [
            [label(self.t("cost_params"), style.FONT_SIZE_LABEL),
             math(_int_tex(res.conv.params), small, th.kernel),
             math(_int_tex(res.dense.params), small, th.negative)],
            [label(self.t("cost_macs"), style.FONT_SIZE_LABEL),
             math(_int_tex(res.conv.multiply_adds), small, th.kernel),
             math(_int_tex(res.dense.multiply_adds), small, th.negative)],
        ]
        xs, ys = (-5.0, -2.3, 0.7), (0.75, -0.05)
        label_right, label_width = -3.45, 3.5  # row names end left of the first number column
        grp = VGroup()
        for row, y in zip(cells, ys):
            name, *numbers = row
            fit_width(name, label_width)
            grp.add(name.next_to([label_right, y, 0], LEFT, buff=0))
            for m, x in zip(numbers, xs[1:]):
                grp.add(m.move_to([x, y, 0]))
        return grp

    def construct(self) -> None:
        th = self.theme
        small = style.MATH_SIZE_SMALL
        results = [conv_vs_dense(n, n, self.c_in, self.c_out, self.k, padding=self.padding)
                   for n in self.sizes]
        self.play(Write(title(self.t("cost_title"))), run_time=style.RUN)

        heads = VGroup(label(self.t("cost_conv_head", k=self.k), style.FONT_SIZE_LABEL, th.kernel)
                       .move_to([-2.3, 1.5, 0]),
                       label(self.t("cost_dense_head"), style.FONT_SIZE_LABEL, th.negative)
                       .move_to([0.7, 1.5, 0]))
        rule = Line([-6.4, 1.15, 0], [2.3, 1.15, 0], color=th.muted, stroke_width=2)

        # log-scale bars of the parameter counts
        axes = Axes(x_range=[0, 2.8, 1], y_range=[0, 12, 3], x_length=3.8, y_length=4.2,
                    axis_config={"color": th.muted, "include_ticks": False}, tips=False,
                    y_axis_config={"scaling": LogBase(custom_labels=False), "include_ticks": True,
                                   "tick_size": 0.05}).move_to([4.6, -0.55, 0])
        ticks = VGroup(*(math(rf"10^{{{e}}}", small * 0.7, th.muted)
                         .next_to(axes.c2p(0, 10.0 ** e), LEFT, buff=0.12) for e in range(0, 13, 3)))
        bar_lab = label(self.t("cost_params"), style.FONT_SIZE_SMALL, th.muted).next_to(axes, UP, buff=0.15)
        bar_names = VGroup(
            label(self.t("cost_conv_head", k=self.k), style.FONT_SIZE_SMALL, th.kernel)
            .next_to(axes.c2p(0.8, 1.0), DOWN, buff=0.15),
            label(self.t("cost_dense_head"), style.FONT_SIZE_SMALL, th.negative)
            .next_to(axes.c2p(2.0, 1.0), DOWN, buff=0.15))
        spread_apart(bar_names)

        def bars(res):
            out = VGroup()
            for xpos, v, color in ((0.8, res.conv.params, th.kernel), (2.0, res.dense.params, th.negative)):
                base, top = axes.c2p(xpos, 1.0), axes.c2p(xpos, float(v))
                out.add(Rectangle(width=0.7, height=max(top[1] - base[1], 0.01), stroke_width=0,
                                  fill_color=color, fill_opacity=0.85)
                        .move_to([(base[0] + top[0]) / 2, (base[1] + top[1]) / 2, 0]))
            return out

        shown_table = None
        shown_bars = None
        shown_setting = None
        shown_formulas = None
        for i, (n, res) in enumerate(zip(self.sizes, results)):
            first = i == 0
            c_out, oh, ow = res.out_shape
            setting = label(self.t("cost_setting", h=n, w=n, c_in=self.c_in, oh=oh, ow=ow,
                                   c_out=c_out, k=self.k, p=self.padding),
                            style.FONT_SIZE_LABEL, th.signal).move_to([0, 2.5, 0])
            fit_width(setting, 13.2)
            tbl = self.table(res)
            n_in, n_out = res.dense_in, res.dense_out
            formulas = VGroup(
                math(rf"P_{{conv}} = C_{{out}} C_{{in}} k^2 + C_{{out}} = {self.c_out}\cdot {self.c_in}"
                     rf"\cdot {self.k}^2 + {self.c_out} = {_int_tex(res.conv.params)}", small * 0.85,
                     th.kernel),
                math(rf"P_{{dense}} = n_{{in}} n_{{out}} + n_{{out}} = {_int_tex(n_in)}\cdot "
                     rf"{_int_tex(n_out)} + {_int_tex(n_out)} = {_int_tex(res.dense.params)}",
                     small * 0.85, th.negative)).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
            formulas.move_to([-2.0, -1.9, 0])
            fit_width(formulas, 8.6)
            new_bars = bars(res)
            if first:
                self.play(FadeIn(setting), run_time=style.RUN)
                self.play(FadeIn(heads), Create(rule), FadeIn(VGroup(tbl[0], tbl[3])), run_time=style.RUN)
                self.wait(style.PAUSE)
                self.play(Write(formulas[0]), FadeIn(VGroup(tbl[1])), run_time=style.RUN_SLOW)
                self.wait(style.PAUSE)
                self.beat("cost_conv", params=_plain(res.conv.params), k=self.k, c_in=self.c_in,
                          c_out=self.c_out)
                self.play(Write(formulas[1]), FadeIn(VGroup(tbl[2])), run_time=style.RUN_SLOW)
                self.wait(style.PAUSE)
                self.beat("cost_dense", params=_plain(res.dense.params), n_in=_plain(n_in),
                          n_out=_plain(n_out))
                self.play(FadeIn(VGroup(tbl[4], tbl[5])), run_time=style.RUN)
                self.wait(style.PAUSE)
                self.beat("cost_macs", conv=_plain(res.conv.multiply_adds),
                          dense=_plain(res.dense.multiply_adds))
                self.play(Create(axes), FadeIn(ticks), FadeIn(bar_lab), FadeIn(bar_names),
                          run_time=style.RUN)
                self.play(*(GrowFromEdge(b, DOWN) for b in new_bars), run_time=style.RUN_SLOW)
                self.wait(style.PAUSE)
                self.beat("cost_bars", ratio=_plain(round(res.param_ratio)))
            else:
                self.play(FadeTransform(shown_setting, setting), run_time=style.RUN)
                self.play(*(FadeTransform(a, b) for a, b in zip(shown_table, tbl)),
                          FadeTransform(shown_formulas, formulas),
                          ReplacementTransform(shown_bars, new_bars), run_time=style.RUN_SLOW)
                self.play(Indicate(tbl[1], color=th.highlight), run_time=style.RUN)
                self.wait(style.READ)
                self.beat("cost_bigger", h=n, w=n, conv=_plain(res.conv.params),
                          dense=_plain(res.dense.params))
            shown_table, shown_bars, shown_setting, shown_formulas = tbl, new_bars, setting, formulas

        note = label(self.t("cost_note"), style.FONT_SIZE_LABEL, th.highlight).move_to([0, -3.35, 0])
        fit_width(note, 13.2)
        self.play(FadeIn(note), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("cost_sharing")


def _plain(v: int) -> str:
    """A dlmath integer with thousands separators, for captions."""
    return f"{int(v):,}"
