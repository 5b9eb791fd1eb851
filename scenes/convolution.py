"""Convolution scenes: y[n] = Σ_k x[k] h[n−k] as flip, shift, multiply, sum.

Each scene draws its lesson (:mod:`lessons.convolution`: parameters and everything
computed from :mod:`dlmath.convolution`); no math happens here.
Render one with the plain Manim CLI: ``manim -ql scenes/convolution.py Conv1DFlipShift``.
"""

from __future__ import annotations

import numpy as np
from manim import (
    Circumscribe,
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
    VGroup,
    MathTex,
    Text,
    Write,
)

from lessons.convolution import CC_BOTTOM_HIGH, CC_CLOSED_MAX_HEIGHT, CC_TOP_HIGH
from scenes import style
from scenes.common import (DLScene, cell, cell_row, curve, fit_width, label, math, spread_apart,
                           stems, title)
from scenes.style import fmt_int, fmt_num

__all__ = ["Conv1DFlipShift", "ConvVsCorrelation", "ContinuousConvolution", "Conv2DGrid",
           "ConvAsMatrix", "TransposedConvScatter", "TransposedCheckerboard", "ConvLayerCost"]


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
        index_row = VGroup(*(math(str(j), style.MATH_SIZE_SMALL * 0.9, th.muted)
                             .move_to([self.col(j), self.row_y["index"], 0])
                             for j in self.data.columns))
        k_label = math("k", style.MATH_SIZE_SMALL * 0.9, th.muted).move_to(
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
        value = math(fmt_num(step.total), style.MATH_SIZE_SMALL * 0.9, th.output)
        value.next_to(self.axes.c2p(step.n, step.total), UP if step.total >= 0 else DOWN, buff=0.1)
        self.play(GrowFromEdge(stem, DOWN if step.total >= 0 else UP), FadeIn(value),
                  FadeOut(overlap), run_time=style.RUN_FAST)
        self.wait(style.PAUSE if first else style.PAUSE * 0.6)
        self.beat("step", n=step.n, total=fmt_num(step.total),  # one sample or several
                  overlap=self.t("step_overlap_one") if len(step.k) == 1
                  else self.t("step_overlap_many", terms=len(step.k)))

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
    r"""A factor of a product: negative numbers in parentheses, ``2\cdot(-0.5)``."""
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

    col_width = 0.66
    cell_size = 0.54
    panel_x = {"conv": -3.55, "corr": 3.55}
    panel_width = 6.4
    """Widest an equation or result line may be inside its half of the frame."""
    row_y = {"head": 2.55, "formula": 1.85, "index": 1.1, "x": 0.55, "h": -0.2, "eq": -0.95,
             "out": -1.7, "out_index": -2.2, "result": -2.85, "note": -3.4}
    small, tiny = style.MATH_SIZE_SMALL * 0.85, style.MATH_SIZE_SMALL * 0.82

    def col(self, panel: str, j: float) -> float:
        """x position of signal index ``j`` in a panel (indices -(K-1) .. N+K-2 fit)."""
        js = self.data.columns
        return self.panel_x[panel] + (j - (js[0] + js[-1]) / 2) * self.col_width

    def at(self, panel: str, row: str, j: float | None = None) -> list[float]:
        """A point of a panel: column ``j`` (or the panel's centre) on row ``row``."""
        return [self.panel_x[panel] if j is None else self.col(panel, j), self.row_y[row], 0]

    def construct(self) -> None:
        self.show_operations()
        self.show_inputs()
        self.flip()
        self.eqs, self.boxes, self.out_cells = VGroup(), VGroup(), VGroup()
        for i, (cs, rs) in enumerate(zip(self.data.conv.steps, self.data.corr.steps)):
            self.slide_both(i, cs, rs)
        self.show_results()
        self.conclude()

    def show_operations(self) -> None:
        th = self.theme
        self.play(Write(title(self.t("vs_title"))), run_time=style.RUN)
        heads = VGroup(label(self.t("conv_head"), style.FONT_SIZE_LABEL, th.output)
                       .move_to(self.at("conv", "head")),
                       label(self.t("corr_head"), style.FONT_SIZE_LABEL, th.output)
                       .move_to(self.at("corr", "head")))
        formulas = VGroup(math(r"y[n] = \sum_k x[k]\, h[n-k]", self.small)
                          .move_to(self.at("conv", "formula")),
                          math(r"c[m] = \sum_k x[k+m]\, h[k]", self.small)
                          .move_to(self.at("corr", "formula")))
        divider = Line([0, self.row_y["head"] + 0.3, 0], [0, self.row_y["result"] + 0.35, 0],
                       color=th.muted, stroke_width=2)
        self.play(FadeIn(heads), Create(divider), run_time=style.RUN)
        self.play(Write(formulas), run_time=style.RUN_SLOW)

    def show_inputs(self) -> None:
        """Index, x and h rows in both panels (same numbers, same columns)."""
        th, conv = self.theme, self.data.conv
        self.rows = {}
        for p in ("conv", "corr"):
            idx = VGroup(*(math(str(j), self.tiny, th.muted).move_to(self.at(p, "index", j))
                           for j in self.data.columns))
            xc = cell_row(conv.x, th.signal, [self.col(p, j) for j in range(conv.x.size)],
                          self.row_y["x"], self.cell_size)
            hc = cell_row(conv.h, th.kernel, [self.col(p, j) for j in range(conv.h.size)],
                          self.row_y["h"], self.cell_size)
            xl = math("x", self.small, th.signal).next_to(
                [idx[0].get_x(), self.row_y["x"], 0], LEFT, buff=0.6)
            hl = math("h", self.small, th.kernel).move_to([xl.get_x(), self.row_y["h"], 0])
            out_names = VGroup(
                math("y" if p == "conv" else "c", self.small, th.output).move_to(
                    [xl.get_x(), self.row_y["out"], 0]),
                math("n" if p == "conv" else "m", self.tiny, th.muted).move_to(
                    [xl.get_x(), self.row_y["out_index"], 0]))
            self.rows[p] = dict(x=xc, h=hc, out_names=out_names)
            self.play(FadeIn(idx), FadeIn(xc), FadeIn(hc), Write(xl), Write(hl),
                      run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("vs_inputs")

    def kernel_moves(self, cs, rs) -> list:
        """Both kernels to their step: flipped taps at n − k, unflipped taps at m + k."""
        conv, corr, n_h = self.data.conv, self.data.corr, self.data.conv.h.size
        conv_pos, corr_pos = conv.kernel_positions(cs.n), corr.kernel_positions(rs.m)
        return ([self.rows["conv"]["h"][t].animate.move_to(
                    self.at("conv", "h", conv_pos[n_h - 1 - t])) for t in range(n_h)]
                + [self.rows["corr"]["h"][t].animate.move_to(self.at("corr", "h", corr_pos[t]))
                   for t in range(n_h)])

    def flip(self) -> None:
        """Convolution flips h; cross-correlation keeps it as it is."""
        th, conv, n_h = self.theme, self.data.conv, self.data.conv.h.size
        flip_pos = conv.kernel_positions(0)  # flipped taps h[K-1] .. h[0]
        flip_note = label(self.t("flip"), style.FONT_SIZE_SMALL, th.highlight).move_to(
            self.at("conv", "eq"))
        keep_note = label(self.t("no_flip"), style.FONT_SIZE_SMALL, th.highlight).move_to(
            self.at("corr", "eq"))
        self.play(FadeIn(flip_note), FadeIn(keep_note), run_time=style.RUN_FAST)
        self.play(*(self.rows["conv"]["h"][i].animate.move_to(
                    self.at("conv", "h", flip_pos[n_h - 1 - i])) for i in range(n_h)),
                  run_time=style.RUN_SLOW, path_arc=np.pi / 2)
        self.wait(style.PAUSE)
        self.beat("vs_flip")
        self.play(FadeOut(flip_note), FadeOut(keep_note), run_time=style.RUN_FAST)

    def output_cell(self, panel: str, index: int, total: float) -> VGroup:
        """One output: its cell in column ``index`` and the index below it."""
        th = self.theme
        return VGroup(cell(total, th.output, self.cell_size).move_to(self.at(panel, "out", index)),
                      math(str(index), self.tiny, th.muted).move_to(
                          self.at(panel, "out_index", index)))

    def slide_both(self, i: int, cs, rs) -> None:
        """Both kernels over the same window: the windows coincide, the kernels are mirrored."""
        th, first = self.theme, i == 0
        run = style.RUN_SLOW if first else style.RUN
        self.play(*self.kernel_moves(cs, rs), FadeOut(self.eqs), FadeOut(self.boxes), run_time=run)
        self.boxes = VGroup(
            SurroundingRectangle(VGroup(*(self.rows["conv"]["x"][k] for k in cs.k)),
                                 color=th.highlight, buff=0.05),
            SurroundingRectangle(VGroup(*(self.rows["corr"]["x"][k] for k in rs.x_index)),
                                 color=th.highlight, buff=0.05))
        self.eqs = VGroup(
            fit_width(math(_sum_tex(f"y[{cs.n}]", cs.x_values, cs.h_values, cs.total), self.small),
                      self.panel_width).move_to(self.at("conv", "eq")),
            fit_width(math(_sum_tex(f"c[{rs.m}]", rs.x_values, rs.h_values, rs.total), self.small),
                      self.panel_width).move_to(self.at("corr", "eq")))
        outs = (self.output_cell("conv", cs.n, cs.total), self.output_cell("corr", rs.m, rs.total))
        self.out_cells.add(VGroup(*outs))
        if first:
            self.play(FadeIn(self.rows["conv"]["out_names"]), FadeIn(self.rows["corr"]["out_names"]),
                      run_time=style.RUN_FAST)
        self.play(Create(self.boxes), Write(self.eqs), run_time=run)
        self.play(*(FadeIn(o, shift=DOWN * 0.2) for o in outs), run_time=style.RUN_FAST)
        self.wait(style.PAUSE if first else style.PAUSE * 0.5)
        self.beat("vs_step", n=cs.n, m=rs.m, y=fmt_num(cs.total), c=fmt_num(rs.total))

    def show_results(self) -> None:
        th = self.theme
        self.results = VGroup(
            fit_width(math(r"y = x * h = " + _list_tex(self.data.conv.y), style.MATH_SIZE_SMALL,
                           th.output), self.panel_width).move_to(self.at("conv", "result")),
            fit_width(math(r"c = x \star h = " + _list_tex(self.data.corr.c), style.MATH_SIZE_SMALL,
                           th.output), self.panel_width).move_to(self.at("corr", "result")))
        same = math(r"x \star h = x * \tilde h,\quad \tilde h = "
                    + _list_tex(self.data.conv.h_flipped), self.small, th.output)
        fit_width(same, self.panel_width).move_to(self.at("corr", "eq"))
        self.play(FadeOut(self.eqs), FadeOut(self.boxes), Write(self.results), run_time=style.RUN)
        # the outputs side by side, pair by pair: with an asymmetric kernel they differ
        self.play(LaggedStart(*(Indicate(pair, color=th.highlight, scale_factor=1.15)
                                for pair in self.out_cells), lag_ratio=0.35),
                  run_time=style.RUN_SLOW * 1.2)
        self.play(Write(same), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("vs_result")

    def conclude(self) -> None:
        th = self.theme
        note = label(self.t("cnn_note"), style.FONT_SIZE_LABEL, th.highlight).move_to(
            [0, self.row_y["note"], 0])
        fit_width(note, 13.0)
        self.play(FadeIn(note), Indicate(self.results[1], color=th.highlight),
                  run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("vs_cnn")


class ContinuousConvolution(DLScene):
    """Continuous convolution: g(t−τ) slides over f(τ); the shaded overlap area is (f*g)(t)."""

    small = style.MATH_SIZE_SMALL
    header_y = 2.45
    top_center, bottom_center = (0.3, 0.45), (0.3, -2.35)
    slide_label_dx = 1.6
    closed_top = 2.8
    """Top of the closed form that ends the scene (the title ends about 3.1, f(τ) 1.6)."""
    """The sliding g(t − τ) is named this far left of its peak at τ = t."""

    def construct(self) -> None:
        self.show_definitions()
        self.draw_axes()
        self.draw_inputs()
        self.flip()
        self.start_slide()
        for stop in self.data.stops[1:]:
            self.slide_to(stop)
        self.show_closed_form()

    def axes(self, y_high: float, y_length: float, center) -> Axes:
        return Axes(x_range=[*self.data.t_range, 1], y_range=[0, y_high, 0.5], x_length=11,
                    y_length=y_length, tips=False,
                    axis_config={"color": self.theme.muted, "include_ticks": True,
                                 "tick_size": 0.05}).move_to([*center, 0])

    def show_definitions(self) -> None:
        th, d = self.theme, self.data
        formula = math(r"(f*g)(t) = \int_{-\infty}^{\infty} f(\tau)\, g(t-\tau)\, d\tau", self.small)
        formula.to_edge(LEFT, buff=0.5).shift(UP * self.header_y)
        self.defs = VGroup(math("f(t) = " + d.f.latex(), self.small * 0.8, th.signal),
                           math("g(t) = " + d.g.latex(), self.small * 0.8, th.kernel)
                           ).arrange(RIGHT, buff=0.6)
        fit_width(self.defs, 2 * style.FRAME_HALF_WIDTH - 2 * 0.5 - formula.width - 0.4)
        self.defs.to_edge(RIGHT, buff=0.5).shift(UP * self.header_y)
        self.play(Write(title(self.t("cc_title"))), run_time=style.RUN)
        self.play(Write(formula), run_time=style.RUN_SLOW)
        self.play(FadeIn(self.defs), run_time=style.RUN)
        self.formula = formula

    def draw_axes(self) -> None:
        th, (t0, t1) = self.theme, self.data.t_range
        self.top = self.axes(CC_TOP_HIGH, 2.0, self.top_center)
        self.bottom = self.axes(self.data.bottom_high, 1.5, self.bottom_center)
        tau_lab = math(r"\tau", self.small, th.muted).next_to(self.top.x_axis, RIGHT, buff=0.15)
        t_lab = math("t", self.small, th.muted).next_to(self.bottom.x_axis, RIGHT, buff=0.15)
        ticks = VGroup(*(math(str(v), self.small * 0.85, th.muted).next_to(ax.c2p(v, 0), DOWN,
                                                                             buff=0.1)
                         for ax in (self.bottom, self.top) for v in range(int(t0), int(t1) + 1)))
        self.play(Create(self.top), Create(self.bottom), FadeIn(tau_lab), FadeIn(t_lab),
                  FadeIn(ticks), run_time=style.RUN)

    def draw_inputs(self) -> None:
        th, d = self.theme, self.data
        f_curve = curve(self.top, d.taus, d.f_values, th.signal)
        f_lab = math(r"f(\tau)", self.small, th.signal).next_to(self.top.c2p(*d.f_label_at), UP,
                                                               buff=0.1)
        self.g_curve = curve(self.top, d.taus, d.g_values, th.kernel)
        self.g_lab = math(r"g(\tau)", self.small, th.kernel).next_to(
            self.top.c2p(d.g_label_tau, d.g_label_value), UR, buff=0.1)
        self.play(Create(f_curve), FadeIn(f_lab), run_time=style.RUN)
        self.play(Create(self.g_curve), FadeIn(self.g_lab), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("cc_inputs")

    def flip(self) -> None:
        """g(τ) → g(−τ)."""
        th, d = self.theme, self.data
        self.flipped = curve(self.top, d.taus, d.g_flipped, th.kernel)
        self.flip_lab = math(r"g(-\tau)", self.small, th.kernel).next_to(
            self.top.c2p(-d.g_label_tau, d.g_label_value), UL, buff=0.1)
        self.play(ReplacementTransform(self.g_curve, self.flipped),
                  ReplacementTransform(self.g_lab, self.flip_lab), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("cc_flip")

    # -- the moving parts, redrawn from self.t_now every frame

    def slid(self) -> VGroup:
        t = self.t_now.get_value()
        return curve(self.top, self.data.taus, self.data.g(t - self.data.taus), self.theme.kernel)

    def place_slid_label(self, lab):
        """Moved, not rebuilt (a MathTex per frame is slow); stays on screen at the left."""
        t = self.t_now.get_value()
        x = max(t - self.slide_label_dx, self.data.t_range[0] + 0.6)
        return lab.next_to(self.top.c2p(x, float(self.data.g(t - x))), UL, buff=0.1)

    def area(self) -> VMobject:
        t, (t0, t1), conv = self.t_now.get_value(), self.data.t_range, self.data.conv
        span = conv.overlap(t)
        if span is None:
            return VMobject()
        lo, hi = max(span[0], t0), min(span[1], t1)
        xs = np.linspace(lo, hi, 200)
        pts = self.top.c2p(np.concatenate([[lo], xs, [hi]]),
                           np.concatenate([[0.0], conv.integrand(t, xs), [0.0]])).T
        return Polygon(*pts, stroke_width=0, fill_color=self.theme.product, fill_opacity=0.6)

    def place_edges(self, group):
        """Two dashed lines made once and moved (a DashedLine is slow to build)."""
        span = self.data.conv.overlap(self.t_now.get_value())
        for line, v in zip(group, span or (None, None)):
            shown = v is not None and self.data.t_range[0] <= v <= self.data.t_range[1]
            line.set_stroke(opacity=1.0 if shown else 0.0)
            if shown:
                line.move_to(self.top.c2p(v, self.params.f_height / 2))
        return group

    def trace(self) -> VGroup:
        ts = np.linspace(self.data.t_range[0], self.t_now.get_value(), 300)
        return curve(self.bottom, ts, self.data.conv(ts), self.theme.output)

    def marker(self) -> VGroup:
        t = self.t_now.get_value()
        v = float(self.data.conv(t))
        return VGroup(Dot(self.bottom.c2p(t, v), color=self.theme.output, radius=0.07),
                      Line(self.bottom.c2p(t, 0), self.bottom.c2p(t, v), color=self.theme.muted,
                           stroke_width=1.5))

    def readout(self, t: float) -> VGroup:
        """``t = …  (f*g)(t) = …``, counting with the slide."""
        th, conv = self.theme, self.data.conv
        out = VGroup(math("t =", self.small), DecimalNumber(t, num_decimal_places=2,
                                                            font_size=self.small),
                     math(r"(f*g)(t) =", self.small, th.output),
                     DecimalNumber(float(conv(t)), num_decimal_places=2, font_size=self.small,
                                   color=th.output)).arrange(RIGHT, buff=0.15)
        out[2].shift(RIGHT * 0.4)
        out[3].next_to(out[2], RIGHT, buff=0.15)
        out.move_to([3.6, -1.05, 0])
        out[1].add_updater(lambda m: m.set_value(self.t_now.get_value()))
        out[3].add_updater(lambda m: m.set_value(float(conv(self.t_now.get_value()))))
        return out

    def start_slide(self) -> None:
        """Shift g(−τ) to the first stop: g(t − τ), with the shaded overlap and the trace."""
        th, start = self.theme, self.data.stops[0]
        self.t_now = ValueTracker(start.t)
        g_slide = self.slid()
        g_slide_lab = self.place_slid_label(math(r"g(t-\tau)", self.small, th.kernel))
        self.play(ReplacementTransform(self.flipped, g_slide),
                  ReplacementTransform(self.flip_lab, g_slide_lab), run_time=style.RUN_SLOW)
        self.remove(g_slide)
        g_slide_lab.add_updater(self.place_slid_label)
        edges = VGroup(*(DashedLine(self.top.c2p(0, 0), self.top.c2p(0, self.params.f_height),
                                    color=th.highlight, stroke_width=2) for _ in range(2)))
        edges.add_updater(self.place_edges)
        self.add(VGroup(always_redraw(self.area), always_redraw(self.slid), g_slide_lab,
                        self.place_edges(edges), always_redraw(self.trace),
                        always_redraw(self.marker)))
        self.counter = self.readout(start.t)
        conv_lab = math(r"(f*g)(t)", self.small, th.output).move_to(
            self.bottom.c2p(-1.2, 0.55 / CC_BOTTOM_HIGH * self.data.bottom_high))
        self.play(FadeIn(self.counter), FadeIn(conv_lab), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat("cc_start", t=fmt_num(start.t))

    def slide_to(self, stop) -> None:
        self.play(self.t_now.animate.set_value(stop.t), run_time=style.RUN_SLOW * 1.6,
                  rate_func=lambda a: a)
        self.wait(style.PAUSE)
        lo, hi = stop.overlap  # every pause after the first is inside the overlap
        self.beat("cc_stop", t=fmt_num(stop.t), value=fmt_num(stop.value), lo=fmt_num(lo),
                  hi=fmt_num(hi))

    def show_closed_form(self) -> None:
        """Freeze the counter and show (f*g)(t) piece by piece."""
        th = self.theme
        for m in self.counter:
            m.clear_updaters()
        closed = math(r"(f*g)(t) = " + self.data.closed_tex, self.small, th.output)
        fit_width(closed, 2 * style.FRAME_HALF_WIDTH - 2 * 0.5)
        if closed.height > CC_CLOSED_MAX_HEIGHT:
            closed.scale_to_fit_height(CC_CLOSED_MAX_HEIGHT)
        # the integral makes room: the closed form takes its place, clear of the title
        closed.to_edge(LEFT, buff=0.5).set_y(self.closed_top - closed.height / 2)
        self.play(FadeOut(self.defs), run_time=style.RUN_FAST)
        self.play(FadeTransform(self.formula, closed), run_time=style.RUN_SLOW)
        self.play(Indicate(closed, color=th.highlight, scale_factor=1.0), run_time=style.RUN)
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
    """2-D cross-correlation (what a CNN layer calls convolution) on a number grid: zero
    padding, stride, dilation and the output-size formula; the flipped kernel convolution
    would use is shown beside k once."""

    input_center = (-4.15, -0.55)
    output_center = (4.5, -0.55)
    kernel_center = (-0.2, 0.65)
    flipped_center = (2.1, 0.65)
    """Where the 180°-turned kernel (what convolution would slide) is shown once, beside k."""
    products_center = (-0.2, -1.3)
    formula_y, settings_y = 2.6, 1.85
    """The general formula under the title, the run's settings line 0.2 below it."""
    input_span = 4.2
    """Side of the padded input grid (cells of at most 0.55)."""
    size_out = 0.7
    small_cell = 0.55

    def construct(self) -> None:
        self.show_formula()
        for i, run in enumerate(self.data.runs):
            self.setup_run(i, run)
            self.slide_window(run)
            self.output_size(run)
            if i < len(self.data.runs) - 1:  # the last run stays on screen
                self.clear_run()

    def show_formula(self) -> None:
        self.play(Write(title(self.t("grid_title"))), run_time=style.RUN)
        general = math(r"y[r,c] = \sum_{u,v} \bar x[s r + d u,\ s c + d v]\; k[u,v]",
                       style.MATH_SIZE_SMALL).move_to([0, self.formula_y, 0])
        self.play(Write(general), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)

    def output_boxes(self, shape) -> VGroup:
        """Empty output cells, filled one by one as the window slides."""
        n_r, n_c = shape
        return VGroup(*(Square(self.size_out, stroke_color=self.theme.output, stroke_width=3,
                               fill_color=self.theme.panel, fill_opacity=1.0).move_to([x, y, 0])
                        for x, y in _grid_cells(n_r, n_c, self.size_out, self.output_center)))

    def setup_run(self, index: int, run) -> None:
        """The padded input, the kernel and the empty output of one run."""
        th, res = self.theme, run.steps
        self.size_in = min(self.small_cell, self.input_span / res.x_padded.shape[0])
        self.grid = _grid(res.x_padded, th.signal, self.size_in, self.input_center, run.pad_mask)
        self.n_cols = res.x_padded.shape[1]
        x_lab = math(r"\bar x" if run.padding else "x", style.MATH_SIZE_SMALL, th.signal).next_to(
            self.grid, LEFT, buff=0.12).align_to(self.grid, UP)  # left: the settings line is above
        settings = label(self.t("grid_settings", s=run.stride, p=run.padding, d=run.dilation),
                         style.FONT_SIZE_LABEL, th.highlight).move_to([0, self.settings_y, 0])
        kern = _grid(res.k, th.kernel, self.small_cell, self.kernel_center)
        k_lab = math("k", style.MATH_SIZE_SMALL, th.kernel).next_to(kern, LEFT, buff=0.2)
        self.out_boxes = self.output_boxes(res.y.shape)
        y_lab = math("y", style.MATH_SIZE_SMALL, th.output).next_to(self.out_boxes, UP, buff=0.12)
        self.play(FadeIn(self.grid), Write(x_lab), FadeIn(settings), run_time=style.RUN)
        self.play(FadeIn(kern), Write(k_lab), FadeIn(self.out_boxes), Write(y_lab),
                  run_time=style.RUN)
        self.on_screen = [self.grid, x_lab, settings, kern, k_lab, self.out_boxes, y_lab]
        self.wait(style.PAUSE)
        self.beat("grid_setup" if index == 0 else "grid_dilation_setup", s=run.stride,
                  p=run.padding, d=run.dilation, n=res.x.shape[0], kk=res.k.shape[0])
        if index == 0:
            self.not_flipped(kern)

    def not_flipped(self, kern: VGroup) -> None:
        """Beside k, the kernel turned by 180° that convolution (the notes' definition) would
        slide: every cell flies to its mirrored place. A CNN slides k as it is."""
        th, n = self.theme, self.data.k_flipped.shape[0]
        flipped = _grid(self.data.k_flipped, th.kernel, self.small_cell, self.flipped_center)
        for cl in flipped:
            cl[0].set_stroke(opacity=0.6)
        names = VGroup(*(fit_width(label(self.t(key), style.FONT_SIZE_SMALL, color), width)
                         .next_to(g, DOWN, buff=0.2)
                         for key, g, color, width in (("grid_as_is", kern, th.kernel, 2.4),
                                                      ("grid_turned", flipped, th.muted, 2.1))))
        # two names under neighbouring kernels: the left one moves left (free room towards
        # the input) until a clear gap separates them; the right one stays clear of y
        overlap = names[0].get_right()[0] + 0.35 - names[1].get_left()[0]
        if overlap > 0:
            names[0].shift(LEFT * overlap)
        self.play(*(ReplacementTransform(kern[(n - 1 - i // n) * n + (n - 1 - i % n)].copy(), c)
                    for i, c in enumerate(flipped)), run_time=style.RUN_SLOW * 1.5,
                  path_arc=np.pi)
        self.play(FadeIn(names), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("grid_corr")
        self.play(FadeOut(flipped), FadeOut(names), run_time=style.RUN_FAST)

    def window(self, st) -> VGroup:
        """The receptive field of one output cell: a frame and its taps in the padded input."""
        th, n_cols = self.theme, self.n_cols
        taps = VGroup(*(Square(self.size_in * 0.92, stroke_color=th.highlight, stroke_width=4)
                        .move_to(self.grid[rr * n_cols + cc]) for rr in st.rows for cc in st.cols))
        span = VGroup(self.grid[st.rows[0] * n_cols + st.cols[0]],
                      self.grid[st.rows[-1] * n_cols + st.cols[-1]])
        return VGroup(SurroundingRectangle(span, color=th.highlight, buff=0.03, stroke_width=1.5),
                      taps)

    def slide_window(self, run) -> None:
        """Every output cell: window, products, sum; the first one slowly."""
        th, res = self.theme, run.steps
        window, prods, total, values = VGroup(), VGroup(), VGroup(), VGroup()
        prods_lab = VGroup(label(self.t("grid_window"), style.FONT_SIZE_SMALL, th.product),
                           math(r"\odot\, k", style.MATH_SIZE_SMALL, th.product)
                           ).arrange(RIGHT, buff=0.12)  # the pink grid: window times k, entrywise
        for j, st in enumerate(res.steps):
            new_window = self.window(st)
            new_prods = _grid(st.products, th.product, self.small_cell, self.products_center)
            new_total = math(rf"y[{st.r},{st.c}] = {fmt_num(st.total)}", style.MATH_SIZE_SMALL,
                             th.output).next_to(new_prods, DOWN, buff=0.2)
            value = math(fmt_num(st.total), style.MATH_SIZE_SMALL, th.foreground).move_to(
                self.out_boxes[st.r * res.y.shape[1] + st.c])
            fit_width(value, 0.85 * self.size_out)
            if j == 0:
                self.play(Create(new_window), run_time=style.RUN_SLOW)
                prods_lab.next_to(new_prods, RIGHT, buff=0.2)
                self.play(FadeIn(new_prods, shift=RIGHT * 0.3), FadeIn(prods_lab),
                          run_time=style.RUN_SLOW)
                self.play(Write(new_total), run_time=style.RUN)
                self.play(ReplacementTransform(new_total.copy(), value), run_time=style.RUN)
                self.wait(style.PAUSE)
                self.beat("grid_first", r=st.r, c=st.c, total=fmt_num(st.total))
            else:
                self.play(ReplacementTransform(window, new_window),
                          ReplacementTransform(prods, new_prods),
                          ReplacementTransform(total, new_total), run_time=style.RUN_FAST)
                self.play(FadeIn(value, scale=1.3), run_time=style.RUN_FAST)
            window, prods, total = new_window, new_prods, new_total
            values.add(value)
        self.on_screen += [window, prods, prods_lab, total, values]
        self.wait(style.PAUSE)
        self.beat("grid_done", oh=res.y.shape[0], ow=res.y.shape[1])

    def output_size(self, run) -> None:
        """o = ⌊(i + 2p − k̂)/s⌋ + 1 with this run's numbers."""
        th, res = self.theme, run.steps
        i_in, kk, s, p = res.x.shape[0], res.k.shape[0], run.stride, run.padding
        size_eq = math(rf"o = \left\lfloor \frac{{i + 2p - \hat k}}{{s}} \right\rfloor + 1"
                       rf" = \left\lfloor \frac{{{i_in} + 2\cdot {p} - {run.khat}}}{{{s}}}"
                       rf" \right\rfloor + 1 = {run.out_size}", style.MATH_SIZE_SMALL
                       ).move_to([1.3, -3.2, 0])
        khat_eq = math(rf"\hat k = k + (k-1)(d-1) = {run.khat}", style.MATH_SIZE_SMALL * 0.85,
                       th.kernel).next_to(size_eq, LEFT, buff=0.5)
        self.play(Write(khat_eq), run_time=style.RUN)
        self.play(Write(size_eq), run_time=style.RUN_SLOW)
        self.play(Indicate(self.out_boxes, color=th.highlight, scale_factor=1.05), run_time=style.RUN)
        self.on_screen += [size_eq, khat_eq]
        self.wait(style.READ)
        self.beat("grid_size", o=run.out_size, i=i_in, p=p, k=kk, s=s, d=run.dilation,
                  khat=run.khat)

    def clear_run(self) -> None:
        self.play(*(FadeOut(m) for m in self.on_screen), run_time=style.RUN)


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
    """A CNN's convolution (cross-correlation, k not flipped) is a matrix product y = Cx: a
    sparse C whose rows repeat the same few weights."""

    m_cell = 0.48
    """Side of a cell of C and of the vectors (numbers at 24, the readable floor)."""
    m_center = (0.1, 0.05)

    def construct(self) -> None:
        self.show_inputs()
        self.unroll()
        self.show_columns()
        self.rows, self.window = VGroup(), VGroup()
        for r in range(self.data.C.shape[0]):
            self.fill_row(r)
        self.show_sparsity()
        self.multiply()
        self.conclude()

    def show_inputs(self) -> None:
        th, res = self.theme, self.data
        # categorical colours per tap, skipping the signal blue and the highlight yellow
        palette = [th.classes[i] for i in (1, 2, 3, 5)]
        self.tap_colors = [palette[i % len(palette)] for i in range(res.k.size)]
        self.play(Write(title(self.t("mx_title"))), run_time=style.RUN)
        self.x_grid = _grid(res.x, th.signal, 0.6, (-5.6, 1.3))
        x_lab = math("x", style.MATH_SIZE_SMALL, th.signal).next_to(self.x_grid, UP, buff=0.12)
        self.k_grid = _grid(res.k, th.kernel, 0.6, (-3.4, 1.6))
        for i, kc in enumerate(self.k_grid):
            kc[0].set_stroke(color=self.tap_colors[i], width=5)
        k_lab = math("k", style.MATH_SIZE_SMALL, th.kernel).next_to(self.k_grid, UP, buff=0.12)
        self.y_grid = _grid(res.y_sliding, th.output, 0.6, (-4.5, -1.6))
        y_lab = math(r"y = x \star k", style.MATH_SIZE_SMALL, th.output).next_to(
            self.y_grid, UP, buff=0.12)
        self.play(FadeIn(self.x_grid), Write(x_lab), FadeIn(self.k_grid), Write(k_lab),
                  run_time=style.RUN)
        star = fit_width(label(self.t("mx_star_note"), style.FONT_SIZE_SMALL, th.output), 3.4
                         ).next_to(self.y_grid, DOWN, buff=0.25)
        star.set_x(-style.FRAME_HALF_WIDTH + style.SAFE_MARGIN + 0.1 + star.width / 2)
        self.star = star
        self.play(FadeIn(self.y_grid), Write(y_lab), run_time=style.RUN)
        self.play(FadeIn(star), Indicate(y_lab, color=th.highlight), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("mx_inputs", n=res.C.shape[0], h=res.x.shape[0], w=res.x.shape[1],
                  kh=res.k.shape[0], kw=res.k.shape[1])

    def column_cells(self, n: int, x: float) -> list[tuple[float, float]]:
        """Centres of a column vector of ``n`` cells at ``x``, centred on the matrix."""
        cs, cy = self.m_cell, self.m_center[1]
        return [(x, cy + ((n - 1) / 2 - i) * cs) for i in range(n)]

    def unroll(self) -> None:
        """x read row by row into a column vector."""
        th, n_in = self.theme, self.data.C.shape[1]
        self.col_x = self.m_center[0] + (n_in - 1) / 2 * self.m_cell + 1.0
        x_vec = _place_cells(self.data.x_flat, th.signal, self.m_cell,
                             self.column_cells(n_in, self.col_x))
        vec_idx = VGroup(*(math(str(i), style.MATH_SIZE_SMALL * 0.8, th.muted)
                           .next_to(x_vec[i], RIGHT, buff=0.08) for i in range(n_in)))
        vec_lab = math(r"\operatorname{vec}(x)", style.MATH_SIZE_SMALL, th.signal).next_to(
            x_vec, UP, buff=0.12)
        self.x_vec = x_vec
        self.play(*(ReplacementTransform(self.x_grid[i].copy(), x_vec[i]) for i in range(n_in)),
                  run_time=style.RUN_SLOW)
        self.play(FadeIn(vec_idx), Write(vec_lab), run_time=style.RUN_FAST)
        self.wait(style.PAUSE)
        self.beat("mx_unroll", n=n_in)

    def show_columns(self) -> None:
        """C's column indices and its name; C's cells are centred on ``m_center``."""
        th, (n_out, n_in), cs = self.theme, self.data.C.shape, self.m_cell
        self.c_pos = [[(x, y) for x, y in _grid_cells(n_out, n_in, cs, self.m_center)
                       [r * n_in:(r + 1) * n_in]] for r in range(n_out)]
        col_idx = VGroup(*(math(str(j), style.MATH_SIZE_SMALL * 0.8, th.muted)
                           .move_to([x, y + cs * 0.9, 0]) for j, (x, y) in enumerate(self.c_pos[0])))
        c_lab = math("C", style.MATH_SIZE, th.kernel).next_to(
            VGroup(*(Dot([x, y, 0]) for x, y in self.c_pos[n_out // 2])), LEFT, buff=0.45)
        self.play(FadeIn(col_idx), Write(c_lab), run_time=style.RUN_FAST)

    def fill_row(self, r: int) -> None:
        """Row r of C: the window over x lights up, its weights land in the row."""
        th, res, first = self.theme, self.data, r == 0
        n_in, taps = res.C.shape[1], res.taps[r]
        row = _place_cells(res.C[r], th.kernel, self.m_cell, self.c_pos[r], quiet=taps < 0)
        used = [j for j in range(n_in) if taps[j] >= 0]
        for j in used:
            row[j][0].set_stroke(color=self.tap_colors[taps[j]], width=4)
        new_window = VGroup(*(SurroundingRectangle(self.x_grid[j], color=th.highlight, buff=0.02)
                              for j in used),
                            SurroundingRectangle(self.y_grid[r], color=th.highlight, buff=0.02))
        self.play(ReplacementTransform(self.window, new_window) if len(self.window)
                  else Create(new_window), run_time=style.RUN_FAST)
        self.play(*(ReplacementTransform(self.k_grid[taps[j]].copy(), row[j]) for j in used),
                  FadeIn(VGroup(*(row[j] for j in range(n_in) if taps[j] < 0))),
                  run_time=style.RUN_SLOW if first else style.RUN)
        self.rows.add(row)
        self.window = new_window
        self.wait(style.PAUSE * (1.0 if first else 0.5))
        ow = res.y_sliding.shape[1]
        self.beat("mx_row", row=r, r=r // ow, c=r % ow)

    def show_sparsity(self) -> None:
        th, res = self.theme, self.data
        self.play(FadeOut(self.window), run_time=style.RUN_FAST)
        self.sparse = label(self.t("mx_sparse_note", nnz=res.nonzeros, total=res.C.size,
                                   w=res.k.size), style.FONT_SIZE_LABEL, th.highlight
                            ).move_to([1.2, -2.8, 0])
        left = self.star.get_right()[0] + 0.3  # right of the star note, ≥ 57 px from the edge
        fit_width(self.sparse, style.FRAME_HALF_WIDTH - style.SAFE_MARGIN - style.BUFF / 2 - left)
        self.sparse.set_x(max(self.sparse.get_x(), left + self.sparse.width / 2))
        zeros = VGroup(*(self.rows[r][j] for r, j in zip(*np.nonzero(res.taps < 0))))
        self.play(FadeIn(self.sparse), Indicate(zeros, color=th.muted, scale_factor=1.0),
                  run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("mx_sparse", nnz=res.nonzeros, total=res.C.size, w=res.k.size)

    def multiply(self) -> None:
        """= C·vec(x): each row of C times the vector, term by term, lands in one cell of y;
        the first row slowly, the others quicker; then the column equals the sliding result."""
        th, res = self.theme, self.data
        n_out = res.C.shape[0]
        self.play(FadeOut(self.sparse), run_time=style.RUN_FAST)
        eq = math("=", style.MATH_SIZE).move_to([self.col_x + 0.8, self.m_center[1], 0])
        self.y_vec = _place_cells(res.y_flat, th.output, self.m_cell,
                                  self.column_cells(n_out, self.col_x + 1.6))
        y_lab = math(r"\operatorname{vec}(y)", style.MATH_SIZE_SMALL, th.output).next_to(
            self.y_vec, UP, buff=0.12)
        self.play(Write(eq), FadeIn(VGroup(*(c[0] for c in self.y_vec))), Write(y_lab),
                  run_time=style.RUN_FAST)
        self.row_eq, self.row_frames = VGroup(), VGroup()
        for r in range(n_out):
            self.row_times_vector(r)
            if r == 0:
                self.beat("mx_product_row", terms=len(self.row_terms(0)),
                          total=fmt_num(res.y_flat[0]))
        self.play(FadeOut(self.row_frames), run_time=style.RUN_FAST)
        self.play(*(Indicate(VGroup(self.y_vec[i], self.y_grid[i]), color=th.highlight,
                             scale_factor=1.1) for i in range(n_out)), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("mx_product", values=", ".join(fmt_num(v) for v in res.y_flat))

    def row_terms(self, r: int) -> list[int]:
        """Columns where row ``r`` of C holds a weight (the other products are 0·x = 0)."""
        return [j for j in range(self.data.C.shape[1]) if self.data.taps[r, j] >= 0]

    def row_times_vector(self, r: int) -> None:
        """Row r of C against vec(x): matching entries pair up, each pair becomes a term
        C[r,j]·x[j], the terms sum to y[r], which drops into its cell."""
        th, res, first = self.theme, self.data, r == 0
        used = self.row_terms(r)
        parts = [rf"y_{{{r}}}", "="]
        for i, j in enumerate(used):
            parts += ([] if i == 0 else ["+"]) + [_factor(res.C[r, j]), r"\cdot",
                                                   _factor(res.x_flat[j])]
        parts += ["=", fmt_num(res.y_flat[r])]
        eq = MathTex(*parts, font_size=style.MATH_SIZE_SMALL)
        eq[0].set_color(th.output)
        eq[-1].set_color(th.output)
        for i in range(len(used)):  # term i: [+] C[r,j] \cdot x[j] from part 2 + 4i
            base = 2 + 4 * i
            eq[base].set_color(th.kernel)
            eq[base + 2].set_color(th.signal)
        fit_width(eq, 8.4).move_to([1.2, -2.85, 0])
        frames = VGroup(SurroundingRectangle(self.rows[r], color=th.highlight, buff=0.03),
                        *(SurroundingRectangle(self.x_vec[j], color=th.highlight, buff=0.03)
                          for j in used))
        run = style.RUN if first else style.RUN_FAST
        self.play(FadeOut(self.row_eq), ReplacementTransform(self.row_frames, frames)
                  if len(self.row_frames) else Create(frames), run_time=run)
        self.play(FadeIn(eq[:2]), run_time=style.RUN_FAST)
        for i, j in enumerate(used):  # one term at a time: the pair flies down, multiplied
            base = 2 + 4 * i
            plus = [FadeIn(eq[base - 1])] if i else []
            self.play(*plus, ReplacementTransform(self.rows[r][j][1].copy(), eq[base]),
                      FadeIn(eq[base + 1]),
                      ReplacementTransform(self.x_vec[j][1].copy(), eq[base + 2]),
                      run_time=style.RUN if first else style.RUN_FAST * 0.6)
        total = eq[-1]
        self.play(FadeIn(eq[-2]), FadeIn(total, shift=RIGHT * 0.2),
                  run_time=style.RUN if first else style.RUN_FAST)
        self.play(ReplacementTransform(total.copy(), self.y_vec[r][1]),
                  Indicate(self.y_vec[r][0], color=th.highlight, scale_factor=1.0),
                  run_time=style.RUN if first else style.RUN_FAST)
        self.add(self.y_vec[r])
        self.row_eq, self.row_frames = eq, frames
        self.wait(style.PAUSE if first else style.PAUSE * 0.3)

    def conclude(self) -> None:
        th = self.theme
        final = math(r"\operatorname{vec}(y) = C\, \operatorname{vec}(x)", style.MATH_SIZE,
                     th.output).move_to([self.m_center[0] + 0.6, -3.1, 0])
        note = label(self.t("mx_linear_note"), style.FONT_SIZE_LABEL, th.foreground).next_to(
            final, UP, buff=0.15)
        self.play(FadeOut(self.row_eq), run_time=style.RUN_FAST)
        self.play(Write(final), FadeIn(note), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("mx_linear")


_BYTE_UNITS = ((10 ** 12, "TB"), (10 ** 9, "GB"), (10 ** 6, "MB"), (10 ** 3, "kB"))


def _bytes_parts(n: int) -> tuple[str, str]:
    """A byte count for the screen: ``1,792`` B below 10 kB, else 3 significant digits with a
    decimal unit (``483`` GB; 1 kB = 1000 B)."""
    if n < 10 ** 4:
        return fmt_int(n), "B"
    scale, unit = next((s, u) for s, u in _BYTE_UNITS if n >= s)
    v = n / scale
    return fmt_num(v, 2 if v < 10 else 1 if v < 100 else 0), unit


def _fmt_bytes(n: int) -> str:
    """:func:`_bytes_parts` for MathTex: ``1{,}792\\ \\text{B}``."""
    v, unit = _bytes_parts(n)
    return rf"{v.replace(',', '{,}')}\ \text{{{unit}}}"


def _plain_bytes(n: int) -> str:
    """:func:`_bytes_parts` for a caption: ``1,792 B``."""
    return " ".join(_bytes_parts(n))


def _grid_cells(n_rows: int, n_cols: int, size: float, center) -> list[tuple[float, float]]:
    """Centres of an ``n_rows × n_cols`` grid of cells (row-major) around ``center``."""
    return [(center[0] + (c - (n_cols - 1) / 2) * size, center[1] - (r - (n_rows - 1) / 2) * size)
            for r in range(n_rows) for c in range(n_cols)]


class TransposedConvScatter(DLScene):
    """Transposed convolution: every input cell scatters a scaled kernel, overlaps add; not an inverse."""

    x_left = -6.8
    """Left edge of the x grid (the safe margin)."""
    x_cell, y_cell, canvas_cell = 0.48, 0.6, 0.6
    """Cell sides: x, k and the scaled block at 0.48 put their numbers at 24 (the readable floor)."""
    y_center, canvas_center = (-2.2, 0.2), (1.5, 0.2)
    k_center, block_center = (5.6, 1.75), (5.6, -0.6)
    small = style.MATH_SIZE_SMALL

    def construct(self) -> None:
        self.forward()
        self.empty_canvas()
        self.marker, self.block = VGroup(), VGroup()
        for j, st in enumerate(self.data.scatter.steps):
            self.scatter(j, st)
        self.show_overlaps()
        self.not_inverse()

    def forward(self) -> None:
        """x → y = x ⋆ k with stride s."""
        th, d = self.theme, self.data
        s = d.scatter.stride[0]
        self.play(Write(title(self.t("tr_title"))), run_time=style.RUN)
        n = d.x.shape[0]
        self.x_grid = _grid(d.x, th.signal, self.x_cell,
                            (self.x_left + n * self.x_cell / 2, self.y_center[1]))
        x_lab = math("x", self.small, th.signal).next_to(self.x_grid, UP, buff=0.15)
        self.y_grid = _grid(d.y, th.output, self.y_cell, self.y_center)
        y_lab = math("y", self.small, th.output).next_to(self.y_grid, UP, buff=0.15)
        self.k_grid = _grid(d.scatter.k, th.kernel, self.x_cell, self.k_center)
        self.k_lab = math("k", self.small, th.kernel).next_to(self.k_grid, LEFT, buff=0.15)
        arrow = Arrow(self.x_grid.get_right(), self.y_grid.get_left(), buff=0.15, color=th.muted)
        a_lab = math(rf"\star k,\ s={s}", self.small * 0.85, th.muted).next_to(arrow, DOWN,
                                                                              buff=0.1)
        self.play(FadeIn(self.x_grid), Write(x_lab), FadeIn(self.k_grid), Write(self.k_lab),
                  run_time=style.RUN)
        self.play(Create(arrow), FadeIn(a_lab), run_time=style.RUN)
        self.play(FadeIn(self.y_grid), Write(y_lab), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("tr_forward", n=n, m=d.y.shape[0], s=s)

    def empty_canvas(self) -> None:
        """The output canvas of the transposed convolution starts at zero."""
        th, sc = self.theme, self.data.scatter
        n_r, n_c = sc.canvas.shape
        self.pos = _grid_cells(n_r, n_c, self.canvas_cell, self.canvas_center)
        self.canvas_cells = _place_cells(np.zeros(n_r * n_c), th.product, self.canvas_cell,
                                         self.pos, quiet=np.ones(n_r * n_c))
        arrow = Arrow(self.y_grid.get_right(), self.canvas_cells.get_left(), buff=0.15,
                      color=th.muted)
        a_lab = math(rf"C^\top,\ s={sc.stride[0]}", self.small * 0.85, th.muted).next_to(
            arrow, DOWN, buff=0.1)
        z_lab = math(r"x' = C^\top y", self.small, th.product).next_to(self.canvas_cells, UP,
                                                                       buff=0.15)
        self.play(Create(arrow), FadeIn(a_lab), FadeIn(self.canvas_cells), Write(z_lab),
                  run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("tr_canvas", n=n_r)

    def scatter(self, j: int, st) -> None:
        """y[r, c]·k flies onto its footprint; the footprint cells become the running sums."""
        th, first = self.theme, j == 0
        run = style.RUN_SLOW if first else style.RUN
        n_c = self.data.scatter.canvas.shape[1]
        src = self.y_grid[st.r * self.data.y.shape[1] + st.c]
        new_marker = SurroundingRectangle(src, color=th.highlight, buff=0.04)
        grid = _grid(st.block, th.product, self.x_cell, self.block_center)
        new_block = VGroup(grid, math(rf"{fmt_num(st.value)}\cdot k", self.small * 0.8,
                                      th.product).next_to(grid, UP, buff=0.12))
        self.play(ReplacementTransform(self.marker, new_marker) if len(self.marker)
                  else Create(new_marker), FadeOut(self.block), run_time=style.RUN_FAST)
        self.play(FadeTransform(src.copy(), new_block), run_time=run)
        cells = [rr * n_c + cc for rr in st.rows for cc in st.cols]
        updated = _place_cells([st.canvas[rr, cc] for rr in st.rows for cc in st.cols],
                               th.product, self.canvas_cell, [self.pos[i] for i in cells])
        foot = SurroundingRectangle(VGroup(self.canvas_cells[cells[0]],
                                           self.canvas_cells[cells[-1]]),
                                    color=th.highlight, buff=0.03)
        self.play(Create(foot), *(FadeTransform(self.canvas_cells[i], cl)
                                  for i, cl in zip(cells, updated)), run_time=run)
        for i, cl in zip(cells, updated):
            self.canvas_cells.submobjects[i] = cl
        self.play(FadeOut(foot), run_time=style.RUN_FAST)
        self.marker, self.block = new_marker, new_block
        self.wait(style.PAUSE * (1.0 if first else 0.4))
        self.beat("tr_scatter", r=st.r, c=st.c, v=fmt_num(st.value))

    def show_overlaps(self) -> None:
        """Cells that received more than one kernel copy."""
        th = self.theme
        self.play(FadeOut(self.marker), FadeOut(self.block), run_time=style.RUN_FAST)
        shared = np.flatnonzero(self.data.shared.ravel())
        self.play(*(self.canvas_cells[i][0].animate.set_stroke(color=th.highlight, width=4)
                    for i in shared), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("tr_overlaps")

    def not_inverse(self) -> None:
        """Compare x' with x cell by cell: same shape, other numbers."""
        th = self.theme
        n_r, n_c = self.data.scatter.canvas.shape
        neq = math(r"x' \ne x", style.MATH_SIZE, th.product).move_to([*self.block_center, 0])
        note = label(self.t("tr_not_inverse"), style.FONT_SIZE_LABEL, th.foreground).move_to(
            [0, -2.75, 0])
        fit_width(note, 13.0)
        # outlines, not Indicate: its colour fill would hide the numbers being compared
        self.play(Write(neq), FadeIn(note), Circumscribe(self.x_grid, color=th.highlight),
                  Circumscribe(self.canvas_cells, color=th.highlight), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        self.beat("tr_not_inverse", shape=f"{n_r}×{n_c}")


class TransposedCheckerboard(DLScene):
    """Why transposed convolutions make checkerboards: uneven kernel overlap when k is not a multiple of s."""

    cell_size = 0.42
    panel_x = (-3.55, 3.55)
    panel_y = -0.55

    def construct(self) -> None:
        self.setup_panels()
        self.stack_footprints()
        self.show_counts()
        self.state_rule()

    def setup_panels(self) -> None:
        """One empty canvas per kernel size, side by side."""
        th, p = self.theme, self.params
        self.play(Write(title(self.t("cb_title"))), run_time=style.RUN)
        lead = label(self.t("cb_lead", n=p.input_size), style.FONT_SIZE_LABEL, th.foreground
                     ).move_to([0, 2.55, 0])
        self.play(FadeIn(lead), run_time=style.RUN)
        self.panels = []
        for panel, px in zip(self.data.panels, self.panel_x):
            n_r, n_c = panel.profile.counts.shape
            pos = _grid_cells(n_r, n_c, self.cell_size, (px, self.panel_y))
            outline = VGroup(*(Square(self.cell_size, stroke_color=th.muted, stroke_width=1)
                               .move_to([x, y, 0]) for x, y in pos))
            head = math(rf"k = {panel.k},\ s = {p.stride}", style.MATH_SIZE_SMALL, th.kernel
                        ).next_to(outline, UP, buff=0.2)
            self.panels.append(dict(pos=pos, outline=outline, head=head, n_c=n_c))
        self.play(*(Create(q["outline"]) for q in self.panels),
                  *(Write(q["head"]) for q in self.panels), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.beat("cb_setup", n=p.input_size, s=p.stride, k1=p.kernels[0], k2=p.kernels[1])

    def footprint(self, q: dict, st) -> Rectangle:
        """The translucent square one input cell stamps on the canvas."""
        a = q["pos"][st.rows[0] * q["n_c"] + st.cols[0]]
        b = q["pos"][st.rows[-1] * q["n_c"] + st.cols[-1]]
        return Rectangle(width=abs(b[0] - a[0]) + self.cell_size,
                         height=abs(b[1] - a[1]) + self.cell_size, stroke_width=0,
                         fill_color=self.theme.product, fill_opacity=0.22).move_to(
            [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, 0])

    def stack_footprints(self) -> None:
        """Every input cell stamps one translucent kernel footprint; overlaps look darker."""
        stamps = [VGroup(*(self.footprint(q, st) for st in panel.scatter.steps))
                  for q, panel in zip(self.panels, self.data.panels)]
        self.play(*(FadeIn(g[0]) for g in stamps), run_time=style.RUN_SLOW)
        self.play(*(LaggedStart(*(FadeIn(r) for r in g[1:]), lag_ratio=0.25) for g in stamps),
                  run_time=style.RUN_SLOW * 3.5)
        self.wait(style.PAUSE)
        self.beat("cb_stack")

    def show_counts(self) -> None:
        """The count in every cell, and the interior framed (where an unbounded input would
        give the same counts)."""
        th = self.theme
        numbers, inner = VGroup(), VGroup()
        for q, panel in zip(self.panels, self.data.panels):
            counts = panel.profile.counts.ravel()
            numbers.add(*(math(fmt_num(v), style.MATH_SIZE_SMALL * 0.82, th.foreground)
                          .move_to([x, y, 0]) for v, (x, y) in zip(counts, q["pos"])))
            cells = np.flatnonzero(panel.profile.interior.ravel())
            inner.add(SurroundingRectangle(VGroup(q["outline"][cells[0]], q["outline"][cells[-1]]),
                                           color=th.highlight, buff=0.02, stroke_width=3))
        self.play(FadeIn(numbers), run_time=style.RUN)
        self.wait(style.PAUSE)
        self.play(Create(inner), run_time=style.RUN_SLOW)
        self.wait(style.READ)
        uneven, even = (p.profile.interior_values for p in self.data.panels)
        self.beat("cb_counts", k1=self.params.kernels[0], k2=self.params.kernels[1],
                  uneven=", ".join(fmt_num(v) for v in uneven),
                  even=", ".join(fmt_num(v) for v in even))

    def state_rule(self) -> None:
        th = self.theme
        verdicts = VGroup(label(self.t("cb_uneven"), style.FONT_SIZE_LABEL, th.negative),
                          label(self.t("cb_even"), style.FONT_SIZE_LABEL, th.output))
        # two lines each (catalogue), under its panel; both tops on one line, under the lower
        # of the two canvases (they differ in size)
        top = min(q["outline"].get_bottom()[1] for q in self.panels) - 0.2
        for v, q in zip(verdicts, self.panels):
            fit_width(v, 6.4)
            v.move_to([q["outline"].get_x(), top - v.height / 2, 0])
        self.play(FadeIn(verdicts), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("cb_rule")


def _two_lines(text: str, color: str) -> VGroup:
    """A bar name broken at its first space into two centred lines (two names fit under
    neighbouring bars), with room between the lines."""
    parts = text.split(" ", 1)
    return VGroup(*(label(part, style.FONT_SIZE_SMALL, color) for part in parts)).arrange(
        DOWN, buff=0.14)


class ConvLayerCost(DLScene):
    """Parameters, memory, multiply-adds and FLOPs of a conv layer vs a dense layer on the
    same image: weight sharing."""

    small = style.MATH_SIZE_SMALL
    bar_x = {"conv": 0.7, "dense": 2.1}
    table_xs = (-1.5, 1.3)
    rows = ("params", "memory", "macs", "flops")
    """The table's rows, top to bottom: what the notes count (parameters as memory, FLOPs)
    beside the multiply-adds."""
    table_ys = {"params": 0.75, "memory": 0.2, "macs": -0.35, "flops": -0.9}
    number_widths = (2.1, 2.9)
    """Widest a table number may be, per column: conv numbers end right of the row names,
    dense numbers left of the bar chart's tick labels."""

    def construct(self) -> None:
        self.play(Write(title(self.t("cost_title"))), run_time=style.RUN)
        first, *rest = self.data.results
        self.show_setting(first)
        self.show_conv(first)
        self.show_dense(first)
        self.show_memory(first)
        self.show_macs(first)
        self.show_flops(first)
        self.show_bars(first)
        for res in rest:
            self.grow_image(res)
        self.conclude()

    def row_values(self, res, row: str) -> tuple[str, str]:
        """The conv and dense numbers of one table row, as MathTex (bytes with a unit)."""
        if row == "memory":
            return tuple(_fmt_bytes(c.memory_bytes("float32")) for c in (res.conv, res.dense))
        attr = {"params": "params", "macs": "multiply_adds", "flops": "flops"}[row]
        return tuple(fmt_int(getattr(c, attr), tex=True) for c in (res.conv, res.dense))

    def table(self, res) -> dict[str, VGroup]:
        """The cost table for one image size: per row ``VGroup(name, conv, dense)``."""
        th, size = self.theme, style.MATH_SIZE * 0.8
        label_right, label_width = -2.65, 4.15  # row names end left of the first number column
        out = {}
        for row in self.rows:
            y = self.table_ys[row]
            name = fit_width(label(self.t(f"cost_{row}"), style.FONT_SIZE_LABEL), label_width)
            grp = VGroup(name.next_to([label_right, y, 0], LEFT, buff=0))
            for v, color, x, width in zip(self.row_values(res, row), (th.kernel, th.product),
                                          self.table_xs, self.number_widths):
                grp.add(fit_width(math(v, size, color), width).move_to([x, y, 0]))
            out[row] = grp
        return out

    def formulas(self, res) -> VGroup:
        th, p, small = self.theme, self.params, self.small * 0.85
        out = VGroup(
            math(rf"P_{{conv}} = C_{{out}} C_{{in}} k^2 + C_{{out}} = {p.c_out}\cdot {p.c_in}"
                 rf"\cdot {p.k}^2 + {p.c_out} = {fmt_int(res.conv.params, tex=True)}", small, th.kernel),
            math(rf"P_{{dense}} = n_{{in}} n_{{out}} + n_{{out}} = {fmt_int(res.dense_in, tex=True)}\cdot "
                 rf"{fmt_int(res.dense_out, tex=True)} + {fmt_int(res.dense_out, tex=True)} = "
                 rf"{fmt_int(res.dense.params, tex=True)}", small, th.product)
        ).arrange(DOWN, buff=0.25, aligned_edge=LEFT).move_to([-2.2, -2.1, 0])
        return fit_width(out, 8.6)

    def setting(self, res) -> Text:
        p, (c_out, oh, ow), (_, h, w) = self.params, res.out_shape, res.in_shape
        text = label(self.t("cost_setting", h=h, w=w, c_in=p.c_in, oh=oh, ow=ow, c_out=c_out,
                            k=p.k, p=p.padding), style.FONT_SIZE_LABEL, self.theme.signal)
        return fit_width(text.move_to([0, 2.5, 0]), 13.2)

    def show_setting(self, res) -> None:
        th, p = self.theme, self.params
        self.shown_setting, self.shown_table = self.setting(res), self.table(res)
        self.shown_formulas = self.formulas(res)
        heads = VGroup(label(self.t("cost_conv_head", k=p.k), style.FONT_SIZE_LABEL, th.kernel)
                       .move_to([self.table_xs[0], 1.5, 0]),
                       label(self.t("cost_dense_head"), style.FONT_SIZE_LABEL, th.product)
                       .move_to([self.table_xs[1], 1.5, 0]))
        rule = Line([-6.4, 1.15, 0], [2.8, 1.15, 0], color=th.muted, stroke_width=2)
        self.play(FadeIn(self.shown_setting), run_time=style.RUN)
        self.play(FadeIn(heads), Create(rule), FadeIn(self.shown_table["params"][0]),
                  run_time=style.RUN)
        self.wait(style.PAUSE)

    def show_conv(self, res) -> None:
        p = self.params
        self.play(Write(self.shown_formulas[0]), FadeIn(self.shown_table["params"][1]),
                  run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("cost_conv", params=fmt_int(res.conv.params), k=p.k, c_in=p.c_in, c_out=p.c_out)

    def show_dense(self, res) -> None:
        self.play(Write(self.shown_formulas[1]), FadeIn(self.shown_table["params"][2]),
                  run_time=style.RUN_SLOW * 1.6)  # the longest formula: written while read
        self.wait(style.PAUSE)
        self.beat("cost_dense", params=fmt_int(res.dense.params), n_in=fmt_int(res.dense_in),
                  n_out=fmt_int(res.dense_out))

    def show_row(self, row: str) -> None:
        """A table row appears: its name, then each number grows out of the row above (the
        count it is computed from)."""
        above = self.shown_table[self.rows[self.rows.index(row) - 1]]
        grp = self.shown_table[row]
        self.play(FadeIn(grp[0], shift=RIGHT * 0.3),
                  Indicate(VGroup(above[1], above[2]), color=self.theme.highlight),
                  run_time=style.RUN)
        self.play(*(ReplacementTransform(above[i].copy(), grp[i]) for i in (1, 2)),
                  run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)

    def show_memory(self, res) -> None:
        self.show_row("memory")
        self.beat("cost_memory", conv=_plain_bytes(res.conv.memory_bytes("float32")),
                  dense=_plain_bytes(res.dense.memory_bytes("float32")))

    def show_macs(self, res) -> None:
        self.show_row("macs")
        self.beat("cost_macs", conv=fmt_int(res.conv.multiply_adds),
                  dense=fmt_int(res.dense.multiply_adds))

    def show_flops(self, res) -> None:
        self.show_row("flops")
        self.beat("cost_flops", conv=fmt_int(res.conv.flops), dense=fmt_int(res.dense.flops))

    def bars(self, res) -> VGroup:
        """Log-scale bars of the two parameter counts."""
        th, out = self.theme, VGroup()
        for key, v, color in (("conv", res.conv.params, th.kernel),
                              ("dense", res.dense.params, th.product)):
            base, top = self.axes.c2p(self.bar_x[key], 1.0), self.axes.c2p(self.bar_x[key], float(v))
            out.add(Rectangle(width=0.7, height=max(top[1] - base[1], 0.01), stroke_width=0,
                              fill_color=color, fill_opacity=0.85)
                    .move_to([(base[0] + top[0]) / 2, (base[1] + top[1]) / 2, 0]))
        return out

    def show_bars(self, res) -> None:
        th, top = self.theme, self.data.log_top
        self.axes = Axes(x_range=[0, 2.8, 1], y_range=[0, top, 3], x_length=2.8, y_length=3.4,
                         axis_config={"color": th.muted, "include_ticks": False}, tips=False,
                         y_axis_config={"scaling": LogBase(custom_labels=False),
                                        "include_ticks": True, "tick_size": 0.05}
                         ).move_to([5.0, -0.2, 0])
        ticks = VGroup(*(math(rf"10^{{{e}}}", self.small * 0.85, th.muted)
                         .next_to(self.axes.c2p(0, 10.0 ** e), LEFT, buff=0.12)
                         for e in range(0, top + 1, 3)))
        bar_lab = label(self.t("cost_params"), style.FONT_SIZE_SMALL, th.muted).next_to(
            self.axes, UP, buff=0.15)
        bar_names = VGroup(
            _two_lines(self.t("cost_conv_head", k=self.params.k), th.kernel)
            .next_to(self.axes.c2p(self.bar_x["conv"], 1.0), DOWN, buff=0.15),
            _two_lines(self.t("cost_dense_head"), th.product)
            .next_to(self.axes.c2p(self.bar_x["dense"], 1.0), DOWN, buff=0.15))
        spread_apart(bar_names)
        room = style.FRAME_HALF_WIDTH - style.SAFE_MARGIN - 0.05  # longer names (Korean) move in
        if bar_names.get_right()[0] > room:
            bar_names.shift(LEFT * (bar_names.get_right()[0] - room))
        self.play(Create(self.axes), FadeIn(ticks), FadeIn(bar_lab), FadeIn(bar_names),
                  run_time=style.RUN)
        self.shown_bars = self.bars(res)
        self.play(*(GrowFromEdge(b, DOWN) for b in self.shown_bars), run_time=style.RUN_SLOW)
        self.wait(style.PAUSE)
        self.beat("cost_bars", ratio=fmt_int(round(res.param_ratio)))

    def grow_image(self, res) -> None:
        """The same layer on a larger image: conv parameters stay, dense ones explode."""
        th = self.theme
        setting, tbl, formulas, bars = (self.setting(res), self.table(res), self.formulas(res),
                                        self.bars(res))
        self.play(FadeTransform(self.shown_setting, setting), run_time=style.RUN)
        self.play(*(FadeTransform(self.shown_table[row], tbl[row]) for row in self.rows),
                  FadeTransform(self.shown_formulas, formulas),
                  ReplacementTransform(self.shown_bars, bars), run_time=style.RUN_SLOW)
        self.play(Indicate(tbl["params"][1], color=th.highlight), run_time=style.RUN)
        self.wait(style.READ)
        _, h, w = res.in_shape
        self.beat("cost_bigger", h=h, w=w, conv=fmt_int(res.conv.params),
                  dense=fmt_int(res.dense.params))
        self.shown_setting, self.shown_table, self.shown_formulas, self.shown_bars = (
            setting, tbl, formulas, bars)

    def conclude(self) -> None:
        note = label(self.t("cost_note"), style.FONT_SIZE_LABEL, self.theme.highlight).move_to(
            [0, -3.4, 0])
        fit_width(note, 13.2)
        self.play(FadeIn(note), run_time=style.RUN)
        self.wait(style.READ)
        self.beat("cost_sharing")
